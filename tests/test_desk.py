"""The desk end to end, against a real redis-server: what a person reads back and what the
store holds afterwards (ticket fields, index membership, the schedule, the history).

The clock is a ManualClock that starts on Thursday 2026-11-26 at 10:00 Eastern (an open
business day in Québec); tests move it instead of sleeping.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
import redis.asyncio as aioredis

from bot.clock import ManualClock
from bot.desk import Actor, Desk, noted
from bot.i18n import said, t
from bot.plan import ms
from bot.policy import Policy
from bot.replies import Reply
from bot.roles import Role
from bot.sla import Sla
from bot.store import Store, member_of
from bot.tickets import Channel, State, Ticket
from tests.conftest import DeskRedis
from tests.redis_server import RedisServer

WS = "T0123"
OTHER_WS = "T0456"
START = datetime.fromisoformat("2026-11-26T10:00:00-05:00")
H = timedelta(hours=1)
M = timedelta(minutes=1)
ROLES = {
    "agent": ["alice", "bob"],
    "senior": ["sam"],
    "manager": ["mona"],
    "director": ["dora"],
}


def local(text: str) -> datetime:
    """An Eastern wall-clock time on the test's dates, e.g. local('2026-11-26 12:00')."""
    return datetime.fromisoformat(text.replace(" ", "T") + ":00-05:00")


# -- fixtures --------------------------------------------------------------------------
@pytest.fixture
async def client(desk_redis: DeskRedis) -> AsyncIterator[aioredis.Redis]:
    """On one redis-server, then on the local Redis Cluster."""
    aclient = desk_redis.client()
    yield aclient
    await aclient.aclose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def desk(client: aioredis.Redis, clock: ManualClock) -> Desk:
    d = Desk(Store(client, Sla(Policy())), clock)
    await d.directory.seed_roles(WS, ROLES)
    return d


async def say(
    desk: Desk,
    user: str,
    text: str,
    *,
    ws: str = WS,
    locale: str | None = None,
    key: str | None = None,
) -> Reply:
    return await desk.handle(Actor(ws, user, locale=locale), text, key)


async def customers(desk: Desk, ws: str = WS) -> None:
    """Acme holds a support contract (P1), Beta pays maintenance (P2), Gamma neither (P3)."""
    for line in (
        "customer add Acme entitlement=contract",
        "customer add Beta entitlement=maintenance",
        "customer add Gamma entitlement=none lang=fr",
    ):
        reply = await say(desk, "mona", line, ws=ws)
        assert reply.ok, reply.text


async def review(desk: Desk, id_: str) -> None:
    """What the 10-business-day timer does (tests/test_jobs.py runs the real one)."""
    await desk.change(WS, id_, desk.lifecycle.put_to_review, "system", "review")


async def new(desk: Desk, text: str, user: str = "alice", ws: str = WS) -> Ticket:
    reply = await say(desk, user, f"ticket new {text}", ws=ws)
    assert reply.ok and reply.ticket is not None, reply.text
    return reply.ticket


async def stored(desk: Desk, id_: str, ws: str = WS) -> Ticket:
    ticket = await desk.store.get(ws, id_)
    assert ticket is not None
    return ticket


async def index(desk: Desk, name: str, ws: str = WS) -> list[str]:
    """Ticket ids in an index, in index order."""
    return [f"T-{int(m)}" for m in await desk.store.members(ws, name)]


async def schedule(desk: Desk, id_: str, ws: str = WS) -> dict[str, int]:
    """kind → due (epoch ms) of the ticket's entries in the workspace's schedule zset."""
    rows = await desk.store.redis.zrange(f"sb:{{{ws}}}:schedule", 0, -1, withscores=True)
    prefix = member_of(id_) + "|"
    return {m[len(prefix) :]: int(score) for m, score in rows if m.startswith(prefix)}


def ids_in(text: str) -> list[str]:
    return [word for word in text.split() if word.startswith("T-")]


# -- concurrency and idempotency -------------------------------------------------------
async def test_fifty_concurrent_claims_give_one_owner(
    desk_redis: DeskRedis, desk: Desk, clock: ManualClock
) -> None:
    await customers(desk)
    ticket = await new(desk, "Acme printer down")
    agents = [f"agent{i:02d}" for i in range(50)]
    await desk.directory.seed_roles(WS, {"agent": agents})
    clients = [desk_redis.client() for _ in agents]
    try:
        desks = [Desk(Store(c, Sla(Policy())), clock) for c in clients]
        replies = await asyncio.gather(
            *(
                d.handle(Actor(WS, agent), f"ticket claim {ticket.id}")
                for d, agent in zip(desks, agents, strict=True)
            )
        )
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))

    after = await stored(desk, ticket.id)
    assert after.state is State.CLAIMED
    assert after.owner in agents
    winners = [r for r in replies if r.ok]
    assert [r.text for r in winners] == [f"You claimed {ticket.id} (Acme)."]
    losers = [r.text for r in replies if not r.ok]
    assert losers == [f"{ticket.id} is already claimed by {after.owner}."] * 49
    assert after.rev == 2  # created, claimed: no lost or double write
    history = await desk.store.history(WS, ticket.id)
    assert [(e.who, e.what) for e in history] == [("alice", "created"), (after.owner, "claimed")]
    assert await index(desk, f"owner:{after.owner}") == [ticket.id]
    assert await index(desk, "new") == []


