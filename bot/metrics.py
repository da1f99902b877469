"""Operational figures kept in Redis, so that every process adds to them and any web
process can show them (``/metrics``, see ``handlers/ops.py``).

Written where they happen:

- command latency (a histogram per command), by the desk around each command;
- timer runs, their lateness (a histogram per timer kind: how long after its due time a
  timer was done, its notice delivered) and job failures, by the jobs in the workers.

Each is one small Redis hash (``sb:metrics:<name>``, ``bot.keys.metric``): a histogram
holds one counter per bucket plus ``sum`` and ``count`` per label value, a counter one
field per label values.
Writing costs one pipelined round trip (per job; per second at most for commands, see
``FLUSH_EVERY``); a failed write is logged and forgotten (a figure is not worth failing a
person's command or a delivered reminder).

Read on demand: tickets open by tier and state, and SLA met/missed per tier over rolling
windows, are counts on the workspace's sorted sets (``ZCOUNT``: O(log n), no ticket read).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from redis.exceptions import RedisError

from bot.clock import Clock
from bot.commands import TICKET_ID, parse
from bot.connections import AsyncClient, server_of
from bot.errors import DeskError
from bot.keys import Keys, metric
from bot.logs import log_context
from bot.plan import ms
from bot.policy import TIERS
from bot.store import MEASURES, RESPONSE, SAME_DAY, TIER_RANK, TIER_SPAN, sla_set, workspaces
from bot.timers import TimerResult

log = logging.getLogger(__name__)
INF = float("inf")
WINDOWS = (("1d", timedelta(days=1)), ("7d", timedelta(days=7)))
OPEN_STATES = ("new", "claimed", "waiting")
ACTED = frozenset(result for result in TimerResult if result.acted)  # lateness is measured
SEPARATOR = "|"
Write = tuple[str, str, int | float]  # (hash key, field, increment: int → HINCRBY)


@dataclass(frozen=True)
class Histogram:
    name: str  # the Prometheus name, without _bucket/_sum/_count
    help: str
    labels: tuple[str, ...]
    buckets: tuple[float, ...]  # upper bounds, ending with +Inf

    @property
    def key(self) -> str:
        return metric(self.name)

    def writes(self, values: tuple[str, ...], amount: float) -> list[Write]:
        """(key, field, increment) for one observation."""
        label = _label(values)
        le = next(b for b in self.buckets if amount <= b)
        return [
            (self.key, f"{label}{SEPARATOR}{_le(le)}", 1),
            (self.key, f"{label}{SEPARATOR}count", 1),
            (self.key, f"{label}{SEPARATOR}sum", float(amount)),
        ]

    def series(self, raw: dict[str, str]) -> list[HistogramSeries]:
        """The hash read back: per label values, cumulative bucket counts, sum and count."""
        found: dict[str, dict[str, str]] = {}
        for field_, value in raw.items():
            label, _, part = field_.rpartition(SEPARATOR)
            found.setdefault(label, {})[part] = value
        result = []
        for label, parts in sorted(found.items()):
            running, cumulative = 0, []
            for bound in self.buckets:
                running += int(parts.get(_le(bound), 0))
                cumulative.append((_le(bound), running))
            result.append(
                HistogramSeries(
                    tuple(label.split(SEPARATOR)) if self.labels else (),
                    cumulative,
                    float(parts.get("sum", 0.0)),
                    int(parts.get("count", 0)),
                )
            )
        return result


@dataclass(frozen=True)
class HistogramSeries:
    labels: tuple[str, ...]
    buckets: list[tuple[str, int]]  # (le, cumulative count)
    sum: float
    count: int


@dataclass(frozen=True)
class Counter:
    name: str  # the Prometheus name, without _total
    help: str
    labels: tuple[str, ...]

    @property
    def key(self) -> str:
        return metric(self.name)

    def writes(self, values: tuple[str, ...], amount: int = 1) -> list[Write]:
        return [(self.key, _label(values), amount)]

    def series(self, raw: dict[str, str]) -> list[tuple[tuple[str, ...], float]]:
        return [(tuple(label.split(SEPARATOR)), float(v)) for label, v in sorted(raw.items())]


COMMAND_SECONDS = Histogram(
    "supportbot_command_duration_seconds",
    "Time the desk took to answer a command (every door, every process).",
    ("command",),
    (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, INF),
)
TIMER_LATENESS = Histogram(
    "supportbot_timer_lateness_seconds",
    "How long after its due time a timer was done (a reminder posted, a breach escalated), "
    "by kind (remind-30m, remind-10m, breach, page, review, director, followup, card).",
    ("kind",),
    (0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0, INF),
)
TIMER_RUNS = Counter(
    "supportbot_timer_runs",
    f"Timer jobs run, by kind and result ({', '.join(TimerResult)}).",
    ("kind", "result"),
)
JOB_FAILURES = Counter(
    "supportbot_job_failures",
    "Timer jobs that failed: reason=error (the job raised; final=no when RQ retries it) or "
    "platform (the chat platform refused; final=yes once the job gave up).",
    ("kind", "reason", "final"),
)
HISTOGRAMS = (COMMAND_SECONDS, TIMER_LATENESS)
COUNTERS = (TIMER_RUNS, JOB_FAILURES)


def _label(values: Iterable[str]) -> str:
    return SEPARATOR.join(str(v).replace(SEPARATOR, "/")[:80] for v in values)


def _le(bound: float) -> str:
    return "+Inf" if bound == INF else repr(float(bound))


# -- writing ---------------------------------------------------------------------------
async def _write(redis: AsyncClient, writes: list[Write]) -> None:
    try:
        async with redis.pipeline(transaction=False) as pipe:
            for key, field_, amount in writes:
                if isinstance(amount, float):
                    pipe.hincrbyfloat(key, field_, amount)
                else:
                    pipe.hincrby(key, field_, amount)
            await pipe.execute()
    except (RedisError, OSError) as exc:
        log.warning("could not record a metric: %s", exc)


def command_name(text: str) -> tuple[str, str | None]:
    """('ticket.claim', 'T-1001') for 'ticket claim T-1001'; ('unknown', None) when the
    text does not parse (a bounded set of names, so the label stays small)."""
    try:
        command = parse(text)
    except DeskError:
        return "unknown", None
    name = f"{command.group}.{command.verb}" if command.verb else command.group
    ticket = None
    if command.group == "ticket" and command.args:
        match = TICKET_ID.match(command.args[0])
        ticket = f"T-{int(match.group(1))}" if match else None
    return name, ticket


# Command latencies are added up in the process and written at most every FLUSH_EVERY
# seconds (at the next command, or when this process serves /metrics): a Redis round trip
# per command would cost the desk about a sixth of its commands per second
# (benchmarks/bench_ops.py). A process that stops loses at most that last second of them.
# Timer figures are written at once: each job runs in its own short-lived work-horse.
FLUSH_EVERY = 1.0
_pending: dict[tuple[Any, ...], dict[tuple[str, str], int | float]] = {}
_flushed: dict[tuple[Any, ...], float] = {}


def _server(redis: AsyncClient) -> tuple[Any, ...]:
    """Which Redis server (or cluster) a client writes to (pending figures are kept per
    server)."""
    return server_of(redis)


async def _add(redis: AsyncClient, writes: list[Write]) -> None:
    server = _server(redis)
    pending = _pending.setdefault(server, {})
    for key, field_, amount in writes:
        pending[(key, field_)] = pending.get((key, field_), 0) + amount
    if time.monotonic() - _flushed.get(server, float("-inf")) >= FLUSH_EVERY:
        await flush(redis)


async def flush(redis: AsyncClient) -> None:
    """Write this process's pending figures for the server ``redis`` talks to."""
    server = _server(redis)
    pending = _pending.pop(server, {})
    _flushed[server] = time.monotonic()
    if pending:
        await _write(redis, [(key, field_, amount) for (key, field_), amount in pending.items()])


