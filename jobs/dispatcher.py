"""Moves due timers from each workspace's schedule to the RQ queue.

Why not RQ's own scheduler: it stores whole seconds (jobs ran up to 1 s early here), and
after a crash its 61-second lock left a restarted worker without a scheduler for about
13 minutes (rq/rq#2084). This dispatcher keeps due times in milliseconds in the same sorted
set the desk updates atomically with each ticket, runs in every worker process, and holds
a lock for one tick only (a couple of seconds), so a crashed worker's timers move on as
soon as any worker is up.

On a Redis Cluster each workspace's schedule is on its own workspace's slot: a tick reads
the registry of workspaces (one key), then the due entries of every schedule in one
non-transactional pipeline, which redis-py sends to each shard in parallel. The queue is
RQ's, on its own single Redis (``RQ_REDIS_URL``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import uuid
from typing import Any

from redis.cluster import RedisCluster
from rq import Callback, Queue, Retry

from bot.clock import Clock
from bot.connections import SyncClient
from bot.plan import ms
from bot.store import WORKSPACES, Keys

log = logging.getLogger(__name__)
QUEUE = "supportbot"
BATCH = 1000  # due entries read per workspace and tick
JOB_BATCH = 1000  # timers per RQ job: one fork runs them together, their notices coalesce
LOCK_MS = 2000

_TAKE = """
-- ARGV: entry, score, entry, score… Remove each entry only if it still has the score we
-- dispatched (a re-plan moved it).
local taken = 0
for i = 1, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) == tonumber(ARGV[i + 1]) then
    taken = taken + redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return taken
"""


def batch_id(workspace: str, timers: list[list[Any]]) -> str:
    """Deterministic, so the same timers dispatched twice are the same RQ job."""
    digest = hashlib.sha256(json.dumps(timers).encode()).hexdigest()[:24]
    return re.sub(r"[^A-Za-z0-9_-]", "-", f"{workspace}_batch_{digest}")


def _text(raw: Any) -> str:
    return raw.decode() if isinstance(raw, bytes) else str(raw)


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
        self._take = connection.register_script(_TAKE)
        self._release = connection.register_script(_RELEASE)
        self._token = uuid.uuid4().hex

    def tick(self) -> int:
        """Enqueue every timer due now; returns how many were moved."""
        lock = "sb:dispatcher:lock"
        if not self.redis.set(lock, self._token, nx=True, px=LOCK_MS):
            return 0
        moved = 0
        try:
            workspaces = sorted(_text(raw) for raw in self.redis.smembers(WORKSPACES))
            now = ms(self.clock.now())
            with self.redis.pipeline(transaction=False) as pipe:
                for workspace in workspaces:
                    pipe.zrangebyscore(Keys(workspace).schedule, "-inf", now, start=0,
                                       num=BATCH, withscores=True)  # fmt: skip
                heads: list[Any] = pipe.execute() if workspaces else []
            for workspace, due in zip(workspaces, heads, strict=True):
                if due:
                    moved += self._dispatch(workspace, due)
        finally:  # ours only: a tick that outlived its lock must not free the next one's
            self._release(keys=[lock], args=[self._token])
        return moved

    def _dispatch(self, workspace: str, due: list[Any]) -> int:
        key = Keys(workspace).schedule
        entries = []
        for raw_entry, score in due:
            entry = _text(raw_entry)
            member, kind = entry.split("|", 1)
            entries.append((entry, member, kind, int(score)))
        for start in range(0, len(entries), JOB_BATCH):
            chunk = entries[start : start + JOB_BATCH]
            timers = [[member, kind, due_ms] for _, member, kind, due_ms in chunk]
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
            taken = [value for entry, _, _, due_ms in chunk for value in (entry, due_ms)]
            self._take(keys=[key], args=taken)  # the job's entries in one step
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


# KEYS[1] the lock; ARGV[1] our token: delete it only if it is still ours, in one step.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
