"""The timers' work. Each RQ job gets ids only, re-reads the ticket, and acts only if the
ticket's plan still holds that timer and its time has come; a notification is marked sent
once delivered, so a job that runs twice pings once.

Kinds, until the customer has a response (a claim is not one): ``remind-30m`` /
``remind-10m`` (the agents, or the owner once claimed, before the 2-hour mark),
``breach`` (escalate a P1 at the 2-hour mark), ``same-day-alert`` (seniors and managers,
before the close of the business day the P1 customer called), ``same-day`` (mark the
same-day guarantee missed at that close), ``target`` (a P2/P3 target passed: the owner or
the agents, and the managers). Then ``page`` (ping the seniors of an escalated ticket),
``review`` (put a 10-day-old ticket before the director), ``director`` (ping the director
with the three outcomes), ``followup`` (ask the owner to check the customer's
satisfaction) and ``card`` (refresh the ticket's card and post its new history).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from rq import get_current_job

from bot.cards import Cards
from bot.deliveries import Deliveries, Sent, given_up_sync
from bot.desk import Desk
from bot.errors import Conflict
from bot.i18n import placeholders, said, spoken, t, template
from bot.logs import bind
from bot.metrics import Write, observed_timer, write_figures
from bot.notify import Action, Card, Notice, Notifier, NotifyError
from bot.plan import (
    BREACH,
    CARD,
    DIRECTOR,
    FOLLOWUP,
    PAGE,
    REVIEW,
    SAME_DAY,
    SAME_DAY_ALERT,
    TARGET,
    ms,
    plan,
)
from bot.presenter import customer_label, facts, headline, time_left, when
from bot.roles import Role
from bot.store import member_of, ticket_id
from bot.tickets import State, Ticket
from bot.timers import Entry, SentState, TimerKind, TimerResult
from jobs.autopipeline import AutoPipeline, PerTurn
from jobs.outbox import ChannelBusy, Outbox
from jobs.reads import BatchReads, Reads
from jobs.runtime import current

log = logging.getLogger(__name__)
GRACE = timedelta(minutes=5)  # later than this, a reminder is noise and a closed-hours
# notice waits for the next opening
SENDING_LEASE_S = 60
MAX_PLATFORM_ATTEMPTS = 6
SYSTEM = "supportbot"
# button → (the desk command it sends, the fields its dialog asks for, appended in order)
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "claim": ("ticket claim {id}", ()),
    "respond": ("ticket respond {id}", ("via", "note")),
    "release": ("ticket release {id}", ()),
    "escalate": ("ticket escalate {id}", ("reason",)),
    "wait": ("ticket wait {id}", ()),
    "resume": ("ticket resume {id}", ()),
    "resolve": ("ticket resolve {id}", ("note",)),
    "non-critical": ("ticket outcome {id} non-critical", ()),
    "feature": ("ticket outcome {id} feature", ()),
    "defect": ("ticket outcome {id} defect", ()),
    "satisfied": ("ticket followup {id} satisfied", ()),
    "unsatisfied": ("ticket followup {id} unsatisfied", ()),
}


def perform(workspace: str, member: str, kind: str, due_ms: int) -> str:
    """RQ entry point (sync): run the timer on a fresh event loop."""
    return asyncio.run(_perform(workspace, member, kind, due_ms))


async def _perform(workspace: str, member: str, kind: str, due_ms: int) -> str:
    runtime = current()
    client = runtime.client()
    job = get_current_job()
    attempt = f"{job.id}:{job.retries_left}" if job else ""
    bind(ticket_id=ticket_id(member), request_id=job.id if job else None)  # in every log line
    try:
        desk = runtime.desk(client)
        timer = Timer(desk, runtime.notifiers(), attempt)
        run = timer.run(workspace, ticket_id(member), kind, due_ms)
        return await observed_timer(client, runtime.clock, job, kind, due_ms, run)  # metrics
    finally:
        await client.aclose()


def perform_batch(workspace: str, timers: list[list[Any]]) -> str:
    """RQ entry point (sync) for timers due together in one workspace, ``[member, kind,
    due_ms]`` each: run concurrently on one event loop, their notices coalesced per
    channel (``jobs.outbox``). One fork for many timers: the nine o'clock burst."""
    return asyncio.run(_perform_batch(workspace, timers))


