"""The desk: one entry point, ``Desk.handle``, for every door.

It parses the person's words, checks their role, runs the change as one atomic step in
the store, and answers in the person's language. Errors become sentences here (the log
keeps the traceback); no platform, no Redis command and no deadline arithmetic leaks out.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from bot.clock import Clock
from bot.commands import VERBS, Command, parse
from bot.defects import STATES, Defect, Register, parse_defect_id
from bot.directory import (
    Customer,
    Directory,
    checked_customer,
    link_ref,
    named_at_start,
    parse_flag,
)
from bot.errors import Conflict, DeskError, Forbidden, NotFound, UsageError
from bot.i18n import has_key, language_of, said, spoken, t
from bot.metrics import observed
from bot.moments import parse_moment
from bot.plan import ms
from bot.policy import TIERS, format_duration
from bot.presenter import as_text, customer_label, one_line, version_sentence, when
from bot.replies import QueueView, Reply
from bot.report import build_report, parse_period, report_text
from bot.roles import Role, require
from bot.sla import Sla
from bot.store import (
    MEASURES,
    SAME_DAY,
    TIER_RANK,
    TIER_SPAN,
    Duplicate,
    Event,
    Stale,
    Store,
    Write,
    member_of,
    sla_set,
    ticket_id,
)
from bot.tickets import Channel, Lifecycle, Outcome, Place, Ticket, Via
from bot.versions import Release, VersionStatus, maintenance_covers, version_status

log = logging.getLogger(__name__)
RETRIES = 20
LIST_LIMIT = 20
AT_RISK = timedelta(minutes=30)
# refusals about the form of a command: the form follows the sentence
SHOWS_USAGE = frozenset(("error.bad_ticket_id", "error.unknown_verb", "error.bad_option",
                         "error.bad_moment", "error.bad_date", "error.unknown_command",
                         "error.too_long"))  # fmt: skip
CLOCK_SKEW = timedelta(minutes=1)  # a platform's clock (a Slack message's ts) ahead of ours
PRIORITY_SCAN = 50  # unclaimed higher-tier tickets read to name the oldest
NOTE_LIMIT = 200  # characters of a note kept in the history line
RESPONSE_CHANNELS = ("phone", "email", "chat")
FEATURE_LIMIT = 500  # feature requests listed (newest last)
UNKNOWN_SCAN = 200  # open unknown senders' tickets read when a customer is added
SLA_RESULTS = ("met", "missed", "pending")


@dataclass(frozen=True)
class Actor:
    """A person at a door: who, where, and the locale their platform reports."""

    workspace: str
    user: str
    platform: str = "console"
    locale: str | None = None
    channel: str = ""


class Desk:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        support_channels: Mapping[str, str] | None = None,
        channel_language: str = "en",
    ) -> None:
        self.store = store
        self.channel_language = channel_language  # the support channel's cards and notices
        self.clock = clock
        self.sla: Sla = store.sla
        self.lifecycle = Lifecycle(self.sla)
        self.directory = Directory(store)
        self.register = Register(store)
        # platform → where its cards go ("" or absent: the conversation they came from)
        self.support_channels = dict(support_channels or {})

    # -- entry point -------------------------------------------------------------------
    async def handle(self, actor: Actor, text: str, idempotency_key: str | None = None) -> Reply:
        async with observed(self.store.redis, text):  # latency metric; ticket id in the logs
            return await self._handle(actor, text, idempotency_key)

    async def _handle(self, actor: Actor, text: str, idempotency_key: str | None) -> Reply:
        lang = language_of(actor.locale)
        try:
            lang = await self.language(actor)
            command = parse(text)
            return await self._dispatch(actor, lang, command, idempotency_key)
        except DeskError as exc:
            return self.refusal(exc, lang)
        except Exception:
            log.exception("command failed: %r by %s", text[:200], actor.user)
            return Reply(t("error.internal", lang), lang, ok=False)

    async def submit_new_ticket(
        self, actor: Actor, form: Mapping[str, str], idempotency_key: str | None = None
    ) -> Reply:
        """A new-ticket form (the Slack modal, the Teams dialog): its fields go to
        ``new_ticket`` as they are (no re-quoting into command text), with the same role
        check, answer and refusals as ``ticket new``. ``received`` is an instant as the
        platform gives it (Unix seconds) or as a person types it."""
        async with observed(self.store.redis, "ticket new"):
            lang = language_of(actor.locale)
            try:
                lang = await self.language(actor)
                held = await self.directory.roles_of(actor.workspace, actor.user)
                if not held:
                    raise Forbidden("forbidden.no_role", user=actor.user)
                require(held, "ticket.new")
                try:
                    channel = Channel(form.get("channel") or "chat")
                except ValueError:
                    channel = Channel.CHAT
                ticket = await self.new_ticket(
                    actor,
                    form.get("customer") or form.get("customer_other", ""),
                    form.get("summary", ""),
                    channel,
                    form.get("product", ""),
                    form.get("version", ""),
                    form.get("language", ""),
                    idempotency_key,
                    received=self.form_moment(form.get("received", "")),
                )
            except DeskError as exc:
                return self.refusal(exc, lang)
            except Exception:
                log.exception("new-ticket form failed for %s", actor.user)
                return Reply(t("error.internal", lang), lang, ok=False)
            return self.created(ticket, lang)

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

    def refusal(self, exc: DeskError, lang: str) -> Reply:
        params = dict(exc.params)
        if exc.key == "forbidden.role":
            names = str(params.get("roles", "")).split(", ")
            params["roles"] = ", ".join(t(f"role.{name}", lang) for name in names)
        if str(params.get("command", "")).startswith("usage."):
            params["usage"] = t(str(params["command"]), lang)
        text = t(exc.key, lang, **params)
        if exc.key in SHOWS_USAGE and "usage" in params:  # the precise sentence, then the form
            text += "\n" + t("error.usage_line", lang, usage=params["usage"])
        return Reply(text, lang, ok=False)

    async def language(self, actor: Actor) -> str:
        """The person's own setting, else their platform's locale (even if Redis is down)."""
        try:
            chosen = await self.directory.language(actor.workspace, actor.user)
        except DeskError:
            chosen = None
        return chosen or language_of(actor.locale)

    async def _dispatch(self, actor: Actor, lang: str, command: Command, idem: str | None) -> Reply:
        if command.group == "help":
            return Reply(self.help_for(command.raw.split()[1:], lang), lang)
        if command.group == "lang":
            return await self._set_language(actor, command)
        held = await self.directory.roles_of(actor.workspace, actor.user)
        if not held:
            raise Forbidden("forbidden.no_role", user=actor.user)
        name = f"_{command.group}_{command.verb}" if command.verb else f"_{command.group}"
        permission = f"{command.group}.{command.verb}" if command.verb else command.group
        permission = {
            "customer.add": "customer.change", "customer.update": "customer.change",
            "customer.import": "customer.change", "version.add": "version.change",
            "version.release": "version.change", "version.list": "version.show",
            "version.status": "version.show", "role.add": "role.change",
            "role.remove": "role.change", "customer.link": "customer.change",
            "customer.unlink": "customer.change",
        }.get(permission, permission)  # fmt: skip
        require(held, permission)
        handler: Callable[..., object] = getattr(self, name)
        reply = await handler(actor, lang, command, held, idem)  # type: ignore[misc]
        assert isinstance(reply, Reply)
        return reply

    def help_text(self, lang: str) -> str:
        contact = self.sla.policy.contact
        return t("help", lang, phone=contact.phone, toll_free=contact.toll_free,
                 email=contact.email, website=contact.website)  # fmt: skip

    def help_for(self, words: list[str], lang: str) -> str:
        """``help`` alone: every command; ``help ticket respond`` (or ``help respond``):
        that command's form and an example."""
        wanted = [word.lower() for word in words[:2]]
        if wanted and wanted[0] in VERBS["ticket"] and wanted[0] not in VERBS:
            wanted.insert(0, "ticket")
        for size in (2, 1):
            key = "usage." + ".".join(wanted[:size])
            if size <= len(wanted) and has_key(key):
                found = t("help.usage", lang, usage=t(key, lang))
                example = "example." + ".".join(wanted[:size])
                if has_key(example):
                    found += "\n" + t("help.example", lang, example=t(example, lang))
                return found
        return self.help_text(lang)

    async def _set_language(self, actor: Actor, command: Command) -> Reply:
        choice = command.args[0].lower() if command.args else ""
        if choice not in ("en", "fr"):
            raise UsageError("error.usage", command="usage.lang")
        await self.directory.set_language(actor.workspace, actor.user, choice)
        return Reply(t("lang.set", choice), choice)

    # -- changing one ticket -----------------------------------------------------------
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

    def _reply(self, key: str, lang: str, ticket: Ticket, **params: object) -> Reply:
        text = t(key, lang, id=ticket.id, owner=ticket.owner,
                 customer=customer_label(ticket, lang), **params)  # fmt: skip
        return Reply(text, lang, ticket=ticket)

    # -- ticket commands ---------------------------------------------------------------
    async def _ticket_new(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        opts = cmd.options
        if opts.get("name"):
            customer_name, summary = opts["name"], cmd.text(0)
        else:
            typed = cmd.text(0)  # quotes kept in the summary; a quoted name is its words
            customer_name, summary = await self.identify(  # "" (unknown): never a guess
                actor.workspace, cmd.rest(0) if typed.startswith('"') else typed,
                actor.channel, actor.user,
            )  # fmt: skip
        if not summary:
            raise UsageError("error.usage", command="usage.ticket.new")
        try:
            channel = Channel(opts.get("channel", "chat").lower())
        except ValueError:
            raise UsageError("error.bad_option", option="channel", value=opts["channel"][:40],
                             command="usage.ticket.new") from None  # fmt: skip
        received = None
        if opts.get("received"):
            tz = self.sla.policy.tz
            received = parse_moment(opts["received"], self.clock.now(), tz, "usage.ticket.new")
        ticket = await self.new_ticket(
            actor, customer_name, summary, channel, opts.get("product", ""),
            opts.get("version", ""), opts.get("lang", ""), idem, received=received,
        )  # fmt: skip
        return self.created(ticket, lang)

    def created(self, ticket: Ticket, lang: str) -> Reply:
        """The "ticket created" answer, with what the agent must know about the ticket
        (unknown customer, phone outside the entitlement, a discontinued version)."""
        notes = []
        if ticket.logged_at is not None:
            notes.append(t("note.backdated", lang, received=when(ticket.received, lang, self.sla),
                           logged=when(ticket.logged_at, lang, self.sla)))  # fmt: skip
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

    def version_notes(self, ticket: Ticket, lang: str) -> list[str]:
        """What the agent must tell about the ticket's version (§7)."""
        notes = []
        contact = self.sla.policy.contact
        if ticket.version_discontinued:  # outside its 6 months: no fix is owed
            notes.append(t("note.version_discontinued", lang, product=ticket.product,
                           version=ticket.version, phone=contact.phone,
                           website=contact.website))  # fmt: skip
        if ticket.version_unknown:
            notes.append(t("note.version_unknown", lang, product=ticket.product,
                           version=ticket.version))  # fmt: skip
        if ticket.needs_maintenance:
            notes.append(t("note.maintenance", lang, product=ticket.product,
                           version=ticket.version, tier=ticket.tier))  # fmt: skip
        return notes

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
            raise UsageError("error.bad_option", option="lang", value=ticket_lang[:40],
                             command="usage.ticket.new")  # fmt: skip
        customer = await self.directory.customer(ws, customer_name) if customer_name else None
        status = ""
        found = None
        if product:
            if not version:
                raise UsageError("error.usage", command="usage.ticket.new")
            found = await self.version_of(ws, product, version, now)
            status = found.support.value if found else "unknown"
        tier = customer.tier if customer else "P3"
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
                customer_name=customer.name if customer else customer_name.strip()[:200],
                channel=channel,
                lang=ticket_lang or (customer.lang if customer else "en"),
                summary=summary[:2000],
                requester=actor.user,
                after_hours=bool(customer and customer.after_hours),
                product=product[:80],
                version=version[:40],
                version_status=status,
                unknown_customer=customer is None,
                needs_maintenance=self.needs_maintenance(customer, found),
                phone_outside_entitlement=channel is Channel.PHONE and tier != "P1",
                place=place
                or Place(
                    actor.platform, self.support_channels.get(actor.platform) or actor.channel
                ),
            )
        )
        events = [Event(now, actor.user, "created", summary[:200])]
        if ticket.logged_at is not None:  # who back-dated it, and when it was typed
            events.append(Event(now, actor.user, "backdated", received.isoformat()))
        try:
            return await self.store.commit(None, ticket, events, idempotency_key)
        except Duplicate as dup:
            return await self.load(ws, dup.ticket_id)
        except Stale:  # a duplicate delivery made it with the same number meanwhile
            return await self.load(ws, ticket.id)

    @staticmethod
    def needs_maintenance(customer: Customer | None, status: VersionStatus | None) -> bool:
        """§7: new versions and their support need annual maintenance. A P2/P3 customer's
        ticket about a version its maintenance does not cover gets the note."""
        if status is None or (customer is not None and customer.tier == "P1"):
            return False
        until = customer.maintenance_end if customer else None
        entitled = customer is not None and customer.entitlement == "maintenance"
        return not maintenance_covers(status, entitled, until)

    def checked_receipt(self, received: datetime | None, now: datetime) -> datetime:
        """When the customer called or wrote: now unless told; never in the future (a
        minute of clock skew between a platform and us is allowed, as now), never older
        than the policy allows."""
        if received is None:
            return now
        if received > now + CLOCK_SKEW:
            raise UsageError("error.received_future", when=when(received, "en", self.sla),
                             command="usage.ticket.new")  # fmt: skip
        limit = self.sla.backdate_limit(now)
        if received < limit:
            raise UsageError("error.received_too_old", limit=format_duration(
                self.sla.policy.max_backdate), command="usage.ticket.new")  # fmt: skip
        return min(received, now)

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

    async def _ticket_claim(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        return await self.claim(actor, lang, cmd.ticket_id())

    async def claim(self, actor: Actor, lang: str, id_: str) -> Reply:
        try:
            ticket = await self.change(
                actor.workspace, id_, lambda tk: self.lifecycle.claim(tk, actor.user),
                actor.user, "claimed",
            )  # fmt: skip
        except Conflict as exc:
            if exc.key == "conflict.already_claimed" and exc.params.get("owner") == actor.user:
                return Reply(t("ticket.already_yours", lang, id=id_), lang)
            raise
        reply = self._reply("ticket.claimed", lang, ticket)
        waiting = await self.waiting_above(ticket)
        if waiting is None:
            return reply
        warning = t("note.priority", lang, id=waiting.id, tier=waiting.tier,
                    customer=customer_label(waiting, lang),
                    since=when(waiting.received, lang, self.sla),
                    claimed_tier=ticket.tier)  # fmt: skip
        return dataclasses.replace(reply, text=f"{reply.text}\n{warning}")

    async def waiting_above(self, ticket: Ticket) -> Ticket | None:
        """The oldest unclaimed ticket of a higher tier than ``ticket``'s, if one waits:
        priority is enforced at pick-up (§2), so a claim out of order is told so."""
        highest_lower_score = TIER_RANK[ticket.tier] * TIER_SPAN - 1
        members = await self.store.members_by_score(
            ticket.workspace, "new", "-inf", highest_lower_score, PRIORITY_SCAN
        )
        waiting = await self.store.get_many(ticket.workspace, members)
        return min(waiting, key=lambda tk: (tk.received, tk.number), default=None)

    async def _ticket_next(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        for _ in range(RETRIES):
            head = await self.store.members(actor.workspace, "new", 0, 0)
            if not head:
                return Reply(t("queue.empty", lang), lang)
            try:
                return await self.claim(actor, lang, ticket_id(head[0]))
            except Conflict:
                continue
        raise Conflict("conflict.busy", id="next")

    async def _ticket_release(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        lead = bool(held & {Role.MANAGER, Role.DIRECTOR})
        ticket = await self.change(
            actor.workspace, cmd.ticket_id(),
            lambda tk: self.lifecycle.release(tk, actor.user, lead), actor.user, "released",
        )  # fmt: skip
        return self._reply("ticket.released", lang, ticket)

    async def _ticket_reassign(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        to = cmd.arg(1).lstrip("@")
        if not await self.directory.roles_of(actor.workspace, to):
            raise NotFound("error.unknown_person", user=to[:80])
        ticket = await self.change(
            actor.workspace, cmd.ticket_id(), lambda tk: self.lifecycle.reassign(tk, to),
            actor.user, "reassigned", to,
        )  # fmt: skip
        return self._reply("ticket.reassigned", lang, ticket)

    async def _ticket_attach(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        """``ticket attach T-1 <customer>``: an unknown sender's ticket (or a wrong one) is
        the customer's: re-tiered, clocks planned again from the original receipt (§2)."""
        id_ = cmd.ticket_id()
        customer = await self.directory.require_customer(actor.workspace, cmd.rest(1))
        ws = actor.workspace
        ticket = await self.load(ws, id_)
        status = None
        if ticket.product:
            status = await self.version_of(ws, ticket.product, ticket.version, self.clock.now())

        def attach(tk: Ticket) -> Ticket:
            moved = self.lifecycle.attach(tk, customer.id, customer.name, customer.tier,
                                          customer.after_hours, customer.lang)  # fmt: skip
            return dataclasses.replace(
                moved, needs_maintenance=self.needs_maintenance(customer, status)
            )

        ticket = await self.change(
            ws, id_, attach, actor.user, "attached",
            said("detail.attached", customer=customer.name, tier=customer.tier),
        )  # fmt: skip
        text = t("ticket.attached", lang, id=ticket.id, customer=customer.name, tier=ticket.tier,
                 deadline=when(ticket.deadline, lang, self.sla))  # fmt: skip
        if ticket.answered:
            text += "\n" + t("note.attached_answered", lang)
        return Reply(text, lang, ticket=ticket)

    async def _ticket_respond(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        """``ticket respond T-1001 [phone|email|chat] <note>``: the customer was called
        back, written to or answered in chat. The first response stops the clocks."""
        id_ = cmd.ticket_id()
        words = cmd.args[1:]
        via, start = Via.CHAT, 1
        if words and words[0].lower() in RESPONSE_CHANNELS:
            via, start = Via(words[0].lower()), 2
        note = cmd.text(start)
        if not note:
            raise UsageError("error.usage", command="usage.ticket.respond")
        now = self.clock.now()
        ticket = await self.change(
            actor.workspace, id_,
            lambda tk: self.lifecycle.respond(tk, actor.user, via, now),
            actor.user, "responded",
            noted(said(f"via.{via.value}"), note),
        )  # fmt: skip
        if ticket.responses > 1:  # the first was recorded before (by whoever)
            return self._reply("ticket.responded_again", lang, ticket, via=t(f"via.{via}", lang))
        return self._reply("ticket.responded", lang, ticket, via=t(f"via.{via}", lang),
                           result=self.response_result(ticket, lang))  # fmt: skip

    def response_result(self, ticket: Ticket, lang: str) -> str:
        """'within the 2-hour window' / 'after it, but the same business day' …"""
        milestones, answered = ticket.milestones, ticket.first_response_at
        if milestones is None or answered is None:
            return ""
        in_window = answered <= milestones.response_due
        if milestones.same_day_due is None:
            return t("response.met" if in_window else "response.missed", lang)
        same_day = answered <= milestones.same_day_due
        key = {
            (True, True): "response.met",
            (False, True): "response.missed_same_day_met",
            (True, False): "response.met_same_day_missed",
            (False, False): "response.missed_both",
        }[(in_window, same_day)]
        return t(key, lang)

    async def _ticket_wait(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        now = self.clock.now()
        ticket = await self.change(
            actor.workspace, cmd.ticket_id(), lambda tk: self.lifecycle.wait(tk, now),
            actor.user, "waiting",
        )  # fmt: skip
        return self._reply("ticket.waiting", lang, ticket)

    async def _ticket_resume(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        now = self.clock.now()
        ticket = await self.change(
            actor.workspace, cmd.ticket_id(), lambda tk: self.lifecycle.resume(tk, now),
            actor.user, "resumed",
        )  # fmt: skip
        return self._reply(
            "ticket.resumed", lang, ticket, deadline=when(ticket.deadline, lang, self.sla)
        )

    async def _ticket_escalate(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        override = len(cmd.args) > 1 and cmd.args[1].lower() in ("override", "--override")
        if override:
            require(held, "ticket.escalate.override")
        reason = cmd.text(2 if override else 1)
        if not reason:
            raise UsageError("error.usage", command="usage.ticket.escalate")
        now = self.clock.now()
        ticket = await self.change(
            actor.workspace, cmd.ticket_id(),
            lambda tk: self.lifecycle.escalate(tk, reason[:500], override, now),
            actor.user, "escalated", reason[:200],
        )  # fmt: skip
        return self._reply("ticket.escalated", lang, ticket)

    async def _ticket_resolve(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        note = cmd.text(1)
        if not note:
            raise UsageError("error.usage", command="usage.ticket.resolve")
        now = self.clock.now()
        ticket = await self.change(
            actor.workspace, cmd.ticket_id(),
            lambda tk: self.lifecycle.resolve(tk, note[:1000], actor.user, now), actor.user,
            "resolved",
            note[:200],
        )  # fmt: skip
        return self._reply("ticket.resolved", lang, ticket)

    async def _ticket_close(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        ticket = await self.change(
            actor.workspace, cmd.ticket_id(), self.lifecycle.close, actor.user, "closed"
        )
        return self._reply("ticket.closed", lang, ticket)

    async def _ticket_reopen(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        ticket = await self.change(
            actor.workspace, cmd.ticket_id(), self.lifecycle.reopen, actor.user, "reopened",
            cmd.text(1)[:200],
        )  # fmt: skip
        return self._reply("ticket.reopened", lang, ticket)

    async def _ticket_outcome(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        """``ticket outcome T-1 non-critical|feature|defect [D-n] [note]``: the director's
        outcome. A malfunction opens an entry in the defect register (or joins the open
        entry ``D-n`` names) and pages the seniors: an escalation, counted as one."""
        try:
            outcome = Outcome(cmd.arg(1).lower())
        except ValueError:
            raise UsageError("error.usage", command="usage.ticket.outcome") from None
        ws, id_, now = actor.workspace, cmd.ticket_id(), self.clock.now()
        note = cmd.text(2)
        also: list[Write] = []
        more: list[tuple[str, str]] = []
        defect_id = ""
        if outcome is Outcome.DEFECT:
            ticket = await self.load(ws, id_)
            self.lifecycle.decide(ticket, outcome, now)  # refused now, before a number is spent
            joined = cmd.args[2] if len(cmd.args) > 2 and cmd.args[2][:1] in "Dd" else ""
            if joined:
                defect_id = parse_defect_id(joined, "usage.ticket.outcome")
                found = await self.register.require(ws, defect_id)
                if found.fixed_at is not None:
                    raise Conflict("conflict.defect_fixed", id=defect_id, version=found.fixed_in)
                note = cmd.text(3)
                also = self.register.linking(ws, defect_id, id_, now)
            else:
                defect_id = await self.register.next_id(ws)
                entry = Defect(defect_id, ticket.product, ticket.version, ticket.summary[:500],
                               id_, now, actor.user)  # fmt: skip
                also = self.register.opening(ws, entry)
            more = [("escalated", said("reason.defect", defect=defect_id))]
        detail = noted(said(f"outcome.{outcome.value}"), note)
        ticket = await self.change(
            ws, id_, lambda tk: self.lifecycle.decide(tk, outcome, now, defect_id),
            actor.user, "outcome", detail, more=more, also=also,
        )  # fmt: skip
        reply = self._reply(f"ticket.outcome.{outcome.value}", lang, ticket, defect=defect_id)
        notes = self.version_notes(ticket, lang) if outcome is Outcome.DEFECT else []
        return dataclasses.replace(reply, text="\n".join([reply.text, *notes]))

    async def _ticket_followup(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        verdict = cmd.arg(1).lower()
        if verdict not in ("satisfied", "unsatisfied", "satisfait", "insatisfait"):
            raise UsageError("error.usage", command="usage.ticket.followup")
        satisfied = verdict in ("satisfied", "satisfait")
        comment = cmd.text(2)[:1000]
        verdict_key = "followup.satisfied" if satisfied else "followup.unsatisfied"
        ticket = await self.change(
            actor.workspace, cmd.ticket_id(),
            lambda tk: self.lifecycle.record_followup(tk, satisfied, comment),
            actor.user, "followup",
            noted(said(verdict_key), comment),
        )  # fmt: skip
        return self._reply("ticket.followup", lang, ticket)

    async def _ticket_show(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        ticket = await self.load(actor.workspace, cmd.ticket_id())
        history = await self.store.history(actor.workspace, ticket.id)
        lines = [as_text(ticket, self.clock.now(), self.sla, lang)]
        if ticket.product and ticket.version:
            status = await self.version_of(
                actor.workspace, ticket.product, ticket.version, self.clock.now()
            )
            if status:
                lines.append("  " + version_sentence(status, lang))
        lines.append(t("ticket.history", lang))
        for event in history[-10:]:
            what = t(f"event.{event.what}", lang)
            detail = f" — {spoken(event.detail, lang)}" if event.detail else ""
            lines.append(f"  {when(event.at, lang, self.sla)} {event.who}: {what}{detail}")
        return Reply("\n".join(lines), lang, ticket=ticket)

    async def _ticket_list(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        which = (cmd.args[0] if cmd.args else "mine").lower()
        index = {"mine": f"owner:{actor.user}", "unclaimed": "new", "all": "open"}.get(which)
        if index is None:
            raise UsageError("error.usage", command="usage.ticket.list")
        members = await self.store.members(actor.workspace, index, 0, LIST_LIMIT - 1)
        tickets = tuple(await self.store.get_many(actor.workspace, members))
        if not tickets:
            return Reply(t("list.empty", lang), lang)
        now = self.clock.now()
        text = "\n".join(one_line(tk, now, self.sla, lang) for tk in tickets)
        return Reply(text, lang, tickets=tickets)

    # -- the manager's view ------------------------------------------------------------
    async def _queue(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        view = await self.queue_view(actor.workspace)
        return Reply(self.queue_text(view, lang), lang, queue=view)

    async def queue_view(self, workspace: str) -> QueueView:
        """Counts from sorted sets: O(log n) each, whatever the size of the queue."""
        now = self.clock.now()
        redis = self.store.redis
        keys = self.store.keys(workspace)
        agents = sorted(
            u for u, roles in (await self.directory.people(workspace)).items()
            if roles & {Role.AGENT, Role.SENIOR}
        )  # fmt: skip

        midnight = datetime.combine(now.astimezone(self.sla.policy.tz).date(), time(0),
                                    self.sla.policy.tz)  # fmt: skip
        today, now_ms = ms(midnight), ms(now)
        figures = [(m, r, tier) for tier in TIERS for m in MEASURES for r in SLA_RESULTS]

        async def counts() -> list[int]:
            async with redis.pipeline(transaction=False) as pipe:
                for tier in TIERS:
                    low = TIER_RANK[tier] * TIER_SPAN
                    for state in ("new", "open", "waiting"):
                        pipe.zcount(keys.index(state), low, low + TIER_SPAN - 1)
                for measure, result, tier in figures:  # today's first responses
                    high = f"({now_ms}" if result == "pending" else now_ms
                    pipe.zcount(keys.sla(sla_set(measure, result, tier)), today, high)
                pipe.zcount(keys.index("due"), ms(now), ms(now + AT_RISK))
                pipe.zcount(keys.index("due"), "-inf", f"({ms(now)}")
                pipe.zrange(keys.index("arrival"), 0, 0)
                for agent in agents:
                    pipe.zcard(keys.index(f"owner:{agent}"))
                pipe.zcard(keys.index("review"))
                pipe.zcard(keys.defects)
                pipe.llen(keys.failed)
                pipe.zrange(keys.index("new"), 0, 2)
                return list(await pipe.execute())

        results: list[Any] = await self.store.call(counts)
        by_tier: dict[str, dict[str, int]] = {}
        for i, tier in enumerate(TIERS):
            new, open_, waiting = results[i * 3 : i * 3 + 3]
            by_tier[tier] = {"new": new, "claimed": open_ - new - waiting, "waiting": waiting}
        pos = len(TIERS) * 3
        responses: dict[str, dict[str, int]] = {tier: {} for tier in TIERS}
        for (measure, result, tier), count in zip(
            figures, results[pos : pos + len(figures)], strict=True
        ):
            name = "missed" if result == "pending" else result  # a miss in progress
            if measure == SAME_DAY:
                if tier not in self.sla.policy.same_day_tiers:
                    continue
                name = f"same_day_{name}"
            responses[tier][name] = responses[tier].get(name, 0) + int(count)
        pos += len(figures)
        at_risk, breached, oldest = results[pos : pos + 3]
        pos += 3
        load = dict(zip(agents, results[pos : pos + len(agents)], strict=True))
        pos += len(agents)
        reviews, defects, failed, head = results[pos : pos + 4]
        oldest_found = await self.store.get_many(workspace, oldest)
        return QueueView(
            at=now,
            open_by_tier=by_tier,
            at_risk=at_risk,
            breached=breached,
            oldest_waiting=oldest_found[0] if oldest_found else None,
            load=load,
            reviews_pending=reviews,
            defects_open=defects,
            failed_notifications=failed,
            head=tuple(await self.store.get_many(workspace, head)),
            responses=responses,
        )

    def queue_text(self, view: QueueView, lang: str) -> str:
        lines = [t("queue.title", lang, at=when(view.at, lang, self.sla))]
        for tier, counts in view.open_by_tier.items():
            lines.append(t("queue.tier", lang, tier=tier, **counts))
        lines.append(t("queue.risk", lang, at_risk=view.at_risk, breached=view.breached))
        lines.append(t("queue.responses", lang))
        for tier, counts in view.responses.items():
            line = t("queue.responses.tier", lang, tier=tier, met=counts.get("met", 0),
                     missed=counts.get("missed", 0))  # fmt: skip
            if "same_day_met" in counts:
                line += t("queue.responses.same_day", lang, met=counts["same_day_met"],
                          missed=counts.get("same_day_missed", 0))  # fmt: skip
            lines.append(line)
        if view.oldest_waiting:
            lines.append(t("queue.oldest", lang, id=view.oldest_waiting.id,
                           since=when(view.oldest_waiting.received, lang, self.sla)))  # fmt: skip
        load = ", ".join(f"{agent} {n}" for agent, n in view.load.items()) or "—"
        lines.append(t("queue.load", lang, load=load))
        lines.append(t("queue.reviews", lang, reviews=view.reviews_pending,
                       defects=view.defects_open, failed=view.failed_notifications))  # fmt: skip
        for ticket in view.head:
            lines.append("  " + one_line(ticket, view.at, self.sla, lang))
        return "\n".join(lines)

    async def _jobs(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        key = self.store.keys(actor.workspace).failed
        rows = await self.store.call(lambda: self.store.redis.lrange(key, 0, 19))
        if not rows:
            return Reply(t("jobs.none_failed", lang), lang)
        lines = [t("jobs.failed", lang, n=len(rows)), *(str(row) for row in rows)]
        return Reply("\n".join(lines), lang)

    async def _report(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        first, last = parse_period(cmd.arg(0), cmd.arg(1))
        report = await build_report(self.store, actor.workspace, first, last, self.clock.now())
        return Reply(report_text(report, lang, self.sla), lang)

    # -- customers ---------------------------------------------------------------------
    async def _customer_add(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        name = cmd.rest(0) or cmd.options.get("name", "")
        if await self.directory.customer(actor.workspace, name):
            raise Conflict("conflict.customer_exists", name=name[:80])
        customer = checked_customer(
            name,
            cmd.options.get("entitlement", "none").lower(),
            cmd.options.get("lang", "en").lower(),
            parse_flag(cmd.options.get("after_hours", "no"), "usage.customer.add"),
            "usage.customer.add",
            cmd.options.get("maintenance_until", ""),
        )
        await self.directory.save_customer(actor.workspace, customer)
        lines = [customer_sentence(customer, lang)]
        matching = await self.unknown_naming(actor.workspace, customer)
        if matching:
            lines.append(t("customer.unknown_match", lang, n=len(matching), name=customer.name,
                           ids=", ".join(tk.id for tk in matching)))  # fmt: skip
            lines += ["  " + one_line(tk, self.clock.now(), self.sla, lang) for tk in matching]
        return Reply("\n".join(lines), lang, tickets=tuple(matching))

    async def unknown_naming(self, workspace: str, customer: Customer) -> list[Ticket]:
        """Open unknown senders' tickets that name ``customer`` (the name given for them, or
        their summary, by the one customer-name rule), oldest first."""
        members = await self.store.members(workspace, "unknown", 0, UNKNOWN_SCAN - 1)
        found = []
        for ticket in await self.store.get_many(workspace, members):
            said_name = named_at_start(ticket.customer_name, [customer])
            if said_name is not None or named_at_start(ticket.summary, [customer]):
                found.append(ticket)
        return found

    async def _customer_link(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        """``customer link <customer> <channel-or-person>``: requests from there are the
        customer's (a Slack Connect or Teams channel, a customer's contact)."""
        name, ref = link_args(cmd)
        customer = await self.directory.require_customer(actor.workspace, name)
        before = await self.directory.link(actor.workspace, ref, customer)
        text = t("customer.linked", lang, ref=ref, name=customer.name)
        if before and before != customer.id:
            text += " " + t("customer.link_moved", lang, before=before)
        return Reply(text, lang)

    async def _customer_unlink(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        name, ref = link_args(cmd)
        customer = await self.directory.require_customer(actor.workspace, name)
        linked = await self.directory.links(actor.workspace, customer)
        if ref not in linked:
            raise NotFound("error.not_linked", ref=ref, name=customer.name)
        await self.directory.link(actor.workspace, ref, None)
        return Reply(t("customer.unlinked", lang, ref=ref, name=customer.name), lang)

    async def _customer_update(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        name = cmd.rest(0)
        old = await self.directory.require_customer(actor.workspace, name)
        new = checked_customer(
            old.name,
            cmd.options.get("entitlement", old.entitlement).lower(),
            cmd.options.get("lang", old.lang).lower(),
            parse_flag(cmd.options.get("after_hours", "yes" if old.after_hours else "no"),
                       "usage.customer.update"),
            "usage.customer.update",
            cmd.options.get("maintenance_until", old.maintenance_until),
        )  # fmt: skip
        await self.directory.save_customer(actor.workspace, new)
        moved = await self.retier(actor, new)
        text = customer_sentence(new, lang)
        if moved:
            text += "\n" + t("customer.retiered", lang, n=moved, tier=new.tier)
        return Reply(text, lang)

    async def retier(self, actor: Actor, customer: Customer) -> int:
        """Re-tier the customer's open tickets (each one atomic) and re-plan their timers."""
        members = await self.store.members(actor.workspace, f"customer:{customer.id}")
        moved = 0
        for m in members:
            ticket = await self.store.get(actor.workspace, ticket_id(m))
            if ticket is None or (
                ticket.tier == customer.tier and ticket.after_hours == customer.after_hours
            ):
                continue
            await self.change(
                actor.workspace, ticket.id,
                lambda tk: self.lifecycle.retier(tk, customer.tier, customer.after_hours,
                                                 customer.id),
                actor.user, "retiered", customer.tier,
            )  # fmt: skip
            moved += 1
        return moved

    async def _customer_show(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        customer = await self.directory.require_customer(actor.workspace, cmd.rest(0))
        text = customer_sentence(customer, lang)
        linked = await self.directory.links(actor.workspace, customer)
        if linked:
            text += "\n" + t("customer.links", lang, refs=", ".join(linked))
        return Reply(text, lang)

    async def _customer_list(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        customers = await self.directory.customers(actor.workspace)
        if not customers:
            return Reply(t("list.empty", lang), lang)
        return Reply("\n".join(customer_sentence(c, lang) for c in customers), lang)

    async def _customer_import(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        raw = cmd.raw
        text = raw[raw.lower().index("import") + len("import") :]
        customers = self.directory.parse_csv(text)
        if not customers:
            raise UsageError("error.usage", command="usage.customer.import")
        moved = 0
        for customer in customers:
            await self.directory.save_customer(actor.workspace, customer)
            moved += await self.retier(actor, customer)
        return Reply(t("customer.imported", lang, n=len(customers), moved=moved), lang)

    # -- products ----------------------------------------------------------------------
    async def _version_add(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        product, version = cmd.arg(0), cmd.arg(1)
        try:
            released = datetime.fromisoformat(cmd.arg(2)).date()
        except ValueError:
            raise UsageError("error.bad_date", value=cmd.arg(2)[:40],
                             command="usage.version.add") from None  # fmt: skip
        force = cmd.rest(3).lower() == "force"
        return await self.release(actor, lang, Release(product, version, released), force)

    async def _version_release(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        product, version = cmd.arg(0)[:80], cmd.arg(1)[:40]
        today = self.clock.now().astimezone(self.sla.policy.tz).date()
        force = cmd.rest(2).lower() == "force"
        return await self.release(actor, lang, Release(product, version, today), force)

    async def release(self, actor: Actor, lang: str, release: Release, force: bool) -> Reply:
        """Record a release. One already in the catalog keeps its date unless ``force``:
        moving it would move when the version before it stops being supported."""
        known = next((r for r in await self.directory.releases(actor.workspace)
                      if r.product.casefold() == release.product.casefold()
                      and r.version == release.version), None)  # fmt: skip
        if known is not None and known.released != release.released and not force:
            raise Conflict("conflict.version_exists", product=known.product,
                           version=known.version, released=known.released.isoformat())  # fmt: skip
        if known is not None:
            release = Release(known.product, release.version, release.released)
        await self.directory.add_release(actor.workspace, release)
        return Reply(t("version.added", lang, product=release.product, version=release.version,
                       released=release.released.isoformat()), lang)  # fmt: skip

    async def _version_list(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        product = cmd.arg(0)
        releases = sorted(
            (r for r in await self.directory.releases(actor.workspace)
             if r.product.casefold() == product.casefold()),
            key=lambda r: r.released,
        )  # fmt: skip
        if not releases:
            raise NotFound("error.unknown_product", product=product[:80])
        now = self.clock.now()
        lines = []
        for release in releases:
            status = await self.version_of(actor.workspace, release.product, release.version, now)
            if status:
                lines.append(version_sentence(status, lang))
        return Reply("\n".join(lines), lang)

    async def _version_status(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        product, version = cmd.arg(0), cmd.arg(1)
        status = await self.version_of(actor.workspace, product, version, self.clock.now())
        if status is None:
            raise NotFound("error.unknown_version", product=product[:80], version=version[:40])
        return Reply(version_sentence(status, lang), lang)

    # -- the defect register and feature requests (§6) -----------------------------------
    async def _defect_list(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        state = (cmd.args[0] if cmd.args else "open").lower()
        if state not in STATES:
            raise UsageError("error.usage", command="usage.defect.list")
        defects = await self.register.listed(actor.workspace, state, LIST_LIMIT)
        if not defects:
            return Reply(t("defect.none", lang, state=t(f"defect.state.{state}", lang)), lang)
        return Reply("\n".join(self.defect_line(d, lang) for d in defects), lang)

    def defect_line(self, defect: Defect, lang: str) -> str:
        product = f"{defect.product} {defect.version}".strip() or "—"
        if defect.fixed_at is not None:
            return t("defect.line.fixed", lang, id=defect.id, product=product,
                     summary=defect.summary, tickets=", ".join(defect.tickets),
                     version=defect.fixed_in, at=when(defect.fixed_at, lang, self.sla))  # fmt: skip
        return t("defect.line.open", lang, id=defect.id, product=product,
                 summary=defect.summary, tickets=", ".join(defect.tickets),
                 at=when(defect.opened_at, lang, self.sla))  # fmt: skip

    async def _defect_show(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        id_ = parse_defect_id(cmd.arg(0), "usage.defect.show")
        defect = await self.register.require(actor.workspace, id_)
        opened = t("defect.opened_by", lang, who=defect.opened_by, ticket=defect.ticket)
        lines = [self.defect_line(defect, lang), opened]
        now = self.clock.now()
        members = [member_of(tk) for tk in defect.tickets]
        for ticket in await self.store.get_many(actor.workspace, members):
            lines.append("  " + one_line(ticket, now, self.sla, lang))
        return Reply("\n".join(lines), lang)

    async def _defect_fixed(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        """``defect fixed D-n <version>``: the fix shipped. Each linked ticket is resolved by
        it and its owner will be asked for the satisfaction follow-up (§6: after the fix)."""
        ws = actor.workspace
        id_ = parse_defect_id(cmd.arg(0), "usage.defect.fixed")
        version = cmd.arg(1)[:40]
        defect = await self.register.require(ws, id_)
        if defect.fixed_at is not None:
            raise Conflict("conflict.defect_fixed", id=id_, version=defect.fixed_in)
        product_known = any(r.product.casefold() == defect.product.casefold()
                            for r in await self.directory.releases(ws))  # fmt: skip
        now = self.clock.now()
        if product_known and await self.version_of(ws, defect.product, version, now) is None:
            raise NotFound("error.unknown_version", product=defect.product, version=version)
        lines = []
        for linked in defect.tickets:  # each ticket first: a repeated command finishes the job
            try:
                ticket = await self.change(
                    ws, linked, lambda tk: self.lifecycle.fixed(tk, version, now), actor.user,
                    "fixed", said("detail.fixed", defect=id_, version=version),
                )  # fmt: skip
            except Conflict:
                continue  # fixed already (a repeated command)
            asked = ticket.owner or t("role.manager", lang)
            lines.append(t("defect.followup", lang, id=ticket.id, who=asked,
                           at=when(self.sla.followup_due(now), lang, self.sla)))  # fmt: skip
        await self.register.mark_fixed(ws, id_, version, actor.user, now)
        return Reply("\n".join([t("defect.fixed", lang, id=id_, version=version), *lines]), lang)

    async def _feature_list(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        """Feature requests (the director's "feature" outcome), per product, for planning."""
        product = cmd.rest(0).casefold()
        members = await self.store.members(actor.workspace, "features", 0, FEATURE_LIMIT - 1)
        by_product: dict[str, list[Ticket]] = {}
        for ticket in await self.store.get_many(actor.workspace, members):
            if not product or ticket.product.casefold() == product:
                by_product.setdefault(ticket.product, []).append(ticket)
        if not by_product:
            return Reply(t("feature.none", lang), lang)
        lines = []
        for name in sorted(by_product, key=lambda p: (not p, p.casefold())):
            lines.append(name or t("feature.no_product", lang))
            for ticket in by_product[name]:
                assert ticket.outcome_at is not None
                lines.append(t("feature.line", lang, id=ticket.id, version=ticket.version or "—",
                               customer=customer_label(ticket, lang), summary=ticket.summary,
                               at=when(ticket.outcome_at, lang, self.sla)))  # fmt: skip
        return Reply("\n".join(lines), lang)

    # -- roles -------------------------------------------------------------------------
    async def _role_add(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        return await self._role_change(actor, lang, cmd, add=True)

    async def _role_remove(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        return await self._role_change(actor, lang, cmd, add=False)

    async def _role_change(self, actor: Actor, lang: str, cmd: Command, add: bool) -> Reply:
        user = cmd.arg(0).lstrip("@")[:80]
        try:
            role = Role(cmd.arg(1).lower())
        except ValueError:
            raise UsageError("error.usage", command=cmd.usage_key) from None
        roles = await self.directory.change_role(actor.workspace, user, role, add)
        names = ", ".join(t(f"role.{r.value}", lang) for r in sorted(roles)) or "—"
        return Reply(t("role.now", lang, user=user, roles=names), lang)

    async def _role_list(
        self, actor: Actor, lang: str, cmd: Command, held: set[Role], idem: str | None
    ) -> Reply:
        people = await self.directory.people(actor.workspace)
        lines = [
            f"{user}: " + ", ".join(t(f"role.{r.value}", lang) for r in sorted(roles))
            for user, roles in sorted(people.items())
        ]
        return Reply("\n".join(lines) or t("list.empty", lang), lang)


def link_args(cmd: Command) -> tuple[str, str]:
    """``<customer name…> <channel-or-person>``: the last word is the channel or person."""
    ref = link_ref(cmd.args[-1]) if len(cmd.args) > 1 else ""
    if not ref:
        raise UsageError("error.usage", command=cmd.usage_key)
    return " ".join(cmd.args[:-1]), ref


def noted(what: str, note: str) -> str:
    """A history detail: a stored sentence, and the person's own words after it if any."""
    return said("detail.noted", what=what, note=note[:NOTE_LIMIT]) if note.strip() else what


def customer_sentence(customer: Customer, lang: str) -> str:
    line = t(
        "customer.line", lang, name=customer.name, id=customer.id, tier=customer.tier,
        entitlement=t(f"entitlement.{customer.entitlement}", lang),
        lang_name=t(f"lang.{customer.lang}", lang),
        after_hours=t("customer.after_hours" if customer.after_hours else "customer.standard",
                      lang),
    )  # fmt: skip
    if customer.maintenance_until:
        line += t("customer.maintenance_until", lang, until=customer.maintenance_until)
    return line
