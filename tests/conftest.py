"""Shared fixtures: a real redis-server per test session, flushed before every test; and,
for the suites that take ``desk_redis``, the same tests again on a real local Redis
Cluster (three masters with a replica each, RQ on a redis-server of its own)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import redis
from hypothesis import settings

from bot import i18n
from bot.clock import ManualClock
from bot.connections import RedisSettings
from bot.policy import Policy
from bot.redis_server import RedisServer
from jobs.runtime import Runtime, install
from tests.harness import PEOPLE, THURSDAY_10, WS, Harness
from tests.recording import RecordingNotifier
from tests.redis_cluster import LocalCluster, cluster_support

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
    """Tests never depend on the developer's environment; the worker processes they start
    post without the platforms' one-second channel pace (benchmarks/ measure it)."""
    for name in ("SUPPORTBOT_POLICY", "REDIS_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET",
                 "SLACK_APP_TOKEN", "SLACK_API_URL", "SUPPORTBOT_CONFIG",
                 "SUPPORTBOT_REDIS_CLUSTER", "RQ_REDIS_URL"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SUPPORTBOT_CHANNEL_PACE", "0")


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


@dataclass
class ClusterSetup:
    cluster: LocalCluster
    rq: RedisServer  # RQ's own single Redis

    @property
    def settings(self) -> RedisSettings:
        return RedisSettings(self.cluster.url, cluster=True, rq_url=self.rq.url)


@pytest.fixture(scope="session")
def redis_cluster() -> Iterator[ClusterSetup]:
    """A real three-master Redis Cluster (with replicas) for the session; skipped only
    where this machine's redis-server cannot run one."""
    yield from started_cluster()


def started_cluster() -> Iterator[ClusterSetup]:
    """A local three-master cluster with replicas and RQ's own redis-server, stopped after
    the fixture that yields from it; skipped where redis-server cannot run a cluster."""
    reason = cluster_support()
    if reason:
        pytest.skip(f"no Redis Cluster here: {reason}")
    cluster = LocalCluster(masters=3, replicas=1).start()
    rq = RedisServer().start()
    yield ClusterSetup(cluster, rq)
    rq.stop()
    cluster.stop()


@dataclass
class DeskRedis:
    """Where a test's desk keeps its data: one redis-server (``redis``), or the local
    cluster (``cluster``), RQ then on a redis-server of its own. Emptied before the test."""

    kind: str
    settings: RedisSettings
    setup: ClusterSetup | None = None

    @property
    def url(self) -> str:
        return self.settings.url

    def client(self, **options: Any) -> Any:
        """An asyncio client of the desk's data (str replies)."""
        return self.settings.desk(**options)

    def sync(self, **options: Any) -> Any:
        """A synchronous client of the desk's data (bytes unless told)."""
        return self.settings.desk_sync(**options)

    def queue(self) -> redis.Redis:
        """RQ's Redis (the same server, without a cluster)."""
        return self.settings.queue()

    def web(self) -> dict[str, Any]:
        """The Redis fields of ``handlers.web.WebConfig``."""
        return {"redis_url": self.settings.url, "redis_cluster": self.settings.cluster,
                "rq_redis_url": self.settings.rq_url}  # fmt: skip

    def flush(self) -> None:
        if self.setup is not None:
            self.setup.cluster.flush()
        client = redis.Redis.from_url(self.settings.queue_url)  # RQ's (the same, or its own)
        client.flushall()
        client.close()


@pytest.fixture(params=["redis", pytest.param("cluster", marks=pytest.mark.cluster)])
def desk_redis(request: pytest.FixtureRequest) -> Iterator[DeskRedis]:
    """The desk's Redis, once a single redis-server and once the local Redis Cluster: the
    store, desk, timer and Slack suites run on both (``-m "not cluster"`` skips the
    second)."""
    if request.param == "cluster":
        setup: ClusterSetup = request.getfixturevalue("redis_cluster")
        place = DeskRedis("cluster", setup.settings, setup)
    else:
        server: RedisServer = request.getfixturevalue("redis_server")
        place = DeskRedis("redis", RedisSettings(server.url))
    place.flush()
    yield place


@pytest.fixture
def h(desk_redis: DeskRedis) -> Iterator[Harness]:
    """The desk with seeded people (agents ana and alex, senior sam, manager max, director
    dora) and customers Acme (P1) and Beta (P2), Thursday 10:00, real RQ jobs; on one
    redis-server, then on the local Redis Cluster (RQ on its own Redis)."""
    clock = ManualClock(THURSDAY_10)
    notifier = RecordingNotifier()
    # no real-time pacing between posts in a channel here (the benchmark measures it)
    install(Runtime(desk_redis.settings, Policy(), clock, lambda: {"console": notifier}, 0.0))
    harness = Harness(desk_redis, clock, notifier)
    harness.run(harness.desk.directory.seed_roles(WS, PEOPLE))
    harness.say("max", "customer add Acme entitlement=contract")
    harness.say("max", "customer add Beta entitlement=maintenance")
    yield harness
    harness.run(harness.client.aclose())
    harness.loop.close()
