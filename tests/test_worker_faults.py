"""Whole workers killed with kill -9 (issue #4, and the worker faults of #7).

Each test runs what ``supportbot worker`` runs (``jobs.worker.run_worker``: the forking RQ
worker and the dispatcher thread) as separate processes through ``python -m
tests.recording serve``, on the test's own redis-server. The workers' clock is wall-clock
time plus an offset the test keeps in Redis (``RedisOffsetClock``): the test jumps it to a
timer's due time instead of waiting for it, and notices are recorded in Redis with the
worker's time of posting.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
import redis.asyncio as aioredis
from rq import Queue, SimpleWorker
from rq.registry import StartedJobRegistry

from bot.clock import ManualClock
from bot.desk import Actor, Desk
from bot.plan import ms
from bot.policy import Policy
from bot.redis_server import RedisServer
from bot.settings import Settings, WorkerSettings
from bot.sla import Sla
from bot.store import Keys, Store, member_of
from jobs.dispatcher import LOCK_MS, QUEUE
from jobs.worker import TimerWorker, build_worker
from tests.recording import RedisOffsetClock

WS = "T0123"
THURSDAY_10 = datetime.fromisoformat("2026-11-26T10:00:00-05:00")
REMIND_30M = datetime.fromisoformat("2026-11-26T11:30:00-05:00")  # the P1 ticket's, due 12:00
PEOPLE = {"agent": ["ana", "alex"], "senior": ["sam"], "manager": ["max"], "director": ["dora"]}


def wait_for(what: str, condition: Callable[[], Any], timeout: float = 20.0) -> Any:
    """Poll until ``condition()`` is true (a subprocess doing something), at most ``timeout``."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)
    return value


