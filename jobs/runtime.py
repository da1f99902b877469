r"""What a job needs in its process: Redis, the policy, the clock and the notifiers.

RQ calls a job's function by name with ids only, so the function finds the rest here:
whoever starts a worker :func:`install`\ s a runtime first. ``supportbot worker`` and
``supportbot up`` get theirs from the composition root (``bot.app``), which chooses the
notifiers from the settings; the console, the tests and the benchmarks install their own
(a moved clock, a recording notifier). It is installed before RQ forks a work-horse, so
every job of the worker inherits it. The timer layer never chooses a notifier itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.clock import Clock, SystemClock
from bot.connections import AsyncClient, RedisSettings
from bot.desk import Desk
from bot.notify import Notifier
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Store

NotifierFactory = Callable[[], dict[str, Notifier]]


@dataclass
class Runtime:
    redis_url: str | RedisSettings  # a URL: one plain Redis for the desk and RQ
    policy: Policy = field(default_factory=Policy)
    clock: Clock = field(default_factory=SystemClock)
    notifiers: NotifierFactory = field(default_factory=lambda: dict)
    # seconds between two posts in one channel (jobs.outbox); a deployment's workers take
    # SUPPORTBOT_CHANNEL_PACE (1 s, bot.settings), a runtime built in code none unless told
    channel_pace: float = 0.0

    @property
    def redis(self) -> RedisSettings:
        return RedisSettings.of(self.redis_url)

    def desk(self, client: AsyncClient) -> Desk:
        return Desk(Store(client, Sla(self.policy)), self.clock)

    def client(self) -> Any:
        """A fresh asyncio client of the desk's data (a job runs on its own event loop); a
        batch's timers wait their turn for one of its connections."""
        return self.redis.desk(wait=True, max_connections=JOB_CONNECTIONS)

    def sync_client(self) -> Any:
        """A synchronous client of the desk's data (RQ's callbacks run outside a loop)."""
        return self.redis.desk_sync(decode_responses=True)


JOB_CONNECTIONS = 32  # Redis connections of one job, however many timers its batch holds
_current: Runtime | None = None


def install(runtime: Runtime) -> None:
    global _current
    _current = runtime


def current() -> Runtime:
    """The installed runtime; a worker started without one is a programming error."""
    if _current is None:
        raise RuntimeError("no runtime installed: start workers through bot.app (or install one)")
    return _current
