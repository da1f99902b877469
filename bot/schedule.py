"""Each workspace's schedule: the timers its tickets need, one sorted set per workspace
(member ``<ticket member>|<kind>``, a ``bot.timers.Entry``; score: the due time in epoch
ms).

The desk writes it in the same atomic step as each ticket (``Store.commit``); the export
copies it whole (``bot.backup``). Everything else that reads or writes it goes through
here:

- ``Schedule`` (asyncio): the oldest entry of each workspace (``/readyz``'s dispatch
  lag). A timer the jobs put back at another time (ran early, deferred to the next
  opening, its platform to be retried) goes through a batch's pipeline of commands
  (``jobs.autopipeline``), as an ``Entry``.
- ``DueTimers`` (sync, for the dispatcher inside RQ's worker): the due entries of every
  workspace in one pipelined round trip, and the removal of a job's entries once queued,
  in one step, each unless a re-plan moved it meanwhile (``bot/lua/take_timer.lua``).

Reading every workspace starts at the registry of workspaces (one key), then reads each
workspace's own schedule in one non-transactional pipeline: on a Redis Cluster redis-py
sends each shard its part in parallel, and no command spans two slots.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from bot import scripts
from bot.connections import AsyncClient, SyncClient
from bot.keys import WORKSPACES, Keys
from bot.store import as_text, workspaces
from bot.timers import Entry


class Due(NamedTuple):
    """A schedule entry and its due time (ms), as read."""

    entry: Entry
    due_ms: int


class Schedule:
    def __init__(self, redis: AsyncClient) -> None:
        self.redis = redis

    async def oldest(self) -> dict[str, int]:
        """workspace → the due time of its first entry, for the workspaces with one."""
        registered = await workspaces(self.redis)
        if not registered:
            return {}
        async with self.redis.pipeline(transaction=False) as pipe:
            for ws in registered:
                pipe.zrange(Keys(ws).schedule, 0, 0, withscores=True)
            heads: list[Any] = list(await pipe.execute())
        return {ws: int(head[0][1]) for ws, head in zip(registered, heads, strict=True) if head}


class DueTimers:
    def __init__(self, redis: SyncClient) -> None:
        self.redis = redis
        self._take = redis.register_script(scripts.source(scripts.TAKE_TIMER))

    def workspaces(self) -> list[str]:
        return sorted(as_text(raw) for raw in self.redis.smembers(WORKSPACES))

    def due(self, now_ms: int, limit: int) -> dict[str, list[Due]]:
        """workspace → up to ``limit`` of its entries due by ``now_ms``, oldest first (the
        workspaces with none are left out)."""
        registered = self.workspaces()
        if not registered:
            return {}
        with self.redis.pipeline(transaction=False) as pipe:
            for workspace in registered:
                pipe.zrangebyscore(
                    Keys(workspace).schedule, "-inf", now_ms, start=0, num=limit, withscores=True
                )
            heads: list[Any] = pipe.execute()
        found: dict[str, list[Due]] = {}
        for workspace, rows in zip(registered, heads, strict=True):
            if rows:
                found[workspace] = [Due(Entry.parse(raw), int(score)) for raw, score in rows]
        return found

    def take(self, workspace: str, queued: Sequence[Due]) -> int:
        """Remove the ``queued`` entries in one step, each unless it was moved meanwhile;
        returns how many were removed."""
        args = [value for due in queued for value in (str(due.entry), due.due_ms)]
        return int(self._take(keys=[Keys(workspace).schedule], args=args))
