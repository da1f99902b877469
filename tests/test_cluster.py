"""The desk on a Redis Cluster (issue #18), against real local clusters: the settings and
their refusals, the console piped through ``supportbot shell``, a failover under load,
moving a single-Redis desk onto a cluster with export and import, several web processes
over one cluster, and ``/metrics`` and ``/readyz`` reading across shards.

The store, desk, timer and Slack-door suites run on the cluster too (``desk_redis`` in
tests/conftest.py); here is what they do not cover.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import redis
from aiohttp.test_utils import TestClient, TestServer
from redis.cluster import RedisCluster
from redis.crc import key_slot
from rq import Queue

from bot import app
from bot.clock import ManualClock
from bot.connections import RedisSettings, SettingsError
from bot.desk import Actor, Desk
from bot.directory import Customer
from bot.plan import ms
from bot.policy import Policy
from bot.redis_server import RedisServer
from bot.settings import Settings, redis_settings
from bot.sla import Sla
from bot.store import Store
from handlers.web import DESK, SLACK, WebConfig, build_web_app
from jobs.dispatcher import QUEUE, Dispatcher
from jobs.runtime import Runtime, install
from tests.conftest import ClusterSetup, started_cluster
from tests.harness import BurstWorker
from tests.recording import RecordingNotifier
from tests.redis_cluster import LocalCluster
from tests.slack_standin import SlackStandIn, slack_signed
from tests.test_backup import dump
from tests.world import populate

pytestmark = pytest.mark.cluster
ROOT = Path(__file__).resolve().parent.parent
THURSDAY_10 = datetime.fromisoformat("2026-11-26T10:00:00-05:00")
PEOPLE = {"agent": ["ana", "alex"], "senior": ["sam"], "manager": ["max"], "director": ["dora"]}


def supportbot(*args: str, env: dict[str, str], stdin: str | None = None,
               cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:  # fmt: skip
    clean = {k: v for k, v in os.environ.items()
             if k not in ("REDIS_URL", "SUPPORTBOT_REDIS_CLUSTER", "RQ_REDIS_URL")}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env={**clean, "PYTHONPATH": str(ROOT), **env},
        input=stdin, capture_output=True, text=True, timeout=120, cwd=cwd,
    )  # fmt: skip


@pytest.fixture
def on_cluster(redis_cluster: ClusterSetup) -> Iterator[ClusterSetup]:
    """The session's cluster and RQ's Redis, emptied."""
    redis_cluster.cluster.flush()
    rq = redis.Redis.from_url(redis_cluster.rq.url)
    rq.flushall()
    rq.close()
    yield redis_cluster


# -- settings --------------------------------------------------------------------------
def test_the_settings_and_their_one_sentence_refusals() -> None:
    plain = redis_settings({"REDIS_URL": "redis://r1:6379/0"})
    assert (plain.url, plain.cluster, plain.queue_url, plain.shared) == (
        "redis://r1:6379/0", False, "redis://r1:6379/0", True)  # fmt: skip
    apart = redis_settings({"REDIS_URL": "redis://r1/0", "RQ_REDIS_URL": "redis://q/0"})
    assert (apart.queue_url, apart.shared) == ("redis://q/0", False)
    env = {"REDIS_URL": "redis://node1:7000", "SUPPORTBOT_REDIS_CLUSTER": "1"}
    with pytest.raises(SettingsError) as refused:
        redis_settings(env)
    assert str(refused.value) == (
        "SUPPORTBOT_REDIS_CLUSTER is set but RQ_REDIS_URL is not: RQ's queues need a single "
        "Redis outside the cluster, so set RQ_REDIS_URL to one."
    )
    desk_only = redis_settings(env, queues=False)  # export, import, report
    assert desk_only.cluster and not desk_only.shared
    clustered = redis_settings({**env, "RQ_REDIS_URL": "redis://rq:6379/0"})
    assert (clustered.cluster, clustered.queue_url) == (True, "redis://rq:6379/0")
    with pytest.raises(SettingsError, match="names the cluster itself"):
        redis_settings({**env, "RQ_REDIS_URL": "redis://node1:7000"})
    with pytest.raises(SettingsError, match="must be 1 or 0, not 'maybe'"):
        redis_settings({**env, "SUPPORTBOT_REDIS_CLUSTER": "maybe"})


def test_the_web_process_reads_the_cluster_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://node1:7000/0")
    monkeypatch.setenv("SUPPORTBOT_REDIS_CLUSTER", "1")
    monkeypatch.setenv("RQ_REDIS_URL", "redis://rq:6379/0")
    config = WebConfig.from_settings(Settings.from_environment())
    assert config.redis == RedisSettings("redis://node1:7000/0", True, "redis://rq:6379/0")
    monkeypatch.delenv("RQ_REDIS_URL")
    with pytest.raises(SettingsError):
        app.web(Settings.from_environment())  # refused before anything is built


@pytest.mark.parametrize("command", [["worker"], ["web"], ["shell"]])
def test_a_cluster_without_rq_redis_url_exits_2_with_one_sentence(command: list[str]) -> None:
    env = {"REDIS_URL": "redis://127.0.0.1:1/0", "SUPPORTBOT_REDIS_CLUSTER": "1",
           "SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s"}  # fmt: skip
    done = supportbot(*command, env=env)
    assert done.returncode == 2
    assert done.stderr == (
        "supportbot: SUPPORTBOT_REDIS_CLUSTER is set but RQ_REDIS_URL is not: RQ's queues need "
        "a single Redis outside the cluster, so set RQ_REDIS_URL to one.\n"
    )


# -- the console ---------------------------------------------------------------------------
def test_the_console_makes_claims_and_queues_tickets_on_the_cluster(
    on_cluster: ClusterSetup, tmp_path: Path
) -> None:
    lines = [
        "customer add Acme entitlement=contract",
        "as ana",
        "ticket new Acme server down after the update",
        "as alex",
        "ticket claim T-1001",
        "as max",
        "queue",
    ]
    env = {"REDIS_URL": on_cluster.cluster.url, "SUPPORTBOT_REDIS_CLUSTER": "1",
           "RQ_REDIS_URL": on_cluster.rq.url}  # fmt: skip
    done = supportbot("shell", env=env, stdin="\n".join(lines) + "\n", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Ticket T-1001 created for Acme (P1)" in out
    assert "You claimed T-1001 (Acme)." in out
    assert "P1: 0 unclaimed, 1 claimed, 0 waiting on customer" in out
    assert "┌ [posted] " in out  # a card job, through RQ on RQ_REDIS_URL, read the cluster
    assert "went wrong" not in out
    cluster = on_cluster.cluster.client(decode_responses=True)
    keys = set(cluster.scan_iter(match="*", count=1000))
    cluster.close()
    assert "sb:{console}:t:000001001" in keys
    assert not [k for k in keys if k.startswith("rq:")]  # RQ's keys stay off the cluster
    rq = redis.Redis.from_url(on_cluster.rq.url, decode_responses=True)
    assert rq.exists(f"rq:queue:{QUEUE}") or rq.keys("rq:job:*")
    assert not rq.keys("sb:*")
    rq.close()


def one_per_master(cluster: LocalCluster) -> list[str]:
    """Workspace ids whose slots fall on each master in turn."""
    client = cluster.client()
    found: dict[int, str] = {}
    for i in range(100):
        found.setdefault(client.get_node_from_key(f"sb:{{W{i}}}").port, f"W{i}")
    client.close()
    assert len(found) == 3
    return sorted(found.values())


def test_supportbot_worker_runs_the_clusters_timers_through_rq_on_its_own_redis(
    on_cluster: ClusterSetup,
) -> None:
    """``supportbot worker --burst``, as deployed: its dispatcher takes the due timers
    from workspaces on different shards and queues them on RQ_REDIS_URL; its work-horses
    read the tickets on the cluster and post (the console door prints the cards)."""
    settings = on_cluster.settings
    workspaces = one_per_master(on_cluster.cluster)

    async def create() -> None:
        client = settings.desk()
        desk = Desk(Store(client, Sla(Policy())), ManualClock(THURSDAY_10))  # long past
        for ws in workspaces:
            await desk.directory.seed_roles(ws, PEOPLE)
            await desk.directory.save_customer(ws, Customer("acme", "Acme", "contract", "en"))
            assert (await desk.handle(Actor(ws, "ana"), f"ticket new Acme down in {ws}")).ok
        await client.aclose()

    asyncio.run(create())
    env = {"REDIS_URL": settings.url, "SUPPORTBOT_REDIS_CLUSTER": "1",
           "RQ_REDIS_URL": on_cluster.rq.url}  # fmt: skip
    done = supportbot("worker", "--burst", env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("┌ [posted] ") == len(workspaces), done.stdout  # a card each
    data = settings.desk_sync(decode_responses=True)
    day_after = ms(THURSDAY_10 + timedelta(days=1))
    for ws in workspaces:  # every timer due back then left its workspace's schedule
        left = data.zrangebyscore(f"sb:{{{ws}}}:schedule", "-inf", day_after)
        assert left == [], (ws, left)
    data.close()
    rq = redis.Redis.from_url(on_cluster.rq.url)
    assert rq.zcard(f"rq:finished:{QUEUE}") >= len(workspaces)
    rq.close()


# -- failover ------------------------------------------------------------------------------
@pytest.fixture
def own_cluster() -> Iterator[ClusterSetup]:
    """A cluster of the test's own: its failovers change which node is a master."""
    yield from started_cluster()