async def _perform_batch(workspace: str, timers: list[list[Any]]) -> str:
    runtime = current()
    client = runtime.client()
    job = get_current_job()
    attempt = f"{job.id}:{job.retries_left}" if job else ""
    bind(request_id=job.id if job else None)  # in every log line
    try:
        desk = runtime.desk(client)
        if hasattr(client, "initialize"):  # a cluster client: learn the slots once, before
            await client.initialize()  # the batch's timers all use it at the same moment
        outbox = Outbox(client, runtime.clock, len(timers), runtime.channel_pace)
        reads = BatchReads(desk, workspace, (member for member, _, _ in timers))
        await outbox.look(workspace, await reads.channels())
        commands = AutoPipeline(client)
        timer = Timer(desk, runtime.notifiers(), attempt, outbox, reads, commands)
        figures: list[Write] = []  # the batch's timer figures, written once at its end

        async def one(member: str, kind: str, due_ms: int) -> str:
            # every timer of the batch at once (the dispatcher bounds a batch's size): the
            # outbox sends when all those still running wait on it
            bind(ticket_id=ticket_id(member))  # this timer's task only
            try:
                run = timer.run(workspace, ticket_id(member), kind, int(due_ms))
                due = int(due_ms)
                return await observed_timer(client, runtime.clock, job, kind, due, run, figures)
            finally:
                outbox.finished()

        try:
            results = await asyncio.gather(*(one(*e) for e in timers), return_exceptions=True)
        finally:
            await outbox.close()
            await write_figures(client, figures)
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed:  # RQ runs the batch again; what was delivered is not delivered twice
            raise failed[0]
        return f"{len(results)} timers, {outbox.posts} posts"
    finally:
        await client.aclose()


