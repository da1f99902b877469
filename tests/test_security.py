"""Security at the doors, through the real ``/slack/events`` and ``/api/messages``:

- Slack: forged, stale, future-dated, tampered and replayed signatures are refused before
  anything runs, while Slack's own retries of an event still work;
- Teams: tokens with a bad signature, audience, issuer, tenant, expiry or start, tokens
  without a key id, and tokens issued for another service than the activity names (the
  bot would send its Bot Connector token there) are refused (test_teams.py has the first
  four);
- roles: every role-restricted command, tried by every role that may not run it (the matrix
  comes from ``bot.roles.PERMISSIONS``, so a new permission needs a line here), is refused
  with the catalog's sentence and changes nothing; a person with no role is refused every
  command;
- workspaces: one Slack workspace or Teams tenant cannot read or change another's tickets,
  even with the same ticket number and the same user id;
- logs: with DEBUG logging, no log record holds the bot token, the signing secret, the
  Teams client secret or any Authorization header value.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import jwt
import pytest
import redis
import redis.asyncio as aioredis
from cryptography.hazmat.primitives import serialization
from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator

from bot.commands import PERMISSIONS
from bot.desk import Actor
from bot.directory import Customer
from bot.i18n import t
from bot.roles import Role
from handlers.slack_app import SIGNATURE_KEY
from tests.doors import FORM, Door, raw_redis, slack_app, teams_app, workspace_dump
from tests.redis_server import RedisServer
from tests.slack_standin import slack_signed
from tests.teams_standin import CLIENT_ID, TENANT, TeamsStandIn, trust
from tests.test_teams import MANAGER as TEAMS_MANAGER
from tests.test_teams import activity, send, teams_config

BOT_TOKEN = "xoxb-1111-2222-SECRETbottoken"
SIGNING_SECRET = "SIGNING-SECRET-5e3f9a"
TEAMS_SECRET = "TEAMS-CLIENT-SECRET-8c1d"
START = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thursday 10:00 in Montréal: open
TEAM, OTHER_TEAM = "T1", "T2"
PEOPLE = {"UAGENT": Role.AGENT, "USENIOR": Role.SENIOR, "UMGR": Role.MANAGER,
          "UDIR": Role.DIRECTOR, "UOWNER": Role.AGENT}  # fmt: skip
BY_ROLE = {Role.AGENT: "UAGENT", Role.SENIOR: "USENIOR", Role.MANAGER: "UMGR",
           Role.DIRECTOR: "UDIR"}  # fmt: skip
BOOKKEEPING = (":slack:",)  # retried-delivery marks


@pytest.fixture
async def raw(redis_server: RedisServer) -> AsyncIterator[aioredis.Redis]:
    async with raw_redis(redis_server) as client:
        yield client


@pytest.fixture
async def slack(
    redis_server: RedisServer, redis_client: redis.Redis, raw: aioredis.Redis
) -> AsyncIterator[Door]:
    """Workspace T1: five people (one role each), Acme (P1) and Beta (P2), and three
    tickets: T-1001 claimed by UOWNER, T-1002 unclaimed, T-1003 (Beta, P2) unclaimed."""
    async with slack_app(redis_server, raw, START, BOT_TOKEN, SIGNING_SECRET) as door:
        desk = door.desk
        by_role: dict[str, list[str]] = {}
        for user, role in PEOPLE.items():
            by_role.setdefault(role.value, []).append(user)
        await desk.directory.seed_roles(TEAM, by_role)
        await desk.directory.save_customer(TEAM, Customer("acme", "Acme", "contract", "en"))
        await desk.directory.save_customer(TEAM, Customer("beta", "Beta", "maintenance", "en"))
        owner = Actor(TEAM, "UOWNER", "slack")
        for text in ("ticket new Acme server down", "ticket new Acme printer down",
                     "ticket new Beta slow reports", "ticket claim T-1001"):  # fmt: skip
            assert (await desk.handle(owner, text)).ok
        yield door


def slash_body(door: Door, text: str, user: str, team: str = TEAM, command: str = "/ticket",
               trigger: str = "") -> bytes:  # fmt: skip
    assert door.slack is not None
    return urlencode({
        "token": "legacy", "team_id": team, "team_domain": "techtra", "channel_id": "CGENERAL",
        "user_id": user, "command": command, "text": text, "api_app_id": "A1",
        "response_url": door.slack.response_url(),
        "trigger_id": trigger or f"trig.{time.time_ns()}",
    }).encode()  # fmt: skip


async def post(door: Door, body: bytes, headers: dict[str, str], ctype: str = FORM) -> Any:
    response = await door.client.post(
        "/slack/events", data=body, headers={"Content-Type": ctype, **headers}
    )
    await door.drain()
    return response


async def slash(door: Door, text: str, user: str, team: str = TEAM, command: str = "/ticket",
                secret: str = SIGNING_SECRET, timestamp: int | None = None) -> Any:  # fmt: skip
    body = slash_body(door, text, user, team, command)
    return await post(door, body, slack_signed(body, secret, timestamp))


def answers(door: Door) -> list[str]:
    """The ``text`` of each answer a person got (response_url), oldest first."""
    assert door.slack is not None
    return [str(call.payload.get("text") or "") for call in door.slack.to("response_url")]


def event_body(inner: dict[str, Any], event_id: str, team: str = TEAM) -> bytes:
    return json.dumps({
        "token": "legacy", "team_id": team, "api_app_id": "A1", "event": inner,
        "type": "event_callback", "event_id": event_id, "event_time": 1764169200,
        "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True,
                            "is_enterprise_install": False}],
    }).encode()  # fmt: skip


def mention(text: str, user: str = "UMGR", ts: str = "1764169200.000100") -> dict[str, Any]:
    return {"type": "app_mention", "user": user, "text": f"<@UBOT> {text}", "ts": ts,
            "channel": "CSUPPORT", "event_ts": ts}  # fmt: skip


async def count(door: Door, team: str = TEAM) -> int:
    return await door.desk.store.count(team, "all")


# -- Slack signatures -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("what", "spoil"),
    [
        ("forged", lambda body, now: slack_signed(body, "not-the-secret")),
        ("stale", lambda body, now: slack_signed(body, SIGNING_SECRET, now - 301)),
        ("future", lambda body, now: slack_signed(body, SIGNING_SECRET, now + 301)),
        ("tampered", lambda body, now: slack_signed(body + b"x", SIGNING_SECRET)),
        ("missing", lambda body, now: {}),
        ("no timestamp", lambda body, now: {"X-Slack-Signature": slack_signed(
            body, SIGNING_SECRET)["X-Slack-Signature"]}),
        ("v1", lambda body, now: {**slack_signed(body, SIGNING_SECRET), "X-Slack-Signature":
            slack_signed(body, SIGNING_SECRET)["X-Slack-Signature"].replace("v0=", "v1=")}),
    ],
)  # fmt: skip
async def test_bad_slack_signatures_are_refused_and_nothing_runs(
    slack: Door, what: str, spoil: Any
) -> None:
    before = await workspace_dump(slack.raw)
    body = slash_body(slack, "role add UAGENT manager", "UMGR")
    response = await post(slack, body, spoil(body, int(time.time())))
    assert response.status == 401, what
    assert await workspace_dump(slack.raw) == before
    assert slack.slack is not None and slack.slack.calls == []


async def test_a_signature_five_minutes_old_is_still_accepted(slack: Door) -> None:
    response = await slash(slack, "ticket show T-1001", "UAGENT", timestamp=int(time.time()) - 290)
    assert response.status == 200
    assert answers(slack)[0].startswith("T-1001")


async def test_a_replayed_slash_command_is_refused(slack: Door) -> None:
    body = slash_body(slack, "role add UAGENT manager", "UMGR")
    headers = slack_signed(body, SIGNING_SECRET)
    first = await post(slack, body, headers)
    after_first = await workspace_dump(slack.raw, skip=BOOKKEEPING)
    again = await post(slack, body, headers)
    retried = await post(slack, body, {**headers, "X-Slack-Retry-Num": "1"})  # not an event
    assert (first.status, again.status, retried.status) == (200, 401, 401)
    assert answers(slack) == ["UAGENT now has: agent, manager."]  # ran once
    assert await workspace_dump(slack.raw, skip=BOOKKEEPING) == after_first


async def test_a_replayed_button_click_is_refused(slack: Door) -> None:
    assert slack.slack is not None
    payload = {
        "type": "block_actions", "user": {"id": "UAGENT", "team_id": TEAM},
        "team": {"id": TEAM}, "api_app_id": "A1", "token": "legacy",
        "channel": {"id": "CSUPPORT"}, "response_url": slack.slack.response_url(),
        "trigger_id": "trig.1",
        "actions": [{"action_id": "ticket_action:0", "value": "ticket claim T-1002",
                     "type": "button", "block_id": "card:T-1002", "action_ts": "1.2"}],
    }  # fmt: skip
    body = urlencode({"payload": json.dumps(payload)}).encode()
    headers = slack_signed(body, SIGNING_SECRET)
    assert (await post(slack, body, headers)).status == 200
    assert (await post(slack, body, headers)).status == 401
    assert answers(slack) == ["You claimed T-1002 (Acme)."]


async def test_slack_retries_of_an_event_still_work(slack: Door) -> None:
    """Slack retries an event it thinks was not delivered (X-Slack-Retry-Num) and may send
    the same signature again: the retry reaches the door, which drops it by event_id once
    the first delivery was handled; an exact replay without the header is refused."""
    body = event_body(mention("ticket new Acme disk full"), "EvRETRY1")
    headers = slack_signed(body, SIGNING_SECRET)
    first = await post(slack, body, headers, "application/json")
    retry = await post(slack, body, {**headers, "X-Slack-Retry-Num": "1",
                                     "X-Slack-Retry-Reason": "http_timeout"},
                       "application/json")  # fmt: skip
    replay = await post(slack, body, headers, "application/json")
    assert (first.status, retry.status, replay.status) == (200, 200, 401)
    assert await count(slack) == 4  # three before, one from the event


async def test_a_retry_runs_when_the_first_delivery_was_lost(slack: Door) -> None:
    """The first delivery was signed and seen (its signature is remembered) but the
    process died before handling it: Slack's retry with the same signature is handled."""
    body = event_body(mention("ticket new Acme disk full"), "EvLOST1")
    headers = slack_signed(body, SIGNING_SECRET)
    signature = headers["X-Slack-Signature"]
    await slack.raw.set(SIGNATURE_KEY + signature, "1", ex=360)
    retry = await post(slack, body, {**headers, "X-Slack-Retry-Num": "1"}, "application/json")
    assert retry.status == 200
    assert await count(slack) == 4


