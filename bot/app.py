"""The composition root: the one place that reads the settings and builds what a command
runs, then hands each part what it needs.

``bot/cli.py`` parses the command line, reads one :class:`bot.settings.Settings` (every
environment variable and the policy file, checked: a wrong one is one sentence and exit
status 2) and calls one function here per long-running command, which builds from the
settings, top-down:

- ``web``: the aiohttp app (``handlers.web``), which opens its Redis pool and builds its
  desk and doors on its own event loop when it starts;
- ``worker``: the worker's :class:`jobs.runtime.Runtime` (Redis, the policy, the clock,
  the notifiers of ``handlers.notifiers``), installed before RQ forks a work-horse, and
  the RQ worker with its dispatcher (``jobs.worker``);
- ``up``: Redis, then both of the above in one process group (``handlers.up``);
- ``shell``: the console door and its in-process worker (``handlers.console``).

This module and ``bot.cli`` are the only ones in ``bot`` that import ``handlers`` or
``jobs``; the layer contract in ``pyproject.toml`` ([tool.importlinter]) holds the rest to
it. A process started apart (a second ``supportbot worker``) builds itself here too.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.clock import Clock, SystemClock
from bot.logs import configure_logging
from bot.moments import parse_moment
from bot.redis_server import RedisServer
from bot.settings import Settings
from handlers.console import run_shell
from handlers.notifiers import notifier_factory
from handlers.up import run_up
from handlers.web import WebConfig, serve
from jobs.runtime import Runtime
from jobs.worker import run_worker


def runtime(settings: Settings, clock: Clock | None = None) -> Runtime:
    """What the worker's jobs run with: the notifiers are chosen here, from the settings."""
    return Runtime(
        settings.redis,
        settings.policy,
        clock or SystemClock(),
        notifier_factory(settings),
        channel_pace=settings.channel_pace,
    )


def web(settings: Settings) -> int:
    """``supportbot web``."""
    settings.redis.queue_url  # noqa: B018 - a cluster without RQ's Redis: one sentence, first
    configure_logging("web", settings.logging)
    serve(WebConfig.from_settings(settings), settings.policy)
    return 0


def worker(settings: Settings, burst: bool = False) -> int:
    """``supportbot worker``: the runtime is installed before the RQ worker forks."""
    settings.redis.queue_url  # noqa: B018 - as in web()
    configure_logging("worker", settings.logging)
    return run_worker(
        settings.redis, burst=burst, settings=settings.worker, runtime=runtime(settings)
    )


def up(settings: Settings, data: Path, out: TextIO, clock: Clock | None = None) -> int:
    """``supportbot up``: the worker's runtime is built once the Redis is known."""
    configure_logging("up", settings.logging)
    return run_up(settings, data, runtime, clock=clock, out=out)


def shell(settings: Settings, data: Path, start: str, out: TextIO) -> int:
    """``supportbot shell``: on the settings' Redis when ``REDIS_URL`` is set, else on an
    embedded ``redis-server`` keeping its data in ``data``."""
    begin: datetime | None = None
    if start:
        begin = parse_moment(start, SystemClock().now(), settings.policy.tz)
    if settings.redis_given:
        settings.redis.queue_url  # noqa: B018 - as in web()
        return run_shell(settings.redis, settings.policy, start=begin)
    data = data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    try:
        server = RedisServer("--appendonly", "yes", data_dir=data).start()
    except RuntimeError as exc:
        print(f"supportbot: {exc}", file=sys.stderr)
        return 2
    print(f"(embedded redis-server on port {server.port}, data in {data})", file=out)
    try:
        return run_shell(server.url, settings.policy, str(data / "supportbot.log"), start=begin)
    finally:
        server.stop()
