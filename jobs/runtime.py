"""What a job needs in its process: Redis, the policy, the clock and the notifiers.

A worker process builds one from its environment (``supportbot worker``); tests and the
console install their own (a moved clock, a recording notifier). Jobs receive only ids.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

import redis.asyncio as aioredis

from bot.clock import Clock, SystemClock
from bot.desk import Desk
from bot.notify import Notifier
from bot.policy import Policy, load_policy
from bot.sla import Sla
from bot.store import Store

NotifierFactory = Callable[[], dict[str, Notifier]]


@dataclass
class Runtime:
    redis_url: str
    policy: Policy = field(default_factory=Policy)
    clock: Clock = field(default_factory=SystemClock)
    notifiers: NotifierFactory = field(default_factory=lambda: dict)
    channel_pace: float = 1.0  # seconds between two posts in one channel (jobs.outbox)

    def desk(self, client: aioredis.Redis) -> Desk:
        return Desk(Store(client, Sla(self.policy)), self.clock)

    def client(self) -> aioredis.Redis:
        return aioredis.from_url(self.redis_url, decode_responses=True)


_current: Runtime | None = None


def install(runtime: Runtime) -> None:
    global _current
    _current = runtime


def current() -> Runtime:
    """The installed runtime, or one built from the environment on first use."""
    global _current
    if _current is None:
        _current = from_environment()
    return _current


def from_environment() -> Runtime:
    from handlers.notifiers import notifiers_from_environment

    return Runtime(
        redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        policy=load_policy(),
        notifiers=notifiers_from_environment,
        channel_pace=float(os.environ.get("SUPPORTBOT_CHANNEL_PACE") or 1.0),
    )
