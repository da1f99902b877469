"""The web app with its Slack or Teams door, a Redis client that reads whole keys, and
signed requests: what tests/test_fuzz.py and tests/test_security.py send their input
through (the real ``/slack/events`` and ``/api/messages`` of ``handlers.web``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import redis.asyncio as aioredis
from aiohttp.test_utils import TestClient, TestServer

from bot.clock import ManualClock
from bot.desk import Desk
from handlers.teams_app import TeamsConfig
from handlers.web import DESK, SLACK, WebConfig, build_web_app
from tests.redis_server import RedisServer
from tests.slack_standin import SlackStandIn
from tests.teams_standin import StandInTokens, TeamsStandIn

FORM = "application/x-www-form-urlencoded"


@dataclass
class Door:
    client: TestClient[Any, Any]
    desk: Desk
    raw: aioredis.Redis
    clock: ManualClock
    slack: SlackStandIn | None = None
    teams: TeamsStandIn | None = None

    @property
    def standin(self) -> TeamsStandIn:
        """The Teams stand-in, under the name tests/test_teams.py's helpers use."""
        assert self.teams is not None
        return self.teams

    async def drain(self) -> None:
        """Wait for the Slack door's work after its acks (no sleeping)."""
        if self.slack is not None:
            await self.client.server.app[SLACK].drain()  # type: ignore[union-attr]


@asynccontextmanager
async def raw_redis(server: RedisServer) -> AsyncIterator[aioredis.Redis]:
    """A client that reads bytes, beside the desk's own."""
    client = aioredis.from_url(server.url)
    try:
        yield client
    finally:
        await client.aclose()


@asynccontextmanager
async def slack_app(
    server: RedisServer, raw: aioredis.Redis, start: datetime, token: str, secret: str
) -> AsyncIterator[Door]:
    standin = await SlackStandIn().start()
    config = WebConfig(bot_token=token, signing_secret=secret, redis_url=server.url,
                       api_url=standin.api_url, support_channel="CSUPPORT",
                       intake_channel="CINTAKE")  # fmt: skip
    clock = ManualClock(start)
    app = build_web_app(config, clock=clock)
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        yield Door(client, app[DESK], raw, clock, slack=standin)
    finally:
        await client.close()
        await standin.stop()


@asynccontextmanager
async def teams_app(
    server: RedisServer, raw: aioredis.Redis, start: datetime, standin: TeamsStandIn,
    teams: TeamsConfig,
) -> AsyncIterator[Door]:  # fmt: skip
    """The Teams door; the caller holds ``tests.teams_standin.trust(standin)``."""
    config = WebConfig(bot_token="", redis_url=server.url, teams=teams)
    clock = ManualClock(start)
    app = build_web_app(config, clock=clock, teams_tokens=StandInTokens)
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        yield Door(client, app[DESK], raw, clock, teams=standin)
    finally:
        await client.close()


async def workspace_dump(
    raw: aioredis.Redis, ws: str = "*", skip: tuple[str, ...] = ()
) -> dict[bytes, Any]:
    """Every key of a workspace (``*``: of all of them) and its whole content (hashes,
    sorted sets with scores, streams with entry ids, strings, sets, lists), minus the keys
    containing one of ``skip``: what a refusal must leave as it was."""
    keys = sorted([k async for k in raw.scan_iter(match=f"sb:{{{ws}}}:*", count=1000)])
    keys = [k for k in keys if not any(part.encode() in k for part in skip)]
    async with raw.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.type(key)
        kinds = await pipe.execute()
    read = {
        b"hash": lambda p, k: p.hgetall(k),
        b"zset": lambda p, k: p.zrange(k, 0, -1, withscores=True),
        b"stream": lambda p, k: p.xrange(k),
        b"string": lambda p, k: p.get(k),
        b"set": lambda p, k: p.smembers(k),
        b"list": lambda p, k: p.lrange(k, 0, -1),
    }
    async with raw.pipeline(transaction=False) as pipe:
        for key, kind in zip(keys, kinds, strict=True):
            read[kind](pipe, key)
        values = await pipe.execute()
    return dict(zip(keys, values, strict=True))