async def test_a_signature_is_remembered_as_long_as_slack_would_accept_it(slack: Door) -> None:
    now = int(time.time())
    for age in (0, 200):
        body = slash_body(slack, "ticket show T-1001", "UAGENT")
        headers = slack_signed(body, SIGNING_SECRET, now - age)
        assert (await post(slack, body, headers)).status == 200
        ttl = await slack.raw.ttl(SIGNATURE_KEY + headers["X-Slack-Signature"])
        # accepted until its timestamp is 5 minutes old, plus a minute of clock drift
        assert 300 - age + 60 - 5 <= ttl <= 300 - age + 60, (age, ttl)


# -- Teams tokens ---------------------------------------------------------------------------------
OTHER_TENANT = "11111111-2222-4333-8444-555555555555"


@pytest.fixture
async def teams(
    redis_server: RedisServer, redis_client: redis.Redis, raw: aioredis.Redis
) -> AsyncIterator[Door]:
    standin = TeamsStandIn()
    await standin.start()
    with trust(standin), trust_entra(standin):
        config = teams_config(client_secret=TEAMS_SECRET)
        async with teams_app(redis_server, raw, START, standin, config) as door:
            await door.desk.directory.seed_roles(TENANT, {"manager": ["aad-manager"]})
            await door.desk.directory.save_customer(
                TENANT, Customer("acme", "Acme", "contract", "en")
            )
            yield door
    await standin.close()


