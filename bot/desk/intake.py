"""New tickets, from every way one arrives: ``ticket new`` typed at any door, a new-ticket
form (the Slack modal, the Teams dialog), a message in the support intake channel. One
customer-name rule (``Directory.identify``), one receipt rule, one answer (``created``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from bot.desk.core import (
    CLOCK_SKEW,
    Actor,
    Concern,
    Invocation,
    Limit,
    handles,
    needs_maintenance,
)
from bot.directory import Customer
from bot.errors import UsageError
from bot.i18n import t
from bot.moments import parse_moment
from bot.policy import format_duration
from bot.presenter import customer_label, when
from bot.replies import Reply
from bot.store import Duplicate, Event, Stale, ticket_id
from bot.tickets import Blank, Channel, Place, Ticket, Tier
from bot.versions import Support


class Intake(Concern):
    """``ticket new`` and the new-ticket forms: one way a ticket is logged."""

    @handles("ticket new")
    async def new(self, inv: Invocation) -> Reply:
        cmd = inv.command
        opts = cmd.options
        if opts.get("name"):
            customer_name, summary = opts["name"], cmd.text(0)
        else:
            typed = cmd.text(0)  # quotes kept in the summary; a quoted name is its words
            customer_name, summary = await self.identify(  # "" (unknown): never a guess
                inv.workspace,
                cmd.rest(0) if typed.startswith('"') else typed,
                inv.actor.channel,
                inv.user,
            )
        if not summary:
            raise UsageError("error.usage", command="usage.ticket.new")
        try:
            channel = Channel(opts.get("channel", "chat").lower())
        except ValueError:
            raise UsageError(
                "error.bad_option",
                option="channel",
                value=opts["channel"][: Limit.ECHO],
                command="usage.ticket.new",
            ) from None
        received = None
        if opts.get("received"):
            tz = self.sla.policy.tz
            received = parse_moment(opts["received"], self.clock.now(), tz, "usage.ticket.new")
        ticket = await self.new_ticket(
            inv.actor,
            customer_name,
            summary,
            channel,
            opts.get("product", ""),
            opts.get("version", ""),
            opts.get("lang", ""),
            inv.idempotency_key,
            received=received,
        )
        return self.created(ticket, inv.lang)

    async def from_form(
        self, actor: Actor, form: Mapping[str, str], idempotency_key: str | None
    ) -> Ticket:
        """A new-ticket form's fields, as they are (no re-quoting into command text).
        ``message`` is a message's whole text (intake): its customer is found by the one
        rule (the ``conversation`` it was posted in, its ``poster``), like ``ticket new``'s;
        else ``customer`` (picked) or ``customer_other`` (typed) names the customer."""
        message = form.get("message")
        if message is not None:
            customer, summary = await self.identify(
                actor.workspace, message, form.get("conversation", ""), form.get("poster", "")
            )
            summary = summary or message or "—"
        else:
            customer = form.get("customer") or form.get("customer_other", "")
            summary = form.get("summary", "")
        try:
            channel = Channel(form.get("channel") or "chat")
        except ValueError:
            channel = Channel.CHAT
        return await self.new_ticket(
            actor,
            customer,
            summary,
            channel,
            form.get("product", ""),
            form.get("version", ""),
            form.get("language", ""),
            idempotency_key,
            received=self.form_moment(form.get("received", "")),
        )

    def form_moment(self, value: str) -> datetime | None:
        """A form's "received at": Unix seconds (a platform's date-time picker) or a time
        as a person types it; empty is now."""
        value = value.strip()
        if not value:
            return None
        try:
            return datetime.fromtimestamp(float(value), UTC)
        except (ValueError, OverflowError, OSError):
            return parse_moment(value, self.clock.now(), self.sla.policy.tz, "usage.ticket.new")

    async def find_customers(self, workspace: str, typed: str, limit: int = 50) -> list[Customer]:
        """Customers whose name contains what was typed (a form's search as the person
        types), shortest names first."""
        wanted = typed.strip().casefold()
        found = [
            c for c in await self.directory.customers(workspace) if wanted in c.name.casefold()
        ]
        return sorted(found, key=lambda c: (len(c.name), c.name.casefold()))[:limit]

    def created(self, ticket: Ticket, lang: str) -> Reply:
        """The "ticket created" answer, with what the agent must know about the ticket
        (unknown customer, phone outside the entitlement, a discontinued version)."""
        notes = []
        if ticket.logged_at is not None:
            notes.append(
                t(
                    "note.backdated",
                    lang,
                    received=when(ticket.received, lang, self.sla),
                    logged=when(ticket.logged_at, lang, self.sla),
                )
            )
        if ticket.phone_outside_entitlement:
            notes.append(t("note.phone_outside_entitlement", lang, tier=ticket.tier))
        if ticket.unknown_customer:
            notes.append(t("note.unknown_customer", lang))
        notes += self.version_notes(ticket, lang)
        text = t(
            "ticket.created",
            lang,
            id=ticket.id,
            tier=ticket.tier,
            customer=customer_label(ticket, lang),
            deadline=when(ticket.deadline, lang, self.sla),
        )
        return Reply("\n".join([text, *notes]), lang, ticket=ticket)

    async def identify(
        self, workspace: str, text: str, channel: str = "", person: str = ""
    ) -> tuple[str, str]:
        """(customer name or "" for an unknown sender, summary) of a message: the desk's
        one customer-name rule (``Directory.identify``), for every door."""
        customer, summary = await self.directory.identify(workspace, text, channel, person)
        return (customer.name if customer else ""), summary

    async def new_ticket(
        self,
        actor: Actor,
        customer_name: str,
        summary: str,
        channel: Channel = Channel.CHAT,
        product: str = "",
        version: str = "",
        ticket_lang: str = "",
        idempotency_key: str | None = None,
        place: Place | None = None,
        received: datetime | None = None,
    ) -> Ticket:
        """Log a ticket; an unknown customer is P3 and flagged, never refused (§2).

        ``received`` is when the customer called or wrote, when that was before now (a
        voicemail, an e-mail, a message typed in later): the clocks run from it. It may
        not be in the future nor older than the policy's ``received.max_age``."""
        ws = actor.workspace
        number = None
        if idempotency_key:
            number = await self.store.reserve_number(ws, idempotency_key)
            seen = await self.store.get(ws, ticket_id(str(number)))
            if seen is not None:  # a retried delivery: the ticket it made
                return seen
        now = self.clock.now()
        received = self.checked_receipt(received, now)
        if ticket_lang and ticket_lang not in ("en", "fr"):
            raise UsageError(
                "error.bad_option",
                option="lang",
                value=ticket_lang[: Limit.ECHO],
                command="usage.ticket.new",
            )
        customer = await self.directory.customer(ws, customer_name) if customer_name else None
        status: Support | Blank = ""
        found = None
        if product:
            if not version:
                raise UsageError("error.usage", command="usage.ticket.new")
            found = await self.version_of(ws, product, version, now)
            status = found.support if found else Support.UNKNOWN
        tier = Tier(customer.tier) if customer else Tier.P3
        if number is None:
            number = await self.store.next_number(ws)
        ticket = self.lifecycle.plan(
            Ticket(
                id=ticket_id(str(number)),
                workspace=ws,
                received=received,
                logged_at=now if received < now - CLOCK_SKEW else None,  # typed in later
                tier=tier,
                customer=customer.id if customer else "",
                customer_name=customer.name
                if customer
                else customer_name.strip()[: Limit.UNKNOWN_NAME],
                channel=channel,
                lang=ticket_lang or (customer.lang if customer else "en"),
                summary=summary[: Limit.SUMMARY],
                requester=actor.user,
                after_hours=bool(customer and customer.after_hours),
                product=product[: Limit.NAME],
                version=version[: Limit.VERSION],
                version_status=status,
                unknown_customer=customer is None,
                needs_maintenance=needs_maintenance(customer, found),
                phone_outside_entitlement=channel is Channel.PHONE and tier != Tier.P1,
                place=place
                or Place(
                    actor.platform, self.support_channels.get(actor.platform) or actor.channel
                ),
            )
        )
        events = [Event(now, actor.user, "created", summary[: Limit.HISTORY])]
        if ticket.logged_at is not None:  # who back-dated it, and when it was typed
            events.append(Event(now, actor.user, "backdated", received.isoformat()))
        try:
            return await self.store.commit(None, ticket, events, idempotency_key)
        except Duplicate as dup:
            return await self.load(ws, dup.ticket_id)
        except Stale:  # a duplicate delivery made it with the same number meanwhile
            return await self.load(ws, ticket.id)

    def checked_receipt(self, received: datetime | None, now: datetime) -> datetime:
        """When the customer called or wrote: now unless told; never in the future (a
        minute of clock skew between a platform and us is allowed, as now), never older
        than the policy allows."""
        if received is None:
            return now
        if received > now + CLOCK_SKEW:
            raise UsageError(
                "error.received_future",
                when=when(received, "en", self.sla),
                command="usage.ticket.new",
            )
        limit = self.sla.backdate_limit(now)
        if received < limit:
            raise UsageError(
                "error.received_too_old",
                limit=format_duration(self.sla.policy.max_backdate),
                command="usage.ticket.new",
            )
        return min(received, now)
