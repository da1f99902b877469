"""A ticket's milestones: when its clock starts, when a response is due, when to remind,
when the 10-day review comes, and when to follow up (``docs/policy.md`` §1, §3, §6).

The response clocks run from the moment the customer called or wrote and never pause:
only a response to the customer stops them (waiting on the customer comes after a first
response, so it cannot hold them). A P1 has two: ``response_due`` (two business hours, the
reminders' target) and ``same_day_due`` (the close of that business day); ``deadline`` is
the earlier, the one the queue is ordered by.

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
    same_day_alert: datetime | None = None  # seniors and managers, before same_day_due

    def as_json(self) -> dict[str, Any]:
        """The shape ``supportbot policy due`` prints: ISO-8601 with offset, or null."""
        return {
            "clock_start": self.clock_start.isoformat(),
            "response_due": self.response_due.isoformat(),
            "same_day_due": self.same_day_due.isoformat() if self.same_day_due else None,
            "deadline": self.deadline.isoformat(),
            "reminders": [r.isoformat() for r in self.reminders],
            "same_day_alert": self.same_day_alert.isoformat() if self.same_day_alert else None,
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
        self._same_day_alert_us = _us(policy.same_day_alert_before)
        self._review_us = _us(policy.review_after)

    def calendar(self, after_hours: bool = False) -> Calendar:
        return self.after_hours if after_hours else self.standard

    def milestones(
        self,
        received: datetime,
        tier: str,
        after_hours: bool = False,
        review_paused: timedelta = timedelta(0),
    ) -> Milestones:
        """The milestones of a ticket received at ``received`` from a ``tier`` customer;
        ``after_hours`` customers' clocks run 24×7 (the review stays on business days).

        ``review_paused`` is business time spent waiting on the customer that the policy
        lets delay the 10-day review (none by default); nothing delays the response.
        """
        if tier not in self._target_us:
            raise UsageError("error.unknown_tier", tier=tier)
        if received.tzinfo is None:
            raise UsageError("error.naive_time", value=received.isoformat())
        policy = self.policy
        calendar = self.after_hours if after_hours else self.standard
        start = calendar.position(received)
        clock_start = calendar.latest_at(start)
        due_at = start + self._target_us[tier]
        response_due = calendar.earliest_at(due_at)
        same_day_due = calendar.day_close(clock_start) if tier in policy.same_day_tiers else None
        same_day_alert = None
        if same_day_due is not None:
            close_at = calendar.position(same_day_due)
            same_day_alert = _reminder_at(
                calendar, max(start, close_at - self._same_day_alert_us), same_day_due
            )
        deadline = response_due
        if same_day_due is not None and same_day_due < response_due:
            deadline = same_day_due
        reminders: tuple[datetime, ...] = ()
        if tier in policy.reminder_tiers:
            reminders = tuple(
                _reminder_at(calendar, due_at - before, response_due)
                for before in self._reminders_us
                if due_at - before >= start
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
            same_day_alert=same_day_alert,
        )

    def backdate_limit(self, now: datetime) -> datetime:
        """The earliest receipt a ticket logged at ``now`` may claim (the policy's
        ``received.max_age`` of business time before now)."""
        return self.standard.subtract(now, self.policy.max_backdate)

    def followup_due(self, outcome_at: datetime) -> datetime:
        """When the satisfaction follow-up is put to the ticket's owner (§6)."""
        return self.standard.add(outcome_at, self.policy.followup_after)


def _reminder_at(calendar: Calendar, position: int, deadline: datetime) -> datetime:
    """The opening rather than the previous closing (a reminder at 09:00, not 17:00 the
    night before), but never after the deadline itself (a zero-minute reminder)."""
    later = calendar.latest_at(position)
    return later if later <= deadline else calendar.earliest_at(position)