def test_every_acknowledged_ticket_survives_failovers_and_its_timers_fire(
    own_cluster: ClusterSetup,
) -> None:
    """Each master in turn hands over to its replica (``CLUSTER FAILOVER``) while tickets
    are being created in workspaces spread over the three shards. Every ticket the desk
    acknowledged is there afterwards, and at 11:31 each gets its 30-minute reminder."""
    settings = own_cluster.settings
    clock = ManualClock(THURSDAY_10)
    notifier = RecordingNotifier()
    install(Runtime(settings, Policy(), clock, lambda: {"console": notifier}))
    workspaces = [f"W{i}" for i in range(6)]
    cluster = own_cluster.cluster
    shards = {cluster.client().get_node_from_key(f"sb:{{{ws}}}").port for ws in workspaces}
    assert len(shards) >= 2  # the workspaces live on different masters
    acknowledged: list[tuple[str, str]] = []
    refused = 0

    async def main() -> None:
        nonlocal refused
        client = settings.desk()
        desk = Desk(Store(client, Sla(Policy())), clock)
        for ws in workspaces:
            await desk.directory.seed_roles(ws, PEOPLE)
            await desk.directory.save_customer(ws, Customer("acme", "Acme", "contract", "en"))

        async def create(ws: str) -> None:
            nonlocal refused
            reply = await desk.handle(Actor(ws, "ana"), "ticket new Acme server down")
            if reply.ok and reply.ticket is not None:
                acknowledged.append((ws, reply.ticket.id))
            else:
                refused += 1  # "unavailable, nothing was recorded": not acknowledged

        for ws in workspaces:
            await create(ws)
        for master in cluster.masters():
            handover = asyncio.create_task(asyncio.to_thread(cluster.failover, master))
            made = 0
            while not handover.done() and made < len(workspaces):  # while the master changes
                await create(workspaces[made % len(workspaces)])
                made += 1
            await handover
        for ws in workspaces:
            await create(ws)  # and on the new masters
        await client.aclose()

        fresh = settings.desk()  # a client that never saw the old masters
        store = Store(fresh, Sla(Policy()))
        for ws, ticket_id in acknowledged:
            assert await store.get(ws, ticket_id) is not None, (ws, ticket_id)
        await fresh.aclose()

    asyncio.run(main())
    assert len(acknowledged) >= 2 * len(workspaces) + 3
    assert refused <= 3  # only a command caught in a handover may be refused

    clock.set(datetime.fromisoformat("2026-11-26T11:31:00-05:00"))
    data = settings.desk_sync()
    rq = settings.queue()
    queue = Queue(QUEUE, connection=rq)
    dispatcher = Dispatcher(data, clock, queue)
    while dispatcher.tick():
        BurstWorker([queue], connection=rq).work(burst=True, logging_level="WARNING")
    reminded = {(n.ticket.workspace, n.ticket.id) for n in notifier.of_kind("remind-30m")}
    assert reminded == set(acknowledged)
    data.close()
    rq.close()


