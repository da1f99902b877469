"""What a ticket needs done later, derived from the ticket alone.

The store keeps this plan in each workspace's schedule (a sorted set: member
``<ticket>|<kind>``, score = due time in ms) and updates it in the same atomic step as the
ticket, so a change and its timers never disagree. A job re-derives the plan when it runs
and acts only if its entry is still there with the same due time.
"""

from __future__ import annotations

from datetime import datetime

from bot.policy import Policy
from bot.sla import Sla
from bot.tickets import Ticket
from bot.timers import TimerKind

REMIND = TimerKind.REMIND
BREACH = TimerKind.BREACH
SAME_DAY_ALERT = TimerKind.SAME_DAY_ALERT
SAME_DAY = TimerKind.SAME_DAY
TARGET = TimerKind.TARGET
REVIEW = TimerKind.REVIEW
FOLLOWUP = TimerKind.FOLLOWUP
CARD = TimerKind.CARD
PAGE = TimerKind.PAGE
DIRECTOR = TimerKind.DIRECTOR


def ms(instant: datetime) -> int:
    return int(instant.timestamp() * 1000)


def plan(ticket: Ticket, sla: Sla) -> dict[str, int]:
    """kind → due (epoch ms) for every timer the ticket needs now.

    Until the customer has a response (claimed or not: a claim tells them nothing):
    reminders before the 2-hour mark, the breach at it (seniors paged) for tiers with
    senior resources or the "target passed" notice for the others, and for a same-day
    tier an alert before the day closes and the "same-day missed" mark at the close.
    """
    jobs: dict[str, int] = {}
    ms_ = ticket.milestones
    if ms_ is None:
        return jobs
    policy: Policy = sla.policy
    unanswered = ticket.open and not ticket.answered and not ticket.waiting
    if unanswered:
        if ticket.tier in policy.reminder_tiers:
            for before, at in zip(_offsets(ticket, sla), ms_.reminders, strict=False):
                jobs[TimerKind.reminder(before)] = ms(at)
        if ticket.tier in policy.escalation_tiers:
            if not ticket.escalated:
                jobs[BREACH] = ms(ms_.response_due)
        else:
            jobs[TARGET] = ms(ms_.response_due)
        if ms_.same_day_due is not None and not ticket.same_day_missed:
            if ms_.same_day_alert is not None:
                jobs[SAME_DAY_ALERT] = ms(ms_.same_day_alert)
            jobs[SAME_DAY] = ms(ms_.same_day_due)
    reviewing = ticket.waiting and policy.review_pauses_while_waiting
    if ticket.open and not reviewing and not ticket.under_review and not ticket.outcome:
        jobs[REVIEW] = ms(ms_.review_due)
    if ticket.open and ticket.escalated and ticket.paged_at is None and ticket.escalated_at:
        jobs[PAGE] = ms(ticket.escalated_at)
    if ticket.under_review and not ticket.outcome:
        jobs[DIRECTOR] = ms(ms_.review_due)
    if ticket.outcome and not ticket.followup and ticket.outcome_at is not None:
        # A malfunction's follow-up waits for its fix to ship (``defect fixed``); one decided
        # before the register had entries (no ``defect``) keeps the outcome's time.
        waits = ticket.outcome == "defect" and bool(ticket.defect)
        after = ticket.fixed_at if waits else ticket.outcome_at
        if after is not None:
            jobs[FOLLOWUP] = ms(sla.followup_due(after))
    return jobs


def _offsets(ticket: Ticket, sla: Sla) -> list[str]:
    """Labels ('30m', '10m') of the reminders that survived (those before receipt drop)."""
    assert ticket.milestones is not None
    labels = [f"{int(b.total_seconds() // 60)}m" for b in sla.policy.reminders_before]
    return labels[len(labels) - len(ticket.milestones.reminders) :]
