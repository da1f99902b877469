"""The customer's clock (POLICY §3, issue #12), one test per rule, with real RQ jobs.

The clock starts when the customer called or wrote; only a response to the customer
stops it. Each test moves an injected clock and runs every timer due by then in a real
RQ worker (tests/harness.py); what it asserts is what people were told, or the figures.
Thursday 2026-11-26 10:00 Eastern is the start; Acme is P1, Beta is P2.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.harness import WS, Harness, pings


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def kinds(h: Harness) -> list[str]:
    """The kind of each notice that spoke to people, in order (without its due time)."""
    return [n.kind.split(":")[0] for n in pings(h)]


def test_claim_and_release_stop_no_clock_and_the_breach_pages_the_seniors(h: Harness) -> None:
    h.say("ana", "ticket new Acme server down")  # due 12:00
    h.say("ana", "ticket claim T-1001")
    h.say("ana", "ticket release T-1001")
    h.say("max", "ticket reassign T-1001 alex")
    h.at(local("2026-11-26T12:00:00-05:00"))
    pages = h.notifier.of_kind("page")
    assert [p.mentions for p in pages] == [("sam",)]
    assert "T-1001" in pages[0].text
    ticket = h.run(h.desk.load(WS, "T-1001"))
    assert ticket.escalated and not ticket.answered


def test_a_response_before_the_deadline_leaves_nothing_to_fire(h: Harness) -> None:
    h.say("ana", "ticket new Acme server down")
    h.at(local("2026-11-26T11:00:00-05:00"))
    h.say("alex", "ticket respond T-1001 phone called back, collecting logs")
    h.at(local("2026-11-30T12:00:00-05:00"))  # next Monday: every clock has passed
    assert kinds(h) == []
    ticket = h.run(h.desk.load(WS, "T-1001"))
    assert (ticket.first_response_by, ticket.first_response_via) == ("alex", "phone")
    assert not ticket.escalated and not ticket.same_day_missed


def test_answered_after_two_hours_before_five_is_two_hours_missed_same_day_met(
    h: Harness,
) -> None:
    h.say("ana", "ticket new Acme server down")
    h.at(local("2026-11-26T12:00:00-05:00"))
    assert [p.mentions for p in h.notifier.of_kind("page")] == [("sam",)]
    h.at(local("2026-11-26T15:00:00-05:00"))
    h.say("sam", "ticket respond T-1001 email workaround sent")
    h.at(local("2026-11-27T10:00:00-05:00"))
    assert "same-day-alert" not in kinds(h) and "same-day" not in kinds(h)
    report = h.say("max", "report 2026-11-26 2026-11-26").splitlines()
    assert "SLA 0% (0 met, 1 missed, 0 pending)" in report[1]  # P1, the 2 hours
    assert report[2].strip() == "same business day: 100% (1 met, 0 missed, 0 pending)"


def test_never_answered_alerts_once_before_five_then_marks_same_day_missed(
    h: Harness,
) -> None:
    h.say("ana", "ticket new Acme server down")
    h.at(local("2026-11-26T16:29:00-05:00"))
    assert h.notifier.of_kind("same-day-alert") == []
    h.at(local("2026-11-26T16:30:00-05:00"))
    h.at(local("2026-11-26T16:45:00-05:00"))
    [alert] = h.notifier.of_kind("same-day-alert")
    assert alert.mentions == ("sam", "max") and "same-day guarantee ends" in alert.text
    h.at(local("2026-11-26T17:00:00-05:00"))
    h.at(local("2026-11-27T12:00:00-05:00"))
    assert len(h.notifier.of_kind("same-day-alert")) == 1
    ticket = h.run(h.desk.load(WS, "T-1001"))
    assert ticket.same_day_missed
    history = [e.what for e in h.run(h.desk.store.history(WS, "T-1001"))]
    assert history.count("same_day_missed") == 1
    report = h.say("max", "report 2026-11-26 2026-11-26").splitlines()
    assert report[2].strip() == "same business day: 0% (0 met, 1 missed, 0 pending)"


@pytest.mark.parametrize(
    ("called", "logged", "due"),
    [
        # a voicemail at 16:30, typed in the next morning: 30 min that day, 1h30 the next
        ("2026-11-25T16:30:00-05:00", "2026-11-26T09:10:00-05:00", "2026-11-26T10:30:00-05:00"),
        # Friday 16:00, logged Monday: the weekend does not count
        ("2026-11-27T16:00:00-05:00", "2026-11-30T09:05:00-05:00", "2026-11-30T10:00:00-05:00"),
        # Christmas Eve 16:30, logged after Christmas (a Québec holiday) and the weekend
        ("2026-12-24T16:30:00-05:00", "2026-12-28T09:15:00-05:00", "2026-12-28T10:30:00-05:00"),
    ],
)
def test_a_back_dated_voicemail_is_due_two_business_hours_after_the_call(
    h: Harness, called: str, logged: str, due: str
) -> None:
    h.clock.set(local(logged))
    answer = h.say("ana", f"ticket new Acme received={called} voicemail: server down")
    assert "T-1001" in answer
    ticket = h.run(h.desk.load(WS, "T-1001"))
    assert ticket.received == local(called) and ticket.logged_at == local(logged)
    assert ticket.milestones is not None and ticket.milestones.response_due == local(due)
    history = h.run(h.desk.store.history(WS, "T-1001"))
    [backdated] = [e for e in history if e.what == "backdated"]
    assert (backdated.who, backdated.at) == ("ana", local(logged))
    h.at(local(due))
    assert [p.mentions for p in h.notifier.of_kind("page")] == [("sam",)]


@pytest.mark.parametrize(
    ("lang", "received", "says"),
    [
        ("en", "2026-11-26 11:00", "in the future"),
        ("fr", "2026-11-26 11:00", "dans le futur"),
        ("en", "2026-11-18 10:00", "the most a request can be back-dated"),
        ("fr", "2026-11-18 10:00", "antidat"),
    ],
)
def test_received_in_the_future_or_too_long_ago_is_refused(
    h: Harness, lang: str, received: str, says: str
) -> None:
    h.say("ana", f"lang {lang}")
    answer = h.say("ana", f"ticket new Acme received={received} server down")
    assert says in answer
    assert h.run(h.desk.store.members(WS, "all")) == []


def test_a_p2_past_its_target_tells_the_owner_and_the_managers_once(h: Harness) -> None:
    h.say("ana", "ticket new Beta report wrong")  # 8 business hours: due Friday 10:00
    h.say("alex", "ticket claim T-1001")
    h.at(local("2026-11-27T10:00:00-05:00"))
    h.at(local("2026-11-27T15:00:00-05:00"))
    [told] = h.notifier.of_kind("target")
    assert told.mentions == ("alex", "max") and "passed its response target" in told.text
    assert h.notifier.of_kind("page") == []  # no senior is paged for a P2


def test_claiming_a_p3_while_a_p1_waits_says_so(h: Harness) -> None:
    h.say("ana", "ticket new Acme server down")  # P1, unclaimed
    h.say("ana", "ticket new Gamma question about fonts")  # P3 (unknown customer)
    answer = h.say("alex", "ticket claim T-1002")
    assert "You claimed T-1002" in answer
    assert "P1 ticket T-1001 (Acme) has waited unclaimed since" in answer
    quiet = h.say("ana", "ticket claim T-1001")
    assert "waited unclaimed" not in quiet
