"""Operations through the web app's real HTTP entry (handlers/web.py with handlers/ops.py):
``/healthz``, ``/readyz`` and ``/metrics`` against a real redis-server, timers run by real
RQ workers, and the JSON log lines a request or a job writes.

The clock is a ManualClock shared by the web app and the jobs; tests move it, never sleep.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families
from rq import Queue, SimpleWorker, Worker
from rq.timeouts import TimerDeathPenalty

from bot import metrics
from bot.clock import ManualClock
from bot.desk import Actor, Desk
from bot.logs import configure_logging
from bot.notify import Card, Notice, NotifyError
from bot.policy import Policy
from bot.settings import LogSettings
from handlers.web import DESK, SLACK, WebConfig, build_web_app
from jobs.dispatcher import QUEUE, Dispatcher
from jobs.runtime import Runtime, install
from tests.recording import RecordingNotifier
from tests.redis_server import RedisServer, free_port
from tests.slack_standin import SlackStandIn
from tests.test_slack import sign

SECRET = "test-signing-secret"
WS = "T1"
M = timedelta(minutes=1)
# Wednesday 2026-11-25 10:00 in Montréal: the desk is open.
START = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
PEOPLE = {"agent": ["ana", "alex"], "senior": ["sam"], "manager": ["max"], "director": ["dora"]}


class ThreadWorker(SimpleWorker):
    """RQ's in-process worker, run in a thread beside the test's event loop (a job runs
    its own loop); only the main thread may install signal handlers, so job timeouts use
    RQ's timer-based death penalty."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        pass


class FlakyNotifier(RecordingNotifier):
    """Records like RecordingNotifier; raises what ``raising`` holds first."""

    def __init__(self) -> None:
        super().__init__()
        self.raising: list[BaseException] = []

    async def show_card(self, card: Card, ref: str | None) -> str:
        if self.raising:
            raise self.raising.pop(0)
        return await super().show_card(card, ref)

    async def post(self, notice: Notice, card_ref: str | None) -> None:
        if self.raising:
            raise self.raising.pop(0)
        await super().post(notice, card_ref)


@dataclass
class Ops:
    client: TestClient[Any, Any]
    desk: Desk
    clock: ManualClock
    sync: redis.Redis
    notifier: FlakyNotifier

    async def say(self, user: str, text: str) -> str:
        reply = await self.desk.handle(Actor(WS, user), text)
        assert reply.ok, reply.text
        return reply.text

    async def at(self, when: datetime) -> None:
        """Move the clock, then run every timer due by then with a real RQ worker."""
        self.clock.set(when)
        queue = Queue(QUEUE, connection=self.sync)
        dispatcher = Dispatcher(self.sync, self.clock, queue)
        while dispatcher.tick():
            await asyncio.to_thread(ThreadWorker([queue], connection=self.sync).work, burst=True)

    async def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        """The scrape, as Prometheus reads it: (sample name, labels) → value."""
        response = await self.client.get("/metrics")
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=")
        samples = {}
        for family in text_string_to_metric_families(await response.text()):
            for s in family.samples:
                samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
        return samples


@pytest.fixture
async def ops(
    redis_server: RedisServer, redis_client: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Ops]:
    # Command latencies are written at once here, and none left over by an earlier test.
    monkeypatch.setattr(metrics, "FLUSH_EVERY", 0.0)
    monkeypatch.setattr(metrics, "_pending", {})
    clock = ManualClock(START)
    notifier = FlakyNotifier()
    install(Runtime(redis_server.url, Policy(), clock, lambda: {"console": notifier}))
    standin = await SlackStandIn().start()
    config = WebConfig(bot_token="xoxb-test", signing_secret=SECRET, redis_url=redis_server.url,
                       api_url=standin.api_url)  # fmt: skip
    app = build_web_app(config, clock=clock, policy=Policy())
    client = TestClient(TestServer(app))
    await client.start_server()
    sync = redis.Redis.from_url(redis_server.url)
    found = Ops(client, app[DESK], clock, sync, notifier)
    await found.desk.directory.seed_roles(WS, PEOPLE)
    for line in ("customer add Acme entitlement=contract", "customer add Beta "
                 "entitlement=maintenance", "customer add Gamma entitlement=none"):  # fmt: skip
        await found.say("max", line)
    yield found
    await client.close()
    await standin.stop()
    sync.close()


def local(text: str) -> datetime:
    return datetime.fromisoformat(f"2026-11-25T{text}:00-05:00")


