"""The one clock: every 'now' in the desk and the jobs comes from here, aware and in UTC.

Tests and the console move a :class:`ManualClock` instead of sleeping.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock time, aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to (tests, the console's ``clock +2h``)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = instant.astimezone(UTC)


class OffsetClock:
    """Wall-clock time moved forward by hand: the console's ``clock +2h``, ``clock open``.

    It never runs backwards: the offset only grows, and the wall clock under it only
    moves on (the console keeps the offset with its data, so a restart resumes there).
    """

    def __init__(self, base: Clock | None = None, offset: timedelta = timedelta(0)) -> None:
        self._base = base or SystemClock()
        self.offset = offset

    def now(self) -> datetime:
        return self._base.now() + self.offset

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("OffsetClock only moves forward")
        self.offset += delta
        return self.now()

    def start_at(self, instant: datetime) -> None:
        """Read ``instant`` from now on, even one in the past: a new desk's chosen start."""
        if instant.tzinfo is None:
            raise ValueError("OffsetClock needs an aware datetime")
        self.offset = instant - self._base.now()

    def move_to(self, instant: datetime) -> datetime:
        """Jump forward to ``instant``; an instant already past is refused (ValueError)."""
        if instant.tzinfo is None:
            raise ValueError("OffsetClock needs an aware datetime")
        return self.advance(instant - self.now())
