"""The desk and real RQ jobs on one injected clock: what the timer tests drive.

The desk runs on its own event loop; RQ's SimpleWorker runs the due jobs in the main
thread between desk calls (a job runs its own event loop, as in a worker process)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from rq import Queue, SimpleWorker

from bot.clock import ManualClock
from bot.desk import Actor, Desk
from bot.notify import Notice
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Store
from jobs.dispatcher import QUEUE, Dispatcher
from tests.recording import RecordingNotifier

if TYPE_CHECKING:
    from tests.conftest import DeskRedis

T = TypeVar("T")
WS = "T0123"
THURSDAY_10 = datetime.fromisoformat("2026-11-26T10:00:00-05:00")
PEOPLE = {"agent": ["ana", "alex"], "senior": ["sam"], "manager": ["max"], "director": ["dora"]}


class BurstWorker(SimpleWorker):
    """RQ's SimpleWorker without its command channel, which a burst in a test never uses:
    stopping its pubsub thread can wait out the thread's whole 1 s join timeout (a race in
    RQ's ``unsubscribe``), which added seconds to these tests."""

    def subscribe(self) -> None:
        pass

    def unsubscribe(self) -> None:
        pass


class Harness:
    """The desk on its own event loop; RQ's SimpleWorker runs the jobs in the main thread
    between desk calls (a job runs its own event loop, as in a worker process)."""

    def __init__(self, place: DeskRedis, clock: ManualClock, notifier: RecordingNotifier) -> None:
        self.url = place.url
        self.loop = asyncio.new_event_loop()
        self.client = place.client()
        self.desk = Desk(Store(self.client, Sla(Policy())), clock)
        self.clock = clock
        self.notifier = notifier
        self.sync = place.sync()  # the desk's data (a cluster client on the cluster)
        self.rq = place.queue()  # RQ's Redis
        self.queue = Queue(QUEUE, connection=self.rq)
        self.dispatcher = Dispatcher(self.sync, clock, self.queue)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    def say(self, user: str, text: str) -> str:
        return self.run(self.desk.handle(Actor(WS, user), text)).text

    def at(self, when: datetime) -> None:
        """Move the clock, then run with a real RQ worker every timer due by then."""
        self.clock.set(when)
        while self.dispatcher.tick():
            BurstWorker([self.queue], connection=self.rq).work(burst=True)

    def schedule(self) -> dict[str, float]:
        raw = self.sync.zrange(f"sb:{{{WS}}}:schedule", 0, -1, withscores=True)
        return {m.decode(): s for m, s in raw}


def pings(h: Harness) -> list[Notice]:
    """Notices that speak to people (not the history lines under the card)."""
    return [n for n in h.notifier.notices if n.kind != "history"]
