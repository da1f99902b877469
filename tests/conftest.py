"""Shared fixtures: a real redis-server per test session, flushed before every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from hypothesis import settings

from bot import i18n
from bot.clock import ManualClock
from bot.policy import Policy
from bot.redis_server import RedisServer
from jobs.runtime import Runtime, install
from tests.harness import PEOPLE, THURSDAY_10, WS, Harness
from tests.recording import RecordingNotifier

# Property-based tests: "ci" (the default) keeps hypothesis' own numbers and prints the
# blob that reproduces a failure; "long" (pytest --hypothesis-profile=long) runs ten times
# more examples wherever a test does not fix its own count (tests/test_fuzz.py scales).
settings.register_profile("ci", print_blob=True)
settings.register_profile("long", max_examples=1000, print_blob=True)
settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _strict_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sentence missing from the catalog fails the test that reaches it."""
    monkeypatch.setattr(i18n, "STRICT", True)


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


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A redis-server of the test's own, for tests that kill it or run processes on it."""
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def sync(own_redis: RedisServer) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(own_redis.url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def h(redis_client: redis.Redis, redis_server: RedisServer) -> Iterator[Harness]:
    """The desk with seeded people (agents ana and alex, senior sam, manager max, director
    dora) and customers Acme (P1) and Beta (P2), Thursday 10:00, real RQ jobs."""
    clock = ManualClock(THURSDAY_10)
    notifier = RecordingNotifier()
    # no real-time pacing between posts in a channel here (the benchmark measures it)
    install(Runtime(redis_server.url, Policy(), clock, lambda: {"console": notifier}, 0.0))
    harness = Harness(redis_server.url, clock, notifier)
    harness.run(harness.desk.directory.seed_roles(WS, PEOPLE))
    harness.say("max", "customer add Acme entitlement=contract")
    harness.say("max", "customer add Beta entitlement=maintenance")
    yield harness
    harness.run(harness.client.aclose())
    harness.loop.close()
