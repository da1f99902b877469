"""Where the desk's Redis is, and the one place a Redis client is built.

Two Redis places, read once from the environment with the other settings
(``bot.settings``) and handed down as a :class:`RedisSettings`:

- the desk's data (``REDIS_URL``): tickets, histories, indexes, schedules, people,
  metrics. With ``SUPPORTBOT_REDIS_CLUSTER=1`` it is a Redis Cluster and ``REDIS_URL``
  names any one of its nodes; redis-py's cluster client finds the others. Every key of a
  workspace carries the workspace as its hash tag (``sb:{T0123}:…``), so each atomic step
  (a Lua script, a pipeline of one workspace) stays on one slot; what spans workspaces
  reads one registry key (``sb:workspaces``) and then each workspace's own keys, never
  one command over keys of two slots.
- RQ's queues (``RQ_REDIS_URL``, by default ``REDIS_URL``). RQ moves a job between its
  lists and registries in MULTI/EXEC transactions over keys that share no hash tag, so it
  needs one plain Redis: a cluster desk must be given one (the worker, the web processes
  and the console refuse to start without it).

Every client the web processes, the workers, the console and the operator's commands
build comes from :func:`connect` (asyncio) or :func:`connect_sync`, through the settings'
``desk``/``queue`` methods; the tests' own single-server helpers and the embedded
``redis-server``'s readiness probe are the only other ``redis.Redis`` built.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

import redis
import redis.asyncio as aioredis
from redis.asyncio.cluster import ClusterPipeline
from redis.asyncio.cluster import RedisCluster as AsyncRedisCluster
from redis.cluster import RedisCluster
from redis.driver_info import DriverInfo

DEFAULT_URL = "redis://127.0.0.1:6379/0"  # REDIS_URL unset: the Redis on this machine
CLUSTER = "SUPPORTBOT_REDIS_CLUSTER"

AsyncClient = aioredis.Redis | AsyncRedisCluster
SyncClient = redis.Redis | RedisCluster


class SettingsError(ValueError):
    """A Redis setting that cannot work, in one sentence (``supportbot`` exits 2)."""


@dataclass(frozen=True)
class RedisSettings:
    """The desk's Redis (``url``, a cluster node when ``cluster``) and RQ's (``rq_url``)."""

    url: str = DEFAULT_URL
    cluster: bool = False
    rq_url: str = ""  # empty: the desk's own Redis (only without a cluster)

    def __post_init__(self) -> None:
        if self.cluster and self.rq_url == self.url:
            raise SettingsError(
                "RQ_REDIS_URL names the cluster itself: RQ's queues need a single Redis outside it."
            )

    @property
    def queue_url(self) -> str:
        """Where RQ's queues, workers and registries live."""
        if self.cluster and not self.rq_url:
            raise SettingsError(
                f"{CLUSTER} is set but RQ_REDIS_URL is not: RQ's queues need a single Redis "
                "outside the cluster, so set RQ_REDIS_URL to one."
            )
        return self.rq_url or self.url

    @property
    def shared(self) -> bool:
        """True when the desk and RQ use one and the same plain Redis."""
        return not self.cluster and (self.rq_url or self.url) == self.url

    @classmethod
    def of(cls, where: str | RedisSettings) -> RedisSettings:
        """Settings as given, or those of one plain Redis named by its URL."""
        return where if isinstance(where, RedisSettings) else cls(url=where)

    # -- clients ------------------------------------------------------------------------
    def desk(self, **options: Any) -> Any:
        """An asyncio client of the desk's data (``decode_responses`` unless told)."""
        options.setdefault("decode_responses", True)
        return connect(self.url, cluster=self.cluster, **options)

    def desk_sync(self, **options: Any) -> Any:
        """A synchronous client of the desk's data (the dispatcher's, the console's)."""
        return connect_sync(self.url, cluster=self.cluster, **options)

    def queue(self, **options: Any) -> redis.Redis:
        """A synchronous client of RQ's Redis (RQ wants bytes: no decoding)."""
        client: redis.Redis = connect_sync(self.queue_url, cluster=False, **options)
        return client

    def queue_async(self, **options: Any) -> aioredis.Redis:
        """An asyncio client of RQ's Redis (the web processes read its registries)."""
        options.setdefault("decode_responses", True)
        client: aioredis.Redis = connect(self.queue_url, cluster=False, **options)
        return client


