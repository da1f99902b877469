"""The store's small repositories on a real Redis (and the local cluster): what they
write is what the desk and the jobs always stored, and what they read back agrees with
the desk's own views."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from bot.cards import START as CURSOR_START
from bot.cards import Cards
from bot.clock import ManualClock
from bot.deliveries import FAILED_KEPT, SENT_TTL_S, Deliveries, Sent
from bot.desk import Desk
from bot.keys import Keys, channel, channel_hold, channel_line
from bot.policy import Policy
from bot.schedule import Schedule
from bot.sla import Sla
from bot.store import Store, member_of
from bot.timers import Entry, TimerKind
from bot.turns import ChannelTurns
from tests.conftest import DeskRedis
from tests.test_desk import ROLES, START, WS, new


@pytest.fixture
async def client(desk_redis: DeskRedis) -> AsyncIterator[aioredis.Redis]:
    aclient = desk_redis.client()
    yield aclient
    await aclient.aclose()


@pytest.fixture
async def desk(client: aioredis.Redis) -> Desk:
    d = Desk(Store(client, Sla(Policy())), ManualClock(START))
    await d.directory.seed_roles(WS, ROLES)
    return d


async def test_a_cards_record_reads_back_as_written(desk: Desk) -> None:
    ticket = await new(desk, "Acme printer down")
    m, cards = member_of(ticket.id), Cards(desk.store.redis)
    assert (await cards.ref(WS, m), await cards.cursor(WS, m)) == (None, CURSOR_START)
    await cards.shown(WS, m, "C1/1700000000.000100", "abc")
    assert await desk.store.redis.hgetall(Keys(WS).card(m)) == {
        "ref": "C1/1700000000.000100",
        "digest": "abc",
    }
    lines = await cards.history_after(WS, m, CURSOR_START)
    assert [event.what for _, event in lines] == ["created"]
    await cards.posted(WS, m, lines[-1][0])
    assert await cards.history_after(WS, m, await cards.cursor(WS, m)) == []
    assert (await cards.ref(WS, m), await cards.digest(WS, m)) == ("C1/1700000000.000100", "abc")
    other = await new(desk, "Acme second printer")
    both = await cards.with_tickets(WS, [m, member_of(other.id), "000009999"])
    assert [(t.id, ref) for t, ref in both] == [
        (ticket.id, "C1/1700000000.000100"),
        (other.id, None),
    ]


async def test_a_sent_record_goes_from_lease_to_done(client: aioredis.Redis) -> None:
    deliveries, sent = Deliveries(client), Sent(WS, "000001001:breach:5")
    assert await deliveries.state(sent) == ""
    assert await deliveries.lease(sent, "job-1:3", 60)
    assert not await deliveries.lease(sent, "job-1:2", 60)
    assert await client.get(sent.key) == "sending job-1:3"
    await deliveries.take_over(sent, "job-1:2", 60)
    assert await deliveries.state(sent) == "sending job-1:2"
    await deliveries.release(sent)
    assert await deliveries.state(sent) == ""
    await deliveries.done(sent)
    assert await client.get("sb:{T0123}:sent:000001001:breach:5") == "done"
    assert [await deliveries.refused(sent) for _ in range(3)] == [1, 2, 3]
    assert await client.get(sent.attempts) == "3"
    await deliveries.forget_refusals(sent)
    assert not await client.exists(sent.attempts)


async def test_the_failed_list_keeps_the_newest(client: aioredis.Redis) -> None:
    deliveries = Deliveries(client)
    for i in range(FAILED_KEPT + 5):
        await deliveries.given_up(WS, f"line {i}")
    assert await client.llen(Keys(WS).failed) == FAILED_KEPT
    newest = await client.lrange(Keys(WS).failed, 0, 1)
    assert newest == [f"line {FAILED_KEPT + 4}", f"line {FAILED_KEPT + 3}"]


async def test_a_digests_notices_are_done_at_once(client: aioredis.Redis) -> None:
    deliveries = Deliveries(client)
    sent = [Sent(WS, "000001001:page:5"), Sent(WS, "000001002:page:5")]
    await deliveries.done_all([])
    await deliveries.done_all(sent)
    assert [await client.get(s.key) for s in sent] == ["done", "done"]
    assert 0 < await client.ttl(sent[0].key) <= SENT_TTL_S


async def test_a_channels_turn_goes_to_the_oldest_notices(client: aioredis.Redis) -> None:
    turns, one, two = ChannelTurns(client), channel(WS, "C1"), channel(WS, "C2")
    assert await turns.ends([one, two]) == [0, 0]  # never posted in
    assert await turns.take(one, 60_000, due_ms=100, now_ms=1000) == 0
    assert await turns.take(one, 60_000, due_ms=50, now_ms=1500) == 61_000  # taken: its end
    assert await turns.ends([one, two]) == [61_000, 0]
    # a clock far behind the one that took the turn: what remains of the turn, no more
    assert -100_000 < await turns.take(one, 60_000, due_ms=50, now_ms=-100_000) <= -40_000
    await turns.keep_place(two, due_ms=10, for_ms=60_000)  # older notices sent back
    assert await turns.take(two, 60_000, due_ms=20, now_ms=1500) == -1  # kept for them
    assert await turns.take(two, 60_000, due_ms=10, now_ms=1500) == 0  # theirs
    assert not await client.exists(channel_line(two))  # and the line is gone
    assert await turns.held_until(one) == 0
    await turns.hold(one, until_ms=1_800_000_000_000, for_ms=30_000)
    assert await turns.held_until(one) == 1_800_000_000_000
    assert 0 < await client.pttl(channel_hold(one)) <= 30_000


async def test_the_oldest_entry_of_each_workspace(desk: Desk) -> None:
    schedule = Schedule(desk.store.redis)
    assert await schedule.oldest() == {}
    ticket = await new(desk, "Acme printer down")
    entry = Entry(member_of(ticket.id), TimerKind.BREACH)
    await desk.store.redis.zadd(Keys(WS).schedule, {str(entry): 5})
    assert await schedule.oldest() == {WS: 5}