async def test_concurrent_next_hands_out_each_ticket_once(desk: Desk) -> None:
    await customers(desk)
    made = [await new(desk, f"Acme problem {i}") for i in range(3)]
    agents = [f"agent{i}" for i in range(5)]
    await desk.directory.seed_roles(WS, {"agent": agents})
    replies = await asyncio.gather(*(say(desk, a, "ticket next") for a in agents))
    claimed = sorted(r.ticket.id for r in replies if r.ticket is not None)
    assert claimed == sorted(tk.id for tk in made)
    assert sorted(r.text for r in replies if r.ticket is None) == ["The queue is empty."] * 2
    owners = {(await stored(desk, tk.id)).owner for tk in made}
    assert len(owners) == 3


async def test_repeated_idempotency_key_creates_one_ticket(desk: Desk) -> None:
    await customers(desk)
    first = await say(desk, "alice", "ticket new Acme printer down", key="slack-ev-1")
    again = await say(desk, "alice", "ticket new Acme printer down", key="slack-ev-1")
    assert first.ok and again.ok
    assert first.ticket is not None and again.ticket is not None
    assert again.ticket.id == first.ticket.id
    assert again.text == first.text
    assert await index(desk, "all") == [first.ticket.id]
    assert await index(desk, "new") == [first.ticket.id]
    assert len(await desk.store.history(WS, first.ticket.id)) == 1
    # a different key is a different request
    other = await say(desk, "alice", "ticket new Acme printer down", key="slack-ev-2")
    assert other.ticket is not None and other.ticket.id != first.ticket.id
    assert await desk.store.count(WS, "all") == 2


async def test_idempotency_key_retried_concurrently_creates_one_ticket(desk: Desk) -> None:
    await customers(desk)
    replies = await asyncio.gather(
        *(say(desk, "alice", "ticket new Beta scanner jams", key="retry-7") for _ in range(10))
    )
    assert all(r.ok for r in replies), [r.text for r in replies]
    assert len({r.ticket.id for r in replies if r.ticket}) == 1
    assert await desk.store.count(WS, "all") == 1
    assert await desk.store.count(WS, "open") == 1


async def test_idempotency_keys_are_per_workspace(desk: Desk) -> None:
    await desk.directory.seed_roles(OTHER_WS, {"agent": ["alice"]})
    a = await say(desk, "alice", "ticket new Acme a", key="k")
    b = await say(desk, "alice", "ticket new Acme b", ws=OTHER_WS, key="k")
    assert a.ticket is not None and b.ticket is not None
    assert a.ticket.summary == "Acme a" and b.ticket.summary == "Acme b"  # Acme: unknown here
    assert await desk.store.count(WS, "all") == 1
    assert await desk.store.count(OTHER_WS, "all") == 1


# -- queue order ---------------------------------------------------------------------
async def test_queue_order_tier_then_deadline_then_arrival(desk: Desk, clock: ManualClock) -> None:
    await customers(desk)
    p3_early = await new(desk, "Zed question")  # unknown customer: P3
    p2_early = await new(desk, "Beta report wrong")
    p1_early = await new(desk, "Acme cannot post invoices")  # due 12:00
    clock.advance(30 * M)
    p2_late = await new(desk, "Beta slow")
    p1_a = await new(desk, "Acme down")  # due 12:30
    p1_b = await new(desk, "Acme also down")  # due 12:30, same deadline: arrival order
    p3_late = await new(desk, "Gamma hello")
    assert (p1_a.deadline, p1_b.deadline) == (local("2026-11-26 12:30"),) * 2
    expected = [p1_early, p1_a, p1_b, p2_early, p2_late, p3_early, p3_late]
    assert [tk.tier for tk in expected] == ["P1"] * 3 + ["P2"] * 2 + ["P3"] * 2

    assert await index(desk, "new") == [tk.id for tk in expected]
    listed = await say(desk, "alice", "ticket list unclaimed")
    assert ids_in(listed.text) == [tk.id for tk in expected]
    queue = await say(desk, "mona", "queue")
    assert queue.queue is not None
    assert [tk.id for tk in queue.queue.head] == [tk.id for tk in expected[:3]]

    for agent, want in zip(["alice", "bob", "sam", "alice"], expected, strict=False):
        reply = await say(desk, agent, "ticket next")
        assert reply.ticket is not None and reply.ticket.id == want.id, reply.text
        assert reply.text.startswith(f"You claimed {want.id} (")
        assert (await stored(desk, want.id)).owner == agent
    assert await index(desk, "new") == [tk.id for tk in expected[4:]]


async def test_tier_beats_an_earlier_deadline(desk: Desk, clock: ManualClock) -> None:
    await customers(desk)
    p2 = await new(desk, "Beta export fails")  # Thu 10:00 → due Fri 10:00
    clock.set(local("2026-11-27 09:00"))
    p1 = await new(desk, "Acme export fails")  # Fri 09:00 → due Fri 11:00
    assert p2.deadline < p1.deadline
    assert await index(desk, "new") == [p1.id, p2.id]
    reply = await say(desk, "bob", "ticket next")
    assert reply.ticket is not None and reply.ticket.id == p1.id


async def test_earlier_deadline_first_within_a_tier_even_if_created_later(
    desk: Desk, clock: ManualClock
) -> None:
    await customers(desk)
    x = await new(desk, "Beta first")  # due Fri 10:00
    clock.advance(30 * M)
    y = await new(desk, "Beta second")  # due Fri 10:30
    assert await index(desk, "new") == [x.id, y.id]
    clock.advance(10 * M)
    await say(desk, "alice", f"ticket respond {x.id} email sent the fix")
    await say(desk, "alice", f"ticket wait {x.id}")
    assert await index(desk, "new") == [y.id]  # a waiting ticket is not handed out
    nxt = await say(desk, "bob", "ticket next")
    assert nxt.ticket is not None and nxt.ticket.id == y.id
    await say(desk, "bob", f"ticket release {y.id}")
    clock.advance(H)
    await say(desk, "alice", f"ticket resume {x.id}")  # waiting moves no deadline
    assert (await stored(desk, x.id)).deadline == local("2026-11-27 10:00")
    assert await index(desk, "new") == [x.id, y.id]


