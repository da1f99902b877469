"""A populated desk for the export/import round trip, the report and the benchmark: tickets
in every state, made through the desk's commands, with part of them taken through the real
timers (cards, reminders, breaches, pages, a job that fails) by an RQ worker.

``populate(url, n)`` needs an empty redis-server at ``url``; it returns the clock it left.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

import redis
import redis.asyncio as aioredis
from rq import Queue, SimpleWorker

from bot.clock import ManualClock
from bot.conversations import Conversations
from bot.desk import Actor, Desk
from bot.notify import Card
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Store
from jobs.dispatcher import QUEUE, Dispatcher
from jobs.runtime import Runtime, install
from tests.recording import RecordingNotifier

T = TypeVar("T")
TIMED = "T0123"  # its timers run through RQ
QUIET = "T0456"  # its timers are left in the schedule
START = datetime.fromisoformat("2026-11-02T09:30:00-05:00")  # a Monday, open
PEOPLE = {"agent": ["ana", "alex", "lea"], "senior": ["sam"], "manager": ["max"],
          "director": ["dora"]}  # fmt: skip
CUSTOMERS = (
    "customer add Acme entitlement=contract",
    "customer add Beta entitlement=maintenance",
    "customer add Gamma entitlement=none lang=fr",
    "customer add Delta entitlement=contract after_hours=yes",
    "customer add Epsilon entitlement=maintenance lang=fr",
)
NAMES = ("Acme", "Beta", "Gamma", "Delta", "Epsilon", "Unknown Co")


class FailingOnce(RecordingNotifier):
    """Raises on T-1001's card (as a platform SDK bug would) while ``failures`` lasts."""

    failures = 0

    async def show_card(self, card: Card, ref: str | None) -> str:
        if FailingOnce.failures and card.ticket.id == "T-1001":
            FailingOnce.failures -= 1
            raise RuntimeError("card renderer crashed")
        return await super().show_card(card, ref)


class World:
    def __init__(self, url: str, clock: ManualClock) -> None:
        self.url = url
        self.clock = clock
        self.sync = redis.Redis.from_url(url)
        self.notifier = FailingOnce()
        install(Runtime(url, Policy(), clock, lambda: {"console": self.notifier}, 0.0))

    def run(self, work: Callable[[Desk], Awaitable[T]]) -> T:
        async def main() -> T:
            client = aioredis.from_url(self.url, decode_responses=True)
            try:
                return await work(Desk(Store(client, Sla(Policy())), self.clock))
            finally:
                await client.aclose()

        return asyncio.run(main())

    def timers(self, until: datetime) -> None:
        """Move the clock and run every timer due by then, with a real RQ worker."""
        self.clock.set(until)
        queue = Queue(QUEUE, connection=self.sync)
        dispatcher = Dispatcher(self.sync, self.clock, queue)
        while dispatcher.tick():
            SimpleWorker([queue], connection=self.sync).work(burst=True, logging_level="WARNING")


async def say(desk: Desk, ws: str, user: str, text: str) -> str:
    reply = await desk.handle(Actor(ws, user), text)
    assert reply.ok, f"{text}: {reply.text}"
    return reply.text


async def setup(desk: Desk, ws: str) -> None:
    await desk.directory.seed_roles(ws, PEOPLE)
    for line in CUSTOMERS:
        await say(desk, ws, "max", line)
    await say(desk, ws, "max", "version add Acomba 10.1 2025-01-15")
    await say(desk, ws, "max", "version add Acomba 11.0 2025-09-01")
    await say(desk, ws, "lea", "lang fr")


async def lifecycle(desk: Desk, ws: str, i: int, clock: ManualClock) -> None:
    """Ticket number i: created, then taken to one of sixteen states."""
    name = NAMES[i % len(NAMES)]
    extra = ("channel=phone ", "channel=email ", "", "product=Acomba version=10.1 ")[i % 4]
    reply = await desk.handle(Actor(ws, "ana"), f"ticket new {name} {extra}problem number {i}",
                              idempotency_key=f"intake-{ws}-{i}")  # fmt: skip
    assert reply.ok and reply.ticket is not None, reply.text
    tid = reply.ticket.id
    step = i % 16
    steps: list[tuple[str, str]] = {
        0: [],
        1: [("alex", "claim")],
        2: [("alex", "claim"), ("alex", "respond phone called back"), ("alex", "wait")],
        3: [("ana", "respond email asked for the logs"), ("ana", "wait")],
        4: [("alex", "claim"), ("alex", "resolve replaced the cable")],
        5: [("lea", "claim"), ("lea", "resolve documentation: chapter 4"), ("lea", "close")],
        6: [("alex", "claim"), ("alex", "resolve done"), ("ana", "reopen still broken")],
        7: [("max", "escalate override needs a senior")],
        8: [("alex", "claim"), ("alex", "release")],
        9: [("sam", "reassign ana")],
        10: [
            ("lea", "claim"),
            ("lea", "respond chat sent the steps"),
            ("lea", "wait"),
            ("lea", "resume"),
        ],
        11: [("ana", "resolve documentation: see FAQ")],
        12: [],
        13: [("dora", "outcome non-critical"), ("alex", "followup satisfied thanks")],
        14: [("dora", "outcome defect crash on save")],
        15: [("lea", "claim"), ("dora", "outcome feature"), ("lea", "followup unsatisfied")],
    }[step]
    if step >= 12:  # what the 10-business-day timer does
        await desk.change(ws, tid, desk.lifecycle.put_to_review, "supportbot", "review")
    for user, words in steps:
        verb, _, rest = words.partition(" ")
        clock.advance(timedelta(minutes=3))
        await say(desk, ws, user, f"ticket {verb} {tid} {rest}".strip())


def populate(url: str, n: int = 1000, timed: int = 32) -> World:
    """``timed`` tickets in TIMED (their timers run), the rest in QUIET; every ticket goes
    through one of sixteen lifecycles, the clock moving 7 minutes between two tickets."""
    world = World(url, ManualClock(START))
    world.run(lambda desk: setup(desk, TIMED))

    async def make(desk: Desk, ws: str, numbers: range) -> None:
        for i in numbers:
            world.clock.advance(timedelta(minutes=7))
            await lifecycle(desk, ws, i, world.clock)

    world.run(lambda desk: make(desk, TIMED, range(timed)))
    FailingOnce.failures = 4  # one card job fails every attempt: RQ gives up, managers see it
    world.timers(world.clock.now())
    world.timers(world.clock.now() + timedelta(hours=3))  # reminders, breaches, pages
    assert world.notifier.of_kind("remind") and world.notifier.of_kind("page")

    async def rest(desk: Desk) -> None:
        await setup(desk, QUIET)
        await make(desk, QUIET, range(timed, n))
        await say(desk, QUIET, "max", "customer update Beta entitlement=contract")  # re-tiers
        talk = Conversations(desk.store)
        await talk.remember(QUIET, "19:abc@thread.tacv2", {"serviceUrl": "https://smba.test/"},
                            ("ana", "29:ana-aad-id", "Ana Tremblay"))  # fmt: skip
        key = desk.store.keys(QUIET).slack_seen("event", "Ev123")
        await desk.store.redis.set(key, "1", ex=3600)  # a Slack delivery seen

    world.run(rest)
    return world
