"""The message catalog: key → {"en": …, "fr": …}. Keep both languages side by side."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # -- errors ---------------------------------------------------------------------------
    "error.internal": {
        "en": "Something went wrong on our side; nothing was changed. Please try again.",
        "fr": "Un problème est survenu de notre côté; rien n'a été modifié. Veuillez réessayer.",
    },
    "error.policy": {
        "en": "The policy file is wrong: {message}.",
        "fr": "Le fichier de politique est erroné : {message}.",
    },
    "error.config": {
        "en": "The configuration is wrong: {message}.",
        "fr": "La configuration est erronée : {message}.",
    },
    "error.unknown_tier": {
        "en": "Unknown tier “{tier}”: use P1, P2 or P3.",
        "fr": "Niveau « {tier} » inconnu : utilisez P1, P2 ou P3.",
    },
    "error.naive_time": {
        "en": "The time “{value}” has no UTC offset; write it like 2026-11-26T16:30:00-05:00.",
        "fr": "L'heure « {value} » n'a pas de décalage UTC; écrivez-la comme "
        "2026-11-26T16:30:00-05:00.",
    },
    "error.bad_time": {
        "en": "“{value}” is not a date and time; write it like 2026-11-26T16:30:00-05:00.",
        "fr": "« {value} » n'est pas une date et heure; écrivez-la comme "
        "2026-11-26T16:30:00-05:00.",
    },
    "error.bad_date": {
        "en": "“{value}” is not a date; write it like 2026-06-20.",
        "fr": "« {value} » n'est pas une date; écrivez-la comme 2026-06-20.",
    },
    "error.unknown_version": {
        "en": "{product} version {version} is not in the product catalog.",
        "fr": "La version {version} de {product} n'est pas dans le catalogue des produits.",
    },
    "error.catalog": {
        "en": "The product catalog {path} cannot be read: {problem}.",
        "fr": "Le catalogue des produits {path} ne peut pas être lu : {problem}.",
    },
    "error.usage_line": {"en": "Usage: {usage}", "fr": "Utilisation : {usage}"},
    "help.usage": {"en": "Usage: {usage}", "fr": "Utilisation : {usage}"},
    "help.example": {"en": "Example: {example}", "fr": "Exemple : {example}"},
    "example.ticket.new": {
        "en": "ticket new Acme channel=phone received=09:40 product=Acomba version=11.0 "
        "the nightly export fails",
        "fr": "ticket new Acme channel=phone received=09:40 product=Acomba version=11.0 "
        "l'export de nuit échoue",
    },
    "example.ticket.respond": {
        "en": "ticket respond T-1001 phone called back, collecting the logs",
        "fr": "ticket respond T-1001 phone rappelé, je recueille les journaux",
    },
    "example.ticket.claim": {"en": "ticket claim T-1001", "fr": "ticket claim T-1001"},
    "example.ticket.escalate": {
        "en": "ticket escalate T-1001 the database is corrupted",
        "fr": "ticket escalate T-1001 la base de données est corrompue",
    },
    "example.ticket.resolve": {
        "en": "ticket resolve T-1001 replaced the printer driver",
        "fr": "ticket resolve T-1001 pilote d'imprimante remplacé",
    },
    "example.ticket.reassign": {
        "en": "ticket reassign T-1001 @ana",
        "fr": "ticket reassign T-1001 @ana",
    },
    "example.ticket.outcome": {
        "en": "ticket outcome T-1001 defect crashes on save",
        "fr": "ticket outcome T-1001 defect plante à l'enregistrement",
    },
    "example.customer.add": {
        "en": "customer add Acme Inc entitlement=contract lang=fr",
        "fr": "customer add Acme Inc entitlement=contract lang=fr",
    },
    "example.version.add": {
        "en": "version add Acomba 11.0 2025-09-01",
        "fr": "version add Acomba 11.0 2025-09-01",
    },
    "example.role.add": {"en": "role add @sam senior", "fr": "role add @sam senior"},
    "example.report": {"en": "report 2026-11-02 2026-11-06", "fr": "report 2026-11-02 2026-11-06"},
    "error.usage": {
        "en": "I did not understand that. Usage: {usage}",
        "fr": "Je n'ai pas compris. Utilisation : {usage}",
    },
    "error.unavailable": {
        "en": "The desk is temporarily unavailable; nothing was recorded. Please try again "
        "in a moment.",
        "fr": "Le service est temporairement indisponible; rien n'a été enregistré. "
        "Veuillez réessayer dans un instant.",
    },
    "error.bad_moment": {
        "en": "“{value}” is not a time; write 09:40 (today), 2026-12-01 09:40 (Eastern time) "
        "or 2026-12-01T09:40:00-05:00.",
        "fr": "« {value} » n'est pas une heure; écrivez 09:40 (aujourd'hui), 2026-12-01 09:40 "
        "(heure de l'Est) ou 2026-12-01T09:40:00-05:00.",
    },
    "error.received_future": {
        "en": "The request cannot have been received in the future ({when}); give the time "
        "the customer called or wrote.",
        "fr": "La demande ne peut pas avoir été reçue dans le futur ({when}); donnez l'heure "
        "de l'appel ou du courriel du client.",
    },
    "error.received_too_old": {
        "en": "That is more than {limit} of business time ago, the most a request can be "
        "back-dated; a manager can change the limit in the policy (received.max_age).",
        "fr": "C'est il y a plus de {limit} d'heures ouvrables, le plus loin qu'une demande "
        "puisse être antidatée; un gestionnaire peut changer la limite dans la politique "
        "(received.max_age).",
    },
    "error.teams_client_id": {
        "en": "“{value}” is not a Teams client id (a GUID such as "
        "00000000-0000-0000-0000-000000000000).",
        "fr": "« {value} » n'est pas un identifiant client Teams (un GUID comme "
        "00000000-0000-0000-0000-000000000000).",
    },
    # -- calendar -------------------------------------------------------------------------
    "calendar.open": {"en": "open {opens}–{closes}", "fr": "ouvert {opens}–{closes}"},
    "calendar.weekend": {"en": "closed (weekend)", "fr": "fermé (fin de semaine)"},
    "calendar.holiday": {"en": "closed: {name}", "fr": "fermé : {name}"},
    "calendar.closure": {
        "en": "closed: closure date set by the policy",
        "fr": "fermé : fermeture prévue par la politique",
    },
    # -- versions -------------------------------------------------------------------------
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
    "error.bad_ticket_id": {
        "en": "“{value}” is not a ticket number; write it like T-1042.",
        "fr": "« {value} » n'est pas un numéro de billet; écrivez-le comme T-1042.",
    },
    "error.too_long": {
        "en": "That message is too long (more than {limit} characters).",
        "fr": "Ce message est trop long (plus de {limit} caractères).",
    },
    "error.unknown_command": {
        "en": "I don't know the command “{word}”.",
        "fr": "Je ne connais pas la commande « {word} ».",
    },
    "error.unknown_verb": {
        "en": "I don't know “{word}” here.",
        "fr": "Je ne connais pas « {word} » ici.",
    },
    "error.unknown_ticket": {
        "en": "There is no ticket {id}.",
        "fr": "Il n'y a pas de billet {id}.",
    },
    "error.unknown_customer": {
        "en": "There is no customer “{name}”.",
        "fr": "Il n'y a pas de client « {name} ».",
    },
    "error.unknown_person": {
        "en": "{user} has no role on this desk.",
        "fr": "{user} n'a aucun rôle dans ce service.",
    },
    "error.unknown_product": {
        "en": "There is no product “{product}” in the catalog.",
        "fr": "Il n'y a pas de produit « {product} » dans le catalogue.",
    },
    "error.bad_option": {
        "en": "“{value}” is not a valid {option}.",
        "fr": "« {value} » n'est pas une valeur valide pour {option}.",
    },
    "error.bad_defect_id": {
        "en": "“{value}” is not a defect number; write it like D-3.",
        "fr": "« {value} » n'est pas un numéro de problème; écrivez-le comme D-3.",
    },
    "error.unknown_defect": {
        "en": "There is no {id} in the defect register.",
        "fr": "Il n'y a pas de {id} au registre des problèmes.",
    },
    "error.not_linked": {
        "en": "{ref} is not linked to {name}.",
        "fr": "{ref} n'est pas lié à {name}.",
    },
    "error.csv_row": {
        "en": "Row {row} of the CSV is not valid; nothing was imported.",
        "fr": "La ligne {row} du CSV n'est pas valide; rien n'a été importé.",
    },
    # -- refusals -------------------------------------------------------------------------
    "forbidden.no_role": {
        "en": "Sorry, you have no role on this support desk yet; ask a manager to add you. "
        "Nothing was changed.",
        "fr": "Désolé, vous n'avez pas encore de rôle dans ce service de soutien; demandez à "
        "un gestionnaire de vous ajouter. Rien n'a été modifié.",
    },
    "forbidden.role": {
        "en": "Sorry, only these roles may do that: {roles}. Nothing was changed.",
        "fr": "Désolé, seuls ces rôles peuvent faire cela : {roles}. Rien n'a été modifié.",
    },
    "forbidden.not_owner": {
        "en": "{id} belongs to {owner}; only they or a manager can release it.",
        "fr": "{id} appartient à {owner}; seul cette personne ou un gestionnaire peut le libérer.",
    },
    "forbidden.escalation_entitlement": {
        "en": "{id} is {tier}: only customers with a support contract (P1) have access to "
        "senior staff. A manager can escalate it with “override”.",
        "fr": "{id} est {tier} : seuls les clients avec un contrat de support (P1) ont accès "
        "aux ressources senior. Un gestionnaire peut l'escalader avec « override ».",
    },
    "conflict.new": {
        "en": "{id} has not been claimed yet.",
        "fr": "{id} n'a pas encore été pris en charge.",
    },
    "conflict.claimed": {
        "en": "{id} is open and claimed by {owner}.",
        "fr": "{id} est ouvert et pris en charge par {owner}.",
    },
    "conflict.resolved": {
        "en": "{id} is already resolved.",
        "fr": "{id} est déjà résolu.",
    },
    "conflict.closed": {
        "en": "{id} is closed.",
        "fr": "{id} est fermé.",
    },
    "conflict.already_claimed": {
        "en": "{id} is already claimed by {owner}.",
        "fr": "{id} est déjà pris en charge par {owner}.",
    },
    "conflict.already_waiting": {
        "en": "{id} is already waiting on the customer.",
        "fr": "{id} est déjà en attente du client.",
    },
    "conflict.not_waiting": {
        "en": "{id} is not waiting on the customer.",
        "fr": "{id} n'est pas en attente du client.",
    },
    "conflict.wait_unanswered": {
        "en": "{id} has had no response yet: answer the customer first (“ticket respond "
        "{id} …”), then wait on them.",
        "fr": "{id} n'a pas encore eu de réponse : répondez d'abord au client (« ticket "
        "respond {id} … »), puis mettez-le en attente.",
    },
    "conflict.answered": {
        "en": "{id} already has a response.",
        "fr": "{id} a déjà une réponse.",
    },
    "conflict.already_escalated": {
        "en": "{id} is already escalated.",
        "fr": "{id} est déjà escaladé.",
    },
    "conflict.already_decided": {
        "en": "{id} already has the director's outcome: {outcome}.",
        "fr": "{id} a déjà la décision du directeur : {outcome}.",
    },
    "conflict.not_under_review": {
        "en": "{id} is not before the director yet: an outcome answers the 10-business-day review.",
        "fr": "{id} n'est pas encore devant le directeur : une décision répond à "
        "l'examen des 10 jours ouvrables.",
    },
    "conflict.no_followup": {
        "en": "{id} has no satisfaction follow-up to record yet.",
        "fr": "{id} n'a pas encore de suivi de satisfaction à consigner.",
    },
    "conflict.followup_done": {
        "en": "The follow-up of {id} is already recorded.",
        "fr": "Le suivi de {id} est déjà consigné.",
    },
    "conflict.already_fixed": {
        "en": "{id} already has its fix (version {version}).",
        "fr": "{id} a déjà son correctif (version {version}).",
    },
    "conflict.defect_fixed": {
        "en": "{id} is already fixed, in version {version}.",
        "fr": "{id} est déjà corrigé, dans la version {version}.",
    },
    "conflict.followup_waits_fix": {
        "en": "The follow-up of {id} comes once the fix of {defect} has shipped (“defect "
        "fixed {defect} <version>”).",
        "fr": "Le suivi de {id} viendra une fois le correctif de {defect} livré (« defect "
        "fixed {defect} <version> »).",
    },
    "conflict.version_exists": {
        "en": "{product} {version} is already in the catalog, released on {released}; its "
        "date stays (it sets when the version before it stops being supported). Add “force” "
        "to change it.",
        "fr": "{product} {version} est déjà au catalogue, sortie le {released}; sa date reste "
        "(elle fixe la fin du support de la version précédente). Ajoutez « force » pour la "
        "changer.",
    },
    "conflict.busy": {
        "en": "{id} is changing too often right now; please try again.",
        "fr": "{id} change trop souvent en ce moment; veuillez réessayer.",
    },
    "conflict.customer_exists": {
        "en": "The customer “{name}” already exists; use “customer update”.",
        "fr": "Le client « {name} » existe déjà; utilisez « customer update ».",
    },
    # -- usage ----------------------------------------------------------------------------
    "usage.help": {
        "en": "type “help” for the list of commands.",
        "fr": "tapez « help » pour la liste des commandes.",
    },
    "usage.ticket": {
        "en": "ticket new|claim|next|release|reassign|respond|wait|resume|escalate|resolve|"
        "close|reopen|show|list|outcome|followup|attach …",
        "fr": "ticket new|claim|next|release|reassign|respond|wait|resume|escalate|resolve|"
        "close|reopen|show|list|outcome|followup|attach …",
    },
    "usage.ticket.new": {
        "en": "ticket new <customer> [channel=phone|email|chat] [received=09:40] "
        "[product=P version=V] [lang=en|fr] <summary>",
        "fr": "ticket new <client> [channel=phone|email|chat] [received=09:40] "
        "[product=P version=V] [lang=en|fr] <résumé>",
    },
    "usage.ticket.respond": {
        "en": "ticket respond <T-id> [phone|email|chat] <note>",
        "fr": "ticket respond <T-no> [phone|email|chat] <note>",
    },
    "usage.ticket.claim": {"en": "ticket claim <T-id>", "fr": "ticket claim <T-no>"},
    "usage.ticket.next": {"en": "ticket next", "fr": "ticket next"},
    "usage.ticket.release": {"en": "ticket release <T-id>", "fr": "ticket release <T-no>"},
    "usage.ticket.reassign": {
        "en": "ticket reassign <T-id> <person>",
        "fr": "ticket reassign <T-no> <personne>",
    },
    "usage.ticket.wait": {"en": "ticket wait <T-id>", "fr": "ticket wait <T-no>"},
    "usage.ticket.resume": {"en": "ticket resume <T-id>", "fr": "ticket resume <T-no>"},
    "usage.ticket.escalate": {
        "en": "ticket escalate <T-id> [override] <reason>",
        "fr": "ticket escalate <T-no> [override] <raison>",
    },
    "usage.ticket.resolve": {
        "en": "ticket resolve <T-id> <what was done> (start with “documentation” when the "
        "documentation answers it)",
        "fr": "ticket resolve <T-no> <ce qui a été fait> (commencez par « documentation » "
        "quand la documentation y répond)",
    },
    "usage.ticket.close": {"en": "ticket close <T-id>", "fr": "ticket close <T-no>"},
    "usage.ticket.reopen": {
        "en": "ticket reopen <T-id> [reason]",
        "fr": "ticket reopen <T-no> [raison]",
    },
    "usage.ticket.show": {"en": "ticket show <T-id>", "fr": "ticket show <T-no>"},
    "usage.ticket.list": {
        "en": "ticket list [mine|unclaimed|all]",
        "fr": "ticket list [mine|unclaimed|all]",
    },
    "usage.ticket.outcome": {
        "en": "ticket outcome <T-id> non-critical|feature|defect [D-n: an open defect it "
        "joins] [note]",
        "fr": "ticket outcome <T-no> non-critical|feature|defect [D-n : un problème ouvert "
        "qu'il rejoint] [note]",
    },
    "usage.ticket.attach": {
        "en": "ticket attach <T-id> <customer>",
        "fr": "ticket attach <T-no> <client>",
    },
    "usage.ticket.followup": {
        "en": "ticket followup <T-id> satisfied|unsatisfied [comment]",
        "fr": "ticket followup <T-no> satisfait|insatisfait [commentaire]",
    },
    "usage.queue": {"en": "queue", "fr": "queue"},
    "usage.jobs": {"en": "jobs", "fr": "jobs"},
    "usage.lang": {"en": "lang en|fr", "fr": "lang en|fr"},
    "usage.customer": {
        "en": "customer add|update|show|list|import|link|unlink …",
        "fr": "customer add|update|show|list|import|link|unlink …",
    },
    "usage.customer.add": {
        "en": "customer add <name> [entitlement=contract|maintenance|none] [lang=en|fr] "
        "[after_hours=yes|no] [maintenance_until=YYYY-MM-DD]",
        "fr": "customer add <nom> [entitlement=contract|maintenance|none] [lang=en|fr] "
        "[after_hours=yes|no] [maintenance_until=AAAA-MM-JJ]",
    },
    "usage.customer.update": {
        "en": "customer update <name> [entitlement=…] [lang=…] [after_hours=…] "
        "[maintenance_until=…]",
        "fr": "customer update <nom> [entitlement=…] [lang=…] [after_hours=…] "
        "[maintenance_until=…]",
    },
    "usage.customer.link": {
        "en": "customer link <name> <channel or person> (their requests are the customer's)",
        "fr": "customer link <nom> <canal ou personne> (leurs demandes sont celles du client)",
    },
    "usage.customer.unlink": {
        "en": "customer unlink <name> <channel or person>",
        "fr": "customer unlink <nom> <canal ou personne>",
    },
    "usage.customer.show": {"en": "customer show <name>", "fr": "customer show <nom>"},
    "usage.customer.list": {"en": "customer list", "fr": "customer list"},
    "usage.customer.import": {
        "en": "customer import followed by CSV lines: "
        "name,entitlement,lang,after_hours[,maintenance_until]",
        "fr": "customer import suivi de lignes CSV : "
        "nom,entitlement,lang,after_hours[,maintenance_until]",
    },
    "usage.version": {
        "en": "version add|release|list|status …",
        "fr": "version add|release|list|status …",
    },
    "usage.version.add": {
        "en": "version add <product> <version> <YYYY-MM-DD> [force]",
        "fr": "version add <produit> <version> <AAAA-MM-JJ> [force]",
    },
    "usage.version.release": {
        "en": "version release <product> <version> [force]",
        "fr": "version release <produit> <version> [force]",
    },
    "usage.defect": {
        "en": "defect list|show|fixed …",
        "fr": "defect list|show|fixed …",
    },
    "usage.defect.list": {"en": "defect list [open|fixed]", "fr": "defect list [open|fixed]"},
    "usage.defect.show": {"en": "defect show <D-n>", "fr": "defect show <D-n>"},
    "usage.defect.fixed": {
        "en": "defect fixed <D-n> <version the fix shipped in>",
        "fr": "defect fixed <D-n> <version qui livre le correctif>",
    },
    "usage.feature": {"en": "feature list [product]", "fr": "feature list [produit]"},
    "usage.feature.list": {"en": "feature list [product]", "fr": "feature list [produit]"},
    "usage.version.list": {"en": "version list <product>", "fr": "version list <produit>"},
    "usage.version.status": {
        "en": "version status <product> <version>",
        "fr": "version status <produit> <version>",
    },
    "usage.role": {"en": "role add|remove|list …", "fr": "role add|remove|list …"},
    "usage.role.add": {
        "en": "role add <person> agent|senior|manager|director",
        "fr": "role add <personne> agent|senior|manager|director",
    },
    "usage.role.remove": {
        "en": "role remove <person> agent|senior|manager|director",
        "fr": "role remove <personne> agent|senior|manager|director",
    },
    "usage.role.list": {"en": "role list", "fr": "role list"},
    "help": {
        "en": "Support desk commands:\n"
        "  ticket new <customer> [channel=phone|email|chat] [received=09:40] "
        "[product=P version=V] <summary>\n"
        "  ticket respond <T-id> [phone|email|chat] <note> (a response to the customer)\n"
        "  ticket claim|release|wait|resume|close|show <T-id> · ticket next\n"
        "  ticket escalate <T-id> <reason> · ticket resolve <T-id> <note>\n"
        "  ticket reassign <T-id> <person> · ticket reopen <T-id>\n"
        "  ticket outcome <T-id> non-critical|feature|defect · ticket followup <T-id> …\n"
        "  ticket list [mine|unclaimed|all] · queue · jobs · report <from> <to> · lang en|fr\n"
        "  ticket attach <T-id> <customer> (an unknown sender's ticket)\n"
        "  customer add|update|show|list|import · customer link|unlink <name> "
        "<channel-or-person>\n"
        "  version add|release|list|status · defect list|show|fixed · feature list\n"
        "  role add|remove|list\n"
        "Support line {phone}, toll-free {toll_free}, {email}, {website}.",
        "fr": "Commandes du service de soutien :\n"
        "  ticket new <client> [channel=phone|email|chat] [received=09:40] "
        "[product=P version=V] <résumé>\n"
        "  ticket respond <T-no> [phone|email|chat] <note> (une réponse au client)\n"
        "  ticket claim|release|wait|resume|close|show <T-no> · ticket next\n"
        "  ticket escalate <T-no> <raison> · ticket resolve <T-no> <note>\n"
        "  ticket reassign <T-no> <personne> · ticket reopen <T-no>\n"
        "  ticket outcome <T-no> non-critical|feature|defect · ticket followup <T-no> …\n"
        "  ticket list [mine|unclaimed|all] · queue · jobs · report <du> <au> · lang en|fr\n"
        "  ticket attach <T-no> <client> (le billet d'un expéditeur inconnu)\n"
        "  customer add|update|show|list|import · customer link|unlink <nom> "
        "<canal-ou-personne>\n"
        "  version add|release|list|status · defect list|show|fixed · feature list\n"
        "  role add|remove|list\n"
        "Ligne de soutien {phone}, sans frais {toll_free}, {email}, {website}.",
    },
    "lang.set": {
        "en": "I will answer you in English.",
        "fr": "Je vous répondrai en français.",
    },
    "lang.en": {"en": "English", "fr": "anglais"},
    "lang.fr": {"en": "French", "fr": "français"},
    # -- ticket facts ---------------------------------------------------------------------
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
    # -- lists and the manager's view -----------------------------------------------------
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
    # -- operations: probes, export/import, report -----------------------------------------
    "ops.redis_down": {
        "en": "Redis does not answer ({error}).",
        "fr": "Redis ne répond pas ({error}).",
    },
    "ops.no_workers": {
        "en": "No RQ worker is listening on the {queue} queue: timers and reminders are not "
        "running.",
        "fr": "Aucun travailleur RQ n'écoute la file {queue} : les minuteries et les rappels "
        "ne s'exécutent pas.",
    },
    "ops.dispatcher_late": {
        "en": "Timers are not being dispatched: the oldest one in workspace {workspace} is "
        "{seconds} s overdue.",
        "fr": "Les minuteries ne sont pas distribuées : la plus ancienne de l'espace "
        "{workspace} est en retard de {seconds} s.",
    },
    "admin.redis_down": {
        "en": "Redis at {url} does not answer ({error}); nothing was done.",
        "fr": "Redis à {url} ne répond pas ({error}); rien n'a été fait.",
    },
    "admin.unreadable": {
        "en": "{file} cannot be read: {problem}.",
        "fr": "{file} ne peut pas être lu : {problem}.",
    },
    "admin.unwritable": {
        "en": "{file} cannot be written: {problem}.",
        "fr": "{file} ne peut pas être écrit : {problem}.",
    },
    "backup.bad_file": {
        "en": "That file is not a supportbot export ({problem}); nothing was imported.",
        "fr": "Ce fichier n'est pas une exportation de supportbot ({problem}); rien n'a été "
        "importé.",
    },
    "backup.not_empty": {
        "en": "Redis at {url} already holds supportbot data; import only restores into an "
        "empty database, so nothing was written.",
        "fr": "Redis à {url} contient déjà des données de supportbot; l'importation ne "
        "restaure que dans une base vide, donc rien n'a été écrit.",
    },
    "backup.exported": {
        "en": "Exported {tickets} tickets ({events} history lines), {customers} customers and "
        "{people} people from {workspaces} workspaces to {file} in {seconds} s.",
        "fr": "{tickets} billets ({events} lignes d'historique), {customers} clients et "
        "{people} personnes de {workspaces} espaces exportés dans {file} en {seconds} s.",
    },
    "backup.imported": {
        "en": "Imported {tickets} tickets ({events} history lines), {customers} customers and "
        "{people} people into {workspaces} workspaces in {seconds} s; their timers are "
        "planned again from the tickets.",
        "fr": "{tickets} billets ({events} lignes d'historique), {customers} clients et "
        "{people} personnes importés dans {workspaces} espaces en {seconds} s; leurs "
        "minuteries sont replanifiées à partir des billets.",
    },
    "backup.policy_differs": {
        "en": "Note: the export was made under another policy than this one; the deadlines "
        "already computed are kept, and new timers follow this deployment's policy.",
        "fr": "Note : l'exportation a été faite sous une autre politique que celle-ci; les "
        "échéances déjà calculées sont conservées et les nouvelles minuteries suivent la "
        "politique de ce déploiement.",
    },
    "usage.report": {
        "en": "report <from YYYY-MM-DD> <to YYYY-MM-DD>",
        "fr": "report <du AAAA-MM-JJ> <au AAAA-MM-JJ>",
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
    # -- customers, versions, roles -------------------------------------------------------
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
    "version.added": {
        "en": "{product} {version} released on {released}.",
        "fr": "{product} {version} sortie le {released}.",
    },
    "role.now": {"en": "{user} now has: {roles}.", "fr": "{user} a maintenant : {roles}."},
    "role.agent": {"en": "agent", "fr": "agent"},
    "role.senior": {"en": "senior", "fr": "senior"},
    "role.manager": {"en": "manager", "fr": "gestionnaire"},
    "role.director": {"en": "director", "fr": "directeur"},
    # -- timers ---------------------------------------------------------------------------
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
    "dialog.via": {"en": "How you reached the customer", "fr": "Comment vous avez joint le client"},
    "dialog.note": {"en": "Note", "fr": "Note"},
    "dialog.reason": {"en": "Reason", "fr": "Raison"},
    "dialog.send": {"en": "Send", "fr": "Envoyer"},
    "dialog.cancel": {"en": "Cancel", "fr": "Annuler"},
    "shell.welcome": {
        "en": "supportbot console. You are max (manager); switch with “as ana”. People: "
        "{people}. Type “help” for commands, “clock +2h”, “clock open” or “clock "
        "2026-12-01 10:00” to move time, “quit” to leave.",
        "fr": "Console supportbot. Vous êtes max (gestionnaire); changez avec « as ana ». "
        "Personnes : {people}. Tapez « help » pour les commandes, « clock +2h », « clock "
        "open » ou « clock 2026-12-01 10:00 » pour avancer l'heure, « quit » pour sortir.",
    },
    "shell.clock": {
        "en": "(clock is {now})",
        "fr": "(il est {now})",
    },
    "shell.clock.moved": {
        "en": "(clock is now {now})",
        "fr": "(il est maintenant {now})",
    },
    "shell.clock.closed": {
        "en": "Support is closed now ({now}); it opens {opens}. Type “clock open” to go "
        "there: deadlines, reminders and escalations run on business hours.",
        "fr": "Le soutien est fermé en ce moment ({now}); il ouvre {opens}. Tapez « clock "
        "open » pour y aller : échéances, rappels et escalades suivent les heures "
        "d'ouverture.",
    },
    "shell.clock.open": {
        "en": "Support is open now ({now}) until {closes}.",
        "fr": "Le soutien est ouvert en ce moment ({now}) jusqu'à {closes}.",
    },
    "shell.clock.backwards": {
        "en": "The console's clock only moves forward: it is {now}, later than {wanted}.",
        "fr": "L'horloge de la console ne fait qu'avancer : il est {now}, plus tard que {wanted}.",
    },
    "shell.clock.start_kept": {
        "en": "(the desk's clock is already {now}, later than the start asked, {wanted}; "
        "it never runs backwards)",
        "fr": "(l'horloge du bureau est déjà à {now}, plus tard que le départ demandé, "
        "{wanted}; elle ne recule jamais)",
    },
    "shell.clock.usage": {
        "en": "Move the console's clock: “clock +2h”, “clock +1h30m”, “clock open” (the "
        "next opening), “clock 10:00” or “clock 2026-12-01 10:00” (Eastern time).",
        "fr": "Avancer l'horloge de la console : « clock +2h », « clock +1h30m », « clock "
        "open » (la prochaine ouverture), « clock 10:00 » ou « clock 2026-12-01 10:00 » "
        "(heure de l'Est).",
    },
    # -- Slack door ----------------------------------------------------------------------
    "form.title": {"en": "New ticket", "fr": "Nouveau billet"},
    "form.submit": {"en": "Create", "fr": "Créer"},
    "form.cancel": {"en": "Cancel", "fr": "Annuler"},
    "form.customer": {"en": "Customer", "fr": "Client"},
    "form.customer_search": {
        "en": "Type a few letters of the name",
        "fr": "Tapez quelques lettres du nom",
    },
    "form.customer_other": {
        "en": "Or a customer not in the list",
        "fr": "Ou un client absent de la liste",
    },
    "form.customer_missing": {
        "en": "Pick a customer or type a name.",
        "fr": "Choisissez un client ou tapez un nom.",
    },
    "form.channel": {"en": "Received by", "fr": "Reçu par"},
    "form.product": {"en": "Product", "fr": "Produit"},
    "form.version": {"en": "Version", "fr": "Version"},
    "form.version_missing": {
        "en": "Give the version of the product.",
        "fr": "Indiquez la version du produit.",
    },
    "form.language": {"en": "Customer's language", "fr": "Langue du client"},
    "form.summary": {"en": "Summary", "fr": "Résumé"},
    "form.received": {
        "en": "Received at (when they called or wrote; empty: now)",
        "fr": "Reçu à (quand le client a appelé ou écrit; vide : maintenant)",
    },
    "slack.home.title": {"en": "Support desk", "fr": "Service de soutien"},
    "slack.home.mine": {"en": "My tickets", "fr": "Mes billets"},
    "slack.home.head": {"en": "Head of the queue", "fr": "Tête de la file"},
    "slack.home.at_risk": {
        "en": "At risk (due within 30 min)",
        "fr": "À risque (dus d'ici 30 min)",
    },
    "slack.home.queue": {"en": "The queue", "fr": "La file"},
    "slack.home.none": {"en": "Nothing here.", "fr": "Rien ici."},
    # -- Teams door ----------------------------------------------------------------------
    "teams.new_ticket": {
        "en": "Open the form to log a ticket (or type “ticket new <customer> <summary>”).",
        "fr": "Ouvrez le formulaire pour consigner un billet (ou tapez « ticket new <client> "
        "<résumé> »).",
    },
    "teams.welcome": {
        "en": "Hello! I am the support desk. Write to me here (mention me in a channel).",
        "fr": "Bonjour! Je suis le service de soutien. Écrivez-moi ici (mentionnez-moi dans "
        "un canal).",
    },
    "teams.queue.title": {"en": "The queue", "fr": "La file"},
    "teams.app.name": {
        "en": "supportbot: Techtra support desk",
        "fr": "supportbot : service de soutien Techtra",
    },
    "teams.app.short": {
        "en": "Support tickets with deadlines, reminders and escalation.",
        "fr": "Billets de soutien avec échéances, rappels et escalade.",
    },
    "teams.app.full": {
        "en": "Create, claim, escalate and resolve support tickets in Teams. The queue is "
        "ordered by tier, then deadline; reminders come before a P1 response window "
        "closes, seniors are paged on a breach, and the director reviews tickets open for "
        "10 business days. Every message exists in English and French.",
        "fr": "Créez, prenez en charge, escaladez et résolvez des billets de soutien dans "
        "Teams. La file est ordonnée par niveau, puis par échéance; des rappels précèdent "
        "la fin du délai de réponse P1, les seniors sont appelés en cas de dépassement et "
        "la direction examine les billets ouverts depuis 10 jours ouvrables. Chaque "
        "message existe en français et en anglais.",
    },
    "teams.app.command.ticket new": {
        "en": "Open a ticket: ticket new <customer> <summary>",
        "fr": "Ouvrir un billet : ticket new <client> <résumé>",
    },
    "teams.app.command.ticket claim": {
        "en": "Take a ticket: ticket claim T-1001",
        "fr": "Prendre un billet : ticket claim T-1001",
    },
    "teams.app.command.queue": {
        "en": "The queue at a glance (managers)",
        "fr": "La file d'un coup d'œil (gestionnaires)",
    },
    "teams.app.command.report": {
        "en": "SLA report: report 2026-11-01 2026-11-30 (managers)",
        "fr": "Rapport SLA : report 2026-11-01 2026-11-30 (gestionnaires)",
    },
    "teams.app.command.help": {"en": "Every command", "fr": "Toutes les commandes"},
    "teams.app.command.lang": {
        "en": "Answer me in English or French: lang en|fr",
        "fr": "Me répondre en français ou en anglais : lang fr|en",
    },
}
