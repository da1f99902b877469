"""Read-only questions several screens ask of the store's indexes, each a handful of
sorted-set reads (never a scan): the desk answers with them, the doors only draw.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from bot.plan import ms
from bot.policy import TIERS
from bot.replies import QueueView
from bot.store import MEASURES, SAME_DAY, TIER_RANK, TIER_SPAN, Store, sla_set
from bot.tickets import Ticket

HOME_MINE = 20  # a person's own open tickets on their home page
HOME_HEAD = 5  # the unclaimed tickets first in line
HOME_SOONEST = 10  # the nearest deadlines, of which those at risk are shown
AT_RISK = timedelta(minutes=30)  # a deadline this close is at risk
SLA_RESULTS = ("met", "missed", "pending")


async def home_lists(
    store: Store, workspace: str, user: str
) -> tuple[tuple[Ticket, ...], tuple[Ticket, ...], tuple[Ticket, ...]]:
    """(the person's open tickets, the head of the queue, the nearest deadlines)."""
    mine = await store.get_many(
        workspace, await store.members(workspace, f"owner:{user}", 0, HOME_MINE - 1)
    )
    head = await store.get_many(workspace, await store.members(workspace, "new", 0, HOME_HEAD - 1))
    soonest = await store.get_many(
        workspace, await store.members(workspace, "due", 0, HOME_SOONEST - 1)
    )
    return tuple(mine), tuple(head), tuple(soonest)


async def queue_view(store: Store, workspace: str, agents: list[str], now: datetime) -> QueueView:
    """The manager's figures in one pipelined round trip of sorted-set counts (O(log n)
    each, whatever the size of the queue), then the few tickets it names."""
    redis = store.redis
    keys = store.keys(workspace)
    midnight = datetime.combine(
        now.astimezone(store.sla.policy.tz).date(), time(0), store.sla.policy.tz
    )
    today, now_ms = ms(midnight), ms(now)
    figures = [(m, r, tier) for tier in TIERS for m in MEASURES for r in SLA_RESULTS]

    async def counts() -> list[int]:
        async with redis.pipeline(transaction=False) as pipe:
            for tier in TIERS:
                low = TIER_RANK[tier] * TIER_SPAN
                for state in ("new", "open", "waiting"):
                    pipe.zcount(keys.index(state), low, low + TIER_SPAN - 1)
            for measure, result, tier in figures:  # today's first responses
                high = f"({now_ms}" if result == "pending" else now_ms
                pipe.zcount(keys.sla(sla_set(measure, result, tier)), today, high)
            pipe.zcount(keys.index("due"), ms(now), ms(now + AT_RISK))
            pipe.zcount(keys.index("due"), "-inf", f"({ms(now)}")
            pipe.zrange(keys.index("arrival"), 0, 0)
            for agent in agents:
                pipe.zcard(keys.index(f"owner:{agent}"))
            pipe.zcard(keys.index("review"))
            pipe.zcard(keys.defects)
            pipe.llen(keys.failed)
            pipe.zrange(keys.index("new"), 0, 2)
            return list(await pipe.execute())

    results: list[Any] = await store.call(counts)
    by_tier: dict[str, dict[str, int]] = {}
    for i, tier in enumerate(TIERS):
        new, open_, waiting = results[i * 3 : i * 3 + 3]
        by_tier[tier] = {"new": new, "claimed": open_ - new - waiting, "waiting": waiting}
    pos = len(TIERS) * 3
    responses: dict[str, dict[str, int]] = {tier: {} for tier in TIERS}
    for (measure, result, tier), count in zip(
        figures, results[pos : pos + len(figures)], strict=True
    ):
        name = "missed" if result == "pending" else result  # a miss in progress
        if measure == SAME_DAY:
            if tier not in store.sla.policy.same_day_tiers:
                continue
            name = f"same_day_{name}"
        responses[tier][name] = responses[tier].get(name, 0) + int(count)
    pos += len(figures)
    at_risk, breached, oldest = results[pos : pos + 3]
    pos += 3
    load = dict(zip(agents, results[pos : pos + len(agents)], strict=True))
    pos += len(agents)
    reviews, defects, failed, head = results[pos : pos + 4]
    oldest_found = await store.get_many(workspace, oldest)
    return QueueView(
        at=now,
        open_by_tier=by_tier,
        at_risk=at_risk,
        breached=breached,
        oldest_waiting=oldest_found[0] if oldest_found else None,
        load=load,
        reviews_pending=reviews,
        defects_open=defects,
        failed_notifications=failed,
        head=tuple(await store.get_many(workspace, head)),
        responses=responses,
    )


async def failed_notifications(store: Store, workspace: str, limit: int) -> list[str]:
    """The newest notifications that could not be delivered, as the outbox recorded them."""
    key = store.keys(workspace).failed
    rows = await store.call(lambda: store.redis.lrange(key, 0, limit - 1))
    return [str(row) for row in rows]
