"""Who a Slack user is, as far as the desk cares: their locale (the language they read
until they choose one) and display name, from ``users.info``, cached for a few minutes so a
burst of clicks costs one call per person.
"""

from __future__ import annotations

import logging
import time

from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)
LOCALE_TTL = 300.0  # seconds a users.info answer (locale, name) is trusted
CACHE_LIMIT = 10_000  # people remembered before the cache starts over


class People:
    def __init__(self, client: AsyncWebClient, ttl: float = LOCALE_TTL) -> None:
        self.client = client
        self.ttl = ttl
        self._known: dict[tuple[str, str], tuple[float, str | None, str]] = {}

    async def person(self, team: str, user: str) -> tuple[str | None, str]:
        """(Slack locale, display name) from users.info, cached for ``ttl``; a failed call
        is (None, the user id), remembered as well."""
        now = time.monotonic()
        cached = self._known.get((team, user))
        if cached and cached[0] > now:
            return cached[1], cached[2]
        locale: str | None = None
        name = user
        try:
            found = await self.client.users_info(user=user, include_locale=True)
            info = found.get("user") or {}
            locale = info.get("locale")
            profile = info.get("profile") or {}
            name = profile.get("real_name") or info.get("real_name") or info.get("name") or user
        except SlackClientError as exc:
            log.warning("users.info failed for %s: %s", user, exc)
        if len(self._known) > CACHE_LIMIT:
            self._known.clear()
        self._known[(team, user)] = (now + self.ttl, locale, str(name))
        return locale, str(name)
