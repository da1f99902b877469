"""A ticket's milestones: when its clock starts, when a response is due, when to remind,
when the 10-day review comes, and when to follow up (``shared/POLICY.md`` §1, §3, §6).

Everything is computed from business-clock positions (see ``bot.calendar``), so one receipt
costs a handful of binary searches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.calendar import AlwaysOpen, Calendar, standard_calendar
from bot.errors import UsageError
from bot.policy import TIERS, Policy

_US_PER_S = 1_000_000


def _us(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * _US_PER_S + delta.microseconds


@dataclass(frozen=True)
class Milestones:
    clock_start: datetime
    response_due: datetime
    same_day_due: datetime | None
    deadline: datetime
    reminders: tuple[datetime, ...]
    review_due: datetime

    def as_json(self) -> dict[str, Any]:
        """The shape ``supportbot policy due`` prints: ISO-8601 with offset, or null."""
        return {
            "clock_start": self.clock_start.isoformat(),
            "response_due": self.response_due.isoformat(),
            "same_day_due": self.same_day_due.isoformat() if self.same_day_due else None,
            "deadline": self.deadline.isoformat(),
            "reminders": [r.isoformat() for r in self.reminders],
            "review_due": self.review_due.isoformat(),
        }


class Sla:
    """The policy's clocks: the standard calendar, the 24×7 one, and each tier's targets,
    prepared once so that a ticket's milestones cost a few binary searches."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.standard = standard_calendar(policy)
        self.after_hours = AlwaysOpen(policy.zone)
        self._target_us = {tier: _us(policy.target(tier)) for tier in TIERS}
        self._reminders_us = tuple(_us(before) for before in policy.reminders_before)
        self._review_us = _us(policy.review_after)

    def calendar(self, after_hours: bool = False) -> Calendar:
        return self.after_hours if after_hours else self.standard

    def milestones(
        self,
        received: datetime,
        tier: str,
        after_hours: bool = False,
        paused: timedelta = timedelta(0),
        review_paused: timedelta = timedelta(0),
    ) -> Milestones:
        """The milestones of a ticket received at ``received`` from a ``tier`` customer;
        ``after_hours`` customers' clocks run 24×7 (the review stays on business days).

        ``paused`` is business time spent waiting on the customer (on the customer's
        calendar; ``review_paused`` on the standard one): it moves every deadline later.
        """
        if tier not in self._target_us:
            raise UsageError("error.unknown_tier", tier=tier)
        if received.tzinfo is None:
            raise UsageError("error.naive_time", value=received.isoformat())
        policy = self.policy
        calendar = self.after_hours if after_hours else self.standard
        start = calendar.position(received)
        clock_start = calendar.latest_at(start)
        pause = _us(paused)
        due_at = start + self._target_us[tier] + pause
        response_due = calendar.earliest_at(due_at)
        same_day_due = calendar.day_close(clock_start) if tier in policy.same_day_tiers else None
        if same_day_due is not None and pause:
            same_day_due = calendar.earliest_at(calendar.position(same_day_due) + pause)
        if same_day_due is not None and same_day_due < response_due:
            deadline, deadline_at = same_day_due, calendar.position(same_day_due)
        else:
            deadline, deadline_at = response_due, due_at
        reminders: tuple[datetime, ...] = ()
        if tier in policy.reminder_tiers:
            reminders = tuple(
                _reminder_at(calendar, deadline_at - before, deadline)
                for before in self._reminders_us
                if deadline_at - before >= start + pause
            )
        review_base = self.standard.position(received) if after_hours else start
        return Milestones(
            clock_start=clock_start,
            response_due=response_due,
            same_day_due=same_day_due,
            deadline=deadline,
            reminders=reminders,
            review_due=self.standard.earliest_at(
                review_base + self._review_us + _us(review_paused)
            ),
        )

    def followup_due(self, outcome_at: datetime) -> datetime:
        """When the satisfaction follow-up is put to the ticket's owner (§6)."""
        return self.standard.add(outcome_at, self.policy.followup_after)


def _reminder_at(calendar: Calendar, position: int, deadline: datetime) -> datetime:
    """The opening rather than the previous closing (a reminder at 09:00, not 17:00 the
    night before), but never after the deadline itself (a zero-minute reminder)."""
    later = calendar.latest_at(position)
    return later if later <= deadline else calendar.earliest_at(position)
