"""Bad input, property-based: whatever a person types, whatever Slack or Teams delivers,
the desk answers with a sentence from the catalog and changes nothing it refused.

Three layers, each with hypothesis:

- the grammar (``bot.commands.parse``): any text, from every Unicode plane, with control
  characters, lone surrogates and texts past ``MAX_TEXT``;
- the desk (``Desk.handle``), for people with every role, no role, or only some: never an
  exception, never the "something went wrong" sentence, never internal text, and the
  workspace's keys byte for byte the same when the answer is a refusal;
- the HTTP doors: correctly signed bodies at ``/slack/events`` (malformed forms, wrong
  content types, bad JSON, missing fields, huge bodies) and malformed activities with a
  valid token at ``/api/messages``: never a 5xx, and nothing a person reads (the Slack
  stand-in's calls, the Teams stand-in's posts, the HTTP bodies) shows internal text.

Example counts come from the hypothesis profile (``tests/conftest.py``): the default runs
in CI; ``pytest tests/test_fuzz.py --hypothesis-profile=long`` runs ten times more.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest
import redis
import redis.asyncio as aioredis
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.catalog import CATALOG
from bot.clock import ManualClock
from bot.commands import GROUPS, MAX_TEXT, VERBS, Command, parse
from bot.desk import Actor, Desk
from bot.directory import Customer
from bot.errors import UsageError
from bot.i18n import t
from bot.notify import Card
from bot.policy import Policy
from bot.presenter import facts, headline
from bot.roles import Role
from bot.sla import Sla
from bot.store import Store
from bot.versions import Release
from handlers.slack_notifier import SlackNotifier, web_client
from tests.doors import FORM, Door, raw_redis, slack_app, teams_app, workspace_dump
from tests.redis_server import RedisServer
from tests.slack_standin import slack_signed
from tests.teams_standin import TENANT, TeamsStandIn, trust
from tests.test_teams import CHANNEL, activity, send, teams_config
from tests.test_teams import MANAGER as TEAMS_MANAGER
from tests.test_teams import STRANGER as TEAMS_STRANGER

WS = "T0FUZZ"
START = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thursday 10:00 in Montréal: open


def scaled(base: int) -> settings:
    """``base`` examples under the default profile (100 examples a test), proportionally
    more under ``--hypothesis-profile=long`` (tests/conftest.py)."""
    return settings(
        max_examples=base * max(1, settings.default.max_examples // 100),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large],
    )  # fmt: skip


# -- what a person must never read ---------------------------------------------------------
INTERNAL = (
    "Traceback", "Exception", "KeyError", "ValueError", "TypeError", "AttributeError",
    "IndexError", "UnicodeEncodeError", "UnicodeDecodeError", "JSONDecodeError",
    "RedisError", "ResponseError", "ValidationError", "NoneType", 'File "', ".py\"",
    ".py,", "site-packages", "/work/", " object at 0x", "<class ", "<bound method",
    "Lua", "ERR ", "WRONGTYPE",
)  # fmt: skip
SLACK_SPECIALS = re.compile(r"<[!@#]")  # <!channel>, <!here>, <@U…>, <#C…> in mrkdwn


def leaks(shown: str, given: str = "") -> list[str]:
    """Internal markers in ``shown`` that the person did not type themselves."""
    return [marker for marker in INTERNAL if marker in shown and marker not in given]


def test_no_catalog_sentence_looks_internal() -> None:
    """The markers are sound: no sentence of the catalog contains one."""
    for key, entry in CATALOG.items():
        for text in entry.values():
            assert leaks(text) == [], key


# -- text a person can type ----------------------------------------------------------------
EVERY_CHARACTER = st.characters(exclude_categories=())  # all planes, controls, surrogates
NASTY = [
    "'; DROP TABLE tickets; --", "\" OR 1=1 --", "<!channel>", "<!here|here>", "<!everyone>",
    "<@U0BOSS>", "<#C0SUPPORT|support>", "{id}", "{0}", "{customer.__class__}", "{{}}", "}{",
    "%s%s%n", "%(id)s", "${jndi:ldap://x}", "redis.call('FLUSHALL')",
    "EVAL \"return redis.call('flushall')\" 0", "*1\r\n$8\r\nFLUSHALL\r\n", "KEYS *",
    "sb:{T0FUZZ}:t:000001001", "'", '"', "\"\"", "'\"'", "\\", "\\\"", "`", "```", "*bold*",
    "../../etc/passwd", "<script>alert(1)</script>", "&amp;", "&lt;!channel&gt;", "\x00",
    "\u202e", "\ufeff", "\u200b", "\ud800", "\udfff", "🎫", "𝕋-1001", "T-0", "T-1001",
    "T-999999999", "T-1234567890", "-1", "1e9", "NaN", "None", "null", "[]", "{}", "=", "==",
    "channel=", "channel=fax", "lang=de", "name=", "product=P", "version=", "entitlement=",
    "after_hours=peut-être", "received=yesterday", "2026-02-30", "9999-12-31", "0000-00-00",
    "override", "documentation", "defect", "satisfied", "mine", "all", "@boss", "boss",
    "agent", "manager", "director", "senior", "wizard", "\n", "\t", "\r\n", " ",
]  # fmt: skip
COMMANDS = (
    [""]
    + [g for g in GROUPS if g not in VERBS]
    + [f"{g} {v}" for g, verbs in VERBS.items() for v in verbs]
)
words = st.one_of(st.sampled_from(NASTY), st.text(EVERY_CHARACTER, max_size=12))
phrases = st.lists(words, max_size=12).map(" ".join)
texts = st.one_of(
    st.text(EVERY_CHARACTER, max_size=200),
    st.tuples(st.sampled_from(COMMANDS), phrases).map(" ".join),
    st.tuples(st.sampled_from(COMMANDS), st.sampled_from(NASTY), phrases).map(" ".join),
    # around the length limit: a command followed by a long run of one fragment
    st.tuples(st.sampled_from(COMMANDS), words, st.integers(1, MAX_TEXT + 200)).map(
        lambda p: f"{p[0]} {(p[1] or 'x') * (p[2] // max(1, len(p[1] or 'x')))}"
    ),
)


# -- the grammar -----------------------------------------------------------------------------
@scaled(300)
@given(texts)
@example("ticket new \ud800 \x00 summary")
@example("customer import\n\"unbalanced,contract\n'")
@example("x" * (MAX_TEXT + 1))
def test_parse_gives_a_command_or_a_usage_error(text: str) -> None:
    try:
        command = parse(text)
    except UsageError as error:
        assert error.params["command"] in CATALOG
        for name in ("word", "value"):
            assert len(str(error.params.get(name, ""))) <= 40
        return
    assert isinstance(command, Command)
    assert command.group in GROUPS and (not command.verb or command.verb in VERBS[command.group])
    assert all(ch.isprintable() or ch in "\n\t" for ch in command.raw)
    assert all(ch.isprintable() or ch in "\n\t" for arg in command.args for ch in arg)


# -- the desk --------------------------------------------------------------------------------
def valid_unicode(text: str) -> bool:
    """False for a lone surrogate (JSON can carry one as "\\ud800"; Redis cannot store it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


PEOPLE = {
    "boss": {Role.AGENT, Role.SENIOR, Role.MANAGER, Role.DIRECTOR},
    "ana": {Role.AGENT},
    "sam": {Role.SENIOR},
}


@pytest.fixture
async def raw(redis_server: RedisServer) -> AsyncIterator[aioredis.Redis]:
    async with raw_redis(redis_server) as client:
        yield client


@pytest.fixture
async def desk(redis_server: RedisServer, redis_client: redis.Redis) -> AsyncIterator[Desk]:
    client = aioredis.from_url(redis_server.url, decode_responses=True)
    desk = Desk(Store(client, Sla(Policy())), ManualClock(START))
    await desk.directory.save_customer(WS, Customer("acme", "Acme", "contract", "fr"))
    await desk.directory.save_customer(WS, Customer("beta-inc", "Beta Inc", "maintenance", "en"))
    await desk.directory.add_release(WS, Release("Acomba", "10.1", START.date()))
    for text in ("ticket new Acme server down", "ticket new Beta Inc printer",
                 "ticket new Nobody Co phone=yes", "ticket claim T-1002"):  # fmt: skip
        await desk.handle(Actor(WS, "boss"), text)
    yield desk
    await client.aclose()


@scaled(300)
@given(
    text=texts,
    user=st.sampled_from(["boss", "ana", "sam", "stranger", "", "U:{x}", "\ud800"]),
    locale=st.sampled_from([None, "", "fr-CA", "en-US", "xx", "\x00", "fr" * 50]),
)
@example(text="ticket new \ud800 server down", user="boss", locale=None)
@example(text="customer add \ud83d\ude00 entitlement=contract", user="boss", locale=None)
@example(text="role add \udcff manager", user="boss", locale=None)
@example(text="ticket reassign T-1001 \ud800", user="boss", locale=None)
@example(text="version add Acomba 10.2 2026-02-30", user="boss", locale="fr-CA")
@example(text="report 2026-11-01 1999-01-01", user="boss", locale=None)
@example(text="ticket show T-1001", user="\ud800", locale=None)
@example(text="defect show ²", user="boss", locale=None)
async def test_the_desk_answers_every_text_with_a_sentence(
    desk: Desk, raw: aioredis.Redis, text: str, user: str, locale: str | None
) -> None:
    for person, roles in PEOPLE.items():  # a fuzzed "role remove" must not stop the rest
        await desk.directory.set_roles(WS, person, roles)
    before = await workspace_dump(raw, WS)
    reply = await desk.handle(Actor(WS, user, "slack", locale), text)
    assert reply.text.strip(), text
    if valid_unicode(user):
        assert reply.text != t("error.internal", reply.lang), (text, user)
    else:  # no platform sends such an id: "something went wrong", nothing recorded
        assert reply.text == t("error.internal", reply.lang)
    assert leaks(reply.text, text) == [], (text, reply.text)
    if not reply.ok:
        assert await workspace_dump(raw, WS) == before, (text, reply.text)


# -- the Slack door ---------------------------------------------------------------------------
SLACK_SECRET = "fuzz-signing-secret"
TEAM, STRANGER = "T0FUZZ", "USTRANGER"
BOOKKEEPING = (":slack:", ":lang")  # retried-delivery marks; a person's own language


@pytest.fixture
async def slack_door(
    redis_server: RedisServer, redis_client: redis.Redis, raw: aioredis.Redis
) -> AsyncIterator[Door]:
    async with slack_app(redis_server, raw, START, "xoxb-fuzz-token", SLACK_SECRET) as door:
        await door.desk.directory.seed_roles(TEAM, {"manager": ["UBOSS"]})
        await door.desk.directory.save_customer(TEAM, Customer("acme", "Acme", "contract", "en"))
        await door.desk.handle(Actor(TEAM, "UBOSS", "slack"), "ticket new Acme server down")
        yield door


def signed(body: bytes) -> dict[str, str]:
    return slack_signed(body, SLACK_SECRET)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(EVERY_CHARACTER, max_size=30), st.sampled_from(NASTY))  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
