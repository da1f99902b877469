"""The desk on a Redis Cluster against the desk on one redis-server (issue #18), in one run.

For 1, 2 and 4 desk processes (separate Python processes, each what a ``supportbot web``
process runs: ``Desk.handle`` on a client built by ``bot.connections`` with the web's
waiting pool), over 100 workspaces: tickets created (``ticket new`` with an idempotency key)
and claimed per second, and the CPU time each ticket cost the desk processes and the
redis-servers, on

- one redis-server, and
- a local Redis Cluster of three masters, each with a replica (``tests/redis_cluster.py``:
  six redis-server processes joined with ``redis-cli --cluster create``).

Each case runs ``--repeat`` times, the rounds interleaved; medians are shown. Then how the
tickets spread over the cluster's shards (hash slots, workspaces, tickets, keys and memory
per master).

    python3 benchmarks/bench_cluster.py                    # ~2.5 minutes
    python3 benchmarks/bench_cluster.py --seconds 3 --repeat 1 --processes 1,2
    python3 benchmarks/bench_cluster.py --replicas 0       # masters only

Every redis-server runs on this machine, beside the desk processes: on a small machine
they share its CPUs, so tickets per second say little about separate machines; the CPU
per ticket is what carries over. No persistence (the durability figures are in
RELIABILITY.md).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import statistics
import sys
import time
import uuid
from datetime import datetime
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis

from bot.clock import ManualClock
from bot.connections import RedisSettings
from bot.desk import Actor, Desk
from bot.directory import Customer
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Store
from tests.redis_cluster import LocalCluster, cluster_support
from tests.redis_server import RedisServer

NOW = datetime.fromisoformat("2026-11-26T10:00:00-05:00")  # a Thursday, open
AGENTS = [f"agent{i:02d}" for i in range(16)]
CONNECTIONS = 50  # the web process's pool (handlers/web.py)


def workspace_ids(count: int) -> list[str]:
    return [f"T{i:04d}" for i in range(count)]


async def seed(settings: RedisSettings, workspaces: list[str]) -> None:
    client = settings.desk()
    desk = Desk(Store(client, Sla(Policy())), ManualClock(NOW))
    for ws in workspaces:
        await desk.directory.seed_roles(ws, {"agent": AGENTS, "manager": ["mona"]})
        await desk.directory.save_customer(ws, Customer("acme", "Acme", "contract", "en"))
    await client.aclose()


# -- one desk process ------------------------------------------------------------------------
def desk_process(settings: RedisSettings, workspaces: list[str], index: int, concurrency: int,
                 seconds: float, ready: Any, go: EventType, results: Any) -> None:  # fmt: skip
    """``concurrency`` coroutines, each creating then claiming tickets in the workspaces
    in turn (each starting elsewhere), from ``go`` for ``seconds``."""

    async def main() -> tuple[int, list[float], int]:
        client = settings.desk(wait=True, max_connections=CONNECTIONS, socket_timeout=5)
        desk = Desk(Store(client, Sla(Policy())), ManualClock(NOW))
        await desk.handle(Actor(workspaces[0], "mona"), "queue")  # connect (cluster map)
        ready.put(index)
        while not go.is_set():
            await asyncio.sleep(0.01)
        end = time.monotonic() + seconds
        cpu = time.process_time()
        done, failed = 0, 0
        latencies: list[float] = []

        async def worker(n: int) -> None:
            nonlocal done, failed
            agent = AGENTS[n % len(AGENTS)]
            i = (index * concurrency + n) * 7
            while time.monotonic() < end:
                ws = workspaces[i % len(workspaces)]
                i += 1
                t0 = time.perf_counter()
                made = await desk.handle(Actor(ws, agent), "ticket new Acme printer down",
                                         uuid.uuid4().hex)  # fmt: skip
                t1 = time.perf_counter()
                if made.ticket is None:
                    failed += 1
                    continue
                claimed = await desk.handle(Actor(ws, agent), f"ticket claim {made.ticket.id}")
                t2 = time.perf_counter()
                if not claimed.ok:
                    failed += 1
                    continue
                done += 1
                latencies.extend((t1 - t0, t2 - t1))

        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        used = time.process_time() - cpu
        await client.aclose()
        return done, latencies, failed, used

    done, latencies, failed, used = asyncio.run(main())
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[int(len(ms) * 0.99)] if ms else 0.0
    results.put((index, done, statistics.fmean(ms) if ms else 0.0, p99, failed, used))


def server_cpu(ports: list[int]) -> float:
    """CPU seconds the redis-servers on ``ports`` have used so far (user + system)."""
    total = 0.0
    for port in ports:
        client = redis.Redis(port=port)
        info = client.info("cpu")
        client.close()
        total += float(info["used_cpu_user"]) + float(info["used_cpu_sys"])
    return total


def run(settings: RedisSettings, ports: list[int], workspaces: list[str], processes: int,
        concurrency: int, seconds: float) -> dict[str, float]:  # fmt: skip
    ctx = multiprocessing.get_context("spawn")
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [
        ctx.Process(target=desk_process,
                    args=(settings, workspaces, i, concurrency, seconds, ready, go, results))
        for i in range(processes)
    ]  # fmt: skip
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=120)
    before = server_cpu(ports)
    go.set()
    rows = [results.get(timeout=seconds + 120) for _ in procs]
    redis_cpu = server_cpu(ports) - before
    for p in procs:
        p.join(timeout=30)
    tickets = sum(r[1] for r in rows) or 1
    return {
        "tickets_per_s": tickets / seconds,
        "mean_ms": statistics.fmean(r[2] for r in rows),
        "p99_ms": max(r[3] for r in rows),
        "failed": sum(r[4] for r in rows),
        "desk_cpu_ms": 1000 * sum(r[5] for r in rows) / tickets,  # per ticket
        "redis_cpu_ms": 1000 * redis_cpu / tickets,  # per ticket, every server
    }


# -- how the tickets spread ------------------------------------------------------------------
def spread(cluster: LocalCluster, workspaces: list[str]) -> list[dict[str, Any]]:
    client = cluster.client()
    rows = []
    for node in sorted(cluster.masters(), key=lambda n: n.port):
        plain = redis.Redis(port=node.port, decode_responses=True)
        slots = 0
        for start, end, *hosts in plain.execute_command("CLUSTER", "SLOTS"):
            if int(hosts[0][1]) == node.port:
                slots += int(end) - int(start) + 1
        tickets = sum(1 for _ in plain.scan_iter(match="sb:{*}:t:*", count=5000))
        owned = [ws for ws in workspaces
                 if client.get_node_from_key(f"sb:{{{ws}}}").port == node.port]  # fmt: skip
        rows.append({"port": node.port, "slots": slots, "workspaces": len(owned),
                     "tickets": tickets, "keys": plain.dbsize(),
                     "memory_mb": int(plain.info("memory")["used_memory"]) / 2**20})  # fmt: skip
        plain.close()
    client.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspaces", type=int, default=100)
    parser.add_argument("--processes", default="1,2,4", help="desk process counts to run")
    parser.add_argument("--concurrency", type=int, default=8,
                        help="commands in flight per desk process")  # fmt: skip
    parser.add_argument("--seconds", type=float, default=5.0, help="each run's length")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each case, interleaved; medians are shown")  # fmt: skip
    parser.add_argument("--replicas", type=int, default=1, help="replicas per master")
    args = parser.parse_args()
    reason = cluster_support()
    if reason:
        print(f"bench_cluster: no Redis Cluster here: {reason}", file=sys.stderr)
        return 2
    counts = [int(x) for x in args.processes.split(",")]
    workspaces = workspace_ids(args.workspaces)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; "
          f"Python {platform.python_version()}; {args.workspaces} workspaces; "
          f"{args.concurrency} commands in flight per desk process; "
          f"{args.seconds:.0f} s per run")  # fmt: skip
    single = RedisServer().start()
    cluster = LocalCluster(masters=3, replicas=args.replicas).start()
    rq = RedisServer().start()  # RQ_REDIS_URL (unused by this benchmark's commands)
    info = redis.Redis(port=single.port).info("server")
    print(f"redis-server {info['redis_version']}; cluster: 3 masters + {3 * args.replicas} "
          f"replicas on ports {', '.join(str(n.port) for n in cluster.nodes)}")  # fmt: skip
    targets = {
        "one redis-server": (RedisSettings(single.url), [single.port]),
        "cluster, 3 masters": (RedisSettings(cluster.url, cluster=True, rq_url=rq.url),
                               [n.port for n in cluster.nodes]),
    }  # fmt: skip
    runs: dict[tuple[str, int], list[dict[str, float]]] = {}
    try:
        for settings, _ in targets.values():
            asyncio.run(seed(settings, workspaces))
        for round_ in range(args.repeat):  # interleaved: a noisy minute hits every case
            for n in counts:
                for name, (settings, ports) in targets.items():
                    f = run(settings, ports, workspaces, n, args.concurrency, args.seconds)
                    runs.setdefault((name, n), []).append(f)
                    print(f"  round {round_ + 1}  {name:<20} {n} desk process"
                          f"{'es' if n > 1 else '  '}: {f['tickets_per_s']:5.0f} tickets/s, "
                          f"mean {f['mean_ms']:6.1f} ms, p99 {f['p99_ms']:7.1f} ms per command, "
                          f"CPU per ticket: desk {f['desk_cpu_ms']:4.1f} ms, "
                          f"redis {f['redis_cpu_ms']:4.2f} ms; {int(f['failed'])} refused",
                          flush=True)  # fmt: skip

        def median(name: str, n: int, what: str) -> float:
            return statistics.median(r[what] for r in runs[(name, n)])

        print()
        print(f"medians of {args.repeat} runs          tickets created+claimed/s"
              "        CPU ms per ticket: desk processes / redis-servers")  # fmt: skip
        print(f"{'desk processes':<16}" + "".join(f"{name:>20}" for name in targets)
              + f"{'cluster/single':>16}" + "".join(f"{name:>24}" for name in targets))  # fmt: skip
        for n in counts:
            one, many = (median(name, n, "tickets_per_s") for name in targets)
            cpu = "".join(f"{median(name, n, 'desk_cpu_ms'):>15.1f} / "
                          f"{median(name, n, 'redis_cpu_ms'):4.2f}"
                          for name in targets)  # fmt: skip
            print(f"{n:<16}{one:>16.0f} t/s{many:>16.0f} t/s{many / one:>15.2f}×{cpu}")
        print()
        print("how the tickets spread over the cluster's masters:")
        rows = spread(cluster, workspaces)
        total = sum(r["tickets"] for r in rows) or 1
        for r in rows:
            print(f"  master :{r['port']}  {r['slots']:5d} slots  {r['workspaces']:3d} workspaces  "
                  f"{r['tickets']:7d} tickets ({100 * r['tickets'] / total:4.1f}%)  "
                  f"{r['keys']:7d} keys  {r['memory_mb']:6.1f} MB")  # fmt: skip
    finally:
        rq.stop()
        cluster.stop()
        single.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