# -- re-tiering, unknown customers, phone ----------------------------------------------
async def test_entitlement_change_retiers_open_tickets(desk: Desk, clock: ManualClock) -> None:
    await customers(desk)
    gamma = await new(desk, "Gamma payroll stuck")  # P3 at 10:00: due Mon 10:00
    acme = await new(desk, "Acme payroll stuck")  # P1 at 10:00: due 12:00
    beta = await new(desk, "Beta payroll stuck")  # P2: due Fri 10:00
    gamma_done = await new(desk, "Gamma old question")
    await say(desk, "alice", f"ticket resolve {gamma_done.id} answered")
    assert gamma.tier == "P3" and gamma.deadline == local("2026-11-30 10:00")
    assert await index(desk, "new") == [acme.id, beta.id, gamma.id]
    assert "remind-30m" not in await schedule(desk, gamma.id)

    clock.advance(30 * M)
    reply = await say(desk, "mona", "customer update Gamma entitlement=contract")
    assert reply.ok, reply.text
    assert "1 open ticket moved to P1 with new deadlines." in reply.text

    after = await stored(desk, gamma.id)
    assert after.tier == "P1"
    assert after.deadline == local("2026-11-26 12:00")  # from receipt, on the P1 target
    assert after.milestones is not None
    assert after.milestones.same_day_due == local("2026-11-26 17:00")
    # same deadline as Acme's ticket, received earlier: it now heads the queue
    assert await index(desk, "new") == [gamma.id, acme.id, beta.id]
    plan = await schedule(desk, gamma.id)
    assert plan["breach"] == ms(local("2026-11-26 12:00"))
    assert plan["remind-30m"] == ms(local("2026-11-26 11:30"))
    assert plan["remind-10m"] == ms(local("2026-11-26 11:50"))
    history = await desk.store.history(WS, gamma.id)
    assert (history[-1].who, history[-1].what, history[-1].detail) == ("mona", "retiered", "P1")
    assert history[-1].at == clock.now()
    # a resolved ticket is not re-tiered
    assert (await stored(desk, gamma_done.id)).tier == "P3"

    back = await say(desk, "mona", "customer update Gamma entitlement=maintenance", locale="fr")
    assert "1 billet ouvert passé en P2 avec de nouvelles échéances." in back.text
    assert (await stored(desk, gamma.id)).tier == "P2"
    assert await index(desk, "new") == [acme.id, gamma.id, beta.id]  # Fri 10:00 tie: arrival


async def test_customer_import_retiers_too(desk: Desk) -> None:
    await customers(desk)
    ticket = await new(desk, "Beta login loop")
    reply = await say(
        desk, "mona", "customer import\nname,entitlement,lang,after_hours\nBeta,contract,en,no"
    )
    assert reply.text == "1 customer imported; 1 open ticket re-tiered."
    assert (await stored(desk, ticket.id)).tier == "P1"


async def test_unknown_customer_is_p3_and_flagged_never_refused(desk: Desk) -> None:
    reply = await say(desk, "alice", "ticket new Nobodyco where is my invoice")
    assert reply.ok
    assert reply.ticket is not None
    assert "(P3)" in reply.text
    assert "Note: customer unknown, logged as P3 and flagged for a manager to attach." in (
        reply.text
    )
    ticket = await stored(desk, reply.ticket.id)
    assert (ticket.tier, ticket.unknown_customer, ticket.customer) == ("P3", True, "")
    assert ticket.customer_name == ""  # never a guess: the first word may not be a name
    assert ticket.summary == "Nobodyco where is my invoice"
    assert ticket.deadline == local("2026-11-30 10:00")  # P3 soft target: 2 business days
    shown = await say(desk, "alice", f"ticket show {ticket.id}", locale="fr-CA")
    assert "client inconnu" in shown.text


@pytest.mark.parametrize(
    ("customer", "flagged"), [("Acme", False), ("Beta", True), ("Gamma", True), ("Zed", True)]
)
async def test_phone_ticket_outside_entitlement_is_flagged(
    desk: Desk, customer: str, flagged: bool
) -> None:
    await customers(desk)
    reply = await say(desk, "alice", f"ticket new {customer} channel=phone called about fees")
    assert reply.ok and reply.ticket is not None
    ticket = await stored(desk, reply.ticket.id)
    assert ticket.channel is Channel.PHONE
    assert ticket.phone_outside_entitlement is flagged
    note = (
        f"Note: phone support is not part of this {ticket.tier} customer's entitlement; "
        "the ticket is logged all the same."
    )
    assert (note in reply.text) is flagged


async def test_phone_flag_follows_the_entitlement(desk: Desk) -> None:
    await customers(desk)
    ticket = await new(desk, "Beta channel=phone urgent call")
    assert ticket.phone_outside_entitlement
    await say(desk, "mona", "customer update Beta entitlement=contract")
    assert not (await stored(desk, ticket.id)).phone_outside_entitlement