ids = st.one_of(st.sampled_from([TEAM, STRANGER, "", "T:1", "{T}", " ", "\ud800", "C1"]),
                scalars, json_values)  # fmt: skip


def with_fields(base: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Some of Slack's fields (any may be missing), each sensible or not."""
    return st.fixed_dictionaries({}, optional=base)


def slash_forms(response_url: str) -> st.SearchStrategy[dict[str, Any]]:
    return with_fields({
        "token": scalars, "team_id": ids, "user_id": st.sampled_from([STRANGER, ""]) | ids,
        "command": st.sampled_from(["/ticket", "/queue", "/other", ""]) | scalars,
        "text": texts, "channel_id": ids, "trigger_id": ids, "api_app_id": scalars,
        "response_url": st.sampled_from([response_url, "", "not a url", "http://[::1"]),
        "ssl_check": st.sampled_from(["1", "0", ""]),
    })  # fmt: skip


def interactive_payloads(response_url: str) -> st.SearchStrategy[dict[str, Any]]:
    action = with_fields({"action_id": st.just("ticket_action:0") | scalars,
                          "value": texts | scalars, "type": scalars})  # fmt: skip
    return with_fields({
        "type": st.sampled_from(["block_actions", "view_submission", "shortcut",
                                 "message_action", "view_closed", ""]) | scalars,
        "team": ids | st.fixed_dictionaries({"id": ids}),
        "user": ids | st.fixed_dictionaries({"id": st.just(STRANGER) | ids, "team_id": ids}),
        "actions": st.lists(action, max_size=2) | json_values,
        "view": json_values | with_fields({
            "callback_id": st.just("ticket_new") | scalars, "id": ids,
            "private_metadata": texts | st.just("{}") | st.just('{"lang": 3}'),
            "state": json_values,
        }),
        "channel": json_values, "container": json_values, "trigger_id": ids,
        "response_url": st.sampled_from([response_url, "", "nope"]) | scalars,
    })  # fmt: skip


events = with_fields({
    "type": st.sampled_from(["message", "app_mention", "reaction_added", "app_home_opened",
                             "member_joined_channel", ""]) | scalars,
    "user": st.just(STRANGER) | ids, "text": texts | scalars,
    "channel": st.sampled_from(["CINTAKE", "CSUPPORT"]) | ids,
    "ts": st.sampled_from(["1795618800.000100", ""]) | scalars, "thread_ts": scalars,
    "subtype": scalars, "bot_id": scalars, "reaction": st.just("ticket") | scalars,
    "item": json_values | with_fields({"type": st.just("message") | scalars,
                                       "channel": ids, "ts": scalars}),
    "item_user": ids, "tab": st.sampled_from(["home", "messages"]) | scalars,
})  # fmt: skip
envelopes = with_fields({
    "type": st.sampled_from(["event_callback", "url_verification", "app_rate_limited", ""])
    | scalars,
    "team_id": ids, "api_app_id": scalars, "token": scalars, "challenge": scalars,
    "event_id": st.text(EVERY_CHARACTER, max_size=20) | scalars, "event": events | json_values,
    "authorizations": json_values,
})  # fmt: skip
content_types = st.sampled_from([
    FORM, "application/json", "text/plain", "", "multipart/form-data; boundary=x",
    "application/xml", "application/json; charset=latin-1", f"{FORM}; charset=utf-16",
    "application/json; charset=no-such-charset", "garbage",
])  # fmt: skip


def form_encode(fields: dict[str, Any]) -> bytes:
    def text(value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value)

    pairs = [(key, text(value)) for key, value in fields.items()]
    return urlencode(pairs, encoding="utf-8", errors="surrogatepass").encode()


def to_json(value: Any) -> bytes:
    return json.dumps(value).encode()  # lone surrogates travel as \ud800 escapes


@st.composite
def slack_requests(draw: st.DrawFn, response_url: str) -> tuple[bytes, str]:
    kind = draw(st.sampled_from(["slash", "interactive", "event", "json", "bytes"]))
    if kind == "slash":
        body, ctype = form_encode(draw(slash_forms(response_url))), FORM
    elif kind == "interactive":
        payload = draw(interactive_payloads(response_url) | json_values)
        raw_payload = draw(st.just(json.dumps(payload)) | st.text(EVERY_CHARACTER, max_size=60))
        body, ctype = form_encode({"payload": raw_payload}), FORM
    elif kind == "event":
        body, ctype = to_json(draw(envelopes)), "application/json"
    elif kind == "json":
        body, ctype = to_json(draw(json_values)), "application/json"
    else:
        body, ctype = draw(st.binary(max_size=300)), FORM
    return body, draw(st.just(ctype) | content_types)


def person_reads_no_internals(calls: list[Any], given: str) -> None:
    for call in calls:
        shown = call.text
        assert leaks(shown, given) == [], (call.method, shown)
        if call.method in ("response_url", "chat.postEphemeral", "chat.postMessage"):
            text = str(call.payload.get("text") or "")
            assert not SLACK_SPECIALS.search(text), (call.method, text)


@scaled(200)
@given(request=st.data())
async def test_signed_slack_bodies_never_give_a_5xx_or_internal_text(
    slack_door: Door, request: st.DataObject
) -> None:
    standin = slack_door.slack
    assert standin is not None
    body, ctype = request.draw(slack_requests(standin.response_url()))
    before = await workspace_dump(slack_door.raw, "*", BOOKKEEPING)
    seen = len(standin.calls)
    headers = {"Content-Type": ctype, **signed(body)} if ctype else signed(body)
    response = await slack_door.client.post("/slack/events", data=body, headers=headers)
    answer = await response.text()
    await slack_door.drain()
    given = body.decode("utf-8", "replace")
    assert response.status < 500, (response.status, body, ctype, answer)
    assert leaks(answer, given) == [], answer
    person_reads_no_internals(standin.calls[seen:], given)
    assert await workspace_dump(slack_door.raw, "*", BOOKKEEPING) == before, body


@pytest.mark.parametrize("size", [100_000, 2 * 1024 * 1024])
async def test_huge_signed_slack_bodies(slack_door: Door, size: int) -> None:
    """Past aiohttp's 1 MiB the request is a 413 and nothing runs; below it, a command
    far longer than the grammar takes is answered with the "too long" sentence."""
    assert slack_door.slack is not None
    before = await workspace_dump(slack_door.raw, "*", BOOKKEEPING)
    body = urlencode({"team_id": TEAM, "user_id": "UBOSS", "command": "/ticket",
                      "text": "new Acme " + "x" * size, "channel_id": "CGENERAL",
                      "response_url": slack_door.slack.response_url(),
                      "trigger_id": "trig.huge"}).encode()  # fmt: skip
    headers = {"Content-Type": FORM, **signed(body)}
    response = await slack_door.client.post("/slack/events", data=body, headers=headers)
    await slack_door.drain()
    if size > 1024 * 1024:
        assert response.status == 413
        assert slack_door.slack.calls == []
    else:
        assert response.status == 200
        [answer] = slack_door.slack.texts("response_url")
        assert answer.startswith(t("error.too_long", "en", limit=MAX_TEXT))
    assert await workspace_dump(slack_door.raw, "*", BOOKKEEPING) == before


# -- the Teams door ---------------------------------------------------------------------------
TEAMS_BOOKKEEPING = (":conversations", ":people", ":platform-ids", ":lang")  # who spoke where


@pytest.fixture
async def teams_door(
    redis_server: RedisServer, redis_client: redis.Redis, raw: aioredis.Redis
) -> AsyncIterator[Door]:
    standin = TeamsStandIn()
    await standin.start()
    with trust(standin):
        async with teams_app(redis_server, raw, START, standin, teams_config()) as door:
            await door.desk.directory.seed_roles(TENANT, {"manager": ["aad-manager"]})
            await door.desk.directory.save_customer(
                TENANT, Customer("acme", "Acme", "contract", "en")
            )
            await send(door, activity(door, "ticket new Acme server down", sender=TEAMS_MANAGER))
            assert await door.desk.store.count(TENANT, "all") == 1
            standin.posted.clear()
            yield door
    await standin.close()


@st.composite
def teams_activities(draw: st.DrawFn, door: Door) -> dict[str, Any]:
    """A Teams message, invoke or conversation update from someone without a role, with
    some of its fields dropped and others replaced by anything JSON can hold."""
    text = draw(texts)
    body = activity(door, text, sender=draw(st.sampled_from([TEAMS_STRANGER, {}, {"id": ""}])),
                    locale=draw(st.sampled_from(["fr-CA", "en-US", "", "\x00"])),
                    conversation=draw(st.sampled_from([CHANNEL, "a:1personal"])))  # fmt: skip
    body = copy.deepcopy(body)  # the shapes below change nested dicts shared with test_teams
    body["type"] = draw(st.sampled_from(["message", "invoke", "conversationUpdate",
                                         "messageReaction", "typing", ""]))  # fmt: skip
    if draw(st.booleans()):
        body["name"] = draw(st.just("adaptiveCard/action") | scalars)
        body["value"] = draw(
            st.fixed_dictionaries({"action": st.fixed_dictionaries({"data": st.fixed_dictionaries(
                {"command": texts | scalars})})}) | st.fixed_dictionaries({"command": texts})
            | st.fixed_dictionaries({"action": json_values}) | json_values
        )  # fmt: skip
    for key in draw(st.lists(st.sampled_from(sorted(body)), max_size=3, unique=True)):
        if key != "serviceUrl":
            del body[key]
    for key in draw(st.lists(st.sampled_from(sorted(body)), max_size=2, unique=True)):
        if key != "serviceUrl":
            body[key] = draw(json_values)
    if isinstance(body.get("conversation"), dict) and draw(st.booleans()):
        body["conversation"]["tenantId"] = draw(ids)
    if isinstance(body.get("from"), dict) and draw(st.booleans()):
        body["from"]["aadObjectId"] = draw(ids)
        body["from"]["name"] = draw(texts | scalars)
    return body


def command_in(body: dict[str, Any]) -> bool:
    """Whether a card invoke carries a command (the door answers those)."""
    value = body.get("value")
    action = value.get("action") if isinstance(value, dict) else None
    data = action.get("data") if isinstance(action, dict) else None
    return isinstance(data, dict) and isinstance(data.get("command"), str)


@scaled(150)
@given(request=st.data())
async def test_malformed_teams_activities_never_give_a_5xx_or_internal_text(
    teams_door: Door, request: st.DataObject
) -> None:
    standin = teams_door.teams
    assert standin is not None
    body = request.draw(teams_activities(teams_door))
    before = await workspace_dump(teams_door.raw, "*", TEAMS_BOOKKEEPING)
    seen = len(standin.posted)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {standin.token()}"}
    response = await teams_door.client.post("/api/messages", data=to_json(body), headers=headers)
    answer = await response.text()
    given = json.dumps(body, ensure_ascii=False, default=str)
    if body.get("type") == "invoke" and response.status == 501:
        # the Bot Framework protocol's answer to an invoke the bot does not handle
        assert body.get("name") != "adaptiveCard/action" or not command_in(body), body
    else:
        assert response.status < 500, (response.status, body, answer)
    assert leaks(answer, given) == [], answer
    for posted in standin.posted[seen:]:
        assert leaks(posted.text, given) == [], posted.text
    assert await workspace_dump(teams_door.raw, "*", TEAMS_BOOKKEEPING) == before, body


@pytest.mark.parametrize("size", [100_000, 2 * 1024 * 1024])
async def test_huge_teams_activities(teams_door: Door, size: int) -> None:
    before = await workspace_dump(teams_door.raw, "*", TEAMS_BOOKKEEPING)
    body = activity(teams_door, "ticket new Acme " + "x" * size, sender=TEAMS_MANAGER)
    response = await send(teams_door, body)
    if size > 1024 * 1024:
        assert response.status == 413
        assert teams_door.standin.posted == []
    else:
        assert response.status in (200, 201, 202)
        [answer] = teams_door.standin.posted
        assert answer.text.startswith(t("error.too_long", "en", limit=MAX_TEXT))
    assert await workspace_dump(teams_door.raw, "*", TEAMS_BOOKKEEPING) == before


@pytest.mark.parametrize(
    "change",
    [{"channelId": ""}, {"channelId": 7}, {"type": 42}, {"from": {"name": None}}, {"id": []}],
    ids=["empty channelId", "numeric channelId", "numeric type", "null name", "list id"],
)
async def test_activities_the_sdk_cannot_read_are_a_400(
    teams_door: Door, change: dict[str, Any]
) -> None:
    """Found by the long profile: the SDK's model raises TypeError for an empty channelId
    (a 500 until the door caught it as it catches ValueError)."""
    before = await workspace_dump(teams_door.raw)
    body = {**activity(teams_door, "ticket new Acme printer down", sender=TEAMS_MANAGER), **change}
    response = await send(teams_door, body)
    assert response.status == 400
    assert await response.json() == {"error": "not a Bot Framework activity"}
    assert await workspace_dump(teams_door.raw) == before
    assert teams_door.standin.posted == []


@scaled(100)
@given(
    header=st.one_of(
        st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=80),
        st.sampled_from(["Bearer", "Bearer ", "Bearer a.b.c", "Basic dXNlcjpwYXNz",
                         "Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.", "bearer  x  y"]),
        st.builds(lambda h, c: "Bearer " + ".".join([h, c, "sig"]),
                  st.sampled_from(["eyJhbGciOiJSUzI1NiJ9", "eyJhbGciOiJub25lIn0", "e30", "x"]),
                  st.sampled_from(["e30", "eyJhdWQiOjF9", "bnVsbA", "W10", "x"])),
    )
)  # fmt: skip
async def test_malformed_teams_tokens_are_refused_with_a_401(teams_door: Door, header: str) -> None:
    standin = teams_door.teams
    assert standin is not None
    before = await workspace_dump(teams_door.raw, "*")
    body = activity(teams_door, "ticket new Acme printer down",
                    sender=TEAMS_MANAGER)  # fmt: skip
    response = await teams_door.client.post(
        "/api/messages", data=to_json(body),
        headers={"Content-Type": "application/json", "Authorization": header},
    )  # fmt: skip
    assert response.status == 401, (header, await response.text())
    assert await workspace_dump(teams_door.raw, "*") == before
    assert standin.posted == []


