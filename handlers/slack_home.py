"""The App Home tab: what the desk says a person's home holds (``Desk.home``), drawn in
Block Kit and published when they open it.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.desk import Desk
from handlers.slack_answers import Answers
from handlers.slack_payloads import Target
from handlers.slack_render import home_view


class SlackHome:
    def __init__(self, desk: Desk, client: AsyncWebClient, answers: Answers) -> None:
        self.desk = desk
        self.client = client
        self.answers = answers

    async def publish(self, target: Target) -> None:
        actor = await self.answers.actor(target)
        home = await self.desk.home(actor, target.lang)
        now = self.desk.clock.now()
        view = home_view(
            target.lang,
            now,
            self.desk.sla,
            home.mine,
            home.head,
            home.at_risk,
            home.queue,
            home.notice,
        )
        await self.client.views_publish(user_id=actor.user, view=view)
