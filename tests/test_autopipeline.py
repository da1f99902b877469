"""A batch's timers send their sent-record claims and reschedules together
(``jobs.autopipeline``): one pipeline a turn of the event loop, each caller its own reply."""

from __future__ import annotations

import asyncio

import redis
import redis.asyncio as aioredis

from bot.redis_server import RedisServer
from jobs.autopipeline import AutoPipeline


async def test_commands_of_one_turn_go_out_together_each_with_its_own_reply(
    redis_server: RedisServer, redis_client: redis.Redis
) -> None:
    client = aioredis.from_url(redis_server.url, decode_responses=True)
    redis_client.set("taken", "sending job-1:3")
    redis_client.set("a string", "not a sorted set")
    await client.ping()  # connected
    redis_client.config_resetstat()
    reads_before = redis_client.info("stats")["total_reads_processed"]
    commands = AutoPipeline(client)
    try:
        replies = await asyncio.gather(
            *(commands.set(f"sent:{n}", "sending", nx=True, ex=60) for n in range(100)),
            commands.set("taken", "sending job-2:3", nx=True, ex=60),
            commands.get("taken"),
            commands.zadd("a string", {"T-1|remind-30m": 1}),
            return_exceptions=True,
        )
        reads = redis_client.info("stats")["total_reads_processed"] - reads_before
    finally:
        await client.aclose()
    *claims, refused, holder, wrong_type = replies
    assert claims == [True] * 100
    assert refused is None  # someone else's claim stands
    assert holder == "sending job-1:3"
    assert isinstance(wrong_type, redis.ResponseError)  # that caller's error, nobody else's
    assert redis_client.get("sent:99") == "sending"
    assert redis_client.info("commandstats")["cmdstat_set"]["calls"] == 101
    # 103 commands in a few socket reads (the server reads a pipeline in large chunks;
    # sent one by one they would take 103), beside the two INFO calls of this test
    assert reads <= 6, reads
