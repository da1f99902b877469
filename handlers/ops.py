"""Operations endpoints of the web app: ``/healthz``, ``/readyz`` and ``/metrics``, plus
the request id every log line of a request carries.

- ``GET /healthz``: liveness. 200 as long as this process answers. It does not look at
  Redis: restarting web processes because Redis is away fixes nothing, drops the work
  already acknowledged to Slack and Teams, and turns a Redis blip into a restart storm.
- ``GET /readyz``: readiness (take the process out of the load balancer while it fails).
  Redis answers (the desk's; RQ's, when ``RQ_REDIS_URL`` puts it elsewhere, is read for
  the workers); at least one RQ worker is registered on the ``supportbot`` queue; and the
  dispatcher keeps up: no timer of any workspace is more than ``DISPATCH_LAG`` overdue in
  the schedule (the dispatchers run inside the workers and remove each entry as they
  queue it, so a late entry means none is working). 503 with the problems in sentences
  (``Accept-Language`` chooses English or French) when not ready.
- ``GET /metrics``: Prometheus text format. Every supportbot figure is read from Redis
  (``bot.metrics``), so any web process shows the same, fleet-wide numbers, including
  those the workers wrote; the process's own CPU, memory and GC figures come beside them.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    GCCollector,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import CollectorRegistry
from redis.exceptions import RedisError

from bot.connections import AsyncClient
from bot.desk import Desk
from bot.i18n import language_of, t
from bot.logs import bind
from bot.metrics import COUNTERS, HISTOGRAMS, Snapshot, flush, snapshot
from bot.plan import ms
from bot.schedule import Schedule
from jobs.dispatcher import QUEUE
from jobs.queue_state import Queues, queues

QUEUES: web.AppKey[AsyncClient] = web.AppKey("rq_redis")  # RQ's Redis (default: the desk's)
CHECK_TIMEOUT = 1.0  # seconds for each Redis look-up of a probe
DISPATCH_LAG = timedelta(seconds=30)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def request_ids(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Each request's log lines (and the work it starts) carry its request id: the
    caller's ``X-Request-Id`` when it is sane, else a fresh one; the response echoes it."""
    given = request.headers.get("X-Request-Id", "")
    rid = given if REQUEST_ID.match(given) else uuid.uuid4().hex[:16]
    bind(request_id=rid)  # this request's task only; tasks it starts inherit it
    response = await handler(request)
    response.headers["X-Request-Id"] = rid
    return response


@dataclass
class Lag:
    """The oldest timer still in a schedule after its due time, if any."""

    workspace: str = ""
    seconds: float = 0.0


async def dispatch_lag(redis: AsyncClient, now: datetime) -> Lag:
    worst = Lag()
    for ws, due_ms in (await Schedule(redis).oldest()).items():
        late = (ms(now) - due_ms) / 1000
        if late > worst.seconds:
            worst = Lag(ws, late)
    return worst


def _lang(request: web.Request) -> str:
    return language_of(request.headers.get("Accept-Language"))


HEALTH_REDIS_TIMEOUT = 0.5  # seconds; a liveness probe must answer fast


def register(app: web.Application, desk_key: web.AppKey[Desk]) -> None:
    """Add the request-id middleware and the three routes; the desk (its Redis client and
    clock) is looked up under ``desk_key`` when a request comes."""

    async def healthz(request: web.Request) -> web.Response:
        """Liveness: 200 while the process runs, whatever Redis does (restarting web
        processes would not bring Redis back). It still says whether Redis answers, so a
        person looking at it during an outage sees it; /readyz is the one that fails."""
        try:
            async with asyncio.timeout(HEALTH_REDIS_TIMEOUT):
                await request.app[desk_key].store.redis.ping()
            redis = "ok"
        except Exception:  # noqa: BLE001 - any failure to answer is "down" here
            redis = "down"
        return web.json_response({"status": "ok", "redis": redis})

    async def readyz(request: web.Request) -> web.Response:
        desk = request.app[desk_key]
        redis, lang = desk.store.redis, _lang(request)
        checks: dict[str, Any] = {}
        problems: list[str] = []
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                await redis.ping()
                rq = await queues(request.app.get(QUEUES, redis))
                lag = await dispatch_lag(redis, desk.clock.now())
        except (RedisError, OSError, TimeoutError) as exc:
            checks["redis"] = {"ok": False}
            problems.append(t("ops.redis_down", lang, error=type(exc).__name__))
            return _ready_response(checks, problems)
        checks["redis"] = {"ok": True}
        checks["workers"] = {"ok": bool(rq.workers), "names": rq.workers, "queued": rq.queued}
        if not rq.workers:
            problems.append(t("ops.no_workers", lang, queue=QUEUE))
        late = lag.seconds > DISPATCH_LAG.total_seconds()
        checks["dispatcher"] = {"ok": not late, "oldest_overdue_seconds": round(lag.seconds, 3)}
        if late:
            problems.append(
                t("ops.dispatcher_late", lang, seconds=round(lag.seconds), workspace=lag.workspace)
            )
        return _ready_response(checks, problems)

    async def metrics(request: web.Request) -> web.Response:
        desk = request.app[desk_key]
        redis = desk.store.redis
        now = desk.clock.now()
        figures: Figures | None
        try:
            async with asyncio.timeout(5 * CHECK_TIMEOUT):
                await flush(redis)  # this process's latest command latencies first
                figures = Figures(
                    await snapshot(redis, now, desk.sla.policy.same_day_tiers),
                    await queues(request.app.get(QUEUES, redis)),
                    await dispatch_lag(redis, now),
                )
        except (RedisError, OSError, TimeoutError):
            figures = None
        registry = CollectorRegistry()
        registry.register(RedisFigures(figures))
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        return web.Response(
            body=generate_latest(registry), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    app.middlewares.append(request_ids)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)


