"""Which notifier posts for each platform, chosen from the settings.

The composition root (``bot.app``) hands :func:`notifier_factory` to the worker's runtime
(``jobs.runtime``): the timer layer never decides which platforms exist. A job calls the
factory on its own event loop, so each job gets fresh clients.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.notify import Notifier
from bot.settings import Settings
from handlers.console_notifier import ConsoleNotifier
from handlers.slack_notifier import slack_notifier
from handlers.teams_notifier import teams_notifier


def notifiers(settings: Settings) -> dict[str, Notifier]:
    """Slack's when a bot token is set, Teams' when its door is, and the console's."""
    found: dict[str, Notifier] = {}
    if settings.slack.bot_token:
        found["slack"] = slack_notifier(settings.slack)
    if settings.teams.enabled:
        found["teams"] = teams_notifier(settings.teams, settings.redis)
    found["console"] = ConsoleNotifier()
    return found


def notifier_factory(settings: Settings) -> Callable[[], dict[str, Notifier]]:
    return lambda: notifiers(settings)
