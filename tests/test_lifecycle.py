"""The ticket state machine on its own (no Redis): every legal step, every illegal one and
the sentence key it is refused with, and invariants over random walks of steps."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import Conflict, DeskError, Forbidden
from bot.i18n import said, spoken, t
from bot.plan import REVIEW, ms, plan
from bot.policy import Policy
from bot.sla import Sla
from bot.tickets import Channel, Lifecycle, Outcome, Place, State, Ticket, Via

SLA = Sla(Policy())
LIFE = Lifecycle(SLA)
START = datetime.fromisoformat("2026-11-26T10:00:00-05:00")
H = timedelta(hours=1)
M = timedelta(minutes=1)


def make(tier: str = "P1", **fields: object) -> Ticket:
    base = Ticket(
        id="T-1001",
        workspace="T0123",
        received=START,
        tier=tier,
        customer="acme",
        customer_name="Acme",
        channel=Channel.CHAT,
        lang="en",
        summary="printer down",
        requester="alice",
    )
    return LIFE.plan(dataclasses.replace(base, **fields))  # type: ignore[arg-type]


def in_state(state: str) -> Ticket:
    ticket = make()
    if state in ("claimed", "resolved", "closed"):
        ticket = LIFE.claim(ticket, "alice")
    if state in ("resolved", "closed"):
        ticket = LIFE.resolve(ticket, "done", "alice", START + H)
    if state == "closed":
        ticket = LIFE.close(ticket)
    return ticket


Step = Callable[[Ticket], Ticket]
STEPS: dict[str, Step] = {
    "claim": lambda tk: LIFE.claim(tk, "bob"),
    "release": lambda tk: LIFE.release(tk, tk.owner or "bob", False),
    "reassign": lambda tk: LIFE.reassign(tk, "carol"),
    "respond": lambda tk: LIFE.respond(tk, "bob", Via.PHONE, START + H),
    "wait": lambda tk: LIFE.wait(tk, START + H),
    "escalate": lambda tk: LIFE.escalate(tk, "hard", False, START + H),
    "resolve": lambda tk: LIFE.resolve(tk, "done", "bob", START + H),
    "close": LIFE.close,
    "reopen": LIFE.reopen,
    "review": LIFE.put_to_review,
    "outcome": lambda tk: LIFE.decide(tk, Outcome.FEATURE, START + H),
}
# state → step → None (allowed) or the conflict key it is refused with
TABLE: dict[str, dict[str, str | None]] = {
    "new": {
        "claim": None, "release": "conflict.new", "reassign": None, "respond": None,
        "wait": "conflict.wait_unanswered", "escalate": None, "resolve": None,
        "close": "conflict.new", "reopen": "conflict.new",
        "review": None, "outcome": "conflict.not_under_review",
    },
    "claimed": {
        "claim": "conflict.already_claimed", "release": None, "reassign": None, "respond": None,
        "wait": "conflict.wait_unanswered", "escalate": None, "resolve": None,
        "close": "conflict.claimed",
        "reopen": "conflict.claimed", "review": None, "outcome": "conflict.not_under_review",
    },
    "resolved": {
        "claim": "conflict.resolved", "release": "conflict.resolved",
        "reassign": "conflict.resolved", "respond": "conflict.resolved",
        "wait": "conflict.resolved",
        "escalate": "conflict.resolved", "resolve": "conflict.resolved", "close": None,
        "reopen": None, "review": "conflict.resolved", "outcome": "conflict.resolved",
    },
    "closed": {
        "claim": "conflict.closed", "release": "conflict.closed", "reassign": "conflict.closed",
        "respond": "conflict.closed", "wait": "conflict.closed", "escalate": "conflict.closed",
        "resolve": "conflict.closed",
        "close": "conflict.closed", "reopen": None, "review": "conflict.closed",
        "outcome": "conflict.closed",
    },
}  # fmt: skip
CASES = [(state, step, key) for state, row in TABLE.items() for step, key in row.items()]


@pytest.mark.parametrize(("state", "step", "key"), CASES)
def test_transition_table(state: str, step: str, key: str | None) -> None:
    ticket = in_state(state)
    assert ticket.state.value == state
    if key is None:
        changed = STEPS[step](ticket)
        assert changed != ticket
        assert changed.rev == ticket.rev  # only the store bumps rev
        return
    with pytest.raises(Conflict) as caught:
        STEPS[step](ticket)
    assert caught.value.key == key
    assert caught.value.params["id"] == ticket.id


def test_a_claim_is_ownership_and_stops_no_clock() -> None:
    ticket = make()
    claimed = LIFE.claim(ticket, "alice")
    assert (claimed.state, claimed.owner, claimed.first_response_at) == (
        State.CLAIMED, "alice", None)  # fmt: skip
    again = LIFE.claim(LIFE.release(claimed, "alice", False), "bob")
    assert (again.owner, again.answered, again.milestones) == ("bob", False, ticket.milestones)
    assert plan(again, SLA) == plan(ticket, SLA)  # every reminder and alarm still planned
    with pytest.raises(Conflict) as caught:
        LIFE.claim(again, "carol")
    assert caught.value.params["owner"] == "bob"


def test_the_first_response_counts_and_later_ones_are_recorded() -> None:
    first = LIFE.respond(LIFE.claim(make(), "alice"), "alice", Via.PHONE, START + 10 * M)
    assert (first.first_response_at, first.first_response_by, first.first_response_via) == (
        START + 10 * M, "alice", "phone")  # fmt: skip
    assert (first.answered_tier, first.responses) == ("P1", 1)
    later = LIFE.respond(first, "bob", Via.EMAIL, START + H)
    assert (later.first_response_at, later.first_response_by, later.responses) == (
        START + 10 * M, "alice", 2)  # fmt: skip
    assert not any(k.startswith(("remind", "breach", "same-day")) for k in plan(later, SLA))


def test_resolving_a_never_answered_ticket_answers_it() -> None:
    resolved = LIFE.resolve(make(), "documentation: chapter 4", "bob", START + H)
    assert (resolved.first_response_at, resolved.first_response_by) == (START + H, "bob")
    assert resolved.first_response_via == "resolution"


def test_the_same_day_mark_is_once_and_only_unanswered() -> None:
    missed = LIFE.miss_same_day(make())
    assert missed.same_day_missed and "flag.same_day_missed" in missed.flags()
    assert "same-day" not in plan(missed, SLA) and "breach" in plan(missed, SLA)
    for done in (missed, LIFE.respond(make(), "bob", Via.CHAT, START)):
        with pytest.raises(Conflict) as caught:
            LIFE.miss_same_day(done)
        assert caught.value.key == "conflict.answered"


def test_only_the_owner_or_a_lead_releases() -> None:
    claimed = LIFE.claim(make(), "alice")
    with pytest.raises(Forbidden) as caught:
        LIFE.release(claimed, "bob", False)
    assert caught.value.key == "forbidden.not_owner"
    assert caught.value.params == {"id": "T-1001", "owner": "alice"}
    released = LIFE.release(claimed, "mona", True)
    assert (released.state, released.owner) == (State.NEW, "")


def test_reassign_gives_the_ticket_to_someone() -> None:
    moved = LIFE.reassign(make(), "carol")
    assert (moved.state, moved.owner, moved.first_response_at) == (
        State.CLAIMED, "carol", None)  # fmt: skip


def test_escalation_is_for_p1_unless_overridden() -> None:
    for tier in ("P2", "P3"):
        with pytest.raises(Forbidden) as caught:
            LIFE.escalate(make(tier), "complex", False, START)
        assert caught.value.key == "forbidden.escalation_entitlement"
        assert caught.value.params["tier"] == tier
        forced = LIFE.escalate(make(tier), "complex", True, START)
        assert forced.escalated and forced.escalation_reason == "complex"
    p1 = LIFE.escalate(make("P1"), "ledger corrupt", False, START + M)
    assert (p1.escalated, p1.escalated_at) == (True, START + M)
    with pytest.raises(Conflict) as again:
        LIFE.escalate(p1, "still", False, START)
    assert again.value.key == "conflict.already_escalated"
    paged = LIFE.record_page(p1, ("sam", "sue"), START + 2 * M)
    assert (paged.paged, paged.paged_at) == (("sam", "sue"), START + 2 * M)


def answered(ticket: Ticket, at: datetime = START) -> Ticket:
    return LIFE.respond(ticket, "alice", Via.PHONE, at)


def test_wait_and_resume_after_a_response() -> None:
    ticket = make("P1")
    with pytest.raises(Conflict) as early:
        LIFE.wait(ticket, START)
    assert early.value.key == "conflict.wait_unanswered"  # nothing to wait for yet
    ticket = answered(ticket)
    with pytest.raises(Conflict) as caught:
        LIFE.resume(ticket, START)
    assert caught.value.key == "conflict.not_waiting"
    waiting = LIFE.wait(ticket, START + 30 * M)
    assert (waiting.waiting, waiting.paused_at) == (True, START + 30 * M)
    with pytest.raises(Conflict) as twice:
        LIFE.wait(waiting, START + H)
    assert twice.value.key == "conflict.already_waiting"
    resumed = LIFE.resume(waiting, START + 75 * M)
    assert (resumed.waiting, resumed.paused_at) == (False, None)
    assert resumed.paused_us == 45 * 60 * 1_000_000
    assert resumed.milestones == ticket.milestones  # the 10-day review counts on


def test_waiting_pauses_the_review_only_where_the_policy_says_so() -> None:
    friday = datetime.fromisoformat("2026-11-27T16:30:00-05:00")
    monday = datetime.fromisoformat("2026-11-30T09:45:00-05:00")
    ticket = answered(make("P2"))
    waiting = LIFE.wait(ticket, friday)
    assert REVIEW in plan(waiting, SLA)  # by default the review clock runs while waiting
    resumed = LIFE.resume(waiting, monday)
    assert resumed.review_paused_us == 75 * 60 * 1_000_000  # 16:30–17:00 and 09:00–09:45
    assert resumed.milestones == ticket.milestones
    pausing = Sla(Policy(review_pauses_while_waiting=True))
    life = Lifecycle(pausing)
    ticket = life.plan(ticket)
    assert REVIEW not in plan(life.wait(ticket, friday), pausing)
    later = life.resume(life.wait(ticket, friday), monday)
    assert ticket.milestones is not None and later.milestones is not None
    assert later.milestones.review_due == ticket.milestones.review_due + 75 * M
    assert later.milestones.response_due == ticket.milestones.response_due


def test_after_hours_customer_pauses_on_its_own_calendar() -> None:
    ticket = answered(make("P1", after_hours=True))
    evening = datetime.fromisoformat("2026-11-26T20:00:00-05:00")
    resumed = LIFE.resume(LIFE.wait(ticket, evening), evening + 2 * H)
    assert resumed.paused_us == 2 * 3600 * 1_000_000  # 24×7: two hours count
    assert resumed.review_paused_us == 0  # the review clock runs on business days only
    assert resumed.deadline == ticket.deadline


def test_resolve_stops_waiting_and_review() -> None:
    ticket = LIFE.put_to_review(LIFE.wait(answered(make()), START + M))
    resolved = LIFE.resolve(ticket, "documentation chapter 3", "bob", START + H)
    assert (resolved.state, resolved.waiting, resolved.paused_at, resolved.under_review) == (
        State.RESOLVED, False, None, False)  # fmt: skip
    assert (resolved.first_response_at, resolved.first_response_by) == (START, "alice")
    reopened = LIFE.reopen(resolved)
    assert (reopened.state, reopened.resolution, reopened.resolved_at) == (State.NEW, "", None)


@pytest.mark.parametrize("outcome", list(Outcome))
def test_director_outcomes(outcome: Outcome) -> None:
    ticket = LIFE.put_to_review(LIFE.claim(make(), "alice"))
    decided = LIFE.decide(ticket, outcome, START + H, "D-1")
    assert (decided.outcome, decided.outcome_at, decided.under_review) == (
        outcome.value, START + H, False)  # fmt: skip
    if outcome is Outcome.DEFECT:
        assert decided.state is State.CLAIMED and decided.escalated
        assert (decided.defect, decided.escalated_at, decided.paged_at) == ("D-1", START + H, None)
        assert spoken(decided.escalation_reason, "fr") == (
            "malfonction inscrite sous D-1 à la revue du directeur")  # fmt: skip
    else:
        assert decided.state is State.CLOSED
        assert decided.resolution == said(f"outcome.{outcome.value}")
        assert spoken("outcome:feature", "fr") == t("outcome.feature", "fr")  # stored before
    with pytest.raises(Conflict) as caught:
        LIFE.decide(decided, Outcome.DEFECT, START + 2 * H)
    assert caught.value.key == "conflict.already_decided"


def test_followup_comes_after_the_outcome_and_once() -> None:
    ticket = make()
    with pytest.raises(Conflict) as early:
        LIFE.record_followup(ticket, True, "fine")
    assert early.value.key == "conflict.no_followup"
    decided = LIFE.decide(LIFE.put_to_review(ticket), Outcome.NON_CRITICAL, START)
    assert LIFE.record_followup(decided, True, "").followup == "satisfied"
    done = LIFE.record_followup(decided, False, "too slow")
    assert done.followup == "unsatisfied: too slow"
    with pytest.raises(Conflict) as twice:
        LIFE.record_followup(done, True, "")
    assert twice.value.key == "conflict.followup_done"


def test_retier_recomputes_tier_flags_and_deadlines() -> None:
    phone = make("P3", channel=Channel.PHONE, customer="", unknown_customer=True,
                 phone_outside_entitlement=True)  # fmt: skip
    assert phone.deadline == datetime.fromisoformat("2026-11-30T10:00:00-05:00")
    moved = LIFE.retier(phone, "P1", False, "acme")
    assert (moved.tier, moved.customer, moved.unknown_customer) == ("P1", "acme", False)
    assert not moved.phone_outside_entitlement
    assert moved.deadline == START + 2 * H
    back = LIFE.retier(moved, "P2", False, "acme")
    assert back.phone_outside_entitlement
    assert back.deadline == datetime.fromisoformat("2026-11-27T10:00:00-05:00")
    kept = LIFE.retier(answered(moved), "P3", False, "acme")
    assert (kept.tier, kept.sla_tier, kept.milestones) == ("P3", "P1", moved.milestones)


def test_json_round_trip_keeps_every_field() -> None:
    ticket = LIFE.record_page(
        LIFE.escalate(
            LIFE.claim(
                make(
                    customer_name="Boulangerie Côté inc.",
                    summary="l'imprimante « HP » n'imprime pas — 20 €",
                    lang="fr",
                    product="Acomba",
                    version="10.2",
                    version_status="discontinued",
                    place=Place("slack", "C123", "1700000000.000100"),
                    paused_us=123,
                    review_paused_us=45,
                ),
                "alice",
            ),
            "urgent",
            False,
            START + 2 * M,
        ),
        ("sam",),
        START + 3 * M,
    )
    ticket = dataclasses.replace(ticket, rev=7)
    assert Ticket.from_json(ticket.to_json()) == ticket
    assert "Côté" in ticket.to_json()  # stored readable, not \\u-escaped
    assert ticket.flags() == ["flag.escalated", "flag.version_discontinued"]


# -- random walks --------------------------------------------------------------------
ACTORS = ("alice", "bob")
OPERATIONS = st.sampled_from(
    ["claim", "release", "release_lead", "reassign", "respond", "wait", "resume", "escalate",
     "escalate_override", "resolve", "close", "reopen", "review", "non-critical", "feature",
     "defect", "followup", "retier"]
)  # fmt: skip


def apply(ticket: Ticket, op: str, who: str, now: datetime) -> Ticket:
    if op == "claim":
        return LIFE.claim(ticket, who)
    if op in ("release", "release_lead"):
        return LIFE.release(ticket, who, op == "release_lead")
    if op == "reassign":
        return LIFE.reassign(ticket, who)
    if op == "respond":
        return LIFE.respond(ticket, who, Via.EMAIL, now)
    if op == "wait":
        return LIFE.wait(ticket, now)
    if op == "resume":
        return LIFE.resume(ticket, now)
    if op in ("escalate", "escalate_override"):
        return LIFE.escalate(ticket, "why", op == "escalate_override", now)
    if op == "resolve":
        return LIFE.resolve(ticket, "done", who, now)
    if op == "close":
        return LIFE.close(ticket)
    if op == "reopen":
        return LIFE.reopen(ticket)
    if op == "review":
        return LIFE.put_to_review(ticket)
    if op in ("non-critical", "feature", "defect"):
        return LIFE.decide(ticket, Outcome(op), now)
    if op == "followup":
        return LIFE.record_followup(ticket, True, "ok")
    assert op == "retier"
    return LIFE.retier(ticket, "P2" if ticket.tier == "P1" else "P1", False, "acme")


def check(ticket: Ticket) -> None:
    if ticket.state is State.NEW:
        assert ticket.owner == ""
    if ticket.state is State.CLAIMED:
        assert ticket.owner
    assert ticket.waiting == (ticket.paused_at is not None)
    assert ticket.open or not ticket.waiting, "a resolved or closed ticket is not waiting"
    assert ticket.open or not ticket.under_review
    if ticket.state is State.RESOLVED or ticket.waiting:
        assert ticket.answered  # resolving answers; waiting needs an answer first
    assert ticket.answered == (ticket.first_response_at is not None)
    assert ticket.answered == bool(ticket.first_response_by) == (ticket.responses > 0)
    assert ticket.deadline >= ticket.received
    assert Ticket.from_json(ticket.to_json()) == ticket
    jobs = plan(ticket, SLA)
    waiting_on_us = ticket.open and not ticket.answered  # claimed or not
    clocks = [k for k in jobs if k.startswith(("remind", "breach", "same-day", "target"))]
    if not waiting_on_us:
        assert clocks == []
    elif ticket.tier == "P1":
        assert {"same-day", "breach"} & set(jobs) or ticket.same_day_missed or ticket.escalated
    else:
        assert clocks == ["target"]
    if not ticket.open:
        assert REVIEW not in jobs
    for due in jobs.values():
        assert due >= ms(ticket.received) - 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tier=st.sampled_from(["P1", "P2", "P3"]),
    walk=st.lists(
        st.tuples(OPERATIONS, st.sampled_from(ACTORS), st.integers(0, 3 * 24 * 60)),
        max_size=25,
    ),
)
def test_random_walks_keep_the_ticket_consistent(
    tier: str, walk: list[tuple[str, str, int]]
) -> None:
    ticket = make(tier)
    now = START
    check(ticket)
    for op, who, minutes in walk:
        now += timedelta(minutes=minutes)
        try:
            changed = apply(ticket, op, who, now)
        except DeskError as refused:
            assert isinstance(refused, Conflict | Forbidden)
            assert refused.key.startswith(("conflict.", "forbidden."))
            continue
        assert changed.id == ticket.id and changed.received == ticket.received
        ticket = changed
        check(ticket)
