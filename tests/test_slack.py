"""The Slack door end to end: signed requests shaped like Slack's documented payloads go
through the real HTTP entry (handlers/web.py), the desk runs on a real redis-server, and
the bot talks to a local stand-in of the Slack Web API whose received calls we assert.

The desk's work runs after the ack in background tasks; each test waits for them with
``door.drain()`` (never a sleep).
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.clock import ManualClock
from bot.desk import Actor, Desk
from bot.directory import Customer
from bot.notify import Action, Card, Notice, NotifyError
from bot.tickets import Channel, State
from handlers.slack_notifier import SlackNotifier, web_client
from handlers.slack_render import card_blocks
from handlers.web import DESK, SLACK, WebConfig, build_web_app
from jobs.tasks import Timer
from tests.conftest import DeskRedis
from tests.slack_standin import SlackStandIn, slack_signed

SECRET = "test-signing-secret"
TEAM = "T1"
AGENT, MANAGER, NOBODY = "UAGENT", "UMGR", "UNOBODY"
SUPPORT, INTAKE, GENERAL = "CSUPPORT", "CINTAKE", "CGENERAL"
# Wednesday 2026-11-25 10:00 in Montréal: the desk is open.
START = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@dataclass
class Bot:
    client: TestClient[Any, Any]
    standin: SlackStandIn
    desk: Desk

    async def drain(self) -> None:
        await self.client.server.app[SLACK].drain()  # type: ignore[union-attr]


def sign(body: str, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    return slack_signed(body.encode(), secret, timestamp)


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    server = await SlackStandIn().start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(desk_redis: DeskRedis, standin: SlackStandIn) -> AsyncIterator[Bot]:
    """The door on one redis-server, then on the local Redis Cluster."""
    config = WebConfig(bot_token="xoxb-test", signing_secret=SECRET, **desk_redis.web(),
                       api_url=standin.api_url, support_channel=SUPPORT,
                       intake_channel=INTAKE)  # fmt: skip
    app = build_web_app(config, clock=ManualClock(START))
    client = TestClient(TestServer(app))
    await client.start_server()
    desk = app[DESK]
    await desk.directory.seed_roles(TEAM, {"agent": [AGENT], "manager": [MANAGER]})
    await desk.directory.save_customer(TEAM, Customer("acme", "Acme", "contract", "en"))
    yield Bot(client, standin, desk)
    await client.close()


async def slash(bot: Bot, text: str, user: str = AGENT, command: str = "/ticket",
                headers: dict[str, str] | None = None, timestamp: int | None = None,
                fields: dict[str, str] | None = None) -> Any:  # fmt: skip
    body = urlencode({
        "token": "legacy", "team_id": TEAM, "team_domain": "techtra", "channel_id": GENERAL,
        "channel_name": "general", "user_id": user, "user_name": user.lower(),
        "command": command, "text": text, "api_app_id": "A1", "is_enterprise_install": "false",
        "response_url": bot.standin.response_url(), "trigger_id": f"trig.{time.monotonic_ns()}",
        **(fields or {}),
    })  # fmt: skip
    sent = {"Content-Type": "application/x-www-form-urlencoded", **sign(body, timestamp),
            **(headers or {})}  # fmt: skip
    return await bot.client.post("/slack/events", data=body, headers=sent)


async def interactive(bot: Bot, payload: dict[str, Any], timestamp: int | None = None) -> Any:
    body = urlencode({"payload": json.dumps(payload)})
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body, timestamp)}
    return await bot.client.post("/slack/events", data=body, headers=headers)


async def event(bot: Bot, inner: dict[str, Any], event_id: str = "Ev1",
                headers: dict[str, str] | None = None) -> Any:  # fmt: skip
    body = json.dumps({
        "token": "legacy", "team_id": TEAM, "api_app_id": "A1", "event": inner,
        "type": "event_callback", "event_id": event_id, "event_time": 1795618800,
        "authorizations": [{"enterprise_id": None, "team_id": TEAM, "user_id": "UBOT",
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
    })  # fmt: skip
    sent = {"Content-Type": "application/json", **sign(body), **(headers or {})}
    return await bot.client.post("/slack/events", data=body, headers=sent)


def block_actions(user: str, value: str) -> dict[str, Any]:
    return {
        "type": "block_actions", "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A1", "token": "legacy",
        "container": {"type": "message", "message_ts": "1700000000.000001",
                      "channel_id": SUPPORT, "is_ephemeral": False},
        "trigger_id": "trig.1", "team": {"id": TEAM, "domain": "techtra"},
        "enterprise": None, "is_enterprise_install": False,
        "channel": {"id": SUPPORT, "name": "support"},
        "message": {"type": "message", "ts": "1700000000.000001", "text": "card"},
        "response_url": "",
        "actions": [{"action_id": "ticket_action:0", "block_id": "card:T-1001",
                     "text": {"type": "plain_text", "text": "Claim"}, "value": value,
                     "style": "primary", "type": "button", "action_ts": "1700000001.1"}],
    }  # fmt: skip


async def tickets(bot: Bot) -> list[Any]:
    store = bot.desk.store
    return await store.get_many(TEAM, await store.members(TEAM, "all"))


# -- slash commands ---------------------------------------------------------------------
async def test_ticket_new_acks_then_answers_in_english(bot: Bot) -> None:
    response = await slash(bot, "new Acme channel=phone printer is down")
    assert response.status == 200
    await bot.drain()
    [answer] = bot.standin.texts("response_url")
    assert "Ticket T-1001 created for Acme (P1)" in answer
    [ticket] = await tickets(bot)
    assert (ticket.id, ticket.state, ticket.requester) == ("T-1001", State.NEW, AGENT)
    assert ticket.channel is Channel.PHONE and ticket.place.channel == SUPPORT
    [ephemeral] = bot.standin.to("response_url")
    assert ephemeral.payload["response_type"] == "ephemeral"


async def test_a_retried_slash_command_spends_one_ticket_number(bot: Bot) -> None:
    """Slack delivers one command three times (its retries, each signed anew): one
    ticket, and the next command gets the next number."""
    body = {"trigger_id": "trig.retried"}
    for attempt in range(3):
        response = await slash(bot, "new Acme printer down", timestamp=int(time.time()) + attempt,
                               fields=body)  # fmt: skip
        assert response.status == 200
    await bot.drain()
    await slash(bot, "new Acme scanner down")
    await bot.drain()
    assert sorted(ticket.id for ticket in await tickets(bot)) == ["T-1001", "T-1002"]


async def test_ticket_answers_in_the_persons_slack_locale(bot: Bot) -> None:
    bot.standin.locales[AGENT] = "fr-CA"
    await slash(bot, "new Acme imprimante en panne")
    await bot.drain()
    [answer] = bot.standin.texts("response_url")
    assert "Billet T-1001 créé pour Acme (P1)" in answer
    assert "Priorité" in answer  # the ticket's facts, in French too


async def test_own_language_setting_beats_the_slack_locale(bot: Bot) -> None:
    bot.standin.locales[AGENT] = "fr-CA"
    await slash(bot, "lang en")
    await bot.drain()  # answered before the next command (both would run at once otherwise)
    await slash(bot, "new Acme printer down")
    await bot.drain()
    assert "Ticket T-1001 created" in bot.standin.texts("response_url")[-1]


async def test_person_without_a_role_is_answered_politely_and_nothing_changes(bot: Bot) -> None:
    response = await slash(bot, "new Acme printer down", user=NOBODY)
    assert response.status == 200
    await bot.drain()
    [answer] = bot.standin.texts("response_url")
    assert "you have no role on this support desk" in answer
    assert await tickets(bot) == []


async def test_forged_or_stale_signature_gets_401_and_changes_nothing(bot: Bot) -> None:
    body = urlencode({"team_id": TEAM, "user_id": AGENT, "command": "/ticket",
                      "text": "new Acme printer down", "channel_id": GENERAL})  # fmt: skip
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    forged = await bot.client.post(
        "/slack/events", data=body, headers={**form, **sign(body, secret="not-the-secret")}
    )
    stale = await bot.client.post(
        "/slack/events", data=body, headers={**form, **sign(body, int(time.time()) - 600)}
    )
    missing = await bot.client.post("/slack/events", data=body, headers=form)
    assert (forged.status, stale.status, missing.status) == (401, 401, 401)
    await bot.drain()
    assert await tickets(bot) == []
    assert bot.standin.calls == []


async def test_queue_for_managers_and_polite_refusal_for_agents(bot: Bot) -> None:
    await slash(bot, "new Acme printer down")
    await bot.drain()  # created before the queue is read (the work after two acks may overlap)
    await slash(bot, "", user=MANAGER, command="/queue")
    await slash(bot, "", user=AGENT, command="/queue")
    await bot.drain()
    answers = bot.standin.texts("response_url")
    assert any("Queue at" in a and "P1: 1 unclaimed" in a for a in answers)
    assert any("only these roles may do that: director, manager" in a for a in answers)


async def test_an_error_after_the_ack_is_logged_and_the_person_told(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.standin.fail("views.open", status=500, retry_after=None)
    response = await slash(bot, "")
    assert response.status == 200  # acknowledged, and it stays so
    await bot.drain()
    assert "Something went wrong on our side" in bot.standin.texts("response_url")[-1]
    assert any(r.exc_info for r in caplog.records if "modal failed" in r.getMessage())


# -- the modal --------------------------------------------------------------------------
async def test_ticket_alone_opens_the_modal_with_the_customer_registry(bot: Bot) -> None:
    bot.standin.locales[AGENT] = "fr-FR"
    await slash(bot, "")
    await bot.drain()
    [opened] = bot.standin.to("views.open")
    view = json.loads(opened.payload["view"]) if isinstance(opened.payload["view"], str) else (
        opened.payload["view"])  # fmt: skip
    assert view["callback_id"] == "ticket_new"
    assert view["title"]["text"] == "Nouveau billet"
    picker = next(b for b in view["blocks"] if b["block_id"] == "customer")
    assert [o["value"] for o in picker["element"]["options"]] == ["acme"]
    assert opened.payload["trigger_id"].startswith("trig.")


def submission(user: str, values: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    def text(v: str) -> dict[str, Any]:
        return {"type": "plain_text_input", "value": v or None}

    def select(v: str) -> dict[str, Any]:
        return {"type": "static_select", "selected_option": {"value": v} if v else None}

    state = {
        "customer": {"customer": select(values.get("customer", ""))},
        "customer_other": {"customer_other": text(values.get("customer_other", ""))},
        "channel": {"channel": select(values.get("channel", "chat"))},
        "product": {"product": text(values.get("product", ""))},
        "version": {"version": text(values.get("version", ""))},
        "language": {"language": select(values.get("language", "en"))},
        "summary": {"summary": text(values.get("summary", ""))},
        "received": {"received": {"type": "datetimepicker",
                                  "selected_date_time": int(values["received"])
                                  if values.get("received") else None}},
    }  # fmt: skip
    return {
        "type": "view_submission", "team": {"id": TEAM, "domain": "techtra"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A1", "token": "legacy", "trigger_id": "trig.2",
        "view": {"id": "VNEW1", "team_id": TEAM, "type": "modal", "callback_id": "ticket_new",
                 "private_metadata": json.dumps({"channel": GENERAL, "lang": lang}),
                 "state": {"values": state}, "hash": "h"},
        "response_urls": [], "is_enterprise_install": False, "enterprise": None,
    }  # fmt: skip


async def test_modal_submission_creates_the_ticket_once(bot: Bot) -> None:
    values = {"customer": "acme", "channel": "email", "language": "fr",
              "summary": "L'export \"PDF\" plante\ndepuis hier", "product": "Ledger",
              "version": "4.2"}  # fmt: skip
    first = await interactive(bot, submission(AGENT, values))
    # a double submit: Slack sends it as a second request (its own timestamp and signature;
    # the same bytes again would be a replay, refused: tests/test_security.py)
    again = await interactive(bot, submission(AGENT, values), int(time.time()) + 1)
    assert (first.status, again.status) == (200, 200)
    await bot.drain()
    [ticket] = await tickets(bot)
    assert (ticket.customer_name, ticket.channel, ticket.lang) == ("Acme", Channel.EMAIL, "fr")
    assert ticket.summary == values["summary"]
    assert (ticket.product, ticket.version) == ("Ledger", "4.2")
    [answer, _] = bot.standin.to("chat.postEphemeral")
    assert answer.payload["channel"] == GENERAL and answer.payload["user"] == AGENT
    assert "Ticket T-1001 created for Acme (P1)" in answer.text


async def test_a_large_registry_is_searched_as_one_types(bot: Bot) -> None:
    for i in range(120):
        await bot.desk.directory.save_customer(TEAM, Customer(f"c{i}", f"Client {i:03d}", "none"))
    await slash(bot, "")
    await bot.drain()
    view = bot.standin.to("views.open")[0].payload["view"]
    view = json.loads(view) if isinstance(view, str) else view
    picker = next(b for b in view["blocks"] if b["block_id"] == "customer")
    assert picker["element"]["type"] == "external_select"
    search = {"type": "block_suggestion", "user": {"id": AGENT, "team_id": TEAM},
              "team": {"id": TEAM, "domain": "techtra"}, "api_app_id": "A1", "token": "legacy",
              "action_id": "customer", "block_id": "customer", "value": "acm",
              "view": {**view, "id": "VNEW2", "state": {"values": {}}}}  # fmt: skip
    response = await interactive(bot, search)
    assert response.status == 200
    options = (await response.json())["options"]
    assert [o["text"]["text"] for o in options] == ["Acme"]
    values = {"summary": "printer down", "customer": options[0]["value"]}
    body = submission(AGENT, values)
    body["view"]["state"]["values"]["customer"]["customer"]["type"] = "external_select"
    await interactive(bot, body)
    await bot.drain()
    [ticket] = await tickets(bot)
    assert (ticket.customer_name, ticket.tier) == ("Acme", "P1")


async def test_modal_without_a_customer_is_sent_back_with_an_error(bot: Bot) -> None:
    response = await interactive(bot, submission(AGENT, {"summary": "x"}, lang="fr"))
    body = await response.json()
    assert body["response_action"] == "errors"
    assert body["errors"]["customer_other"] == "Choisissez un client ou tapez un nom."
    await bot.drain()
    assert await tickets(bot) == []


# -- card buttons -----------------------------------------------------------------------
async def test_claim_button_runs_its_command(bot: Bot) -> None:
    await bot.desk.new_ticket(Actor(TEAM, AGENT, "slack"), "Acme", "printer down")
    response = await interactive(bot, block_actions(AGENT, "ticket claim T-1001"))
    assert response.status == 200
    await bot.drain()
    [ticket] = await tickets(bot)
    assert (ticket.state, ticket.owner) == (State.CLAIMED, AGENT)
    [answer] = bot.standin.to("chat.postEphemeral")
    assert answer.payload["channel"] == SUPPORT
    assert "You claimed T-1001 (Acme)" in answer.text


async def test_button_pressed_by_someone_without_a_role_changes_nothing(bot: Bot) -> None:
    bot.standin.locales[NOBODY] = "fr-CA"
    await bot.desk.new_ticket(Actor(TEAM, AGENT, "slack"), "Acme", "printer down")
    await interactive(bot, block_actions(NOBODY, "ticket claim T-1001"))
    await bot.drain()
    [ticket] = await tickets(bot)
    assert ticket.state is State.NEW
    assert "vous n'avez pas encore de rôle" in bot.standin.answers()[0]


def dialog_submission(user: str, opened: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Slack's view_submission for the dialog it was asked to open, filled in."""
    state: dict[str, Any] = {}
    for block in opened["blocks"]:
        name, kind = block["block_id"], block["element"]["type"]
        answer = answers.get(name, "")
        if kind == "static_select":
            state[name] = {name: {"type": kind, "selected_option": {"value": answer}}}
        else:
            state[name] = {name: {"type": kind, "value": answer or None}}
    return {
        "type": "view_submission", "team": {"id": TEAM, "domain": "techtra"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A1", "token": "legacy", "trigger_id": "trig.3",
        "view": {"id": "VDIALOG1", "team_id": TEAM, "type": "modal",
                 "callback_id": opened["callback_id"],
                 "private_metadata": opened["private_metadata"],
                 "state": {"values": state}, "hash": "h"},
        "response_urls": [], "is_enterprise_install": False, "enterprise": None,
    }  # fmt: skip


async def card_buttons(bot: Bot, ticket: Any, lang: str = "en") -> dict[str, dict[str, Any]]:
    """The buttons of the ticket's card as the worker renders it: label → element."""
    timer = Timer(bot.desk, {})
    [row] = [b for b in card_blocks(timer.card(ticket, lang)) if b["type"] == "actions"]
    return {button["text"]["text"]: button for button in row["elements"]}


async def test_responded_button_opens_a_dialog_and_its_answers_record_the_response(
    bot: Bot,
) -> None:
    ticket = await bot.desk.new_ticket(Actor(TEAM, AGENT, "slack"), "Acme", "printer down")
    bot.standin.locales[AGENT] = "fr-CA"
    button = (await card_buttons(bot, ticket))["Responded"]
    click = block_actions(AGENT, button["value"])
    click["actions"][0].update(action_id=button["action_id"], text=button["text"])
    await interactive(bot, click)
    await bot.drain()
    [opened] = bot.standin.to("views.open")
    view = opened.payload["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "ticket_dialog" and view["title"]["text"] == "Responded"
    labels = [block["label"]["text"] for block in view["blocks"]]
    assert labels == ["Comment vous avez joint le client", "Note"]  # the clicker's language
    assert await tickets(bot) == [ticket]  # a click alone records nothing

    note = 'called back: R&D <urgent> "principal" fixed'
    answers = {"via": "phone", "note": note}
    await interactive(bot, dialog_submission(AGENT, view, answers))
    await bot.drain()
    [after] = await tickets(bot)
    assert (after.first_response_by, after.first_response_via) == (AGENT, "phone")
    assert after.first_response_at == START and after.state is State.NEW  # not a claim
    [answer] = bot.standin.to("chat.postEphemeral")
    assert answer.payload["channel"] == SUPPORT and "T-1001" in answer.text


async def test_a_dialog_left_empty_is_answered_with_the_usage_and_records_nothing(
    bot: Bot,
) -> None:
    ticket = await bot.desk.new_ticket(Actor(TEAM, AGENT, "slack"), "Acme", "printer down")
    button = (await card_buttons(bot, ticket))["Escalate"]
    click = block_actions(AGENT, button["value"])
    click["actions"][0].update(action_id=button["action_id"], text=button["text"])
    await interactive(bot, click)
    await bot.drain()
    view = bot.standin.to("views.open")[0].payload["view"]
    view = json.loads(view) if isinstance(view, str) else view
    await interactive(bot, dialog_submission(AGENT, view, {"reason": "   "}))
    await bot.drain()
    [after] = await tickets(bot)
    assert not after.escalated
    assert "Usage: ticket escalate &lt;T-id&gt;" in bot.standin.answers()[-1]


async def test_modal_received_at_starts_the_clock_when_the_customer_called(bot: Bot) -> None:
    called = START - timedelta(hours=2)  # 08:00 in Montréal: the clock starts at 09:00
    values = {"customer": "acme", "channel": "phone", "summary": "voicemail: server down",
              "received": str(int(called.timestamp()))}  # fmt: skip
    await interactive(bot, submission(AGENT, values))
    await bot.drain()
    [ticket] = await tickets(bot)
    assert ticket.received == called and ticket.logged_at == START
    assert ticket.milestones is not None
    assert ticket.milestones.response_due == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # 11:00
    answer = bot.standin.to("chat.postEphemeral")[0]
    assert "08:00" in answer.text  # the agent is told the clock started then


async def test_modal_received_in_the_future_is_refused_in_the_persons_language(bot: Bot) -> None:
    bot.standin.locales[AGENT] = "fr-CA"
    later = START + timedelta(hours=3)
    values = {"customer": "acme", "summary": "x", "received": str(int(later.timestamp()))}
    await interactive(bot, submission(AGENT, values, lang="fr"))
    await bot.drain()
    assert await tickets(bot) == []
    assert "futur" in bot.standin.answers()[-1]


# -- events -----------------------------------------------------------------------------
def message(text: str, ts: str = "1795618800.000100", channel: str = INTAKE) -> dict[str, Any]:
    return {"type": "message", "channel": channel, "user": "UCUSTOMER", "text": text, "ts": ts,
            "event_ts": ts, "channel_type": "channel"}  # fmt: skip


async def test_intake_message_creates_a_linked_ticket_once_even_when_retried(bot: Bot) -> None:
    bot.standin.names["UCUSTOMER"] = "Jo Tremblay"
    first = await event(bot, message("Acme: the nightly export fails"), "EvM1")
    retry = await event(
        bot,
        message("Acme: the nightly export fails"),
        "EvM1",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert (first.status, retry.status) == (200, 200)
    await bot.drain()
    [ticket] = await tickets(bot)
    assert (ticket.customer_name, ticket.summary) == ("Acme", "the nightly export fails")
    [linked] = bot.standin.to("chat.postMessage")
    assert linked.payload["channel"] == INTAKE
    assert linked.payload["thread_ts"] == "1795618800.000100"
    assert "Ticket T-1001 created for Acme (P1)" in linked.text


async def test_a_ticket_from_a_message_is_received_when_the_message_was_posted(
    bot: Bot,
) -> None:
    posted = START - timedelta(hours=14)  # 20:00 the evening before, read in the morning
    ts = f"{posted.timestamp():.6f}"
    await event(bot, message("Acme: the nightly export fails", ts=ts), "EvM9")
    await bot.drain()
    [ticket] = await tickets(bot)
    assert ticket.received == posted and ticket.logged_at == START
    assert ticket.milestones is not None  # the clock ran from 09:00, not from 10:00
    assert ticket.milestones.response_due == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)


async def test_messages_elsewhere_or_in_threads_are_not_intake(bot: Bot) -> None:
    await event(bot, message("hello", channel=GENERAL), "EvM2")
    reply = {**message("a reply"), "thread_ts": "1795618000.000001"}
    await event(bot, reply, "EvM3")
    await event(bot, {**message("edited"), "subtype": "message_changed"}, "EvM4")
    await bot.drain()
    assert await tickets(bot) == []


async def test_ticket_reaction_creates_a_ticket_from_the_message(bot: Bot) -> None:
    bot.standin.names["UCUSTOMER"] = "Jo Tremblay"
    bot.standin.messages[(GENERAL, "1795618800.000200")] = "the login page is blank"
    reaction = {
        "type": "reaction_added",
        "user": AGENT,
        "reaction": "ticket",
        "item_user": "UCUSTOMER",
        "event_ts": "1795618900.000100",
        "item": {"type": "message", "channel": GENERAL, "ts": "1795618800.000200"},
    }
    await event(bot, reaction, "EvR1")
    await event(bot, reaction, "EvR2")  # the same message again: still one ticket
    await bot.drain()
    [ticket] = await tickets(bot)
    # named after nobody: the poster is not a customer (issue #13)
    assert (ticket.customer_name, ticket.summary) == ("", "the login page is blank")
    assert ticket.unknown_customer and ticket.requester == AGENT
    assert len(bot.standin.to("chat.postMessage")) == 1
    assert "Ticket T-1001 created for unknown customer (P3)" in bot.standin.answers()[0]


async def test_a_linked_channels_message_becomes_that_customers_ticket(bot: Bot) -> None:
    shared = "CACMESHARED"  # a Slack Connect channel with Acme
    await slash(bot, f"customer link Acme <#{shared}|acme-support>", user=MANAGER)
    await bot.drain()
    assert bot.standin.answers()[-1].endswith(f"Requests from {shared} are now Acme's.")
    bot.standin.messages[(shared, "1795618800.000400")] = "the login page is blank"
    reaction = {
        "type": "reaction_added", "user": AGENT, "reaction": "ticket", "item_user": "UJO",
        "event_ts": "1795618900.000100",
        "item": {"type": "message", "channel": shared, "ts": "1795618800.000400"},
    }  # fmt: skip
    await event(bot, reaction, "EvL1")
    await bot.drain()
    [ticket] = await tickets(bot)
    assert (ticket.customer, ticket.tier, ticket.unknown_customer) == ("acme", "P1", False)
    assert ticket.summary == "the login page is blank"


@pytest.mark.parametrize("text", ["Acmeville printer is down", "Unknown Corp something broke"])
async def test_an_intake_message_naming_no_customer_is_an_unknown_senders(
    bot: Bot, text: str
) -> None:
    bot.standin.names["UCUSTOMER"] = "Jo Tremblay"  # never the customer's name
    await event(bot, message(text), "EvU1")
    await bot.drain()
    [ticket] = await tickets(bot)
    assert (ticket.customer, ticket.customer_name, ticket.tier) == ("", "", "P3")
    assert ticket.unknown_customer and ticket.summary == text


async def test_reaction_by_someone_without_a_role_changes_nothing(bot: Bot) -> None:
    bot.standin.messages[(GENERAL, "1795618800.000300")] = "help"
    reaction = {
        "type": "reaction_added",
        "user": NOBODY,
        "reaction": "ticket",
        "item_user": "UCUSTOMER",
        "event_ts": "1795618900.000200",
        "item": {"type": "message", "channel": GENERAL, "ts": "1795618800.000300"},
    }
    await event(bot, reaction, "EvR3")
    await event(bot, {**reaction, "reaction": "eyes", "user": AGENT}, "EvR4")
    await bot.drain()
    assert await tickets(bot) == []
    assert "you have no role" in bot.standin.answers()[0]


async def test_mention_accepts_the_same_commands(bot: Bot) -> None:
    await bot.desk.new_ticket(Actor(TEAM, AGENT, "slack"), "Acme", "printer down")
    bot.standin.locales[AGENT] = "fr-CA"
    mention = {
        "type": "app_mention",
        "user": AGENT,
        "text": "<@UBOT> ticket claim T-1001",
        "ts": "1795618800.000400",
        "channel": SUPPORT,
        "event_ts": "1795618800.000400",
    }
    await event(bot, mention, "EvA1")
    await event(bot, mention, "EvA1", headers={"X-Slack-Retry-Num": "1"})
    await bot.drain()
    [ticket] = await tickets(bot)
    assert ticket.owner == AGENT
    [answer] = bot.standin.to("chat.postEphemeral")
    assert "Vous avez pris T-1001 (Acme)" in answer.text


async def test_a_manager_grants_a_role_by_mentioning_the_person(bot: Bot) -> None:
    mention = {"type": "app_mention", "user": MANAGER, "channel": SUPPORT,
               "text": "<@UBOT> role add <@UNEW|newbie> senior", "ts": "1795618800.000600",
               "event_ts": "1795618800.000600"}  # fmt: skip
    await event(bot, mention, "EvA7")
    await slash(bot, "role add <@UNEW2|other> agent", user=MANAGER)
    await bot.drain()
    assert {r.value for r in await bot.desk.directory.roles_of(TEAM, "UNEW")} == {"senior"}
    assert {r.value for r in await bot.desk.directory.roles_of(TEAM, "UNEW2")} == {"agent"}
    assert not any("Usage" in answer for answer in bot.standin.answers())


async def test_text_slack_encodes_is_read_once_and_shown_once(bot: Bot) -> None:
    typed = 'R&D <urgent> le serveur "principal" est en panne'
    encoded = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    await slash(bot, f"new Acme {encoded}")
    await bot.drain()
    [ticket] = await tickets(bot)
    assert ticket.summary == typed
    notifier = SlackNotifier(web_client("xoxb-test", bot.standin.api_url))
    card = Timer(bot.desk, {}).card(ticket, "en")
    await notifier.show_card(card, None)
    [posted] = bot.standin.to("chat.postMessage")
    headline = posted.payload["text"]  # what Slack shows, once decoded: what was typed
    assert encoded in headline and "&amp;amp;" not in json.dumps(posted.payload)


async def test_app_home_shows_my_tickets_and_the_queue_for_managers(bot: Bot) -> None:
    actor = Actor(TEAM, AGENT, "slack")
    await bot.desk.new_ticket(actor, "Acme", "printer down")
    await bot.desk.new_ticket(actor, "Acme", "scanner down")
    await bot.desk.handle(actor, "ticket claim T-1001")
    bot.standin.locales[MANAGER] = "fr-CA"
    for user, event_id in ((AGENT, "EvH1"), (MANAGER, "EvH2"), (NOBODY, "EvH3")):
        home = {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home",
                "event_ts": "1795618800.000500"}  # fmt: skip
        await event(bot, home, event_id)
    await bot.drain()
    views = {call.payload["user_id"]: call for call in bot.standin.to("views.publish")}
    agent, manager, nobody = views[AGENT], views[MANAGER], views[NOBODY]
    assert "My tickets" in agent.text and "T-1001 P1 Acme — claimed @UAGENT" in agent.text
    assert "Head of the queue" in agent.text and "T-1002 P1 Acme — unclaimed" in agent.text
    assert "The queue" not in agent.text
    assert "Mes billets" in manager.text and "La file" in manager.text
    assert "File au" in manager.text
    assert "no role" in nobody.text


# -- the notifier -----------------------------------------------------------------------
def card(ticket: Any) -> Card:
    return Card(
        ticket,
        "fr",
        "T-1001 · P1 · Acme — imprimante",
        (("Priorité", "P1"),),
        (Action("Prendre", "ticket claim T-1001", "primary"),),
    )


async def test_notifier_posts_updates_in_place_and_threads(bot: Bot) -> None:
    ticket = await bot.desk.new_ticket(Actor(TEAM, AGENT, "slack"), "Acme", "printer down")
    notifier = SlackNotifier(web_client("xoxb-test", bot.standin.api_url))
    ref = await notifier.show_card(card(ticket), None)
    [posted] = bot.standin.to("chat.postMessage")
    assert posted.payload["channel"] == SUPPORT
    assert ref.startswith(f"{SUPPORT}:1700000000.")
    blocks = posted.payload["blocks"]
    button = blocks[-1]["elements"][0]
    assert (button["value"], button["text"]["text"]) == ("ticket claim T-1001", "Prendre")
    assert await notifier.show_card(card(ticket), ref) == ref
    [updated] = bot.standin.to("chat.update")
    assert (updated.payload["channel"], updated.payload["ts"]) == tuple(ref.split(":"))
    await notifier.post(Notice(ticket, "fr", "Rappel", mentions=("U1", "U2")), ref)
    thread = bot.standin.to("chat.postMessage")[-1]
    assert thread.payload["thread_ts"] == ref.split(":")[1]
    assert thread.payload["text"] == "<@U1> <@U2> Rappel"


async def test_notifier_turns_slack_refusals_into_notify_errors(bot: Bot) -> None:
    ticket = await bot.desk.new_ticket(Actor(TEAM, AGENT, "slack"), "Acme", "printer down")
    notifier = SlackNotifier(web_client("xoxb-test", bot.standin.api_url, rate_limit_retries=0))
    bot.standin.fail("chat.postMessage", status=429, retry_after="7")
    with pytest.raises(NotifyError) as limited:
        await notifier.show_card(card(ticket), None)
    assert limited.value.retry_after == 7.0
    bot.standin.fail("chat.update", status=500, retry_after=None)
    with pytest.raises(NotifyError) as broken:
        await notifier.show_card(card(ticket), f"{SUPPORT}:1.2")
    assert broken.value.retry_after is None


async def test_rate_limits_are_retried_by_slack_sdk(bot: Bot) -> None:
    ticket = await bot.desk.new_ticket(Actor(TEAM, AGENT, "slack"), "Acme", "printer down")
    notifier = SlackNotifier(web_client("xoxb-test", bot.standin.api_url, rate_limit_retries=1))
    bot.standin.fail("chat.postMessage", status=429, retry_after="0")
    ref = await notifier.show_card(card(ticket), None)
    assert ref.startswith(f"{SUPPORT}:")
    assert len(bot.standin.to("chat.postMessage")) == 2