# -- illegal transitions -----------------------------------------------------------------
@pytest.fixture
async def board(desk: Desk) -> dict[str, str]:
    """One ticket in each situation the lifecycle cares about."""
    await customers(desk)
    ids: dict[str, str] = {}
    ids["new"] = (await new(desk, "Acme new one")).id
    ids["claimed"] = (await new(desk, "Acme claimed one")).id
    await say(desk, "alice", f"ticket claim {ids['claimed']}")
    ids["resolved"] = (await new(desk, "Acme resolved one")).id
    await say(desk, "alice", f"ticket claim {ids['resolved']}")
    await say(desk, "alice", f"ticket resolve {ids['resolved']} fixed the driver")
    ids["closed"] = (await new(desk, "Acme closed one")).id
    await say(desk, "alice", f"ticket resolve {ids['closed']} documentation see chapter 4")
    await say(desk, "alice", f"ticket close {ids['closed']}")
    ids["waiting"] = (await new(desk, "Acme waiting one")).id
    await say(desk, "alice", f"ticket claim {ids['waiting']}")
    await say(desk, "alice", f"ticket respond {ids['waiting']} phone asked for the logs")
    await say(desk, "alice", f"ticket wait {ids['waiting']}")
    ids["p2"] = (await new(desk, "Beta wants senior help")).id
    ids["escalated"] = (await new(desk, "Acme escalated one")).id
    await say(desk, "alice", f"ticket escalate {ids['escalated']} ledger corrupt")
    ids["decided"] = (await new(desk, "Acme decided one")).id
    await review(desk, ids["decided"])
    await say(desk, "dora", f"ticket outcome {ids['decided']} feature")
    ids["followed"] = (await new(desk, "Acme followed one")).id
    await review(desk, ids["followed"])
    await say(desk, "dora", f"ticket outcome {ids['followed']} non-critical")
    await say(desk, "alice", f"ticket followup {ids['followed']} satisfied thanks")
    for name, id_ in ids.items():
        ticket = await stored(desk, id_)
        assert ticket.rev > 0, name
    return ids


REFUSALS = [
    ("bob", "ticket claim {resolved}", "{resolved} is already resolved."),
    ("bob", "ticket claim {closed}", "{closed} is closed."),
    ("bob", "ticket claim {claimed}", "{claimed} is already claimed by alice."),
    ("alice", "ticket resolve {closed} again", "{closed} is closed."),
    ("alice", "ticket resolve {resolved} again", "{resolved} is already resolved."),
    ("alice", "ticket close {new}", "{new} has not been claimed yet."),
    ("alice", "ticket close {claimed}", "{claimed} is open and claimed by alice."),
    ("alice", "ticket close {closed}", "{closed} is closed."),
    (
        "bob",
        "ticket release {claimed}",
        "{claimed} belongs to alice; only they or a manager can release it.",
    ),
    ("sam", "ticket release {claimed}", "{claimed} belongs to alice"),
    ("alice", "ticket release {new}", "{new} has not been claimed yet."),
    ("alice", "ticket release {resolved}", "{resolved} is already resolved."),
    ("alice", "ticket resume {claimed}", "{claimed} is not waiting on the customer."),
    ("alice", "ticket resume {new}", "{new} is not waiting on the customer."),
    ("alice", "ticket wait {waiting}", "{waiting} is already waiting on the customer."),
    ("alice", "ticket wait {resolved}", "{resolved} is already resolved."),
    (
        "alice",
        "ticket escalate {p2} the customer is upset",
        "{p2} is P2: only customers with a support contract (P1) have access to senior "
        "staff. A manager can escalate it with “override”.",
    ),
    ("alice", "ticket escalate {p2} override upset", "only these roles may do that: director"),
    ("alice", "ticket escalate {escalated} still broken", "{escalated} is already escalated."),
    ("alice", "ticket escalate {closed} broken", "{closed} is closed."),
    ("alice", "ticket reopen {new}", "{new} has not been claimed yet."),
    ("alice", "ticket reopen {claimed}", "{claimed} is open and claimed by alice."),
    ("alice", "ticket outcome {claimed} defect", "only these roles may do that: director."),
    ("mona", "ticket outcome {claimed} defect", "only these roles may do that: director."),
    (
        "dora",
        "ticket outcome {decided} defect",
        "{decided} already has the director's outcome: feature.",
    ),
    ("dora", "ticket outcome {resolved} feature", "{resolved} is already resolved."),
    (
        "alice",
        "ticket followup {claimed} satisfied",
        "{claimed} has no satisfaction follow-up to record yet.",
    ),
    ("alice", "ticket followup {followed} unsatisfied", "The follow-up of {followed} is already"),
    ("sam", "ticket reassign {closed} bob", "{closed} is closed."),
    ("sam", "ticket reassign {claimed} stranger", "stranger has no role on this desk."),
    ("bob", "ticket reassign {claimed} bob", "only these roles may do that"),
]


@pytest.mark.parametrize(("user", "command", "sentence"), REFUSALS)
async def test_illegal_step_is_refused_with_a_sentence_and_changes_nothing(
    desk: Desk, board: dict[str, str], user: str, command: str, sentence: str
) -> None:
    before = {id_: await stored(desk, id_) for id_ in board.values()}
    history = {id_: len(await desk.store.history(WS, id_)) for id_ in board.values()}
    schedule_before = await desk.store.redis.zrange(f"sb:{{{WS}}}:schedule", 0, -1)
    reply = await say(desk, user, command.format(**board))
    assert not reply.ok
    assert sentence.format(**board) in reply.text
    for id_, ticket in before.items():
        assert await stored(desk, id_) == ticket  # rev and every field unchanged
        assert len(await desk.store.history(WS, id_)) == history[id_]
    assert await desk.store.redis.zrange(f"sb:{{{WS}}}:schedule", 0, -1) == schedule_before


