"""Moves due timers from each workspace's schedule to the RQ queue.

Why not RQ's own scheduler: it stores whole seconds (jobs ran up to 1 s early here), and
after a crash its 61-second lock left a restarted worker without a scheduler for about
13 minutes (rq/rq#2084). This dispatcher keeps due times in milliseconds in the same sorted
set the desk updates atomically with each ticket, runs in every worker process, and holds
a lock for one tick only (a couple of seconds), so a crashed worker's timers move on as
soon as any worker is up. The lock is redis-py's ``Lock``: taken with SET NX PX and a
token of this tick, released by a script that deletes it only if it still holds that
token, so a tick that outlived its lock never frees the next tick's.

On a Redis Cluster each workspace's schedule is on its own workspace's slot: a tick reads
the registry of workspaces (one key), then the due entries of every schedule in one
non-transactional pipeline, which redis-py sends to each shard in parallel
(``bot.schedule.DueTimers``). The queue is RQ's, on its own single Redis
(``RQ_REDIS_URL``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from typing import Any

from redis.cluster import RedisCluster
from redis.exceptions import LockError
from rq import Callback, Queue, Retry

from bot.clock import Clock
from bot.connections import SyncClient
from bot.keys import DISPATCHER_LOCK
from bot.plan import ms
from bot.schedule import Due, DueTimers

log = logging.getLogger(__name__)
QUEUE = "supportbot"
BATCH = 1000  # due entries read per workspace and tick
JOB_BATCH = 1000  # timers per RQ job: one fork runs them together, their notices coalesce
LOCK_MS = 2000


def batch_id(workspace: str, timers: list[list[Any]]) -> str:
    """Deterministic, so the same timers dispatched twice are the same RQ job."""
    digest = hashlib.sha256(json.dumps(timers).encode()).hexdigest()[:24]
    return re.sub(r"[^A-Za-z0-9_-]", "-", f"{workspace}_batch_{digest}")


class Dispatcher:
    """``connection``: the desk's data (a cluster client on a cluster desk); ``queue``: RQ's
    queue, on its own Redis (by default on ``connection``, which must then be plain)."""

    def __init__(self, connection: SyncClient, clock: Clock, queue: Queue | None = None) -> None:
        self.redis = connection
        self.clock = clock
        if queue is None:
            if isinstance(connection, RedisCluster):
                raise ValueError("RQ needs a single Redis: give the dispatcher RQ's queue")
            queue = Queue(QUEUE, connection=connection)
        self.queue = queue
        self.timers = DueTimers(connection)
        self.lock = connection.lock(DISPATCHER_LOCK, timeout=LOCK_MS / 1000, blocking=False)

    def tick(self) -> int:
        """Enqueue every timer due now; returns how many were moved."""
        if not self.lock.acquire(blocking=False):
            return 0
        moved = 0
        try:
            for workspace, due in self.timers.due(ms(self.clock.now()), BATCH).items():
                moved += self._dispatch(workspace, due)
        finally:
            try:
                self.lock.release()
            except LockError:  # expired and maybe taken: the next holder's, left alone
                log.warning("a dispatcher tick outlived its %d ms lock", LOCK_MS)
        return moved

    def _dispatch(self, workspace: str, due: list[Due]) -> int:
        for start in range(0, len(due), JOB_BATCH):
            chunk = due[start : start + JOB_BATCH]
            timers = [[d.entry.member, d.entry.kind, d.due_ms] for d in chunk]
            self.queue.enqueue(
                "jobs.tasks.perform_batch",
                workspace,
                timers,
                job_id=batch_id(workspace, timers),
                retry=Retry(max=3),
                on_failure=Callback("jobs.tasks.record_failure"),
                result_ttl=3600,
                failure_ttl=7 * 86_400,
            )
            self.timers.take(workspace, chunk)  # the job's entries in one step
        return len(due)

    def run(self, stop: threading.Event, interval: float = 0.1) -> None:
        """Tick until ``stop`` is set (a worker runs this in a thread)."""
        while not stop.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("dispatcher tick failed; retrying")
                stop.wait(1.0)
            stop.wait(interval)
