"""The dispatcher on its own: its one-tick lock (redis-py's ``Lock``: SET NX PX with a
token, released only by the holder) and the move of due timers from the schedule to RQ,
leaving an entry a re-plan moved meanwhile."""

from __future__ import annotations

from datetime import timedelta

import redis
from rq import Queue

from bot.clock import ManualClock
from bot.keys import DISPATCHER_LOCK, WORKSPACES, Keys
from bot.plan import ms
from bot.schedule import Due, DueTimers
from bot.timers import Entry
from jobs.dispatcher import LOCK_MS, QUEUE, Dispatcher
from tests.harness import THURSDAY_10, WS

SCHEDULE = Keys(WS).schedule


def dispatcher(client: redis.Redis) -> Dispatcher:
    return Dispatcher(client, ManualClock(THURSDAY_10), Queue(QUEUE, connection=client))


def due_now(client: redis.Redis, *members: str) -> None:
    client.sadd(WORKSPACES, WS)
    client.zadd(SCHEDULE, {m: ms(THURSDAY_10) - 1 for m in members})


def test_a_tick_moves_the_due_timers_and_frees_its_lock(redis_client: redis.Redis) -> None:
    due_now(redis_client, "000001001|breach", "000001002|remind-30m")
    redis_client.zadd(SCHEDULE, {"000001003|review": ms(THURSDAY_10 + timedelta(days=1))})
    assert dispatcher(redis_client).tick() == 2
    assert redis_client.zrange(SCHEDULE, 0, -1) == ["000001003|review"]
    assert Queue(QUEUE, connection=redis_client).count == 1  # one batch job
    assert not redis_client.exists(DISPATCHER_LOCK)


def test_a_lock_held_elsewhere_skips_the_tick_and_stays(redis_client: redis.Redis) -> None:
    due_now(redis_client, "000001001|breach")
    redis_client.set(DISPATCHER_LOCK, "another worker's", px=LOCK_MS)
    assert dispatcher(redis_client).tick() == 0
    assert redis_client.zcard(SCHEDULE) == 1
    assert redis_client.get(DISPATCHER_LOCK) == "another worker's"


def test_a_tick_that_outlived_its_lock_leaves_the_next_holders(
    redis_client: redis.Redis,
) -> None:
    due_now(redis_client, "000001001|breach")
    slow = dispatcher(redis_client)
    real_due = slow.timers.due

    def expired_meanwhile(now_ms: int, limit: int) -> dict[str, list[Due]]:
        # the tick stalls past its lock; another worker's tick takes the lock meanwhile
        redis_client.set(DISPATCHER_LOCK, "the next tick's", px=LOCK_MS)
        return real_due(now_ms, limit)

    slow.timers.due = expired_meanwhile  # type: ignore[method-assign]
    assert slow.tick() == 1
    assert redis_client.get(DISPATCHER_LOCK) == "the next tick's"


def test_a_timer_moved_while_being_queued_stays_at_its_new_time(
    redis_client: redis.Redis,
) -> None:
    due_now(redis_client, "000001001|breach")
    timers = DueTimers(redis_client)
    [read] = timers.due(ms(THURSDAY_10), 10)[WS]
    assert read == Due(Entry("000001001", "breach"), ms(THURSDAY_10) - 1)
    later = ms(THURSDAY_10 + timedelta(hours=1))
    redis_client.zadd(SCHEDULE, {"000001001|breach": later})  # a re-plan, meanwhile
    assert timers.take(WS, [read]) == 0
    assert redis_client.zscore(SCHEDULE, "000001001|breach") == later
    assert timers.take(WS, [Due(read.entry, later)]) == 1
    assert redis_client.zcard(SCHEDULE) == 0


def test_a_jobs_entries_are_taken_in_one_step(redis_client: redis.Redis) -> None:
    due_now(redis_client, "000001001|breach", "000001002|page", "000001003|review")
    timers = DueTimers(redis_client)
    read = timers.due(ms(THURSDAY_10), 10)[WS]
    redis_client.zadd(SCHEDULE, {"000001002|page": ms(THURSDAY_10)})  # moved meanwhile
    assert timers.take(WS, read) == 2
    assert redis_client.zrange(SCHEDULE, 0, -1) == ["000001002|page"]
