"""Operations figures (issue #8), in one run on one local redis-server:

1. ``supportbot export`` and ``supportbot import`` of a desk with N tickets in every state
   (``tests/world.py``: 16 lifecycles, part of them through the real timers), each run as
   the operator runs it (a process, ``REDIS_URL``), wall time and file size;
2. ``supportbot report`` over all those tickets, as a table;
3. ``GET /metrics`` and ``GET /readyz`` of a real ``supportbot web`` process on that
   Redis: latency of 200 sequential requests (p50, p99, max) and the scrape's size;
4. the cost of the command-latency metric: ``Desk.handle`` commands per second with the
   metric's Redis write and without it (the write replaced by nothing), same server.

    python3 benchmarks/bench_ops.py              # 1,000 tickets (~40 s)
    python3 benchmarks/bench_ops.py --n 10000    # ~5 minutes
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis.asyncio as aioredis

import bot.metrics
from bot.clock import ManualClock
from bot.desk import Actor, Desk
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Store
from tests.redis_server import RedisServer, free_port
from tests.world import populate

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, url: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, check=True,
                          env={**os.environ, "REDIS_URL": url}, capture_output=True,
                          text=True)  # fmt: skip
    return time.perf_counter() - started, done.stdout


def latencies(url: str, n: int) -> tuple[list[float], int]:
    found, size = [], 0
    for _ in range(n):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                size = len(response.read())
        except urllib.error.HTTPError as exc:  # /readyz answers 503 without a worker
            size = len(exc.read())
        found.append((time.perf_counter() - started) * 1000)
    return found, size


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return f"p50 {statistics.median(ordered):6.2f} ms  p99 {p99:6.2f} ms  max {ordered[-1]:6.2f} ms"


def probe_web(url: str, n: int) -> None:
    port = free_port()
    env = {**os.environ, "REDIS_URL": url, "PORT": str(port), "SLACK_BOT_TOKEN": "xoxb-bench",
           "SLACK_SIGNING_SECRET": "bench", "SUPPORTBOT_LOG_LEVEL": "WARNING"}  # fmt: skip
    web = subprocess.Popen([sys.executable, "-m", "bot.cli", "web"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise SystemExit("supportbot web did not start") from None
                time.sleep(0.05)
        latencies(f"{base}/metrics", 20)  # warm-up
        for path in ("/metrics", "/readyz", "/healthz"):
            values, size = latencies(f"{base}{path}", n)
            print(f"GET {path:<9} x{n}: {summary(values)}  ({size:,} bytes)")
    finally:
        web.terminate()
        web.wait(timeout=30)


async def throughput(url: str, commands: int) -> float:
    client = aioredis.from_url(url, decode_responses=True)
    clock = ManualClock(datetime.fromisoformat("2026-11-26T10:00:00-05:00"))
    desk = Desk(Store(client, Sla(Policy())), clock)
    await desk.directory.seed_roles("TBENCH", {"agent": ["ana"]})
    await desk.handle(Actor("TBENCH", "ana"), "help")
    started = time.perf_counter()
    for i in range(commands // 2):
        reply = await desk.handle(Actor("TBENCH", "ana"), f"ticket new Acme bench {i}")
        assert reply.ticket is not None
        await desk.handle(Actor("TBENCH", "ana"), f"ticket claim {reply.ticket.id}")
        clock.advance(timedelta(seconds=1))
    elapsed = time.perf_counter() - started
    await client.aclose()
    return commands / elapsed


async def _no_write(redis: Any, writes: Any) -> None:
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="tickets (default 1,000)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--commands", type=int, default=4000)
    args = parser.parse_args()
    print(f"{args.n:,} tickets, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    server = RedisServer().start()
    target = RedisServer().start()
    try:
        started = time.perf_counter()
        populate(server.url, args.n)
        print(
            f"made the desk (commands, timers through RQ)   {time.perf_counter() - started:7.2f} s"
        )
        with tempfile.TemporaryDirectory() as folder:
            file = Path(folder) / "supportbot.json"
            took, _ = cli("export", str(file), url=server.url)
            size = file.stat().st_size
            print(f"supportbot export                             {took:7.2f} s  "
                  f"({size / 1e6:.1f} MB, {size / args.n / 1000:.1f} kB per ticket)")  # fmt: skip
            took, _ = cli("import", str(file), url=target.url)
            print(f"supportbot import (into an empty Redis)       {took:7.2f} s")
        took, _ = cli("report", "--from", "2026-11-01", "--to", "2026-12-31", url=server.url)
        print(f"supportbot report (every ticket, table)       {took:7.2f} s")
        took, _ = cli("policy", "calendar", "--from", "2026-11-02", "--to", "2026-11-02",
                      url=server.url)  # fmt: skip
        print(f"  (a bare supportbot command, for scale)       {took:7.2f} s")
        probe_web(server.url, args.requests)
        with_metric = asyncio.run(throughput(target.url, args.commands))
        bot.metrics._write = _no_write  # type: ignore[assignment]
        without = asyncio.run(throughput(target.url, args.commands))
        print(f"Desk.handle, 1 client: {with_metric:,.0f} commands/s with the latency metric, "
              f"{without:,.0f} without (ratio {with_metric / without:.2f})")  # fmt: skip
    finally:
        server.stop()
        target.stop()


if __name__ == "__main__":
    main()
