"""The desk on one local redis-server (issue #3), in one run:

1. tickets created + claimed per second through ``Desk.handle`` (a few concurrent asyncio
   workers), beside ``redis-benchmark`` SET and EVALSHA operations per second on the same
   server, and the ratio;
2. the manager's queue view (``Desk.queue_view``) latency at 1k, 10k and 100k open tickets,
   which must not grow linearly;
3. Redis memory per open ticket (``INFO memory`` used_memory delta / tickets).

    python3 benchmarks/bench_desk.py                      # the full run (~1-2 minutes)
    python3 benchmarks/bench_desk.py --sizes 1000,10000   # quicker

The redis-server is started and stopped here (``tests.redis_server.RedisServer``: loopback,
no persistence), so nothing else shares it.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis
import redis.asyncio as aioredis

from bot.clock import ManualClock
from bot.desk import Actor, Desk
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Event, Store, ticket_id
from bot.tickets import Channel, Lifecycle, State, Ticket
from tests.redis_server import RedisServer

NOW = datetime.fromisoformat("2026-11-26T10:00:00-05:00")  # a Thursday, open
ROLES = {"agent": [f"agent{i:02d}" for i in range(20)], "manager": ["mona"]}
SIMPLE_SCRIPT = "return redis.call('SET', KEYS[1], ARGV[1])"


def used_memory(client: redis.Redis) -> int:
    return int(client.info("memory")["used_memory"])


def command_calls(client: redis.Redis) -> dict[str, int]:
    """command → calls so far (commands run inside scripts included)."""
    stats = client.info("commandstats")
    return {name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()}


# -- 1. throughput ---------------------------------------------------------------------
async def created_and_claimed(url: str, tickets: int, workers: int) -> tuple[float, float]:
    """Tickets per second (each: ``ticket new`` with an idempotency key, then ``ticket
    claim``), and the mean latency of one ``Desk.handle`` call in ms."""
    client = aioredis.from_url(url, decode_responses=True)
    desk = Desk(Store(client, Sla(Policy())), ManualClock(NOW))
    ws = f"TB{workers}"
    await desk.directory.seed_roles(ws, ROLES)
    await desk.handle(Actor(ws, "mona"), "customer add Acme entitlement=contract")
    per_worker = tickets // workers
    latencies: list[float] = []

    async def worker(n: int) -> None:
        actor = Actor(ws, f"agent{n:02d}")
        for i in range(per_worker):
            t0 = time.perf_counter()
            made = await desk.handle(actor, f"ticket new Acme printer {i} down", uuid.uuid4().hex)
            t1 = time.perf_counter()
            assert made.ticket is not None, made.text
            claimed = await desk.handle(actor, f"ticket claim {made.ticket.id}")
            t2 = time.perf_counter()
            assert claimed.ok, claimed.text
            latencies.extend((t1 - t0, t2 - t1))

    start = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(workers)))
    elapsed = time.perf_counter() - start
    await client.aclose()
    return per_worker * workers / elapsed, statistics.fmean(latencies) * 1000


def redis_benchmark(port: int, *args: str, n: int = 100_000) -> float:
    """Requests per second reported by ``redis-benchmark -q`` (50 clients, no pipelining)."""
    out = subprocess.run(
        ["redis-benchmark", "-p", str(port), "-n", str(n), "-q", *args],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    rates = re.findall(r"([\d.]+) requests per second", out.replace("\r", "\n"))
    if not rates:
        raise RuntimeError(f"unexpected redis-benchmark output: {out!r}")
    return float(rates[-1])


# -- 2 and 3. the queue view and memory --------------------------------------------------
def open_ticket(number: int, rng: random.Random, life: Lifecycle, ws: str) -> Ticket:
    """An open ticket received over the last three business days: 20% P1, 30% P2, 50% P3;
    60% unclaimed, 30% claimed by one of 20 agents, 10% waiting on the customer."""
    tier = rng.choices(["P1", "P2", "P3"], [2, 3, 5])[0]
    received = NOW - timedelta(minutes=rng.randrange(0, 3 * 24 * 60))
    ticket = Ticket(
        id=ticket_id(str(number)), workspace=ws, received=received, tier=tier,
        customer=f"customer-{rng.randrange(500)}", customer_name="Customer",
        channel=rng.choice(list(Channel)), lang=rng.choice(["en", "fr"]),
        summary=f"printer {number} prints blank pages after the update", requester="agent00",
    )  # fmt: skip
    roll = rng.random()
    if roll < 0.3:
        ticket = dataclasses.replace(
            ticket, state=State.CLAIMED, owner=rng.choice(ROLES["agent"]),
            first_response_at=received + timedelta(minutes=5),
        )  # fmt: skip
    elif roll < 0.4:
        ticket = dataclasses.replace(ticket, waiting=True, paused_at=received + timedelta(hours=1))
    return life.plan(ticket)


async def load(store: Store, ws: str, first: int, count: int, concurrency: int = 64) -> float:
    """Write ``count`` prepared tickets through ``Store.commit`` (the same atomic script,
    indexes, schedule and history as the desk), ``concurrency`` commits in flight."""
    life = Lifecycle(store.sla)
    rng = random.Random(first)
    tickets = [open_ticket(first + i, rng, life, ws) for i in range(count)]
    queue: asyncio.Queue[Ticket] = asyncio.Queue()
    for ticket in tickets:
        queue.put_nowait(ticket)

    async def writer() -> None:
        while not queue.empty():
            ticket = queue.get_nowait()
            await store.commit(None, ticket, Event(ticket.received, "loader", "created"))

    start = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(concurrency)))
    await store.redis.set(store.keys(ws).seq, first + count)
    return time.perf_counter() - start


async def time_queue_view(desk: Desk, ws: str, repeat: int) -> tuple[float, float, float]:
    """(median, p95) of Desk.queue_view, and median of the whole ``queue`` command, in ms."""
    for _ in range(5):
        await desk.queue_view(ws)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        await desk.queue_view(ws)
        samples.append(time.perf_counter() - t0)
    whole = []
    for _ in range(max(repeat // 4, 10)):
        t0 = time.perf_counter()
        reply = await desk.handle(Actor(ws, "mona"), "queue")
        whole.append(time.perf_counter() - t0)
        assert reply.ok, reply.text
    samples.sort()
    return (
        statistics.median(samples) * 1000,
        samples[int(len(samples) * 0.95) - 1] * 1000,
        statistics.median(whole) * 1000,
    )


async def queue_and_memory(url: str, sizes: list[int], repeat: int) -> list[tuple[int, ...]]:
    sync = redis.Redis.from_url(url)
    client = aioredis.from_url(url, decode_responses=True)
    store = Store(client, Sla(Policy()))
    desk = Desk(store, ManualClock(NOW))
    ws = "TQUEUE"
    await desk.directory.seed_roles(ws, ROLES)
    before = used_memory(sync)
    rows = []
    loaded = 0
    for size in sizes:
        seconds = await load(store, ws, 1001 + loaded, size - loaded)
        rate = (size - loaded) / seconds
        loaded = size
        memory = used_memory(sync) - before
        assert await store.count(ws, "open") == size
        sync.config_resetstat()
        await desk.queue_view(ws)
        stats = command_calls(sync)
        calls = sum(n for name, n in stats.items() if name not in ("info", "config|resetstat"))
        median, p95, whole = await time_queue_view(desk, ws, repeat)
        rows.append((size, rate, median, p95, whole, calls, memory))
        print(f"  loaded {size:>7,} open tickets ({rate:,.0f} commits/s); queue view "
              f"median {median:.3f} ms", flush=True)  # fmt: skip
    await client.aclose()
    sync.close()
    return rows


def memory_parts(url: str, ws: str, sample: int = 300) -> dict[str, float]:
    """Bytes per open ticket by part (MEMORY USAGE): the ticket hash and its history stream
    (mean over a sample), and the workspace's shared sorted sets divided by the tickets."""
    sync = redis.Redis.from_url(url, decode_responses=True)
    base = f"sb:{{{ws}}}"
    members = sync.zrange(f"{base}:q:open", 0, sample - 1)
    open_count = sync.zcard(f"{base}:q:open")
    parts = {
        "ticket hash": statistics.fmean(sync.memory_usage(f"{base}:t:{m}") or 0 for m in members),
        "history stream": statistics.fmean(
            sync.memory_usage(f"{base}:h:{m}") or 0 for m in members
        ),
    }
    shared = 0
    for key in sync.scan_iter(match=f"{base}:*", count=10_000):
        if key.startswith((f"{base}:q:", f"{base}:schedule")):
            shared += sync.memory_usage(key, samples=0) or 0
    parts["indexes + schedule"] = shared / open_count
    sync.close()
    return parts


