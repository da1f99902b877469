"""The administrator's commands: `supportbot grant` (the first manager of a new Slack
workspace or Teams tenant) and a worker started with a bad setting."""

from __future__ import annotations

import os
import subprocess
import sys

import redis

from tests.redis_server import RedisServer


def grant(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REDIS_URL": url}
    return subprocess.run([sys.executable, "-m", "bot.cli", "grant", *args],
                          capture_output=True, text=True, env=env, check=False)  # fmt: skip


def test_grant_adds_a_role_to_what_the_person_holds(
    redis_server: RedisServer, redis_client: redis.Redis
) -> None:
    assert grant(redis_server.url, "T0123", "U42", "agent").returncode == 0
    done = grant(redis_server.url, "T0123", "U42", "manager")
    assert done.returncode == 0 and "agent, manager" in done.stdout
    assert redis_client.hget("sb:{T0123}:roles", "U42") == "agent,manager"


def test_grant_refuses_an_unknown_role_and_a_down_redis(redis_client: redis.Redis) -> None:
    done = grant("redis://127.0.0.1:1/0", "T0123", "U42", "boss")
    assert done.returncode == 2 and "invalid choice" in done.stderr
    done = grant("redis://127.0.0.1:1/0", "T0123", "U42", "manager")
    assert done.returncode == 2
    assert "temporarily unavailable" in done.stderr and "Traceback" not in done.stderr


def test_worker_refuses_a_setting_that_is_not_a_number_of_seconds() -> None:
    env = {**os.environ, "SUPPORTBOT_MAINTENANCE_INTERVAL": "ten"}
    command = [sys.executable, "-m", "bot.cli", "worker"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 2
    assert "SUPPORTBOT_MAINTENANCE_INTERVAL must be a whole number of seconds" in done.stderr
    assert "Traceback" not in done.stderr
