"""What the desk answers: a sentence in the person's language, plus the data a door may
render richer (a ticket card, a list, the manager's queue view, a modal to open)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.tickets import Ticket


@dataclass(frozen=True)
class QueueView:
    """The manager's view; every figure is a sorted-set count, not a scan."""

    at: datetime
    open_by_tier: dict[str, dict[str, int]]  # tier → {"new": n, "claimed": n, "waiting": n}
    at_risk: int
    breached: int
    oldest_waiting: Ticket | None
    load: dict[str, int]  # agent → claimed open tickets
    reviews_pending: int
    defects_open: int
    failed_notifications: int
    head: tuple[Ticket, ...] = ()
    # tier → today's first responses: met, missed (a miss in progress included) and, for
    # same-day tiers, same_day_met, same_day_missed
    responses: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    text: str
    lang: str
    ok: bool = True
    ticket: Ticket | None = None
    tickets: tuple[Ticket, ...] = ()
    queue: QueueView | None = None
    modal: str | None = None  # "ticket.new": the door opens its new-ticket form
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Home:
    """A person's home page (Slack's App Home): their open tickets, the head of the queue,
    the deadlines at risk, the manager's figures (managers and directors), or a notice
    instead of all that (no role)."""

    mine: tuple[Ticket, ...] = ()
    head: tuple[Ticket, ...] = ()
    at_risk: tuple[Ticket, ...] = ()
    queue: str | None = None
    notice: str | None = None