@contextmanager
def trust_entra(standin: TeamsStandIn) -> Iterator[None]:
    """Make the SDK fetch Entra ID's signing keys (for tokens issued by a tenant, not by
    the Bot Framework) from the stand-in as well: the real keys sign any app's tokens."""
    manager = jwt_token_validator.JwtTokenValidator._jwk_client_manager
    uri = f"https://login.microsoftonline.com/{TENANT}/discovery/v2.0/keys"
    saved = manager._cache.get(uri)
    manager._cache[uri] = jwt_token_validator._JwkClientCacheEntry(
        jwt.PyJWKClient(standin.url + "keys"), threading.Lock()
    )
    try:
        yield
    finally:
        manager._cache.pop(uri, None)
        if saved is not None:
            manager._cache[uri] = saved


def no_key_id(standin: TeamsStandIn, service: str) -> str:
    """A sound token, except that its header does not name the signing key."""
    claims = jwt.decode(standin.token(serviceurl=service), options={"verify_signature": False})
    return jwt.encode(claims, standin.key, algorithm="RS256")


def hs256(standin: TeamsStandIn, service: str) -> str:
    """The RS256/HS256 confusion: the claims MACed with the (public) signing key."""
    claims = jwt.decode(standin.token(serviceurl=service), options={"verify_signature": False})
    header = jwt.utils.base64url_encode(b'{"alg":"HS256","kid":"standin-key","typ":"JWT"}')
    signing = header + b"." + jwt.utils.base64url_encode(json.dumps(claims).encode())
    pem = standin.key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    mac = hmac.new(pem, signing, hashlib.sha256).digest()
    return (signing + b"." + jwt.utils.base64url_encode(mac)).decode()


