"""The desk: one entry for what a person types (``Desk.handle``) and one for what they fill
in (``Desk.submit_new_ticket``: a form, or a message in the intake channel), for every door.

It parses the person's words, checks their role against the command's declaration
(``bot.commands.SPECS``), runs the command's handler, and answers in the person's language.
Errors become sentences here (the log keeps the traceback); no platform, no Redis command
and no deadline arithmetic leaks out. The handlers live by concern: ``intake`` (new
tickets), ``tickets`` (changing one), ``queue`` (the manager's figures), ``customers``,
``products`` (versions, defects, features) and ``staff`` (roles, language, help).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.clock import Clock
from bot.commands import BY_NAME, Command, holds, parse, require, spec_of
from bot.defects import Register
from bot.desk.core import (
    Actor,
    Concern,
    Handler,
    Invocation,
    Limit,
    Services,
    handlers_of,
)
from bot.desk.customers import Customers
from bot.desk.intake import Intake
from bot.desk.products import Products
from bot.desk.queue import Queue
from bot.desk.staff import Staff
from bot.desk.tickets import Tickets, noted
from bot.directory import Customer, Directory
from bot.errors import DeskError, Forbidden
from bot.i18n import language_of, t
from bot.metrics import observed
from bot.queries import AT_RISK, home_lists
from bot.replies import Home, Reply
from bot.roles import Role
from bot.store import Store

log = logging.getLogger(__name__)
# refusals about the form of a command: the form follows the sentence
SHOWS_USAGE = frozenset(
    (
        "error.bad_ticket_id",
        "error.unknown_verb",
        "error.bad_option",
        "error.bad_moment",
        "error.bad_date",
        "error.unknown_command",
        "error.too_long",
    )
)


class Desk(Concern):
    def __init__(
        self,
        store: Store,
        clock: Clock,
        support_channels: Mapping[str, str] | None = None,
        channel_language: str = "en",
    ) -> None:
        super().__init__(
            Services(
                store,
                clock,
                Directory(store),
                Register(store),
                # platform → where its cards go ("" or absent: the conversation they came from)
                dict(support_channels or {}),
                channel_language,  # the support channel's cards and notices
            )
        )
        self.intake = Intake(self.services)
        self.tickets = Tickets(self.services)
        self.queue = Queue(self.services)
        self.staff = Staff(self.services)
        concerns = (self.intake, self.tickets, self.queue, Customers(self.services))
        self.handlers: dict[str, Handler] = {}
        for concern in (*concerns, Products(self.services), self.staff):
            self.handlers.update(handlers_of(concern))
        missing = set(BY_NAME) - set(self.handlers)
        if missing:
            raise LookupError(f"declared commands without a handler: {sorted(missing)}")
        # what the doors, the jobs and the tests use, by the concern that owns it
        self.new_ticket = self.intake.new_ticket
        self.identify = self.intake.identify
        self.created = self.intake.created
        self.form_moment = self.intake.form_moment
        self.find_customers = self.intake.find_customers
        self.queue_view = self.queue.queue_view
        self.queue_text = self.queue.queue_text
        self.help_text = self.staff.help_text

    # -- typed commands ----------------------------------------------------------------
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
            log.exception("command failed: %r by %s", text[: Limit.LOGGED], actor.user)
            return Reply(t("error.internal", lang), lang, ok=False)

    async def _dispatch(self, actor: Actor, lang: str, command: Command, idem: str | None) -> Reply:
        spec = spec_of(command.group, command.verb)
        roles: frozenset[Role] = frozenset()
        if spec.allowed is not None:
            roles = await self.authorize(actor, spec.right)
        invocation = Invocation(actor, command, lang, roles, idem)
        return await self.handlers[spec.name](invocation)

    async def authorize(self, actor: Actor, permission: str) -> frozenset[Role]:
        """The person's roles, if one of them holds ``permission``; else Forbidden (no
        role at all: ``forbidden.no_role``; not the right one: the roles that may)."""
        held = frozenset(await self.directory.roles_of(actor.workspace, actor.user))
        if not held:
            raise Forbidden("forbidden.no_role", user=actor.user)
        require(held, permission)
        return held

    # -- structured requests -------------------------------------------------------------
    async def submit_new_ticket(
        self,
        actor: Actor,
        form: Mapping[str, str],
        idempotency_key: str | None = None,
        *,
        anyone: bool = False,
    ) -> Reply:
        """A new ticket from fields rather than words: a form (the Slack modal, the Teams
        dialog) or a message (``message``, its ``conversation`` and ``poster``: intake).
        The same role check, answer and refusals as ``ticket new``; ``anyone``: a message
        posted in the support intake channel, whose writer (a customer) needs no role.
        ``received`` is an instant as the platform gives it (Unix seconds) or as a person
        types it."""
        async with observed(self.store.redis, "ticket new"):
            lang = language_of(actor.locale)
            try:
                lang = await self.language(actor)
                if not anyone:
                    await self.authorize(actor, spec_of("ticket", "new").right)
                ticket = await self.intake.from_form(actor, form, idempotency_key)
            except DeskError as exc:
                return self.refusal(exc, lang)
            except Exception:
                log.exception("new-ticket form failed for %s", actor.user)
                return Reply(t("error.internal", lang), lang, ok=False)
            return self.created(ticket, lang)

    async def ticket_form(self, actor: Actor) -> list[Customer]:
        """What the new-ticket form offers (the customers), for a person allowed to use it;
        else Forbidden."""
        await self.authorize(actor, spec_of("ticket", "new").right)
        return await self.directory.customers(actor.workspace)

    async def home(self, actor: Actor, lang: str) -> Home:
        """A person's home page (Slack's App Home): their tickets, the head of the queue,
        the deadlines at risk, and the manager's figures for managers and directors."""
        held = await self.directory.roles_of(actor.workspace, actor.user)
        if not held:
            return Home(notice=t("forbidden.no_role", lang, user=actor.user))
        now = self.clock.now()
        mine, head, soonest = await home_lists(self.store, actor.workspace, actor.user)
        at_risk = tuple(tk for tk in soonest if tk.milestones and tk.deadline <= now + AT_RISK)
        figures = None
        if holds(held, spec_of("queue").right):
            figures = self.queue_text(await self.queue_view(actor.workspace), lang)
        return Home(mine, head, at_risk, figures)

    # -- what the doors and the jobs share ---------------------------------------------------
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


__all__ = ["AT_RISK", "Actor", "Desk", "Invocation", "noted"]
