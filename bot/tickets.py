"""The ticket record and its state machine.

    new ──claim──▶ claimed ──resolve──▶ resolved ──close──▶ closed
     ▲  ◀─release──┘   │                   │
     └──────────────── reopen ◀────────────┘ (and from closed)

Escalation, waiting on the customer, the director's review and the follow-up are flags
and fields beside the state. Every transition either returns the changed ticket or raises
``Conflict`` with a sentence key that says why; nothing here touches Redis or a platform.

What the SLA measures is the customer's promise (``docs`` §3): the clock starts at
``received`` (when the customer called or wrote, possibly before the ticket was typed at
``logged_at``) and only a response to the customer (``respond``, or a resolution that
reaches them) stops it. Claim, release and reassign are ownership and stop nothing.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from bot.errors import Conflict, Forbidden
from bot.i18n import said
from bot.sla import Milestones, Sla
from bot.versions import Support


class State(StrEnum):
    NEW = "new"
    CLAIMED = "claimed"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"


class Via(StrEnum):
    """How the customer got their first response."""

    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    RESOLUTION = "resolution"  # resolved before any other response: the resolution reached them
    CLAIM = "claim"  # tickets stored before responses were recorded: their claim stood for one


class Outcome(StrEnum):
    """The customer service director's three outcomes after the 10-day review (§6)."""

    NON_CRITICAL = "non-critical"
    FEATURE = "feature"
    DEFECT = "defect"


class Tier(StrEnum):
    """Where a ticket waits in the queue (§2): P1 contract, P2 maintenance, P3 everyone
    else (an unknown sender included)."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


ENTITLEMENT_TIER = {"contract": Tier.P1, "maintenance": Tier.P2, "none": Tier.P3}
Blank = Literal[""]  # a field not set yet (stored as "", like before enums)


@dataclass(frozen=True)
class Place:
    """Where the ticket lives on its platform: the card's channel and message."""

    platform: str = "console"
    channel: str = ""
    message: str = ""  # Slack ts / Teams activity id of the card; its thread holds history


