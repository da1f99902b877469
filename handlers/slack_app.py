"""The Slack door: Bolt listeners that turn what a person typed or clicked into desk
commands, and the desk's answers into Block Kit. It translates; the desk decides (who may,
which customer, what a home page holds).

Ack first, work after. Every listener acks at once (Bolt runs with
``process_before_response=True``, so the ack leaves as soon as the listener returns, with
no 10 ms polling), then hands the work to a background task. That task may call the desk,
Redis and the Slack Web API for as long as it needs; whatever it raises is logged with its
traceback and the person reads the catalog's ``error.internal`` sentence. It never reaches
Bolt, so an acknowledged request stays acknowledged (Bolt's error path would otherwise turn
the ack into a 404).

The parts: ``slack_payloads`` reads requests, ``slack_replay`` serves each once (a Bolt
middleware) and handles each event once, ``slack_people`` caches who a user is,
``slack_answers`` answers a person, ``slack_intake`` makes tickets of messages,
``slack_home`` publishes the App Home.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.desk import Desk
from bot.errors import DeskError
from bot.i18n import t
from bot.notify import Action
from bot.replies import Reply
from handlers.slack_answers import Answers
from handlers.slack_home import SlackHome
from handlers.slack_intake import INTAKE_REACTION, SlackIntake
from handlers.slack_payloads import (
    SPECIAL,
    Payload,
    Target,
    bot_user_of,
    readable,
    team_of,
    typed_text,
    user_of,
)
from handlers.slack_people import LOCALE_TTL, People
from handlers.slack_render import (
    ACTION_PREFIX,
    ASK_PREFIX,
    MODAL_DIALOG,
    MODAL_NEW,
    OPTIONS_LIMIT,
    asked_action,
    customer_option,
    dialog_modal,
    modal_metadata,
    modal_values,
    new_ticket_modal,
    reply_blocks,
)
from handlers.slack_replay import SIGNATURE_KEY, Deliveries, RefuseReplays

log = logging.getLogger(__name__)
Listener = Callable[..., Awaitable[None]]
SHOWN = 40  # characters of a command named in a log line


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
        self.intake_channel = intake_channel
        self.answers = Answers(desk, client, People(client, locale_ttl))
        store = desk.store if desk is not None else None  # no desk: only its listener tables
        self.deliveries = Deliveries(store)
        self.replays = RefuseReplays(store, replay_redis)
        self.intake = SlackIntake(desk, client, self.answers, self.deliveries)
        self.home = SlackHome(desk, client, self.answers)
        self.tasks: set[asyncio.Task[None]] = set()

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
                await self.answers.actor(target)  # the person's language, if it failed before
                # A refusal raised outside the desk (Redis down while the door itself reads
                # it) keeps its own sentence; anything else is "something went wrong".
                lang = target.lang
                reply = (
                    self.desk.refusal(exc, lang)
                    if isinstance(exc, DeskError)
                    else Reply(t("error.internal", lang), lang, ok=False)
                )
                await self.answers.send(target, reply)
            except Exception:
                log.exception("could not tell %s that %s failed", target.user, what)

    async def drain(self) -> None:
        """Wait until every background task (and any task they started) is done."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)

    async def not_a_slack_request(self, error: Exception) -> BoltResponse:
        """Bolt's error handler, for a signed request that a middleware or a listener could
        not handle (a field Slack documents as an object that is not one, …): a 400, not
        Bolt's 500 (Slack would retry it in vain), and the log keeps the traceback."""
        log.error("Slack: a request Bolt could not handle was refused", exc_info=error)
        return BoltResponse(status=400, body={"error": "not a Slack request"})

    async def run(self, target: Target, text: str, idempotency_key: str | None = None) -> None:
        actor = await self.answers.actor(target)
        reply = await self.desk.handle(actor, text, idempotency_key)
        await self.answers.send(target, reply)

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
        actor = await self.answers.actor(target)
        try:
            customers = await self.desk.ticket_form(actor)
        except DeskError as exc:
            await self.answers.send(target, self.desk.refusal(exc, target.lang))
            return
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
        actor = await self.answers.actor(target)
        await self.answers.send(target, await self.desk.submit_new_ticket(actor, values, key))

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
        self.spawn(self.run(target, command), target, f"button {command[:SHOWN]!r}")

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
        self.spawn(work, target, f"dialog {asked.command[:SHOWN]!r}")

    async def open_dialog(self, target: Target, action: Action, trigger_id: str) -> None:
        await self.answers.actor(target)  # the dialog speaks the clicker's language
        meta = {
            "command": action.command,
            "asks": action.asks,
            "channel": target.channel,
            "lang": target.lang,
        }
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
        self.spawn(self.run(target, command, key), target, f"dialog {command[:SHOWN]!r}")

    # -- events ----------------------------------------------------------------------------
    def _event_target(self, body: Payload, event: Payload, user: str) -> Target:
        return Target(
            team_of(body) or str(event.get("team") or ""), user, str(event.get("channel") or "")
        )

    async def _once(self, body: Payload, team: str, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` unless this event_id was already handled (a retried delivery)."""
        event_id = str(body.get("event_id") or "")
        try:
            repeated = bool(event_id) and not await self.deliveries.first(team, "event", event_id)
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
        work = self.intake.message(
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
        work = self.intake.reaction(
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
        self.spawn(self.home.publish(target), target, "App Home")


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
        app.use(door.replays)
    return app, door


__all__ = [
    "SIGNATURE_KEY",
    "SlackDoor",
    "Target",
    "build_bolt_app",
    "readable",
    "register",
    "reply_blocks",
]
