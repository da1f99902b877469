"""The Teams notifier: the ticket card posted proactively into the ticket's conversation
and updated in place, and the notices (with real mentions) in its thread.

A worker has no incoming activity to answer, so it posts with the conversation reference
the door stored (``bot.conversations``) and a token for the Bot Connector service. In a
channel, the card's thread is the conversation id suffixed with ``;messageid=<card id>``;
in a chat, notices are replies to the card. Rate limits (429 with Retry-After), 5xx and
timeouts become ``NotifyError`` so the job retries later.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable

import aiohttp
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import AccessTokenProviderBase
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient
from multidict import CIMultiDict

from bot.connections import RedisSettings
from bot.conversations import Conversations, Reference
from bot.notify import Card, Notice, NotifyError
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Store
from bot.tickets import Ticket
from handlers.teams_app import TeamsConfig, agent_auth, msal_provider
from handlers.teams_render import card_activity, digest_activity, notice_activity

CONNECTOR_RESOURCE = "https://api.botframework.com"
CONNECTOR_SCOPE = "https://api.botframework.com/.default"
TIMEOUT_S = 15.0


def card_ref(conversation: str, activity_id: str) -> str:
    return json.dumps({"conversation": conversation, "activity": activity_id})


def split_ref(ref: str) -> tuple[str, str]:
    try:
        data = json.loads(ref)
        return str(data["conversation"]), str(data["activity"])
    except (ValueError, KeyError, TypeError):
        raise NotifyError(f"bad Teams card reference {ref!r}") from None


def notify_error(exc: Exception) -> NotifyError:
    if isinstance(exc, aiohttp.ClientResponseError):
        header = CIMultiDict(exc.headers or {}).get("Retry-After")
        try:
            retry_after = float(header) if header is not None else None
        except ValueError:
            retry_after = None
        return NotifyError(f"Teams refused: HTTP {exc.status}", retry_after)
    return NotifyError(f"Teams unreachable: {type(exc).__name__}")


class TeamsNotifier:
    """bot.notify.Notifier for Teams."""

    def __init__(
        self,
        redis_url: str | RedisSettings,
        tokens: AccessTokenProviderBase | None,
        support_conversation: str = "",
    ) -> None:
        self.redis_url = redis_url
        self.tokens = tokens
        self.support_conversation = support_conversation

    @contextlib.asynccontextmanager
    async def _conversations(self) -> AsyncIterator[Conversations]:
        """One Redis connection for all a notification reads (a job runs its own loop)."""
        client = RedisSettings.of(self.redis_url).desk()
        try:
            yield Conversations(Store(client, Sla(Policy())))
        finally:
            await client.aclose()

    async def _send(
        self,
        reference: Reference,
        conversation: str,
        body: dict[str, object],
        activity_id: str = "",
    ) -> str:
        """POST (or PUT, with ``activity_id``) one activity; returns its id."""
        token = ""
        if self.tokens is not None:
            token = await self.tokens.get_access_token(CONNECTOR_RESOURCE, [CONNECTOR_SCOPE])
        activity = Activity.model_validate(
            {
                **body,
                "channelId": reference.get("channelId", "msteams"),
                "from": reference.get("bot") or None,
                "conversation": {**reference.get("conversation", {}), "id": conversation},
            }
        )
        client = TeamsConnectorClient(endpoint=str(reference["serviceUrl"]), token=token)
        try:
            async with asyncio.timeout(TIMEOUT_S):
                if activity_id:
                    activity.id = activity_id
                    await client.conversations.update_activity(conversation, activity_id, activity)
                    return activity_id
                sent = await client.conversations.send_to_conversation(conversation, activity)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise notify_error(exc) from exc
        finally:
            await client.close()
        if not sent.id:
            raise NotifyError("Teams did not return the activity id")
        return str(sent.id)

    async def _where(
        self, conversations: Conversations, ticket: Ticket, ref: str | None
    ) -> tuple[str, str, Reference]:
        """(conversation, card activity id or "", its stored reference) for a ticket."""
        if ref:
            conversation, card_id = split_ref(ref)
        else:
            conversation, card_id = ticket.place.channel or self.support_conversation, ""
        if not conversation:
            raise NotifyError(f"no Teams conversation for {ticket.id}")
        reference = await conversations.reference(ticket.workspace, conversation)
        if not reference or not reference.get("serviceUrl"):
            raise NotifyError(f"no Teams conversation reference for {conversation!r}")
        return conversation, card_id, reference

    async def show_card(self, card: Card, ref: str | None) -> str:
        async with self._conversations() as conversations:
            conversation, card_id, reference = await self._where(conversations, card.ticket, ref)
        sent = await self._send(reference, conversation, card_activity(card), card_id)
        return card_ref(conversation, sent)

    async def post(self, notice: Notice, card_ref_: str | None) -> None:
        ticket = notice.ticket
        async with self._conversations() as conversations:
            conversation, card_id, reference = await self._where(conversations, ticket, card_ref_)
            people = await conversations.people(ticket.workspace, notice.mentions)
        body = notice_activity(notice, people)
        target = conversation
        if card_id:
            if reference.get("conversation", {}).get("conversationType") == "channel":
                target = f"{conversation.split(';')[0]};messageid={card_id}"
            else:
                body["replyToId"] = card_id
        await self._send(reference, target, body)

    async def post_digest(self, notices: list[Notice], card_refs: list[str | None]) -> None:
        """One message in the conversation for notices due together (jobs.outbox)."""
        ticket = notices[0].ticket
        mentioned = [person for n in notices for person in n.mentions]
        async with self._conversations() as conversations:
            conversation, _, reference = await self._where(conversations, ticket, None)
            people = await conversations.people(ticket.workspace, mentioned)
        await self._send(reference, conversation, digest_activity(notices, people))


def teams_notifier(
    config: TeamsConfig,
    redis: RedisSettings,
    provider: Callable[..., AccessTokenProviderBase] = msal_provider,
) -> TeamsNotifier:
    """The notifier the settings describe: tokens from Entra ID when a client id is set
    (none for the Emulator's anonymous mode)."""
    tokens = provider(agent_auth(config)) if config.client_id else None
    return TeamsNotifier(redis, tokens, config.support_conversation)
