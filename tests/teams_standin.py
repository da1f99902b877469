"""A local stand-in for what Teams needs from Microsoft: the Bot Connector service (the
activity's ``serviceUrl``), the Bot Framework signing keys (a JWKS) and Entra ID tokens.

``TeamsStandIn`` records every activity the bot posts or updates, can answer 429 with
Retry-After or 500 on demand, and mints tokens signed with a locally generated RSA key.
``trust`` points the Agents SDK's validator at that key instead of login.botframework.com.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jwt
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from microsoft_agents.hosting.core import AgentAuthConfiguration
from microsoft_agents.hosting.core.authorization._entra_issuers import BOTFRAMEWORK_JWKS_URIS
from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator

CLIENT_ID = "00000000-0000-4000-8000-00000000b0b1"
TENANT = "72f988bf-0000-4000-8000-000000000001"
BOT_ISSUER = "https://api.botframework.com"
CONNECTOR_TOKEN = "standin-connector-token"
KID = "standin-key"


@dataclass
class Posted:
    method: str  # "POST" (new activity or reply) or "PUT" (update in place)
    conversation: str
    activity: dict[str, Any]
    activity_id: str = ""  # the id updated, or replied to
    authorization: str = ""

    @property
    def text(self) -> str:
        """What a person reads: the text and every TextBlock / fact / button on its cards."""
        parts = [str(self.activity.get("text") or "")]
        for attachment in self.activity.get("attachments") or []:
            parts += _card_texts(attachment.get("content") or {})
        return "\n".join(p for p in parts if p)

    @property
    def mentions(self) -> list[str]:
        return [e["mentioned"]["id"] for e in self.activity.get("entities") or []
                if e.get("type") == "mention"]  # fmt: skip

    @property
    def commands(self) -> list[str]:
        """The desk command of each button (a dialog's: the command its Send completes)."""
        return [str(data.get("command")) for data, _ in self.buttons.values()]

    @property
    def buttons(self) -> dict[str, tuple[dict[str, Any], list[str]]]:
        """title → (the data a click sends, the ids of the inputs it adds to it)."""
        found = {}
        for attachment in self.activity.get("attachments") or []:
            for action in (attachment.get("content") or {}).get("actions") or []:
                data, inputs = action.get("data") or {}, []
                if action.get("type") == "Action.ShowCard":
                    [send] = action["card"]["actions"]
                    data, inputs = send["data"], [i["id"] for i in action["card"]["body"]]
                found[str(action.get("title"))] = (data, inputs)
        return found


def _card_texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [str(value[k]) for k in ("text", "title", "value") if isinstance(value.get(k), str)]
        for inner in value.values():
            if isinstance(inner, dict | list):
                found += _card_texts(inner)
        return found
    if isinstance(value, list):
        return [text for item in value for text in _card_texts(item)]
    return []


class StandInTokens:
    """Plays Entra ID for outgoing calls: a fixed bearer token for the Bot Connector."""

    def __init__(self, configuration: AgentAuthConfiguration) -> None:
        self._configuration = configuration
        self.requests: list[str] = []

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return self._configuration

    async def get_access_token(
        self, resource_url: str, scopes: list[str], force_refresh: bool = False
    ) -> str:
        self.requests.append(resource_url)
        return CONNECTOR_TOKEN

    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError(name)


class TeamsStandIn:
    def __init__(self) -> None:
        self.posted: list[Posted] = []
        self._failures: list[tuple[int, str | None]] = []
        self._ids = itertools.count(1)
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        app = web.Application()
        app.router.add_get("/keys", self._keys)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{id}", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{id}", self._put)
        self.server = TestServer(app, host="127.0.0.1")

    async def start(self) -> None:
        await self.server.start_server()

    async def close(self) -> None:
        await self.server.close()

    @property
    def url(self) -> str:
        return str(self.server.make_url("/"))

    def fail_next(self, status: int, retry_after: str | None = None, times: int = 1) -> None:
        self._failures += [(status, retry_after)] * times

    # -- tokens --------------------------------------------------------------------------
    def token(self, **overrides: Any) -> str:
        """A Bot Framework token as Teams sends it; ``overrides`` spoil one claim."""
        now = int(time.time())
        claims: dict[str, Any] = {"iss": BOT_ISSUER, "aud": CLIENT_ID, "nbf": now - 60,
                                  "iat": now - 60, "exp": now + 3600,
                                  "serviceurl": self.url}  # fmt: skip
        key = overrides.pop("key", self.key)
        claims.update(overrides)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})

    async def _keys(self, request: web.Request) -> web.Response:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return web.json_response({"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]})

    # -- the Bot Connector ---------------------------------------------------------------
    def _failure(self) -> web.Response | None:
        if not self._failures:
            return None
        status, retry_after = self._failures.pop(0)
        headers = {"Retry-After": retry_after} if retry_after else {}
        return web.json_response({"error": {"code": "standin"}}, status=status, headers=headers)

    async def _post(self, request: web.Request) -> web.Response:
        failure = self._failure()
        if failure is not None:
            return failure
        new_id = f"act-{next(self._ids)}"
        self.posted.append(Posted("POST", request.match_info["conversation"], await request.json(),
                                  request.match_info.get("id", ""),
                                  request.headers.get("Authorization", "")))  # fmt: skip
        return web.json_response({"id": new_id}, status=201)

    async def _put(self, request: web.Request) -> web.Response:
        failure = self._failure()
        if failure is not None:
            return failure
        activity_id = request.match_info["id"]
        conversation = request.match_info["conversation"]
        auth = request.headers.get("Authorization", "")
        self.posted.append(Posted("PUT", conversation, await request.json(), activity_id, auth))
        return web.json_response({"id": activity_id})


def worker_main() -> None:
    """``python -m tests.teams_standin REDIS_URL NOW``: a real RQ worker (burst) whose
    Teams notifier gets its Bot Connector token from the stand-in instead of Entra ID."""
    import sys
    from datetime import datetime

    import redis
    from rq import Queue, SimpleWorker

    from bot.clock import ManualClock
    from handlers.teams_notifier import TeamsNotifier
    from jobs.dispatcher import QUEUE, Dispatcher
    from jobs.runtime import Runtime, install

    url, now = sys.argv[1], datetime.fromisoformat(sys.argv[2])
    clock = ManualClock(now)
    tokens = StandInTokens(AgentAuthConfiguration(client_id=CLIENT_ID))
    install(Runtime(url, clock=clock, notifiers=lambda: {"teams": TeamsNotifier(url, tokens)}))
    connection = redis.Redis.from_url(url)
    queue = Queue(QUEUE, connection=connection)
    dispatcher = Dispatcher(connection, clock, queue)
    while dispatcher.tick():
        SimpleWorker([queue], connection=connection).work(burst=True)


@contextlib.contextmanager
def trust(standin: TeamsStandIn) -> Iterator[None]:
    """Make the SDK's validator fetch Bot Framework signing keys from the stand-in."""
    manager = jwt_token_validator.JwtTokenValidator._jwk_client_manager
    saved = dict(manager._cache)
    for uri in BOTFRAMEWORK_JWKS_URIS.values():
        manager._cache[uri] = jwt_token_validator._JwkClientCacheEntry(
            jwt.PyJWKClient(standin.url + "keys"), threading.Lock()
        )
    try:
        yield
    finally:
        manager._cache.clear()
        manager._cache.update(saved)


if __name__ == "__main__":
    worker_main()
