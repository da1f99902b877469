"""How to use the desk: ``help``, each command's usage (``usage.*``, named by
``bot.commands.Spec.usage_key``) and example, and the language setting."""

from __future__ import annotations

HELP: dict[str, dict[str, str]] = {
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
    "usage.report": {
        "en": "report <from YYYY-MM-DD> <to YYYY-MM-DD>",
        "fr": "report <du AAAA-MM-JJ> <au AAAA-MM-JJ>",
    },
}
