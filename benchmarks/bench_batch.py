"""What one batch of due timers costs (issue #17): the CPU of one ``perform_batch`` job run by
a real forking ``TimerWorker``, the way ``supportbot worker`` runs it, split into the
work-horse (the timers, plus the fork and RQ's part in it) and the worker.

    python3 benchmarks/bench_batch.py                 # 1,000 timers a job, 1 timer a job
    python3 benchmarks/bench_batch.py --timers 1000 --repeat 5 --channels 50

The worker has imported what ``supportbot worker`` imports (the composition root and the
web stack), so its work-horse inherits the same heap. Each job is a fresh workspace of P1
tickets whose 30-minute reminders are due (``bench_reminders.load``), posted through the
recording notifier of ``bench_reminders`` at one post per channel and second. The job of
one timer shows the fixed cost a job pays whatever its size.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis
from rq import Queue

import bot.app  # noqa: F401  (what a worker process holds when it forks)
from benchmarks.bench_reminders import PostTimeNotifier, load
from bot.keys import Keys
from bot.policy import Policy
from bot.redis_server import RedisServer
from bot.settings import WorkerSettings
from bot.timers import Entry
from jobs.dispatcher import QUEUE
from jobs.runtime import Runtime, install
from jobs.worker import build_worker


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def one_job(url: str, workspace: str, timers: int, channels: int) -> tuple[float, float, str]:
    """(work-horse CPU s, worker CPU s, the job's result) of one batch of ``timers``."""
    due = datetime.now(UTC) + timedelta(seconds=1)
    asyncio.run(load(url, workspace, [due] * timers, channels))
    data = redis.Redis.from_url(url, decode_responses=True)
    entries = cast(
        list[tuple[str, float]], data.zrange(Keys(workspace).schedule, 0, -1, withscores=True)
    )
    batch: list[list[Any]] = []
    for text, at in entries:
        entry = Entry.parse(text)
        batch.append([entry.member, entry.kind, int(at)])
    time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()) + 0.05)
    connection = redis.Redis.from_url(url)  # RQ's: bytes
    queue = Queue(QUEUE, connection=connection)
    job = queue.enqueue("jobs.tasks.perform_batch", workspace, batch)
    worker = build_worker(connection, queue, WorkerSettings())
    horse, parent = cpu(resource.RUSAGE_CHILDREN), cpu(resource.RUSAGE_SELF)
    worker.work(burst=True, logging_level="WARNING")
    horse, parent = cpu(resource.RUSAGE_CHILDREN) - horse, cpu(resource.RUSAGE_SELF) - parent
    return horse, parent, str(job.return_value())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timers", type=int, default=1000, help="timers in the large job")
    parser.add_argument("--channels", type=int, default=50, help="channels they post in")
    parser.add_argument("--repeat", type=int, default=5, help="jobs of each size")
    args = parser.parse_args()
    server = RedisServer().start()
    try:
        notifier = PostTimeNotifier(server.url)
        install(
            Runtime(server.url, Policy(), notifiers=lambda: {"console": notifier}, channel_pace=1.0)
        )
        print(
            f"Python {sys.version.split()[0]}, redis-py {redis.__version__}; "
            f"{args.repeat} jobs of each size, a fresh workspace each"
        )
        for size in (args.timers, 1):
            horses, parents = [], []
            for n in range(args.repeat):
                horse, parent, result = one_job(
                    server.url, f"TBATCH{size}-{n}", size, min(size, args.channels)
                )
                horses.append(horse)
                parents.append(parent)
            print(
                f"{size:>6,} timers a job ({result}): work-horse CPU median "
                f"{statistics.median(horses) * 1000:.0f} ms (min {min(horses) * 1000:.0f}), "
                f"{statistics.median(horses) * 1000 / size:.3f} ms a timer; worker "
                f"{statistics.median(parents) * 1000:.0f} ms a job"
            )
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
