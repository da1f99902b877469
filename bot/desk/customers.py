"""The customer register in chat: add, update (re-tiering their open tickets), show, list,
import a CSV, and link a channel or person to a customer.
"""

from __future__ import annotations

from bot.commands import Command
from bot.desk.core import Actor, Concern, Invocation, Limit, handles
from bot.directory import Customer, checked_customer, link_ref, named_at_start, parse_flag
from bot.errors import Conflict, NotFound, UsageError
from bot.i18n import t
from bot.presenter import one_line
from bot.replies import Reply
from bot.store import ticket_id
from bot.tickets import Ticket, Tier

UNKNOWN_SCAN = 200  # open unknown senders' tickets read when a customer is added


class Customers(Concern):
    """The ``customer`` commands."""

    @handles("customer add")
    async def add(self, inv: Invocation) -> Reply:
        cmd = inv.command
        name = cmd.rest(0) or cmd.options.get("name", "")
        if await self.directory.customer(inv.workspace, name):
            raise Conflict("conflict.customer_exists", name=name[: Limit.NAME])
        customer = checked_customer(
            name,
            cmd.options.get("entitlement", "none").lower(),
            cmd.options.get("lang", "en").lower(),
            parse_flag(cmd.options.get("after_hours", "no"), "usage.customer.add"),
            "usage.customer.add",
            cmd.options.get("maintenance_until", ""),
        )
        await self.directory.save_customer(inv.workspace, customer)
        lines = [customer_sentence(customer, inv.lang)]
        matching = await self.unknown_naming(inv.workspace, customer)
        if matching:
            lines.append(
                t(
                    "customer.unknown_match",
                    inv.lang,
                    n=len(matching),
                    name=customer.name,
                    ids=", ".join(tk.id for tk in matching),
                )
            )
            lines += ["  " + one_line(tk, self.clock.now(), self.sla, inv.lang) for tk in matching]
        return Reply("\n".join(lines), inv.lang, tickets=tuple(matching))

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

    @handles("customer link")
    async def link(self, inv: Invocation) -> Reply:
        """``customer link <customer> <channel-or-person>``: requests from there are the
        customer's (a Slack Connect or Teams channel, a customer's contact)."""
        name, ref = link_args(inv.command)
        customer = await self.directory.require_customer(inv.workspace, name)
        before = await self.directory.link(inv.workspace, ref, customer)
        text = t("customer.linked", inv.lang, ref=ref, name=customer.name)
        if before and before != customer.id:
            text += " " + t("customer.link_moved", inv.lang, before=before)
        return Reply(text, inv.lang)

    @handles("customer unlink")
    async def unlink(self, inv: Invocation) -> Reply:
        name, ref = link_args(inv.command)
        customer = await self.directory.require_customer(inv.workspace, name)
        linked = await self.directory.links(inv.workspace, customer)
        if ref not in linked:
            raise NotFound("error.not_linked", ref=ref, name=customer.name)
        await self.directory.link(inv.workspace, ref, None)
        return Reply(t("customer.unlinked", inv.lang, ref=ref, name=customer.name), inv.lang)

    @handles("customer update")
    async def update(self, inv: Invocation) -> Reply:
        cmd = inv.command
        name = cmd.rest(0)
        old = await self.directory.require_customer(inv.workspace, name)
        new = checked_customer(
            old.name,
            cmd.options.get("entitlement", old.entitlement).lower(),
            cmd.options.get("lang", old.lang).lower(),
            parse_flag(
                cmd.options.get("after_hours", "yes" if old.after_hours else "no"),
                "usage.customer.update",
            ),
            "usage.customer.update",
            cmd.options.get("maintenance_until", old.maintenance_until),
        )
        await self.directory.save_customer(inv.workspace, new)
        moved = await self.retier(inv.actor, new)
        text = customer_sentence(new, inv.lang)
        if moved:
            text += "\n" + t("customer.retiered", inv.lang, n=moved, tier=new.tier)
        return Reply(text, inv.lang)

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
                actor.workspace,
                ticket.id,
                lambda tk: self.lifecycle.retier(
                    tk, Tier(customer.tier), customer.after_hours, customer.id
                ),
                actor.user,
                "retiered",
                customer.tier,
            )
            moved += 1
        return moved

    @handles("customer show")
    async def show(self, inv: Invocation) -> Reply:
        customer = await self.directory.require_customer(inv.workspace, inv.command.rest(0))
        text = customer_sentence(customer, inv.lang)
        linked = await self.directory.links(inv.workspace, customer)
        if linked:
            text += "\n" + t("customer.links", inv.lang, refs=", ".join(linked))
        return Reply(text, inv.lang)

    @handles("customer list")
    async def listed(self, inv: Invocation) -> Reply:
        customers = await self.directory.customers(inv.workspace)
        if not customers:
            return Reply(t("list.empty", inv.lang), inv.lang)
        return Reply("\n".join(customer_sentence(c, inv.lang) for c in customers), inv.lang)

    @handles("customer import")
    async def imported(self, inv: Invocation) -> Reply:
        raw = inv.command.raw
        text = raw[raw.lower().index("import") + len("import") :]
        customers = self.directory.parse_csv(text)
        if not customers:
            raise UsageError("error.usage", command="usage.customer.import")
        moved = 0
        for customer in customers:
            await self.directory.save_customer(inv.workspace, customer)
            moved += await self.retier(inv.actor, customer)
        return Reply(t("customer.imported", inv.lang, n=len(customers), moved=moved), inv.lang)


def link_args(cmd: Command) -> tuple[str, str]:
    """``<customer name…> <channel-or-person>``: the last word is the channel or person."""
    ref = link_ref(cmd.args[-1]) if len(cmd.args) > 1 else ""
    if not ref:
        raise UsageError("error.usage", command=cmd.usage_key)
    return " ".join(cmd.args[:-1]), ref


def customer_sentence(customer: Customer, lang: str) -> str:
    line = t(
        "customer.line",
        lang,
        name=customer.name,
        id=customer.id,
        tier=customer.tier,
        entitlement=t(f"entitlement.{customer.entitlement}", lang),
        lang_name=t(f"lang.{customer.lang}", lang),
        after_hours=t(
            "customer.after_hours" if customer.after_hours else "customer.standard", lang
        ),
    )
    if customer.maintenance_until:
        line += t("customer.maintenance_until", lang, until=customer.maintenance_until)
    return line
