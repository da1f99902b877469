"""What every part of the desk shares: who is asking (``Actor``), one command on its way to
its handler (``Invocation``), the services a handler works with, and the one way a ticket
changes (``Concern.change``: read, step, compare-and-set, retry).

Each concern of the desk (intake, tickets, queue, customers, products, staff) is a
``Concern`` subclass whose command handlers are marked with ``@handles("ticket claim")``;
the name must be declared in ``bot.commands.SPECS`` (a typo fails at import), and
``handlers_of`` binds them when the ``Desk`` is built.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MethodType
from typing import TypeVar, cast

from bot.clock import Clock
from bot.commands import BY_NAME, Command
from bot.defects import Register
from bot.directory import Customer, Directory
from bot.errors import Conflict, NotFound
from bot.i18n import t
from bot.presenter import customer_label
from bot.replies import Reply
from bot.roles import Role
from bot.sla import Sla
from bot.store import Event, Stale, Store, Write
from bot.tickets import Lifecycle, Ticket, Tier
from bot.versions import VersionStatus, maintenance_covers, version_status


class Limit:
    """How many characters of what a person typed the desk keeps, by what it is for."""

    ECHO = 40  # a word or value quoted back in a refusal ("no such channel 'fax'")
    VERSION = 40  # a product version
    NAME = 80  # a product, a customer or a person
    UNKNOWN_NAME = 200  # the name an unknown sender's ticket keeps
    HISTORY = 200  # a history line's detail (a note, a reason, a summary)
    LOGGED = 200  # a command quoted in the log
    REASON = 500  # an escalation reason, a defect's summary
    NOTE = 1000  # a resolution note, a follow-up comment
    SUMMARY = 2000  # a ticket's summary


RETRIES = 20  # compare-and-set attempts before "busy, try again"
LIST_LIMIT = 20  # tickets or defects listed
CLOCK_SKEW = timedelta(minutes=1)  # a platform's clock (a Slack message's ts) ahead of ours


@dataclass(frozen=True)
class Actor:
    """A person at a door: who, where, and the locale their platform reports."""

    workspace: str
    user: str
    platform: str = "console"
    locale: str | None = None
    channel: str = ""


@dataclass(frozen=True)
class Invocation:
    """One command on its way to its handler: who asked, where, in which language, with
    which roles (empty for commands anyone may run), and the delivery's idempotency key."""

    actor: Actor
    command: Command
    lang: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    idempotency_key: str | None = None

    @property
    def workspace(self) -> str:
        return self.actor.workspace

    @property
    def user(self) -> str:
        return self.actor.user


@dataclass(frozen=True)
class Services:
    """What the desk is built from (``Desk.__init__``), handed to each concern."""

    store: Store
    clock: Clock
    directory: Directory
    register: Register
    support_channels: Mapping[str, str]  # platform → where its cards go
    channel_language: str  # the support channel's cards and notices


Handler = Callable[[Invocation], Awaitable[Reply]]
H = TypeVar("H", bound=Callable[..., Awaitable[Reply]])
_MARKED: dict[object, str] = {}  # handler function → the command it runs


def handles(name: str) -> Callable[[H], H]:
    """Mark a concern's method as the handler of the declared command ``name``."""
    if name not in BY_NAME:
        raise LookupError(f"{name!r} is not declared in bot.commands.SPECS")

    def mark(function: H) -> H:
        _MARKED[function] = name
        return function

    return mark


def handlers_of(concern: Concern) -> dict[str, Handler]:
    """The concern's marked methods, bound to it, by command name."""
    return {
        _MARKED[member]: cast(Handler, MethodType(member, concern))
        for member in vars(type(concern)).values()
        if member in _MARKED
    }


class Concern:
    """A part of the desk: the services, and the steps every part uses."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.store
        self.clock = services.clock
        self.sla: Sla = services.store.sla
        self.lifecycle = Lifecycle(self.sla)
        self.directory = services.directory
        self.register = services.register
        self.support_channels = services.support_channels
        self.channel_language = services.channel_language

    async def load(self, workspace: str, id_: str) -> Ticket:
        ticket = await self.store.get(workspace, id_)
        if ticket is None:
            raise NotFound("error.unknown_ticket", id=id_)
        return ticket

    async def change(
        self,
        workspace: str,
        id_: str,
        step: Callable[[Ticket], Ticket],
        who: str,
        what: str,
        detail: str = "",
        more: Sequence[tuple[str, str]] = (),
        also: Sequence[Write] = (),
    ) -> Ticket:
        """Read, apply ``step``, write if nobody changed it meanwhile; else re-read and retry.
        ``more`` are further history lines (what, detail) of the same change; ``also``
        further writes of the same atomic step."""
        for _ in range(RETRIES):
            old = await self.load(workspace, id_)
            new = step(old)
            now = self.clock.now()
            events = [Event(now, who, w, d) for w, d in ((what, detail), *more)]
            try:
                return await self.store.commit(old, new, events, also=also)
            except Stale:
                continue
        raise Conflict("conflict.busy", id=id_)

    def ticket_reply(self, key: str, lang: str, ticket: Ticket, **params: object) -> Reply:
        """A sentence about one ticket, with its id, owner and customer at hand."""
        text = t(
            key,
            lang,
            id=ticket.id,
            owner=ticket.owner,
            customer=customer_label(ticket, lang),
            **params,
        )
        return Reply(text, lang, ticket=ticket)

    async def version_of(
        self, workspace: str, product: str, version: str, now: datetime
    ) -> VersionStatus | None:
        releases = await self.directory.releases(workspace)
        today = now.astimezone(self.sla.policy.tz).date()
        try:
            return version_status(
                releases, product, version, today, self.sla.policy.version_support_months
            )
        except NotFound:
            return None

    def version_notes(self, ticket: Ticket, lang: str) -> list[str]:
        """What the agent must tell about the ticket's version (§7)."""
        notes = []
        contact = self.sla.policy.contact
        if ticket.version_discontinued:  # outside its 6 months: no fix is owed
            notes.append(
                t(
                    "note.version_discontinued",
                    lang,
                    product=ticket.product,
                    version=ticket.version,
                    phone=contact.phone,
                    website=contact.website,
                )
            )
        if ticket.version_unknown:
            notes.append(
                t("note.version_unknown", lang, product=ticket.product, version=ticket.version)
            )
        if ticket.needs_maintenance:
            notes.append(
                t(
                    "note.maintenance",
                    lang,
                    product=ticket.product,
                    version=ticket.version,
                    tier=ticket.tier,
                )
            )
        return notes


def needs_maintenance(customer: Customer | None, status: VersionStatus | None) -> bool:
    """§7: new versions and their support need annual maintenance. A P2/P3 customer's
    ticket about a version its maintenance does not cover gets the note."""
    if status is None or (customer is not None and customer.tier == Tier.P1):
        return False
    until = customer.maintenance_end if customer else None
    entitled = customer is not None and customer.entitlement == "maintenance"
    return not maintenance_covers(status, entitled, until)