# -- injection-looking text ---------------------------------------------------------------------
# Slack's control sequence → what the person typed, as the desk reads it
SPECIALS = {"<!channel>": "@channel", "<!here>": "@here", "<!everyone>": "@everyone",
            "<@U0BOSS>": "U0BOSS", "<#C0SUPPORT>": "C0SUPPORT",
            "<!subteam^S0123>": "@subteam^S0123", "<https://evil.example|click>":
            "https://evil.example", "&lt;!channel&gt;": "<!channel>"}  # fmt: skip


@pytest.mark.parametrize("special", SPECIALS)
async def test_slack_mentions_typed_by_a_person_reach_slack_as_text(
    slack_door: Door, special: str
) -> None:
    """What someone typed is shown, never acted on: Slack's control sequences (a channel
    ping, a user mention, a link) are read as what was typed (a mention as the person's
    id), and come back escaped, in the blocks and in the ``text`` that Slack shows in
    notifications, on the answer and on the card in the channel."""
    reading = SPECIALS[special]
    standin = slack_door.slack
    assert standin is not None
    body = urlencode(
        {
            "team_id": TEAM,
            "user_id": "UBOSS",
            "command": "/ticket",
            "text": f"new name={special} {special} is down",  # a name given, not a known one
            "channel_id": "CGENERAL",
            "response_url": standin.response_url(),
            "trigger_id": "trig.1",
        }
    ).encode()
    unknown = urlencode(
        {
            "team_id": TEAM,
            "user_id": "UBOSS",
            "command": "/ticket",
            "text": f"{special} hello",
            "channel_id": "CGENERAL",
            "response_url": standin.response_url(),
            "trigger_id": "trig.2",
        }
    ).encode()
    for sent in (body, unknown):
        response = await slack_door.client.post(
            "/slack/events", data=sent, headers={"Content-Type": FORM, **signed(sent)}
        )
        assert response.status == 200
        await slack_door.drain()
    created, refused = standin.to("response_url")
    assert "Ticket T-1002 created for" in created.text
    assert "I don't know the command" in refused.text
    [ticket] = [tk for tk in await tickets_of(slack_door.desk) if tk.id == "T-1002"]
    assert ticket.customer_name == reading and ticket.summary == f"{reading} is down"
    card = Card(ticket, "en", headline(ticket, "en"), facts(ticket, START, slack_door.desk.sla,
                "en"))  # fmt: skip
    await SlackNotifier(web_client("xoxb-fuzz-token", standin.api_url)).show_card(card, None)
    for call in standin.calls:
        if call.method in ("response_url", "chat.postMessage"):
            shown = [str(call.payload.get("text") or ""), *_block_texts(call.payload)]
            assert not any(SLACK_SPECIALS.search(text) for text in shown), (call.method, shown)
            assert any(escaped(reading) in text for text in shown), (call.method, shown)


def escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _block_texts(payload: dict[str, Any]) -> list[str]:
    blocks = payload.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str):
                found.append(value["text"])
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(blocks)
    return found


async def tickets_of(desk: Desk, ws: str = TEAM) -> list[Any]:
    return await desk.store.get_many(ws, await desk.store.members(ws, "all"))
