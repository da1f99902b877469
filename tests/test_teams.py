"""The Teams door end to end: activities shaped like Teams' documented ones, with Bot
Framework tokens signed by a locally generated RSA key, go through the real
``/api/messages`` (the Agents SDK's JWT validation and CloudAdapter); the desk runs on a
real redis-server; replies, card updates and proactive posts reach a local stand-in of the
Bot Connector service, whose received activities we assert. Timers run in a real RQ
worker process.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from microsoft_agents.hosting.core import AgentAuthConfiguration

from bot.clock import ManualClock
from bot.desk import Desk
from bot.directory import Customer
from bot.notify import NotifyError
from bot.tickets import State
from handlers.teams_notifier import TeamsNotifier
from handlers.teams_render import strip_mentions
from handlers.web import DESK, WebConfig, build_web_app
from tests.redis_server import RedisServer
from tests.teams_standin import (
    CLIENT_ID,
    CONNECTOR_TOKEN,
    TENANT,
    Posted,
    StandInTokens,
    TeamsStandIn,
    trust,
)

from handlers.teams_app import TeamsConfig  # isort: skip

CHANNEL = "19:support0000@thread.tacv2"
PERSONAL = "a:1personalchat"
BOT = {"id": "28:" + CLIENT_ID, "name": "supportbot"}
AGENT = {"id": "29:agent-teams-id", "name": "Ana Tremblay", "aadObjectId": "aad-agent"}
SENIOR = {"id": "29:senior-teams-id", "name": "Sam Roy", "aadObjectId": "aad-senior"}
MANAGER = {"id": "29:manager-teams-id", "name": "Max Gagnon", "aadObjectId": "aad-manager"}
STRANGER = {"id": "29:stranger", "name": "Nobody", "aadObjectId": "aad-stranger"}
# Wednesday 2026-11-25 10:00 in Montréal: the desk is open.
START = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
_ids = itertools.count(1)


@dataclass
class Bot:
    client: TestClient[Any, Any]
    standin: TeamsStandIn
    desk: Desk
    clock: ManualClock
    redis_url: str

    async def tickets(self) -> list[Any]:
        store = self.desk.store
        return await store.get_many(TENANT, await store.members(TENANT, "all"))

    async def run_timers(self) -> None:
        """Run every timer due at the bot's clock in a real RQ worker process."""
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.teams_standin", self.redis_url,
            self.clock.now().isoformat(),
        )  # fmt: skip
        assert await asyncio.wait_for(process.wait(), 60) == 0


@pytest.fixture
async def standin() -> AsyncIterator[TeamsStandIn]:
    server = TeamsStandIn()
    await server.start()
    with trust(server):
        yield server
    await server.close()


def teams_config(**changes: Any) -> TeamsConfig:
    base = {"client_id": CLIENT_ID, "client_secret": "never-logged", "tenant_id": TENANT}
    return TeamsConfig(**{**base, **changes})


async def start_bot(redis_server: RedisServer, standin: TeamsStandIn, teams: TeamsConfig) -> Bot:
    clock = ManualClock(START)
    config = WebConfig(bot_token="", redis_url=redis_server.url, teams=teams)
    app = build_web_app(config, clock=clock, teams_tokens=StandInTokens)
    client = TestClient(TestServer(app))
    await client.start_server()
    desk = app[DESK]
    await desk.directory.seed_roles(TENANT, {"agent": ["aad-agent"], "senior": ["aad-senior"],
                                             "manager": ["aad-manager"]})  # fmt: skip
    await desk.directory.save_customer(TENANT, Customer("acme", "Acme", "contract", "en"))
    return Bot(client, standin, desk, clock, redis_server.url)


@pytest.fixture
async def bot(
    redis_server: RedisServer, redis_client: redis.Redis, standin: TeamsStandIn
) -> AsyncIterator[Bot]:
    started = await start_bot(redis_server, standin, teams_config())
    yield started
    await started.client.close()


