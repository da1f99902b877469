"""Sentences only the Teams door says (its app package, welcome and cards); its
modules add them to the catalog (``bot.i18n.extend``) as they load."""

from __future__ import annotations

TEAMS: dict[str, dict[str, str]] = {
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
