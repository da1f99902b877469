"""SLA milestones for 100,000 random receipts, beside ``businesstimedelta`` adding 2 business
hours to the same receipts (issue #2: at least 20× its rate, and exact).

    python3 benchmarks/bench_sla.py            # 100,000 receipts, fixed seed
    python3 benchmarks/bench_sla.py --n 20000  # quicker

Both sides use the same rule: open [09:00, 17:00) Monday-Friday in America/Toronto, closed on
the Québec holidays the policy's calendar names (taken from our calendar so both sides close
exactly the same days). Receipts are spread uniformly over 2026-2027, as aware UTC instants,
with random tiers P1/P2/P3.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import businesstimedelta
import holidays
import pytz

from bot.calendar import BusinessCalendar
from bot.policy import Policy
from bot.sla import Sla

ZONE = "America/Toronto"
TWO_HOURS = timedelta(hours=2)
FIRST = datetime(2026, 1, 1, 5, 0, tzinfo=UTC)  # 2026-01-01 00:00 EST
LAST = datetime(2028, 1, 1, 5, 0, tzinfo=UTC)  # 2028-01-01 00:00 EST


def receipts(n: int, seed: int) -> list[tuple[datetime, str]]:
    rng = random.Random(seed)
    span_us = int((LAST - FIRST).total_seconds()) * 1_000_000
    return [
        (FIRST + timedelta(microseconds=rng.randrange(span_us)), rng.choice(("P1", "P2", "P3")))
        for _ in range(n)
    ]


def closed_days(calendar: BusinessCalendar, first: date, last: date) -> frozenset[date]:
    """The holidays and closures our calendar applies (weekends are the work-day rule's)."""
    days, day = set(), first
    while day <= last:
        if calendar.closed_reason(day) is not None:
            days.add(day)
        day += timedelta(days=1)
    return frozenset(days)


def btd_rules(closed: object) -> businesstimedelta.Rules:
    tz = pytz.timezone(ZONE)
    workday = businesstimedelta.WorkDayRule(
        start_time=clock_time(9), end_time=clock_time(17), working_days=[0, 1, 2, 3, 4], tz=tz
    )
    # HolidayRule's tz defaults to UTC (its days would run midnight to midnight UTC); pass the
    # zone so both rules speak local time.
    return businesstimedelta.Rules([workday, businesstimedelta.HolidayRule(closed, tz=tz)])


def timed(label: str, n: int, seconds: float) -> float:
    rate = n / seconds
    print(f"{label:<52} {rate:>12,.0f} /s {seconds / n * 1e6:>10.2f} µs/op  ({seconds:.2f} s)")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of receipts")
    parser.add_argument("--seed", type=int, default=20260308)
    args = parser.parse_args()
    n = args.n

    inputs = receipts(n, args.seed)
    policy = Policy()
    print(f"{n:,} receipts over 2026-2027 (seed {args.seed}), Python {sys.version.split()[0]}")

    # One-time set-up: the first call builds the calendar's period table (2000-2028).
    t0 = time.perf_counter()
    sla = Sla(policy)
    calendar = sla.standard
    calendar.position(inputs[0][0])
    print(f"{'set-up (holidays + period table, once)':<52} {time.perf_counter() - t0:.3f} s")

    t0 = time.perf_counter()
    milestones = [sla.milestones(received, tier) for received, tier in inputs]
    ours_ms = timed(
        "supportbot Sla.milestones (6 milestones, tier mix)", n, time.perf_counter() - t0
    )

    t0 = time.perf_counter()
    ours = [calendar.add(received, TWO_HOURS) for received, _ in inputs]
    ours_add = timed("supportbot BusinessCalendar.add(+2 business h)", n, time.perf_counter() - t0)

    # Its fastest configuration: the closed days as a frozenset (O(1) membership).
    days = closed_days(calendar, date(2025, 1, 1), date(2030, 12, 31))
    delta = businesstimedelta.BusinessTimeDelta(btd_rules(days), hours=2)
    t0 = time.perf_counter()
    theirs = [received + delta for received, _ in inputs]
    btd = timed("businesstimedelta (+2 business h, frozenset)", n, time.perf_counter() - t0)

    # Its other documented inputs (a list, a `holidays` object), on a sample.
    sample = inputs[: min(n, 10_000)]
    as_object = holidays.HolidayBase()
    as_object.update(dict.fromkeys(days, "closed"))
    for label, closed in (("list", sorted(days)), ("holidays object", as_object)):
        variant = businesstimedelta.BusinessTimeDelta(btd_rules(closed), hours=2)
        t0 = time.perf_counter()
        same = sum(1 for (r, _), a in zip(sample, theirs, strict=False) if r + variant == a)
        timed(f"  same, {label} ({len(sample):,} receipts)", len(sample), time.perf_counter() - t0)
        assert same == len(sample), f"{label}: {len(sample) - same} results differ"

    print(f"ratio, milestones vs businesstimedelta: {ours_ms / btd:,.1f}×")
    print(f"ratio, add vs businesstimedelta:        {ours_add / btd:,.1f}×")

    # Exactness: the same +2 h on the same instants, compared as instants.
    differ = [(r, a, b) for (r, _), a, b in zip(inputs, ours, theirs, strict=True) if a != b]
    print(f"exactness: {len(differ):,} of {n:,} +2 h results differ from businesstimedelta")
    for received, a, b in differ[:5]:
        print(f"  received {received.astimezone(policy.tz).isoformat()}: ours {a.isoformat()}, "
              f"businesstimedelta {b.astimezone(policy.tz).isoformat()}")  # fmt: skip
    p1 = [
        (m.response_due, a)
        for (_, tier), m, a in zip(inputs, milestones, ours, strict=True)
        if tier == "P1"
    ]
    mismatched = sum(1 for due, added in p1 if due != added)
    print(f"consistency: {mismatched:,} of {len(p1):,} P1 response_due differ from add(+2 h)")
    return 1 if differ or mismatched else 0


if __name__ == "__main__":
    raise SystemExit(main())
