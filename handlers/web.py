"""One aiohttp application for every HTTP door: ``POST /slack/events`` (Bolt),
``POST /api/messages`` (Teams, through the Agents SDK), and ``/healthz``, ``/readyz`` and
``/metrics`` (``handlers/ops.py``); Redis (a blocking pool) and Socket Mode open and close
with it.

Its configuration is a :class:`WebConfig`, made from the program's settings
(``bot.settings``: the Slack tokens, channels and Web API URL, the Teams settings, the
desk's and RQ's Redis, ``PORT``) by the composition root (``bot.app``), or built directly
by the tests and benchmarks.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.clock import Clock, SystemClock
from bot.connections import DEFAULT_URL, RedisSettings
from bot.desk import Desk
from bot.policy import Policy
from bot.settings import Settings
from bot.sla import Sla
from bot.store import Store
from handlers import ops
from handlers.slack_app import SlackDoor, build_bolt_app, readable
from handlers.slack_notifier import DEFAULT_API_URL, web_client
from handlers.teams_app import (
    TEAMS,
    ProviderFactory,
    TeamsConfig,
    TeamsDoor,
    agent_auth,
    build_adapter,
    teams_route,
)

log = logging.getLogger(__name__)
REDIS: web.AppKey[Any] = web.AppKey("redis")  # the desk's client (a cluster's, or not)
DESK = web.AppKey("desk", Desk)
BOLT = web.AppKey("bolt", AsyncApp)
SLACK = web.AppKey("slack", SlackDoor)
REPLAY_CONNECTIONS = 20  # the Slack replay check's own pool, apart from the desk's


@dataclass(frozen=True)
class WebConfig:
    bot_token: str
    signing_secret: str = ""
    app_token: str = ""
    redis_url: str = DEFAULT_URL
    redis_cluster: bool = False  # REDIS_URL names a node of a Redis Cluster
    rq_redis_url: str = ""  # RQ's Redis; empty: REDIS_URL (required with a cluster)
    port: int = 3000
    api_url: str = DEFAULT_API_URL
    support_channel: str = ""
    intake_channel: str = ""
    redis_connections: int = 50  # a BlockingConnectionPool: callers wait, never fail
    # Seconds one Redis command may take before Redis counts as unavailable. Commands take
    # well under a millisecond; a hung Redis must not keep Slack's ack past 3 s or a Teams
    # answer past the Bot Framework's 15 s (redis-py's default is 5 s per command).
    redis_timeout: float = 1.0
    teams: TeamsConfig = field(default_factory=TeamsConfig)

    @classmethod
    def from_settings(cls, settings: Settings) -> WebConfig:
        slack, redis = settings.slack, settings.redis
        return cls(
            bot_token=slack.bot_token,
            signing_secret=slack.signing_secret,
            app_token=slack.app_token,
            redis_url=redis.url,
            redis_cluster=redis.cluster,
            rq_redis_url=redis.rq_url,
            port=settings.port,
            api_url=slack.api_url or DEFAULT_API_URL,
            support_channel=slack.support_channel,
            intake_channel=slack.intake_channel,
            teams=settings.teams,
        )

    @property
    def redis(self) -> RedisSettings:
        return RedisSettings(self.redis_url, self.redis_cluster, self.rq_redis_url)

    def problems(self) -> list[str]:
        found = []
        if not self.bot_token and not self.teams.enabled:
            found.append(
                "no door is configured: set SLACK_BOT_TOKEN (with SLACK_SIGNING_SECRET, "
                "or SLACK_APP_TOKEN for Socket Mode) or TEAMS_CLIENT_ID, or "
                "TEAMS_ALLOW_ANONYMOUS=1 to try the Teams door locally without Azure"
            )
        if self.bot_token and not self.app_token and not self.signing_secret:
            found.append("SLACK_SIGNING_SECRET is not set (needed unless SLACK_APP_TOKEN is)")
        if self.teams.client_id and not self.teams.client_secret:
            found.append("TEAMS_CLIENT_SECRET is not set")
        return found


async def slack_events(request: web.Request) -> web.Response:
    """Bolt verifies the signature, runs the listener and returns its ack. A body Bolt
    cannot read (not UTF-8, which is what Slack signs whatever the Content-Type says, not
    JSON or a form, or not shaped like any Slack request) is refused with a 400 before
    Bolt sees it, where Bolt's adapter and error path would answer 500."""
    try:
        body = (await request.read()).decode("utf-8")
        bolt_request = AsyncBoltRequest(
            body=body, query=request.query_string, headers=dict(request.headers)
        )
        readable(bolt_request)
    except (ValueError, TypeError, AttributeError, LookupError) as exc:
        log.warning(
            "/slack/events: refused a body that is not a Slack request (%s)", type(exc).__name__
        )
        return web.json_response({"error": "not a Slack request"}, status=400)
    response = await request.app[BOLT].async_dispatch(bolt_request)
    return await to_aiohttp_response(response)