async def memory_only(url: str, count: int) -> float:
    """used_memory delta per open ticket for ``count`` tickets (another server's settings)."""
    sync = redis.Redis.from_url(url)
    client = aioredis.from_url(url, decode_responses=True)
    store = Store(client, Sla(Policy()))
    before = used_memory(sync)
    await load(store, "TMEM", 1001, count)
    per = (used_memory(sync) - before) / count
    await client.aclose()
    sync.close()
    return per


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=4000, help="created+claimed per run")
    parser.add_argument("--workers", default="1,4,16", help="concurrent workers, comma list")
    parser.add_argument("--sizes", default="1000,10000,100000", help="open tickets, comma list")
    parser.add_argument("--repeat", type=int, default=200, help="queue view samples per size")
    args = parser.parse_args()
    if shutil.which("redis-benchmark") is None:
        print("redis-benchmark is not installed (apt-get install redis-tools)")
        return 2
    server = RedisServer().start()
    try:
        sync = redis.Redis(port=server.port)
        version = sync.info("server")["redis_version"]
        print(f"redis-server {version} on 127.0.0.1:{server.port} (no persistence), Python "
              f"{platform.python_version()}, redis-py {redis.__version__}\n")  # fmt: skip

        print("1. Tickets created + claimed per second through Desk.handle")
        rates = {}
        for workers in (int(w) for w in args.workers.split(",")):
            sync.flushall()
            sync.config_resetstat()
            rate, latency = asyncio.run(created_and_claimed(server.url, args.tickets, workers))
            calls = command_calls(sync)
            calls.pop("config|resetstat", None)
            calls.pop("info", None)
            rates[workers] = rate
            print(f"  {workers:>2} workers: {rate:>8,.0f} tickets/s   mean Desk.handle "
                  f"{latency:.2f} ms   {sum(calls.values()) / args.tickets:.1f} Redis "
                  "commands per ticket")  # fmt: skip
        top = sorted(calls.items(), key=lambda kv: -kv[1])[:8]
        print("  commands per ticket (incl. inside the commit script): "
              + ", ".join(f"{name} {n / args.tickets:.1f}" for name, n in top))  # fmt: skip
        sync.flushall()
        set_rate = redis_benchmark(server.port, "-t", "set")
        sha = sync.script_load(SIMPLE_SCRIPT)
        eval_rate = redis_benchmark(
            server.port, "-r", "100000", "evalsha", str(sha), "1", "bench:__rand_int__", "x"
        )
        sync.flushall()
        best = max(rates.values())
        print(f"  redis-benchmark SET     : {set_rate:>10,.0f} ops/s (50 clients, no pipeline)")
        print(f"  redis-benchmark EVALSHA : {eval_rate:>10,.0f} ops/s ({SIMPLE_SCRIPT!r})")
        print(f"  ratio, best tickets/s to SET ops/s     : 1 : {set_rate / best:,.0f} "
              f"({best / set_rate:.2%})")  # fmt: skip
        print(f"  ratio, best tickets/s to EVALSHA ops/s : 1 : {eval_rate / best:,.0f} "
              f"({best / eval_rate:.2%})\n")  # fmt: skip

        sizes = [int(s) for s in args.sizes.split(",")]
        print("2-3. The manager's queue view and memory, loading through Store.commit")
        rows = asyncio.run(queue_and_memory(server.url, sizes, args.repeat))
        print()
        print(
            f"  {'open tickets':>12} {'view median':>12} {'view p95':>10} "
            f"{'queue cmd':>10} {'cmds/view':>9} {'used_memory':>12} {'bytes/ticket':>12}"
        )
        for size, _rate, median, p95, whole, calls, memory in rows:
            print(
                f"  {size:>12,} {median:>9.3f} ms {p95:>7.3f} ms {whole:>7.3f} ms "
                f"{calls:>9} {memory / 2**20:>9.1f} MiB {memory / size:>12,.0f}"
            )
        first, last = rows[0], rows[-1]
        if len(rows) > 1:
            print(f"\n  {last[0] / first[0]:.0f}× the tickets → {last[2] / first[2]:.2f}× the "
                  f"queue view median (linear would be {last[0] / first[0]:.0f}×)")  # fmt: skip
        parts = memory_parts(server.url, "TQUEUE")
        print(f"\n  memory per open ticket at {last[0]:,} (MEMORY USAGE): "
              + ", ".join(f"{name} {b:,.0f} B" for name, b in parts.items()))  # fmt: skip
        sync.close()
    finally:
        server.stop()
    # A one-entry stream costs ~4.7 KB on Redis 7: a new stream node preallocates a 4 KB
    # listpack (min(stream-node-max-bytes, 4096)). The same load on a server started with a
    # smaller node size shows what that setting saves.
    small = RedisServer("--stream-node-max-bytes", "512").start()
    try:
        count = min(10_000, max(sizes))
        per = asyncio.run(memory_only(small.url, count))
        print(f"  with stream-node-max-bytes 512: {per:,.0f} bytes per open ticket "
              f"({count:,} tickets)")  # fmt: skip
    finally:
        small.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
