"""The Teams door: ``POST /api/messages`` on the shared aiohttp app, through the
Microsoft 365 Agents SDK (its JWT validation, its CloudAdapter and TurnContext).

What a person sends the bot (a message in a personal chat, or an @mention in a channel,
with the mention stripped) goes to the desk's grammar unchanged, and so does a card
button: its data carries the desk command, whether Teams delivers the click as a message
with ``value`` (Action.Submit) or as an ``adaptiveCard/action`` invoke. The door records
each conversation's reference and each person's Teams id and name as they arrive, so
workers can post reminders and mention seniors later (``handlers.teams_notifier``).

Inbound tokens are validated by the SDK (signature from the Bot Framework keys, audience
= our client id, issuer checked), and the door checks that the token was issued for the
activity's ``serviceUrl`` (``issued_for``); anonymous requests are accepted only when
``TEAMS_ALLOW_ANONYMOUS`` is set for local development, and the log says so.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

import jwt
from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator
from microsoft_agents.hosting.core import (
    AccessTokenProviderBase,
    AgentAuthConfiguration,
    ClaimsIdentity,
    ConnectionManager,
    TurnContext,
)

from bot.conversations import Conversations
from bot.desk import Actor, Desk
from bot.errors import DeskError
from bot.i18n import language_of, t
from bot.notify import Action
from bot.settings import TeamsSettings
from handlers.teams_render import (
    ASKS_KEY,
    COMMAND_KEY,
    dialog_done,
    new_ticket_button,
    new_ticket_dialog,
    reply_activity,
    search_results,
    strip_mentions,
    text_activity,
)

log = logging.getLogger(__name__)
Json = dict[str, Any]
ProviderFactory = Callable[[AgentAuthConfiguration], AccessTokenProviderBase]
LOCAL_TENANT = "local"  # the Bot Framework Emulator sends no tenant
CARD_INVOKE = "adaptiveCard/action"
DIALOG_FETCH, DIALOG_SUBMIT, SEARCH = "task/fetch", "task/submit", "application/search"
INVOKES = (CARD_INVOKE, DIALOG_FETCH, DIALOG_SUBMIT, SEARCH)
OPENS_FORM = ("ticket", "ticket new", "new")  # typed alone: the new-ticket dialog's button
SERVICE_URL_CLAIM = "serviceurl"  # in the Bot Connector's tokens: the service they come from
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


TeamsConfig = TeamsSettings  # the door's settings, read with the others (bot.settings)


def agent_auth(config: TeamsConfig) -> AgentAuthConfiguration:
    """The settings as the Agents SDK's JWT check and token providers take them."""
    return AgentAuthConfiguration(
        client_id=config.client_id or None,
        tenant_id=config.tenant_id or None,
        client_secret=config.client_secret or None,
        anonymous_allowed=config.allow_anonymous,
        validate_issuer=True,
    )


def msal_provider(config: AgentAuthConfiguration) -> AccessTokenProviderBase:
    """Tokens for the Bot Connector service from Entra ID (client credentials)."""
    from microsoft_agents.authentication.msal import MsalAuth

    provider: AccessTokenProviderBase = MsalAuth(config)
    return provider


def build_adapter(config: TeamsConfig, provider: ProviderFactory | None = None) -> CloudAdapter:
    connections = ConnectionManager(
        provider_factory=provider or msal_provider,
        connections_configurations={"SERVICE_CONNECTION": agent_auth(config)},
    )
    adapter = CloudAdapter(connection_manager=connections)
    adapter.on_turn_error = on_turn_error
    return adapter


# -- reading an activity -------------------------------------------------------------------
def tenant_of(activity: Json) -> str:
    """The activity's tenant. ``channelData`` is free-form in the Bot Framework schema (the
    SDK's model accepts any JSON there), so each level is read only when it is an object."""
    tenant = member(activity.get("conversation"), "tenantId") or member(
        member(activity.get("channelData"), "tenant"), "id"
    )
    return str(tenant or LOCAL_TENANT)


def member(value: object, key: str) -> object:
    """``value[key]`` when ``value`` is a JSON object, else None."""
    return value.get(key) if isinstance(value, dict) else None


def actor_of(activity: Json) -> Actor:
    """The person: their Entra object id (stable, what a manager grants roles to)."""
    sender = activity.get("from") or {}
    user = str(sender.get("aadObjectId") or sender.get("id") or "")
    conversation = str((activity.get("conversation") or {}).get("id") or "")
    return Actor(tenant_of(activity), user, "teams", activity.get("locale"), conversation)


def mentioned(activity: Json) -> dict[str, str]:
    """The people @mentioned in the text, not the bot: ``<at>Name</at>`` → their Teams id
    (or Entra object id when Teams gives it)."""
    bot = str((activity.get("recipient") or {}).get("id") or "")
    found = {}
    for entity in activity.get("entities") or []:
        if not isinstance(entity, dict) or entity.get("type") != "mention":
            continue
        person = entity.get("mentioned") or {}
        ident = str(person.get("aadObjectId") or person.get("id") or "")
        if ident and ident != bot and isinstance(entity.get("text"), str):
            found[entity["text"]] = ident
    return found


