"""The Redis store on its own: compare-and-set commits, derived indexes, the schedule, the
history stream, idempotency, key layout (one hash tag per workspace) and outages.

Assertions read the data back (tickets, index members and scores, stream entries), never
which commands were sent.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
import redis.asyncio as aioredis
from redis.crc import key_slot

from bot.errors import Unavailable
from bot.plan import ms
from bot.policy import Policy
from bot.sla import Sla
from bot.store import (
    TIER_SPAN,
    Duplicate,
    Event,
    Keys,
    Stale,
    Store,
    index_entries,
    member,
    member_of,
    queue_score,
    ticket_id,
)
from bot.tickets import Channel, Lifecycle, Outcome, State, Ticket, Via
from tests.conftest import DeskRedis
from tests.redis_server import RedisServer

WS = "T0123"
START = datetime.fromisoformat("2026-11-26T10:00:00-05:00")
SLA = Sla(Policy())
LIFE = Lifecycle(SLA)
H = timedelta(hours=1)


def make(number: int, tier: str = "P1", received: datetime = START, **fields: object) -> Ticket:
    base = Ticket(
        id=f"T-{number}",
        workspace=WS,
        received=received,
        tier=tier,
        customer="acme",
        customer_name="Acme",
        channel=Channel.CHAT,
        lang="en",
        summary="printer down",
        requester="alice",
    )
    return LIFE.plan(dataclasses.replace(base, **fields))  # type: ignore[arg-type]


def event(what: str, who: str = "alice", at: datetime = START, detail: str = "") -> Event:
    return Event(at, who, what, detail)


@pytest.fixture
async def store(desk_redis: DeskRedis) -> AsyncIterator[Store]:
    """On one redis-server, then on the local Redis Cluster."""
    client = desk_redis.client()
    yield Store(client, SLA)
    await client.aclose()


async def indexes_of(store: Store, ticket: Ticket) -> dict[str, float]:
    """Every index of the workspace that holds the ticket, with its score."""
    keys = store.keys(WS)
    prefix = keys.index("")
    found: dict[str, float] = {}
    async for key in store.redis.scan_iter(match=prefix + "*"):
        score = await store.redis.zscore(key, member_of(ticket.id))
        if score is not None:
            found[key[len(prefix) :]] = score
    return found


async def schedule(store: Store, ticket: Ticket) -> dict[str, int]:
    rows = await store.redis.zrange(store.keys(WS).schedule, 0, -1, withscores=True)
    prefix = member_of(ticket.id) + "|"
    return {m[len(prefix) :]: int(s) for m, s in rows if m.startswith(prefix)}


# -- keys and ids ----------------------------------------------------------------------
def test_ids_and_members() -> None:
    assert member(1042) == "000001042"
    assert member_of("T-1042") == "000001042"
    assert ticket_id("000001042") == "T-1042"
    assert sorted([member(99), member(1000), member(101)]) == [member(99), member(101),
                                                               member(1000)]  # fmt: skip


@pytest.mark.parametrize("bad", ["", "T:1", "T{1}", "T 1", "{T1"])
def test_workspace_ids_that_would_break_the_hash_tag_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        Keys(bad)


async def test_every_workspace_key_shares_one_cluster_slot(store: Store) -> None:
    old = make(1001)
    created = await store.commit(None, old, event("created"), "idem-1")
    claimed = await store.commit(created, LIFE.claim(created, "bob"), event("claimed"))
    await store.next_number(WS)
    await store.redis.hset(store.keys(WS).customers, "acme", "{}")
    await store.commit(
        claimed,
        LIFE.decide(LIFE.put_to_review(claimed), Outcome.DEFECT, START),
        event("outcome", "dora"),
    )
    keys = [k async for k in store.redis.scan_iter(match="sb:{T0123}:*")]
    assert len(keys) >= 8
    assert {key_slot(k.encode()) for k in keys} == {key_slot(b"{T0123}")}
    outside = [k async for k in store.redis.scan_iter() if not k.startswith("sb:{T0123}:")]
    assert outside == ["sb:workspaces"]  # the registry of workspaces, read by the jobs


# -- compare and set ---------------------------------------------------------------------
async def test_commit_creates_then_refuses_to_create_twice(store: Store) -> None:
    ticket = make(1001)
    stored = await store.commit(None, ticket, event("created"))
    assert stored.rev == 1
    assert await store.get(WS, ticket.id) == stored
    with pytest.raises(Stale):
        await store.commit(None, dataclasses.replace(ticket, summary="other"), event("created"))
    assert await store.get(WS, ticket.id) == stored


async def test_commit_from_a_stale_read_changes_nothing(store: Store) -> None:
    created = await store.commit(None, make(1001), event("created"))
    bob = await store.commit(created, LIFE.claim(created, "bob"), event("claimed", "bob"))
    assert bob.rev == 2
    with pytest.raises(Stale):  # carol read rev 1 too
        await store.commit(created, LIFE.claim(created, "carol"), event("claimed"))
    after = await store.get(WS, created.id)
    assert after == bob and after is not None and after.owner == "bob"
    assert [e.who for e in await store.history(WS, created.id)] == ["alice", "bob"]
    assert await store.members(WS, "owner:bob") == [member_of(created.id)]
    assert await store.members(WS, "owner:carol") == []


async def test_racing_commits_from_one_read_have_one_winner(store: Store) -> None:
    created = await store.commit(None, make(1001), event("created"))
    agents = [f"a{i}" for i in range(30)]

    async def attempt(agent: str) -> str:
        try:
            await store.commit(created, LIFE.claim(created, agent), event("claimed", agent))
        except Stale:
            return "stale"
        return agent

    results = await asyncio.gather(*(attempt(a) for a in agents))
    winners = [r for r in results if r != "stale"]
    assert len(winners) == 1
    after = await store.get(WS, created.id)
    assert after is not None and (after.owner, after.rev) == (winners[0], 2)
    assert len(await store.history(WS, created.id)) == 2


async def test_idempotency_key_is_checked_in_the_same_step(store: Store) -> None:
    first = await store.commit(None, make(1001), event("created"), "ev-1")
    with pytest.raises(Duplicate) as dup:
        await store.commit(None, make(1002), event("created"), "ev-1")
    assert dup.value.ticket_id == first.id
    assert await store.get(WS, "T-1002") is None
    assert await store.members(WS, "all") == [member_of(first.id)]
    assert await store.idempotent_hit(WS, "ev-1") == first.id
    assert await store.idempotent_hit(WS, "ev-2") is None
    ttl = await store.redis.ttl(store.keys(WS).idem("ev-1"))
    assert 0 < ttl <= 86_400


async def test_ticket_numbers_start_at_1001_and_never_repeat(store: Store) -> None:
    numbers = await asyncio.gather(*(store.next_number(WS) for _ in range(50)))
    assert sorted(numbers) == list(range(1001, 1051))
    assert await store.next_number("T0456") == 1001
    assert await store.redis.smembers("sb:workspaces") == {WS, "T0456"}


# -- derived indexes -------------------------------------------------------------------
async def test_indexes_follow_the_ticket_through_its_life(store: Store) -> None:
    t0 = await store.commit(None, make(1001), event("created"))
    score = queue_score(t0)
    assert score == 1 * TIER_SPAN + ms(t0.deadline)
    assert await indexes_of(store, t0) == {
        "all": ms(START), "open": score, "customer:acme": ms(START), "new": score,
        "due": ms(t0.deadline), "arrival": ms(START),
    }  # fmt: skip

    t1 = await store.commit(t0, LIFE.claim(t0, "bob"), event("claimed"))
    assert await indexes_of(store, t1) == {  # claimed, and the customer still waits
        "all": ms(START), "open": score, "customer:acme": ms(START), "owner:bob": score,
        "due": ms(t0.deadline),
    }  # fmt: skip

    t1 = await store.commit(t1, LIFE.respond(t1, "bob", Via.PHONE, START), event("responded"))
    assert await indexes_of(store, t1) == {
        "all": ms(START), "open": score, "customer:acme": ms(START), "owner:bob": score,
    }  # fmt: skip

    t2 = await store.commit(t1, LIFE.wait(t1, START + H), event("waiting"))
    assert await indexes_of(store, t2) == {
        "all": ms(START), "open": score, "customer:acme": ms(START), "owner:bob": score,
        "waiting": score,
    }  # fmt: skip

    t3 = await store.commit(t2, LIFE.resolve(t2, "done", "bob", START + 2 * H), event("resolved"))
    assert await indexes_of(store, t3) == {"all": ms(START), "resolved": ms(START + 2 * H)}

    t4 = await store.commit(t3, LIFE.close(t3), event("closed"))
    assert await indexes_of(store, t4) == {"all": ms(START)}

    t5 = await store.commit(t4, LIFE.reopen(t4), event("reopened"))
    assert await indexes_of(store, t5) == {
        "all": ms(START), "open": score, "customer:acme": ms(START), "owner:bob": score,
    }  # fmt: skip
    assert index_entries(t5) == await indexes_of(store, t5)


async def test_queue_score_orders_tier_then_deadline_then_member(store: Store) -> None:
    p2_early = make(1001, "P2", START - 48 * H)
    p1_late = make(1002, "P1", START + H)
    p1_a = make(1003, "P1", START)
    p1_b = make(1004, "P1", START)
    p3 = make(1005, "P3", START - 96 * H)
    for ticket in (p3, p1_b, p2_early, p1_late, p1_a):
        await store.commit(None, ticket, event("created"))
    assert p2_early.deadline < p1_a.deadline
    expected = [p1_a, p1_b, p1_late, p2_early, p3]
    assert await store.members(WS, "new") == [member_of(t.id) for t in expected]
    assert await store.members(WS, "new", 0, 0) == [member_of(p1_a.id)]
    low = 2 * TIER_SPAN
    assert await store.count(WS, "new", low, low + TIER_SPAN - 1) == 1  # P2
    fetched = await store.get_many(WS, [member_of(t.id) for t in expected] + ["000009999"])
    assert [t.id for t in fetched] == [t.id for t in expected]  # missing ones are skipped


async def test_retier_moves_the_ticket_within_the_queue(store: Store) -> None:
    p1 = await store.commit(None, make(1001, "P1"), event("created"))
    p3 = await store.commit(None, make(1002, "P3", START - H), event("created"))
    assert await store.members(WS, "new") == [member_of(p1.id), member_of(p3.id)]
    moved = await store.commit(p3, LIFE.retier(p3, "P1", False, "acme"), event("retiered"))
    assert await store.members(WS, "new") == [member_of(p3.id), member_of(p1.id)]
    assert (await indexes_of(store, moved))["new"] == queue_score(moved)
    assert "breach" in await schedule(store, moved)


# -- schedule --------------------------------------------------------------------------
async def test_schedule_is_derived_from_the_ticket(store: Store) -> None:
    t0 = await store.commit(None, make(1001), event("created"))
    assert t0.milestones is not None
    unanswered = {
        "remind-30m": ms(START + 90 * timedelta(minutes=1)),
        "remind-10m": ms(START + 110 * timedelta(minutes=1)),
        "breach": ms(START + 2 * H),
        "same-day-alert": ms(START + 6 * H + 30 * timedelta(minutes=1)),  # 16:30
        "same-day": ms(START + 7 * H),  # 17:00
        "review": ms(t0.milestones.review_due),
    }
    assert await schedule(store, t0) == {**unanswered, "card": ms(START)}
    later = START + 15 * timedelta(minutes=1)
    t1 = await store.commit(t0, LIFE.claim(t0, "bob"), event("claimed", at=later))
    assert await schedule(store, t1) == {**unanswered, "card": ms(later)}  # nobody called
    t1 = await store.commit(
        t1, LIFE.respond(t1, "bob", Via.PHONE, later), event("responded", at=later)
    )
    assert await schedule(store, t1) == {"review": ms(t0.milestones.review_due),
                                         "card": ms(later)}  # fmt: skip
    t2 = await store.commit(t1, LIFE.escalate(t1, "hard", False, later), event("escalated"))
    assert (await schedule(store, t2))["page"] == ms(later)
    t3 = await store.commit(t2, LIFE.record_page(t2, ("sam",), later), event("paged"))
    assert "page" not in await schedule(store, t3)
    t4 = await store.commit(t3, LIFE.put_to_review(t3), event("review"))
    assert (await schedule(store, t4))["director"] == ms(t0.milestones.review_due)
    assert "review" not in await schedule(store, t4)
    t5 = await store.commit(t4, LIFE.decide(t4, Outcome.FEATURE, later), event("outcome"))
    assert set(await schedule(store, t5)) == {"followup", "card"}
    t6 = await store.commit(t5, LIFE.record_followup(t5, True, "ok"), event("followup"))
    assert set(await schedule(store, t6)) == {"card"}


async def test_p2_and_p3_have_a_target_notice_and_no_reminders_or_breach(store: Store) -> None:
    for number, tier in ((1001, "P2"), (1002, "P3")):
        ticket = await store.commit(None, make(number, tier), event("created"))
        assert ticket.milestones is not None
        found = await schedule(store, ticket)
        assert set(found) == {"target", "review", "card"}
        assert found["target"] == ms(ticket.milestones.response_due)


# -- history ---------------------------------------------------------------------------
async def test_history_is_a_stream_per_ticket(store: Store) -> None:
    t0 = await store.commit(None, make(1001), event("created", detail="printer down"))
    other = await store.commit(None, make(1002), event("created", "bob"))
    t1 = await store.commit(t0, LIFE.claim(t0, "bob"), event("claimed", "bob", START + H))
    await store.commit(t1, LIFE.resolve(t1, "x", "bob", START + 2 * H), event(
        "resolved", "bob", START + 2 * H, "reinstalled the driver"))  # fmt: skip
    history = await store.history(WS, t0.id)
    assert [(e.at, e.who, e.what, e.detail) for e in history] == [
        (START, "alice", "created", "printer down"),
        (START + H, "bob", "claimed", ""),
        (START + 2 * H, "bob", "resolved", "reinstalled the driver"),
    ]
    assert len(await store.history(WS, other.id)) == 1
    assert await store.redis.xlen(store.keys(WS).history(member_of(t0.id))) == 3
    assert await store.history(WS, "T-4242") == []


# -- outage ----------------------------------------------------------------------------
async def test_an_outage_becomes_unavailable() -> None:
    server = RedisServer().start()
    client = aioredis.from_url(server.url, decode_responses=True)
    try:
        store = Store(client, SLA)
        created = await store.commit(None, make(1001), event("created"))
        server.stop()
        for operation in (
            lambda: store.get(WS, created.id),
            lambda: store.commit(created, LIFE.claim(created, "bob"), event("claimed")),
            lambda: store.next_number(WS),
            lambda: store.members(WS, "new"),
            lambda: store.history(WS, created.id),
        ):
            with pytest.raises(Unavailable) as caught:
                await operation()
            assert caught.value.key == "error.unavailable"
    finally:
        await client.aclose()
        server.stop()


async def test_a_restarted_server_reloads_the_commit_script() -> None:
    server = RedisServer().start()
    client = aioredis.from_url(server.url, decode_responses=True)
    try:
        store = Store(client, SLA)
        first = await store.commit(None, make(1001), event("created"))
        await client.script_flush()  # what a restart does to the script cache
        again = await store.commit(first, LIFE.claim(first, "bob"), event("claimed"))
        assert again.rev == 2
        assert (await store.get(WS, first.id)) == again
        assert again.state is State.CLAIMED
    finally:
        await client.aclose()
        server.stop()
