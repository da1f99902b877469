"""Business calendar (docs/policy.md §1): open [09:00, 17:00) Mon-Fri in America/Toronto, Québec
holidays closed, DST-correct arithmetic, and the 24×7 calendar of after-hours customers.

Every expected instant below was worked out by hand from the policy, not from the code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.calendar import AlwaysOpen, BusinessCalendar, calendar_for, standard_calendar
from bot.policy import Policy, policy_from_mapping

TZ = ZoneInfo("America/Toronto")
EST = timedelta(hours=-5)
EDT = timedelta(hours=-4)
CAL = BusinessCalendar(Policy())
H = timedelta(hours=1)
M = timedelta(minutes=1)


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """Local wall-clock time in Toronto."""
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def same_instant(actual: datetime, expected: datetime) -> None:
    """Same instant, same wall clock and same UTC offset (i.e. expressed in Toronto)."""
    assert actual == expected
    assert actual.isoformat() == expected.isoformat()
    assert actual.utcoffset() == expected.utcoffset()


# -- Québec holidays of 2026 and 2027 ---------------------------------------------------------

# date: (English name, French name) — the names the maintained `holidays` package gives.
QUEBEC_HOLIDAYS = {
    date(2026, 1, 1): ("New Year's Day", "Jour de l'an"),
    date(2026, 4, 3): ("Good Friday", "Vendredi saint"),
    date(2026, 4, 6): ("Easter Monday", "Lundi de Pâques"),
    date(2026, 5, 18): ("National Patriots' Day", "Journée nationale des patriotes"),
    date(2026, 6, 24): ("Saint Jean Baptiste Day", "Fête nationale du Québec"),
    date(2026, 7, 1): ("Canada Day", "Fête du Canada"),
    date(2026, 9, 7): ("Labour Day", "Fête du Travail"),
    date(2026, 10, 12): ("Thanksgiving Day", "Action de grâce"),
    date(2026, 12, 25): ("Christmas Day", "Jour de Noël"),
    date(2027, 1, 1): ("New Year's Day", "Jour de l'an"),
    date(2027, 3, 26): ("Good Friday", "Vendredi saint"),
    date(2027, 3, 29): ("Easter Monday", "Lundi de Pâques"),
    date(2027, 5, 24): ("National Patriots' Day", "Journée nationale des patriotes"),
    date(2027, 6, 24): ("Saint Jean Baptiste Day", "Fête nationale du Québec"),
    date(2027, 7, 1): ("Canada Day", "Fête du Canada"),
    date(2027, 9, 6): ("Labour Day", "Fête du Travail"),
    date(2027, 10, 11): ("Thanksgiving Day", "Action de grâce"),
    date(2027, 12, 25): ("Christmas Day", "Jour de Noël"),  # a Saturday
    # Christmas 2027 falls on a Saturday: the maintained calendar closes Monday the 27th.
    date(2027, 12, 27): ("Christmas Day (observed)", "Jour de Noël (observé)"),
}

# holiday: (the open day just before, the open day just after), by hand.
AROUND = {
    date(2026, 1, 1): (date(2025, 12, 31), date(2026, 1, 2)),
    date(2026, 4, 3): (date(2026, 4, 2), date(2026, 4, 7)),
    date(2026, 4, 6): (date(2026, 4, 2), date(2026, 4, 7)),
    date(2026, 5, 18): (date(2026, 5, 15), date(2026, 5, 19)),
    date(2026, 6, 24): (date(2026, 6, 23), date(2026, 6, 25)),
    date(2026, 7, 1): (date(2026, 6, 30), date(2026, 7, 2)),
    date(2026, 9, 7): (date(2026, 9, 4), date(2026, 9, 8)),
    date(2026, 10, 12): (date(2026, 10, 9), date(2026, 10, 13)),
    date(2026, 12, 25): (date(2026, 12, 24), date(2026, 12, 28)),
    date(2027, 1, 1): (date(2026, 12, 31), date(2027, 1, 4)),
    date(2027, 3, 26): (date(2027, 3, 25), date(2027, 3, 30)),
    date(2027, 3, 29): (date(2027, 3, 25), date(2027, 3, 30)),
    date(2027, 5, 24): (date(2027, 5, 21), date(2027, 5, 25)),
    date(2027, 6, 24): (date(2027, 6, 23), date(2027, 6, 25)),
    date(2027, 7, 1): (date(2027, 6, 30), date(2027, 7, 2)),
    date(2027, 9, 6): (date(2027, 9, 3), date(2027, 9, 7)),
    date(2027, 10, 11): (date(2027, 10, 8), date(2027, 10, 12)),
    date(2027, 12, 25): (date(2027, 12, 24), date(2027, 12, 28)),
    date(2027, 12, 27): (date(2027, 12, 24), date(2027, 12, 28)),
}


@pytest.mark.parametrize("day", sorted(QUEBEC_HOLIDAYS), ids=str)
def test_every_quebec_holiday_is_closed_and_named(day: date) -> None:
    english, french = QUEBEC_HOLIDAYS[day]
    assert not CAL.is_open_day(day)
    assert CAL.closed_reason(day) == english
    assert CAL.closed_reason(day, "en") == english
    assert CAL.closed_reason(day, "fr") == french
    for hour, minute in ((9, 0), (12, 0), (16, 59)):
        assert not CAL.is_open(at(day.year, day.month, day.day, hour, minute))


@pytest.mark.parametrize("day", sorted(AROUND), ids=str)
def test_the_days_around_each_holiday_are_open(day: date) -> None:
    before, after = AROUND[day]
    for neighbour in (before, after):
        assert CAL.is_open_day(neighbour), neighbour
        assert CAL.closed_reason(neighbour) is None
        assert CAL.is_open(at(neighbour.year, neighbour.month, neighbour.day, 12))
    # Nothing open between the day before and the day after.
    assert CAL.next_open(at(before.year, before.month, before.day, 17)) == at(
        after.year, after.month, after.day, 9
    )


def test_exactly_the_quebec_holidays_are_closed_in_2026_and_2027() -> None:
    """Other provinces' or federal days (Family Day, Victoria Day elsewhere, Civic Holiday,
    Truth and Reconciliation, Remembrance Day, Boxing Day) stay open in Québec."""
    day, closed = date(2026, 1, 1), set()
    while day <= date(2027, 12, 31):
        if CAL.closed_reason(day) is not None:
            closed.add(day)
        day += timedelta(days=1)
    assert closed == set(QUEBEC_HOLIDAYS)
    for open_day in (
        date(2026, 2, 16),  # Family Day (Ontario)
        date(2026, 8, 3),  # Civic Holiday
        date(2026, 9, 30),  # National Day for Truth and Reconciliation
        date(2026, 11, 11),  # Remembrance Day
        date(2026, 12, 28),  # Monday after Christmas 2026 (a Friday)
        date(2027, 12, 28),  # Boxing Day (observed) elsewhere
    ):
        assert CAL.is_open_day(open_day), open_day


def test_weekends_are_closed_but_not_named() -> None:
    assert not CAL.is_open_day(date(2026, 6, 20))  # Saturday
    assert not CAL.is_open_day(date(2026, 6, 21))  # Sunday
    assert CAL.closed_reason(date(2026, 6, 20)) is None
    assert CAL.is_open_day(date(2026, 6, 22))


# -- add / between across holidays ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        # Good Friday + Easter Monday 2026: Thursday 16:00 + 2 h → Tuesday 10:00.
        (at(2026, 4, 2, 16), 2 * H, at(2026, 4, 7, 10)),
        # Patriotes 2026 (Monday 18 May).
        (at(2026, 5, 15, 16), 2 * H, at(2026, 5, 19, 10)),
        # Fête nationale and Canada Day 2026 (both Wednesdays).
        (at(2026, 6, 23, 15), 4 * H, at(2026, 6, 25, 11)),
        (at(2026, 6, 30, 16, 30), H, at(2026, 7, 2, 9, 30)),
        # Labour Day, Thanksgiving 2026.
        (at(2026, 9, 4, 16), 2 * H, at(2026, 9, 8, 10)),
        (at(2026, 10, 9, 16), 2 * H, at(2026, 10, 13, 10)),
        # Christmas 2026 (Friday) and New Year 2027 (Friday).
        (at(2026, 12, 24, 16), 2 * H, at(2026, 12, 28, 10)),
        (at(2026, 12, 31, 16), 2 * H, at(2027, 1, 4, 10)),
        # Easter 2027 (Good Friday 26 March, Easter Monday 29 March).
        (at(2027, 3, 25, 16), 2 * H, at(2027, 3, 30, 10)),
        # Christmas 2027 on a Saturday, observed Monday the 27th.
        (at(2027, 12, 24, 16), 2 * H, at(2027, 12, 28, 10)),
        # A whole week (40 h) from before Canada Day 2027: Thursday 1 July is skipped.
        (at(2027, 6, 28, 9), 40 * H, at(2027, 7, 5, 17)),
    ],
)
def test_add_and_between_across_holidays(
    start: datetime, amount: timedelta, expected: datetime
) -> None:
    same_instant(CAL.add(start, amount), expected)
    assert CAL.between(start, expected) == amount
    assert CAL.between(expected, start) == -amount
    same_instant(CAL.subtract(expected, amount), start)


@pytest.mark.parametrize("year", [2026, 2027])
def test_receipt_the_day_before_the_fete_nationale(year: int) -> None:
    """23 June 16:59 + 2 min: one minute runs, then the clock resumes 25 June 09:00."""
    same_instant(CAL.add(at(year, 6, 23, 16, 59), 2 * M), at(year, 6, 25, 9, 1))
    same_instant(CAL.next_open(at(year, 6, 23, 17)), at(year, 6, 25, 9))
    assert CAL.between(at(year, 6, 23, 16, 59), at(year, 6, 25, 9, 1)) == 2 * M
    assert CAL.day_close(at(year, 6, 23, 17)) == at(year, 6, 25, 17)


# -- opening, closing, nights and weekends ----------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "is_open", "next_open"),
    [
        (at(2026, 5, 13, 8, 59), False, at(2026, 5, 13, 9)),
        (at(2026, 5, 13, 9), True, at(2026, 5, 13, 9)),
        (at(2026, 5, 13, 16, 59), True, at(2026, 5, 13, 16, 59)),
        (at(2026, 5, 13, 17), False, at(2026, 5, 14, 9)),
        (at(2026, 5, 13, 3), False, at(2026, 5, 13, 9)),  # night
        (at(2026, 5, 13, 23, 30), False, at(2026, 5, 14, 9)),  # late evening
        (at(2026, 5, 15, 18), False, at(2026, 5, 19, 9)),  # Friday evening; Monday is Patriotes
        (at(2026, 6, 5, 18), False, at(2026, 6, 8, 9)),  # Friday 18:00 → Monday 09:00
        (at(2026, 6, 6, 12), False, at(2026, 6, 8, 9)),  # Saturday
        (at(2026, 6, 7, 23, 59), False, at(2026, 6, 8, 9)),  # Sunday night
    ],
)
def test_is_open_and_next_open(instant: datetime, is_open: bool, next_open: datetime) -> None:
    assert CAL.is_open(instant) is is_open
    same_instant(CAL.next_open(instant), next_open)


def test_instants_in_other_zones_are_the_same_instants() -> None:
    # 13:00 UTC on 13 May 2026 is 09:00 EDT: open.
    assert CAL.is_open(datetime(2026, 5, 13, 13, 0, tzinfo=UTC))
    assert not CAL.is_open(datetime(2026, 5, 13, 12, 59, tzinfo=UTC))
    # Results come back in the policy's zone.
    same_instant(CAL.next_open(datetime(2026, 5, 13, 22, 0, tzinfo=UTC)), at(2026, 5, 14, 9))


def test_a_sum_ending_exactly_at_closing_is_17h_that_day() -> None:
    same_instant(CAL.add(at(2026, 5, 13, 9), 8 * H), at(2026, 5, 13, 17))
    same_instant(CAL.add(at(2026, 5, 13, 16), H), at(2026, 5, 13, 17))
    same_instant(CAL.add(at(2026, 5, 13, 8), 8 * H), at(2026, 5, 13, 17))  # from before opening
    same_instant(CAL.add(at(2026, 6, 5, 15), 2 * H), at(2026, 6, 5, 17))  # a Friday
    same_instant(CAL.add(at(2026, 6, 23, 16), H), at(2026, 6, 23, 17))  # eve of a holiday
    # One microsecond more runs into the next opening.
    same_instant(
        CAL.add(at(2026, 5, 13, 16), H + timedelta(microseconds=1)),
        at(2026, 5, 14, 9) + timedelta(microseconds=1),
    )
    # Two full days from Monday opening end Tuesday 17:00, not Wednesday 09:00.
    same_instant(CAL.add(at(2026, 6, 8, 9), 16 * H), at(2026, 6, 9, 17))


def test_add_from_closed_time_starts_at_the_next_opening() -> None:
    same_instant(CAL.add(at(2026, 5, 13, 17), M), at(2026, 5, 14, 9, 1))
    same_instant(CAL.add(at(2026, 6, 6, 12), 2 * H), at(2026, 6, 8, 11))  # Saturday
    same_instant(CAL.add(at(2026, 6, 5, 18), 30 * M), at(2026, 6, 8, 9, 30))  # Friday 18:00


def test_adding_nothing_is_the_identity_even_in_closed_time() -> None:
    same_instant(CAL.add(at(2026, 5, 13, 17), timedelta(0)), at(2026, 5, 13, 17))
    same_instant(CAL.add(at(2026, 6, 6, 12), timedelta(0)), at(2026, 6, 6, 12))
    same_instant(CAL.subtract(at(2026, 6, 6, 12), timedelta(0)), at(2026, 6, 6, 12))


def test_subtract_gives_the_latest_instant() -> None:
    """Subtracting lands on 09:00 rather than 17:00 the day before."""
    same_instant(CAL.subtract(at(2026, 5, 14, 10), H), at(2026, 5, 14, 9))
    same_instant(CAL.subtract(at(2026, 6, 8, 9, 30), 30 * M), at(2026, 6, 8, 9))  # Monday
    same_instant(CAL.subtract(at(2026, 5, 14, 9), H), at(2026, 5, 13, 16))
    same_instant(CAL.subtract(at(2026, 6, 8, 9, 30), 2 * H), at(2026, 6, 5, 15, 30))
    # From closed time, the clock reads the last closing.
    same_instant(CAL.subtract(at(2026, 6, 6, 12), H), at(2026, 6, 5, 16))
    same_instant(CAL.subtract(at(2026, 5, 13, 20), 8 * H), at(2026, 5, 13, 9))
    # Negative amounts go the other way.
    same_instant(CAL.add(at(2026, 5, 14, 10), -H), at(2026, 5, 14, 9))
    same_instant(CAL.subtract(at(2026, 5, 13, 16), -H), at(2026, 5, 13, 17))


def test_between_counts_only_open_time() -> None:
    assert CAL.between(at(2026, 6, 5, 17), at(2026, 6, 8, 9)) == timedelta(0)
    assert CAL.between(at(2026, 6, 5, 16), at(2026, 6, 8, 10)) == 2 * H
    assert CAL.between(at(2026, 6, 8, 10), at(2026, 6, 5, 16)) == -2 * H
    assert CAL.between(at(2026, 6, 6, 1), at(2026, 6, 7, 23)) == timedelta(0)
    assert CAL.between(at(2026, 6, 8, 0), at(2026, 6, 13, 0)) == 40 * H
    # The whole of 2026: 261 weekdays, 9 of them holidays → 252 days of 8 h.
    assert CAL.between(at(2026, 1, 1), at(2027, 1, 1)) == 252 * 8 * H


def test_day_close() -> None:
    same_instant(CAL.day_close(at(2026, 5, 13, 10)), at(2026, 5, 13, 17))
    same_instant(CAL.day_close(at(2026, 5, 13, 8)), at(2026, 5, 13, 17))
    same_instant(CAL.day_close(at(2026, 5, 13, 17)), at(2026, 5, 14, 17))
    same_instant(CAL.day_close(at(2026, 4, 2, 18)), at(2026, 4, 7, 17))  # over Easter


def test_naive_instants_are_refused() -> None:
    naive = datetime(2026, 5, 13, 10)
    for call in (CAL.is_open, CAL.next_open, CAL.position):
        with pytest.raises(ValueError, match="aware"):
            call(naive)
    with pytest.raises(ValueError, match="aware"):
        CAL.add(naive, H)
    with pytest.raises(ValueError, match="aware"):
        CAL.between(naive, at(2026, 5, 13, 12))


def test_open_periods() -> None:
    periods = CAL.open_periods(date(2026, 6, 20), date(2026, 6, 26))
    assert periods == [
        (at(2026, 6, 22, 9), at(2026, 6, 22, 17)),
        (at(2026, 6, 23, 9), at(2026, 6, 23, 17)),
        (at(2026, 6, 25, 9), at(2026, 6, 25, 17)),
        (at(2026, 6, 26, 9), at(2026, 6, 26, 17)),
    ]


def test_far_years_extend_the_table() -> None:
    cal = BusinessCalendar(Policy())
    # First use in 2040, then 2026, then 1998: positions stay comparable.
    late = datetime(2040, 3, 14, 10, tzinfo=TZ)  # a Wednesday
    same_instant(cal.add(late, 2 * H), datetime(2040, 3, 14, 12, tzinfo=TZ))
    same_instant(cal.add(at(2026, 5, 13, 16), 2 * H), at(2026, 5, 14, 10))
    early = datetime(1998, 6, 10, 16, tzinfo=TZ)  # a Wednesday
    same_instant(cal.add(early, 2 * H), datetime(1998, 6, 11, 10, tzinfo=TZ))
    assert cal.between(early, cal.add(early, 1000 * H)) == 1000 * H
    same_instant(cal.subtract(datetime(1998, 6, 11, 10, tzinfo=TZ), 2 * H), early)


# -- daylight saving time ---------------------------------------------------------------------

# (Friday before the change, Monday after, offset before, offset after)
DST_CHANGES = [
    pytest.param(date(2026, 3, 6), date(2026, 3, 9), EST, EDT, id="2026-03-08"),
    pytest.param(date(2026, 10, 30), date(2026, 11, 2), EDT, EST, id="2026-11-01"),
    pytest.param(date(2027, 3, 12), date(2027, 3, 15), EST, EDT, id="2027-03-14"),
    pytest.param(date(2027, 11, 5), date(2027, 11, 8), EDT, EST, id="2027-11-07"),
]


def local(day: date, h: int, mi: int = 0) -> datetime:
    return datetime.combine(day, time(h, mi), tzinfo=TZ)


@pytest.mark.parametrize(("friday", "monday", "before", "after"), DST_CHANGES)
def test_add_across_dst_changes(
    friday: date, monday: date, before: timedelta, after: timedelta
) -> None:
    start = local(friday, 16, 30)
    assert start.utcoffset() == before
    result = CAL.add(start, 2 * H)
    same_instant(result, local(monday, 10, 30))
    assert result.utcoffset() == after
    assert CAL.between(start, result) == 2 * H
    # Real elapsed time differs from wall-clock time by the DST hour.
    wall = datetime.combine(monday, time(10, 30)) - datetime.combine(friday, time(16, 30))
    assert result.astimezone(UTC) - start.astimezone(UTC) == wall + (before - after)
    same_instant(CAL.subtract(result, 2 * H), start)
    # The opening after the weekend is 09:00 local in the new offset.
    opening = CAL.next_open(local(friday, 17))
    same_instant(opening, local(monday, 9))
    assert opening.utcoffset() == after
    assert opening.astimezone(UTC).hour == 9 - int(after / H)


def test_open_periods_keep_eight_real_hours_across_dst() -> None:
    for first, last in (
        (date(2026, 3, 6), date(2026, 3, 9)),
        (date(2026, 10, 30), date(2026, 11, 2)),
    ):
        for opens, closes in CAL.open_periods(first, last):
            assert closes - opens == 8 * H
            assert CAL.between(opens, closes) == 8 * H


def test_weekend_receipts_during_the_change_itself() -> None:
    # 2026-03-08 07:30 UTC is 03:30 EDT, just after the spring-forward gap.
    during = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    same_instant(CAL.next_open(during), at(2026, 3, 9, 9))
    # 2026-11-01 05:30 UTC and 06:30 UTC are both 01:30 local (before and after fall-back).
    for hour in (5, 6):
        same_instant(CAL.next_open(datetime(2026, 11, 1, hour, 30, tzinfo=UTC)), at(2026, 11, 2, 9))


# -- the 24×7 calendar ------------------------------------------------------------------------


def test_always_open_counts_real_time_across_dst() -> None:
    cal = AlwaysOpen()
    spring = datetime(2026, 3, 8, 6, 30, tzinfo=UTC)  # 01:30 EST
    result = cal.add(spring, 2 * H)
    same_instant(result, datetime(2026, 3, 8, 4, 30, tzinfo=TZ))
    assert result.utcoffset() == EDT
    fall = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT (first occurrence)
    assert cal.add(fall, 2 * H).isoformat() == "2026-11-01T02:30:00-05:00"
    same_instant(cal.subtract(datetime(2026, 3, 8, 16, tzinfo=UTC), 23 * H), at(2026, 3, 7, 12))
    assert cal.between(at(2026, 3, 7, 12), datetime(2026, 3, 8, 16, tzinfo=UTC)) == 23 * H
    assert cal.is_open(at(2026, 12, 25, 3))
    same_instant(cal.next_open(at(2026, 12, 25, 3)), at(2026, 12, 25, 3))
    same_instant(cal.next_open(datetime(2026, 12, 25, 8, tzinfo=UTC)), at(2026, 12, 25, 3))
    assert cal.day_close(at(2026, 12, 25, 3)) is None
    with pytest.raises(ValueError, match="aware"):
        cal.add(datetime(2026, 5, 13, 10), H)


def test_always_open_counts_real_time_for_local_instants_across_dst() -> None:
    cal = AlwaysOpen()
    spring = datetime(2026, 3, 8, 1, 30, tzinfo=TZ)  # 01:30 EST
    same_instant(cal.add(spring, 2 * H), datetime(2026, 3, 8, 4, 30, tzinfo=TZ))
    fall = datetime(2026, 11, 1, 1, 30, tzinfo=TZ)  # 01:30 EDT (first occurrence)
    assert cal.add(fall, 2 * H).isoformat() == "2026-11-01T02:30:00-05:00"
    assert cal.between(at(2026, 3, 7, 12), at(2026, 3, 8, 12)) == 23 * H
    same_instant(cal.subtract(at(2026, 3, 8, 12), 23 * H), at(2026, 3, 7, 12))


def test_calendar_for() -> None:
    policy = Policy()
    assert isinstance(calendar_for(policy, after_hours=True), AlwaysOpen)
    assert calendar_for(policy) is standard_calendar(policy)


def test_is_open_at_the_table_end_in_a_zone_east_of_utc() -> None:
    policy = policy_from_mapping(
        {"calendar": {"zone": "Pacific/Auckland"}, "holidays": {"enabled": False}}
    )
    cal = BusinessCalendar(policy)
    nz = ZoneInfo("Pacific/Auckland")
    assert cal.is_open(datetime(2026, 5, 5, 10, tzinfo=nz))  # the table now ends in 2028
    assert cal.is_open(datetime(2029, 1, 1, 10, tzinfo=nz))  # a Monday, holidays disabled


# -- properties -------------------------------------------------------------------------------

LO, HI = datetime(2025, 1, 1), datetime(2028, 12, 31)
ZONES = st.sampled_from([UTC, TZ, ZoneInfo("Europe/Paris"), ZoneInfo("America/Vancouver")])
random_instants = st.datetimes(min_value=LO, max_value=HI, timezones=st.just(UTC)).flatmap(
    lambda t: ZONES.map(t.astimezone)
)
# Instants on the boundaries the rules care about: opening, closing, a minute around them.
edge_instants = st.builds(
    lambda day, hm: datetime.combine(day, time(*hm), tzinfo=TZ),
    st.dates(min_value=LO.date(), max_value=HI.date()),
    st.sampled_from([(8, 59), (9, 0), (9, 1), (12, 0), (16, 59), (17, 0), (17, 1), (0, 0)]),
)
instants = st.one_of(random_instants, edge_instants)
HUNDRED_HOURS_US = 100 * 3600 * 10**6
durations = st.one_of(
    st.integers(1, HUNDRED_HOURS_US).map(lambda us: timedelta(microseconds=us)),
    st.integers(1, 200).map(lambda n: n * timedelta(minutes=30)),  # lands on boundaries
)
PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def in_business_time(cal: BusinessCalendar, x: datetime) -> bool:
    """Open, or exactly the closing instant of an open day (a deadline may be 17:00)."""
    lx = x.astimezone(TZ)
    closing = lx.timetz().replace(tzinfo=None) == time(17) and cal.is_open_day(lx.date())
    return cal.is_open(x) or closing


def reference_add(cal: BusinessCalendar, start: datetime, amount: timedelta) -> datetime:
    """A plain day-by-day walk (no tables): the definition of add for amount > 0."""
    left = amount
    day = start.astimezone(TZ).date()
    while True:
        if cal.is_open_day(day):
            opens, closes = local(day, 9), local(day, 17)
            begin = max(opens, start)
            if begin < closes:
                if left <= closes - begin:
                    return (begin.astimezone(UTC) + left).astimezone(TZ)
                left -= closes - begin
        day += timedelta(days=1)


@PROPS
@given(instants, durations)
def test_add_agrees_with_a_day_by_day_walk(start: datetime, amount: timedelta) -> None:
    same_instant(CAL.add(start, amount), reference_add(CAL, start, amount))


@PROPS
@given(instants, durations)
def test_between_gives_back_what_add_added(start: datetime, amount: timedelta) -> None:
    assert CAL.between(start, CAL.add(start, amount)) == amount


@PROPS
@given(instants, durations)
def test_add_never_ends_in_closed_time(start: datetime, amount: timedelta) -> None:
    end = CAL.add(start, amount)
    assert in_business_time(CAL, end)
    assert end > start
    assert end.tzinfo == TZ


@PROPS
@given(instants, durations)
def test_subtract_undoes_add_up_to_closed_time(start: datetime, amount: timedelta) -> None:
    # Subtract gives the latest instant: from closed time that is the next opening.
    back = CAL.subtract(CAL.add(start, amount), amount)
    same_instant(back, CAL.next_open(start))
    assert back >= start
    assert CAL.between(start, back) == timedelta(0)


@PROPS
@given(instants, durations)
def test_add_undoes_subtract_up_to_closed_time(start: datetime, amount: timedelta) -> None:
    earlier = CAL.subtract(start, amount)
    assert CAL.is_open(earlier)  # latest instant: an opening, never a closing
    assert CAL.between(earlier, start) == amount
    there = CAL.add(earlier, amount)
    assert there <= start
    assert CAL.between(there, start) == timedelta(0)
    if CAL.is_open(start) and start.astimezone(TZ).time() != time(9):
        same_instant(there, start.astimezone(TZ))


@PROPS
@given(instants, instants)
def test_between_is_antisymmetric_and_additive(a: datetime, b: datetime) -> None:
    assert CAL.between(a, b) == -CAL.between(b, a)
    lo, hi = min(a, b).astimezone(UTC), max(a, b).astimezone(UTC)
    mid = lo + (hi - lo) / 2
    assert CAL.between(a, mid) + CAL.between(mid, b) == CAL.between(a, b)
    assert timedelta(0) <= CAL.between(min(a, b), max(a, b)) <= max(a, b) - min(a, b)


@PROPS
@given(instants)
def test_next_open_is_open_and_nothing_open_before_it(instant: datetime) -> None:
    opening = CAL.next_open(instant)
    assert CAL.is_open(opening)
    assert opening >= instant
    assert CAL.between(instant, opening) == timedelta(0)
    if opening != instant:
        assert opening.astimezone(TZ).time() == time(9)
