"""``supportbot worker``: an RQ worker plus the timer dispatcher, in one process.

Run as many as you like on the same Redis: each pulls jobs from the ``supportbot`` queue,
and the dispatchers take turns (one tick at a time) moving due timers onto it.

The process's runtime (``jobs.runtime``: the policy, the clock, the notifiers) is built by
the composition root (``bot.app``) and installed by :func:`run_worker` before RQ forks
its first work-horse, so every job inherits it.

Crashed jobs come back within minutes. A worker whose work-horse alone dies hands the job
back to RQ at once (``Retry``). A whole worker killed (kill -9, an OOM kill, a lost
machine) leaves its job in RQ's StartedJobRegistry marked "started", and RQ 3.0 retries
it only when some worker's maintenance (``clean_registries``) finds that entry's
heartbeat expired. The entry expires ``get_heartbeat_ttl`` after the last heartbeat:
min(job timeout, ``job_monitoring_interval``) + 60 s (the parent of a work-horse renews it
every ``job_monitoring_interval``). Maintenance runs at most every
``maintenance_interval``, and an idle worker only checks between two waits on the queue,
each ``worker_ttl`` - 15 s long. With RQ's defaults (30 s, 600 s, 420 s) that is
90 s + up to ~13.5 minutes: a reminder could be a quarter of an hour late. Here
(``bot.settings.WorkerSettings`` reads them):

- ``SUPPORTBOT_JOB_MONITORING_INTERVAL`` (default 5 s): the heartbeat period, so a live job's
  entry is 5 s + grace ahead;
- ``SUPPORTBOT_HEARTBEAT_GRACE`` (default 60 s, RQ's own margin): how long a silent worker is
  still believed alive. Lower only for tests: a live but stalled worker (a long pause,
  Redis failing over) whose entry expires would see its job run a second time alongside;
- ``SUPPORTBOT_MAINTENANCE_INTERVAL`` (default 30 s): how often a worker looks for abandoned
  jobs (one worker at a time, under RQ's lock); the queue wait is made half of it
  (``worker_ttl`` = 15 s + interval / 2) so an idle worker looks too.

A crashed job is therefore re-queued between 60 and ~100 s after the crash (grace, plus
the heartbeat period at most, plus up to one maintenance interval and its wait) by any
worker still running, or by a restarted one.

Two Redis clients, never one shared pool. RQ's idle wait is a blocking ``BLPOP`` of
``worker_ttl`` - 15 s (15 s by default); redis-py 8 gives every connection a 5 s socket
timeout unless told otherwise, and RQ raises the timeout only for connections created
after the worker is built. The dispatcher thread starts first and fills a shared pool
with 5 s connections, and when the worker's ``BLPOP`` drew one of them it failed with
"Timeout reading from socket" and backed off 1, 2, 4 … 60 s (reminders came 6-15 s late,
issue #14). So RQ gets a client whose every connection outlasts its longest wait
(:func:`rq_connection`), and the dispatcher its own, with short timeouts
(:func:`dispatcher_connection`). On a cluster desk (``SUPPORTBOT_REDIS_CLUSTER=1``), RQ is
on ``RQ_REDIS_URL`` and the dispatcher has two clients: the cluster's, for the schedules,
and RQ's Redis, for the queue.
"""

from __future__ import annotations

import gc
import logging
import threading
from typing import Any

import redis
from rq import Queue, Worker
from rq.worker import BaseWorker

import jobs.tasks  # noqa: F401  (imported before forking: see run_worker)
from bot.clock import Clock
from bot.connections import RedisSettings
from bot.settings import WorkerSettings
from bot.sla import Sla
from jobs.dispatcher import QUEUE, Dispatcher
from jobs.runtime import Runtime, current, install


class TimerWorker(Worker):
    """RQ's forking worker with the heartbeat margin as a setting instead of a fixed 60 s,
    whose work-horses leave the inherited heap alone."""

    heartbeat_grace = 60

    def fork_work_horse(self, job: Any, queue: Queue) -> None:
        """Fork with the worker's objects frozen out of the collector. A work-horse inherits
        ~120,000 of them (the policy, the web stack its imports bring), and each of its
        full collections walked them all: about a tenth of a 1,000-timer batch's CPU,
        plus copying every page they sit on. Unfrozen again in the worker at once, so its
        own garbage is still collected; the work-horse ends with ``os._exit`` and never
        gets here."""
        gc.freeze()
        try:
            super().fork_work_horse(job, queue)
        finally:
            gc.unfreeze()

    def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
        interval = float(self.job_monitoring_interval)
        if job.timeout and job.timeout > 0:
            interval = min(job.timeout - working_time, interval)
        return int(interval) + self.heartbeat_grace