class Timer:
    """Runs one timer for one ticket."""

    def __init__(
        self,
        desk: Desk,
        notifiers: dict[str, Notifier],
        attempt: str = "",
        outbox: Outbox | None = None,
        reads: Reads | None = None,
        commands: AutoPipeline | None = None,
    ) -> None:
        self.desk = desk
        self.reads = reads or Reads(desk)  # a batch's are shared by its timers
        # sent-records and the schedule: a batch's timers send theirs together
        self.commands: Any = commands or desk.store.redis
        self.outbox = outbox  # in a batch: notices go out with their channel's digest
        # "<rq job id>:<retries left>": RQ retries a job only once its previous attempt is
        # over (failed, or its work-horse killed), so a lease held by another attempt of
        # the same job belongs to a dead attempt and may be taken over.
        self.attempt = attempt
        self.store = desk.store
        self.cards = Cards(desk.store.redis)
        self.deliveries = Deliveries(desk.store.redis)
        # sent-records: the leases the timers of a turn take go out as one call
        self.leases: PerTurn[Sent, str] = PerTurn(
            lambda records: self.deliveries.lease_each(records, attempt, SENDING_LEASE_S)
        )
        self.sla = desk.sla
        self.notifiers = notifiers

    async def run(self, workspace: str, id_: str, kind: str, due_ms: int) -> TimerResult:
        ticket = await self.reads.ticket(workspace, id_)
        if ticket is None:
            return TimerResult.GONE
        now = self.desk.clock.now()
        if ms(now) < due_ms:  # ran early: put it back at its time
            await self._reschedule(ticket, kind, due_ms)
            return TimerResult.EARLY
        if kind == CARD:
            return await self.refresh_card(ticket)
        due = plan(ticket, self.sla).get(kind)
        if due is None or due > ms(now):
            return TimerResult.STALE
        late = ms(now) - due > GRACE.total_seconds() * 1000
        if TimerKind.is_reminder(kind) and late:
            return TimerResult.LATE  # a reminder past its moment is noise: the breach says it all
        if kind == SAME_DAY_ALERT and ms(now) >= plan(ticket, self.sla).get(SAME_DAY, 0):
            return TimerResult.LATE  # the day has closed: the "same-day missed" mark says it all
        if kind != SAME_DAY and self._quiet(ticket, now, due):  # a mark pings nobody
            await self._reschedule(ticket, kind, ms(self.sla.standard.next_open(now)))
            return TimerResult.DEFERRED
        try:
            return await self._act(ticket, kind, due, now)
        except ChannelBusy as exc:  # its channel's next turn: with the others waiting for it
            await self._reschedule(ticket, kind, exc.until_ms)
            return TimerResult.PACED
        except NotifyError as exc:
            # Counted under the planned time: a retry runs at another time (``due_ms``).
            return await self._platform_failed(ticket, kind, due, exc)

    def _quiet(self, ticket: Ticket, now: datetime, due: int) -> bool:
        """Support is closed and this timer is not a closing-time one: nobody is pinged."""
        if ticket.after_hours or self.sla.standard.is_open(now):
            return False
        return ms(now) - due > GRACE.total_seconds() * 1000

    async def _reschedule(self, ticket: Ticket, kind: str, at_ms: int) -> None:
        key = self.store.keys(ticket.workspace).schedule
        entry = str(Entry(member_of(ticket.id), kind))
        await self.store.call(lambda: self.commands.zadd(key, {entry: at_ms}))

    async def _act(self, ticket: Ticket, kind: str, due: int, now: datetime) -> TimerResult:
        ws = ticket.workspace
        if TimerKind.is_reminder(kind):
            await self.notify_once(
                ticket,
                kind,
                due,
                await self._answerers(ticket),
                "notice.reminder",
                actions=("claim", "respond"),
            )
            return TimerResult.REMINDED
        if kind == BREACH:
            await self._system_change(
                ticket,
                lambda tk: self.desk.lifecycle.escalate(
                    tk, said("event.breach"), override=True, now=now
                ),
                "escalated",
                said("event.breach"),
            )
            return TimerResult.ESCALATED
        if kind == SAME_DAY_ALERT:
            people = await self.reads.holders(ws, Role.SENIOR)
            people += await self.reads.holders(ws, Role.MANAGER)
            await self.notify_once(
                ticket, kind, due, _unique(people), "notice.same_day_alert", actions=("respond",)
            )
            return TimerResult.ALERTED
        if kind == SAME_DAY:
            await self._system_change(ticket, self.desk.lifecycle.miss_same_day, "same_day_missed")
            return TimerResult.MARKED
        if kind == TARGET:
            people = await self._answerers(ticket)
            people += await self.reads.holders(ws, Role.MANAGER)
            await self.notify_once(
                ticket, kind, due, _unique(people), "notice.target", actions=("respond",)
            )
            return TimerResult.TOLD
        if kind == PAGE:
            seniors = await self.reads.holders(ws, Role.SENIOR)
            await self.notify_once(
                ticket, kind, due, seniors, "notice.page", reason=ticket.escalation_reason
            )
            await self._system_change(
                ticket,
                lambda tk: self.desk.lifecycle.record_page(tk, tuple(seniors), now),
                "paged",
                " ".join(seniors),
            )
            return TimerResult.PAGED
        if kind == REVIEW:
            await self._system_change(ticket, self.desk.lifecycle.put_to_review, "review")
            return TimerResult.REVIEWED
        if kind == DIRECTOR:
            directors = await self.reads.holders(ws, Role.DIRECTOR)
            await self.notify_once(
                ticket,
                kind,
                due,
                directors,
                "notice.director",
                actions=("non-critical", "feature", "defect"),
            )
            return TimerResult.DIRECTOR
        if kind == FOLLOWUP:
            owner = [ticket.owner] if ticket.owner else []
            people = owner or await self.reads.holders(ws, Role.MANAGER)
            await self.notify_once(
                ticket, kind, due, people, "notice.followup", actions=("satisfied", "unsatisfied")
            )
            return TimerResult.FOLLOWUP
        return TimerResult.UNKNOWN

    async def _answerers(self, ticket: Ticket) -> list[str]:
        """Who must answer the customer: the owner once claimed, else every agent."""
        if ticket.state is State.CLAIMED and ticket.owner:
            return [ticket.owner]
        return await self.reads.holders(ticket.workspace, Role.AGENT)

    async def _system_change(
        self, ticket: Ticket, step: Any, what: str, detail: str = ""
    ) -> Ticket | None:
        try:
            changed: Ticket = await self.desk.change(
                ticket.workspace, ticket.id, step, SYSTEM, what, detail
            )
            return changed
        except Conflict:
            return None  # the reason went away meanwhile (claimed, resolved…)

    # -- notifications -----------------------------------------------------------------
    async def notify_once(
        self,
        ticket: Ticket,
        kind: str,
        due: int,
        people: list[str],
        sentence: str,
        actions: tuple[str, ...] = (),
        **params: str,
    ) -> bool:
        """Post one notice per language among ``people``, unless already delivered."""
        redis = self.commands
        key = f"{kind}:{due}"
        if self.outbox is not None:  # a channel its batch saw busy: its next turn, at once
            self.outbox.wait_turn(ticket.workspace, ticket.place.channel, due)
        record = Sent(ticket.workspace, f"{member_of(ticket.id)}:{key}")
        sent = record.key
        lease = SentState.lease(self.attempt)
        state = await self.store.call(lambda: self.leases(record))
        if state:  # not taken: delivered, or another attempt holds it
            if state == SentState.DONE:
                return False
            job = self.attempt.rsplit(":", 1)[0]
            if not (
                self.attempt and state.startswith(SentState.lease(f"{job}:")) and state != lease
            ):
                raise NotifyError("another attempt is delivering this notice", retry_after=30)
            await self.store.call(
                lambda: self.deliveries.take_over(record, self.attempt, SENDING_LEASE_S)
            )
        try:
            groups: dict[str, list[str]] = {}
            for person in people:
                lang = await self.reads.language(ticket.workspace, person) or "en"
                groups.setdefault(lang, []).append(person)
            card_ref = await self.reads.card_ref(ticket)
            notifier = self._notifier(ticket)
            now = self.desk.clock.now()
            notices = []
            for lang, mentioned in sorted(groups.items()) or [(ticket.lang, [])]:
                said_ = {name: spoken(value, lang) for name, value in params.items()}
                wanted = placeholders(template(sentence, lang))
                text = t(sentence, lang, **self._facts(ticket, now, lang, wanted), **said_)
                buttons = tuple(self._action(ticket, name, lang) for name in actions)
                notices.append(Notice(ticket, lang, text, tuple(mentioned), buttons, kind=key))
            if self.outbox is not None:  # a batch: out with its channel's digest, which
                await self.outbox.deliver(notifier, notices, card_ref, record, due)  # marks it sent
                return True
            for notice in notices:
                await notifier.post(notice, card_ref)
        except BaseException:
            await self.store.call(lambda: redis.delete(sent))
            raise
        await self.store.call(lambda: self.deliveries.done(record))
        return True

    def _facts(
        self, ticket: Ticket, now: datetime, lang: str, wanted: Collection[str]
    ) -> dict[str, str]:
        """What a notice may say about its ticket, in ``lang``: the facts its sentence has
        a place for (``wanted``), since working out a time or the business time left for
        every notice of a nine o'clock batch would be most of its formatting."""
        found = {
            "id": ticket.id,
            "tier": ticket.tier,
            "customer": customer_label(ticket, lang),
            "summary": ticket.summary,
            "owner": ticket.owner,
        }
        instants = {"received": ticket.received, "deadline": ticket.deadline}
        if ticket.milestones is not None:
            instants["response_due"] = ticket.milestones.response_due
            if ticket.milestones.same_day_due is not None:
                instants["same_day"] = ticket.milestones.same_day_due
        for name, instant in instants.items():
            if name in wanted:
                found[name] = when(instant, lang, self.sla)
        if "left" in wanted:
            found["left"] = time_left(ticket, now, self.sla, lang)
        return found

    def _action(self, ticket: Ticket, name: str, lang: str) -> Action:
        command, asks = ACTIONS[name]
        style = {
            "claim": "primary",
            "respond": "primary",
            "defect": "danger",
            "escalate": "danger",
        }.get(name, "")
        return Action(t(f"action.{name}", lang), command.format(id=ticket.id), style, asks)

    def _notifier(self, ticket: Ticket) -> Notifier:
        notifier = self.notifiers.get(ticket.place.platform)
        if notifier is None:
            raise NotifyError(f"no notifier for platform {ticket.place.platform!r}")
        return notifier

    def card(self, ticket: Ticket, lang: str) -> Card:
        names: list[str] = []
        if ticket.open:
            names = ["claim"] if ticket.state is State.NEW else ["release"]
            names.append("respond")
            if not ticket.escalated:
                names.append("escalate")
            if ticket.waiting:
                names.append("resume")
            elif ticket.answered:  # waiting on the customer follows a response
                names.append("wait")
            names.append("resolve")
        return Card(
            ticket=ticket,
            lang=lang,
            headline=headline(ticket, lang),
            facts=tuple(facts(ticket, self.desk.clock.now(), self.sla, lang)),
            actions=tuple(self._action(ticket, name, lang) for name in names),
        )

    async def refresh_card(self, ticket: Ticket) -> TimerResult:
        """Show the card as the ticket is now, then post the history lines not yet posted."""
        notifier = self._notifier(ticket)
        ws, m = ticket.workspace, member_of(ticket.id)
        ref = await Reads(self.desk).card_ref(ticket)  # not a batch's: this timer moves it
        lang = self.desk.channel_language
        card = self.card(ticket, lang)
        digest = card_digest(card)
        try:
            shown = await self.store.call(lambda: self.cards.digest(ws, m))
            new_ref = ref
            # The same card again is noise (two changes in a row: escalated, then paged).
            if ref is None or shown != digest:
                shown_ref = await notifier.show_card(card, ref)
                await self.store.call(lambda: self.cards.shown(ws, m, shown_ref, digest))
                new_ref = shown_ref
            cursor = await self.store.call(lambda: self.cards.cursor(ws, m))
            rows = await self.store.call(lambda: self.cards.history_after(ws, m, cursor))
            for entry_id, event in rows:
                if event.what != "created":
                    text = t(
                        "notice.history",
                        lang,
                        who=event.who,
                        what=t(f"event.{event.what}", lang),
                        detail=spoken(event.detail, lang),
                    )
                    notice = Notice(ticket, lang, text.rstrip(" —"), kind="history")
                    await notifier.post(notice, new_ref)
                await self._set_cursor(ws, m, entry_id)
        except NotifyError as exc:
            # A card's timer moves with every change; its failures count under one key.
            return await self._platform_failed(ticket, CARD, 0, exc)
        refusals = Sent(ws, f"{m}:{CARD}:0")
        await self.store.call(lambda: self.deliveries.forget_refusals(refusals))
        return TimerResult.CARD

    async def _set_cursor(self, workspace: str, member: str, entry_id: str) -> None:
        await self.store.call(lambda: self.cards.posted(workspace, member, entry_id))

    async def _platform_failed(
        self, ticket: Ticket, kind: str, due_ms: int, exc: NotifyError
    ) -> TimerResult:
        """Try again later through the schedule (honouring Retry-After); after several
        failures, record it where managers see it (``queue`` and ``jobs``)."""
        sent = Sent(ticket.workspace, f"{member_of(ticket.id)}:{kind}:{due_ms}")
        attempts = await self.store.call(lambda: self.deliveries.refused(sent))
        if attempts >= MAX_PLATFORM_ATTEMPTS:
            now = self.desk.clock.now()
            local = now.astimezone(self.sla.policy.tz)  # managers read the desk's own time
            line = f"{local.isoformat(timespec='seconds')} {ticket.id} {kind}: {exc}"
            await self.store.call(lambda: self.deliveries.given_up(ticket.workspace, line))
            log.error("giving up on %s %s after %d attempts: %s", ticket.id, kind, attempts, exc)
            return TimerResult.FAILED
        delay = exc.retry_after if exc.retry_after is not None else 2**attempts
        at = ms(self.desk.clock.now()) + int(delay * 1000)
        await self._reschedule(ticket, kind, at)
        log.warning("retrying %s %s in %.0fs: %s", ticket.id, kind, delay, exc)
        return TimerResult.RETRYING