@pytest.mark.parametrize(
    ("command", "sentence"),
    [
        ("ticket claim {claimed}", "{claimed} est déjà pris en charge par alice."),
        (
            "ticket escalate {p2} urgent",
            "{p2} est P2 : seuls les clients avec un contrat de "
            "support (P1) ont accès aux ressources senior.",
        ),
        ("ticket resume {claimed}", "{claimed} n'est pas en attente du client."),
        ("ticket claim T-424242", "Il n'y a pas de billet T-424242."),
    ],
)
async def test_refusals_in_french(
    desk: Desk, board: dict[str, str], command: str, sentence: str
) -> None:
    reply = await say(desk, "bob", command.format(**board), locale="fr-CA")
    assert not reply.ok
    assert reply.lang == "fr"
    assert sentence.format(**board) in reply.text


async def test_unknown_ticket(desk: Desk) -> None:
    reply = await say(desk, "alice", "ticket claim T-99999")
    assert (reply.ok, reply.text) == (False, "There is no ticket T-99999.")
    assert await desk.store.count(WS, "all") == 0


async def test_manager_override_and_release(desk: Desk, board: dict[str, str]) -> None:
    p2 = board["p2"]
    reply = await say(desk, "mona", f"ticket escalate {p2} override VIP complaint")
    assert reply.ok and reply.text == f"{p2} is escalated; senior staff are being paged."
    ticket = await stored(desk, p2)
    assert ticket.escalated and ticket.escalation_reason == "VIP complaint"
    assert ticket.escalated_at == START
    assert "page" in await schedule(desk, p2)

    claimed = board["claimed"]
    reply = await say(desk, "mona", f"ticket release {claimed}")
    assert reply.text == f"{claimed} is back in the queue."
    ticket = await stored(desk, claimed)
    assert (ticket.state, ticket.owner) == (State.NEW, "")
    assert claimed in await index(desk, "new")
    assert claimed not in await index(desk, "owner:alice")


async def test_legal_lifecycle_steps(desk: Desk, board: dict[str, str], clock: ManualClock) -> None:
    claimed = board["claimed"]
    reply = await say(desk, "sam", f"ticket reassign {claimed} @bob")
    assert reply.text == f"{claimed} now belongs to bob."
    assert claimed in await index(desk, "owner:bob")
    assert claimed not in await index(desk, "owner:alice")
    reply = await say(desk, "bob", f"ticket claim {claimed}")
    assert reply.text == f"{claimed} is already yours."

    resolved = board["resolved"]
    assert resolved in await index(desk, "resolved")
    reply = await say(desk, "alice", f"ticket reopen {resolved} customer called back")
    assert reply.text == f"{resolved} is open again."
    ticket = await stored(desk, resolved)
    assert (ticket.state, ticket.owner, ticket.resolution) == (State.CLAIMED, "alice", "")
    assert resolved in await index(desk, "owner:alice")
    assert resolved not in await index(desk, "resolved")

    closed = board["closed"]
    reply = await say(desk, "alice", f"ticket reopen {closed}")
    assert (await stored(desk, closed)).state is State.NEW
    assert closed in await index(desk, "new")

    new = board["new"]
    clock.advance(H)
    reply = await say(desk, "dora", f"ticket outcome {new} defect reproducible in 10.2")
    assert "not before the director yet" in reply.text and not reply.ok
    await review(desk, new)
    reply = await say(desk, "dora", f"ticket outcome {new} defect reproducible in 10.2")
    assert reply.text.startswith(f"{new} is a malfunction: escalated for correction")
    ticket = await stored(desk, new)
    assert ticket.outcome == "defect" and ticket.escalated and ticket.open
    assert await desk.store.redis.zrange(f"sb:{{{WS}}}:defects", 0, -1) == ["D-1"]
    plan = await schedule(desk, new)
    assert "followup" not in plan  # it waits for the fix
    assert "review" not in plan
    reply = await say(desk, "bob", f"ticket followup {new} unsatisfied still broken")
    assert not reply.ok and "once the fix of D-1 has shipped" in reply.text
    reply = await say(desk, "sam", "defect fixed D-1 10.3")
    assert reply.text.startswith("D-1 is fixed in version 10.3")
    assert "followup" in await schedule(desk, new)
    reply = await say(desk, "bob", f"ticket followup {new} unsatisfied still broken")
    assert reply.text == f"The follow-up of {new} is recorded."
    assert (await stored(desk, new)).followup == "unsatisfied: still broken"
    assert "followup" not in await schedule(desk, new)

    decided = board["decided"]
    ticket = await stored(desk, decided)
    assert (ticket.state, ticket.resolution) == (State.CLOSED, said("outcome.feature"))
    assert decided not in await index(desk, "open")