# -- moving a single-Redis desk onto a cluster ---------------------------------------------
def test_a_single_redis_desk_moves_onto_the_cluster_with_export_and_import(
    on_cluster: ClusterSetup, tmp_path: Path
) -> None:
    """What the README's "Scaling out" says to do: export from the single Redis, import
    into the empty cluster; every key comes back the same, each on its workspace's slot."""
    single = RedisServer().start()
    try:
        populate(single.url, 120)
        plain = redis.Redis.from_url(single.url, decode_responses=True)
        before, _ = dump(plain)
        plain.close()
        file = tmp_path / "desk.json"
        exported = supportbot("export", str(file), env={"REDIS_URL": single.url})
        assert exported.returncode == 0, exported.stderr
    finally:
        single.stop()
    env = {"REDIS_URL": on_cluster.cluster.url, "SUPPORTBOT_REDIS_CLUSTER": "1"}
    restored = supportbot("import", str(file), env=env)  # no RQ_REDIS_URL needed for this
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith("Imported 120 tickets (")
    cluster = on_cluster.cluster.client(decode_responses=True)
    after, _ = dump(cluster)  # type: ignore[arg-type]
    assert sorted(after) == sorted(before)
    for key in before:
        assert after[key] == before[key], key
    for key in after:
        if key.startswith("sb:{"):
            tag = key[key.index("{") + 1 : key.index("}")]
            assert cluster.keyslot(key) == key_slot(tag.encode()), key
    again = tmp_path / "again.json"
    assert supportbot("export", str(again), env=env).returncode == 0
    first, second = (json.loads(f.read_text(encoding="utf-8")) for f in (file, again))
    for data in (first, second):
        data.pop("exported_at")
    assert second["workspaces"].keys() == first["workspaces"].keys()
    for ws, content in first["workspaces"].items():
        assert second["workspaces"][ws]["tickets"] == content["tickets"], ws
        assert second["workspaces"][ws]["customers"] == content["customers"], ws
    cluster.close()