def command_of(activity: Json, people: dict[str, str] | None = None) -> str:
    """The desk command: a card button's data (with its dialog's inputs, if it asked),
    else the text, the bot's @mention removed and ``people``'s (tag → id) as their ids."""
    value = activity.get("value")
    if isinstance(value, dict):
        data = member(value.get("action"), "data") if "action" in value else value
        if isinstance(data, dict) and isinstance(data.get(COMMAND_KEY), str):
            asks = data.get(ASKS_KEY)
            if isinstance(asks, list):
                action = Action("", str(data[COMMAND_KEY]), asks=tuple(map(str, asks)))
                return action.completed({k: str(v) for k, v in data.items()})
            return str(data[COMMAND_KEY])
    return strip_mentions(str(activity.get("text") or ""), people)


def reference_of(activity: Json) -> Json:
    """What a worker needs to post here later (a Bot Framework conversation reference)."""
    conversation = activity.get("conversation") or {}
    return {
        "serviceUrl": activity.get("serviceUrl", ""),
        "channelId": activity.get("channelId", "msteams"),
        "conversation": {
            key: conversation[key]
            for key in ("id", "conversationType", "tenantId", "isGroup")
            if key in conversation
        },
        "bot": activity.get("recipient") or {},
    }


class TeamsDoor:
    """The SDK's agent: one turn per activity."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.conversations = Conversations(desk.store)

    async def on_turn(self, context: TurnContext) -> None:
        activity: Json = context.activity.model_dump(by_alias=True, mode="json", exclude_none=True)
        kind = activity.get("type")
        invoke = str(activity.get("name") or "") if kind == "invoke" else ""
        if kind not in ("message", "conversationUpdate") and invoke not in INVOKES:
            return
        actor = actor_of(activity)
        await self.remember(actor, activity)
        if kind == "message":
            await self.message(context, actor, activity)
        elif invoke == CARD_INVOKE:
            await self.card_invoke(context, actor, activity)
        elif invoke == DIALOG_FETCH:
            lang = await self.desk.language(actor)
            await invoke_reply(context, new_ticket_dialog(lang))
        elif invoke == DIALOG_SUBMIT:
            await self.dialog_submit(context, actor, activity)
        elif invoke == SEARCH:
            await self.search(context, actor, activity)
        else:
            await self.installed(context, activity)

    async def dialog_submit(self, context: TurnContext, actor: Actor, activity: Json) -> None:
        """The new-ticket dialog was sent: its fields go to the desk as they are."""
        value = activity.get("value") or {}
        data = value.get("data") if isinstance(value, dict) else None
        form = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        key = f"teams:dialog:{activity.get('id')}" if activity.get("id") else None
        reply = await self.desk.submit_new_ticket(actor, form, key)
        await invoke_reply(context, dialog_done(reply.text))

    async def search(self, context: TurnContext, actor: Actor, activity: Json) -> None:
        """The dialog's customer search, as the person types."""
        value = activity.get("value") or {}
        typed = str(value.get("queryText") or "") if isinstance(value, dict) else ""
        try:
            found = await self.desk.find_customers(actor.workspace, typed)
        except DeskError:
            found = []  # Redis is down: nothing to offer; the submission will say why
        await invoke_reply(context, search_results([(c.name, c.id) for c in found]))

    async def remember(self, actor: Actor, activity: Json) -> None:
        """Keep the conversation reference and how to mention the sender; a Redis outage
        here must not cost the person their answer (the desk will say it is down)."""
        sender = activity.get("from") or {}
        person = None
        if actor.user:
            person = (
                actor.user,
                str(sender.get("id") or actor.user),
                str(sender.get("name") or actor.user),
            )
        try:
            await self.conversations.remember(
                actor.workspace, actor.channel, reference_of(activity), person
            )
        except DeskError:
            log.warning("could not record the Teams conversation %s", actor.channel)

    async def answer(self, actor: Actor, activity: Json) -> Json:
        people = mentioned(activity)
        if people:  # a Teams id → the Entra object id roles are granted to, when known
            known = await self.conversations.users(actor.workspace, people.values())
            people = {tag: known.get(ident, ident) for tag, ident in people.items()}
        text = command_of(activity, people)
        key = f"teams:{actor.channel}:{activity.get('id', '')}" if activity.get("id") else None
        reply = await self.desk.handle(actor, text or "help", key)
        return reply_activity(reply, self.desk.clock.now(), self.desk.sla)

    async def message(self, context: TurnContext, actor: Actor, activity: Json) -> None:
        if command_of(activity).lower() in OPENS_FORM and not activity.get("value"):
            lang = await self.desk.language(actor)
            await context.send_activity(Activity.model_validate(new_ticket_button(lang)))
            return
        await context.send_activity(Activity.model_validate(await self.answer(actor, activity)))

    async def card_invoke(self, context: TurnContext, actor: Actor, activity: Json) -> None:
        """Universal Actions: the answer is the invoke response (Teams shows it at once);
        the card itself is refreshed in place by the worker, as after any change."""
        answer = await self.answer(actor, activity)
        body = {
            "statusCode": 200,
            "type": "application/vnd.microsoft.activity.message",
            "value": answer.get("text") or "",
        }
        await invoke_reply(context, body)

    async def installed(self, context: TurnContext, activity: Json) -> None:
        """The bot was added to a team or chat (on_turn has remembered where): say how to
        use it."""
        bot_id = (activity.get("recipient") or {}).get("id")
        added = [m.get("id") for m in activity.get("membersAdded") or []]
        if bot_id and bot_id in added:
            lang = language_of(activity.get("locale"))
            welcome = t("teams.welcome", lang) + "\n\n" + self.desk.help_text(lang)
            await context.send_activity(Activity.model_validate(text_activity(welcome)))


