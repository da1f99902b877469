"""What the timers keep about notices going out, so that each is posted once and none is
lost, across workers, retries and killed work-horses:

- a notice's *sent-record* (``Keys.sent("<member>:<kind>:<due>")``): ``sending
  <attempt>`` while an attempt holds its lease (it expires, so a dead attempt's lease
  goes), ``done`` once delivered (kept 90 days); see ``bot.timers.Delivery``;
- the platform's refusals of it (``…:attempts``, a counter kept a day), and the list of
  notices given up on, which managers see (``Keys.failed``, the last 200);
- each channel's posting turn (``bot.keys.channel_pace``: one post per ``pace`` across
  every worker) and hold (``bot.keys.channel_hold``: until when the platform asked the
  channel to wait, on the desk's clock).

The timers decide; this module only reads and writes, one Redis command per step (a
batch's look at its channels and its marks after a post are one round trip each).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.connections import AsyncClient, SyncClient
from bot.keys import Keys, channel_hold, channel_pace
from bot.store import as_text
from bot.timers import Delivery

SENT_TTL_S = 90 * 86_400  # how long a notice's sent-record says "done"
ATTEMPTS_TTL_S = 86_400  # how long the platform's refusals of a notice are counted
FAILED_KEPT = 200  # notices given up on, newest first


@dataclass(frozen=True, slots=True)
class Sent:
    """A notice's sent-record: ``<member>:<kind>:<due>`` in its workspace."""

    workspace: str
    record: str

    @property
    def key(self) -> str:
        return Keys(self.workspace).sent(self.record)

    @property
    def attempts(self) -> str:
        return Keys(self.workspace).sent(f"{self.record}:attempts")


class Deliveries:
    def __init__(self, redis: AsyncClient) -> None:
        self.redis = redis

    # -- sent-records ------------------------------------------------------------------
    async def lease(self, sent: Sent, attempt: str, seconds: int) -> bool:
        """Take the record for ``attempt`` unless someone holds it or it is done."""
        return bool(await self.redis.set(sent.key, Delivery.lease(attempt), nx=True, ex=seconds))

    async def state(self, sent: Sent) -> str:
        """``done``, ``sending <attempt>``, or "" (none: free)."""
        found = await self.redis.get(sent.key)
        return as_text(found) if found else ""

    async def take_over(self, sent: Sent, attempt: str, seconds: int) -> None:
        """Hold the record for ``attempt`` (a dead attempt of the same job held it)."""
        await self.redis.set(sent.key, Delivery.lease(attempt), ex=seconds)

    async def release(self, sent: Sent) -> None:
        """Not delivered: the next attempt may send it."""
        await self.redis.delete(sent.key)

    async def done(self, sent: Sent) -> None:
        await self.redis.set(sent.key, Delivery.DONE, ex=SENT_TTL_S)

    # -- the platform's refusals -------------------------------------------------------
    async def refused(self, sent: Sent) -> int:
        """Count one more refusal of the notice; returns how many so far (today)."""
        count = int(await self.redis.incr(sent.attempts))
        await self.redis.expire(sent.attempts, ATTEMPTS_TTL_S)
        return count

    async def forget_refusals(self, sent: Sent) -> None:
        await self.redis.delete(sent.attempts)

    async def given_up(self, workspace: str, line: str) -> None:
        """List the notice for managers (the newest ``FAILED_KEPT``)."""
        key = Keys(workspace).failed
        await self.redis.lpush(key, line)
        await self.redis.ltrim(key, 0, FAILED_KEPT - 1)

    async def failures(self, workspace: str, count: int) -> list[str]:
        """The newest ``count`` notices given up on."""
        rows = await self.redis.lrange(Keys(workspace).failed, 0, count - 1)
        return [as_text(row) for row in rows]

    # -- channels ------------------------------------------------------------------------
    async def held_until(self, workspace: str, channel: str) -> int:
        """Until when (epoch ms, desk's clock) the platform asked ``channel`` to wait."""
        return int(await self.redis.get(channel_hold(workspace, channel)) or 0)

    async def hold(self, workspace: str, channel: str, until_ms: int, keep_ms: int) -> None:
        await self.redis.set(channel_hold(workspace, channel), until_ms, px=keep_ms)

    async def take_turn(self, workspace: str, channel: str, pace_ms: int) -> int:
        """Take ``channel``'s posting turn for ``pace_ms``: 0 when taken, else how many ms
        the current one has left (at least 1)."""
        key = channel_pace(workspace, channel)
        if await self.redis.set(key, "1", nx=True, px=pace_ms):
            return 0
        return max(int(await self.redis.pttl(key)), 1)

    async def turns_left(self, workspace: str, channels: Iterable[str]) -> dict[str, int]:
        """channel → ms left of its current turn, for those with one: one round trip."""
        wanted = list(channels)
        if not wanted:
            return {}
        async with self.redis.pipeline(transaction=False) as pipe:
            for channel in wanted:
                pipe.pttl(channel_pace(workspace, channel))
            left = list(await pipe.execute())
        return {c: int(ms_) for c, ms_ in zip(wanted, left, strict=True) if int(ms_) > 0}

    async def posted(
        self, workspace: str, channel: str, pace_ms: int, delivered: Iterable[Sent]
    ) -> None:
        """A message is out in ``channel``: its next turn is ``pace_ms`` from now (0: no
        pace) and the ``delivered`` notices are done, in one round trip."""
        async with self.redis.pipeline(transaction=False) as pipe:
            if pace_ms > 0:
                pipe.set(channel_pace(workspace, channel), "1", px=pace_ms)
            for sent in delivered:
                pipe.set(sent.key, Delivery.DONE, ex=SENT_TTL_S)
            await pipe.execute()


def given_up_sync(redis: SyncClient, workspace: str, lines: Iterable[str]) -> None:
    """``Deliveries.given_up`` for RQ's failure callback, which is not asynchronous."""
    key = Keys(workspace).failed
    for line in lines:
        redis.lpush(key, line)
    redis.ltrim(key, 0, FAILED_KEPT - 1)