def activity(bot: Bot, text: str = "", sender: dict[str, str] = AGENT, locale: str = "en-US",
             conversation: str = CHANNEL, **extra: Any) -> dict[str, Any]:  # fmt: skip
    """A message as Teams sends it; in a channel the bot's @mention comes first."""
    in_channel = conversation == CHANNEL
    shown = f"<at>supportbot</at> {text}" if in_channel and text else text
    body: dict[str, Any] = {
        "type": "message", "id": f"1700000000{next(_ids):03d}", "channelId": "msteams",
        "serviceUrl": bot.standin.url, "timestamp": "2026-11-25T15:00:00.000Z",
        "locale": locale, "text": shown, "textFormat": "plain",
        "from": sender, "recipient": BOT,
        "conversation": {"id": conversation, "tenantId": TENANT,
                         "conversationType": "channel" if in_channel else "personal",
                         **({"isGroup": True} if in_channel else {})},
        "channelData": {"tenant": {"id": TENANT},
                        **({"teamsChannelId": CHANNEL,
                            "team": {"id": "19:team@thread.tacv2"}} if in_channel else {})},
        "entities": ([{"type": "mention", "text": "<at>supportbot</at>", "mentioned": BOT}]
                     if in_channel else []),
    }  # fmt: skip
    body.update(extra)
    return body


async def send(bot: Bot, body: dict[str, Any], token: str | None = "valid") -> Any:
    headers = {"Content-Type": "application/json"}
    if token == "valid":
        token = bot.standin.token()
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return await bot.client.post("/api/messages", json=body, headers=headers)


def replies(bot: Bot) -> list[Posted]:
    return [p for p in bot.standin.posted if p.activity_id and p.method == "POST"]


# -- messages ---------------------------------------------------------------------------
async def test_mention_in_a_channel_creates_a_ticket_and_answers_in_french(bot: Bot) -> None:
    response = await send(bot, activity(bot, "ticket new Acme le serveur est en panne",
                                        locale="fr-CA"))  # fmt: skip
    assert response.status in (200, 201, 202)
    [ticket] = await bot.tickets()
    assert ticket.summary == "le serveur est en panne"
    assert (ticket.place.platform, ticket.place.channel) == ("teams", CHANNEL)
    assert ticket.requester == "aad-agent"
    [reply] = replies(bot)
    assert reply.conversation == CHANNEL
    assert reply.authorization == f"Bearer {CONNECTOR_TOKEN}"
    assert "Billet T-1001 créé" in reply.text and "Acme" in reply.text
    assert "Priorité" in reply.text and "Responsable" in reply.text  # the facts, in French


async def test_personal_chat_without_mention_and_the_persons_own_language(bot: Bot) -> None:
    await send(bot, activity(bot, "lang fr", conversation=PERSONAL))
    await send(bot, activity(bot, "help", conversation=PERSONAL, locale="en-US"))
    last = replies(bot)[-1]
    assert last.conversation == PERSONAL
    assert "Commandes" in last.text or "commandes" in last.text


async def test_managers_queue_view_is_a_card(bot: Bot) -> None:
    await send(bot, activity(bot, "ticket new Acme printer down"))
    await send(bot, activity(bot, "queue", sender=MANAGER, conversation=PERSONAL))
    card = replies(bot)[-1]
    [attachment] = card.activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert "The queue" in card.text and "T-1001" in card.text and "P1" in card.text


async def test_card_submit_claims_the_ticket(bot: Bot) -> None:
    await send(bot, activity(bot, "ticket new Acme printer down"))
    click = activity(bot, "", value={"command": "ticket claim T-1001"}, replyToId="act-card")
    await send(bot, click)
    [ticket] = await bot.tickets()
    assert (ticket.state, ticket.owner) == (State.CLAIMED, "aad-agent")
    assert "T-1001" in replies(bot)[-1].text


async def test_adaptive_card_invoke_answers_in_the_invoke_response(bot: Bot) -> None:
    await send(bot, activity(bot, "ticket new Acme printer down"))
    invoke = activity(bot, "", type="invoke", name="adaptiveCard/action",
                      value={"action": {"type": "Action.Execute", "verb": "desk",
                                        "data": {"command": "ticket claim T-1001"}}})  # fmt: skip
    response = await send(bot, invoke)
    assert response.status == 200
    body = await response.json()
    assert body["statusCode"] == 200 and "T-1001" in body["value"]
    [ticket] = await bot.tickets()
    assert ticket.owner == "aad-agent"


@pytest.mark.parametrize("action", ["x", None, [], 5])
async def test_a_card_invoke_whose_action_is_not_an_object_is_answered(
    bot: Bot, action: object
) -> None:
    """The Bot Framework schema lets ``value`` hold any JSON: a card action that is not an
    object carries no command, and the invoke is answered (never a 500), changing nothing."""
    await send(bot, activity(bot, "ticket new Acme printer down"))
    invoke = activity(bot, "", type="invoke", name="adaptiveCard/action",
                      value={"action": action})  # fmt: skip
    response = await send(bot, invoke)
    assert response.status == 200
    body = await response.json()
    assert body["statusCode"] == 200 and "ticket" in body["value"]
    [ticket] = await bot.tickets()
    assert ticket.state is State.NEW