@asynccontextmanager
async def observed(redis: AsyncClient, text: str) -> AsyncIterator[None]:
    """Around one desk command: its ticket named in the logs, one log line with its name
    and latency, the latency recorded."""
    name, ticket = command_name(text)
    started = time.perf_counter()
    with log_context(ticket_id=ticket):
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            log.info("command %s answered in %.1f ms", name, elapsed * 1000)
            await _add(redis, COMMAND_SECONDS.writes((name,), elapsed))


async def observed_timer(
    redis: AsyncClient,
    clock: Clock,
    job: Any,
    kind: str,
    due_ms: int,
    run: Awaitable[str],
    held: list[Write] | None = None,
) -> str:
    """Around one timer job (``run``): its result counted; when it acted, how late it was
    done; when it raised, a job failure (final when RQ has no retry left). ``held``: a
    batch's list, which it writes once at its end (``write_figures``), instead of now."""

    async def record(writes: list[Write]) -> None:
        if held is None:
            await _write(redis, writes)
        else:
            held.extend(writes)

    try:
        result = await run
    except Exception:
        final = "no" if job is not None and job.retries_left else "yes"
        await record(JOB_FAILURES.writes((kind, "error", final)))
        raise
    writes = TIMER_RUNS.writes((kind, result))
    if result in ACTED:
        late = max(0.0, (ms(clock.now()) - due_ms) / 1000)
        writes += TIMER_LATENESS.writes((kind,), late)
    if result in (TimerResult.RETRYING, TimerResult.FAILED):
        final = "yes" if result == TimerResult.FAILED else "no"
        writes += JOB_FAILURES.writes((kind, "platform", final))
    await record(writes)
    return result