def build_web_app(
    config: WebConfig,
    clock: Clock | None = None,
    policy: Policy | None = None,
    teams_tokens: ProviderFactory | None = None,
) -> web.Application:
    """The aiohttp app; Redis, the desk and Bolt are built when it starts.
    ``teams_tokens`` replaces Entra ID (MSAL) as the source of Bot Connector tokens."""
    app = web.Application()

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        where = config.redis
        timeouts = {
            "socket_timeout": config.redis_timeout,
            "socket_connect_timeout": config.redis_timeout,
        }
        # wait=True: under a burst, the work acknowledged to Slack waits for a connection
        # and runs in turn, with no wait limit; a limit would tell people "unavailable"
        # while Redis is fine. A Redis that is down fails each connection at once (and a
        # hung one after ``redis_timeout``), so the line still moves.
        client = where.desk(wait=True, max_connections=config.redis_connections, **timeouts)
        channels = {"slack": config.support_channel, "teams": config.teams.support_conversation}
        desk = Desk(Store(client, Sla(policy or Policy())), clock or SystemClock(), channels)
        app[TEAMS] = TeamsDoor(desk)
        app[REDIS], app[DESK] = client, desk
        # RQ's registries, read by /readyz and /metrics: the desk's client when RQ shares
        # its Redis, else a small pool of RQ's own Redis
        queues = client if where.shared else where.queue_async(**timeouts)
        app[ops.QUEUES] = queues
        replay = where.desk(wait=True, max_connections=REPLAY_CONNECTIONS, **timeouts)
        doors: list[SlackDoor] = []
        socket = None
        if config.bot_token:
            api = web_client(config.bot_token, config.api_url)
            bolt, door = build_bolt_app(
                desk,
                api,
                config.signing_secret or None,
                config.intake_channel,
                socket_mode=False,
                replay_redis=replay,
            )
            app[BOLT], app[SLACK] = bolt, door
            doors.append(door)
            if config.app_token:
                from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

                socket_bolt, socket_door = build_bolt_app(
                    desk, api, None, config.intake_channel, socket_mode=True
                )
                doors.append(socket_door)
                socket = AsyncSocketModeHandler(socket_bolt, config.app_token)
                await socket.connect_async()  # type: ignore[no-untyped-call]
        try:
            yield
        finally:
            if socket is not None:
                await socket.close_async()  # type: ignore[no-untyped-call]
            for slack_door in doors:
                await slack_door.drain()
            await client.aclose()
            await replay.aclose()
            if queues is not client:
                await queues.aclose()

    app.cleanup_ctx.append(lifecycle)
    if config.bot_token and config.signing_secret:
        app.router.add_post("/slack/events", slack_events)
    if config.teams.enabled:
        if config.teams.allow_anonymous:
            log.warning(
                "Teams: TEAMS_ALLOW_ANONYMOUS is set; /api/messages accepts requests "
                "without a token. Use this for local development only."
            )
        app["agent_configuration"] = agent_auth(config.teams)  # read by the SDK's JWT check
        adapter = build_adapter(config.teams, teams_tokens)
        app.router.add_post("/api/messages", teams_route(adapter, config.teams.tenant_id))
    ops.register(app, DESK)  # /healthz, /readyz, /metrics and request ids in the logs
    return app


def serve(config: WebConfig, policy: Policy) -> None:
    """``supportbot web``: HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set; a
    configuration with no door (or half of one) stops with one sentence, exit 2."""
    problems = config.problems()
    if problems:
        print("supportbot: " + "; ".join(problems) + ".", file=sys.stderr)
        raise SystemExit(2)
    web.run_app(build_web_app(config, policy=policy), port=config.port)