# -- several web processes over one cluster -------------------------------------------------
SECRET = "cluster-signing-secret"
TEAM = "T1"


@pytest.fixture
async def two_webs(on_cluster: ClusterSetup) -> AsyncIterator[list[TestClient[Any, Any]]]:
    """Two web apps, as two ``supportbot web`` processes behind a load balancer: nothing
    but the cluster (and RQ's Redis) between them."""
    standin = await SlackStandIn().start()
    clients = []
    for _ in range(2):
        config = WebConfig(bot_token="xoxb-test", signing_secret=SECRET,
                           redis_url=on_cluster.cluster.url, redis_cluster=True,
                           rq_redis_url=on_cluster.rq.url, api_url=standin.api_url,
                           support_channel="CSUPPORT")  # fmt: skip
        client = TestClient(TestServer(build_web_app(config, clock=ManualClock(THURSDAY_10))))
        await client.start_server()
        clients.append(client)
    desk = clients[0].server.app[DESK]
    await desk.directory.seed_roles(TEAM, {"agent": ["UAGENT"], "manager": ["UMGR"]})
    await desk.directory.save_customer(TEAM, Customer("acme", "Acme", "contract", "en"))
    yield clients
    for client in clients:
        await client.close()
    await standin.stop()


async def drain(*clients: TestClient[Any, Any]) -> None:
    for client in clients:
        await client.server.app[SLACK].drain()


def slash_body(text: str, user: str = "UAGENT") -> str:
    return urlencode({"team_id": TEAM, "channel_id": "CGENERAL", "user_id": user,
                      "command": "/ticket", "text": text, "api_app_id": "A1",
                      "response_url": "", "trigger_id": "t"})  # fmt: skip