async def write_figures(redis: AsyncClient, writes: list[Write]) -> None:
    """Write figures held by a batch, the same fields added up first (one round trip)."""
    added: dict[tuple[str, str], int | float] = {}
    for key, field_, amount in writes:
        added[(key, field_)] = added.get((key, field_), 0) + amount
    if added:
        await _write(redis, [(key, field_, amount) for (key, field_), amount in added.items()])


# -- reading ---------------------------------------------------------------------------
@dataclass
class Snapshot:
    """Every figure /metrics shows, read in one pipelined round trip."""

    open: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (ws, tier, state)
    sla: dict[tuple[str, str, str, str], int] = field(default_factory=dict)  # +window, result
    same_day: dict[tuple[str, str, str, str], int] = field(default_factory=dict)  # the same
    histograms: dict[str, list[HistogramSeries]] = field(default_factory=dict)
    counters: dict[str, list[tuple[tuple[str, ...], float]]] = field(default_factory=dict)


async def snapshot(
    redis: AsyncClient, now: datetime, same_day_tiers: Iterable[str] = ("P1",)
) -> Snapshot:
    registered = await workspaces(redis)
    plan: list[tuple[str, Any]] = []
    async with redis.pipeline(transaction=False) as pipe:
        for ws in registered:
            keys = Keys(ws)
            for tier in TIERS:
                low = TIER_RANK[tier] * TIER_SPAN
                for index in ("new", "open", "waiting"):
                    pipe.zcount(keys.index(index), low, low + TIER_SPAN - 1)
                    plan.append(("open", (ws, tier, index)))
                for measure in MEASURES:
                    for window, span in WINDOWS:
                        start, end = ms(now - span), ms(now)
                        where = (ws, tier, window)
                        pipe.zcount(keys.sla(sla_set(measure, "met", tier)), f"({start}", end)
                        plan.append((f"{measure}|met", where))
                        pipe.zcount(keys.sla(sla_set(measure, "missed", tier)), f"({start}", end)
                        plan.append((f"{measure}|missed", where))
                        pending = keys.sla(sla_set(measure, "pending", tier))
                        pipe.zcount(pending, f"({start}", f"({end}")
                        plan.append((f"{measure}|missed", where))  # a miss in progress
        for item in (*HISTOGRAMS, *COUNTERS):
            pipe.hgetall(item.key)
        results = list(await pipe.execute())
    found = Snapshot()
    counts: dict[tuple[str, str, str], int] = {}
    for (what, where), value in zip(plan, results, strict=False):
        if what == "open":
            counts[where] = int(value)
            continue
        measure, result = what.split("|")
        ws, tier, window = where
        if measure == SAME_DAY and tier not in same_day_tiers:
            continue
        figures = found.sla if measure == RESPONSE else found.same_day
        key = (ws, tier, window, result)
        figures[key] = figures.get(key, 0) + int(value)
    for ws in registered:
        for tier in TIERS:
            new, open_, waiting = (counts[(ws, tier, i)] for i in ("new", "open", "waiting"))
            found.open[(ws, tier, "new")] = new
            found.open[(ws, tier, "claimed")] = open_ - new - waiting
            found.open[(ws, tier, "waiting")] = waiting
    raw = results[len(plan) :]
    for histogram, data in zip(HISTOGRAMS, raw[: len(HISTOGRAMS)], strict=True):
        found.histograms[histogram.name] = histogram.series(data)
    for counter, data in zip(COUNTERS, raw[len(HISTOGRAMS) :], strict=True):
        found.counters[counter.name] = counter.series(data)
    return found
