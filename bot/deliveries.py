"""What the timers keep about notices going out, so that each is posted once and none is
lost, across workers, retries and killed work-horses:

- a notice's *sent-record* (``Keys.sent("<member>:<kind>:<due>")``): ``sending
  <attempt>`` while an attempt holds its lease (it expires, so a dead attempt's lease
  goes), ``done`` once delivered (kept 90 days); see ``bot.timers.SentState``;
- the platform's refusals of it (``…:attempts``, a counter kept a day), and the list of
  notices given up on, which managers see (``Keys.failed``, the last 200).

The timers decide; this module only reads and writes, one Redis command per step (a
batch's leases, a digest's marks: one script call each). Each channel's posting turn,
line and hold are ``bot.turns``'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot import scripts
from bot.connections import AsyncClient, SyncClient
from bot.keys import Keys
from bot.store import as_text
from bot.timers import SentState

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
        self._lease_each = redis.register_script(scripts.source(scripts.LEASE_EACH))
        self._set_each = redis.register_script(scripts.source(scripts.SET_EACH))

    # -- sent-records ------------------------------------------------------------------
    async def lease(self, sent: Sent, attempt: str, seconds: int) -> bool:
        """Take the record for ``attempt`` unless someone holds it or it is done."""
        return bool(await self.redis.set(sent.key, SentState.lease(attempt), nx=True, ex=seconds))

    async def lease_each(self, records: Sequence[Sent], attempt: str, seconds: int) -> list[str]:
        """``lease`` for many records in one call (a batch's timers that reach it together):
        for each, "" if ``attempt`` took it, else its state as ``state`` reads it."""
        if not records:
            return []
        keys = [sent.key for sent in records]
        found = await self._lease_each(keys=keys, args=[SentState.lease(attempt), seconds])
        return [as_text(state) for state in found]

    async def state(self, sent: Sent) -> str:
        """``done``, ``sending <attempt>``, or "" (none: free)."""
        found = await self.redis.get(sent.key)
        return as_text(found) if found else ""

    async def take_over(self, sent: Sent, attempt: str, seconds: int) -> None:
        """Hold the record for ``attempt`` (a dead attempt of the same job held it)."""
        await self.redis.set(sent.key, SentState.lease(attempt), ex=seconds)

    async def release(self, sent: Sent) -> None:
        """Not delivered: the next attempt may send it."""
        await self.redis.delete(sent.key)

    async def done(self, sent: Sent) -> None:
        await self.redis.set(sent.key, SentState.DONE, ex=SENT_TTL_S)

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

    async def done_all(self, delivered: Iterable[Sent]) -> None:
        """The ``delivered`` notices (a digest's) are done, in one call."""
        keys = [sent.key for sent in delivered]
        if keys:
            await self._set_each(keys=keys, args=[SentState.DONE, SENT_TTL_S])


def given_up_sync(redis: SyncClient, workspace: str, lines: Iterable[str]) -> None:
    """``Deliveries.given_up`` for RQ's failure callback, which is not asynchronous."""
    key = Keys(workspace).failed
    for line in lines:
        redis.lpush(key, line)
    redis.ltrim(key, 0, FAILED_KEPT - 1)
