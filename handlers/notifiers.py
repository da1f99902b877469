"""Which notifier posts for each platform, chosen from the environment."""

from __future__ import annotations

import os

from bot.notify import Notifier
from bot.settings import flag


def notifiers_from_environment() -> dict[str, Notifier]:
    found: dict[str, Notifier] = {}
    if os.environ.get("SLACK_BOT_TOKEN"):
        from handlers.slack_notifier import slack_notifier_from_environment

        found["slack"] = slack_notifier_from_environment()
    if os.environ.get("TEAMS_CLIENT_ID") or flag(os.environ, "TEAMS_ALLOW_ANONYMOUS"):
        from handlers.teams_notifier import teams_notifier_from_environment

        found["teams"] = teams_notifier_from_environment()
    from handlers.console import ConsoleNotifier

    found["console"] = ConsoleNotifier()
    return found
