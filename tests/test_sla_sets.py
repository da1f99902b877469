"""Each ticket's standing against the customer's promises, kept by the store's commit in one
sorted set per result and tier: the first response against the 2-hour window
(``sla:met:P1``, ``sla:missed:P1``, ``sla:pending:P1``) and, for P1, against the same
business day (``sla:same-day:met:P1`` …), so that /metrics and the queue count SLA results
over a window with ZCOUNT instead of reading tickets. Only a response stops a clock.

Assertions read the sets back after each step of a ticket's life.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
import redis
import redis.asyncio as aioredis

from bot.errors import Conflict
from bot.plan import ms
from bot.policy import Policy
from bot.sla import Sla
from bot.store import RESPONSE, SAME_DAY, Event, Store, member_of, sla_entries
from bot.tickets import Channel, Lifecycle, Outcome, Ticket, Via
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


async def test_a_claim_is_not_a_response_and_a_response_in_time_is_met(store: Store) -> None:
    t0 = await step(store, None, make(1001), "created")
    response_due, same_day = ms(START + 2 * H), ms(START + 7 * H)  # 12:00, 17:00
    pending = {"pending:P1": response_due, "same-day:pending:P1": same_day}
    assert await standing(store, t0) == pending
    t1 = await step(store, t0, LIFE.claim(t0, "bob"), "claimed")
    t2 = await step(store, t1, LIFE.release(t1, "bob", False), "released")
    assert await standing(store, t2) == pending  # ownership changed; the customer waits
    t3 = await step(store, t2, LIFE.respond(t2, "bob", Via.PHONE, START + H), "responded")
    met = {"met:P1": ms(START + H), "same-day:met:P1": ms(START + H)}
    assert await standing(store, t3) == met
    t4 = await step(store, t3, LIFE.resolve(t3, "done", "bob", START + 3 * H), "resolved")
    assert await standing(store, t4) == met
    assert (t4.first_response_by, t4.first_response_via, t4.responses) == ("bob", "phone", 1)


async def test_after_two_hours_but_before_the_close_misses_one_promise_only(
    store: Store,
) -> None:
    t0 = await step(store, None, make(1001), "created")
    t1 = await step(store, t0, LIFE.claim(t0, "bob"), "claimed")
    answered = START + 3 * H  # 13:00: after 12:00, before 17:00
    t2 = await step(store, t1, LIFE.respond(t1, "bob", Via.EMAIL, answered), "responded")
    assert await standing(store, t2) == {
        "missed:P1": ms(START + 2 * H),
        "same-day:met:P1": ms(answered),
    }
    assert sla_entries(t2) == {
        RESPONSE: ("missed:P1", ms(START + 2 * H)),
        SAME_DAY: ("same-day:met:P1", ms(answered)),
    }


async def test_resolving_a_never_answered_ticket_is_its_response(store: Store) -> None:
    t0 = await step(store, None, make(1001, "P2"), "created")
    t1 = await step(store, t0, LIFE.resolve(t0, "documentation", "ana", START + H), "resolved")
    assert await standing(store, t1) == {"met:P2": ms(START + H)}
    assert (t1.first_response_by, t1.first_response_via) == ("ana", "resolution")


async def test_waiting_comes_after_a_response_and_changes_no_figure(store: Store) -> None:
    t0 = await step(store, None, make(1001, "P2"), "created")
    with pytest.raises(Conflict) as refused:
        LIFE.wait(t0, START + H)
    assert refused.value.key == "conflict.wait_unanswered"
    t1 = await step(store, t0, LIFE.respond(t0, "bob", Via.CHAT, START + H), "responded")
    t2 = await step(store, t1, LIFE.wait(t1, START + 2 * H), "waiting")
    t3 = await step(store, t2, LIFE.resume(t2, START + 20 * H), "resumed")
    assert await standing(store, t3) == {"met:P2": ms(START + H)}
    assert t3.milestones == t0.milestones  # the review still counts from the request


async def test_closed_by_the_director_unanswered_is_missed(store: Store) -> None:
    t0 = await step(store, None, make(1001, "P3"), "created")
    t1 = await step(store, t0, LIFE.put_to_review(t0), "review")
    t2 = await step(store, t1, LIFE.decide(t1, Outcome.NON_CRITICAL, START + 90 * H), "outcome")
    assert await standing(store, t2) == {"missed:P3": ms(t0.milestones.response_due)}


async def test_a_new_tier_replans_the_unanswered_and_keeps_the_answered(store: Store) -> None:
    t0 = await step(store, None, make(1001, "P3"), "created")
    t1 = await step(store, t0, LIFE.retier(t0, "P1", False, "acme"), "retiered")
    assert await standing(store, t1) == {  # 2 business hours from the original receipt
        "pending:P1": ms(START + 2 * H),
        "same-day:pending:P1": ms(START + 7 * H),
    }
    u0 = await step(store, None, make(1002, "P3"), "created")
    u1 = await step(store, u0, LIFE.respond(u0, "bob", Via.PHONE, START + H), "responded")
    u2 = await step(store, u1, LIFE.retier(u1, "P1", False, "acme"), "retiered")
    assert u2.tier == "P1" and u2.milestones == u1.milestones
    assert await standing(store, u2) == {"met:P3": ms(START + H)}  # earned as P3
    assert sla_entries(dataclasses.replace(t1, milestones=None)) == {}  # no deadline yet


async def test_tickets_stored_before_responses_read_their_claim_as_the_response() -> None:
    legacy = json.loads(make(1001).to_json())
    for field in ("first_response_by", "first_response_via", "responses", "answered_tier"):
        del legacy[field]
    legacy.update(state="claimed", owner="bob", first_response_at=(START + H).isoformat())
    ticket = Ticket.from_json(json.dumps(legacy))
    assert ticket.answered and ticket.first_response_via == "claim"
    assert (ticket.first_response_by, ticket.sla_tier) == ("bob", "P1")
    assert sla_entries(ticket)[RESPONSE] == ("met:P1", ms(START + H))
