"""Instants as people type them: an ISO-8601 time with its offset, or a local time in the
desk's zone (``09:40`` today, ``2026-12-01 09:40``, ``2026-12-01T09:40``).

Used where a person says when something happened (a ticket's ``received=``, the console's
``clock``); an instant that cannot be read is a ``UsageError`` naming the forms accepted.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.errors import UsageError

CLOCK_TIME = re.compile(r"^\d{1,2}[:h]\d{2}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_moment(text: str, now: datetime, tz: ZoneInfo, usage: str = "usage.help") -> datetime:
    """``text`` as an aware instant; a local time without a date is today's (in ``tz``)."""
    value = text.strip()
    try:
        if CLOCK_TIME.match(value):
            hours, minutes = re.split("[:h]", value)
            local_day = now.astimezone(tz).date()
            return _local(local_day, time(int(hours), int(minutes)), tz)
        if DAY.match(value):
            raise ValueError(value)
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        raise UsageError("error.bad_moment", value=value[:40], command=usage) from None
    if parsed.tzinfo is None:
        return _local(parsed.date(), parsed.time(), tz)
    return parsed


def _local(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The instant a wall clock in ``tz`` shows ``clock`` on ``day`` (the first of the
    two in the autumn's repeated hour; a time in the spring's skipped hour moves on)."""
    naive = datetime.combine(day, clock)
    aware = naive.replace(tzinfo=tz)
    return datetime.fromtimestamp(aware.timestamp(), tz)


def is_day(text: str) -> bool:
    return bool(DAY.match(text.strip()))


def is_clock_time(text: str) -> bool:
    return bool(CLOCK_TIME.match(text.strip()))
