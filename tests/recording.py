"""Test notifiers: they record what a person would see instead of calling a platform."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import redis

from bot.clock import Clock, SystemClock
from bot.notify import Card, Notice, NotifyError
from bot.plan import ms


class RecordingNotifier:
    """Keeps cards and notices in memory (in-process workers)."""

    def __init__(self) -> None:
        self.cards: list[Card] = []
        self.notices: list[Notice] = []
        self.digests: list[list[Notice]] = []
        self.fail_next: list[NotifyError] = []

    async def show_card(self, card: Card, ref: str | None) -> str:
        if self.fail_next:
            raise self.fail_next.pop(0)
        self.cards.append(card)
        return ref or f"C1:{card.ticket.id}"

    async def post(self, notice: Notice, card_ref: str | None) -> None:
        if self.fail_next:
            raise self.fail_next.pop(0)
        self.notices.append(notice)

    async def post_digest(self, notices: list[Notice], card_refs: list[str | None]) -> None:
        """One message for several notices: each is recorded as said, and the digest."""
        if self.fail_next:
            raise self.fail_next.pop(0)
        self.digests.append(notices)
        self.notices.extend(notices)

    def of_kind(self, prefix: str) -> list[Notice]:
        return [n for n in self.notices if n.kind.startswith(prefix)]


class RedisOffsetClock:
    """Wall-clock time plus an offset the test keeps in Redis (``test:offset_ms``), so a
    test moves a separate worker process's clock: time passes as usual, and jumps when
    the test says so."""

    KEY = "test:offset_ms"

    def __init__(self, url: str) -> None:
        self.redis = redis.Redis.from_url(url, decode_responses=True)

    def now(self) -> datetime:
        offset = int(self.redis.get(self.KEY) or 0)
        return SystemClock().now() + timedelta(milliseconds=offset)

    def set(self, instant: datetime) -> None:
        """Make ``now()`` read ``instant`` at this moment (and move on from there)."""
        self.redis.set(self.KEY, ms(instant) - ms(SystemClock().now()))


class FileOffsetClock:
    """Wall-clock time plus an offset in milliseconds read from a file at every look: the
    clock of a ``supportbot up`` the test runs, in its every process (web, worker,
    work-horses), moved by rewriting the file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)

    def now(self) -> datetime:
        try:
            with open(self.path) as file:
                offset = int(file.read().strip() or 0)
        except FileNotFoundError:
            offset = 0
        return SystemClock().now() + timedelta(milliseconds=offset)

    def set(self, instant: datetime) -> None:
        """Make ``now()`` read ``instant`` at this moment (and move on from there)."""
        temporary = self.path + ".new"
        with open(temporary, "w") as file:
            file.write(str(ms(instant) - ms(SystemClock().now())))
        os.replace(temporary, self.path)


class RedisRecordingNotifier:
    """Records into a Redis list, so a forked or separate worker process can be observed;
    each record carries when it was posted, by the worker's clock (``at_ms``) and by the
    wall clock (``wall_ms``).

    While the ``block`` key exists, a post first publishes its process id and then waits,
    which lets a test kill the work-horse in the middle of a job. A digest (one message
    for several notices, ``jobs.outbox``) is recorded notice by notice, and as a message in
    ``test:messages``; once ``test:hang_after`` messages are out, the next ones publish the
    process id and hang (without blocking the others): a batch killed half-way through.
    """

    def __init__(self, url: str, clock: Clock | None = None) -> None:
        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.clock = clock or SystemClock()

    async def show_card(self, card: Card, ref: str | None) -> str:
        return ref or f"C1:{card.ticket.id}"

    async def post(self, notice: Notice, card_ref: str | None) -> None:
        if notice.kind == "history":
            return
        if self.redis.exists("test:block"):
            self.redis.set("test:horse_pid", os.getpid())
            self.redis.blpop(["test:never"], timeout=60)
        record = {"kind": notice.kind, "text": notice.text, "mentions": list(notice.mentions),
                  "at_ms": ms(self.clock.now()), "wall_ms": int(time.time() * 1000)}  # fmt: skip
        self.redis.rpush("test:posted", json.dumps(record))

    async def post_digest(self, notices: list[Notice], card_refs: list[str | None]) -> None:
        hang_after = self.redis.get("test:hang_after")
        if hang_after is not None and self.redis.llen("test:messages") >= int(hang_after):
            self.redis.set("test:horse_pid", os.getpid())
            await asyncio.sleep(60)  # a platform call that never answers; the test kills it
        for notice in notices:
            await self.post(notice, None)
        channel = notices[0].ticket.place.channel
        self.redis.rpush("test:messages", f"{channel}|{' '.join(n.ticket.id for n in notices)}")


def serve_main(url: str) -> None:
    """``python -m tests.recording serve URL``: what ``supportbot worker`` runs (the RQ
    worker and the dispatcher, settings from the environment), with the clock moved
    through Redis and notices recorded in Redis."""
    from bot.settings import Settings
    from jobs.runtime import Runtime
    from jobs.worker import run_worker

    clock = RedisOffsetClock(url)
    notifier = RedisRecordingNotifier(url, clock)
    runtime = Runtime(url, clock=clock, notifiers=lambda: {"console": notifier})
    sys.exit(run_worker(url, settings=Settings.from_environment().worker, runtime=runtime))


def worker_main() -> None:
    """``python -m tests.recording URL NOW``: a forking RQ worker in burst mode."""
    from rq import Queue, Worker

    from bot.clock import ManualClock
    from jobs.dispatcher import QUEUE
    from jobs.runtime import Runtime, install

    url, now = sys.argv[1], datetime.fromisoformat(sys.argv[2])
    notifier = RedisRecordingNotifier(url)
    install(Runtime(url, clock=ManualClock(now), notifiers=lambda: {"console": notifier}))
    connection = redis.Redis.from_url(url)
    Worker([Queue(QUEUE, connection=connection)], connection=connection).work(burst=True)


def up_main(clock_file: str, data: str) -> None:
    """``python -m tests.recording up CLOCK_FILE DATA``: what ``supportbot up`` runs, with
    the clock of :class:`FileOffsetClock` in all its processes."""
    from bot import app
    from bot.settings import Settings

    sys.exit(
        app.up(Settings.from_environment(), Path(data), sys.stdout, FileOffsetClock(clock_file))
    )


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve_main(sys.argv[2])
    elif sys.argv[1] == "up":
        up_main(sys.argv[2], sys.argv[3])
    else:
        worker_main()
