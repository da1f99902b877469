"""Reminders on time (issue #4): 10,000 reminders due within ten minutes, run by two
``supportbot worker`` processes, and how late each one was posted.

    python3 benchmarks/bench_reminders.py                           # 10,000 over 600 s
    python3 benchmarks/bench_reminders.py --count 2000 --window 120 # quicker

One redis-server (``bot.redis_server.RedisServer``: loopback, no persistence) is started
and stopped here. The reminders belong to real P1 tickets written through ``Store.commit``
(the desk's atomic script), received 1 h 30 before their reminder on the 24×7 calendar,
so each ticket's plan holds a ``remind-30m`` timer at a chosen millisecond; the schedule
then keeps only those timers. Due times are spread uniformly at random over the window
(fixed seed), starting ``--lead`` seconds after the load.

The workers are ``jobs.worker.run_worker`` (forking RQ worker + dispatcher, wall clock,
settings from the environment) in separate processes, with a notifier that records when
each notice was posted (a Redis list). Lateness = post time - due time; a post before its
due time is an early run (there must be none: the script exits 1 if any reminder was
early, missing or posted twice). After the window, ``--burst`` more
reminders fall due at one instant, which measures how many jobs per second the workers
can run. ``--worker-class simple`` runs RQ's non-forking SimpleWorker instead, for
comparison only (``supportbot worker`` forks: see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis
import redis.asyncio as aioredis
import rq

from bot.notify import Card, Notice
from bot.plan import plan
from bot.policy import Policy
from bot.redis_server import RedisServer
from bot.sla import Sla
from bot.store import WORKSPACES, Event, Store, member_of, ticket_id
from bot.tickets import Channel, Lifecycle, Place, Ticket

WS = "TREMIND"  # the window's tickets; the burst's are in TREMIND-BURST
AGENTS = {"agent": ["ana", "alex"], "manager": ["max"]}
POSTED = "bench:posted"
MESSAGES = "bench:messages"  # <channel>|<post time ms>|<notices in the message>
BEFORE_DEADLINE = timedelta(hours=1, minutes=30)  # P1: 2 h; the reminder 30 min before


class PostTimeNotifier:
    """Records ``<kind>|<ticket>|<post time ms>`` for every notice (the kind holds the
    timer's due time: ``remind-30m:<due ms>``)."""

    def __init__(self, url: str) -> None:
        self.redis = redis.Redis.from_url(url)

    async def show_card(self, card: Card, ref: str | None) -> str:
        return ref or f"C1:{card.ticket.id}"

    async def post(self, notice: Notice, card_ref: str | None) -> None:
        await self.post_digest([notice], [card_ref])

    async def post_digest(self, notices: list[Notice], card_refs: list[str | None]) -> None:
        """One message for several notices (jobs.outbox): each notice is recorded as
        posted, and the message once, in one call as a platform takes the message."""
        posted_ms = int(time.time() * 1000)
        rows = [f"{n.kind}|{n.ticket.workspace}/{n.ticket.id}|{posted_ms}" for n in notices]
        channel = f"{notices[0].ticket.workspace}/{notices[0].ticket.place.channel}"
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.rpush(POSTED, *rows)
            pipe.rpush(MESSAGES, f"{channel}|{posted_ms}|{len(notices)}")
            pipe.execute()


def serve(url: str, worker_class: str) -> None:
    """One worker process: ``supportbot worker`` with the recording notifier."""
    from rq import SimpleWorker

    from jobs.runtime import Runtime, install
    from jobs.worker import TimerWorker, run_worker

    notifier = PostTimeNotifier(url)
    pace = float(os.environ.get("SUPPORTBOT_CHANNEL_PACE") or 1.0)  # as a deployment's worker
    install(Runtime(url, Policy(), notifiers=lambda: {"console": notifier}, channel_pace=pace))
    chosen = SimpleWorker if worker_class == "simple" else TimerWorker
    sys.exit(run_worker(url, worker_class=chosen))


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and of its waited-for children (work-horses)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


# -- the load ----------------------------------------------------------------------------
def reminder_ticket(workspace: str, number: int, due: datetime, channel: str = "C1") -> Ticket:
    """A P1 ticket on the 24×7 calendar whose 30-minute reminder falls at ``due``, its card
    in ``channel``."""
    return Ticket(
        id=ticket_id(str(number)), workspace=workspace, received=due - BEFORE_DEADLINE, tier="P1",
        customer="acme", customer_name="Acme", channel=Channel.CHAT, lang="en",
        summary=f"server {number} down", requester="ana", after_hours=True,
        place=Place("console", channel),
    )  # fmt: skip


async def load(
    url: str, workspace: str, dues: list[datetime], channels: int = 1, concurrency: int = 64
) -> None:
    """Write one ticket per due time through ``Store.commit`` into a workspace the
    dispatchers do not know yet, then, in one transaction, leave in its schedule only the
    tickets' ``remind-30m`` timers and make the workspace known."""
    from bot.directory import Directory

    client = aioredis.from_url(url, decode_responses=True)
    store = Store(client, Sla(Policy()))
    await Directory(store).seed_roles(workspace, AGENTS)
    life = Lifecycle(store.sla)
    tickets = [life.plan(reminder_ticket(workspace, 1001 + i, due, f"C{i % channels}"))
               for i, due in enumerate(dues)]  # fmt: skip
    pending = list(reversed(tickets))

    async def writer() -> None:
        while pending:
            ticket = pending.pop()
            await store.commit(None, ticket, Event(ticket.received, "bench", "created"))

    await asyncio.gather(*(writer() for _ in range(concurrency)))
    due_ms = [plan(ticket, store.sla)["remind-30m"] for ticket in tickets]
    schedule = store.keys(workspace).schedule
    async with client.pipeline(transaction=True) as pipe:
        for ticket in tickets:
            m = member_of(ticket.id)
            pipe.zrem(schedule, *(f"{m}|{kind}" for kind in (*plan(ticket, store.sla), "card")))
        for ticket, due in zip(tickets, due_ms, strict=True):
            pipe.zadd(schedule, {f"{member_of(ticket.id)}|remind-30m": due})
        pipe.sadd(WORKSPACES, workspace)
        await pipe.execute()
    await client.aclose()


# -- the run -----------------------------------------------------------------------------
def posts(sync: redis.Redis) -> list[tuple[str, int, int]]:
    """(ticket, due ms, posted ms) of every recorded notice."""
    rows = []
    for raw in sync.lrange(POSTED, 0, -1):
        text = raw.decode() if isinstance(raw, bytes) else str(raw)
        kind, ticket, posted = text.split("|")
        rows.append((ticket, int(kind.rsplit(":", 1)[1]), int(posted)))
    return rows


def wait_for_posts(sync: redis.Redis, expected: int, until: float, every: float = 30) -> None:
    report = time.monotonic() + every
    while sync.llen(POSTED) < expected and time.monotonic() < until:
        time.sleep(0.2)
        if time.monotonic() >= report:
            print(f"  {sync.llen(POSTED):>7,} of {expected:,} posted", flush=True)
            report += every


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def summarize(rows: list[tuple[str, int, int]], expected: int, label: str) -> dict[str, float]:
    late = sorted((posted - due) / 1000 for _, due, posted in rows)
    tickets = [ticket for ticket, _, _ in rows]
    duplicates = len(tickets) - len(set(tickets))
    early = sum(1 for seconds in late if seconds < 0)
    figures = {
        "posted": len(rows),
        "missing": expected - len(set(tickets)),
        "duplicates": duplicates,
        "early": early,
        "p50": percentile(late, 0.50),
        "p99": percentile(late, 0.99),
        "max": late[-1],
        "mean": statistics.fmean(late),
    }
    print(f"{label}: {len(rows):,} posted of {expected:,} (missing {figures['missing']}, "
          f"duplicates {duplicates}), early {early}")  # fmt: skip
    print(f"  lateness p50 {figures['p50']:.3f} s   p99 {figures['p99']:.3f} s   "
          f"max {figures['max']:.3f} s   mean {figures['mean']:.3f} s")  # fmt: skip
    return figures


def channel_figures(sync: redis.Redis) -> None:
    """Messages per channel and the highest rate any channel saw (posts within 1 s)."""
    by_channel: dict[str, list[int]] = {}
    for raw in sync.lrange(MESSAGES, 0, -1):
        channel, posted, _ = raw.decode().split("|")
        by_channel.setdefault(channel, []).append(int(posted))
    if not by_channel:
        return
    counts = sorted(len(times) for times in by_channel.values())
    fastest = 0
    for times in by_channel.values():
        times.sort()
        start = 0
        for end, at in enumerate(times):
            while at - times[start] >= 1000:
                start += 1
            fastest = max(fastest, end - start + 1)
    print(f"  {sum(counts):,} messages in {len(counts)} channels: {counts[0]}-{counts[-1]} "
          f"per channel (mean {statistics.fmean(counts):.1f}); highest rate in one channel: "
          f"{fastest} message(s) within 1 s")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="reminders in the window")
    parser.add_argument("--window", type=float, default=600, help="seconds they fall due over")
    parser.add_argument("--workers", type=int, default=2, help="supportbot worker processes")
    parser.add_argument("--burst", type=int, default=2000, help="reminders due at one instant")
    parser.add_argument("--channels", type=int, default=1,
                        help="the burst spread over this many channels (in up to 10 "
                        "workspaces)")  # fmt: skip
    parser.add_argument("--lead", type=float, default=10, help="s from load to first due")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument(
        "--worker-class",
        choices=["fork", "simple"],
        default="fork",
        help="fork: supportbot worker's; simple: RQ SimpleWorker, to compare",
    )
    parser.add_argument("--serve", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.worker_class)
    server = RedisServer().start()
    logs = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    workers: list[subprocess.Popen[bytes]] = []
    try:
        sync = redis.Redis.from_url(server.url)
        print(f"redis-server {sync.info('server')['redis_version']}, Python "
              f"{platform.python_version()}, rq {rq.__version__}, {os.cpu_count()} CPUs; "
              f"{args.workers} workers ({args.worker_class}), logs in {logs}")  # fmt: skip
        rng = random.Random(args.seed)
        t0 = time.perf_counter()
        start = datetime.now(UTC) + timedelta(seconds=args.lead)
        offsets = sorted(rng.uniform(0, args.window) for _ in range(args.count))
        dues = [start + timedelta(seconds=s) for s in offsets]
        asyncio.run(load(server.url, WS, dues))
        print(f"loaded {args.count:,} tickets and their reminders in "
              f"{time.perf_counter() - t0:.1f} s; due over {args.window:.0f} s from "
              f"{start.isoformat(timespec='seconds')}", flush=True)  # fmt: skip
        if datetime.now(UTC) >= start:
            print("the load took longer than --lead: the first reminders are due already")
        script = Path(__file__).resolve()
        for n in range(args.workers):
            log = (logs / f"worker-{n}.log").open("wb")
            workers.append(subprocess.Popen(
                [sys.executable, str(script), "--serve", server.url,
                 "--worker-class", args.worker_class],
                stdout=log, stderr=subprocess.STDOUT,
            ))  # fmt: skip
        wait_for_posts(sync, args.count, time.monotonic() + args.lead + args.window + 300)
        print()
        main_rows = posts(sync)
        if not main_rows:
            print(f"nothing was posted: see the workers' logs in {logs}")
            return 1
        window = summarize(main_rows, args.count, "window")
        failed = any(window[name] for name in ("missing", "duplicates", "early"))
        span = (max(p for *_, p in main_rows) - min(d for _, d, _ in main_rows)) / 1000
        pids = [w.pid for w in workers]
        cpu = sum(cpu_seconds(pid) for pid in pids)
        redis_cpu = cpu_seconds(server.process.pid) if server.process else 0.0
        print(f"  {len(main_rows) / span:.1f} jobs/s over the window (the offered rate: "
              f"{args.count / args.window:.1f}/s); CPU {cpu * 1000 / len(main_rows):.1f} ms "
              f"per job in the workers, redis-server {redis_cpu:.0f} s in all")  # fmt: skip
        if args.burst:
            sync.delete(POSTED, MESSAGES)
            # time to write the burst's tickets first (~800 a second here): a burst the
            # workers learn of after it fell due would be late by the load, not by them
            due = datetime.now(UTC) + timedelta(seconds=max(args.lead, 5, args.burst / 400))
            spaces = max(1, min(10, args.channels))
            for w in range(spaces):
                count = args.burst // spaces + (1 if w < args.burst % spaces else 0)
                per_space = max(1, args.channels // spaces)
                asyncio.run(load(server.url, f"{WS}-BURST{w}", [due] * count, per_space))
            loaded = datetime.now(UTC)
            print(f"loaded the burst's {args.burst:,} tickets "
                  f"{(due - loaded).total_seconds():.1f} s before their reminders fall due",
                  flush=True)  # fmt: skip
            if loaded >= due:
                print("the load took longer than --lead: the burst was due before it was known")
            before = sum(cpu_seconds(pid) for pid in pids)
            wait_for_posts(sync, args.burst, time.monotonic() + 600)
            rows = posts(sync)
            cpu = sum(cpu_seconds(pid) for pid in pids) - before
            print()
            burst = summarize(rows, args.burst, f"burst of {args.burst:,} due at one instant")
            failed = failed or any(burst[name] for name in ("missing", "duplicates", "early"))
            due_ms = min(d for _, d, _ in rows)
            last = max(p for *_, p in rows)
            print(f"  {len(rows) / ((last - due_ms) / 1000):.1f} notices/s "
                  f"({args.workers} workers, all {len(rows):,} done in "
                  f"{(last - due_ms) / 1000:.1f} s); CPU {cpu * 1000 / len(rows):.2f} ms per "
                  "notice in the workers")  # fmt: skip
            channel_figures(sync)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
        server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
