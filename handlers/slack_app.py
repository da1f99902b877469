"""The Slack door: Bolt listeners that turn what a person typed or clicked into desk
commands, and the desk's answers into Block Kit.

Ack first, work after. Every listener acks at once (Bolt runs with
``process_before_response=True``, so the ack leaves as soon as the listener returns, with
no 10 ms polling), then hands the work to a background task. That task may call the desk,
Redis and the Slack Web API for as long as it needs; whatever it raises is logged with its
traceback and the person reads the catalog's ``error.internal`` sentence. It never reaches
Bolt, so an acknowledged request stays acknowledged (Bolt's error path would otherwise turn
the ack into a 404).

Retried deliveries (``X-Slack-Retry-Num``, the same ``event_id``) are dropped with a Redis
``SET NX`` key; tickets created from a message are also idempotent on channel + ts, so a
message and a ``:ticket:`` reaction on it make one ticket.

Replays: Slack's signature alone accepts the same request again for as long as its
timestamp is within 5 minutes of the clock. Over HTTP, each signature is remembered
(Redis ``SET NX``) for as long as Bolt would accept it; a second request with the same
signature is refused with a 401 before any listener runs. The one exception is Slack's
own retry of an event (``X-Slack-Retry-Num``, an ``event_callback``): it goes on to the
listeners, where the ``event_id`` mark above drops it if the first delivery was handled,
and runs it if the first delivery failed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltRequest
from slack_bolt.request.payload_utils import (
    to_action,
    to_command,
    to_event,
    to_message,
    to_options,
    to_shortcut,
    to_step,
    to_view,
)
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.desk import AT_RISK, Actor, Desk
from bot.errors import DeskError, Forbidden
from bot.i18n import language_of, t
from bot.notify import Action
from bot.replies import Reply
from bot.roles import LEADS
from handlers.slack_render import (
    ACTION_PREFIX,
    ASK_PREFIX,
    MODAL_DIALOG,
    MODAL_NEW,
    OPTIONS_LIMIT,
    asked_action,
    customer_option,
    dialog_modal,
    escape,
    home_view,
    message,
    modal_metadata,
    modal_values,
    new_ticket_modal,
    queue_blocks,
    reply_blocks,
)

log = logging.getLogger(__name__)
Payload = dict[str, Any]
Listener = Callable[..., Awaitable[None]]
SPECIAL = re.compile(r"<([@#!])([^>|]*)(?:\|([^>]*))?>")  # <@U1|ana>, <#C1|support>, <!here>
LINK = re.compile(r"<((?:https?|mailto):[^>|]*)(?:\|([^>]*))?>")
INTAKE_REACTION = "ticket"
LOCALE_TTL = 300.0  # seconds a users.info answer (locale, name) is trusted
DEDUPE_TTL = 3600  # seconds an event_id is remembered (Slack retries within minutes)
SIGNATURE_WINDOW = 300  # seconds Bolt accepts a request timestamp away from its clock
SIGNATURE_KEY = "sb:slack:signature:"  # + the X-Slack-Signature of a request already served


@dataclass
class Target:
    """Who gets the answer, and where: response_url when Slack gave one, else an
    ephemeral message in the channel, else a direct message."""

    team: str
    user: str
    channel: str = ""
    response_url: str = ""
    lang: str = "en"


def team_of(body: Payload) -> str:
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    if not team:
        team = (body.get("user") or {}).get("team_id") if isinstance(body.get("user"), dict) else ""
    return str(team or "")


def typed_text(text: str, bot_user: str = "") -> str:
    """What the person typed, from Slack's encoded text: the bot's own mention removed,
    a person's mention as their id (what roles are granted to), a channel as its id, a
    link as its address, then ``&amp;``, ``&lt;``, ``&gt;`` decoded, once."""

    def special(match: re.Match[str]) -> str:
        sign, ident, label = match.group(1), match.group(2), match.group(3)
        if sign == "@":
            return " " if ident == bot_user else ident
        if sign == "#":
            return ident
        return "@" + (label or ident)  # <!here>: a broadcast written out, never performed

    decoded = LINK.sub(lambda m: m.group(1).removeprefix("mailto:"), text or "")
    decoded = SPECIAL.sub(special, decoded)
    decoded = decoded.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return decoded.strip()


def bot_user_of(body: Payload) -> str:
    """The bot's own user id in this workspace (Events API: ``authorizations``)."""
    for authorization in body.get("authorizations") or []:
        if isinstance(authorization, dict) and authorization.get("is_bot"):
            return str(authorization.get("user_id") or "")
    return ""