REDIS_SOCKET_TIMEOUT = 5.0  # seconds: any short command (the dispatcher's, a job's)
IDLE_MARGIN = 10  # seconds a blocking wait's socket outlives the wait itself (RQ's own)
HEALTH_CHECK_INTERVAL = 10  # seconds idle before a pooled connection is PINGed on reuse


def rq_connection(redis_url: str | RedisSettings, settings: WorkerSettings) -> redis.Redis:
    """RQ's client: every connection's socket timeout outlasts the idle ``BLPOP``, from
    the first connection on (see the module docstring), and an idle connection is checked
    (TCP keepalive, a PING before reuse) rather than found dead by the next job."""
    return RedisSettings.of(redis_url).queue(
        socket_timeout=settings.dequeue_wait + IDLE_MARGIN,
        socket_connect_timeout=REDIS_SOCKET_TIMEOUT,
        socket_keepalive=True,
        health_check_interval=HEALTH_CHECK_INTERVAL,
    )


SHORT = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_keepalive": True,
    "health_check_interval": HEALTH_CHECK_INTERVAL,
}


def dispatcher_connection(redis_url: str | RedisSettings) -> Any:
    """The dispatcher's client of the desk's data: short commands only, so a hung Redis
    fails a tick (which is retried a second later) instead of stalling the thread."""
    return RedisSettings.of(redis_url).desk_sync(**SHORT)


def build_worker(
    connection: redis.Redis,
    queue: Queue,
    settings: WorkerSettings,
    worker_class: type[BaseWorker] = TimerWorker,
) -> BaseWorker:
    """``supportbot worker`` runs a :class:`TimerWorker`; another class only for comparison
    (``benchmarks/bench_reminders.py --worker-class simple``)."""
    worker = worker_class(
        [queue],
        connection=connection,
        maintenance_interval=settings.maintenance_interval,
        job_monitoring_interval=settings.job_monitoring_interval,
        worker_ttl=settings.worker_ttl,
    )
    if isinstance(worker, TimerWorker):
        worker.heartbeat_grace = settings.heartbeat_grace
    return worker


def prepare(
    redis_url: str | RedisSettings,
    settings: WorkerSettings,
    clock: Clock | None = None,
    worker_class: type[BaseWorker] = TimerWorker,
) -> tuple[BaseWorker, Dispatcher]:
    """The RQ worker and the dispatcher of one ``supportbot worker``, each on its own
    Redis client (see the module docstring)."""
    # Prepared once here, so that each forked work-horse inherits them (the jobs' module
    # imported, the policy loaded, the calendar built) instead of redoing it for every job.
    runtime = current()
    Sla(runtime.policy)
    where = RedisSettings.of(redis_url)
    connection = rq_connection(where, settings)
    worker = build_worker(connection, Queue(QUEUE, connection=connection), settings, worker_class)
    dispatcher_redis = dispatcher_connection(where)
    queue_redis = dispatcher_redis if where.shared else where.queue(**SHORT)
    queue = Queue(QUEUE, connection=queue_redis)
    return worker, Dispatcher(dispatcher_redis, clock or runtime.clock, queue)


def run_worker(
    redis_url: str | RedisSettings,
    burst: bool = False,
    clock: Clock | None = None,
    settings: WorkerSettings | None = None,
    worker_class: type[BaseWorker] = TimerWorker,
    runtime: Runtime | None = None,
) -> int:
    """Work until stopped (or, with ``burst``, until the queue is empty). ``runtime`` is
    installed first; without it, the one installed already (tests, benchmarks)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if runtime is not None:
        install(runtime)
    settings = settings or WorkerSettings()
    worker, dispatcher = prepare(redis_url, settings, clock, worker_class)
    stop = threading.Event()
    if burst:
        dispatcher.tick()
    else:
        threading.Thread(target=dispatcher.run, args=(stop,), daemon=True).start()
    try:
        worker.work(burst=burst, with_scheduler=False)
    finally:
        stop.set()
    return 0
