"""What managers and directors read: the queue view, the period report, the customer
register, roles, defects and feature requests."""

from __future__ import annotations

MANAGERS: dict[str, dict[str, str]] = {
    "list.empty": {"en": "Nothing to show.", "fr": "Rien à afficher."},
    "queue.empty": {"en": "The queue is empty.", "fr": "La file est vide."},
    "queue.title": {"en": "Queue at {at}", "fr": "File au {at}"},
    "queue.tier": {
        "en": "  {tier}: {new} unclaimed, {claimed} claimed, {waiting} waiting on customer",
        "fr": "  {tier} : {new} non pris, {claimed} pris en charge, {waiting} en attente du client",
    },
    "queue.risk": {
        "en": "  Customers without a response: at risk (due within 30 min) {at_risk} · past "
        "due {breached}",
        "fr": "  Clients sans réponse : à risque (dus d'ici 30 min) {at_risk} · en retard "
        "{breached}",
    },
    "queue.responses": {
        "en": "  First responses today:",
        "fr": "  Premières réponses aujourd'hui :",
    },
    "queue.responses.tier": {
        "en": "    {tier}: {met} in time, {missed} late",
        "fr": "    {tier} : {met} dans les délais, {missed} en retard",
    },
    "queue.responses.same_day": {
        "en": " · same day: {met} kept, {missed} missed",
        "fr": " · même journée : {met} tenues, {missed} manquées",
    },
    "queue.oldest": {
        "en": "  Oldest waiting: {id} since {since}",
        "fr": "  Le plus ancien en attente : {id} depuis {since}",
    },
    "queue.load": {"en": "  Load per agent: {load}", "fr": "  Charge par agent : {load}"},
    "queue.reviews": {
        "en": "  Reviews pending: {reviews} · defects open: {defects} · failed "
        "notifications: {failed}",
        "fr": "  Revues en attente : {reviews} · problèmes ouverts : {defects} · avis en "
        "échec : {failed}",
    },
    "jobs.none_failed": {
        "en": "No notification has failed.",
        "fr": "Aucun avis n'a échoué.",
    },
    "jobs.failed": {
        "en": "{n:notification|notifications} failed (newest first):",
        "fr": "{n} avis ont échoué (les plus récents d'abord) :",
    },
    "report.title": {
        "en": "Support report for the tickets received from {first} to {last} ({zone}), as of {at}",
        "fr": "Rapport de soutien pour les billets reçus du {first} au {last} ({zone}), en "
        "date du {at}",
    },
    "report.none": {
        "en": "No ticket was received in that period.",
        "fr": "Aucun billet n'a été reçu pendant cette période.",
    },
    "report.group": {
        "en": "{name}: {tickets:ticket|tickets} · SLA {attainment} ({met} met, {missed} missed, "
        "{pending} pending) · first response p50 {p50}, p90 {p90}, max {max} business "
        "minutes · {escalations:escalation|escalations} ({automatic} automatic)",
        "fr": "{name} : {tickets:billet|billets} · SLA {attainment} ({met} respectés, {missed} "
        "manqués, {pending} en cours) · première réponse p50 {p50}, p90 {p90}, max {max} "
        "minutes ouvrables · {escalations:escalade|escalades} "
        "({automatic:automatique|automatiques})",
    },
    "report.same_day": {
        "en": "  same business day: {attainment} ({met} met, {missed} missed, {pending} pending)",
        "fr": "  même journée ouvrable : {attainment} ({met} respectés, {missed} manqués, "
        "{pending} en cours)",
    },
    "report.all": {"en": "All tiers", "fr": "Tous niveaux"},
    "report.agents": {
        "en": "Per agent (who gave the first response):",
        "fr": "Par agent (qui a donné la première réponse) :",
    },
    "report.agent": {
        "en": "  {name}: {tickets:ticket|tickets} · SLA {attainment} ({met} met, {missed} "
        "missed) · p50 {p50}, p90 {p90}, max {max} business minutes",
        "fr": "  {name} : {tickets:billet|billets} · SLA {attainment} ({met} respectés, {missed} "
        "manqués) · p50 {p50}, p90 {p90}, max {max} minutes ouvrables",
    },
    "report.nobody": {"en": "(no response yet)", "fr": "(pas encore de réponse)"},
    "report.reviews": {
        "en": "10-day reviews: {reviews} · non-critical {non_critical} · feature request "
        "{feature} · malfunction {defect} · awaiting the director {awaiting}",
        "fr": "Revues de 10 jours : {reviews} · non critique {non_critical} · demande de "
        "fonctionnalité {feature} · malfonction {defect} · en attente du directeur {awaiting}",
    },
    "report.legend": {
        "en": "SLA: first responses to the customer within 2 business hours (P1; P2, P3: their "
        "targets), met / (met + missed); a claim is not a response. SD (same day): P1 "
        "responses by the close of the business day they called. p50, p90, max: business "
        "minutes from the call or e-mail to the first response. Esc.: escalations (auto: at "
        "the 2-hour mark).",
        "fr": "SLA : premières réponses au client en 2 heures ouvrables (P1; P2, P3 : leur "
        "cible), respectés / (respectés + manqués); une prise en charge n'est pas une "
        "réponse. MJ (même journée) : réponses P1 avant la fermeture du jour ouvrable de "
        "l'appel. p50, p90, max : minutes ouvrables de l'appel ou du courriel à la première "
        "réponse. Esc. : escalades (auto : à la marque de 2 heures).",
    },
    "report.col.tickets": {"en": "Tickets", "fr": "Billets"},
    "report.col.met": {"en": "Met", "fr": "Respectés"},
    "report.col.missed": {"en": "Missed", "fr": "Manqués"},
    "report.col.pending": {"en": "Pending", "fr": "En cours"},
    "report.col.attainment": {"en": "SLA", "fr": "SLA"},
    "report.col.same_day_met": {"en": "SD-met", "fr": "MJ-resp."},
    "report.col.same_day_missed": {"en": "SD-missed", "fr": "MJ-manq."},
    "report.col.p50": {"en": "p50", "fr": "p50"},
    "report.col.p90": {"en": "p90", "fr": "p90"},
    "report.col.max": {"en": "max", "fr": "max"},
    "report.col.escalations": {"en": "Esc.", "fr": "Esc."},
    "report.col.automatic": {"en": "auto", "fr": "auto"},
    "report.col.reviews": {"en": "Reviews", "fr": "Revues"},
    "report.col.non_critical": {"en": "Non-crit.", "fr": "Non crit."},
    "report.col.feature": {"en": "Feature", "fr": "Fonction."},
    "report.col.defect": {"en": "Defect", "fr": "Malfonct."},
    "customer.line": {
        "en": "{name} ({id}): {tier}, {entitlement}, {lang_name}, {after_hours}",
        "fr": "{name} ({id}) : {tier}, {entitlement}, {lang_name}, {after_hours}",
    },
    "customer.after_hours": {
        "en": "after-hours agreement (24×7)",
        "fr": "entente hors heures (24 h/7 j)",
    },
    "customer.standard": {"en": "business hours", "fr": "heures d'ouverture"},
    "customer.maintenance_until": {
        "en": ", maintenance until {until}",
        "fr": ", maintenance jusqu'au {until}",
    },
    "customer.unknown": {"en": "unknown customer", "fr": "client inconnu"},
    "customer.unknown_match": {
        "en": "{n} open tickets from unknown senders name {name}: {ids}. Attach each with "
        "“ticket attach <T-id> {name}”.",
        "fr": "{n} billets ouverts d'expéditeurs inconnus nomment {name} : {ids}. Rattachez-"
        "les avec « ticket attach <T-no> {name} ».",
    },
    "customer.linked": {
        "en": "Requests from {ref} are now {name}'s.",
        "fr": "Les demandes venant de {ref} sont maintenant celles de {name}.",
    },
    "customer.link_moved": {
        "en": "(It was linked to {before}.)",
        "fr": "(Il était lié à {before}.)",
    },
    "customer.unlinked": {
        "en": "{ref} is no longer linked to {name}.",
        "fr": "{ref} n'est plus lié à {name}.",
    },
    "customer.links": {"en": "  Linked: {refs}", "fr": "  Liés : {refs}"},
    "defect.none": {"en": "No {state} defect.", "fr": "Aucun problème {state}."},
    "defect.state.open": {"en": "open", "fr": "ouvert"},
    "defect.state.fixed": {"en": "fixed", "fr": "corrigé"},
    "defect.line.open": {
        "en": "{id} · {product} · open since {at} · {tickets} — {summary}",
        "fr": "{id} · {product} · ouvert depuis {at} · {tickets} — {summary}",
    },
    "defect.line.fixed": {
        "en": "{id} · {product} · fixed in {version} on {at} · {tickets} — {summary}",
        "fr": "{id} · {product} · corrigé dans {version} le {at} · {tickets} — {summary}",
    },
    "defect.opened_by": {
        "en": "  Opened by {who} from {ticket}. Tickets:",
        "fr": "  Ouvert par {who} à partir de {ticket}. Billets :",
    },
    "defect.fixed": {
        "en": "{id} is fixed in version {version}; it leaves the open defects.",
        "fr": "{id} est corrigé dans la version {version}; il quitte les problèmes ouverts.",
    },
    "defect.followup": {
        "en": "  {id} is resolved by the fix; {who} will be asked for the satisfaction "
        "follow-up on {at}.",
        "fr": "  {id} est résolu par le correctif; on demandera à {who} le suivi de "
        "satisfaction le {at}.",
    },
    "feature.none": {"en": "No feature request yet.", "fr": "Aucune demande de fonctionnalité."},
    "feature.no_product": {"en": "(no product named)", "fr": "(aucun produit nommé)"},
    "feature.line": {
        "en": "  {id} · version {version} · {customer} · {at} — {summary}",
        "fr": "  {id} · version {version} · {customer} · {at} — {summary}",
    },
    "customer.retiered": {
        "en": "{n:open ticket|open tickets} moved to {tier} with new deadlines.",
        "fr": "{n:billet ouvert passé|billets ouverts passés} en {tier} avec de nouvelles "
        "échéances.",
    },
    "customer.imported": {
        "en": "{n:customer|customers} imported; {moved:open ticket|open tickets} re-tiered.",
        "fr": "{n} clients importés; {moved} billets ouverts ont changé de priorité.",
    },
    "entitlement.contract": {"en": "support contract", "fr": "contrat de support"},
    "entitlement.maintenance": {"en": "annual maintenance", "fr": "maintenance annuelle"},
    "entitlement.none": {"en": "no maintenance", "fr": "sans maintenance"},
    "role.now": {"en": "{user} now has: {roles}.", "fr": "{user} a maintenant : {roles}."},
    "role.agent": {"en": "agent", "fr": "agent"},
    "role.senior": {"en": "senior", "fr": "senior"},
    "role.manager": {"en": "manager", "fr": "gestionnaire"},
    "role.director": {"en": "director", "fr": "directeur"},
}