async def test_someone_without_a_role_is_told_so_and_nothing_changes(bot: Bot) -> None:
    await send(bot, activity(bot, "ticket new Acme printer down", sender=STRANGER,
                             locale="fr-FR"))  # fmt: skip
    assert await bot.tickets() == []
    assert "rôle" in replies(bot)[-1].text


async def test_bot_added_to_a_team_says_hello_and_remembers_the_conversation(bot: Bot) -> None:
    update = activity(bot, "", type="conversationUpdate", membersAdded=[BOT], locale="fr-CA")
    del update["text"]
    await send(bot, update)
    [hello] = [p for p in bot.standin.posted if p.conversation == CHANNEL]
    assert "Bonjour" in hello.text
    reference = await bot.desk.store.redis.hget(f"sb:{{{TENANT}}}:conversations", CHANNEL)
    assert bot.standin.url in reference


# -- authentication ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        ({"key": rsa.generate_private_key(public_exponent=65537, key_size=2048)},
         "InvalidSignatureError"),
        ({"aud": "someone-else"}, "audience not accepted"),
        ({"iss": "https://api.botframework.us"}, "issuer not accepted"),
        ({"exp": 1_700_000_000}, "ExpiredSignatureError"),
    ],
    ids=["bad-signature", "wrong-audience", "wrong-issuer", "expired"],
)  # fmt: skip
async def test_bad_tokens_are_refused_and_nothing_changes(
    bot: Bot, spoil: dict[str, Any], reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        response = await send(bot, activity(bot, "ticket new Acme printer down"),
                              token=bot.standin.token(**spoil))  # fmt: skip
    assert response.status == 401
    assert reason in caplog.text  # refused for that reason, not another
    assert await bot.tickets() == []
    assert bot.standin.posted == []


async def test_no_token_is_refused_unless_anonymous_is_enabled(
    bot: Bot, redis_server: RedisServer, standin: TeamsStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    response = await send(bot, activity(bot, "ticket new Acme printer down"), token=None)
    assert response.status == 401
    assert await bot.tickets() == []
    with caplog.at_level(logging.WARNING):
        local = await start_bot(redis_server, standin,
                                teams_config(client_id="", allow_anonymous=True))  # fmt: skip
    try:
        assert "local development only" in caplog.text
        response = await send(local, activity(local, "ticket new Acme printer down"), None)
        assert response.status in (200, 201, 202)
        assert len(await local.tickets()) == 1
    finally:
        await local.client.close()


async def test_the_new_ticket_dialog_searches_customers_and_back_dates(bot: Bot) -> None:
    await send(bot, activity(bot, "ticket new", locale="fr-CA"))
    [button] = replies(bot)[-1].activity["attachments"][0]["content"]["actions"]
    assert button["data"]["msteams"] == {"type": "task/fetch"}
    fetch = activity(bot, "", type="invoke", name="task/fetch", locale="fr-CA",
                     value={"data": button["data"]})  # fmt: skip
    response = await send(bot, fetch)
    task = (await response.json())["task"]
    assert task["type"] == "continue" and task["value"]["title"] == "Nouveau billet"
    inputs = {i["id"]: i for i in task["value"]["card"]["content"]["body"]}
    assert inputs["customer"]["choices.data"] == {"type": "Data.Query", "dataset": "customers"}
    for i in range(150):  # a registry Teams could not list in a card
        await bot.desk.directory.save_customer(TENANT, Customer(f"c{i}", f"Client {i}", "none"))
    search = activity(bot, "", type="invoke", name="application/search",
                      value={"queryText": "acm", "dataset": "customers"})  # fmt: skip
    found = await (await send(bot, search)).json()
    assert found["value"]["results"] == [{"title": "Acme", "value": "acme"}]

    form = {"dialog": "new-ticket", "customer": "acme", "channel": "phone", "received": "09:00",
            "summary": 'messagerie : le serveur "principal" est en panne'}  # fmt: skip
    submit = activity(bot, "", type="invoke", name="task/submit", locale="fr-CA",
                      value={"data": form})  # fmt: skip
    done = (await (await send(bot, submit)).json())["task"]
    assert done["type"] == "message" and "Billet T-1001 créé" in done["value"]
    [ticket] = await bot.tickets()
    assert ticket.summary == form["summary"] and ticket.tier == "P1"
    assert ticket.received == START - timedelta(hours=1)  # 09:00 in Montréal
    assert ticket.milestones is not None
    assert ticket.milestones.response_due == START + timedelta(hours=1)


async def test_an_activity_from_another_tenant_is_refused(bot: Bot) -> None:
    other = "0b0b0b0b-0000-4000-8000-000000000002"
    body = activity(bot, "ticket new Acme printer down", sender=MANAGER)
    body["conversation"]["tenantId"] = other
    body["channelData"]["tenant"]["id"] = other
    response = await send(bot, body)
    assert response.status == 403
    assert await bot.tickets() == [] and replies(bot) == []


@pytest.mark.parametrize("channel_data", [True, "tenant", ["x"], {"tenant": "x"}])
async def test_free_form_channel_data_is_read_only_where_it_is_an_object(
    bot: Bot, channel_data: object
) -> None:
    """The schema lets ``channelData`` hold any JSON: with no tenant anywhere the activity is
    refused (403, not a 500); with ours in ``conversation`` it is served."""
    body = activity(bot, "ticket new Acme printer down", sender=MANAGER)
    del body["conversation"]["tenantId"]
    body["channelData"] = channel_data
    assert (await send(bot, body)).status == 403
    assert await bot.tickets() == [] and replies(bot) == []
    body["conversation"]["tenantId"] = TENANT
    assert (await send(bot, body)).status < 300
    [ticket] = await bot.tickets()
    assert ticket.summary == "printer down"


async def test_a_body_that_is_not_an_activity_is_a_400(bot: Bot) -> None:
    response = await send(bot, {"type": 42, "conversation": "nope"})
    assert response.status == 400
    assert await bot.tickets() == []


# -- timers through the worker ----------------------------------------------------------
async def test_card_reminder_and_senior_page_reach_the_tickets_conversation(bot: Bot) -> None:
    await send(bot, activity(bot, "help", sender=SENIOR))  # Teams now knows how to mention Sam
    await send(bot, activity(bot, "ticket new Acme server down"))
    await bot.run_timers()
    [card] = [p for p in bot.standin.posted if p.method == "POST" and not p.activity_id]
    assert card.conversation == CHANNEL
    assert "T-1001" in card.text and "ticket claim T-1001" in card.commands
    assert card.authorization == f"Bearer {CONNECTOR_TOKEN}"
    card_id = "act-" + str(bot.standin.posted.index(card) + 1)

    bot.clock.set(START + timedelta(hours=1, minutes=30))  # 30 min before the deadline
    await bot.run_timers()
    thread = f"{CHANNEL};messageid={card_id}"
    [reminder] = [p for p in bot.standin.posted if p.conversation == thread]
    assert "T-1001" in reminder.text and "<at>Ana Tremblay</at>" in reminder.text
    assert reminder.mentions == ["29:agent-teams-id"]

    bot.clock.set(START + timedelta(hours=2, minutes=1))  # breached: seniors paged
    await bot.run_timers()
    pages = [
        p
        for p in bot.standin.posted
        if p.conversation == thread and p.mentions == ["29:senior-teams-id"]
    ]
    assert len(pages) == 1 and "<at>Sam Roy</at>" in pages[0].text
    updates = [p for p in bot.standin.posted if p.method == "PUT"]
    assert updates and updates[-1].activity_id == card_id
    [ticket] = await bot.tickets()
    assert ticket.escalated


async def test_a_claim_updates_the_card_in_place(bot: Bot) -> None:
    await send(bot, activity(bot, "ticket new Acme server down"))
    await bot.run_timers()
    await send(bot, activity(bot, "ticket claim T-1001"))
    await bot.run_timers()
    [update] = [p for p in bot.standin.posted if p.method == "PUT"]
    assert "Ana" in update.text or "aad-agent" in update.text
    assert "ticket release T-1001" in update.commands


async def test_responded_on_the_card_asks_how_and_records_the_response(bot: Bot) -> None:
    await send(bot, activity(bot, "help", sender=SENIOR))  # Teams knows how to mention Sam
    await send(bot, activity(bot, "ticket new Acme server down"))
    await bot.run_timers()
    [card] = [p for p in bot.standin.posted if p.method == "POST" and not p.activity_id]
    data, inputs = card.buttons["Responded"]
    assert inputs == ["via", "note"] and data["command"] == "ticket respond T-1001"
    bot.clock.set(START + timedelta(minutes=40))
    # Teams sends the Send button's data with what was typed in the inputs beside it
    filled = {**data, "via": "email", "note": 'sent the "principal" fix'}
    await send(bot, activity(bot, "", value=filled, replyToId="act-card", locale="fr-CA"))
    [ticket] = await bot.tickets()
    assert (ticket.first_response_by, ticket.first_response_via) == ("aad-agent", "email")
    assert ticket.first_response_at == START + timedelta(minutes=40)
    assert ticket.state is State.NEW  # answered, still nobody's: claiming is another step
    assert "T-1001" in replies(bot)[-1].text

    bot.clock.set(START + timedelta(hours=2, minutes=1))  # past the 2 hours: nobody paged
    await bot.run_timers()
    paged = [p for p in bot.standin.posted if p.mentions == ["29:senior-teams-id"]]
    assert paged == []


async def test_a_manager_grants_a_role_by_mentioning_the_person(bot: Bot) -> None:
    await send(bot, activity(bot, "help", sender=SENIOR))  # Teams has seen Sam: his ids
    sam = {"id": SENIOR["id"], "name": SENIOR["name"]}  # what a mention carries
    body = activity(bot, "role add <at>Sam Roy</at> manager", sender=MANAGER)
    body["entities"].append({"type": "mention", "text": "<at>Sam Roy</at>", "mentioned": sam})
    await send(bot, body)
    roles = await bot.desk.directory.roles_of(TENANT, "aad-senior")
    assert {role.value for role in roles} == {"senior", "manager"}
    assert "manager" in replies(bot)[-1].text and "usage" not in replies(bot)[-1].text.lower()


async def test_text_with_markup_characters_is_kept_as_typed(bot: Bot) -> None:
    await send(bot, activity(bot, 'ticket new Acme R&amp;D &lt;urgent&gt; le serveur "principal"'))
    [ticket] = await bot.tickets()
    assert ticket.summary == 'R&D <urgent> le serveur "principal"'


# -- the notifier against platform faults -----------------------------------------------
async def test_rate_limits_and_server_errors_become_retryable_notify_errors(bot: Bot) -> None:
    await send(bot, activity(bot, "ticket new Acme server down"))
    [ticket] = await bot.tickets()
    tokens = StandInTokens(AgentAuthConfiguration(client_id=CLIENT_ID))
    notifier = TeamsNotifier(bot.redis_url, tokens)
    from bot.notify import Card

    card = Card(ticket, "en", "T-1001 headline", (("Tier", "P1"),))
    bot.standin.fail_next(429, "7")
    with pytest.raises(NotifyError) as limited:
        await notifier.show_card(card, None)
    assert limited.value.retry_after == 7.0
    bot.standin.fail_next(500)
    with pytest.raises(NotifyError):
        await notifier.show_card(card, None)
    ref = await notifier.show_card(card, None)
    assert CHANNEL in ref


def test_mentions_are_stripped_from_commands() -> None:
    assert strip_mentions("<at>supportbot</at> ticket claim T-1001") == "ticket claim T-1001"
    assert strip_mentions("<at>Support Bot</at>\n queue &amp; more") == "queue & more"


# -- the app package --------------------------------------------------------------------
def test_teams_package_is_a_valid_upload(tmp_path: Any) -> None:
    import json
    import struct
    import subprocess
    import zipfile

    out = tmp_path / "app.zip"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "teams-package", "--out", str(out),
         "--client-id", CLIENT_ID, "--host", "bot.techtra.example"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == [
            "color.png", "fr-ca.json", "manifest.json", "outline.png"
        ]  # fmt: skip
        manifest = json.loads(package.read("manifest.json"))
        french = json.loads(package.read("fr-ca.json"))
        sizes = {name: struct.unpack(">II", package.read(name)[16:24])
                 for name in ("color.png", "outline.png")}  # fmt: skip
    assert manifest["id"] == manifest["bots"][0]["botId"] == CLIENT_ID
    assert manifest["validDomains"] == ["bot.techtra.example"]
    assert len(manifest["description"]["short"]) <= 80
    assert "Billets de soutien" in french["description.short"]
    assert sizes == {"color.png": (192, 192), "outline.png": (32, 32)}
    for command in manifest["bots"][0]["commandLists"][0]["commands"]:
        assert len(command["title"]) <= 32 and len(command["description"]) <= 128


def test_teams_package_refuses_a_client_id_that_is_not_a_guid(tmp_path: Any) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "teams-package", "--out", str(tmp_path / "x.zip"),
         "--client-id", "my-bot", "--host", "bot.techtra.example"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "“my-bot” is not a Teams client id" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x.zip").exists()