@dataclass(frozen=True)
class Ticket:
    id: str
    workspace: str
    received: datetime
    tier: Tier
    customer: str  # customer id; "" when unknown
    customer_name: str
    channel: Channel
    lang: str
    summary: str
    requester: str
    after_hours: bool = False
    product: str = ""
    version: str = ""
    version_status: Support | Blank = ""  # "" without a product
    state: State = State.NEW
    owner: str = ""
    escalated: bool = False
    escalated_at: datetime | None = None
    escalation_reason: str = ""
    paged: tuple[str, ...] = ()
    paged_at: datetime | None = None
    waiting: bool = False
    paused_at: datetime | None = None
    paused_us: int = 0  # business µs spent waiting, on the customer's calendar
    review_paused_us: int = 0  # the same on the standard calendar (the review clock)
    unknown_customer: bool = False
    phone_outside_entitlement: bool = False
    logged_at: datetime | None = None  # when it was typed, if later than ``received``
    first_response_at: datetime | None = None
    first_response_by: str = ""
    first_response_via: Via | Blank = ""
    responses: int = 0  # every response recorded, the first included
    answered_tier: Tier | Blank = ""  # the tier the first response was measured in (the figures')
    same_day_missed: bool = False
    resolved_at: datetime | None = None
    resolution: str = ""
    under_review: bool = False
    outcome: Outcome | Blank = ""
    outcome_at: datetime | None = None
    followup: str = ""
    defect: str = ""  # D-n: the defect register's entry the malfunction outcome opened
    fixed_in: str = ""  # the version its fix shipped in
    fixed_at: datetime | None = None
    needs_maintenance: bool = False  # a version newer than the customer's maintenance (§7)
    place: Place = field(default_factory=Place)
    milestones: Milestones | None = None
    rev: int = 0

    # -- derived -----------------------------------------------------------------------
    @property
    def open(self) -> bool:
        return self.state in (State.NEW, State.CLAIMED)

    @property
    def answered(self) -> bool:
        """The customer has had a response (the response clocks have stopped)."""
        return self.first_response_at is not None

    @property
    def sla_tier(self) -> Tier:
        """The tier its response is counted in: fixed at the first response, so re-tiering
        the customer later never changes figures already earned."""
        return self.answered_tier or self.tier

    @property
    def version_discontinued(self) -> bool:
        return self.version_status == Support.DISCONTINUED

    @property
    def version_unknown(self) -> bool:
        return self.version_status == Support.UNKNOWN

    @property
    def number(self) -> int:
        return int(self.id.split("-", 1)[1])

    @property
    def deadline(self) -> datetime:
        assert self.milestones is not None
        return self.milestones.deadline

    def flags(self) -> list[str]:
        """The flags a person sees on the card, as catalog keys."""
        names = [
            ("escalated", self.escalated),
            ("same_day_missed", self.same_day_missed),
            ("waiting", self.waiting),
            ("unknown_customer", self.unknown_customer),
            ("phone_outside_entitlement", self.phone_outside_entitlement),
            ("version_discontinued", self.version_discontinued),
            ("version_unknown", self.version_unknown),
            ("needs_maintenance", self.needs_maintenance),
            ("under_review", self.under_review),
        ]
        return [f"flag.{name}" for name, on in names if on]

    # -- serialization -----------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps(_encode(dataclasses.asdict(self)), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> Ticket:
        data = json.loads(text)
        ms = data.pop("milestones")
        place = data.pop("place")
        for key in DATETIMES:
            if data.get(key):
                data[key] = datetime.fromisoformat(data[key])
        if data.get("first_response_at") and "first_response_via" not in data:
            # Stored before responses were recorded: its claim stood for the response.
            data["first_response_via"] = Via.CLAIM.value
            data["first_response_by"] = data.get("owner", "")
            data["answered_tier"] = data["tier"]
            data["responses"] = 1
        data["paged"] = tuple(data["paged"])
        data["channel"] = Channel(data["channel"])
        data["state"] = State(data["state"])
        data["tier"] = Tier(data["tier"])
        for key, kind in ENUMS.items():
            data[key] = kind(data[key]) if data.get(key) else ""
        milestones = None
        if ms:
            alert = ms.get("same_day_alert")
            milestones = Milestones(
                clock_start=datetime.fromisoformat(ms["clock_start"]),
                response_due=datetime.fromisoformat(ms["response_due"]),
                same_day_due=datetime.fromisoformat(ms["same_day_due"])
                if ms["same_day_due"]
                else None,
                deadline=datetime.fromisoformat(ms["deadline"]),
                reminders=tuple(datetime.fromisoformat(r) for r in ms["reminders"]),
                review_due=datetime.fromisoformat(ms["review_due"]),
                same_day_alert=datetime.fromisoformat(alert) if alert else None,
            )
        return cls(**data, place=Place(**place), milestones=milestones)


ENUMS: dict[str, type[StrEnum]] = {
    "answered_tier": Tier,
    "first_response_via": Via,
    "outcome": Outcome,
    "version_status": Support,
}
DATETIMES = (
    "received",
    "logged_at",
    "paused_at",
    "first_response_at",
    "resolved_at",
    "outcome_at",
    "escalated_at",
    "paged_at",
    "fixed_at",
)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