NOW = int(time.time())
ENTRA = f"https://sts.windows.net/{TENANT}/"
BAD_TOKENS = [
    # (what, the token for an activity whose serviceUrl is ``service``, what the log says)
    ("another tenant's Entra token",
     lambda s, service: s.token(iss=f"https://sts.windows.net/{OTHER_TENANT}/",
                                tid=OTHER_TENANT, serviceurl=service),
     "issuer not accepted"),
    ("issuer and tenant disagree",
     lambda s, service: s.token(iss=ENTRA, tid=OTHER_TENANT, serviceurl=service),
     "tenant binding mismatch"),
    ("not valid yet",
     lambda s, service: s.token(nbf=NOW + 3600, iat=NOW + 3600, serviceurl=service),
     "ImmatureSignatureError"),
    ("no key id", no_key_id, "names no signing key"),
    ("alg none",
     lambda s, service: jwt.encode({"aud": CLIENT_ID, "serviceurl": service}, None,
                                   algorithm="none", headers={"kid": "standin-key"}),
     "JWT validation error"),
    ("HS256 keyed with the public key", hs256, "JWT validation error"),
    ("issued for another service",
     lambda s, service: s.token(serviceurl=s.url),
     "serviceUrl is not its token's"),
    ("no service named",
     lambda s, service: s.token(serviceurl=None),
     "serviceUrl is not its token's"),
    ("an Entra app token of our own tenant (any app of the tenant can get one)",
     lambda s, service: s.token(iss=ENTRA, tid=TENANT, serviceurl=None),
     "serviceUrl is not its token's"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "token", "reason"), BAD_TOKENS, ids=[b[0] for b in BAD_TOKENS])
