"""A batch's timers send their sent-record claims and reschedules together
(``jobs.autopipeline``): one pipeline, or one bulk call, a turn of the event loop, each
caller its own reply."""

from __future__ import annotations

import asyncio

import redis
import redis.asyncio as aioredis

from bot.deliveries import Deliveries, Sent
from bot.redis_server import RedisServer
from bot.timers import SentState
from jobs.autopipeline import AutoPipeline, PerTurn


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


async def test_a_turns_leases_are_one_call_each_caller_its_own_answer(
    redis_server: RedisServer, redis_client: redis.Redis
) -> None:
    """A batch's timers take their notices' sent-records together (``PerTurn`` over
    ``Deliveries.lease_each``): one script call; a free record is taken ("") and one
    delivered or held by another attempt is answered with what it says."""
    client = aioredis.from_url(redis_server.url, decode_responses=True)
    records = [Sent("TLEASE", f"00000{n}:remind-30m:1") for n in range(100)]
    redis_client.set(records[7].key, SentState.DONE)
    redis_client.set(records[8].key, SentState.lease("job-1:3"))
    await client.ping()  # connected
    redis_client.config_resetstat()
    deliveries = Deliveries(client)
    leases: PerTurn[Sent, str] = PerTurn(
        lambda wanted: deliveries.lease_each(wanted, "job-2:3", 60)
    )
    try:
        states = await asyncio.gather(*(leases(record) for record in records))
    finally:
        await client.aclose()
    assert states[7] == "done" and states[8] == "sending job-1:3"
    assert states[:7] + states[9:] == [""] * 98
    assert redis_client.get(records[99].key) == "sending job-2:3"
    assert redis_client.ttl(records[99].key) > 50
    assert redis_client.get(records[7].key) == "done"  # left as it was
    calls = redis_client.info("commandstats")
    evalsha = calls["cmdstat_evalsha"]  # the first is refused (NOSCRIPT): loaded, again
    assert evalsha["calls"] - evalsha["failed_calls"] == 1


async def test_a_failed_bulk_call_reaches_every_caller_of_its_turn() -> None:
    async def broken(args: list[int]) -> list[int]:
        raise ConnectionError("Redis went away")

    calls: PerTurn[int, int] = PerTurn(broken)
    replies = await asyncio.gather(calls(1), calls(2), return_exceptions=True)
    assert [type(r) for r in replies] == [ConnectionError, ConnectionError]