def user_of(body: Payload) -> str:
    user = body.get("user_id") or body.get("user")
    if isinstance(user, dict):
        user = user.get("id")
    return str(user or "")


class SlackDoor:
    """The listeners and the background work they start; ``tasks`` holds that work so a
    test (or a graceful shutdown) can wait for it."""

    def __init__(
        self,
        desk: Desk,
        client: AsyncWebClient,
        intake_channel: str = "",
        locale_ttl: float = LOCALE_TTL,
        replay_redis: Any = None,
    ) -> None:
        self.desk = desk
        self.client = client
        # Its own connections: the replay check runs before the ack, so it must not wait
        # behind the desk's work for one (1,000 simultaneous clicks pushed acks past 3 s).
        self.replay_redis = replay_redis
        self.intake_channel = intake_channel
        self.locale_ttl = locale_ttl
        self.tasks: set[asyncio.Task[None]] = set()
        self._people: dict[tuple[str, str], tuple[float, str | None, str]] = {}

    # -- the tables register() reads (and tests/test_manifest.py checks) -----------------
    def commands(self) -> dict[str, Listener]:
        return {"/ticket": self.ticket_command, "/queue": self.queue_command}

    def events(self) -> dict[str, Listener]:
        return {
            "message": self.message_event,
            "reaction_added": self.reaction_event,
            "app_mention": self.mention_event,
            "app_home_opened": self.home_event,
        }

    # -- background work -------------------------------------------------------------------
    def spawn(self, work: Coroutine[Any, Any, None], target: Target, what: str) -> None:
        task = asyncio.create_task(self._guarded(work, target, what))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _guarded(self, work: Coroutine[Any, Any, None], target: Target, what: str) -> None:
        try:
            await work
        except Exception as exc:
            log.exception("Slack %s failed for %s in %s", what, target.user, target.team)
            try:
                await self.actor(target)  # the person's language, if it failed before that
                # A refusal raised outside the desk (Redis down while the door itself reads
                # it) keeps its own sentence; anything else is "something went wrong".
                lang = target.lang
                reply = (
                    self.desk.refusal(exc, lang)
                    if isinstance(exc, DeskError)
                    else Reply(t("error.internal", lang), lang, ok=False)
                )
                await self.send(target, reply)
            except Exception:
                log.exception("could not tell %s that %s failed", target.user, what)

    async def drain(self) -> None:
        """Wait until every background task (and any task they started) is done."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)

    async def first_delivery(self, team: str, kind: str, key: str) -> bool:
        """True the first time ``kind:key`` is seen in ``team`` (Redis SET NX)."""
        name = f"{self.desk.store.keys(team).base}:slack:{kind}:{key}"
        redis = self.desk.store.redis
        return bool(
            await self.desk.store.call(lambda: redis.set(name, "1", nx=True, ex=DEDUPE_TTL))
        )

    # -- the HTTP requests themselves --------------------------------------------------------
    async def first_use(self, signature: str, timestamp: str) -> bool:
        """True the first time ``signature`` is seen; it is remembered until Bolt would refuse
        its timestamp anyway (timestamp + 5 min), plus a minute for clock drift."""
        try:
            left = int(timestamp) + SIGNATURE_WINDOW - int(time.time())
        except ValueError:
            left = SIGNATURE_WINDOW
        ttl = min(max(left, 0), 2 * SIGNATURE_WINDOW) + 60
        redis = self.replay_redis or self.desk.store.redis
        key = SIGNATURE_KEY + signature
        return bool(await self.desk.store.call(lambda: redis.set(key, "1", nx=True, ex=ttl)))

    async def refuse_replays(
        self,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],  # Bolt passes it by this name
    ) -> BoltResponse:
        """Bolt middleware (after Bolt's signature check): a request is served once."""
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        timestamp = (req.headers.get("x-slack-request-timestamp") or ["0"])[0]
        retried_event = bool(req.headers.get("x-slack-retry-num")) and (
            req.body.get("type") == "event_callback"
        )
        try:
            first = await self.first_use(signature, timestamp)
        except DeskError:  # Redis is down: the desk will say so and record nothing
            log.warning("Slack: Redis is unavailable; this request is not checked for replay")
            first = True
        if first or retried_event:
            return await next()
        log.warning("Slack: refused a replayed request (its signature was already used)")
        return BoltResponse(status=401, body={"error": "replayed request"})

    async def not_a_slack_request(self, error: Exception) -> BoltResponse:
        """Bolt's error handler, for a signed request that a middleware or a listener could
        not handle (a field Slack documents as an object that is not one, …): a 400, not
        Bolt's 500 (Slack would retry it in vain), and the log keeps the traceback."""
        log.error("Slack: a request Bolt could not handle was refused", exc_info=error)
        return BoltResponse(status=400, body={"error": "not a Slack request"})

    # -- people ----------------------------------------------------------------------------
    async def person(self, team: str, user: str) -> tuple[str | None, str]:
        """(Slack locale, display name) from users.info, cached for ``locale_ttl``."""
        now = time.monotonic()
        cached = self._people.get((team, user))
        if cached and cached[0] > now:
            return cached[1], cached[2]
        locale: str | None = None
        name = user
        try:
            found = await self.client.users_info(user=user, include_locale=True)
            info = found.get("user") or {}
            locale = info.get("locale")
            profile = info.get("profile") or {}
            name = profile.get("real_name") or info.get("real_name") or info.get("name") or user
        except SlackClientError as exc:
            log.warning("users.info failed for %s: %s", user, exc)
        if len(self._people) > 10_000:
            self._people.clear()
        self._people[(team, user)] = (now + self.locale_ttl, locale, str(name))
        return locale, str(name)

    async def actor(self, target: Target) -> Actor:
        """The person as the desk sees them; ``target.lang`` becomes their language."""
        locale, _ = await self.person(target.team, target.user)
        target.lang = language_of(locale)
        actor = Actor(target.team, target.user, "slack", locale, target.channel)
        target.lang = await self.desk.language(actor)
        return actor

    # -- answering -------------------------------------------------------------------------
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
            return {"text": escape(reply.text)[:3000], "blocks": blocks}
        return message(reply, now, self.desk.sla)

    async def run(self, target: Target, text: str, idempotency_key: str | None = None) -> None:
        actor = await self.actor(target)
        reply = await self.desk.handle(actor, text, idempotency_key)
        await self.send(target, reply)

    # -- slash commands --------------------------------------------------------------------
    @staticmethod
    def slash_target(body: Payload) -> Target:
        return Target(
            team_of(body),
            user_of(body),
            str(body.get("channel_id", "")),
            str(body.get("response_url", "")),
        )

    async def ticket_command(self, ack: AsyncAck, body: Payload) -> None:
        await ack()
        target = self.slash_target(body)
        text = typed_text(str(body.get("text") or ""))
        if not text:
            self.spawn(self.open_modal(target, str(body.get("trigger_id", ""))), target, "modal")
            return
        key = f"slack:cmd:{body.get('trigger_id', '')}" if body.get("trigger_id") else None
        self.spawn(self.run(target, text, key), target, "/ticket")

    async def queue_command(self, ack: AsyncAck, body: Payload) -> None:
        await ack()
        target = self.slash_target(body)
        self.spawn(self.run(target, "queue"), target, "/queue")

    # -- the new-ticket modal --------------------------------------------------------------
    async def open_modal(self, target: Target, trigger_id: str) -> None:
        actor = await self.actor(target)
        if not await self.desk.directory.roles_of(actor.workspace, actor.user):
            refusal = Forbidden("forbidden.no_role", user=actor.user)
            await self.send(target, self.desk.refusal(refusal, target.lang))
            return
        customers = await self.desk.directory.customers(actor.workspace)
        view = new_ticket_modal(customers, target.lang, modal_metadata(target.channel, target.lang))
        await self.client.views_open(trigger_id=trigger_id, view=view)

    async def modal_submission(self, ack: AsyncAck, body: Payload, view: Payload) -> None:
        values = modal_values(view)
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
        except ValueError:
            meta = {}
        lang = str(meta.get("lang") or "en")
        errors = {}
        if not values.get("customer") and not values.get("customer_other"):
            errors["customer_other"] = t("form.customer_missing", lang)
        if values.get("product") and not values.get("version"):
            errors["version"] = t("form.version_missing", lang)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        target = Target(team_of(body), user_of(body), str(meta.get("channel") or ""), lang=lang)
        work = self.create_from_modal(target, values, f"slack:view:{view.get('id', '')}")
        self.spawn(work, target, "new-ticket modal")

    async def create_from_modal(self, target: Target, values: dict[str, str], key: str) -> None:
        """The form's fields go to the desk as they are (Desk.submit_new_ticket)."""
        actor = await self.actor(target)
        await self.send(target, await self.desk.submit_new_ticket(actor, values, key))

    async def customer_options(self, ack: AsyncAck, body: Payload) -> None:
        """The modal's customer search (an ``external_select`` over a large registry):
        the customers whose name holds what was typed."""
        typed = str(body.get("value") or "")
        try:
            found = await self.desk.find_customers(team_of(body), typed, OPTIONS_LIMIT)
        except DeskError:
            found = []  # Redis is down: an empty list; the submission will say why
        await ack(options=[customer_option(c) for c in found])

    # -- card buttons ----------------------------------------------------------------------
    @staticmethod
    def button_target(body: Payload) -> Target:
        channel = body.get("channel") or body.get("container") or {}
        return Target(
            team_of(body),
            user_of(body),
            str(channel.get("id") or channel.get("channel_id") or ""),
            str(body.get("response_url") or ""),
        )

    async def card_action(self, ack: AsyncAck, body: Payload, action: Payload) -> None:
        await ack()
        target = self.button_target(body)
        command = str(action.get("value") or "")
        self.spawn(self.run(target, command), target, f"button {command[:40]!r}")

    async def ask_action(self, ack: AsyncAck, body: Payload, action: Payload) -> None:
        """A button that asks first (Responded, Escalate, Resolve): open its dialog; the
        command runs when the dialog is sent (``dialog_submission``)."""
        await ack()
        target = self.button_target(body)
        value = str(action.get("value") or "")
        asked = asked_action(value, str((action.get("text") or {}).get("text") or ""))
        if asked is None:  # not a value this door wrote: the desk says what it is not
            self.spawn(self.run(target, value), target, "button")
            return
        work = self.open_dialog(target, asked, str(body.get("trigger_id") or ""))
        self.spawn(work, target, f"dialog {asked.command[:40]!r}")

    async def open_dialog(self, target: Target, action: Action, trigger_id: str) -> None:
        await self.actor(target)  # the dialog speaks the clicker's language
        meta = {"command": action.command, "asks": action.asks, "channel": target.channel,
                "lang": target.lang}  # fmt: skip
        view = dialog_modal(action, target.lang, json.dumps(meta))
        await self.client.views_open(trigger_id=trigger_id, view=view)

    async def dialog_submission(self, ack: AsyncAck, body: Payload, view: Payload) -> None:
        await ack()
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            action = Action("", str(meta["command"]), asks=tuple(map(str, meta["asks"])))
        except (ValueError, TypeError, KeyError):
            log.warning("Slack: a dialog came back without the command it was opened for")
            return
        lang = str(meta.get("lang") or "en")
        target = Target(team_of(body), user_of(body), str(meta.get("channel") or ""), lang=lang)
        command = action.completed(modal_values(view))
        key = f"slack:view:{view.get('id', '')}" if view.get("id") else None
        self.spawn(self.run(target, command, key), target, f"dialog {command[:40]!r}")

    # -- events ----------------------------------------------------------------------------
    def _event_target(self, body: Payload, event: Payload, user: str) -> Target:
        return Target(
            team_of(body) or str(event.get("team") or ""), user, str(event.get("channel") or "")
        )

    async def _once(self, body: Payload, team: str, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` unless this event_id was already handled (a retried delivery)."""
        event_id = str(body.get("event_id") or "")
        try:
            repeated = bool(event_id) and not await self.first_delivery(team, "event", event_id)
        except BaseException:
            work.close()  # never started (Redis is down): the caller tells the person
            raise
        if repeated:
            log.info("dropping a repeated delivery of %s", event_id)
            work.close()
            return
        await work

    async def message_event(self, ack: AsyncAck, body: Payload, event: Payload) -> None:
        await ack()
        if (
            not self.intake_channel
            or event.get("channel") != self.intake_channel
            or event.get("subtype")
            or event.get("bot_id")
            or event.get("thread_ts", event.get("ts")) != event.get("ts")
        ):
            return
        target = self._event_target(body, event, str(event.get("user") or ""))
        work = self.intake(
            target,
            str(event["channel"]),
            str(event["ts"]),
            typed_text(str(event.get("text") or ""), bot_user_of(body)),
            str(event.get("user") or ""),
        )
        self.spawn(self._once(body, target.team, work), target, "intake message")

    async def reaction_event(self, ack: AsyncAck, body: Payload, event: Payload) -> None:
        await ack()
        item = event.get("item") or {}
        if event.get("reaction") != INTAKE_REACTION or item.get("type") != "message":
            return
        target = self._event_target(body, item, str(event.get("user") or ""))
        work = self.reaction_intake(
            target, str(item.get("channel")), str(item.get("ts")), str(event.get("item_user") or "")
        )
        self.spawn(self._once(body, target.team, work), target, "ticket reaction")

    async def mention_event(self, ack: AsyncAck, body: Payload, event: Payload) -> None:
        await ack()
        if event.get("bot_id"):
            return
        target = self._event_target(body, event, str(event.get("user") or ""))
        said = str(event.get("text") or "")
        first = SPECIAL.search(said)  # without authorizations: the mention that woke us
        bot = bot_user_of(body) or (first.group(2) if first and first.group(1) == "@" else "")
        text = typed_text(said, bot)
        key = f"slack:{event.get('channel')}:{event.get('ts')}"
        self.spawn(self._once(body, target.team, self.run(target, text, key)), target, "mention")

    async def home_event(self, ack: AsyncAck, body: Payload, event: Payload) -> None:
        await ack()
        if event.get("tab", "home") != "home":
            return
        target = Target(team_of(body), str(event.get("user") or ""))
        self.spawn(self.publish_home(target), target, "App Home")

    # -- intake ----------------------------------------------------------------------------
    async def reaction_intake(self, target: Target, channel: str, ts: str, poster: str) -> None:
        actor = await self.actor(target)
        if not await self.desk.directory.roles_of(actor.workspace, actor.user):
            refusal = Forbidden("forbidden.no_role", user=actor.user)
            await self.send(target, self.desk.refusal(refusal, target.lang))
            return
        found = await self.client.conversations_history(
            channel=channel, latest=ts, oldest=ts, inclusive=True, limit=1
        )
        messages = found.get("messages") or []
        text = typed_text(str(messages[0].get("text") or "")) if messages else ""
        await self.intake(target, channel, ts, text, poster or actor.user, actor)

    async def intake(
        self,
        target: Target,
        channel: str,
        ts: str,
        text: str,
        poster: str,
        actor: Actor | None = None,
    ) -> None:
        """A ticket linked to the message ``channel``/``ts``, made at most once."""
        actor = actor or await self.actor(target)
        customer, summary = await self.desk.identify(actor.workspace, text, channel, poster)
        try:
            ticket = await self.desk.new_ticket(
                actor,
                customer,
                summary or text or "—",
                idempotency_key=f"slack:{channel}:{ts}",
                received=self.desk.form_moment(ts),  # the customer wrote then, not when seen
            )
        except DeskError as exc:
            await self.send(target, self.desk.refusal(exc, target.lang))
            return
        if await self.first_delivery(actor.workspace, "linked", f"{channel}:{ts}"):
            await self.client.chat_postMessage(
                channel=channel,
                thread_ts=ts,
                text=escape(self.desk.created(ticket, ticket.lang).text),
            )
        if actor.user != poster:
            await self.send(target, self.desk.created(ticket, target.lang))

    # -- App Home --------------------------------------------------------------------------
    async def publish_home(self, target: Target) -> None:
        actor = await self.actor(target)
        lang, desk, ws = target.lang, self.desk, actor.workspace
        now = desk.clock.now()
        roles = await desk.directory.roles_of(ws, actor.user)
        if not roles:
            view = home_view(
                lang, now, desk.sla, notice=t("forbidden.no_role", lang, user=actor.user)
            )
        else:
            store = desk.store
            mine = await store.get_many(ws, await store.members(ws, f"owner:{actor.user}", 0, 19))
            head = await store.get_many(ws, await store.members(ws, "new", 0, 4))
            soonest = await store.get_many(ws, await store.members(ws, "due", 0, 9))
            at_risk = [tk for tk in soonest if tk.milestones and tk.deadline <= now + AT_RISK]
            queue = None
            if roles & LEADS:
                queue = desk.queue_text(await desk.queue_view(ws), lang)
            view = home_view(lang, now, desk.sla, mine, head, at_risk, queue)
        await self.client.views_publish(user_id=actor.user, view=view)


def readable(request: AsyncBoltRequest) -> None:
    """Raise (ValueError, TypeError, AttributeError, LookupError) unless Bolt can read the
    body as it does for every middleware, listener and error handler it calls: a JSON
    object whose event, view, action, … are shaped as Slack sends them."""
    body: Any = request.body
    if not isinstance(body, dict):
        raise TypeError(f"the body is a {type(body).__name__}, not an object")
    for read in (to_options, to_shortcut, to_action, to_view, to_command, to_event, to_message,
                 to_step):  # fmt: skip
        read(body)


def register(app: AsyncApp, door: SlackDoor) -> None:
    """Attach the door's plain listener functions to the Bolt app."""
    for name, listener in door.commands().items():
        app.command(name)(listener)
    for name, listener in door.events().items():
        app.event(name)(listener)
    app.action(re.compile("^" + re.escape(ACTION_PREFIX)))(door.card_action)
    app.action(re.compile("^" + re.escape(ASK_PREFIX)))(door.ask_action)
    app.view(MODAL_NEW)(door.modal_submission)
    app.options("customer")(door.customer_options)
    app.view(MODAL_DIALOG)(door.dialog_submission)


def build_bolt_app(
    desk: Desk,
    client: AsyncWebClient,
    signing_secret: str | None,
    intake_channel: str = "",
    socket_mode: bool = False,
    replay_redis: Any = None,
) -> tuple[AsyncApp, SlackDoor]:
    """Bolt with process_before_response: the listener's ack is the HTTP response."""
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        process_before_response=True,
        request_verification_enabled=not socket_mode,
        logger=logging.getLogger("supportbot.bolt"),
    )
    door = SlackDoor(desk, client, intake_channel, replay_redis=replay_redis)
    register(app, door)
    app.error(door.not_a_slack_request)
    if not socket_mode:  # Socket Mode requests come over the app's own WebSocket, unsigned
        app.use(door.refuse_replays)
    return app, door


__all__ = ["SlackDoor", "Target", "build_bolt_app", "readable", "register", "reply_blocks"]
