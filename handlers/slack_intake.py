"""Tickets from Slack messages: a message posted in the support intake channel (anyone may
write there, customers included), or a ``:ticket:`` reaction a staff member puts on any
message. Both go to the desk's one entry for new tickets (``Desk.submit_new_ticket``) with
the message's text, where it was posted and by whom; the desk finds the customer by its
one rule. Idempotent on channel + ts: a message and a reaction on it make one ticket, and
one thread reply links the two.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.desk import Actor, Desk
from bot.errors import DeskError
from handlers.slack_answers import Answers
from handlers.slack_payloads import Target, typed_text
from handlers.slack_render import escape
from handlers.slack_replay import Deliveries

INTAKE_REACTION = "ticket"


class SlackIntake:
    def __init__(
        self, desk: Desk, client: AsyncWebClient, answers: Answers, deliveries: Deliveries
    ) -> None:
        self.desk = desk
        self.client = client
        self.answers = answers
        self.deliveries = deliveries

    async def reaction(self, target: Target, channel: str, ts: str, poster: str) -> None:
        """A staff member's ``:ticket:`` on the message ``channel``/``ts``."""
        actor = await self.answers.actor(target)
        try:
            await self.desk.authorize(actor, "ticket.new")
        except DeskError as exc:
            await self.answers.send(target, self.desk.refusal(exc, target.lang))
            return
        found = await self.client.conversations_history(
            channel=channel, latest=ts, oldest=ts, inclusive=True, limit=1
        )
        messages = found.get("messages") or []
        text = typed_text(str(messages[0].get("text") or "")) if messages else ""
        await self.message(target, channel, ts, text, poster or actor.user, actor)

    async def message(
        self,
        target: Target,
        channel: str,
        ts: str,
        text: str,
        poster: str,
        staff: Actor | None = None,
    ) -> None:
        """A ticket linked to the message ``channel``/``ts``, made at most once. Without
        ``staff`` (the person who asked for it), the message was posted in the intake
        channel, and its writer needs no role."""
        actor = staff or await self.answers.actor(target)
        form = {"message": text, "conversation": channel, "poster": poster, "received": ts}
        key = f"slack:{channel}:{ts}"
        reply = await self.desk.submit_new_ticket(actor, form, key, anyone=staff is None)
        ticket = reply.ticket
        if ticket is None:
            await self.answers.send(target, reply)
            return
        if await self.deliveries.first(actor.workspace, "linked", f"{channel}:{ts}"):
            await self.client.chat_postMessage(
                channel=channel,
                thread_ts=ts,
                text=escape(self.desk.created(ticket, ticket.lang).text),
            )
        if actor.user != poster:
            await self.answers.send(target, reply)