class Lifecycle:
    """Legal steps between states, each returning the changed ticket (or a Conflict)."""

    def __init__(self, sla: Sla) -> None:
        self.sla = sla

    def plan(self, ticket: Ticket) -> Ticket:
        """Recompute the milestones from receipt, tier and calendar (and, where the policy
        says so, the review's paused time)."""
        review_paused = 0
        if self.sla.policy.review_pauses_while_waiting:
            review_paused = ticket.review_paused_us
        return dataclasses.replace(
            ticket,
            milestones=self.sla.milestones(
                ticket.received,
                ticket.tier,
                ticket.after_hours,
                review_paused=timedelta(microseconds=review_paused),
            ),
        )

    @staticmethod
    def _need(ticket: Ticket, *states: State) -> None:
        if ticket.state not in states:
            raise Conflict(f"conflict.{ticket.state.value}", id=ticket.id, owner=ticket.owner)

    def claim(self, ticket: Ticket, agent: str) -> Ticket:
        """Ownership only: the customer has heard nothing yet, so no clock stops."""
        if ticket.state is State.CLAIMED:
            raise Conflict("conflict.already_claimed", id=ticket.id, owner=ticket.owner)
        self._need(ticket, State.NEW)
        return dataclasses.replace(ticket, state=State.CLAIMED, owner=agent)

    def release(self, ticket: Ticket, agent: str, can_override: bool) -> Ticket:
        self._need(ticket, State.CLAIMED)
        if ticket.owner != agent and not can_override:
            raise Forbidden("forbidden.not_owner", id=ticket.id, owner=ticket.owner)
        return dataclasses.replace(ticket, state=State.NEW, owner="")

    def reassign(self, ticket: Ticket, to: str) -> Ticket:
        self._need(ticket, State.NEW, State.CLAIMED)
        return dataclasses.replace(ticket, state=State.CLAIMED, owner=to)

    def respond(self, ticket: Ticket, who: str, via: Via, now: datetime) -> Ticket:
        """A contact with the customer. The first one stops the response clocks and is
        what the SLA counts; later ones are recorded (and counted) only."""
        self._need(ticket, State.NEW, State.CLAIMED)
        if ticket.answered:
            return dataclasses.replace(ticket, responses=ticket.responses + 1)
        return self._answered(ticket, who, via, now)

    def _answered(self, ticket: Ticket, who: str, via: Via, now: datetime) -> Ticket:
        return dataclasses.replace(
            ticket,
            first_response_at=now,
            first_response_by=who,
            first_response_via=via,
            answered_tier=ticket.tier,
            responses=ticket.responses + 1,
        )

    def wait(self, ticket: Ticket, now: datetime) -> Ticket:
        """Waiting on the customer needs a first response: before one, there is nothing
        the customer could be asked for, and the promise is still ours to keep."""
        self._need(ticket, State.NEW, State.CLAIMED)
        if ticket.waiting:
            raise Conflict("conflict.already_waiting", id=ticket.id)
        if not ticket.answered:
            raise Conflict("conflict.wait_unanswered", id=ticket.id)
        return dataclasses.replace(ticket, waiting=True, paused_at=now)

    def resume(self, ticket: Ticket, now: datetime) -> Ticket:
        if not ticket.waiting or ticket.paused_at is None:
            raise Conflict("conflict.not_waiting", id=ticket.id)
        calendar = self.sla.calendar(ticket.after_hours)
        paused = calendar.between(ticket.paused_at, now)
        review_paused = self.sla.standard.between(ticket.paused_at, now)
        resumed = dataclasses.replace(
            ticket,
            waiting=False,
            paused_at=None,
            paused_us=ticket.paused_us + _us(paused),
            review_paused_us=ticket.review_paused_us + _us(review_paused),
        )
        return self.plan(resumed) if self.sla.policy.review_pauses_while_waiting else resumed

    def escalate(self, ticket: Ticket, reason: str, override: bool, now: datetime) -> Ticket:
        """Only customers with senior resources (P1) are escalated (§5); a manager may
        override."""
        self._need(ticket, State.NEW, State.CLAIMED)
        if ticket.escalated:
            raise Conflict("conflict.already_escalated", id=ticket.id)
        if ticket.tier not in self.sla.policy.escalation_tiers and not override:
            raise Forbidden("forbidden.escalation_entitlement", id=ticket.id, tier=ticket.tier)
        return dataclasses.replace(
            ticket, escalated=True, escalation_reason=reason, escalated_at=now
        )

    def record_page(self, ticket: Ticket, paged: tuple[str, ...], now: datetime) -> Ticket:
        return dataclasses.replace(ticket, paged=paged, paged_at=now)

    def miss_same_day(self, ticket: Ticket) -> Ticket:
        """The business day closed with no response: the same-day guarantee is missed."""
        self._need(ticket, State.NEW, State.CLAIMED)
        if ticket.answered or ticket.same_day_missed:
            raise Conflict("conflict.answered", id=ticket.id)
        return dataclasses.replace(ticket, same_day_missed=True)

    def resolve(self, ticket: Ticket, resolution: str, who: str, now: datetime) -> Ticket:
        """A resolution reaches the customer: a never-answered ticket counts it as its
        first response."""
        self._need(ticket, State.NEW, State.CLAIMED)
        if not ticket.answered:
            ticket = self._answered(ticket, who, Via.RESOLUTION, now)
        return dataclasses.replace(
            ticket,
            state=State.RESOLVED,
            resolution=resolution,
            resolved_at=now,
            waiting=False,
            paused_at=None,
            under_review=False,
        )

    def close(self, ticket: Ticket) -> Ticket:
        self._need(ticket, State.RESOLVED)
        return dataclasses.replace(ticket, state=State.CLOSED)

    def reopen(self, ticket: Ticket) -> Ticket:
        self._need(ticket, State.RESOLVED, State.CLOSED)
        state = State.CLAIMED if ticket.owner else State.NEW
        return dataclasses.replace(ticket, state=state, resolved_at=None, resolution="")

    def put_to_review(self, ticket: Ticket) -> Ticket:
        self._need(ticket, State.NEW, State.CLAIMED)
        return dataclasses.replace(ticket, under_review=True)

    def decide(self, ticket: Ticket, outcome: Outcome, now: datetime, defect: str = "") -> Ticket:
        """The director's outcome: the first two close the incident. A malfunction stays
        open, linked to its defect register entry, and is escalated: the seniors are paged
        again even if they were before (it is a new escalation, counted as one)."""
        if ticket.outcome:
            raise Conflict("conflict.already_decided", id=ticket.id, outcome=ticket.outcome)
        self._need(ticket, State.NEW, State.CLAIMED)
        if not ticket.under_review:  # §6: outcomes answer the 10-business-day review
            raise Conflict("conflict.not_under_review", id=ticket.id)
        if outcome is Outcome.DEFECT:
            return dataclasses.replace(
                ticket,
                outcome=outcome,
                outcome_at=now,
                under_review=False,
                defect=defect,
                escalated=True,
                escalated_at=now,
                escalation_reason=said("reason.defect", defect=defect),
                paged=(),
                paged_at=None,
            )
        return dataclasses.replace(
            ticket,
            outcome=outcome,
            outcome_at=now,
            under_review=False,
            state=State.CLOSED,
            waiting=False,
            paused_at=None,
            resolution=said(f"outcome.{outcome.value}"),
            resolved_at=now,
        )

    def fixed(self, ticket: Ticket, version: str, now: datetime) -> Ticket:
        """The fix of its defect shipped in ``version``: an open ticket is resolved by it,
        and the satisfaction follow-up is planned from now (``plan``)."""
        if ticket.fixed_at is not None:
            raise Conflict("conflict.already_fixed", id=ticket.id, version=ticket.fixed_in)
        resolution = said("resolution.fixed", defect=ticket.defect, version=version)
        if ticket.open:
            ticket = self.resolve(ticket, resolution, "", now)
        return dataclasses.replace(ticket, fixed_in=version, fixed_at=now)

    def record_followup(self, ticket: Ticket, satisfied: bool, comment: str) -> Ticket:
        if not ticket.outcome:
            raise Conflict("conflict.no_followup", id=ticket.id)
        if ticket.followup:
            raise Conflict("conflict.followup_done", id=ticket.id)
        if ticket.defect and ticket.fixed_at is None:
            raise Conflict("conflict.followup_waits_fix", id=ticket.id, defect=ticket.defect)
        verdict = "satisfied" if satisfied else "unsatisfied"
        return dataclasses.replace(ticket, followup=f"{verdict}: {comment}".strip(": "))

    def attach(
        self, ticket: Ticket, customer: str, name: str, tier: Tier, after_hours: bool, lang: str
    ) -> Ticket:
        """The ticket is ``customer``'s (a manager says so): re-tiered, its clocks planned
        again from the original receipt, no longer an unknown sender's."""
        self._need(ticket, State.NEW, State.CLAIMED)
        named = dataclasses.replace(ticket, customer_name=name, lang=lang)
        return self.retier(named, tier, after_hours, customer)

    def retier(self, ticket: Ticket, tier: Tier, after_hours: bool, customer: str) -> Ticket:
        """A new entitlement: an unanswered ticket's clocks are planned again from its
        original receipt; an answered one keeps the milestones it was measured against."""
        changed = dataclasses.replace(
            ticket,
            tier=tier,
            after_hours=after_hours,
            customer=customer,
            unknown_customer=not customer,
            phone_outside_entitlement=ticket.channel is Channel.PHONE and tier != Tier.P1,
        )
        return changed if ticket.answered else self.plan(changed)


def _us(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
