"""``supportbot up``: the whole bot for a small team with no public address, in one
command and one process group.

- **Slack in Socket Mode**: the bot opens a WebSocket to Slack (``SLACK_BOT_TOKEN`` and an
  app-level ``SLACK_APP_TOKEN`` with ``connections:write``), so nothing needs to reach
  it from outside: no public host, no TLS certificate, no signing secret.
- **Redis**: ``REDIS_URL`` when set; otherwise a ``redis-server`` child with its data in
  ``./data`` (``--data``), append-only file on and fsynced at every write (README,
  *Redis persistence*), so tickets survive a restart.
- **The worker and its timers**: a forked child process runs what ``supportbot worker``
  runs (the RQ worker, which forks a work-horse per job, and the timer dispatcher).
- **The web app** runs in this process: the Socket Mode connection and ``/healthz``,
  ``/readyz``, ``/metrics`` on ``PORT`` (3000).

The web app and the worker are in the terminal's process group, so Ctrl-C stops them
together (the worker finishes its job first); SIGTERM to this process does the same.
``redis-server`` has a session of its own and is stopped last, once the worker is done.
When the worker or ``redis-server`` dies, this process stops the rest and exits 1 rather
than running half a bot; the children are also told to stop if this process is killed
outright (Linux's parent-death signal), so a restart never finds a second
``redis-server`` on ``./data``.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TextIO

from aiohttp import web

from bot.clock import Clock, SystemClock
from bot.connections import RedisSettings
from bot.logs import configure_logging
from bot.redis_server import RedisServer, parent_death
from bot.settings import ConfigError, Settings
from handlers.web import WebConfig, build_web_app
from jobs.runtime import Runtime, install
from jobs.worker import run_worker

log = logging.getLogger(__name__)
WATCH_INTERVAL = 1.0  # seconds between two looks at the worker and redis-server
WORKER_STOP_TIMEOUT = 30.0  # seconds a worker gets to finish its job on SIGTERM


def check(env: WebConfig) -> None:
    tokens = (("SLACK_BOT_TOKEN", env.bot_token), ("SLACK_APP_TOKEN", env.app_token))
    missing = [name for name, value in tokens if not value]
    if missing:
        raise ConfigError(
            f"supportbot up runs Slack in Socket Mode: set {' and '.join(missing)} (the bot "
            "token, and an app-level token with connections:write; README, Slack)"
        )


def _work(settings: Settings) -> None:
    """The worker child: ``supportbot worker`` with the runtime installed before the fork
    (the policy, the clock, the notifiers)."""
    parent_death()
    configure_logging("worker", settings.logging)
    sys.exit(run_worker(settings.redis, settings=settings.worker))


def run_up(
    settings: Settings,
    data: Path,
    runtime: Callable[[Settings, Clock], Runtime],
    clock: Clock | None = None,
    out: TextIO | None = None,
) -> int:
    """Start Redis (unless ``REDIS_URL``), the worker and the web app; return when they
    stop: 0 after Ctrl-C or SIGTERM, 1 when the worker or Redis died. ``runtime`` builds
    the worker's (``bot.app``, the composition root, chooses its notifiers) once the
    Redis is known."""
    out = out or sys.stdout
    check(WebConfig.from_settings(settings))
    clock = clock or SystemClock()
    server: RedisServer | None = None
    if not settings.redis_given:
        data = data.resolve()
        data.mkdir(parents=True, exist_ok=True)
        server = RedisServer(
            "--appendonly", "yes", "--appendfsync", "always", data_dir=data, die_with_parent=True
        ).start()
        settings = settings.on(RedisSettings(server.url))
        print(f"supportbot up: redis-server on port {server.port}, data in {data}", file=out)
    config = WebConfig.from_settings(settings)
    install(runtime(settings, clock))
    worker = multiprocessing.get_context("fork").Process(
        target=_work, args=(settings,), name="supportbot-worker"
    )
    failed: list[str] = []
    try:
        worker.start()
        print(
            f"supportbot up: worker pid {worker.pid}; Slack over Socket Mode; "
            f"http://127.0.0.1:{config.port}/healthz; Ctrl-C stops everything",
            file=out,
            flush=True,
        )
        app = build_web_app(config, clock=clock, policy=settings.policy)

        stopping = asyncio.Event()  # Ctrl-C or SIGTERM: children stopping is expected

        async def shutting_down(app: web.Application) -> None:
            stopping.set()

        async def watch(app: web.Application) -> AsyncIterator[None]:
            async def look() -> None:
                while True:
                    await asyncio.sleep(WATCH_INTERVAL)
                    if stopping.is_set():
                        return
                    if not worker.is_alive():
                        failed.append(f"the worker stopped (exit status {worker.exitcode})")
                    elif server and server.process and server.process.poll() is not None:
                        failed.append("redis-server stopped")
                    else:
                        continue
                    log.error("supportbot up: %s; stopping", failed[-1])
                    os.kill(os.getpid(), signal.SIGTERM)  # run_app's own graceful exit
                    return

            task = asyncio.create_task(look())
            yield
            task.cancel()

        app.on_shutdown.append(shutting_down)
        app.cleanup_ctx.append(watch)
        web.run_app(app, port=config.port, print=None)
    finally:
        if worker.is_alive():
            worker.terminate()  # SIGTERM: RQ's warm shutdown, the current job ends first
            worker.join(WORKER_STOP_TIMEOUT)
        if worker.is_alive():
            worker.kill()
            worker.join()
        if server is not None:
            server.stop()
    if failed:
        print(f"supportbot: {failed[0]}; everything was stopped.", file=sys.stderr)
        return 1
    return 0