def label(**labels: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(labels.items()))


# -- /healthz and /readyz ---------------------------------------------------------------
async def test_healthz_is_up_while_redis_is_down_and_readyz_says_why() -> None:
    config = WebConfig(bot_token="xoxb-test", signing_secret=SECRET,
                       redis_url=f"redis://127.0.0.1:{free_port()}/0")  # fmt: skip
    client = TestClient(TestServer(build_web_app(config)))
    await client.start_server()
    try:
        health = await client.get("/healthz")
        assert (health.status, await health.json()) == (200, {"status": "ok", "redis": "down"})
        ready = await client.get("/readyz")
        assert ready.status == 503
        body = await ready.json()
        assert body["status"] == "not ready"
        assert body["checks"] == {"redis": {"ok": False}}
        assert body["problems"] == ["Redis does not answer (ConnectionError)."]
        french = await client.get("/readyz", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
        assert (await french.json())["problems"] == ["Redis ne répond pas (ConnectionError)."]
        scrape = await client.get("/metrics")
        assert scrape.status == 200
        text = await scrape.text()
        assert "supportbot_redis_up 0.0" in text
        assert "process_resident_memory_bytes" in text  # this process's own figures still
    finally:
        await client.close()


async def test_readyz_needs_a_registered_worker_and_a_dispatcher_that_keeps_up(ops: Ops) -> None:
    response = await ops.client.get("/readyz")
    assert response.status == 503
    body = await response.json()
    assert body["problems"] == [
        "No RQ worker is listening on the supportbot queue: timers and reminders are not running."
    ]
    assert body["checks"]["redis"] == {"ok": True}
    assert body["checks"]["dispatcher"] == {"ok": True, "oldest_overdue_seconds": 0}

    queue = Queue(QUEUE, connection=ops.sync)
    worker = Worker([queue], connection=ops.sync, name="w1")
    worker.register_birth()  # what a starting worker does
    ready = await ops.client.get("/readyz")
    assert ready.status == 200
    assert await ready.json() == {
        "status": "ready",
        "checks": {
            "redis": {"ok": True},
            "workers": {"ok": True, "names": ["w1"], "queued": 0},
            "dispatcher": {"ok": True, "oldest_overdue_seconds": 0},
        },
        "problems": [],
    }

    await ops.say("ana", "ticket new Acme server down")  # its card is due now
    ops.clock.advance(timedelta(seconds=45))  # and nobody dispatched it
    late = await ops.client.get("/readyz", headers={"Accept-Language": "fr"})
    assert late.status == 503
    body = await late.json()
    assert body["checks"]["dispatcher"] == {"ok": False, "oldest_overdue_seconds": 45.0}
    assert body["problems"] == [
        "Les minuteries ne sont pas distribuées : la plus ancienne de l'espace T1 est en "
        "retard de 45 s."
    ]
    Dispatcher(ops.sync, ops.clock, queue).tick()  # a dispatcher takes it
    caught_up = await ops.client.get("/readyz")
    assert caught_up.status == 200
    assert (await caught_up.json())["checks"]["workers"]["queued"] == 1

    worker.register_death()  # what a worker stopping cleanly does
    assert (await ops.client.get("/readyz")).status == 503


def test_readyz_follows_a_real_supportbot_worker(redis_server: RedisServer,
                                                 redis_client: redis.Redis) -> None:  # fmt: skip
    """``supportbot worker`` registers on the queue; stopped with SIGTERM, it unregisters."""

    async def ready() -> tuple[int, Any]:
        config = WebConfig(bot_token="xoxb-test", signing_secret=SECRET,
                           redis_url=redis_server.url)  # fmt: skip
        client = TestClient(TestServer(build_web_app(config)))
        await client.start_server()
        try:
            response = await client.get("/readyz")
            return response.status, await response.json()
        finally:
            await client.close()

    assert asyncio.run(ready())[0] == 503
    env = {**os.environ, "REDIS_URL": redis_server.url}
    worker = subprocess.Popen([sys.executable, "-m", "bot.cli", "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 30  # the process starting, not a business deadline
        while not redis_client.smembers(f"rq:workers:{QUEUE}"):
            assert worker.poll() is None and time.monotonic() < deadline, "worker did not start"
            time.sleep(0.05)
        status, body = asyncio.run(ready())
        assert status == 200 and len(body["checks"]["workers"]["names"]) == 1
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    status, body = asyncio.run(ready())
    assert status == 503
    assert body["checks"]["workers"] == {"ok": False, "names": [], "queued": 0}


# -- /metrics ---------------------------------------------------------------------------
def figures(samples: dict[Any, float], name: str) -> dict[tuple[str, str, str], float]:
    """(tier, window, result) → value of an SLA family."""
    return {
        (dict(labels)["tier"], dict(labels)["window"], dict(labels)["result"]): value
        for (sample, labels), value in samples.items()
        if sample == name
    }


async def test_metrics_show_tickets_sla_latency_lateness_and_failures(ops: Ops) -> None:
    await ops.say("ana", "ticket new Acme printer down")  # T-1001 P1, due 12:00, unanswered
    await ops.say("ana", "ticket new Acme scanner down")  # T-1002 P1, answered in time
    await ops.say("ana", "ticket new Beta invoice question")  # T-1003 P2, answered
    await ops.say("ana", "ticket new Gamma how to export")  # T-1004 P3, answered, waiting
    await ops.say("ana", "ticket new Acme fax down")  # T-1005 P1, claimed, never answered
    for tid in ("T-1002", "T-1003", "T-1005"):
        await ops.say("alex", f"ticket claim {tid}")
    await ops.say("alex", "ticket respond T-1002 phone called back")
    await ops.say("alex", "ticket respond T-1003 email sent the invoice")
    await ops.say("alex", "ticket respond T-1004 chat asked for the file")
    await ops.say("alex", "ticket wait T-1004")
    await ops.at(local("10:00"))  # the cards
    await ops.at(local("11:31"))  # the 30-minute reminders of T-1001 and T-1005, a minute late
    await ops.at(local("11:50"))  # the 10-minute ones, on time
    ops.clock.set(local("12:10"))  # T-1001's and T-1005's 2-hour mark passed, unanswered

    samples = await ops.metrics()
    assert samples[("supportbot_redis_up", ())] == 1
    opened = {
        (dict(labels)["tier"], dict(labels)["state"]): value
        for (name, labels), value in samples.items()
        if name == "supportbot_tickets_open"
    }
    assert opened == {
        ("P1", "new"): 1, ("P1", "claimed"): 2, ("P1", "waiting"): 0,
        ("P2", "new"): 0, ("P2", "claimed"): 1, ("P2", "waiting"): 0,
        ("P3", "new"): 0, ("P3", "claimed"): 0, ("P3", "waiting"): 1,
    }  # fmt: skip
    sla = figures(samples, "supportbot_sla_responses")
    assert sla[("P1", "1d", "met")] == 1 and sla[("P1", "1d", "missed")] == 2  # a claim is not
    assert sla[("P1", "7d", "met")] == 1 and sla[("P1", "7d", "missed")] == 2
    assert sla[("P2", "1d", "met")] == 1 and sla[("P2", "1d", "missed")] == 0
    assert sla[("P3", "7d", "met")] == 1 and sla[("P3", "7d", "missed")] == 0
    same_day = figures(samples, "supportbot_sla_same_day")
    assert same_day == {
        ("P1", w, r): n for w in ("1d", "7d") for r, n in (("met", 1), ("missed", 0))
    }
    ops.clock.set(local("17:05"))  # the business day closed: the same-day promise is missed
    same_day = figures(await ops.metrics(), "supportbot_sla_same_day")
    assert same_day[("P1", "1d", "met")] == 1 and same_day[("P1", "1d", "missed")] == 2
    ops.clock.set(local("12:10"))

    late = "supportbot_timer_lateness_seconds_bucket"
    assert samples[(late, label(kind="remind-30m", le="30.0"))] == 0
    assert samples[(late, label(kind="remind-30m", le="60.0"))] == 2
    assert samples[(late, label(kind="remind-10m", le="0.5"))] == 2
    assert samples[("supportbot_timer_lateness_seconds_sum", label(kind="remind-30m"))] == 120
    assert samples[("supportbot_timer_lateness_seconds_count", label(kind="card"))] == 5
    runs = "supportbot_timer_runs_total"
    assert samples[(runs, label(kind="remind-30m", result="reminded"))] == 2

    latency = "supportbot_command_duration_seconds_count"
    assert samples[(latency, label(command="ticket.new"))] == 5
    assert samples[(latency, label(command="customer.add"))] == 3
    assert samples[("supportbot_command_duration_seconds_sum", label(command="ticket.new"))] > 0
    assert samples[("supportbot_command_duration_seconds_bucket",
                    label(command="ticket.claim", le="+Inf"))] == 3  # fmt: skip
    assert samples[("supportbot_workers", ())] == 0
    assert samples[("supportbot_dispatch_lag_seconds", ())] == 600  # the breach, due 12:00


async def test_command_latencies_are_written_once_a_second_or_when_scraped(
    ops: Ops, redis_client: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(metrics, "FLUSH_EVERY", 3600.0)
    key, field = "sb:metrics:supportbot_command_duration_seconds", "ticket.new|count"
    await ops.say("ana", "ticket new Acme printer down")
    await ops.say("ana", "ticket new Acme scanner down")  # within the hour: kept in memory
    await ops.say("ana", "ticket new Acme fax down")
    assert redis_client.hget(key, field) is None
    samples = await ops.metrics()  # the process serving /metrics writes its own first
    assert samples[("supportbot_command_duration_seconds_count", label(command="ticket.new"))] == 3
    assert redis_client.hget(key, field) == "3"


async def test_failures_in_workers_reach_the_web_process(ops: Ops) -> None:
    await ops.say("ana", "ticket new Acme printer down")
    # The card's job raises on every attempt: RQ tries it 1 + 3 times, then gives up.
    ops.notifier.raising = [RuntimeError("platform SDK bug")] * 4
    await ops.at(local("10:00"))
    # The 30-minute reminder meets a refusing platform: retried through the schedule.
    ops.notifier.raising = [NotifyError("rate limited", retry_after=30)]
    await ops.at(local("11:30"))
    samples = await ops.metrics()
    failures = "supportbot_job_failures_total"
    assert samples[(failures, label(kind="card", reason="error", final="no"))] == 3
    assert samples[(failures, label(kind="card", reason="error", final="yes"))] == 1
    assert samples[(failures, label(kind="remind-30m", reason="platform", final="no"))] == 1
    assert samples[("supportbot_jobs_failed", ())] == 1  # RQ's registry holds the card job
    await ops.at(local("11:30") + timedelta(seconds=30))  # the retry goes through
    assert len(ops.notifier.of_kind("remind-30m")) == 1
    samples = await ops.metrics()
    reminded = label(kind="remind-30m", result="reminded")
    assert samples[("supportbot_timer_runs_total", reminded)] == 1


# -- logs -------------------------------------------------------------------------------
@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    configure_logging("web", LogSettings(format="json"), stream)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def test_a_requests_log_lines_carry_its_request_id_and_ticket(
    ops: Ops, json_logs: io.StringIO
) -> None:
    await ops.say("ana", "ticket new Acme printer down")
    body = "&".join([f"team_id={WS}", "user_id=alex", "command=%2Fticket",
                     "text=claim+T-1001", "channel_id=C1"])  # fmt: skip
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body),
               "X-Request-Id": "req-42"}  # fmt: skip
    response = await ops.client.post("/slack/events", data=body, headers=headers)
    assert response.status == 200 and response.headers["X-Request-Id"] == "req-42"
    await ops.client.server.app[SLACK].drain()  # type: ignore[union-attr]
    assert (await ops.desk.store.get(WS, "T-1001")).owner == "alex"  # type: ignore[union-attr]
    found = lines(json_logs)
    claim = [line for line in found if line["message"].startswith("command ticket.claim")]
    assert len(claim) == 1
    assert claim[0]["ticket_id"] == "T-1001" and claim[0]["request_id"] == "req-42"
    assert claim[0]["process"] == "web" and claim[0]["level"] == "info"
    [access] = [
        line
        for line in found
        if line["logger"] == "aiohttp.access" and "POST /slack/events" in line["message"]
    ]
    assert access["request_id"] == "req-42"
    fresh = await ops.client.get("/healthz")
    assert len(fresh.headers["X-Request-Id"]) == 16  # none given: a new one
    assert await fresh.json() == {"status": "ok", "redis": "ok"}


async def test_a_jobs_log_lines_carry_its_ticket_and_job(ops: Ops, json_logs: io.StringIO) -> None:
    await ops.say("ana", "ticket new Acme printer down")
    ops.notifier.raising = [NotifyError("Slack said 503")]
    await ops.at(local("10:00"))
    [retry] = [line for line in lines(json_logs) if line["message"].startswith("retrying")]
    assert retry["level"] == "warning" and retry["ticket_id"] == "T-1001"
    assert retry["request_id"].startswith("T1_batch_")  # the RQ job that ran it