def card_digest(card: Card) -> str:
    """What the card shows, as a fingerprint: an update that would change nothing is skipped."""
    shown = [
        card.lang,
        card.headline,
        card.facts,
        [(a.label, a.command, a.style, a.asks) for a in card.actions],
    ]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:32]


def _unique(people: list[str]) -> list[str]:
    return list(dict.fromkeys(people))


def record_failure(job: Any, connection: Any, exc_type: Any, value: Any, tb: Any) -> None:
    """RQ on_failure callback: a job that failed every retry is listed for managers.

    RQ 3.0 calls it after every failed attempt, before retrying (a killed worker's
    abandoned job included), so one with retries left is not listed."""
    if job.retries_left:
        return
    if len(job.args) == 2:  # a batch (perform_batch): each of its timers is listed
        workspace, timers = job.args
    else:
        workspace, member, kind, _ = job.args
        timers = [[member, kind, 0]]
    runtime = current()
    stamp = runtime.clock.now().astimezone(runtime.policy.tz).isoformat(timespec="seconds")
    # ``connection`` is RQ's Redis; the list is the desk's (elsewhere on a cluster desk)
    desk = connection if runtime.redis.shared else runtime.sync_client()
    try:
        lines = [
            f"{stamp} {ticket_id(m)} {kind}: {exc_type.__name__}: {value}" for m, kind, _ in timers
        ]
        given_up_sync(desk, workspace, lines)
    finally:
        if desk is not connection:
            desk.close()