def _ready_response(checks: dict[str, Any], problems: list[str]) -> web.Response:
    body = {"status": "not ready" if problems else "ready", "checks": checks, "problems": problems}
    return web.json_response(body, status=503 if problems else 200)


@dataclass(frozen=True)
class Figures:
    snapshot: Snapshot
    queues: Queues
    lag: Lag


class RedisFigures:
    """A Prometheus collector over figures already read from Redis (a collector's
    ``collect`` is synchronous; the reading is done, asynchronously, just before)."""

    def __init__(self, figures: Figures | None) -> None:
        self.figures = figures

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily("supportbot_redis_up", "1 when Redis answered this scrape.")
        up.add_metric([], 0 if self.figures is None else 1)
        yield up
        if self.figures is None:
            return
        snap, rq, lag = self.figures.snapshot, self.figures.queues, self.figures.lag
        tickets = GaugeMetricFamily(
            "supportbot_tickets_open",
            "Open tickets by workspace, tier and state (new: unclaimed; claimed; waiting: on "
            "the customer, clocks paused).",
            labels=["workspace", "tier", "state"],
        )
        for where, count in sorted(snap.open.items()):
            tickets.add_metric(list(where), count)
        yield tickets
        sla = GaugeMetricFamily(
            "supportbot_sla_responses",
            "First responses to the customer against the response window (2 business hours "
            "for P1) over the last day or week: met (answered in time, by when answered) or "
            "missed (by due time: answered late, closed unanswered, or still unanswered past "
            "it). A claim is not a response.",
            labels=["workspace", "tier", "window", "result"],
        )
        for which, count in sorted(snap.sla.items()):
            sla.add_metric(list(which), count)
        yield sla
        same_day = GaugeMetricFamily(
            "supportbot_sla_same_day",
            "P1 first responses against the same-day guarantee (the close of the business day "
            "the customer called) over the last day or week: met or missed, as above.",
            labels=["workspace", "tier", "window", "result"],
        )
        for which, count in sorted(snap.same_day.items()):
            same_day.add_metric(list(which), count)
        yield same_day
        for histogram in HISTOGRAMS:
            family = HistogramMetricFamily(
                histogram.name, histogram.help, labels=list(histogram.labels)
            )
            for series in snap.histograms.get(histogram.name, []):
                family.add_metric(list(series.labels), series.buckets, series.sum)
            yield family
        for counter in COUNTERS:
            total = CounterMetricFamily(counter.name, counter.help, labels=list(counter.labels))
            for labels, value in snap.counters.get(counter.name, []):
                total.add_metric(list(labels), value)
            yield total
        workers = GaugeMetricFamily(
            "supportbot_workers", f"RQ workers registered on the {QUEUE} queue."
        )
        workers.add_metric([], len(rq.workers))
        yield workers
        queued = GaugeMetricFamily("supportbot_jobs_queued", "Timer jobs waiting for a worker.")
        queued.add_metric([], rq.queued)
        yield queued
        failed = GaugeMetricFamily(
            "supportbot_jobs_failed", "Jobs in RQ's failed-job registry (kept 7 days)."
        )
        failed.add_metric([], rq.failed)
        yield failed
        late = GaugeMetricFamily(
            "supportbot_dispatch_lag_seconds",
            "How long the oldest timer still in a schedule is overdue (0: none).",
        )
        late.add_metric([], lag.seconds)
        yield late