async def test_bad_teams_tokens_are_refused_and_nothing_is_sent(
    teams: Door, what: str, token: Any, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A manager's command in an activity naming a service someone else runs, with a token
    spoiled one way: refused for that reason, nothing changed, nothing sent anywhere."""
    evil = TeamsStandIn()
    await evil.start()
    try:
        body = activity(teams, "role add aad-evil manager", sender=TEAMS_MANAGER)
        body["serviceUrl"] = evil.url
        before = await workspace_dump(teams.raw)
        with caplog.at_level(logging.WARNING):
            response = await send(teams, body, token=token(teams.standin, evil.url))
        assert response.status == 401, what
        assert reason in caplog.text, caplog.text
        assert await workspace_dump(teams.raw) == before
        assert evil.posted == [] and teams.standin.posted == []
    finally:
        await evil.close()


async def test_a_sound_token_for_the_activitys_service_is_accepted(teams: Door) -> None:
    """The control: the same request with a sound token runs, and the answer goes to the
    service the token was issued for."""
    evil = TeamsStandIn()
    await evil.start()
    try:
        body = activity(teams, "role add aad-new agent", sender=TEAMS_MANAGER)
        body["serviceUrl"] = evil.url
        response = await send(teams, body, token=teams.standin.token(serviceurl=evil.url))
        assert response.status in (200, 201, 202)
        [answer] = evil.posted
        assert "aad-new now has: agent." in answer.text
    finally:
        await evil.close()


# -- roles ------------------------------------------------------------------------------------
# One command per permission of bot.roles.PERMISSIONS, run against the `slack` fixture's
# workspace (T-1001 is claimed by UOWNER, T-1002 unclaimed, T-1003 is Beta's, P2).
COMMANDS: dict[str, list[str]] = {
    "ticket.new": ["ticket new Acme the VPN drops"],
    "ticket.claim": ["ticket claim T-1002"],
    "ticket.next": ["ticket next"],
    "ticket.release": ["ticket release T-1001"],
    "ticket.reassign": ["ticket reassign T-1002 UAGENT"],
    "ticket.respond": ["ticket respond T-1001 phone called back"],
    "ticket.wait": ["ticket wait T-1001"],
    "ticket.resume": ["ticket resume T-1001"],
    "ticket.escalate": ["ticket escalate T-1002 data loss"],
    "ticket.escalate.override": ["ticket escalate T-1003 override big customer"],
    "ticket.release.other": ["ticket release T-1001"],
    "ticket.resolve": ["ticket resolve T-1001 replaced the disk"],
    "ticket.close": ["ticket close T-1001"],
    "ticket.reopen": ["ticket reopen T-1001 back again"],
    "ticket.show": ["ticket show T-1001"],
    "ticket.list": ["ticket list all"],
    "ticket.outcome": ["ticket outcome T-1002 defect"],
    "ticket.followup": ["ticket followup T-1001 satisfied"],
    "ticket.attach": ["ticket attach T-1002 Acme"],
    "queue": ["queue"],
    "jobs": ["jobs"],
    "report": ["report 2026-11-01 2026-11-30"],
    "customer.show": ["customer show Acme"],
    "customer.list": ["customer list"],
    "customer.change": ["customer add Delta entitlement=contract",
                        "customer update Acme entitlement=none",
                        "customer import\nDelta,contract,en,no",
                        "customer link Acme C0SHARED", "customer unlink Acme C0SHARED"],
    "version.show": ["version list Acomba", "version status Acomba 10.1"],
    "version.change": ["version add Acomba 11.0 2026-06-01", "version release Acomba 11.0"],
    "role.list": ["role list"],
    "role.change": ["role add UAGENT manager", "role remove UMGR manager"],
    "defect.list": ["defect list"],
    "defect.show": ["defect show D-1"],
    "defect.fixed": ["defect fixed D-1 11.0"],
    "feature.list": ["feature list"],
}  # fmt: skip
OWN_REFUSAL = {  # refused by the ticket's own rule rather than by the role table
    "ticket.release.other": lambda lang: t("forbidden.not_owner", lang, id="T-1001",
                                           owner="UOWNER"),
}  # fmt: skip


def refusal(permission: str, lang: str) -> str:
    if permission in OWN_REFUSAL:
        return OWN_REFUSAL[permission](lang)
    names = ", ".join(
        t(f"role.{r}", lang) for r in sorted(r.value for r in PERMISSIONS[permission])
    )
    return t("forbidden.role", lang, roles=names)


RESTRICTED = [
    (permission, command, role)
    for permission, allowed in PERMISSIONS.items()
    for command in COMMANDS.get(permission, [])
    for role in Role
    if role not in allowed
]


def test_every_permission_has_a_command() -> None:
    """The matrix below is complete: a new permission needs its command here."""
    assert sorted(COMMANDS) == sorted(PERMISSIONS)
    assert {p for p, _, _ in RESTRICTED} == {p for p, a in PERMISSIONS.items() if a != set(Role)}


@pytest.mark.parametrize(
    ("permission", "command", "role"),
    RESTRICTED,
    ids=[f"{r.value}:{c.split(chr(10))[0]}" for _, c, r in RESTRICTED],
)
async def test_a_lesser_role_is_refused_with_the_catalog_sentence(
    slack: Door, permission: str, command: str, role: Role
) -> None:  # fmt: skip
    """Sent as a slash command by someone who holds only ``role``; the senior's Slack is
    in French, so half the sentences are checked in French."""
    assert slack.slack is not None
    slack.slack.locales["USENIOR"] = "fr-CA"
    lang = "fr" if role is Role.SENIOR else "en"
    before = await workspace_dump(slack.raw, skip=BOOKKEEPING)
    response = await slash(slack, command, BY_ROLE[role])
    assert response.status == 200
    assert answers(slack) == [refusal(permission, lang)]
    assert await workspace_dump(slack.raw, skip=BOOKKEEPING) == before


@pytest.mark.parametrize("command", sorted({c for cs in COMMANDS.values() for c in cs}))
async def test_someone_without_a_role_is_refused_every_command(slack: Door, command: str) -> None:
    before = await workspace_dump(slack.raw, skip=BOOKKEEPING)
    await slash(slack, command, "UNOBODY")
    assert answers(slack) == [t("forbidden.no_role", "en")]
    assert await workspace_dump(slack.raw, skip=BOOKKEEPING) == before


async def test_the_matrix_commands_run_for_the_roles_that_may(slack: Door) -> None:
    """The control: each restricted command is answered, not refused, for a role that may
    run it (so the refusals above are the role table's, not a typo's)."""
    for permission, command, _ in RESTRICTED:
        await slash(slack, command, BY_ROLE[sorted(PERMISSIONS[permission])[0]])
        answer = answers(slack)[-1]
        assert not answer.startswith(("Sorry, only these roles", "Sorry, you have no role")), (
            command, answer)  # fmt: skip


# -- workspaces --------------------------------------------------------------------------------
async def test_a_slack_workspace_cannot_reach_anothers_tickets(slack: Door) -> None:
    """T2 has its own T-1001; the same user id is a manager in both workspaces. Whatever
    T2 asks about T-1001 is about T2's ticket; T1's tickets stay as they were."""
    desk = slack.desk
    await desk.directory.seed_roles(OTHER_TEAM, {"manager": ["UMGR"], "agent": ["UOTHER"]})
    assert (await desk.handle(Actor(OTHER_TEAM, "UOTHER", "slack"), "ticket new Zeta fax")).ok
    before = await workspace_dump(slack.raw, TEAM, BOOKKEEPING)
    await slash(slack, "ticket show T-1001", "UMGR", OTHER_TEAM)
    for command in ("ticket show T-1003", "ticket claim T-1002", "ticket resolve T-1003 done",
                    "ticket close T-1002", "ticket release T-1001",
                    "ticket reassign T-1002 UMGR"):  # fmt: skip
        await slash(slack, command, "UMGR", OTHER_TEAM)
    await slash(slack, "ticket list all", "UMGR", OTHER_TEAM)
    await slash(slack, "queue", "UOTHER", OTHER_TEAM)  # an agent there, nobody here
    shown, *refused, listed, queue = answers(slack)
    assert shown.startswith("T-1001") and "fax" in shown and "server down" not in shown
    assert refused == [
        "There is no ticket T-1003.",
        "There is no ticket T-1002.",
        "There is no ticket T-1003.",
        "There is no ticket T-1002.",
        "T-1001 has not been claimed yet.",  # T2's own T-1001
        "There is no ticket T-1002.",
    ]
    assert "T-1001" in listed and "Acme" not in listed
    assert queue.startswith("Sorry, only these roles may do that")
    assert await workspace_dump(slack.raw, TEAM, BOOKKEEPING) == before


async def test_a_slack_button_from_another_workspace_changes_nothing(slack: Door) -> None:
    assert slack.slack is not None
    await slack.desk.directory.seed_roles(OTHER_TEAM, {"manager": ["UMGR"]})
    before = await workspace_dump(slack.raw, TEAM, BOOKKEEPING)
    payload = {
        "type": "block_actions", "user": {"id": "UMGR", "team_id": OTHER_TEAM},
        "team": {"id": OTHER_TEAM}, "api_app_id": "A1", "channel": {"id": "CSUPPORT"},
        "response_url": slack.slack.response_url(), "trigger_id": "trig.9",
        "actions": [{"action_id": "ticket_action:0", "value": "ticket claim T-1002",
                     "type": "button", "block_id": "card:T-1002", "action_ts": "1.2"}],
    }  # fmt: skip
    body = urlencode({"payload": json.dumps(payload)}).encode()
    assert (await post(slack, body, slack_signed(body, SIGNING_SECRET))).status == 200
    assert answers(slack) == ["There is no ticket T-1002."]
    assert await workspace_dump(slack.raw, TEAM, BOOKKEEPING) == before


async def test_a_teams_tenant_cannot_reach_anothers_tickets(teams: Door) -> None:
    """Same ticket number, same Entra object id, a manager in both tenants: this bot is
    registered for TENANT (``TEAMS_TENANT_ID``), so the other tenant is refused at the
    door; a bot serving several tenants keeps them apart by workspace
    (tests/test_desk.py::test_workspaces_are_isolated)."""
    manager = Actor(TENANT, "aad-manager", "teams")
    assert (await teams.desk.handle(manager, "ticket new Acme secret outage")).ok
    await teams.desk.directory.seed_roles(OTHER_TENANT, {"manager": ["aad-manager"]})
    before = await workspace_dump(teams.raw, "*")

    def elsewhere(text: str) -> dict[str, Any]:
        body = activity(teams, text, sender=TEAMS_MANAGER)
        body["conversation"]["tenantId"] = OTHER_TENANT
        body["channelData"]["tenant"]["id"] = OTHER_TENANT
        return body

    for text in ("ticket show T-1001", "ticket claim T-1001", "ticket resolve T-1001 done",
                 "ticket escalate T-1001 override why not", "ticket list all"):  # fmt: skip
        response = await send(teams, elsewhere(text))
        assert response.status == 403
    assert teams.standin.posted == []
    assert await workspace_dump(teams.raw, "*") == before


# -- secrets in logs ---------------------------------------------------------------------------
def secrets_in(records: list[logging.LogRecord], secrets: list[str]) -> list[tuple[str, str]]:
    """(logger, secret) for each record whose message, arguments or traceback holds one."""
    formatter = logging.Formatter()
    found = []
    for record in records:
        text = record.getMessage() + repr(record.args) + str(record.stack_info or "")
        if record.exc_info:
            text += formatter.formatException(record.exc_info)
        found += [(record.name, secret) for secret in secrets if secret in text]
    return found


async def test_slack_secrets_are_never_logged(
    slack: Door, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await slash(slack, "ticket new Acme printer down", "UAGENT")  # Web API calls with the token
    await slash(slack, "queue", "UMGR")
    await slash(slack, "queue", "UMGR", secret="forged")  # Bolt logs refused requests
    await slash(slack, "queue", "UMGR", timestamp=int(time.time()) - 3600)
    body = event_body(mention("ticket new Acme disk full"), "EvLOG1")
    await post(slack, body, slack_signed(body, SIGNING_SECRET), "application/json")
    assert slack.slack is not None
    slack.slack.fail("*", status=500, retry_after=None)  # a failed call, logged with traceback
    await slash(slack, "ticket show T-1001", "UAGENT")
    assert len(caplog.records) > 50  # DEBUG really was on
    assert secrets_in(caplog.records, [BOT_TOKEN, SIGNING_SECRET]) == []


async def test_teams_secrets_and_tokens_are_never_logged(
    teams: Door, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = teams.standin.token()
    await send(teams, activity(teams, "ticket new Acme printer down", sender=TEAMS_MANAGER),
               token=token)  # fmt: skip
    expired = teams.standin.token(exp=1_700_000_000)
    await send(teams, activity(teams, "queue", sender=TEAMS_MANAGER), token=expired)
    forged = teams.standin.token(aud="someone-else")
    await send(teams, activity(teams, "queue", sender=TEAMS_MANAGER), token=forged)
    teams.standin.fail_next(500)  # the answer fails: logged with its traceback
    await send(teams, activity(teams, "queue", sender=TEAMS_MANAGER))
    assert len(caplog.records) > 20
    connector = "standin-connector-token"  # the Bot Connector token the bot sends out
    secrets = [TEAMS_SECRET, token, expired, forged, connector, token.split(".")[2]]
    assert secrets_in(caplog.records, secrets) == []