def connect(url: str, *, cluster: bool = False, wait: bool = False, **options: Any) -> Any:
    """An asyncio client of ``url``: redis-py's cluster client when ``cluster``.

    ``wait`` (with ``max_connections``): when every connection is busy a caller waits its
    turn instead of failing. A single Redis gets a ``BlockingConnectionPool``; the cluster
    client, which keeps ``max_connections`` per node and raises ``MaxConnectionsError``
    past it, lets at most that many commands or pipelines run at once (each takes at most
    one connection per node)."""
    options.setdefault("driver_info", driver())
    if cluster:
        if wait:
            return WaitingCluster.from_url(url, **options)
        return AsyncRedisCluster.from_url(url, **options)
    if wait:
        pool = aioredis.BlockingConnectionPool.from_url(url, timeout=None, **options)
        return aioredis.Redis.from_pool(pool)
    return aioredis.from_url(url, **options)


def connect_sync(url: str, *, cluster: bool = False, **options: Any) -> Any:
    """A synchronous client of ``url``: redis-py's cluster client when ``cluster``."""
    if cluster:
        return RedisCluster.from_url(url, **options)
    options.setdefault("driver_info", driver())
    return redis.Redis.from_url(url, **options)


@cache
def driver() -> DriverInfo:
    """What every connection tells the server it is (CLIENT SETINFO), worked out once:
    redis-py otherwise reads its package's metadata anew for each connection it opens,
    about 1 ms each (a job opens up to ``jobs.runtime.JOB_CONNECTIONS``)."""
    return DriverInfo()


def server_of(client: Any) -> tuple[Any, ...]:
    """Which Redis a client talks to, as a hashable value (a cluster: its seed nodes)."""
    pool = getattr(client, "connection_pool", None)
    if pool is not None:
        kwargs = pool.connection_kwargs
        return (kwargs.get("host"), kwargs.get("port"), kwargs.get("path"), kwargs.get("db"))
    nodes = getattr(getattr(client, "nodes_manager", None), "startup_nodes", {})
    return ("cluster", *sorted(nodes))


# -- a cluster client whose callers wait for a connection ----------------------------------
_HOLDING: ContextVar[bool] = ContextVar("supportbot_redis_turn", default=False)


class WaitingCluster(AsyncRedisCluster):
    """redis-py's asyncio cluster client, where a caller past ``max_connections`` waits.

    Bounds the commands and pipelines in flight to ``max_connections``: each uses at most
    one connection per node, so no node's pool runs dry. A command the client issues on
    its own behalf while one runs (a pipeline's redirected command, a script load) is
    part of that turn (a context variable marks it) and never waits for another."""

    def __init__(self, max_connections: int = 100, **kwargs: Any) -> None:
        super().__init__(max_connections=max_connections, **kwargs)
        self.turns = asyncio.Semaphore(max_connections)

    async def execute_command(self, *args: Any, **kwargs: Any) -> Any:
        if _HOLDING.get():
            return await super().execute_command(*args, **kwargs)
        async with self.turns:
            token = _HOLDING.set(True)
            try:
                return await super().execute_command(*args, **kwargs)
            finally:
                _HOLDING.reset(token)

    def pipeline(self, transaction: Any | None = None, shard_hint: Any | None = None) -> Any:
        if shard_hint:
            return super().pipeline(transaction, shard_hint)  # refused by redis-py
        return _WaitingPipeline(self, transaction)  # type: ignore[abstract]


class _WaitingPipeline(ClusterPipeline):
    async def execute(self, raise_on_error: bool = True, allow_redirections: bool = True) -> Any:
        client = self.cluster_client
        if _HOLDING.get() or not isinstance(client, WaitingCluster):
            return await super().execute(raise_on_error, allow_redirections)
        async with client.turns:
            token = _HOLDING.set(True)
            try:
                return await super().execute(raise_on_error, allow_redirections)
            finally:
                _HOLDING.reset(token)
