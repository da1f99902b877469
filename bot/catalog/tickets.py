"""What agents read about tickets: answers to ticket commands, card fields and flags,
history lines, notes, reminders and escalation notices, business-time words."""

from __future__ import annotations

TICKETS: dict[str, dict[str, str]] = {
    "calendar.open": {"en": "open {opens}–{closes}", "fr": "ouvert {opens}–{closes}"},
    "calendar.weekend": {"en": "closed (weekend)", "fr": "fermé (fin de semaine)"},
    "calendar.holiday": {"en": "closed: {name}", "fr": "fermé : {name}"},
    "calendar.closure": {
        "en": "closed: closure date set by the policy",
        "fr": "fermé : fermeture prévue par la politique",
    },
    "version.current": {
        "en": "{product} {version} is the current version.",
        "fr": "{product} {version} est la version courante.",
    },
    "version.supported": {
        "en": "{product} {version} is supported until {until} inclusive (version {successor} "
        "was released on {withdrawn}).",
        "fr": "{product} {version} est supportée jusqu'au {until} inclusivement (la version "
        "{successor} est sortie le {withdrawn}).",
    },
    "version.discontinued": {
        "en": "{product} {version} has been discontinued since {since}: fixes are at "
        "Techtra's discretion; consider upgrading to the current version, {current}, or "
        "contacting Techtra's professional services.",
        "fr": "{product} {version} est discontinuée depuis le {since} : les correctifs sont "
        "à la discrétion de Techtra; envisagez la mise à niveau vers la version courante, "
        "{current}, ou contactez les services professionnels de Techtra.",
    },
    "version.upcoming": {
        "en": "{product} {version} is not released yet (planned for {released}).",
        "fr": "{product} {version} n'est pas encore sortie (prévue le {released}).",
    },
    "time.left": {"en": "{amount} business time left", "fr": "{amount} ouvrables restantes"},
    "time.overdue": {"en": "overdue by {amount}", "fr": "en retard de {amount}"},
    "field.tier": {"en": "Tier", "fr": "Priorité"},
    "field.customer": {"en": "Customer", "fr": "Client"},
    "field.channel": {"en": "Channel", "fr": "Canal"},
    "field.language": {"en": "Language", "fr": "Langue"},
    "field.state": {"en": "State", "fr": "État"},
    "field.owner": {"en": "Owner", "fr": "Responsable"},
    "field.nobody": {"en": "nobody yet", "fr": "personne encore"},
    "field.version": {"en": "Product", "fr": "Produit"},
    "field.deadline": {"en": "Response due", "fr": "Réponse due"},
    "field.response": {"en": "First response", "fr": "Première réponse"},
    "field.response.value": {"en": "{at}, {who} ({via})", "fr": "{at}, {who} ({via})"},
    "field.flags": {"en": "Flags", "fr": "Indicateurs"},
    "field.escalation": {"en": "Escalation", "fr": "Escalade"},
    "field.resolution": {"en": "Resolution", "fr": "Résolution"},
    "channel.phone": {"en": "phone", "fr": "téléphone"},
    "channel.email": {"en": "e-mail", "fr": "courriel"},
    "channel.chat": {"en": "chat", "fr": "clavardage"},
    "state.new": {"en": "unclaimed", "fr": "non pris en charge"},
    "state.claimed": {"en": "claimed", "fr": "pris en charge"},
    "state.resolved": {"en": "resolved", "fr": "résolu"},
    "state.closed": {"en": "closed", "fr": "fermé"},
    "status.current": {"en": "current", "fr": "courante"},
    "status.supported": {
        "en": "supported, previous version",
        "fr": "supportée, version précédente",
    },
    "status.discontinued": {"en": "discontinued", "fr": "discontinuée"},
    "status.upcoming": {"en": "not released yet", "fr": "pas encore sortie"},
    "status.unknown": {"en": "not in the catalog", "fr": "absente du catalogue"},
    "flag.escalated": {"en": "escalated", "fr": "escaladé"},
    "flag.same_day_missed": {"en": "same-day missed", "fr": "même jour manqué"},
    "flag.waiting": {"en": "waiting on customer", "fr": "en attente du client"},
    "flag.unknown_customer": {"en": "customer unknown", "fr": "client inconnu"},
    "flag.phone_outside_entitlement": {
        "en": "phone support not in entitlement",
        "fr": "soutien téléphonique non inclus",
    },
    "flag.version_discontinued": {"en": "version discontinued", "fr": "version discontinuée"},
    "flag.under_review": {"en": "before the director", "fr": "devant le directeur"},
    "flag.version_unknown": {
        "en": "version not in the catalog",
        "fr": "version absente du catalogue",
    },
    "flag.needs_maintenance": {
        "en": "new version: needs annual maintenance",
        "fr": "nouvelle version : maintenance annuelle requise",
    },
    "ticket.headline": {
        "en": "{id} · {tier} · {customer} — {summary}",
        "fr": "{id} · {tier} · {customer} — {summary}",
    },
    "ticket.created": {
        "en": "Ticket {id} created for {customer} ({tier}); response due {deadline}.",
        "fr": "Billet {id} créé pour {customer} ({tier}); réponse due {deadline}.",
    },
    "ticket.already_yours": {
        "en": "{id} is already yours.",
        "fr": "{id} est déjà à vous.",
    },
    "ticket.claimed": {
        "en": "You claimed {id} ({customer}).",
        "fr": "Vous avez pris {id} ({customer}).",
    },
    "ticket.released": {
        "en": "{id} is back in the queue.",
        "fr": "{id} est de retour dans la file.",
    },
    "ticket.reassigned": {
        "en": "{id} now belongs to {owner}.",
        "fr": "{id} appartient maintenant à {owner}.",
    },
    "ticket.waiting": {
        "en": "{id} is waiting on the customer.",
        "fr": "{id} est en attente du client.",
    },
    "ticket.resumed": {
        "en": "{id} is being worked on again.",
        "fr": "{id} est de nouveau en traitement.",
    },
    "ticket.responded": {
        "en": "Response to {customer} recorded on {id} ({via}): {result}",
        "fr": "Réponse à {customer} consignée sur {id} ({via}) : {result}",
    },
    "ticket.responded_again": {
        "en": "Another response to {customer} recorded on {id} ({via}).",
        "fr": "Une autre réponse à {customer} consignée sur {id} ({via}).",
    },
    "response.met": {"en": "in time.", "fr": "dans les délais."},
    "response.missed": {
        "en": "after the response window.",
        "fr": "après la fenêtre de réponse.",
    },
    "response.missed_same_day_met": {
        "en": "after the 2-hour window, but within the same business day.",
        "fr": "après la fenêtre de 2 heures, mais dans la même journée ouvrable.",
    },
    "response.met_same_day_missed": {
        "en": "within the 2-hour window (the business day it came in had closed).",
        "fr": "dans la fenêtre de 2 heures (la journée ouvrable de l'appel était terminée).",
    },
    "response.missed_both": {
        "en": "after the 2-hour window and after the same business day.",
        "fr": "après la fenêtre de 2 heures et après la même journée ouvrable.",
    },
    "via.phone": {"en": "phone", "fr": "téléphone"},
    "via.email": {"en": "e-mail", "fr": "courriel"},
    "via.chat": {"en": "chat", "fr": "clavardage"},
    "via.resolution": {"en": "resolution", "fr": "résolution"},
    "via.claim": {"en": "claim (before v0.2)", "fr": "prise en charge (avant v0.2)"},
    "ticket.escalated": {
        "en": "{id} is escalated; senior staff are being paged.",
        "fr": "{id} est escaladé; les ressources senior sont appelées.",
    },
    "ticket.resolved": {"en": "{id} is resolved.", "fr": "{id} est résolu."},
    "ticket.closed": {"en": "{id} is closed.", "fr": "{id} est fermé."},
    "ticket.reopened": {"en": "{id} is open again.", "fr": "{id} est rouvert."},
    "ticket.outcome.non-critical": {
        "en": "{id} is closed as non-critical for the customer; a satisfaction follow-up is "
        "planned.",
        "fr": "{id} est fermé comme non critique pour le client; un suivi de satisfaction est "
        "prévu.",
    },
    "ticket.outcome.feature": {
        "en": "{id} is closed as a feature request for a future version; a satisfaction "
        "follow-up is planned.",
        "fr": "{id} est fermé comme demande de fonctionnalité pour une version future; un "
        "suivi de satisfaction est prévu.",
    },
    "ticket.outcome.defect": {
        "en": "{id} is a malfunction: escalated for correction (senior staff are paged) and "
        "recorded in the defect register as {defect}; the satisfaction follow-up comes once "
        "the fix ships (“defect fixed {defect} <version>”).",
        "fr": "{id} est une malfonction : escaladé pour correction (les ressources senior sont "
        "appelées) et inscrit au registre des problèmes sous {defect}; le suivi de "
        "satisfaction viendra une fois le correctif livré (« defect fixed {defect} "
        "<version> »).",
    },
    "ticket.attached": {
        "en": "{id} is now {customer}'s ({tier}); response due {deadline}, counted from when "
        "the customer called or wrote.",
        "fr": "{id} est maintenant au client {customer} ({tier}); réponse due {deadline}, "
        "comptée depuis l'appel ou le courriel du client.",
    },
    "note.attached_answered": {
        "en": "Note: the customer already had a response; its deadlines and figures stay as "
        "they were measured.",
        "fr": "Note : le client avait déjà eu une réponse; ses échéances et ses mesures restent "
        "telles qu'elles ont été prises.",
    },
    "outcome.non-critical": {
        "en": "closed as non-critical for the customer",
        "fr": "fermé comme non critique pour le client",
    },
    "outcome.feature": {
        "en": "closed as a feature request for a future version",
        "fr": "fermé comme demande de fonctionnalité pour une version future",
    },
    "outcome.defect": {
        "en": "malfunction: escalated for correction",
        "fr": "malfonction : escaladé pour correction",
    },
    "reason.defect": {
        "en": "malfunction recorded as {defect} by the director's review",
        "fr": "malfonction inscrite sous {defect} à la revue du directeur",
    },
    "resolution.fixed": {
        "en": "fixed in version {version} ({defect})",
        "fr": "corrigé dans la version {version} ({defect})",
    },
    "followup.satisfied": {"en": "satisfied", "fr": "satisfait"},
    "followup.unsatisfied": {"en": "not satisfied", "fr": "insatisfait"},
    "detail.noted": {"en": "{what}: {note}", "fr": "{what} : {note}"},
    "detail.attached": {"en": "{customer} ({tier})", "fr": "{customer} ({tier})"},
    "detail.fixed": {
        "en": "{defect} fixed in version {version}",
        "fr": "{defect} corrigé dans la version {version}",
    },
    "ticket.followup": {
        "en": "The follow-up of {id} is recorded.",
        "fr": "Le suivi de {id} est consigné.",
    },
    "ticket.history": {"en": "History:", "fr": "Historique :"},
    "event.created": {"en": "created", "fr": "créé"},
    "event.claimed": {"en": "claimed", "fr": "pris en charge"},
    "event.backdated": {
        "en": "received earlier (the call or e-mail's time)",
        "fr": "reçu plus tôt (heure de l'appel ou du courriel)",
    },
    "event.responded": {"en": "responded to the customer", "fr": "a répondu au client"},
    "event.same_day_missed": {
        "en": "same-day guarantee missed",
        "fr": "garantie de la même journée manquée",
    },
    "event.released": {"en": "released", "fr": "libéré"},
    "event.reassigned": {"en": "reassigned", "fr": "réassigné"},
    "event.waiting": {"en": "waiting on customer", "fr": "en attente du client"},
    "event.resumed": {"en": "resumed", "fr": "repris"},
    "event.escalated": {"en": "escalated", "fr": "escaladé"},
    "event.resolved": {"en": "resolved", "fr": "résolu"},
    "event.closed": {"en": "closed", "fr": "fermé"},
    "event.reopened": {"en": "reopened", "fr": "rouvert"},
    "event.outcome": {"en": "director's outcome", "fr": "décision du directeur"},
    "event.followup": {"en": "follow-up recorded", "fr": "suivi consigné"},
    "event.retiered": {"en": "re-tiered", "fr": "priorité changée"},
    "event.attached": {"en": "attached to a customer", "fr": "rattaché à un client"},
    "event.fixed": {"en": "fix shipped", "fr": "correctif livré"},
    "event.paged": {"en": "senior staff paged", "fr": "ressources senior appelées"},
    "event.review": {"en": "put before the director", "fr": "soumis au directeur"},
    "event.breach": {"en": "response deadline passed", "fr": "échéance de réponse dépassée"},
    "note.backdated": {
        "en": "Received {received} (logged {logged}): the response clock runs from the call.",
        "fr": "Reçu {received} (consigné {logged}) : l'échéance court depuis l'appel.",
    },
    "note.priority": {
        "en": "Note: {tier} ticket {id} ({customer}) has waited unclaimed since {since}; "
        "{tier} comes before {claimed_tier}.",
        "fr": "Note : le billet {tier} {id} ({customer}) attend sans preneur depuis {since}; "
        "le {tier} passe avant le {claimed_tier}.",
    },
    "note.phone_outside_entitlement": {
        "en": "Note: phone support is not part of this {tier} customer's entitlement; the "
        "ticket is logged all the same.",
        "fr": "Note : le soutien téléphonique ne fait pas partie de l'entente de ce client "
        "{tier}; le billet est tout de même consigné.",
    },
    "note.unknown_customer": {
        "en": "Note: customer unknown, logged as P3 and flagged for a manager to attach.",
        "fr": "Note : client inconnu, consigné en P3 et signalé pour qu'un gestionnaire le "
        "rattache.",
    },
    "note.version_discontinued": {
        "en": "Note: {product} {version} is outside its 6 months of support: fixes are at "
        "Techtra's discretion. For help or a specific fix, the customer can contact "
        "Techtra's professional services ({phone}, {website}).",
        "fr": "Note : {product} {version} est hors de ses 6 mois de support : les correctifs "
        "sont à la discrétion de Techtra. Pour de l'aide ou un correctif précis, le client "
        "peut contacter les services professionnels de Techtra ({phone}, {website}).",
    },
    "note.version_unknown": {
        "en": "Note: {product} {version} is not in the product catalog; check the version "
        "with the customer.",
        "fr": "Note : {product} {version} n'est pas au catalogue des produits; vérifiez la "
        "version avec le client.",
    },
    "note.maintenance": {
        "en": "Note: {product} {version} is newer than this {tier} customer's maintenance "
        "covers: new versions and their support require the annual maintenance program.",
        "fr": "Note : {product} {version} est plus récente que ce que couvre la maintenance de "
        "ce client {tier} : les nouvelles versions et leur support exigent le programme de "
        "maintenance annuelle.",
    },
    "version.added": {
        "en": "{product} {version} released on {released}.",
        "fr": "{product} {version} sortie le {released}.",
    },
    "notice.reminder": {
        "en": "⏰ {customer} has had no response on {id} ({tier}) yet: response due "
        "{response_due}, {left}.",
        "fr": "⏰ {customer} n'a pas encore eu de réponse sur {id} ({tier}) : réponse due "
        "{response_due}, {left}.",
    },
    "notice.same_day_alert": {
        "en": "⚠️ {id} ({tier}, {customer}) still has no response; the same-day guarantee "
        "ends {same_day}.",
        "fr": "⚠️ {id} ({tier}, {customer}) n'a toujours pas de réponse; la garantie de la "
        "même journée se termine {same_day}.",
    },
    "notice.target": {
        "en": "⏰ {id} ({tier}, {customer}) passed its response target ({response_due}) "
        "with no response to the customer.",
        "fr": "⏰ {id} ({tier}, {customer}) a dépassé sa cible de réponse ({response_due}) "
        "sans réponse au client.",
    },
    "notice.page": {
        "en": "🚨 {id} ({tier}, {customer}) is escalated to senior staff: {reason}",
        "fr": "🚨 {id} ({tier}, {customer}) est escaladé aux ressources senior : {reason}",
    },
    "notice.director": {
        "en": "📋 {id} ({customer}) is still unresolved after 10 business days: “{summary}”. "
        "Please contact the customer and choose: close as non-critical, close as a "
        "feature request, or malfunction (escalate and add to the defect register).",
        "fr": "📋 {id} ({customer}) n'est toujours pas résolu après 10 jours ouvrables : "
        "« {summary} ». Veuillez communiquer avec le client et choisir : fermer comme non "
        "critique, fermer comme demande de fonctionnalité, ou malfonction (escalader et "
        "inscrire au registre des problèmes).",
    },
    "notice.followup": {
        "en": "🤝 Time for the satisfaction follow-up of {id} with {customer}; record the "
        "answer with the buttons or “ticket followup {id} satisfied|unsatisfied”.",
        "fr": "🤝 C'est le moment du suivi de satisfaction de {id} avec {customer}; "
        "consignez la réponse avec les boutons ou « ticket followup {id} "
        "satisfait|insatisfait ».",
    },
    "notice.digest": {
        "en": "{n:ticket needs|tickets need} a response now:",
        "fr": "{n:billet demande|billets demandent} une réponse maintenant :",
    },
    "notice.digest_more": {
        "en": "…and {n:other|others}: `queue` lists every one.",
        "fr": "…et {n:autre|autres} : `queue` les liste tous.",
    },
    "notice.history": {"en": "{who}: {what} — {detail}", "fr": "{who} : {what} — {detail}"},
    "action.claim": {"en": "Claim", "fr": "Prendre"},
    "action.respond": {"en": "Responded", "fr": "Répondu"},
    "action.release": {"en": "Release", "fr": "Libérer"},
    "action.escalate": {"en": "Escalate", "fr": "Escalader"},
    "action.wait": {"en": "Waiting on customer", "fr": "En attente du client"},
    "action.resume": {"en": "Resume", "fr": "Reprendre"},
    "action.resolve": {"en": "Resolve", "fr": "Résoudre"},
    "action.non-critical": {"en": "Non-critical", "fr": "Non critique"},
    "action.feature": {"en": "Feature request", "fr": "Demande de fonctionnalité"},
    "action.defect": {"en": "Malfunction", "fr": "Malfonction"},
    "action.satisfied": {"en": "Satisfied", "fr": "Satisfait"},
    "action.unsatisfied": {"en": "Not satisfied", "fr": "Insatisfait"},
}
