"""Sentences only the Slack door says (App Home, its buttons and messages); its
modules add them to the catalog (``bot.i18n.extend``) as they load."""

from __future__ import annotations

SLACK: dict[str, dict[str, str]] = {
    "slack.home.title": {"en": "Support desk", "fr": "Service de soutien"},
    "slack.home.mine": {"en": "My tickets", "fr": "Mes billets"},
    "slack.home.head": {"en": "Head of the queue", "fr": "Tête de la file"},
    "slack.home.at_risk": {
        "en": "At risk (due within 30 min)",
        "fr": "À risque (dus d'ici 30 min)",
    },
    "slack.home.queue": {"en": "The queue", "fr": "La file"},
    "slack.home.none": {"en": "Nothing here.", "fr": "Rien ici."},
}