# -- waiting on the customer -----------------------------------------------------------
async def test_waiting_comes_after_a_response_and_moves_no_deadline(
    desk: Desk, clock: ManualClock
) -> None:
    await customers(desk)
    ticket = await new(desk, "Acme cannot print cheques")
    assert ticket.deadline == local("2026-11-26 12:00")
    assert ticket.milestones is not None
    review_before = ticket.milestones.review_due
    assert review_before == local("2026-12-10 10:00")
    assert await schedule(desk, ticket.id) == {
        "remind-30m": ms(local("2026-11-26 11:30")),
        "remind-10m": ms(local("2026-11-26 11:50")),
        "breach": ms(local("2026-11-26 12:00")),
        "same-day-alert": ms(local("2026-11-26 16:30")),
        "same-day": ms(local("2026-11-26 17:00")),
        "review": ms(review_before),
        "card": ms(START),
    }
    refused = await say(desk, "alice", f"ticket wait {ticket.id}", locale="fr-CA")
    assert refused.text.startswith(f"{ticket.id} n'a pas encore eu de réponse")
    clock.advance(20 * M)
    await say(desk, "alice", f"ticket respond {ticket.id} phone reproduced it with them")
    reply = await say(desk, "alice", f"ticket wait {ticket.id}")
    assert reply.text == f"{ticket.id} is waiting on the customer."
    waiting = await stored(desk, ticket.id)
    assert waiting.waiting and waiting.paused_at == START + 20 * M
    assert set(await schedule(desk, ticket.id)) == {"review", "card"}  # the review runs on
    assert await index(desk, "waiting") == [ticket.id]
    assert await index(desk, "new") == []
    view = await desk.queue_view(WS)
    assert view.open_by_tier["P1"] == {"new": 0, "claimed": 0, "waiting": 1}

    clock.advance(H)
    reply = await say(desk, "alice", f"ticket resume {ticket.id}", locale="fr-CA")
    assert reply.text == f"{ticket.id} est de nouveau en traitement."
    resumed = await stored(desk, ticket.id)
    assert not resumed.waiting and resumed.paused_at is None
    assert resumed.milestones == ticket.milestones
    assert await schedule(desk, ticket.id) == {"review": ms(review_before), "card": ms(clock.now())}
    assert await index(desk, "new") == [ticket.id]
    assert await index(desk, "waiting") == []


async def test_claimed_waiting_ticket_keeps_its_owner(desk: Desk, clock: ManualClock) -> None:
    await customers(desk)
    ticket = await new(desk, "Beta import")
    await say(desk, "bob", f"ticket claim {ticket.id}")
    await say(desk, "bob", f"ticket respond {ticket.id} chat asked for the file")
    await say(desk, "bob", f"ticket wait {ticket.id}")
    view = await desk.queue_view(WS)
    assert view.open_by_tier["P2"] == {"new": 0, "claimed": 0, "waiting": 1}
    assert view.load["bob"] == 1
    listed = await say(desk, "bob", "ticket list mine")
    assert ids_in(listed.text) == [ticket.id]
    reply = await say(desk, "bob", f"ticket resolve {ticket.id} customer fixed it")
    assert reply.ok
    done = await stored(desk, ticket.id)
    assert (done.state, done.waiting) == (State.RESOLVED, False)
    assert await index(desk, "waiting") == []


# -- workspaces --------------------------------------------------------------------------
async def test_workspaces_are_isolated(desk: Desk) -> None:
    await customers(desk)
    await desk.directory.seed_roles(OTHER_WS, {"agent": ["bert"], "manager": ["zoe", "alice"]})
    ticket = await new(desk, "Acme secret problem")

    for command in (f"ticket show {ticket.id}", f"ticket claim {ticket.id}",
                    f"ticket resolve {ticket.id} done"):  # fmt: skip
        reply = await say(desk, "bert", command, ws=OTHER_WS)
        assert (reply.ok, reply.text) == (False, f"There is no ticket {ticket.id}.")
    assert (await stored(desk, ticket.id)).rev == 1

    for which in ("all", "unclaimed", "mine"):
        reply = await say(desk, "bert", f"ticket list {which}", ws=OTHER_WS)
        assert reply.text == "Nothing to show."
    assert (await say(desk, "bert", "ticket next", ws=OTHER_WS)).text == "The queue is empty."
    view = await desk.queue_view(OTHER_WS)
    assert all(sum(c.values()) == 0 for c in view.open_by_tier.values())
    assert view.head == ()

    # B's customers are B's: Acme is unknown there
    other = await new(desk, "Acme something", user="bert", ws=OTHER_WS)
    assert (other.tier, other.unknown_customer) == ("P3", True)
    assert other.id == ticket.id  # each workspace numbers its own tickets
    assert (await stored(desk, ticket.id)).summary == "secret problem"
    assert (await stored(desk, other.id, OTHER_WS)).summary == "Acme something"

    # B's roles do not apply in A: zoe is nobody in A, and alice is only an agent there
    reply = await say(desk, "zoe", "queue")
    assert reply.text.startswith("Sorry, you have no role on this support desk yet")
    reply = await say(desk, "alice", "queue")
    assert "only these roles may do that: director, manager" in reply.text
    assert (await say(desk, "alice", "queue", ws=OTHER_WS)).ok


# -- roles ---------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", [None, "fr-CA"])
async def test_person_without_a_role_is_refused_politely(desk: Desk, locale: str | None) -> None:
    await customers(desk)
    ticket = await new(desk, "Acme existing")
    lang = "fr" if locale else "en"
    for command in ("ticket new Acme printer down", f"ticket claim {ticket.id}", "ticket next",
                    "ticket list all", "customer list", "queue"):  # fmt: skip
        reply = await say(desk, "mallory", command, locale=locale)
        assert (reply.ok, reply.lang) == (False, lang)
        assert reply.text == t("forbidden.no_role", lang)
    assert await desk.store.count(WS, "all") == 1
    assert await stored(desk, ticket.id) == ticket
    help_ = await say(desk, "mallory", "help", locale=locale)
    assert help_.ok and "450 679-9898" in help_.text


