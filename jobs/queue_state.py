"""What RQ shows about the timer queue, read from RQ's own keys in one round trip: the
workers registered on it (and not expired), the jobs waiting, and the jobs that used
every retry (RQ's failed-job registry). ``/readyz`` and ``/metrics`` show them.

The keys are RQ's, named by RQ's own constants; RQ's Redis is the desk's unless
``RQ_REDIS_URL`` puts it elsewhere (always, beside a cluster desk).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rq.queue import Queue
from rq.registry import FailedJobRegistry
from rq.worker_registration import WORKERS_BY_QUEUE_KEY

from bot.connections import AsyncClient
from bot.store import as_text
from jobs.dispatcher import QUEUE


@dataclass
class Queues:
    """What RQ shows about the timer queue, read from RQ's own keys."""

    workers: list[str] = field(default_factory=list)  # registered and not expired
    queued: int = 0
    failed: int = 0  # RQ's failed-job registry: jobs that used every retry


async def queues(redis: AsyncClient) -> Queues:
    keys = sorted(as_text(k) for k in await redis.smembers(WORKERS_BY_QUEUE_KEY % QUEUE))
    async with redis.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.exists(key)
        pipe.llen(Queue.redis_queue_namespace_prefix + QUEUE)
        pipe.zcard(FailedJobRegistry.key_template.format(QUEUE))
        found: list[Any] = list(await pipe.execute())
    alive = [k.rsplit(":", 1)[-1] for k, there in zip(keys, found, strict=False) if there]
    return Queues(alive, int(found[-2]), int(found[-1]))
