"""Test notifiers: they record what a person would see instead of calling a platform."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime

import redis

from bot.notify import Card, Notice, NotifyError


class RecordingNotifier:
    """Keeps cards and notices in memory (in-process workers)."""

    def __init__(self) -> None:
        self.cards: list[Card] = []
        self.notices: list[Notice] = []
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

    def of_kind(self, prefix: str) -> list[Notice]:
        return [n for n in self.notices if n.kind.startswith(prefix)]


class RedisRecordingNotifier:
    """Records into a Redis list, so a forked or separate worker process can be observed.

    While the ``block`` key exists, a post first publishes its process id and then waits,
    which lets a test kill the work-horse in the middle of a job.
    """

    def __init__(self, url: str) -> None:
        self.redis = redis.Redis.from_url(url, decode_responses=True)

    async def show_card(self, card: Card, ref: str | None) -> str:
        return ref or f"C1:{card.ticket.id}"

    async def post(self, notice: Notice, card_ref: str | None) -> None:
        if notice.kind == "history":
            return
        if self.redis.exists("test:block"):
            self.redis.set("test:horse_pid", os.getpid())
            self.redis.blpop(["test:never"], timeout=60)
        self.redis.rpush("test:posted", json.dumps({"kind": notice.kind, "text": notice.text,
                                                   "mentions": list(notice.mentions)}))  # fmt: skip


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


if __name__ == "__main__":
    worker_main()