TEAMS = web.AppKey("teams", TeamsDoor)


async def invoke_reply(context: TurnContext, body: Json) -> None:
    """The HTTP answer to an invoke (Teams waits for it: a dialog, search results)."""
    response = {"type": "invokeResponse", "value": {"status": 200, "body": body}}
    await context.send_activity(Activity.model_validate(response))


async def on_turn_error(context: TurnContext, error: Exception) -> None:
    """Replaces the SDK's default, which would post the exception's text in the chat."""
    log.error("Teams turn failed", exc_info=error)
    lang = language_of(getattr(context.activity, "locale", None))
    try:
        sorry = text_activity(t("error.internal", lang))
        await context.send_activity(Activity.model_validate(sorry))
    except Exception:
        log.exception("could not tell the person that the turn failed")


def issued_for(identity: ClaimsIdentity, activity: Any) -> bool:
    """Whether the token was issued for this activity's ``serviceUrl``.

    The Bot Connector's tokens name the service they come from (the ``serviceurl`` claim),
    and the bot answers at the activity's ``serviceUrl`` with its own Bot Connector
    token. The SDK checks the token but not that the two agree (Bot Framework SDKs did),
    so a token issued for one service (or an Entra token any app of the tenant can
    request for our client id, which has no such claim) could make the bot send its
    credentials wherever the activity says. Anonymous local development has no token."""
    if identity.allow_anonymous:
        return True
    claimed = identity.get_claim_value(SERVICE_URL_CLAIM)
    service_url = activity.get("serviceUrl") if isinstance(activity, dict) else None
    return isinstance(claimed, str) and bool(claimed) and claimed == service_url


def teams_route(adapter: CloudAdapter, tenant_id: str = "") -> Handler:
    """The ``/api/messages`` handler: JWT validated by the SDK first, then checked against
    the activity's ``serviceUrl`` and, when ``tenant_id`` is set (``TEAMS_TENANT_ID``),
    against our tenant (a bot registered for several tenants would otherwise serve any
    organisation that installs it), then one turn."""

    async def api_messages(request: web.Request) -> web.StreamResponse:
        try:
            activity = await request.json()
            Activity.model_validate(activity)  # what the SDK will do; a 400 here, as there
        except (ValueError, TypeError):  # some of the model's validators raise TypeError
            return not_an_activity()
        identity = request.get("claims_identity")
        if isinstance(identity, ClaimsIdentity) and not issued_for(identity, activity):
            log.warning("Teams: refused an activity whose serviceUrl is not its token's")
            return unauthorized()
        if tenant_id and isinstance(activity, dict) and tenant_of(activity) != tenant_id:
            log.warning("Teams: refused an activity from tenant %s", tenant_of(activity))
            return web.json_response({"error": "this bot serves another tenant"}, status=403)
        try:
            response = await adapter.process(request, request.app[TEAMS])
        except (ValueError, TypeError):  # a body that is not an activity (the SDK's model)
            return not_an_activity()
        return response or web.Response(status=202)

    checked = cast(Handler, jwt_authorization_decorator(api_messages))  # type: ignore[no-untyped-call]

    async def authorized(request: web.Request) -> web.StreamResponse:
        if names_no_key(request.headers.get("Authorization", "")):
            log.warning("Teams: refused a token whose header names no signing key")
            return unauthorized()
        return await checked(request)

    return authorized


def not_an_activity() -> web.Response:
    return web.json_response({"error": "not a Bot Framework activity"}, status=400)


def unauthorized() -> web.Response:
    """The SDK's own answer to a token it refuses."""
    return web.json_response({"error": "Invalid token or authentication failed."}, status=401)


def names_no_key(authorization: str) -> bool:
    """A bearer JWT whose header has no ``kid``: the SDK's validator looks the signing key
    up by it without checking, and its KeyError would be a 500 instead of a 401."""
    parts = authorization.split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        return False  # the SDK refuses it with a 401
    try:
        header = jwt.get_unverified_header(parts[1])
    except jwt.PyJWTError:
        return False  # the SDK refuses it with a 401
    return "kid" not in header
