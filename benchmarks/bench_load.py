"""Load through the Slack HTTP entry (issue #7): concurrent claims of one ticket, and a
storm of ticket creations of which one in ten is delivered twice, as Slack retries.

    python3 benchmarks/bench_load.py                          # 1,000 claims; 10,000 tickets
    python3 benchmarks/bench_load.py --claims 200 --tickets 2000

Processes: a real redis-server (AOF, ``appendfsync everysec``: README's setting), the web
app under test in its own process (``handlers.web.build_web_app``: Bolt, the desk, the
Redis pool), and this one, which serves the Slack Web API stand-in
(``tests/slack_standin.py``: users.info, response_url, chat.postMessage) and sends the
signed requests.

1. Claims: one ticket, then ``--claims`` different agents send ``/ticket claim T-1001`` all
   at once (``asyncio.gather``, no client connection cap), each with their own
   response_url. Checked: one owner; one "You claimed", every other person exactly one
   "T-1001 is already claimed by <owner>."; the ticket's history is created + claimed.
2. Creations: ``--tickets`` tickets, half ``/ticket new`` and half messages in the intake
   channel, ``--concurrency`` requests in flight; every tenth is sent again with the same
   body (trigger id or event id) and ``X-Slack-Retry-Num: 1``. Checked: exactly
   ``--tickets`` tickets, one per request; each person told of one ticket; one "created"
   reply in each intake message's thread.

Figures: wall time from the first request sent to the last answer received by the
stand-in, requests per second over it, and ack latency (the HTTP answer) p50/p99/max.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import redis
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.redis_server import RedisServer, free_port
from tests.slack_standin import SlackStandIn
from tests.test_reliability import (
    CREATED,
    INTAKE,
    SECRET,
    START,
    SUPPORT,
    TEAM,
    intake_body,
    sign,
    slash_body,
)

AGENT = "UAGENT"
RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


def run_bot(port: int, redis_url: str, api_url: str) -> None:
    from bot.clock import ManualClock
    from handlers.web import WebConfig, build_web_app

    logging.disable(logging.WARNING)
    config = WebConfig(bot_token="xoxb-bench", signing_secret=SECRET, redis_url=redis_url,
                       api_url=api_url, support_channel=SUPPORT,
                       intake_channel=INTAKE)  # fmt: skip
    web.run_app(build_web_app(config, clock=ManualClock(START)), host="127.0.0.1", port=port,
                print=None, access_log=None)  # fmt: skip


async def seed(redis_url: str, agents: list[str]) -> None:
    import redis.asyncio as aioredis

    from bot.directory import Customer, Directory
    from bot.policy import Policy
    from bot.sla import Sla
    from bot.store import Store

    client = aioredis.from_url(redis_url, decode_responses=True)
    await client.flushall()
    directory = Directory(Store(client, Sla(Policy())))
    await directory.seed_roles(TEAM, {"agent": agents})
    await directory.save_customer(TEAM, Customer("acme", "Acme", "contract"))
    await client.aclose()


class Load:
    def __init__(self, url: str, standin: SlackStandIn) -> None:
        self.url = url
        self.standin = standin
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        self.acks: list[float] = []

    async def post(self, body: str, headers: dict[str, str]) -> None:
        started = time.perf_counter()
        async with self.session.post(self.url, data=body, headers=headers) as response:
            await response.read()
            assert response.status == 200, response.status
        self.acks.append(time.perf_counter() - started)

    async def slash(self, text: str, user: str, to: str, trigger: str,
                    again: dict[str, str] | None = None) -> None:  # fmt: skip
        body = slash_body(text, user, self.standin.response_url(to), trigger)
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        await self.post(body, {**form, **sign(body, again), **(again or {})})

    async def event(self, inner: dict[str, Any], event_id: str,
                    again: dict[str, str] | None = None) -> None:  # fmt: skip
        body = json.dumps({"token": "legacy", "team_id": TEAM, "api_app_id": "A1",
                           "event": inner, "type": "event_callback", "event_id": event_id,
                           "event_time": 1764082800})  # fmt: skip
        await self.post(
            body, {"Content-Type": "application/json", **sign(body, again), **(again or {})}
        )

    async def answered(self, method: str, count: int, channel: str = "") -> float:
        """Wait (bounded) until the stand-in has ``count`` calls of ``method``."""
        deadline = time.monotonic() + 600
        while True:
            calls = [c for c in self.standin.to(method)
                     if not channel or c.payload.get("channel") == channel]  # fmt: skip
            if len(calls) >= count:
                return time.perf_counter()
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {len(calls)} of {count} {method} calls came")
            await asyncio.sleep(0.05)

    def figures(self, requests: int, seconds: float) -> str:
        ranked = sorted(self.acks)
        p50, p99 = (ranked[min(len(ranked) - 1, int(q * len(ranked)))] for q in (0.5, 0.99))
        return (f"{requests:,} requests in {seconds:.2f} s = {requests / seconds:,.0f}/s; "
                f"ack p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
                f"max {ranked[-1] * 1000:.1f} ms")  # fmt: skip


async def claims(load: Load, store: redis.Redis, people: int) -> None:
    agents = [f"URACE{n:05d}" for n in range(people)]
    await load.slash("new Acme server down", AGENT, "first", "trig.first")
    await load.answered("response_url", 1)
    load.acks.clear()
    started = time.perf_counter()
    await asyncio.gather(*(load.slash("claim T-1001", a, a, f"trig.{a}") for a in agents))
    done = await load.answered("response_url", 1 + people)
    ticket = json.loads(store.hget(f"sb:{{{TEAM}}}:t:000001001", "json") or "{}")
    owner = ticket["owner"]
    said: dict[str, list[str]] = {}
    for call in load.standin.to("response_url")[1:]:
        said.setdefault(call.path.rsplit("/", 1)[1], []).append(str(call.payload["text"]))
    history = [f["what"] for _, f in store.xrange(f"sb:{{{TEAM}}}:h:000001001")]
    ok = (
        sorted(said) == agents
        and all(len(v) == 1 for v in said.values())
        and said[owner] == ["You claimed T-1001 (Acme)."]
        and sum(v == [f"T-1001 is already claimed by {owner}."] for v in said.values())
        == people - 1
        and history == ["created", "claimed"]
    )
    print(f"{people:,} concurrent claims of T-1001: {load.figures(people, done - started)}")
    print(f"  one owner ({owner}), {people - 1:,} 'already claimed by {owner}', one answer "
          f"each, history created+claimed: {'yes' if ok else 'NO'}")  # fmt: skip
    if not ok:
        raise SystemExit(1)


async def creations(load: Load, store: redis.Redis, tickets: int, concurrency: int) -> None:
    gate = asyncio.Semaphore(concurrency)
    sends: list[Any] = []
    for n in range(tickets):
        for again in (None, RETRY) if n % 20 in (0, 1) else (None,):  # a tenth of each kind
            if n % 2:
                sends.append(
                    lambda n=n, again=again: load.slash(
                        f"new Acme printer {n} down", AGENT, f"s{n}", f"trig.storm.{n}", again
                    )
                )
            else:
                sends.append(lambda n=n, again=again: load.event(
                    intake_body(n), f"EvStorm{n}", again))  # fmt: skip

    async def send(one: Any) -> None:
        async with gate:
            await one()

    load.acks.clear()
    load.standin.calls.clear()
    slashes = tickets // 2
    started = time.perf_counter()
    await asyncio.gather(*(send(one) for one in sends))
    answered = await load.answered("response_url", slashes + (tickets + 18) // 20)
    linked = await load.answered("chat.postMessage", tickets - slashes, INTAKE)
    done = max(answered, linked)
    made = int(store.zcard(f"sb:{{{TEAM}}}:q:all"))
    summaries = {json.loads(raw)["summary"] for raw in (
        store.hget(key, "json") for key in store.scan_iter(f"sb:{{{TEAM}}}:t:*", count=1000))
        if raw}  # fmt: skip
    told: dict[str, set[str]] = {}
    for call in load.standin.to("response_url"):
        found = CREATED.search(str(call.payload["text"]))
        told.setdefault(call.path, set()).add(found.group(1) if found else "?")
    threads = {c.payload.get("thread_ts") for c in load.standin.to("chat.postMessage")
               if c.payload.get("channel") == INTAKE}  # fmt: skip
    ok = (made == tickets and len(summaries) == tickets and len(told) == slashes
          and all(len(v) == 1 and "?" not in v for v in told.values())
          and len(threads) == tickets - slashes)  # fmt: skip
    print(f"{tickets:,} ticket creations ({slashes:,} /ticket new, {tickets - slashes:,} intake "
          f"messages) + {len(sends) - tickets:,} Slack retries: "
          f"{load.figures(len(sends), done - started)}")  # fmt: skip
    print(f"  tickets made: {made:,} ({tickets / (done - started):,.0f} tickets/s); one per "
          f"request, each person told of one, one reply per intake thread: "
          f"{'yes' if ok else 'NO'}")  # fmt: skip
    if not ok:
        raise SystemExit(1)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    server = RedisServer("--appendonly", "yes", "--appendfsync", "everysec").start()
    standin = await SlackStandIn().start()
    port = free_port()
    child = multiprocessing.get_context("spawn").Process(
        target=run_bot, args=(port, server.url, standin.api_url), daemon=True
    )
    store = redis.Redis.from_url(server.url, decode_responses=True)
    load = Load(f"http://127.0.0.1:{port}/slack/events", standin)
    try:
        child.start()
        deadline = time.monotonic() + 30
        while True:  # bounded: until the web app answers
            try:
                async with load.session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        break
            except aiohttp.ClientError:
                if time.monotonic() > deadline:
                    raise
            await asyncio.sleep(0.05)
        print(f"Slack HTTP entry under load (cpus: {os.cpu_count()}, redis-server AOF everysec)")
        await seed(server.url, [AGENT] + [f"URACE{n:05d}" for n in range(args.claims)])
        await claims(load, store, args.claims)
        await seed(server.url, [AGENT])
        await creations(load, store, args.tickets, args.concurrency)
    finally:
        await load.session.close()
        child.terminate()
        child.join(timeout=10)
        await standin.stop()
        store.close()
        server.stop()


if __name__ == "__main__":
    asyncio.run(main())
