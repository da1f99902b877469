"""Ack latency of signed ``/ticket`` slash commands through the real HTTP entry.

Three processes besides this one: a real redis-server, the Slack Web API stand-in, and the
web app under test (``handlers.web.build_web_app``: Bolt + the desk + a blocking Redis
pool). A fourth serves a bare aiohttp endpoint (read the body, answer 200) on the same
machine as the yardstick. This process sends open-loop load (a request every 1/rate s,
whether or not earlier ones have answered) at 50, 100 and 200 per second and reports ack
latency p50/p99/max and errors (any answer but 200, or none within 3 s). After each rate it
waits for the background work to finish and counts the tickets it made.

    python3 benchmarks/bench_slack.py              # 10 s per rate
    python3 benchmarks/bench_slack.py --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import redis
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.redis_server import RedisServer, free_port

SECRET = "bench-signing-secret"
TEAM = "TBENCH"
AGENTS = [f"UAGENT{i}" for i in range(20)]
TIMEOUT = 3.0


def run_standin(port: int) -> None:
    from tests.slack_standin import SlackStandIn

    async def main() -> None:
        await SlackStandIn(port).start()
        await asyncio.Event().wait()

    asyncio.run(main())


def run_bot(port: int, redis_url: str, api_url: str) -> None:
    from handlers.web import WebConfig, build_web_app

    config = WebConfig(bot_token="xoxb-bench", signing_secret=SECRET, redis_url=redis_url,
                       api_url=api_url, support_channel="CSUPPORT")  # fmt: skip
    web.run_app(build_web_app(config), host="127.0.0.1", port=port, print=None,
                access_log=None)  # fmt: skip


def run_bare(port: int) -> None:
    async def ok(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/slack/events", ok)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip


def command(n: int, response_url: str) -> str:
    return urlencode({
        "token": "legacy", "team_id": TEAM, "team_domain": "bench", "channel_id": "CGENERAL",
        "channel_name": "general", "user_id": AGENTS[n % len(AGENTS)], "user_name": "agent",
        "command": "/ticket", "text": f"new Acme bench request {n}", "api_app_id": "A1",
        "response_url": response_url, "trigger_id": f"trig.{n}.{time.monotonic_ns()}",
    })  # fmt: skip


async def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 20
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(url) as response:
                    if response.status < 500:
                        return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up")
            await asyncio.sleep(0.05)


async def load(url: str, rate: int, seconds: float, response_url: str) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def one(n: int) -> None:
            nonlocal errors
            body = command(n, response_url)
            headers = signed(body)
            start = time.perf_counter()
            try:
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                        return
            except (aiohttp.ClientError, TimeoutError):
                errors += 1
                return
            latencies.append((time.perf_counter() - start) * 1000)

        total = int(rate * seconds)
        began = time.perf_counter()
        tasks = []
        for n in range(total):
            delay = began + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(n)))
        await asyncio.gather(*tasks)
    return latencies, errors


def figures(latencies: list[float]) -> str:
    if not latencies:
        return "no answers"
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"p50 {statistics.median(ordered):6.2f} ms  p99 {p99:6.2f} ms  "
            f"max {ordered[-1]:7.2f} ms")  # fmt: skip


def tickets_made(client: redis.Redis) -> int:
    return int(client.zcard(f"sb:{{{TEAM}}}:q:all"))


async def settle(client: redis.Redis, expected: int) -> int:
    """Wait (up to 30 s) for the background work to have created every ticket."""
    deadline = time.monotonic() + 30
    while tickets_made(client) < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    return tickets_made(client)


async def seed(redis_url: str) -> None:
    import redis.asyncio as aioredis

    from bot.directory import Directory
    from bot.policy import Policy
    from bot.sla import Sla
    from bot.store import Store

    client = aioredis.from_url(redis_url, decode_responses=True)
    directory = Directory(Store(client, Sla(Policy())))
    await directory.seed_roles(TEAM, {"agent": AGENTS})
    await client.aclose()


async def main(rates: list[int], seconds: float) -> None:
    server = RedisServer().start()
    ports = {name: free_port() for name in ("standin", "bot", "bare")}
    api_url = f"http://127.0.0.1:{ports['standin']}/api/"
    response_url = f"http://127.0.0.1:{ports['standin']}/response/bench"
    ctx = multiprocessing.get_context("spawn")
    children = [
        ctx.Process(target=run_standin, args=(ports["standin"],), daemon=True),
        ctx.Process(target=run_bot, args=(ports["bot"], server.url, api_url), daemon=True),
        ctx.Process(target=run_bare, args=(ports["bare"],), daemon=True),
    ]
    client = redis.Redis.from_url(server.url, decode_responses=True)
    try:
        await seed(server.url)
        for child in children:
            child.start()
        for name in ("standin", "bot", "bare"):
            path = "/healthz" if name == "bot" else "/"
            await wait_until_up(f"http://127.0.0.1:{ports[name]}{path}")
        print(f"ack latency of signed /ticket commands, open loop, {seconds:g} s per rate "
              f"(cpus: {os.cpu_count()})")  # fmt: skip
        # Warm-up (auth.test, Lua script load, first connections), not measured.
        bot_url = f"http://127.0.0.1:{ports['bot']}/slack/events"
        await load(bot_url, 20, 1, response_url)
        sent = await settle(client, 20)
        for rate in rates:
            for name in ("bare", "bot"):
                url = f"http://127.0.0.1:{ports[name]}/slack/events"
                latencies, errors = await load(url, rate, seconds, response_url)
                line = (
                    f"{rate:4d}/s  {name:4s}  n={len(latencies) + errors:5d}  errors={errors:3d}  "
                )
                line += figures(latencies)
                if name == "bot":
                    sent += int(rate * seconds)
                    made = await settle(client, sent)
                    line += f"  tickets made/sent so far {made}/{sent}"
                print(line, flush=True)
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
                child.join(timeout=5)
        client.close()
        server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rates", type=int, nargs="+", default=[50, 100, 200])
    args = parser.parse_args()
    asyncio.run(main(args.rates, args.seconds))
