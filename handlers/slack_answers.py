"""Answering one person on Slack: who they are to the desk (``actor``: their workspace, id,
locale and chosen language) and where the desk's answer goes, drawn in Block Kit
(``send``: the request's response_url, else an ephemeral message, else a direct message).
"""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.desk import Actor, Desk
from bot.i18n import language_of
from bot.replies import Reply
from handlers.slack_payloads import Target
from handlers.slack_people import People
from handlers.slack_render import escape, message, queue_blocks

TEXT_LIMIT = 3000  # characters of a message's fallback text (Slack's section limit)


class Answers:
    def __init__(self, desk: Desk, client: AsyncWebClient, people: People) -> None:
        self.desk = desk
        self.client = client
        self.people = people

    async def actor(self, target: Target) -> Actor:
        """The person as the desk sees them; ``target.lang`` becomes their language."""
        locale, _ = await self.people.person(target.team, target.user)
        target.lang = language_of(locale)
        actor = Actor(target.team, target.user, "slack", locale, target.channel)
        target.lang = await self.desk.language(actor)
        return actor

    async def send(self, target: Target, reply: Reply) -> None:
        body = self.render(reply)
        if target.response_url:
            webhook = AsyncWebhookClient(target.response_url)
            await webhook.send(
                text=body["text"],
                blocks=body["blocks"],
                response_type="ephemeral",
                replace_original=False,
            )
        elif target.channel:
            await self.client.chat_postEphemeral(channel=target.channel, user=target.user, **body)
        else:
            await self.client.chat_postMessage(channel=target.user, **body)

    def render(self, reply: Reply) -> dict[str, Any]:
        now = self.desk.clock.now()
        if reply.queue is not None:
            blocks = queue_blocks(reply.queue, reply.text, now, self.desk.sla, reply.lang)
            return {"text": escape(reply.text)[:TEXT_LIMIT], "blocks": blocks}
        return message(reply, now, self.desk.sla)
