"""Marks of what a door already served, because platforms deliver again: Slack retries an
event or an action it thinks went unanswered, and a captured request could be replayed.

Each mark is a key set once (SET NX) with an expiry: the first delivery sets it and is
served, every later one finds it and is dropped.
"""

from __future__ import annotations

from bot.connections import AsyncClient
from bot.keys import Keys, slack_signature


class Redelivery:
    def __init__(self, redis: AsyncClient) -> None:
        self.redis = redis

    async def _first(self, key: str, seconds: int) -> bool:
        return bool(await self.redis.set(key, "1", nx=True, ex=seconds))

    async def first_slack_delivery(self, workspace: str, kind: str, key: str, seconds: int) -> bool:
        """True the first time Slack delivers ``kind:key`` (an event id, an action's) in
        ``workspace``."""
        return await self._first(Keys(workspace).slack_seen(kind, key), seconds)

    async def first_slack_request(self, signature: str, seconds: int) -> bool:
        """True the first time a request signed ``signature`` is served."""
        return await self._first(slack_signature(signature), seconds)