AGENT_REFUSED = [
    ("queue", "director, manager"),
    ("jobs", "director, manager"),
    ("customer add Delta entitlement=contract", "director, manager"),
    ("customer update Beta entitlement=contract", "director, manager"),
    ("customer import\nDelta,contract,en,no", "director, manager"),
    ("version add Acomba 11.0 2026-06-01", "director, manager"),
    ("version release Acomba 11.0", "director, manager"),
    ("role add bob manager", "director, manager"),
    ("role remove mona manager", "director, manager"),
    ("ticket outcome {id} defect", "director"),
    ("ticket escalate {id} override big customer", "director, manager"),
    ("ticket reassign {id} bob", "director, manager, senior"),
]


@pytest.mark.parametrize(("command", "roles"), AGENT_REFUSED)
async def test_role_restricted_commands_refuse_an_agent(
    desk: Desk, command: str, roles: str
) -> None:
    await customers(desk)
    ticket = await new(desk, "Beta something")
    people = await desk.directory.people(WS)
    known = await desk.directory.customers(WS)
    reply = await say(desk, "alice", command.format(id=ticket.id))
    assert not reply.ok
    assert reply.text == f"Sorry, only these roles may do that: {roles}. Nothing was changed."
    fr = await say(desk, "alice", command.format(id=ticket.id), locale="fr-CA")
    assert fr.text.startswith("Désolé, seuls ces rôles peuvent faire cela : ")
    assert fr.text.endswith("Rien n'a été modifié.")
    assert await stored(desk, ticket.id) == ticket
    assert await desk.directory.people(WS) == people
    assert await desk.directory.customers(WS) == known
    assert await desk.directory.releases(WS) == []


async def test_role_changes_made_at_once_all_count(desk: Desk) -> None:
    """Two managers changing one person's roles at the same moment: both changes stay."""
    await desk.directory.seed_roles(WS, {"manager": ["mona", "mo"]})
    changes = [
        ("mona", "role add newbie senior"),
        ("mo", "role add newbie agent"),
        ("mona", "role add newbie director"),
        ("mo", "role add newbie manager"),
    ] * 5
    replies = await asyncio.gather(*(desk.handle(Actor(WS, who), text) for who, text in changes))
    assert all(reply.ok for reply in replies)
    held = await desk.directory.roles_of(WS, "newbie")
    assert held == {Role.AGENT, Role.SENIOR, Role.MANAGER, Role.DIRECTOR}
    await asyncio.gather(desk.handle(Actor(WS, "mona"), "role remove newbie senior"),
                         desk.handle(Actor(WS, "mo"), "role remove newbie director"))  # fmt: skip
    assert await desk.directory.roles_of(WS, "newbie") == {Role.AGENT, Role.MANAGER}


async def test_managers_change_roles_in_chat(desk: Desk) -> None:
    reply = await say(desk, "mona", "role add @newbie agent")
    assert reply.text == "newbie now has: agent."
    assert (await say(desk, "newbie", "ticket new Zed hello")).ok
    reply = await say(desk, "mona", "role add newbie manager", locale="fr-CA")
    assert reply.text == "newbie a maintenant : agent, gestionnaire."
    assert (await say(desk, "newbie", "queue")).ok
    await say(desk, "mona", "role remove newbie manager")
    await say(desk, "mona", "role remove newbie agent")
    reply = await say(desk, "newbie", "ticket list")
    assert reply.text == t("forbidden.no_role", "en")
    assert (await say(desk, "mona", "role add newbie wizard")).text.startswith(
        "I did not understand that. Usage: role add <person>"
    )
    # config seeding keeps roles granted in chat
    await say(desk, "mona", "role add carl senior")
    await desk.directory.seed_roles(WS, {"agent": ["carl"]})
    assert Role.SENIOR in await desk.directory.roles_of(WS, "carl")


async def test_role_removed_in_chat_stays_removed_after_reseeding(desk: Desk) -> None:
    config = {"agent": ["alice", "bob"], "manager": ["mona"]}
    reply = await say(desk, "mona", "role remove bob agent")
    assert reply.text == "bob now has: —."
    assert (await say(desk, "bob", "ticket list")).text == t("forbidden.no_role", "en")
    await desk.directory.seed_roles(WS, config)  # the bot restarts with the same config file
    assert (await say(desk, "bob", "ticket list")).text == t("forbidden.no_role", "en")


async def test_role_refusal_names_roles_in_the_persons_language(desk: Desk) -> None:
    reply = await say(desk, "alice", "queue", locale="fr-CA")
    assert reply.text == (
        "Désolé, seuls ces rôles peuvent faire cela : directeur, gestionnaire. "
        "Rien n'a été modifié."
    )


# -- language --------------------------------------------------------------------------
async def test_replies_follow_locale_then_the_persons_setting(desk: Desk) -> None:
    await customers(desk)
    reply = await say(desk, "alice", "ticket new Gamma imprimante brisée", locale="fr-CA")
    assert reply.lang == "fr"
    assert reply.text.startswith("Billet T-1001 créé pour Gamma (P3); réponse due lun. 2026-11-30")
    reply = await say(desk, "bob", "lang fr", locale="en-US")
    assert (reply.lang, reply.text) == ("fr", "Je vous répondrai en français.")
    reply = await say(desk, "bob", "ticket claim T-1001", locale="en-US")
    assert reply.text == "Vous avez pris T-1001 (Gamma)."
    reply = await say(desk, "bob", "lang en", locale="fr-CA")
    assert reply.text == "I will answer you in English."
    reply = await say(desk, "bob", "ticket show T-1001", locale="fr-CA")
    assert reply.lang == "en" and "History:" in reply.text


