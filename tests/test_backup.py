"""``supportbot export`` and ``supportbot import``, run as the operator runs them (the
command in a process, REDIS_URL naming a real redis-server).

The round trip takes a desk with 1,000 tickets in every state (tests/world.py), exports it,
imports the file into a fresh redis-server and compares every key of the two, type and
value: tickets, their histories (stream ids included), the indexes, the SLA sets, the
schedule the import rebuilt from the tickets, and everything beside (customers, roles,
languages, products, cards, delivered-notice marks, failed notifications, door data…).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import redis
import redis.asyncio as aioredis

from bot.backup import policy_to_mapping
from bot.clock import ManualClock
from bot.connections import RedisSettings
from bot.desk import Desk
from bot.policy import Policy, load_policy, policy_from_mapping
from bot.sla import Sla
from bot.store import Store
from tests.conftest import DeskRedis
from tests.harness import WS, Harness
from tests.redis_server import RedisServer, free_port
from tests.world import QUIET, TIMED, populate

ROOT = Path(__file__).resolve().parent.parent
OPERATIONAL = ("rq:", "sb:metrics:", "sb:dispatcher:")  # not data: not exported


def cli(*args: str, url: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env={**os.environ, "REDIS_URL": url},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def dump(client: redis.Redis) -> tuple[dict[str, Any], dict[str, int]]:
    """Every data key: (type, value), and its time to live in ms (-1: none)."""
    values: dict[str, Any] = {}
    ttls: dict[str, int] = {}
    for key in sorted(client.scan_iter(count=1000)):
        if key.startswith(OPERATIONAL):
            continue
        kind = client.type(key)
        if kind == "string":
            value: Any = client.get(key)
        elif kind == "hash":
            value = client.hgetall(key)
        elif kind == "list":
            value = client.lrange(key, 0, -1)
        elif kind == "set":
            value = sorted(client.smembers(key))
        elif kind == "zset":
            value = client.zrange(key, 0, -1, withscores=True)
        else:
            assert kind == "stream", (key, kind)
            value = client.xrange(key)
        values[key] = (kind, value)
        ttls[key] = client.pttl(key)
    return values, ttls


async def queue_text(url: str, clock: ManualClock, ws: str) -> str:
    client = aioredis.from_url(url, decode_responses=True)
    try:
        desk = Desk(Store(client, Sla(Policy())), clock)
        return desk.queue_text(await desk.queue_view(ws), "en")
    finally:
        await client.aclose()


def test_a_thousand_tickets_in_every_state_survive_export_and_import(
    redis_server: RedisServer, redis_client: redis.Redis, tmp_path: Path
) -> None:
    world = populate(redis_server.url, 1000)
    before, ttl_before = dump(redis_client)
    queue_before = asyncio.run(queue_text(redis_server.url, world.clock, QUIET))
    file = tmp_path / "supportbot.json"

    exported = cli("export", str(file), url=redis_server.url)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("Exported 1000 tickets (")
    assert "10 customers and 12 people from 2 workspaces" in exported.stdout
    data = json.loads(file.read_text(encoding="utf-8"))
    tickets = [r["ticket"] for ws in data["workspaces"].values() for r in ws["tickets"]]
    assert len(tickets) == 1000
    seen = {(t["state"], t["waiting"], t["escalated"], t["under_review"], t["outcome"],
             bool(t["followup"])) for t in tickets}  # fmt: skip
    for state in ("new", "claimed", "resolved", "closed"):
        assert any(s[0] == state for s in seen), state
    assert {s[4] for s in seen} == {"", "non-critical", "feature", "defect"}
    assert any(s[1] for s in seen) and any(s[2] for s in seen) and any(s[3] for s in seen)
    assert any(s[5] for s in seen)
    assert policy_from_mapping(data["policy"]) == Policy()

    target = RedisServer().start()
    try:
        restored = cli("import", str(file), url=target.url)
        assert restored.returncode == 0, restored.stderr
        assert restored.stdout.startswith("Imported 1000 tickets (")
        assert "their timers are planned again from the tickets" in restored.stdout
        client = redis.Redis.from_url(target.url, decode_responses=True)
        after, ttl_after = dump(client)
        assert sorted(after) == sorted(before)
        for key in before:
            assert after[key] == before[key], key
        schedule = f"sb:{{{TIMED}}}:schedule"
        assert after[schedule] == before[schedule] and len(after[schedule][1]) > 10
        for key, ttl in ttl_before.items():
            if ttl < 0:
                assert ttl_after[key] == ttl, key
            else:  # the same expiry instant, give or take the seconds the test took
                assert 0 < ttl_after[key] <= ttl and ttl - ttl_after[key] < 120_000, key
        assert asyncio.run(queue_text(target.url, world.clock, QUIET)) == queue_before
        client.close()
    finally:
        target.stop()


def test_import_refuses_a_redis_that_already_holds_data(
    redis_server: RedisServer, redis_client: redis.Redis, tmp_path: Path
) -> None:
    file = tmp_path / "empty.json"
    assert cli("export", str(file), url=redis_server.url).returncode == 0
    redis_client.hset("sb:{T9}:customers", "acme", '{"id": "acme"}')
    refused = cli("import", str(file), url=redis_server.url)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"supportbot: Redis at 127.0.0.1:{redis_server.port}/0 already holds supportbot data; "
        "import only restores into an empty database, so nothing was written.\n"
    )
    assert redis_client.dbsize() == 1
    redis_client.flushall()
    redis_client.sadd("rq:workers", "rq:worker:w1")  # a worker already up is fine
    accepted = cli("import", str(file), url=redis_server.url)
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith("Imported 0 tickets")


def test_import_refuses_a_file_that_is_not_an_export(
    redis_server: RedisServer, redis_client: redis.Redis, tmp_path: Path
) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"tickets": []}', encoding="utf-8")
    refused = cli(
        "import",
        str(other),
        url=redis_server.url,
    )
    assert refused.returncode == 2
    assert refused.stderr == (
        'supportbot: That file is not a supportbot export (it has no "format": '
        '"supportbot-export"); nothing was imported.\n'
    )
    broken = cli("import", "-", "--lang", "fr", url=redis_server.url, stdin="{not json")
    assert broken.returncode == 2
    assert broken.stderr.startswith("supportbot: Ce fichier n'est pas une exportation de")
    missing = cli("import", str(tmp_path / "nope.json"), url=redis_server.url)
    assert missing.returncode == 2
    assert (
        missing.stderr
        == f"supportbot: {tmp_path / 'nope.json'} cannot be read: No such file or directory.\n"
    )
    assert redis_client.dbsize() == 0


def test_export_when_redis_is_down_says_so(tmp_path: Path) -> None:
    port = free_port()
    down = cli("export", str(tmp_path / "x.json"), url=f"redis://:secret@127.0.0.1:{port}/0")
    assert down.returncode == 2
    assert down.stderr == (
        f"supportbot: Redis at 127.0.0.1:{port}/0 does not answer (ConnectionError); "
        "nothing was done.\n"
    )
    assert not (tmp_path / "x.json").exists()


def test_import_under_another_policy_says_what_it_keeps(
    redis_server: RedisServer, redis_client: redis.Redis, tmp_path: Path
) -> None:
    file = tmp_path / "backup.json"
    assert cli("export", str(file), url=redis_server.url).returncode == 0
    other = str(ROOT / "examples" / "policy.toml")
    restored = cli("--policy", other, "import", str(file), url=redis_server.url)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.splitlines()[0] == (
        "Note: the export was made under another policy than this one; the deadlines already "
        "computed are kept, and new timers follow this deployment's policy."
    )


def test_the_policy_is_written_as_its_toml_file_would_say_it() -> None:
    for policy in (Policy(), load_policy(ROOT / "examples" / "policy.toml")):
        mapping = policy_to_mapping(policy)
        assert policy_from_mapping(json.loads(json.dumps(mapping))) == policy
    assert policy_to_mapping(Policy())["targets"] == {"P1": "2h", "P2": "8h", "P3": "16h",
                                                      "same_day": ["P1"]}  # fmt: skip


def test_the_defect_register_and_the_feature_list_survive_export_and_import(
    h: Harness, desk_redis: DeskRedis, tmp_path: Path
) -> None:
    if desk_redis.kind == "cluster":
        pytest.skip("export/import on a cluster: tests/test_cluster.py")
    h.say("ana", "ticket new Acme product=Acomba version=11.0 totals wrong")
    h.say("ana", "ticket new Beta product=Acomba version=11.0 export to Excel")
    h.say("ana", "ticket new Beta totals wrong here too")
    h.at(datetime.fromisoformat("2026-12-10T10:00:00-05:00"))  # all three before the director
    h.say("dora", "ticket outcome T-1001 defect")
    h.say("dora", "ticket outcome T-1002 feature")
    h.say("dora", "ticket outcome T-1003 defect D-1")
    h.say("ana", "ticket new Acme product=Paie version=2.0 pay stubs")
    h.at(datetime.fromisoformat("2026-12-24T10:00:00-05:00"))
    h.say("dora", "ticket outcome T-1004 defect")
    h.say("sam", "defect fixed D-2 2.1")
    views = ("defect list", "defect list fixed", "defect show D-1", "defect show D-2",
             "feature list")  # fmt: skip
    before = [h.say("ana", view) for view in views]
    assert before[0].startswith("D-1 · Acomba 11.0") and before[1].startswith("D-2 · Paie 2.0")
    assert "T-1001, T-1003" in before[2] and before[4].splitlines()[0] == "Acomba"
    file = tmp_path / "register.json"
    assert cli("export", str(file), url=desk_redis.url).returncode == 0

    target = RedisServer().start()
    try:
        assert cli("import", str(file), url=target.url).returncode == 0
        restored = Harness(DeskRedis("redis", RedisSettings(target.url)), h.clock, h.notifier)
        try:
            assert [restored.say("ana", view) for view in views] == before
            next_id = restored.run(restored.desk.register.next_id(WS))
            assert next_id == "D-3"  # the numbering goes on
        finally:
            restored.run(restored.client.aclose())
            restored.loop.close()
    finally:
        target.stop()
