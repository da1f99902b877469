"""SLA milestones (docs/policy.md §1, §3, §6): clock start, response target per tier, the P1
same-day guarantee and its alert, reminders 30 and 10 business minutes before the 2-hour
mark, and the 10-business-day review. Expected instants are written out by hand from the policy.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.calendar import BusinessCalendar
from bot.errors import UsageError
from bot.policy import Policy
from bot.sla import Milestones, Sla

TZ = ZoneInfo("America/Toronto")
SLA = Sla(Policy())
CAL: BusinessCalendar = SLA.standard
H = timedelta(hours=1)
M = timedelta(minutes=1)


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def expect(
    got: Milestones,
    clock_start: str,
    response_due: str,
    same_day_due: str | None,
    deadline: str,
    reminders: list[str],
    review_due: str,
) -> None:
    """Compare as ISO-8601 text: same instant *and* the right UTC offset (the same-day
    alert has tests of its own)."""
    found = got.as_json()
    del found["same_day_alert"]
    assert found == {
        "clock_start": clock_start,
        "response_due": response_due,
        "same_day_due": same_day_due,
        "deadline": deadline,
        "reminders": reminders,
        "review_due": review_due,
    }


# -- daylight saving time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        pytest.param(
            "2026-03-06T16:30:00-05:00",
            (
                "2026-03-06T16:30:00-05:00",
                "2026-03-09T10:30:00-04:00",
                "2026-03-06T17:00:00-05:00",
                "2026-03-06T17:00:00-05:00",
                ["2026-03-09T10:00:00-04:00", "2026-03-09T10:20:00-04:00"],
                "2026-03-20T16:30:00-04:00",
            ),
            id="friday-before-2026-03-08",
        ),
        pytest.param(
            "2026-03-09T08:00:00-04:00",
            (
                "2026-03-09T09:00:00-04:00",
                "2026-03-09T11:00:00-04:00",
                "2026-03-09T17:00:00-04:00",
                "2026-03-09T11:00:00-04:00",
                ["2026-03-09T10:30:00-04:00", "2026-03-09T10:50:00-04:00"],
                "2026-03-20T17:00:00-04:00",
            ),
            id="monday-after-2026-03-08",
        ),
        pytest.param(
            "2026-10-30T16:30:00-04:00",
            (
                "2026-10-30T16:30:00-04:00",
                "2026-11-02T10:30:00-05:00",
                "2026-10-30T17:00:00-04:00",
                "2026-10-30T17:00:00-04:00",
                ["2026-11-02T10:00:00-05:00", "2026-11-02T10:20:00-05:00"],
                "2026-11-13T16:30:00-05:00",
            ),
            id="friday-before-2026-11-01",
        ),
        pytest.param(
            "2026-11-02T08:00:00-05:00",
            (
                "2026-11-02T09:00:00-05:00",
                "2026-11-02T11:00:00-05:00",
                "2026-11-02T17:00:00-05:00",
                "2026-11-02T11:00:00-05:00",
                ["2026-11-02T10:30:00-05:00", "2026-11-02T10:50:00-05:00"],
                "2026-11-13T17:00:00-05:00",
            ),
            id="monday-after-2026-11-01",
        ),
        pytest.param(
            # The review skips Good Friday (26 March) and Easter Monday (29 March) 2027.
            "2027-03-12T16:30:00-05:00",
            (
                "2027-03-12T16:30:00-05:00",
                "2027-03-15T10:30:00-04:00",
                "2027-03-12T17:00:00-05:00",
                "2027-03-12T17:00:00-05:00",
                ["2027-03-15T10:00:00-04:00", "2027-03-15T10:20:00-04:00"],
                "2027-03-30T16:30:00-04:00",
            ),
            id="friday-before-2027-03-14",
        ),
        pytest.param(
            "2027-03-15T08:00:00-04:00",
            (
                "2027-03-15T09:00:00-04:00",
                "2027-03-15T11:00:00-04:00",
                "2027-03-15T17:00:00-04:00",
                "2027-03-15T11:00:00-04:00",
                ["2027-03-15T10:30:00-04:00", "2027-03-15T10:50:00-04:00"],
                "2027-03-30T17:00:00-04:00",
            ),
            id="monday-after-2027-03-14",
        ),
        pytest.param(
            "2027-11-05T16:30:00-04:00",
            (
                "2027-11-05T16:30:00-04:00",
                "2027-11-08T10:30:00-05:00",
                "2027-11-05T17:00:00-04:00",
                "2027-11-05T17:00:00-04:00",
                ["2027-11-08T10:00:00-05:00", "2027-11-08T10:20:00-05:00"],
                "2027-11-19T16:30:00-05:00",
            ),
            id="friday-before-2027-11-07",
        ),
        pytest.param(
            "2027-11-08T08:00:00-05:00",
            (
                "2027-11-08T09:00:00-05:00",
                "2027-11-08T11:00:00-05:00",
                "2027-11-08T17:00:00-05:00",
                "2027-11-08T11:00:00-05:00",
                ["2027-11-08T10:30:00-05:00", "2027-11-08T10:50:00-05:00"],
                "2027-11-19T17:00:00-05:00",
            ),
            id="monday-after-2027-11-07",
        ),
        pytest.param(
            # Sunday 8 March 2026, 03:30 EDT (just after the spring-forward gap), given in UTC.
            "2026-03-08T07:30:00+00:00",
            (
                "2026-03-09T09:00:00-04:00",
                "2026-03-09T11:00:00-04:00",
                "2026-03-09T17:00:00-04:00",
                "2026-03-09T11:00:00-04:00",
                ["2026-03-09T10:30:00-04:00", "2026-03-09T10:50:00-04:00"],
                "2026-03-20T17:00:00-04:00",
            ),
            id="during-2026-03-08",
        ),
        pytest.param(
            # Sunday 1 November 2026, the second 01:30 (EST).
            "2026-11-01T01:30:00-05:00",
            (
                "2026-11-02T09:00:00-05:00",
                "2026-11-02T11:00:00-05:00",
                "2026-11-02T17:00:00-05:00",
                "2026-11-02T11:00:00-05:00",
                ["2026-11-02T10:30:00-05:00", "2026-11-02T10:50:00-05:00"],
                "2026-11-13T17:00:00-05:00",
            ),
            id="during-2026-11-01",
        ),
    ],
)
def test_p1_across_dst_changes(received: str, expected: tuple[Any, ...]) -> None:
    got = SLA.milestones(iso(received), "P1")
    expect(got, *expected)
    offsets = {d.utcoffset() for d in (got.response_due, got.review_due)}
    assert offsets <= {timedelta(hours=-5), timedelta(hours=-4)}


def test_the_issue_example() -> None:
    expect(
        SLA.milestones(iso("2026-11-26T16:30:00-05:00"), "P1"),
        "2026-11-26T16:30:00-05:00",
        "2026-11-27T10:30:00-05:00",
        "2026-11-26T17:00:00-05:00",
        "2026-11-26T17:00:00-05:00",
        ["2026-11-27T10:00:00-05:00", "2026-11-27T10:20:00-05:00"],
        "2026-12-10T16:30:00-05:00",
    )


def test_a_utc_receipt_gives_results_in_the_policy_zone() -> None:
    utc = SLA.milestones(iso("2026-03-06T21:30:00+00:00"), "P1")
    local = SLA.milestones(iso("2026-03-06T16:30:00-05:00"), "P1")
    assert utc.as_json() == local.as_json()
    assert utc.clock_start.tzinfo == TZ


# -- receipts at the edges of the day ---------------------------------------------------------


@pytest.mark.parametrize(
    ("hm", "expected"),
    [
        (
            (8, 59),
            (
                "2026-05-13T09:00:00-04:00",
                "2026-05-13T11:00:00-04:00",
                "2026-05-13T17:00:00-04:00",
                "2026-05-13T11:00:00-04:00",
                ["2026-05-13T10:30:00-04:00", "2026-05-13T10:50:00-04:00"],
                "2026-05-27T17:00:00-04:00",  # 10 open days, Patriotes (18 May) skipped
            ),
        ),
        (
            (9, 0),
            (
                "2026-05-13T09:00:00-04:00",
                "2026-05-13T11:00:00-04:00",
                "2026-05-13T17:00:00-04:00",
                "2026-05-13T11:00:00-04:00",
                ["2026-05-13T10:30:00-04:00", "2026-05-13T10:50:00-04:00"],
                "2026-05-27T17:00:00-04:00",
            ),
        ),
        (
            (16, 59),
            (
                "2026-05-13T16:59:00-04:00",
                "2026-05-14T10:59:00-04:00",
                "2026-05-13T17:00:00-04:00",
                "2026-05-13T17:00:00-04:00",
                # before the 2-hour mark the next day (the same-day alert is at once)
                ["2026-05-14T10:29:00-04:00", "2026-05-14T10:49:00-04:00"],
                "2026-05-28T16:59:00-04:00",
            ),
        ),
        (
            (17, 0),
            (
                "2026-05-14T09:00:00-04:00",
                "2026-05-14T11:00:00-04:00",
                "2026-05-14T17:00:00-04:00",
                "2026-05-14T11:00:00-04:00",
                ["2026-05-14T10:30:00-04:00", "2026-05-14T10:50:00-04:00"],
                "2026-05-28T17:00:00-04:00",
            ),
        ),
    ],
    ids=["08:59", "09:00", "16:59", "17:00"],
)
def test_p1_receipts_at_opening_and_closing(hm: tuple[int, int], expected: tuple[Any, ...]) -> None:
    expect(SLA.milestones(at(2026, 5, 13, *hm), "P1"), *expected)


def test_night_and_weekend_receipts_start_at_the_next_opening() -> None:
    night = SLA.milestones(at(2026, 5, 12, 3), "P1")  # Tuesday 03:00
    assert night.clock_start == at(2026, 5, 12, 9)
    assert night.deadline == at(2026, 5, 12, 11)
    friday_evening = SLA.milestones(at(2026, 6, 5, 18), "P1")  # Friday 18:00 → Monday 09:00
    expect(
        friday_evening,
        "2026-06-08T09:00:00-04:00",
        "2026-06-08T11:00:00-04:00",
        "2026-06-08T17:00:00-04:00",
        "2026-06-08T11:00:00-04:00",
        ["2026-06-08T10:30:00-04:00", "2026-06-08T10:50:00-04:00"],
        "2026-06-19T17:00:00-04:00",
    )
    saturday = SLA.milestones(at(2026, 6, 6, 12), "P2")
    assert saturday.clock_start == at(2026, 6, 8, 9)
    assert saturday.response_due == at(2026, 6, 8, 17)  # 8 h ending at closing: Monday 17:00
    sunday = SLA.milestones(at(2026, 6, 7, 23, 59), "P3")
    assert sunday.response_due == at(2026, 6, 9, 17)
    assert sunday.response_due.isoformat() == "2026-06-09T17:00:00-04:00"


def test_p1_receipt_the_day_before_a_holiday() -> None:
    """23 June 16:59: one minute runs, the clock resumes 25 June 09:00."""
    expect(
        SLA.milestones(at(2026, 6, 23, 16, 59), "P1"),
        "2026-06-23T16:59:00-04:00",
        "2026-06-25T10:59:00-04:00",
        "2026-06-23T17:00:00-04:00",
        "2026-06-23T17:00:00-04:00",
        ["2026-06-25T10:29:00-04:00", "2026-06-25T10:49:00-04:00"],
        "2026-07-09T16:59:00-04:00",  # skips 24 June and 1 July
    )
    expect(
        SLA.milestones(at(2026, 6, 23, 16), "P1"),
        "2026-06-23T16:00:00-04:00",
        "2026-06-25T10:00:00-04:00",
        "2026-06-23T17:00:00-04:00",
        "2026-06-23T17:00:00-04:00",
        ["2026-06-25T09:30:00-04:00", "2026-06-25T09:50:00-04:00"],
        "2026-07-09T16:00:00-04:00",
    )


def test_receipt_on_a_holiday() -> None:
    got = SLA.milestones(at(2026, 6, 24, 10), "P1")
    assert got.clock_start == at(2026, 6, 25, 9)
    assert got.response_due == at(2026, 6, 25, 11)
    assert got.same_day_due == at(2026, 6, 25, 17)
    got = SLA.milestones(at(2027, 12, 24, 16), "P2")  # Christmas Saturday, observed Monday
    assert got.response_due == at(2027, 12, 28, 16)


# -- tiers ------------------------------------------------------------------------------------


def test_p1_deadline_is_the_earlier_of_two_hours_and_the_close() -> None:
    morning = SLA.milestones(at(2026, 5, 13, 10), "P1")
    assert (morning.response_due, morning.same_day_due) == (
        at(2026, 5, 13, 12),
        at(2026, 5, 13, 17),
    )
    assert morning.deadline == at(2026, 5, 13, 12)
    assert morning.reminders == (at(2026, 5, 13, 11, 30), at(2026, 5, 13, 11, 50))

    both = SLA.milestones(at(2026, 5, 13, 15), "P1")  # 15:00 + 2 h is exactly the close
    assert both.response_due == both.same_day_due == both.deadline == at(2026, 5, 13, 17)

    late = SLA.milestones(at(2026, 5, 13, 15, 30), "P1")
    assert late.response_due == at(2026, 5, 14, 9, 30)
    assert late.deadline == late.same_day_due == at(2026, 5, 13, 17)
    # Reminders track the 2-hour mark; the same-day close has its own alert, at 16:30.
    assert late.reminders == (at(2026, 5, 14, 9), at(2026, 5, 14, 9, 20))
    assert late.same_day_alert == at(2026, 5, 13, 16, 30)


@pytest.mark.parametrize(
    ("hm", "reminders"),
    [
        ((9, 0), [(10, 30), (10, 50)]),
        ((10, 29), [(11, 59), (12, 19)]),
        ((16, 45), [(10, 15), (10, 35)]),  # the 2-hour mark is tomorrow 10:45
    ],
)
def test_reminders_are_before_the_two_hour_mark(
    hm: tuple[int, int], reminders: list[tuple[int, int]]
) -> None:
    got = SLA.milestones(at(2026, 5, 13, *hm), "P1")
    day = 13 if hm < (15, 0) else 14
    assert got.reminders == tuple(at(2026, 5, day, *r) for r in reminders)


def test_a_reminder_before_the_receipt_is_dropped() -> None:
    policy = Policy(reminders_before=(3 * H, 30 * M))  # 3 h before a 2-hour mark
    got = Sla(policy).milestones(at(2026, 5, 13, 10), "P1")
    assert got.reminders == (at(2026, 5, 13, 11, 30),)


@pytest.mark.parametrize(
    ("hm", "alert"),
    [
        ((9, 0), (16, 30)),  # 30 business minutes before the 17:00 close
        ((16, 30), (16, 30)),
        ((16, 45), (16, 45)),  # already inside the last half hour: at once
        ((18, 0), None),  # next day's clock: 14 May 16:30
    ],
)
def test_the_same_day_alert_comes_30_minutes_before_the_close(
    hm: tuple[int, int], alert: tuple[int, int] | None
) -> None:
    got = SLA.milestones(at(2026, 5, 13, *hm), "P1")
    expected = at(2026, 5, 13, *alert) if alert else at(2026, 5, 14, 16, 30)
    assert got.same_day_alert == expected
    assert got.as_json()["same_day_alert"] == expected.isoformat()
    assert SLA.milestones(at(2026, 5, 13, *hm), "P2").same_day_alert is None
    assert SLA.milestones(at(2026, 5, 13, *hm), "P1", after_hours=True).same_day_alert is None


@pytest.mark.parametrize(
    ("received", "tier", "due"),
    [
        (at(2026, 5, 13, 10), "P2", at(2026, 5, 14, 10)),
        (at(2026, 5, 13, 10), "P3", at(2026, 5, 15, 10)),
        (at(2026, 5, 13, 9), "P2", at(2026, 5, 13, 17)),  # one business day: closing that day
        (at(2026, 5, 13, 9), "P3", at(2026, 5, 14, 17)),
        (at(2026, 5, 15, 10), "P3", at(2026, 5, 20, 10)),  # Fri 7 h, (Patriotes), Tue 8 h, Wed 1 h
        (at(2026, 6, 23, 14), "P2", at(2026, 6, 25, 14)),  # over the Fête nationale
        (at(2026, 3, 6, 14), "P2", at(2026, 3, 9, 14)),  # over the spring DST change
    ],
)
def test_p2_p3_targets(received: datetime, tier: str, due: datetime) -> None:
    got = SLA.milestones(received, tier)
    assert got.response_due == due
    assert got.response_due.utcoffset() == due.utcoffset()
    assert got.deadline == due
    assert got.same_day_due is None
    assert got.reminders == ()
    # The review does not depend on the tier.
    assert got.review_due == SLA.milestones(received, "P1").review_due


def test_targets_are_2h_8h_16h_of_business_time() -> None:
    assert [SLA.policy.target(t) for t in ("P1", "P2", "P3")] == [2 * H, 8 * H, 16 * H]
    start = at(2026, 5, 13, 11, 17)
    for tier, hours in (("P1", 2), ("P2", 8), ("P3", 16)):
        got = SLA.milestones(start, tier)
        assert CAL.between(got.clock_start, got.response_due) == hours * H


def test_review_is_ten_business_days_after_receipt() -> None:
    got = SLA.milestones(at(2026, 5, 13, 10), "P2")
    assert got.review_due == at(2026, 5, 28, 10)
    assert CAL.between(at(2026, 5, 13, 10), got.review_due) == 80 * H


def test_followup_is_two_business_days_after_the_outcome() -> None:
    assert SLA.followup_due(at(2026, 5, 13, 10)) == at(2026, 5, 15, 10)
    assert SLA.followup_due(at(2026, 5, 15, 15)) == at(2026, 5, 20, 15)  # over Patriotes
    assert SLA.followup_due(at(2026, 5, 16, 12)) == at(2026, 5, 20, 17)  # Saturday


# -- after-hours (24×7) customers -------------------------------------------------------------


def test_after_hours_p1_on_a_weekend_night() -> None:
    expect(
        SLA.milestones(at(2026, 5, 16, 3), "P1", after_hours=True),  # Saturday 03:00
        "2026-05-16T03:00:00-04:00",
        "2026-05-16T05:00:00-04:00",
        None,
        "2026-05-16T05:00:00-04:00",
        ["2026-05-16T04:30:00-04:00", "2026-05-16T04:50:00-04:00"],
        # Review on business days: Monday 18 May is Patriotes, so 19 May .. 1 June.
        "2026-06-01T17:00:00-04:00",
    )


def test_after_hours_p1_late_afternoon_is_not_cut_at_17h() -> None:
    expect(
        SLA.milestones(at(2026, 5, 13, 16, 30), "P1", after_hours=True),
        "2026-05-13T16:30:00-04:00",
        "2026-05-13T18:30:00-04:00",
        None,
        "2026-05-13T18:30:00-04:00",
        ["2026-05-13T18:00:00-04:00", "2026-05-13T18:20:00-04:00"],
        "2026-05-28T16:30:00-04:00",  # same as the standard calendar's review
    )
    standard = SLA.milestones(at(2026, 5, 13, 16, 30), "P1")
    assert standard.review_due == at(2026, 5, 28, 16, 30)


def test_after_hours_across_dst_counts_real_hours() -> None:
    expect(
        SLA.milestones(iso("2026-03-08T01:30:00-05:00"), "P1", after_hours=True),
        "2026-03-08T01:30:00-05:00",
        "2026-03-08T04:30:00-04:00",
        None,
        "2026-03-08T04:30:00-04:00",
        ["2026-03-08T04:00:00-04:00", "2026-03-08T04:20:00-04:00"],
        "2026-03-20T17:00:00-04:00",
    )
    expect(
        SLA.milestones(iso("2026-11-01T01:30:00-04:00"), "P1", after_hours=True),
        "2026-11-01T01:30:00-04:00",
        "2026-11-01T02:30:00-05:00",
        None,
        "2026-11-01T02:30:00-05:00",
        ["2026-11-01T02:00:00-05:00", "2026-11-01T02:20:00-05:00"],
        "2026-11-13T17:00:00-05:00",
    )


def test_after_hours_p2_p3() -> None:
    p2 = SLA.milestones(at(2026, 6, 6, 10), "P2", after_hours=True)  # Saturday
    assert (p2.response_due, p2.deadline, p2.same_day_due, p2.reminders) == (
        at(2026, 6, 6, 18),
        at(2026, 6, 6, 18),
        None,
        (),
    )
    p3 = SLA.milestones(at(2026, 12, 25, 10), "P3", after_hours=True)  # Christmas
    assert p3.response_due == at(2026, 12, 26, 2)
    assert p3.review_due == at(2027, 1, 11, 17)  # 28 Dec .. 11 Jan, 1 January closed


def test_bad_tier_and_naive_time_are_refused() -> None:
    with pytest.raises(UsageError) as caught:
        SLA.milestones(at(2026, 5, 13, 10), "P4")
    assert caught.value.key == "error.unknown_tier"
    assert caught.value.params == {"tier": "P4"}
    with pytest.raises(UsageError) as caught:
        SLA.milestones(datetime(2026, 5, 13, 10), "P1")
    assert caught.value.key == "error.naive_time"


# -- properties -------------------------------------------------------------------------------

LO, HI = datetime(2025, 1, 1), datetime(2028, 12, 31)
ZONES = st.sampled_from([UTC, TZ, ZoneInfo("Europe/Paris")])
random_instants = st.datetimes(min_value=LO, max_value=HI, timezones=st.just(UTC)).flatmap(
    lambda t: ZONES.map(t.astimezone)
)
edge_instants = st.builds(
    lambda day, hm: datetime.combine(day, time(*hm), tzinfo=TZ),
    st.dates(min_value=LO.date(), max_value=HI.date()),
    st.sampled_from([(8, 59), (9, 0), (14, 59), (15, 0), (16, 30), (16, 59), (17, 0)]),
)
instants = st.one_of(random_instants, edge_instants)
# A later instant: up to ~100 business hours' worth of calendar time, sometimes none.
steps = st.one_of(
    st.just(timedelta(0)),
    st.integers(1, 3 * 7 * 24 * 3600 * 10**6).map(lambda us: timedelta(microseconds=us)),
    st.integers(1, 500).map(lambda n: n * timedelta(minutes=10)),
)
tiers = st.sampled_from(["P1", "P2", "P3"])
PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def in_business_time(x: datetime) -> bool:
    lx = x.astimezone(TZ)
    closing = lx.timetz().replace(tzinfo=None) == time(17) and CAL.is_open_day(lx.date())
    return CAL.is_open(x) or closing


@PROPS
@given(instants, steps, tiers, st.booleans())
def test_milestones_never_decrease_when_receipt_moves_later(
    received: datetime, step: timedelta, tier: str, after_hours: bool
) -> None:
    later = received.astimezone(UTC) + step
    a = SLA.milestones(received, tier, after_hours)
    b = SLA.milestones(later, tier, after_hours)
    assert a.clock_start <= b.clock_start
    assert a.response_due <= b.response_due
    assert a.deadline <= b.deadline
    assert a.review_due <= b.review_due
    if a.same_day_due is not None and b.same_day_due is not None:
        assert a.same_day_due <= b.same_day_due
    assert (a.same_day_due is None) == (b.same_day_due is None)
    # Reminders are dropped from the front (the 30-minute one first): align from the end.
    for ra, rb in zip(reversed(a.reminders), reversed(b.reminders), strict=False):
        assert ra <= rb


@PROPS
@given(instants, tiers)
def test_deadlines_never_fall_in_closed_time(received: datetime, tier: str) -> None:
    got = SLA.milestones(received, tier)
    for due in (got.response_due, got.deadline, got.review_due):
        assert in_business_time(due)
    assert CAL.is_open(got.clock_start)
    assert received <= got.clock_start < got.deadline <= got.response_due
    if got.same_day_due is not None:
        assert in_business_time(got.same_day_due)
        assert got.same_day_due.astimezone(TZ).time() == time(17)
        assert got.same_day_due.astimezone(TZ).date() == got.clock_start.astimezone(TZ).date()
        assert got.deadline == min(got.response_due, got.same_day_due)
    else:
        assert got.deadline == got.response_due
    assert CAL.between(got.clock_start, got.response_due) == SLA.policy.target(tier)
    assert CAL.between(received, got.review_due) == 80 * H


@PROPS
@given(instants)
def test_p1_reminders_are_30_and_10_business_minutes_before_the_two_hour_mark(
    received: datetime,
) -> None:
    got = SLA.milestones(received, "P1")
    offsets = [CAL.between(r, got.response_due) for r in got.reminders]
    assert offsets == [30 * M, 10 * M]  # 2 hours always leave room for both
    for reminder in got.reminders:
        assert CAL.is_open(reminder)
        assert received <= reminder < got.response_due


@PROPS
@given(instants, tiers)
@example(datetime(2028, 11, 4, 21, 0, tzinfo=UTC), "P2")  # due in the repeated hour of DST
def test_after_hours_targets_are_elapsed_time(received: datetime, tier: str) -> None:
    got = SLA.milestones(received, tier, after_hours=True)
    assert got.same_day_due is None
    # Instants compared as timestamps: Python never finds a local time in the repeated
    # hour of a DST change equal to a time in another zone (PEP 495), even when it is.
    assert got.clock_start.timestamp() == received.timestamp()
    assert got.deadline == got.response_due
    due = received.astimezone(UTC) + SLA.policy.target(tier)
    assert got.response_due.timestamp() == due.timestamp()
    assert got.response_due.tzinfo == TZ
    assert got.review_due == SLA.milestones(received, tier).review_due
