"""Acknowledged tickets lost to a kill -9 of redis-server, by persistence setting.

For each setting, several trials: start a real redis-server on a fresh data folder, send
a stream of ``ticket new`` commands through ``Desk.handle`` (16 at a time), kill -9 the
server at a random moment, restart it on the same folder and port, and count the tickets
whose creation the desk had acknowledged ("Ticket T-… created") that are missing, or are
there without their history entry or one of their timers.

    python3 benchmarks/bench_durability.py                 # 8 trials per setting
    python3 benchmarks/bench_durability.py --trials 20
    python3 benchmarks/bench_durability.py --trials 40 --only everysec --seed 7

A kill -9 stops the process, not the machine: what Redis had handed to the kernel
(write(2)) survives in the page cache. Losing the machine (power, kernel panic) is not
simulated here; see RELIABILITY.md for what each setting can lose then.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import redis.asyncio as aioredis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.clock import ManualClock
from bot.desk import Actor, Desk
from bot.directory import Customer
from bot.plan import plan
from bot.policy import Policy
from bot.redis_server import RedisServer
from bot.sla import Sla
from bot.store import Keys, Store, member_of

WS = "TBENCH"
AGENT = "ana"
START = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
SETTINGS = {
    "AOF, appendfsync always": ("--appendonly", "yes", "--appendfsync", "always"),
    "AOF, appendfsync everysec": ("--appendonly", "yes", "--appendfsync", "everysec"),
    "snapshots only (Redis's default save rules)": (
        "--appendonly", "no", "--save", "3600 1 300 100 60 10000",
    ),
}  # fmt: skip


async def stream(server: RedisServer, kill_after: float, workers: int) -> tuple[set[str], float]:
    """Create tickets until the server is killed; the ids acknowledged, and their rate."""
    client = aioredis.from_url(server.url, decode_responses=True)
    desk = Desk(Store(client, Sla(Policy())), ManualClock(START))
    await desk.directory.seed_roles(WS, {"agent": [AGENT]})
    await desk.directory.save_customer(WS, Customer("acme", "Acme", "contract"))
    acknowledged: set[str] = set()
    numbers = iter(range(10**9))
    killed_at = 0.0

    async def worker() -> None:
        while True:
            reply = await desk.handle(Actor(WS, AGENT), f"ticket new Acme printer {next(numbers)}")
            if not reply.ok:
                return  # "temporarily unavailable": the server is gone
            assert reply.ticket is not None
            acknowledged.add(reply.ticket.id)

    def kill() -> None:
        nonlocal killed_at
        killed_at = time.perf_counter()
        server.kill()

    started = time.perf_counter()
    asyncio.get_running_loop().call_later(kill_after, kill)
    await asyncio.gather(*(worker() for _ in range(workers)))
    await client.aclose()
    return acknowledged, len(acknowledged) / (killed_at - started)


async def lost(server: RedisServer, acknowledged: set[str]) -> int:
    """Acknowledged tickets missing, or missing their history or a timer."""
    client = aioredis.from_url(server.url, decode_responses=True)
    store = Store(client, Sla(Policy()))
    keys = Keys(WS)
    schedule = dict(await client.zrange(keys.schedule, 0, -1, withscores=True))
    missing = 0
    for id_ in acknowledged:
        ticket = await store.get(WS, id_)
        m = member_of(id_)
        whole = (
            ticket is not None
            and await client.xlen(keys.history(m)) == 1
            and all(schedule.get(f"{m}|{k}") == due for k, due in plan(ticket, store.sla).items())
        )
        missing += not whole
    await client.aclose()
    return missing


async def trial(
    options: tuple[str, ...], kill_after: float, workers: int
) -> tuple[int, int, float]:
    with tempfile.TemporaryDirectory(prefix="bench-durability-") as folder:
        server = RedisServer(*options, data_dir=Path(folder)).start()
        acknowledged, rate = await stream(server, kill_after, workers)
        again = RedisServer(*options, data_dir=Path(folder), port=server.port).start()
        try:
            return len(acknowledged), await lost(again, acknowledged), rate
        finally:
            again.kill()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--only", default="", help="settings whose name contains this")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # each command after the kill logs its failed metric
    chance = random.Random(args.seed)
    print(f"{args.trials} trials per setting, {args.workers} concurrent creations, kill -9 "
          f"0.5-1.5 s into the stream (seed {args.seed})")  # fmt: skip
    print(f"{'setting':46} {'acknowledged':>12} {'lost':>6} {'trials losing':>13} "
          f"{'worst trial':>11} {'tickets/s':>10}")  # fmt: skip
    for name, options in SETTINGS.items():
        if args.only not in name:
            continue
        results = [
            await trial(options, chance.uniform(0.5, 1.5), args.workers) for _ in range(args.trials)
        ]
        acked = sum(r[0] for r in results)
        gone = sum(r[1] for r in results)
        losing = sum(1 for r in results if r[1])
        worst = max(r[1] for r in results)
        rate = statistics.median(r[2] for r in results)
        print(f"{name:46} {acked:>12,} {gone:>6,} {losing:>13,} {worst:>11,} {rate:>10,.0f}")


if __name__ == "__main__":
    asyncio.run(main())
