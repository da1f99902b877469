"""Shared fixtures: a real redis-server per test session, flushed before every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from bot.redis_server import RedisServer


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never depend on the developer's environment."""
    for name in ("SUPPORTBOT_POLICY", "REDIS_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET",
                 "SLACK_APP_TOKEN", "SLACK_API_URL", "SUPPORTBOT_CONFIG"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_client(redis_server: RedisServer) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    client.flushall()
    yield client
    client.close()
