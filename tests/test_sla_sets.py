"""Each ticket's standing against its response deadline, kept by the store's commit in one
sorted set per result and tier (``sla:met:P1``, ``sla:missed:P1``, ``sla:pending:P1``), so
that /metrics counts SLA results over a window with ZCOUNT instead of reading tickets.

Assertions read the sets back after each step of a ticket's life.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
import redis
import redis.asyncio as aioredis

from bot.plan import ms
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Event, Store, member_of, sla_entry
from bot.tickets import Channel, Lifecycle, Outcome, Ticket
from tests.redis_server import RedisServer

WS = "T0123"
START = datetime.fromisoformat("2026-11-26T10:00:00-05:00")  # Thursday, open
SLA = Sla(Policy())
LIFE = Lifecycle(SLA)
H = timedelta(hours=1)


def make(number: int, tier: str = "P1") -> Ticket:
    return LIFE.plan(Ticket(id=f"T-{number}", workspace=WS, received=START, tier=tier,
                            customer="acme", customer_name="Acme", channel=Channel.CHAT,
                            lang="en", summary="printer down", requester="alice"))  # fmt: skip


@pytest.fixture
async def store(redis_server: RedisServer, redis_client: redis.Redis) -> AsyncIterator[Store]:
    client = aioredis.from_url(redis_server.url, decode_responses=True)
    yield Store(client, SLA)
    await client.aclose()


async def standing(store: Store, ticket: Ticket) -> dict[str, float]:
    """Every SLA set of the workspace that holds the ticket, with its score."""
    prefix = store.keys(WS).sla("")
    found = {}
    async for key in store.redis.scan_iter(match=prefix + "*"):
        score = await store.redis.zscore(key, member_of(ticket.id))
        if score is not None:
            found[key[len(prefix) :]] = score
    return found


async def step(store: Store, old: Ticket | None, new: Ticket, what: str) -> Ticket:
    return await store.commit(old, new, Event(START, "alice", what))


async def test_answered_in_time_is_met_when_answered(store: Store) -> None:
    t0 = await step(store, None, make(1001), "created")
    due = ms(t0.deadline)  # 12:00
    assert await standing(store, t0) == {"pending:P1": due}
    t1 = await step(store, t0, LIFE.claim(t0, "bob", START + H), "claimed")
    assert await standing(store, t1) == {"met:P1": ms(START + H)}
    t2 = await step(store, t1, LIFE.release(t1, "bob", False), "released")
    assert await standing(store, t2) == {"met:P1": ms(START + H)}  # answered once is enough
    t3 = await step(store, t2, LIFE.resolve(t2, "done", START + 3 * H), "resolved")
    assert await standing(store, t3) == {"met:P1": ms(START + H)}


async def test_answered_late_is_missed_at_its_deadline(store: Store) -> None:
    t0 = await step(store, None, make(1001), "created")
    t1 = await step(store, t0, LIFE.claim(t0, "bob", START + 3 * H), "claimed")
    assert await standing(store, t1) == {"missed:P1": ms(t0.deadline)}
    assert sla_entry(t1) == ("missed:P1", ms(t0.deadline))


async def test_waiting_on_the_customer_takes_it_out_until_it_resumes(store: Store) -> None:
    t0 = await step(store, None, make(1001, "P2"), "created")
    t1 = await step(store, t0, LIFE.wait(t0, START + H), "waiting")
    assert await standing(store, t1) == {}
    t2 = await step(store, t1, LIFE.resume(t1, START + 2 * H), "resumed")
    assert t2.deadline > t0.deadline  # the paused hour moved it
    assert await standing(store, t2) == {"pending:P2": ms(t2.deadline)}


async def test_closed_by_the_director_unanswered_is_missed(store: Store) -> None:
    t0 = await step(store, None, make(1001, "P3"), "created")
    t1 = await step(store, t0, LIFE.put_to_review(t0), "review")
    t2 = await step(store, t1, LIFE.decide(t1, Outcome.NON_CRITICAL, START + 90 * H), "outcome")
    assert await standing(store, t2) == {"missed:P3": ms(t0.deadline)}


async def test_a_new_tier_moves_it_to_that_tiers_set(store: Store) -> None:
    t0 = await step(store, None, make(1001, "P3"), "created")
    t1 = await step(store, t0, LIFE.retier(t0, "P1", False, "acme"), "retiered")
    assert await standing(store, t1) == {"pending:P1": ms(t1.deadline)}
    assert sla_entry(dataclasses.replace(t1, milestones=None)) is None  # no deadline yet
