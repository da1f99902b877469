"""Where a door can reach people later: conversation references and how to mention someone.

A worker posting a reminder has no incoming request to answer, so a door records, as
messages arrive, what its platform needs to post proactively (for Teams: the service URL,
the conversation and the bot's own id) and how to mention each person (their platform id
and display name). The records are opaque JSON to the desk; only the door reads them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bot.store import Store

Reference = dict[str, Any]


class Conversations:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def remember(
        self,
        workspace: str,
        conversation: str,
        reference: Reference,
        person: tuple[str, str, str] | None = None,
    ) -> None:
        """Store the conversation's reference and, with ``person`` = (user, platform id,
        display name), how to mention who spoke there: one round trip."""
        redis = self.store.redis
        keys = self.store.keys(workspace)

        async def write() -> None:
            async with redis.pipeline(transaction=False) as pipe:
                pipe.hset(keys.conversations, conversation, json.dumps(reference, sort_keys=True))
                if person is not None:
                    user, platform_id, name = person
                    pipe.hset(keys.people, user, json.dumps([platform_id, name]))
                    pipe.hset(keys.platform_ids, platform_id, user)
                await pipe.execute()

        await self.store.call(write)

    async def reference(self, workspace: str, conversation: str) -> Reference | None:
        key = self.store.keys(workspace).conversations
        found = await self.store.call(lambda: self.store.redis.hget(key, conversation))
        return json.loads(found) if found else None

    async def people(self, workspace: str, users: Iterable[str]) -> dict[str, tuple[str, str]]:
        """user → (platform id, display name) for the users seen so far."""
        wanted = list(dict.fromkeys(users))
        if not wanted:
            return {}
        key = self.store.keys(workspace).people
        found = await self.store.call(lambda: self.store.redis.hmget(key, wanted))
        return {
            user: (str(pair[0]), str(pair[1]))
            for user, raw in zip(wanted, found, strict=True)
            if raw and (pair := json.loads(raw))
        }

    async def users(self, workspace: str, platform_ids: Iterable[str]) -> dict[str, str]:
        """platform id → user, for the people seen so far (a mention names the platform
        id; roles are granted to the user)."""
        wanted = list(dict.fromkeys(platform_ids))
        if not wanted:
            return {}
        key = self.store.keys(workspace).platform_ids
        found = await self.store.call(lambda: self.store.redis.hmget(key, wanted))
        return {ident: str(user) for ident, user in zip(wanted, found, strict=True) if user}
