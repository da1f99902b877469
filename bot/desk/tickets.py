"""Changing one ticket: claim, release, reassign, respond, wait, resume, escalate, resolve,
close, reopen, the director's outcome, the follow-up, attach; and reading it (show, list).
Each change is one compare-and-set step (``Concern.change``); the rules are the
``Lifecycle``'s, the words the catalog's.
"""

from __future__ import annotations

import dataclasses

from bot.commands import holds, require
from bot.defects import Defect, parse_defect_id
from bot.desk.core import (
    LIST_LIMIT,
    RETRIES,
    Actor,
    Concern,
    Invocation,
    Limit,
    handles,
    needs_maintenance,
)
from bot.errors import Conflict, NotFound, UsageError
from bot.i18n import said, spoken, t
from bot.presenter import as_text, customer_label, one_line, version_sentence, when
from bot.replies import Reply
from bot.store import TIER_RANK, TIER_SPAN, Write, ticket_id
from bot.tickets import Outcome, Ticket, Tier, Via

PRIORITY_SCAN = 50  # unclaimed higher-tier tickets read to name the oldest
RESPONSE_CHANNELS = ("phone", "email", "chat")


class Tickets(Concern):
    """The ``ticket`` commands that change or read one existing ticket."""

    @handles("ticket claim")
    async def claim_command(self, inv: Invocation) -> Reply:
        return await self.claim(inv.actor, inv.lang, inv.command.ticket_id())

    async def claim(self, actor: Actor, lang: str, id_: str) -> Reply:
        try:
            ticket = await self.change(
                actor.workspace,
                id_,
                lambda tk: self.lifecycle.claim(tk, actor.user),
                actor.user,
                "claimed",
            )
        except Conflict as exc:
            if exc.key == "conflict.already_claimed" and exc.params.get("owner") == actor.user:
                return Reply(t("ticket.already_yours", lang, id=id_), lang)
            raise
        reply = self.ticket_reply("ticket.claimed", lang, ticket)
        waiting = await self.waiting_above(ticket)
        if waiting is None:
            return reply
        warning = t(
            "note.priority",
            lang,
            id=waiting.id,
            tier=waiting.tier,
            customer=customer_label(waiting, lang),
            since=when(waiting.received, lang, self.sla),
            claimed_tier=ticket.tier,
        )
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

    @handles("ticket next")
    async def next(self, inv: Invocation) -> Reply:
        for _ in range(RETRIES):
            head = await self.store.members(inv.workspace, "new", 0, 0)
            if not head:
                return Reply(t("queue.empty", inv.lang), inv.lang)
            try:
                return await self.claim(inv.actor, inv.lang, ticket_id(head[0]))
            except Conflict:
                continue
        raise Conflict("conflict.busy", id="next")

    @handles("ticket release")
    async def release(self, inv: Invocation) -> Reply:
        lead = holds(inv.roles, "ticket.release.other")
        ticket = await self.change(
            inv.workspace,
            inv.command.ticket_id(),
            lambda tk: self.lifecycle.release(tk, inv.user, lead),
            inv.user,
            "released",
        )
        return self.ticket_reply("ticket.released", inv.lang, ticket)

    @handles("ticket reassign")
    async def reassign(self, inv: Invocation) -> Reply:
        cmd = inv.command
        to = cmd.arg(1).lstrip("@")
        if not await self.directory.roles_of(inv.workspace, to):
            raise NotFound("error.unknown_person", user=to[: Limit.NAME])
        ticket = await self.change(
            inv.workspace,
            cmd.ticket_id(),
            lambda tk: self.lifecycle.reassign(tk, to),
            inv.user,
            "reassigned",
            to,
        )
        return self.ticket_reply("ticket.reassigned", inv.lang, ticket)

    @handles("ticket attach")
    async def attach(self, inv: Invocation) -> Reply:
        """``ticket attach T-1 <customer>``: an unknown sender's ticket (or a wrong one) is
        the customer's: re-tiered, clocks planned again from the original receipt (§2)."""
        cmd = inv.command
        id_ = cmd.ticket_id()
        customer = await self.directory.require_customer(inv.workspace, cmd.rest(1))
        ws = inv.workspace
        ticket = await self.load(ws, id_)
        status = None
        if ticket.product:
            status = await self.version_of(ws, ticket.product, ticket.version, self.clock.now())

        def attach(tk: Ticket) -> Ticket:
            moved = self.lifecycle.attach(
                tk,
                customer.id,
                customer.name,
                Tier(customer.tier),
                customer.after_hours,
                customer.lang,
            )
            return dataclasses.replace(moved, needs_maintenance=needs_maintenance(customer, status))

        ticket = await self.change(
            ws,
            id_,
            attach,
            inv.user,
            "attached",
            said("detail.attached", customer=customer.name, tier=customer.tier),
        )
        text = t(
            "ticket.attached",
            inv.lang,
            id=ticket.id,
            customer=customer.name,
            tier=ticket.tier,
            deadline=when(ticket.deadline, inv.lang, self.sla),
        )
        if ticket.answered:
            text += "\n" + t("note.attached_answered", inv.lang)
        return Reply(text, inv.lang, ticket=ticket)

    @handles("ticket respond")
    async def respond(self, inv: Invocation) -> Reply:
        """``ticket respond T-1001 [phone|email|chat] <note>``: the customer was called
        back, written to or answered in chat. The first response stops the clocks."""
        cmd = inv.command
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
            inv.workspace,
            id_,
            lambda tk: self.lifecycle.respond(tk, inv.user, via, now),
            inv.user,
            "responded",
            noted(said(f"via.{via.value}"), note),
        )
        if ticket.responses > 1:  # the first was recorded before (by whoever)
            return self.ticket_reply(
                "ticket.responded_again", inv.lang, ticket, via=t(f"via.{via}", inv.lang)
            )
        return self.ticket_reply(
            "ticket.responded",
            inv.lang,
            ticket,
            via=t(f"via.{via}", inv.lang),
            result=self.response_result(ticket, inv.lang),
        )

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

    @handles("ticket wait")
    async def wait(self, inv: Invocation) -> Reply:
        now = self.clock.now()
        ticket = await self.change(
            inv.workspace,
            inv.command.ticket_id(),
            lambda tk: self.lifecycle.wait(tk, now),
            inv.user,
            "waiting",
        )
        return self.ticket_reply("ticket.waiting", inv.lang, ticket)

    @handles("ticket resume")
    async def resume(self, inv: Invocation) -> Reply:
        now = self.clock.now()
        ticket = await self.change(
            inv.workspace,
            inv.command.ticket_id(),
            lambda tk: self.lifecycle.resume(tk, now),
            inv.user,
            "resumed",
        )
        return self.ticket_reply(
            "ticket.resumed", inv.lang, ticket, deadline=when(ticket.deadline, inv.lang, self.sla)
        )

    @handles("ticket escalate")
    async def escalate(self, inv: Invocation) -> Reply:
        cmd = inv.command
        override = len(cmd.args) > 1 and cmd.args[1].lower() in ("override", "--override")
        if override:
            require(inv.roles, "ticket.escalate.override")
        reason = cmd.text(2 if override else 1)
        if not reason:
            raise UsageError("error.usage", command="usage.ticket.escalate")
        now = self.clock.now()
        ticket = await self.change(
            inv.workspace,
            cmd.ticket_id(),
            lambda tk: self.lifecycle.escalate(tk, reason[: Limit.REASON], override, now),
            inv.user,
            "escalated",
            reason[: Limit.HISTORY],
        )
        return self.ticket_reply("ticket.escalated", inv.lang, ticket)

    @handles("ticket resolve")
    async def resolve(self, inv: Invocation) -> Reply:
        cmd = inv.command
        note = cmd.text(1)
        if not note:
            raise UsageError("error.usage", command="usage.ticket.resolve")
        now = self.clock.now()
        ticket = await self.change(
            inv.workspace,
            cmd.ticket_id(),
            lambda tk: self.lifecycle.resolve(tk, note[: Limit.NOTE], inv.user, now),
            inv.user,
            "resolved",
            note[: Limit.HISTORY],
        )
        return self.ticket_reply("ticket.resolved", inv.lang, ticket)

    @handles("ticket close")
    async def close(self, inv: Invocation) -> Reply:
        ticket = await self.change(
            inv.workspace, inv.command.ticket_id(), self.lifecycle.close, inv.user, "closed"
        )
        return self.ticket_reply("ticket.closed", inv.lang, ticket)

    @handles("ticket reopen")
    async def reopen(self, inv: Invocation) -> Reply:
        cmd = inv.command
        ticket = await self.change(
            inv.workspace,
            cmd.ticket_id(),
            self.lifecycle.reopen,
            inv.user,
            "reopened",
            cmd.text(1)[: Limit.HISTORY],
        )
        return self.ticket_reply("ticket.reopened", inv.lang, ticket)

    @handles("ticket outcome")
    async def outcome(self, inv: Invocation) -> Reply:
        """``ticket outcome T-1 non-critical|feature|defect [D-n] [note]``: the director's
        outcome. A malfunction opens an entry in the defect register (or joins the open
        entry ``D-n`` names) and pages the seniors: an escalation, counted as one."""
        cmd = inv.command
        try:
            outcome = Outcome(cmd.arg(1).lower())
        except ValueError:
            raise UsageError("error.usage", command="usage.ticket.outcome") from None
        ws, id_, now = inv.workspace, cmd.ticket_id(), self.clock.now()
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
                entry = Defect(
                    defect_id,
                    ticket.product,
                    ticket.version,
                    ticket.summary[: Limit.REASON],
                    id_,
                    now,
                    inv.user,
                )
                also = self.register.opening(ws, entry)
            more = [("escalated", said("reason.defect", defect=defect_id))]
        detail = noted(said(f"outcome.{outcome.value}"), note)
        ticket = await self.change(
            ws,
            id_,
            lambda tk: self.lifecycle.decide(tk, outcome, now, defect_id),
            inv.user,
            "outcome",
            detail,
            more=more,
            also=also,
        )
        reply = self.ticket_reply(
            f"ticket.outcome.{outcome.value}", inv.lang, ticket, defect=defect_id
        )
        notes = self.version_notes(ticket, inv.lang) if outcome is Outcome.DEFECT else []
        return dataclasses.replace(reply, text="\n".join([reply.text, *notes]))

    @handles("ticket followup")
    async def followup(self, inv: Invocation) -> Reply:
        cmd = inv.command
        verdict = cmd.arg(1).lower()
        if verdict not in ("satisfied", "unsatisfied", "satisfait", "insatisfait"):
            raise UsageError("error.usage", command="usage.ticket.followup")
        satisfied = verdict in ("satisfied", "satisfait")
        comment = cmd.text(2)[: Limit.NOTE]
        verdict_key = "followup.satisfied" if satisfied else "followup.unsatisfied"
        ticket = await self.change(
            inv.workspace,
            cmd.ticket_id(),
            lambda tk: self.lifecycle.record_followup(tk, satisfied, comment),
            inv.user,
            "followup",
            noted(said(verdict_key), comment),
        )
        return self.ticket_reply("ticket.followup", inv.lang, ticket)

    @handles("ticket show")
    async def show(self, inv: Invocation) -> Reply:
        ticket = await self.load(inv.workspace, inv.command.ticket_id())
        history = await self.store.history(inv.workspace, ticket.id)
        lines = [as_text(ticket, self.clock.now(), self.sla, inv.lang)]
        if ticket.product and ticket.version:
            status = await self.version_of(
                inv.workspace, ticket.product, ticket.version, self.clock.now()
            )
            if status:
                lines.append("  " + version_sentence(status, inv.lang))
        lines.append(t("ticket.history", inv.lang))
        for event in history[-10:]:
            what = t(f"event.{event.what}", inv.lang)
            detail = f" — {spoken(event.detail, inv.lang)}" if event.detail else ""
            lines.append(f"  {when(event.at, inv.lang, self.sla)} {event.who}: {what}{detail}")
        return Reply("\n".join(lines), inv.lang, ticket=ticket)

    @handles("ticket list")
    async def listed(self, inv: Invocation) -> Reply:
        cmd = inv.command
        which = (cmd.args[0] if cmd.args else "mine").lower()
        index = {"mine": f"owner:{inv.user}", "unclaimed": "new", "all": "open"}.get(which)
        if index is None:
            raise UsageError("error.usage", command="usage.ticket.list")
        members = await self.store.members(inv.workspace, index, 0, LIST_LIMIT - 1)
        tickets = tuple(await self.store.get_many(inv.workspace, members))
        if not tickets:
            return Reply(t("list.empty", inv.lang), inv.lang)
        now = self.clock.now()
        text = "\n".join(one_line(tk, now, self.sla, inv.lang) for tk in tickets)
        return Reply(text, inv.lang, tickets=tickets)


def noted(what: str, note: str) -> str:
    """A history detail: a stored sentence, and the person's own words after it if any."""
    return said("detail.noted", what=what, note=note[: Limit.HISTORY]) if note.strip() else what