class Workers:
    """``supportbot worker``-like processes, each in its own session (process group)."""

    def __init__(self, url: str, logs: Path, env: dict[str, str] | None = None) -> None:
        self.url = url
        self.logs = logs
        self.env = {**os.environ, "PYTHONPATH": os.getcwd(), **(env or {})}
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.logs / f"worker-{len(self.started)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.recording", "serve", self.url],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.started.append(process)
        return process

    @staticmethod
    def kill(process: subprocess.Popen[bytes], *also: int) -> None:
        """kill -9 of the worker's process group and of ``also`` (a work-horse runs in a
        process group of its own, so killing the worker's group alone leaves it running;
        a lost machine or container takes both)."""
        os.killpg(process.pid, signal.SIGKILL)
        for pid in also:
            os.killpg(pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


async def new_p1_ticket(url: str) -> None:
    """T-1001 for a contract customer, received Thursday 10:00: its 30-minute reminder is
    due at 11:30."""
    client = aioredis.from_url(url, decode_responses=True)
    desk = Desk(Store(client, Sla(Policy())), ManualClock(THURSDAY_10))
    await desk.directory.seed_roles(WS, PEOPLE)
    await desk.handle(Actor(WS, "max"), "customer add Acme entitlement=contract")
    made = await desk.handle(Actor(WS, "ana"), "ticket new Acme server down")
    assert made.ticket is not None and made.ticket.id == "T-1001"
    await client.aclose()


def dead(pid: int) -> bool:
    """Gone, or a zombie nobody has reaped yet (its parent, the worker, was killed)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def posted(sync: redis.Redis) -> list[dict[str, Any]]:
    return [json.loads(p) for p in sync.lrange("test:posted", 0, -1)]


def idle(sync: redis.Redis, clock: RedisOffsetClock) -> bool:
    """Nothing left that could post: no due timer, nothing queued or running."""
    queue = Queue(QUEUE, connection=sync)
    due = sync.zcount(Keys(WS).schedule, "-inf", ms(clock.now()))
    running = StartedJobRegistry(QUEUE, connection=sync).get_job_ids(cleanup=False)
    return due == 0 and queue.count == 0 and not running


def card_shown(sync: redis.Redis) -> bool:
    return bool(sync.hget(Keys(WS).card(member_of("T-1001")), "ref"))


async def test_a_reminder_due_during_a_worker_restart_is_posted_within_seconds(
    own_redis: RedisServer, sync: redis.Redis, tmp_path: Path
) -> None:
    await new_p1_ticket(own_redis.url)
    clock = RedisOffsetClock(own_redis.url)
    clock.set(REMIND_30M - timedelta(seconds=5))  # the reminder is due 5 s from now
    workers = Workers(own_redis.url, tmp_path)
    try:
        first = workers.start()
        wait_for("the first worker to show the card", lambda: card_shown(sync))
        # The worst moment: killed in the middle of a dispatcher tick, its lock still held.
        sync.set("sb:dispatcher:lock", "the dead worker's", px=LOCK_MS)
        workers.kill(first)
        killed = time.monotonic()
        workers.start()
        # The five seconds pass at once (the test drives the clock): the reminder falls due
        # while the new worker is still starting.
        clock.set(REMIND_30M)
        notices = wait_for("the reminder", lambda: posted(sync), timeout=30)
        recovered = time.monotonic() - killed
        wait_for("the workers to be idle", lambda: idle(sync, clock))
    finally:
        workers.stop()
    notices = posted(sync)
    assert [n["kind"].split(":")[0] for n in notices] == ["remind-30m"]
    assert notices[0]["mentions"] == ["alex", "ana"]
    lateness = (notices[0]["at_ms"] - ms(REMIND_30M)) / 1000
    print(f"\nreminder posted {lateness:.2f} s after its due time ({recovered:.2f} s after "
          "the kill, new worker's start-up and the dead worker's lock included)")  # fmt: skip
    assert 0 <= lateness <= 5.0


async def test_a_worker_killed_mid_job_runs_it_again_after_a_restart_and_pings_once(
    own_redis: RedisServer, sync: redis.Redis, tmp_path: Path
) -> None:
    # Abandoned jobs are found by RQ's maintenance against its own wall clock (heartbeats
    # in whole seconds), which no test can move: the settings are made a few seconds
    # through the environment, and the test waits that long for the retry.
    env = {
        "SUPPORTBOT_MAINTENANCE_INTERVAL": "1",
        "SUPPORTBOT_JOB_MONITORING_INTERVAL": "1",
        "SUPPORTBOT_HEARTBEAT_GRACE": "2",
    }
    settings = Settings.from_environment(env).worker
    await new_p1_ticket(own_redis.url)
    clock = RedisOffsetClock(own_redis.url)
    clock.set(REMIND_30M)
    sync.set("test:block", 1)
    workers = Workers(own_redis.url, tmp_path, env)
    try:
        first = workers.start()
        horse = int(wait_for("the reminder's work-horse", lambda: sync.get("test:horse_pid")))
        sync.delete("test:block")
        workers.kill(first, horse)
        killed = time.time()
        wait_for("the work-horse to be dead", lambda: dead(horse), timeout=5)
        started = StartedJobRegistry(QUEUE, connection=sync).get_job_ids(cleanup=False)
        assert len(started) == 1  # abandoned there, marked "started"
        workers.start()
        wait_for("the reminder", lambda: posted(sync), timeout=30)
        wait_for("the workers to be idle", lambda: idle(sync, clock))
    finally:
        workers.stop()
    notices = posted(sync)
    assert [n["kind"].split(":")[0] for n in notices] == ["remind-30m"]
    assert notices[0]["mentions"] == ["alex", "ana"]
    recovery = notices[0]["wall_ms"] / 1000 - killed
    low, high = settings.recovery_bounds
    print(f"\nkilled mid-job: posted {recovery:.2f} s after the kill (bounds {low}-{high} s, "
          "new worker's start-up included)")  # fmt: skip
    assert low - 1 <= recovery <= high + 5
    job = Queue(QUEUE, connection=redis.Redis.from_url(own_redis.url)).fetch_job(started[0])
    assert job is not None and job.retries_left == 2  # one retry spent on the killed attempt
    assert sync.lrange(Keys(WS).failed, 0, -1) == []  # retried, so not shown as failed


def test_settings_come_from_the_environment_and_bound_recovery() -> None:
    assert Settings.from_environment({}).worker == WorkerSettings(30, 5, 60)
    low, high = WorkerSettings().recovery_bounds
    assert (low, high) == (60, 66 + 30 + 15)  # about one to two minutes
    custom = Settings.from_environment(
        {
            "SUPPORTBOT_MAINTENANCE_INTERVAL": "12",
            "SUPPORTBOT_JOB_MONITORING_INTERVAL": " 3 ",
            "SUPPORTBOT_HEARTBEAT_GRACE": "",
        }
    ).worker
    assert custom == WorkerSettings(12, 3, 60)
    for bad in ("0", "-5", "ten", "1.5"):
        with pytest.raises(ValueError, match="SUPPORTBOT_MAINTENANCE_INTERVAL"):
            Settings.from_environment({"SUPPORTBOT_MAINTENANCE_INTERVAL": bad})


def test_the_worker_gets_the_settings(redis_client: redis.Redis) -> None:
    settings = WorkerSettings(maintenance_interval=30, job_monitoring_interval=5)
    queue = Queue(QUEUE, connection=redis_client)
    worker = build_worker(redis_client, queue, settings)
    assert isinstance(worker, TimerWorker)
    assert worker.maintenance_interval == 30 and worker.job_monitoring_interval == 5
    assert worker.dequeue_timeout == 15  # an idle worker checks maintenance twice per interval
    job = queue.enqueue("jobs.tasks.perform", WS, "1001", "card", 0, job_timeout=180)
    assert worker.get_heartbeat_ttl(job) == 5 + 60
    assert worker.get_heartbeat_ttl(job, working_time=178) == 2 + 60
    short = WorkerSettings(heartbeat_grace=2)
    assert build_worker(redis_client, queue, short).get_heartbeat_ttl(job) == 5 + 2
    simple = build_worker(redis_client, queue, settings, SimpleWorker)  # benchmarks only
    assert type(simple) is SimpleWorker and simple.maintenance_interval == 30


def test_a_work_horse_leaves_the_workers_objects_to_the_worker(
    redis_server: RedisServer, redis_client: redis.Redis
) -> None:
    """The work-horse sees what it inherited frozen out of its collections; the worker
    unfreezes them at once, and still collects its own garbage."""
    rq_redis = redis.Redis.from_url(redis_server.url)  # RQ's: bytes, as in rq_connection
    queue = Queue(QUEUE, connection=rq_redis)
    job = queue.enqueue("gc.get_freeze_count")
    inherited = len(gc.get_objects())
    build_worker(rq_redis, queue, WorkerSettings()).work(burst=True)
    assert job.return_value() >= 0.9 * inherited  # less what the worker's own start freed
    assert gc.get_freeze_count() == 0


async def p1_tickets_in_channels(url: str, channels: list[str], per_channel: int) -> list[str]:
    """P1 tickets received Thursday 10:00, ``per_channel`` in each channel: their 30-minute
    reminders all fall due at 11:30, in one batch."""
    client = aioredis.from_url(url, decode_responses=True)
    desk = Desk(Store(client, Sla(Policy())), ManualClock(THURSDAY_10))
    await desk.directory.seed_roles(WS, PEOPLE)
    await desk.handle(Actor(WS, "max"), "customer add Acme entitlement=contract")
    made = []
    for channel in channels:
        for n in range(per_channel):
            reply = await desk.handle(Actor(WS, "ana", channel=channel), f"ticket new Acme {n}")
            assert reply.ticket is not None, reply.text
            made.append(reply.ticket.id)
    await client.aclose()
    return made


def sent_done(sync: redis.Redis) -> int:
    """Sent-records that say a reminder is out."""
    keys = sync.keys(Keys(WS).sent("*:remind-30m:*"))
    return sum(1 for key in keys if sync.get(key) == "done")


async def test_a_worker_killed_in_the_middle_of_a_batch_posts_each_notice_exactly_once(
    own_redis: RedisServer, sync: redis.Redis, tmp_path: Path
) -> None:
    """Twelve reminders due together in three channels: one batch, three digests. The
    first digest is out when the worker and its work-horse are killed with the other two
    hanging on the platform; after a restart the other two go out, the first not again."""
    env = {
        "SUPPORTBOT_MAINTENANCE_INTERVAL": "1",
        "SUPPORTBOT_JOB_MONITORING_INTERVAL": "1",
        "SUPPORTBOT_HEARTBEAT_GRACE": "2",
    }
    made = await p1_tickets_in_channels(own_redis.url, ["C1", "C2", "C3"], 4)
    clock = RedisOffsetClock(own_redis.url)
    clock.set(REMIND_30M - timedelta(minutes=1))
    workers = Workers(own_redis.url, tmp_path, env)
    try:
        first = workers.start()
        cards = lambda: len(sync.keys(Keys(WS).card("*")))  # noqa: E731
        wait_for("the cards", lambda: cards() == len(made) and idle(sync, clock))
        sync.set("test:hang_after", 1)
        clock.set(REMIND_30M)
        horse = int(wait_for("a digest to hang", lambda: sync.get("test:horse_pid")))
        wait_for("the first digest's sent-records", lambda: sent_done(sync) == 4)
        [out_first] = sync.lrange("test:messages", 0, -1)
        workers.kill(first, horse)
        wait_for("the work-horse to be dead", lambda: dead(horse), timeout=5)
        sync.delete("test:hang_after")
        workers.start()
        wait_for("every reminder", lambda: len(posted(sync)) >= len(made), timeout=60)
        wait_for("the workers to be idle", lambda: idle(sync, clock))
    finally:
        workers.stop()
    kinds = [n["kind"].split(":")[0] for n in posted(sync)]
    messages = sync.lrange("test:messages", 0, -1)
    assert len(messages) == 3 and messages[0] == out_first  # the first digest not again
    assert sorted(m.split("|")[0] for m in messages) == ["C1", "C2", "C3"]
    posted_ids = sorted(i for m in messages for i in m.split("|")[1].split())
    assert posted_ids == sorted(made)  # every ticket's reminder exactly once
    assert kinds == ["remind-30m"] * len(made)