async def test_replays_retries_languages_and_metrics_hold_across_web_processes(
    two_webs: list[TestClient[Any, Any]],
) -> None:
    a, b = two_webs
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    body = slash_body("new Acme printer down")
    headers = {**form, **slack_signed(body.encode(), SECRET)}
    assert (await a.post("/slack/events", data=body, headers=headers)).status == 200
    replayed = await b.post("/slack/events", data=body, headers=headers)
    assert replayed.status == 401  # the other process knows the signature was used

    event = json.dumps({"team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
                        "event_id": "EvX", "event_time": 1764082800,
                        "event": {"type": "app_mention", "user": "UAGENT", "channel": "CGENERAL",
                                  "text": "<@UBOT> ticket new Acme mail is down",
                                  "ts": "1764082800.000100"}})  # fmt: skip
    json_headers = {"Content-Type": "application/json"}
    first = {**json_headers, **slack_signed(event.encode(), SECRET)}
    sent = await a.post("/slack/events", data=event, headers=first)
    retry = {**json_headers, **slack_signed(event.encode(), SECRET), "X-Slack-Retry-Num": "1"}
    retried = await b.post("/slack/events", data=event, headers=retry)
    assert (sent.status, retried.status) == (200, 200)

    lang = slash_body("lang fr")
    await a.post(
        "/slack/events", data=lang, headers={**form, **slack_signed(lang.encode(), SECRET)}
    )
    await drain(a, b)

    desk_a, desk_b = a.server.app[DESK], b.server.app[DESK]
    found = await desk_b.store.members(TEAM, "all")
    assert len(found) == 2  # one per request: the replay refused, the retry dropped
    assert await desk_b.directory.language(TEAM, "UAGENT") == "fr"  # chosen through a
    reply = await desk_b.handle(Actor(TEAM, "UAGENT", "slack"), "ticket show T-1001")
    assert reply.lang == "fr"  # b answers in French: the choice is in Redis, not in a

    metrics_a = await (await a.get("/metrics")).text()
    metrics_b = await (await b.get("/metrics")).text()
    for text in (metrics_a, metrics_b):
        assert "supportbot_redis_up 1.0" in text
        assert 'supportbot_tickets_open{state="new",tier="P1",workspace="T1"} 2.0' in text
        assert 'supportbot_command_duration_seconds_count{command="ticket.new"}' in text
    assert desk_a is not desk_b


async def test_readyz_and_metrics_read_every_shard_and_rq_apart(
    two_webs: list[TestClient[Any, Any]], on_cluster: ClusterSetup
) -> None:
    web = two_webs[0]
    desk = web.server.app[DESK]
    workspaces = [f"S{i}" for i in range(9)]
    nodes = {on_cluster.cluster.client().get_node_from_key(f"sb:{{{ws}}}").port
             for ws in workspaces}  # fmt: skip
    assert len(nodes) == 3  # these nine workspaces cover every master
    for ws in workspaces:
        await desk.directory.seed_roles(ws, {"agent": ["ana"]})
        await desk.directory.save_customer(ws, Customer("acme", "Acme", "contract", "en"))
        assert (await desk.handle(Actor(ws, "ana"), "ticket new Acme down")).ok
    text = await (await web.get("/metrics")).text()
    for ws in workspaces:
        assert f'supportbot_tickets_open{{state="new",tier="P1",workspace="{ws}"}} 1.0' in text
    assert "supportbot_workers 0.0" in text  # read from RQ's Redis, not the cluster
    rq = redis.Redis.from_url(on_cluster.rq.url)
    Queue(QUEUE, connection=rq).enqueue("jobs.tasks.perform", "S0", "000001001", "card", 0)
    assert await (await web.get("/healthz")).json() == {"status": "ok", "redis": "ok"}
    ready = await web.get("/readyz")
    body = await ready.json()
    assert body["checks"]["redis"] == {"ok": True}
    assert body["checks"]["workers"] == {"ok": False, "names": [], "queued": 1}
    rq.flushall()
    rq.close()


def test_a_hundred_workspaces_spread_over_the_three_masters(on_cluster: ClusterSetup) -> None:
    """Slots are spread by hash, so workspaces (and their tickets) share the shards."""
    client: RedisCluster = on_cluster.cluster.client()
    per_node: dict[int, int] = {}
    for i in range(100):
        port = client.get_node_from_key(f"sb:{{T{i:04d}}}").port
        per_node[port] = per_node.get(port, 0) + 1
    client.close()
    assert len(per_node) == 3 and min(per_node.values()) >= 20, per_node


def test_a_dispatcher_without_rqs_queue_is_refused_on_a_cluster(on_cluster: ClusterSetup) -> None:
    data = on_cluster.settings.desk_sync()
    with pytest.raises(ValueError, match="RQ needs a single Redis"):
        Dispatcher(data, ManualClock(THURSDAY_10))
    data.close()