# -- history ---------------------------------------------------------------------------
async def test_every_change_appends_to_the_ticket_history(desk: Desk, clock: ManualClock) -> None:
    await customers(desk)
    ticket = await new(desk, "Acme month end close fails")
    steps = [
        ("alice", f"ticket claim {ticket.id}", "claimed", ""),
        ("alice", f"ticket respond {ticket.id} phone called them back", "responded",
         noted(said("via.phone"), "called them back")),
        ("alice", f"ticket wait {ticket.id}", "waiting", ""),
        ("alice", f"ticket resume {ticket.id}", "resumed", ""),
        ("alice", f"ticket escalate {ticket.id} ledger totals differ", "escalated",
         "ledger totals differ"),
        ("mona", f"ticket release {ticket.id}", "released", ""),
        ("sam", f"ticket reassign {ticket.id} bob", "reassigned", "bob"),
        ("bob", f"ticket resolve {ticket.id} patched the report", "resolved",
         "patched the report"),
        ("bob", f"ticket close {ticket.id}", "closed", ""),
        ("bob", f"ticket reopen {ticket.id} came back", "reopened", "came back"),
    ]  # fmt: skip
    expected = [(START, "alice", "created", "month end close fails")]
    for user, command, what, detail in steps:
        clock.advance(7 * M)
        reply = await say(desk, user, command)
        assert reply.ok, (command, reply.text)
        expected.append((clock.now(), user, what, detail))
    await say(desk, "alice", f"ticket claim {ticket.id}")  # refused: nothing appended
    history = await desk.store.history(WS, ticket.id)
    assert [(e.at, e.who, e.what, e.detail) for e in history] == expected
    assert (await stored(desk, ticket.id)).rev == len(expected)

    shown = await say(desk, "mona", f"ticket show {ticket.id}", locale="fr-CA")
    assert "Historique :" in shown.text
    assert "jeu. 2026-11-26 10:07 alice: pris en charge" in shown.text
    assert "bob: rouvert — came back" in shown.text
    assert "alice: a répondu au client — téléphone : called them back" in shown.text
    shown = await say(desk, "mona", f"ticket show {ticket.id}")
    assert "Thu 2026-11-26 10:49 sam: reassigned — bob" in shown.text
    assert "alice: responded to the customer — phone: called them back" in shown.text


# -- Redis outage ----------------------------------------------------------------------
async def test_redis_outage_is_a_sentence_and_nothing_is_recorded(clock: ManualClock) -> None:
    server = RedisServer().start()
    port = server.port
    client = aioredis.from_url(server.url, decode_responses=True)
    try:
        desk = Desk(Store(client, Sla(Policy())), clock)
        await desk.directory.seed_roles(WS, ROLES)
        ticket = await new(desk, "Acme before the outage")
        server.stop()

        for locale, lang in ((None, "en"), ("en-US", "en"), ("fr-CA", "fr")):
            for command in ("ticket new Acme printer down", f"ticket claim {ticket.id}",
                            "ticket next", "queue"):  # fmt: skip
                reply = await say(desk, "alice", command, locale=locale)
                assert (reply.ok, reply.lang) == (False, lang)
                assert reply.text == t("error.unavailable", lang)
        en = await say(desk, "alice", "ticket next")
        assert "temporarily unavailable; nothing was recorded" in en.text
        fr = await say(desk, "alice", "ticket next", locale="fr-CA")
        assert "temporairement indisponible; rien n'a été enregistré" in fr.text
        assert (await say(desk, "alice", "help")).ok  # help needs no Redis

        # the server comes back (empty: no persistence here) and the same desk works again
        server = RedisServer(port=port).start()
        await desk.directory.seed_roles(WS, ROLES)
        reply = await say(desk, "alice", "ticket new Acme after the outage")
        assert reply.ok, reply.text
    finally:
        await client.aclose()
        server.stop()


# -- regressions of bugs found while writing these tests --------------------------------
async def test_summary_is_stored_as_typed(desk: Desk) -> None:
    await customers(desk)
    reply = await say(desk, "alice", "ticket new Gamma l'imprimante n'imprime pas", locale="fr")
    assert reply.ticket is not None
    assert (await stored(desk, reply.ticket.id)).summary == "l'imprimante n'imprime pas"


async def test_closing_outcome_clears_waiting(desk: Desk) -> None:
    await customers(desk)
    ticket = await new(desk, "Acme question")
    await say(desk, "alice", f"ticket wait {ticket.id}")
    await review(desk, ticket.id)
    reply = await say(desk, "dora", f"ticket outcome {ticket.id} non-critical")
    assert reply.ok
    after = await stored(desk, ticket.id)
    assert after.state is State.CLOSED
    shown = await say(desk, "dora", f"ticket show {ticket.id}")
    flags = [line for line in shown.text.splitlines() if line.strip().startswith("Flags:")]
    assert not any("waiting on customer" in line for line in flags)
    assert (after.waiting, after.paused_at) == (False, None)
    assert await index(desk, "waiting") == []


async def test_reopened_answered_ticket_gets_no_stale_reminder_or_breach(
    desk: Desk, clock: ManualClock
) -> None:
    await customers(desk)
    ticket = await new(desk, "Acme how do I export to Excel")  # due 12:00
    clock.advance(30 * M)
    await say(desk, "alice", f"ticket resolve {ticket.id} documentation chapter 7")
    assert (await stored(desk, ticket.id)).first_response_at == START + 30 * M
    clock.set(local("2026-11-26 14:00"))
    reply = await say(desk, "alice", f"ticket reopen {ticket.id} still stuck")
    assert reply.text == f"{ticket.id} is open again."
    plan = await schedule(desk, ticket.id)
    overdue = {kind: due for kind, due in plan.items() if due < ms(clock.now())}
    assert overdue == {}, overdue
