"""Redis: tickets, their indexes, history and timers, one atomic step per change.

Every key of a workspace carries the workspace as its Redis Cluster hash tag
(``sb:{T0123}:…``), so each atomic script touches one slot. A change is a compare-and-set:
the desk reads a ticket (with its ``rev``), computes the new one in Python, and the
``commit`` script writes it only if ``rev`` is unchanged, together with the index, history
and schedule updates derived from it. A lost race is retried by re-reading, which is how
two agents claiming at once get one owner and one "already claimed by …".
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from redis.exceptions import ClusterDownError, RedisError, SlotNotCoveredError, TryAgainError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot import scripts
from bot.connections import AsyncClient
from bot.errors import Unavailable
from bot.keys import WORKSPACES as WORKSPACES  # re-exported: the registry of workspaces
from bot.keys import Keys as Keys  # re-exported: a workspace's keys
from bot.plan import ms, plan
from bot.sla import Sla
from bot.tickets import State, Ticket
from bot.timers import Entry, TimerKind

T = TypeVar("T")
TIER_SPAN = 10**13  # queue score = tier rank × TIER_SPAN + deadline (epoch ms)
TIER_RANK = {"P1": 1, "P2": 2, "P3": 3}


class Stale(Exception):
    """The ticket changed since it was read; re-read and try again."""


class Duplicate(Exception):
    """The idempotency key was seen before: the request already created ``ticket_id``."""

    def __init__(self, ticket_id: str) -> None:
        super().__init__(ticket_id)
        self.ticket_id = ticket_id


@dataclass(frozen=True)
class Event:
    """One line of a ticket's history (its audit trail)."""

    at: datetime
    who: str
    what: str
    detail: str = ""

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> Event:
        """A history line as its stream entry holds it."""
        at = datetime.fromisoformat(fields["at"])
        return cls(at, fields["who"], fields["what"], fields.get("detail", ""))

    def fields(self) -> list[str]:
        return [
            "at",
            self.at.isoformat(),
            "who",
            self.who,
            "what",
            self.what,
            "detail",
            self.detail,
        ]


class Op(StrEnum):
    """The writes ``commit.lua`` knows (its ops list: ``[op, key index, args…]``)."""

    ZADD = "zadd"  # score, member
    ZREM = "zrem"  # member
    XADD = "xadd"  # the entry's fields, flat
    HSET = "hset"  # field, value


@dataclass(frozen=True)
class Write:
    """One more write of a commit (of the workspace's keys)."""

    op: Op
    key: str
    args: tuple[str | float, ...]


async def workspaces(redis: AsyncClient) -> list[str]:
    """Every workspace that ever had a ticket, sorted (the registry the jobs, the metrics
    and the export read)."""
    return sorted(as_text(w) for w in await redis.smembers(WORKSPACES))


def as_text(raw: bytes | str) -> str:
    """A Redis reply as text (the desk's clients decode; a raw client's bytes are UTF-8)."""
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def as_texts(rows: Mapping[bytes, bytes] | Mapping[str, str] | Any) -> dict[str, str]:
    """A hash (HGETALL's reply) as text."""
    return {as_text(k): as_text(v) for k, v in (rows or {}).items()}


def stream(rows: Iterable[Any] | None) -> list[tuple[str, dict[str, str]]]:
    """A stream's entries as XRANGE answers them: (entry id, fields), as text."""
    return [(as_text(sid), as_texts(fields)) for sid, fields in rows or ()]


def member(number: int) -> str:
    """Zero-padded so that sorted-set ties fall in creation (arrival) order."""
    return f"{number:09d}"


def ticket_id(member_: str) -> str:
    return f"T-{int(member_)}"


def member_of(ticket_id_: str) -> str:
    return member(int(ticket_id_.split("-", 1)[1]))


def queue_score(ticket: Ticket) -> float:
    return float(TIER_RANK[ticket.tier] * TIER_SPAN + ms(ticket.deadline))


def index_entries(ticket: Ticket) -> dict[str, float]:
    """index name → score for every index the ticket belongs to (derived, never stored).

    ``due`` holds the tickets whose customer still waits for a response (claimed or not),
    by deadline: the queue's "at risk" and "past due" counts and App Home read it."""
    entries: dict[str, float] = {"all": ms(ticket.received)}
    score = queue_score(ticket)
    if ticket.open:
        entries["open"] = score
        if ticket.customer:
            entries[f"customer:{ticket.customer}"] = ms(ticket.received)
        if ticket.owner and ticket.state is State.CLAIMED:
            entries[f"owner:{ticket.owner}"] = score
        if ticket.waiting:
            entries["waiting"] = score
        elif ticket.state is State.NEW:
            entries["new"] = score
            entries["arrival"] = ms(ticket.received)
        if not ticket.answered and not ticket.waiting:
            entries["due"] = ms(ticket.deadline)
        if ticket.under_review:
            entries["review"] = ms(ticket.milestones.review_due) if ticket.milestones else 0
        if ticket.unknown_customer:  # for a manager to attach (``customer add`` lists them)
            entries["unknown"] = ms(ticket.received)
    if ticket.outcome == "feature" and ticket.outcome_at is not None:  # ``feature list``
        entries["features"] = ms(ticket.outcome_at)
    if ticket.state is State.RESOLVED:
        entries["resolved"] = ms(ticket.resolved_at) if ticket.resolved_at else 0
    return entries


RESPONSE = "response"  # the first response against ``response_due`` (every tier)
SAME_DAY = "same-day"  # the first response against ``same_day_due`` (same-day tiers)
MEASURES = (RESPONSE, SAME_DAY)


def sla_set(measure: str, result: str, tier: str) -> str:
    """The name of an SLA sorted set: ``met:P1`` (response), ``same-day:missed:P1``."""
    return f"{result}:{tier}" if measure == RESPONSE else f"{measure}:{result}:{tier}"


def sla_entries(ticket: Ticket) -> dict[str, tuple[str, float]]:
    """Where the ticket stands against each promise, for the SLA figures (derived, never
    stored): measure → (set name, score). Per measure, *met* (scored by when answered)
    when the first response came by its due time; *missed* (scored by the due time) when
    it came later or the ticket was closed unanswered; *pending* (scored by the due time)
    while open and unanswered: a pending entry scored before now is a miss in progress.
    A claim is not a response; the tier is the one the response was measured in."""
    found: dict[str, tuple[str, float]] = {}
    milestones = ticket.milestones
    if milestones is None:
        return found
    dues = {RESPONSE: milestones.response_due, SAME_DAY: milestones.same_day_due}
    answered, tier = ticket.first_response_at, ticket.sla_tier
    for measure, due in dues.items():
        if due is None:
            continue
        if answered is not None:
            result, score = ("met", ms(answered)) if answered <= due else ("missed", ms(due))
        elif not ticket.open:
            result, score = "missed", ms(due)
        elif ticket.waiting:  # only tickets stored before waiting needed a response
            continue
        else:
            result, score = "pending", ms(due)
        found[measure] = (sla_set(measure, result, tier), score)
    return found


class Store:
    """Tickets and everything beside them in one Redis (or a Redis Cluster, each workspace
    on its hash tag's slot), through redis.asyncio."""

    def __init__(self, client: AsyncClient, sla: Sla) -> None:
        # A decode_responses=True client: replies are str (redis-py types them bytes | str).
        self.redis: AsyncClient = client
        self.sla = sla
        self._commit = client.register_script(scripts.source(scripts.COMMIT))
        self._reserve = client.register_script(scripts.source(scripts.RESERVE))

    def keys(self, workspace: str) -> Keys:
        return Keys(workspace)

    async def call(self, operation: Callable[[], Awaitable[T]]) -> T:
        """Run a Redis operation, turning an outage into the desk's ``Unavailable``."""
        try:
            return await operation()
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            raise Unavailable() from exc
        except (ClusterDownError, TryAgainError, SlotNotCoveredError) as exc:
            # a cluster between two masters (a failover, slots not yet served): once the
            # cluster client's own retries are spent, the same "try again" as an outage
            raise Unavailable() from exc
        except RedisError as exc:
            if "LOADING" in str(exc) or "MASTERDOWN" in str(exc):
                raise Unavailable() from exc
            raise

    # -- tickets -----------------------------------------------------------------------
    async def next_number(self, workspace: str) -> int:
        keys = self.keys(workspace)

        async def incr() -> int:
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.setnx(keys.seq, 1000)
                pipe.incr(keys.seq)
                pipe.sadd(WORKSPACES, workspace)
                result = await pipe.execute()
            return int(result[1])

        return await self.call(incr)

    async def reserve_number(self, workspace: str, idempotency_key: str, ttl: int = 86_400) -> int:
        """The number of the ticket a request creates, reserved under its idempotency key
        in one atomic step, so that retried deliveries of the request share one number
        (and the one ticket made with it) instead of spending one each."""
        keys = self.keys(workspace)
        args = [keys.seq, keys.idem(idempotency_key)]

        async def reserve() -> str:
            found = await self._reserve(keys=args, args=[ttl])
            await self.redis.sadd(WORKSPACES, workspace)
            return str(found)

        return int((await self.call(reserve)).split("-", 1)[1])

    async def get(self, workspace: str, ticket_id_: str) -> Ticket | None:
        key = self.keys(workspace).ticket(member_of(ticket_id_))
        raw = await self.call(lambda: self.redis.hget(key, "json"))
        return Ticket.from_json(raw) if raw else None

    async def get_many(self, workspace: str, members: Iterable[str]) -> list[Ticket]:
        keys = self.keys(workspace)
        chosen = list(members)
        if not chosen:
            return []

        async def fetch() -> list[Any]:
            async with self.redis.pipeline(transaction=False) as pipe:
                for m in chosen:
                    pipe.hget(keys.ticket(m), "json")
                return list(await pipe.execute())

        return [Ticket.from_json(raw) for raw in await self.call(fetch) if raw]

    async def idempotent_hit(self, workspace: str, key: str) -> str | None:
        found = await self.call(lambda: self.redis.get(self.keys(workspace).idem(key)))
        return str(found) if found else None

    async def commit(
        self,
        old: Ticket | None,
        new: Ticket,
        event: Event | Sequence[Event],
        idempotency_key: str | None = None,
        idempotency_ttl: int = 86_400,
        also: Sequence[Write] = (),
    ) -> Ticket:
        """Write ``new`` if the stored ticket is still ``old``; indexes, history (one line
        per event), schedule and the writes ``also`` names (the defect register's, when an
        outcome opens an entry) follow in the same atomic step. Raises Stale or
        Duplicate."""
        events = [event] if isinstance(event, Event) else list(event)
        keys = self.keys(new.workspace)
        m = member_of(new.id)
        key_list = [
            keys.ticket(m),
            keys.idem(idempotency_key) if idempotency_key else keys.ticket(m),
        ]
        ops: list[list[Any]] = []

        def key_index(key: str) -> int:
            if key not in key_list[2:]:
                key_list.append(key)
            return key_list.index(key, 2) + 1

        before = index_entries(old) if old else {}
        after = index_entries(new)
        for name in before.keys() - after.keys():
            ops.append([Op.ZREM, key_index(keys.index(name)), m])
        for name, score in after.items():
            if before.get(name) != score:
                ops.append([Op.ZADD, key_index(keys.index(name)), score, m])
        old_sla, new_sla = sla_entries(old) if old else {}, sla_entries(new)
        for measure in MEASURES:
            was, now = old_sla.get(measure), new_sla.get(measure)
            if was and (now is None or was[0] != now[0]):
                ops.append([Op.ZREM, key_index(keys.sla(was[0])), m])
            if now and now != was:
                ops.append([Op.ZADD, key_index(keys.sla(now[0])), now[1], m])
        old_plan = plan(old, self.sla) if old else {}
        new_plan = plan(new, self.sla)
        for kind in old_plan.keys() - new_plan.keys():
            ops.append([Op.ZREM, key_index(keys.schedule), str(Entry(m, kind))])
        for kind, due in new_plan.items():
            if old_plan.get(kind) != due:
                ops.append([Op.ZADD, key_index(keys.schedule), due, str(Entry(m, kind))])
        card = Entry(m, TimerKind.CARD)
        ops.append([Op.ZADD, key_index(keys.schedule), ms(events[0].at), str(card)])
        for line in events:
            ops.append([Op.XADD, key_index(keys.history(m)), line.fields()])
        for write in also:
            ops.append([write.op, key_index(write.key), *write.args])
        rev = old.rev + 1 if old else 1
        stored = dataclasses.replace(new, rev=rev)
        args = [
            str(old.rev) if old else "-1",
            stored.to_json(),
            str(rev),
            json.dumps(ops),
            new.id,
            str(idempotency_ttl if idempotency_key else 0),
        ]
        status, value = await self.call(lambda: self._commit(keys=key_list, args=args))
        if status == "dup":
            raise Duplicate(str(value))
        if status == "stale":
            raise Stale(new.id)
        return stored

    async def history(self, workspace: str, ticket_id_: str) -> list[Event]:
        key = self.keys(workspace).history(member_of(ticket_id_))
        rows = await self.call(lambda: self.redis.xrange(key))
        return [Event.from_fields(f) for _, f in stream(rows)]

    async def with_history(
        self, workspace: str, members: Sequence[str]
    ) -> list[tuple[Ticket, list[Event]]]:
        """The tickets ``members`` name (those still there) with their histories, in one
        pipelined round trip."""
        keys = self.keys(workspace)

        async def fetch() -> list[Any]:
            async with self.redis.pipeline(transaction=False) as pipe:
                for m in members:
                    pipe.hget(keys.ticket(m), "json")
                    pipe.xrange(keys.history(m))
                return list(await pipe.execute())

        rows = await self.call(fetch)
        return [
            (Ticket.from_json(raw), [Event.from_fields(f) for _, f in stream(entries)])
            for raw, entries in zip(rows[::2], rows[1::2], strict=True)
            if raw
        ]

    async def members(
        self, workspace: str, index: str, start: int = 0, stop: int = -1
    ) -> list[str]:
        key = self.keys(workspace).index(index)
        return [str(m) for m in await self.call(lambda: self.redis.zrange(key, start, stop))]

    async def members_by_score(
        self,
        workspace: str,
        index: str,
        low: float | str,
        high: float | str,
        limit: int | None = None,
    ) -> list[str]:
        """The members of ``index`` scored between ``low`` and ``high`` (up to ``limit``)."""
        key = self.keys(workspace).index(index)
        start = None if limit is None else 0
        found = await self.call(
            lambda: self.redis.zrangebyscore(key, low, high, start=start, num=limit)
        )
        return [str(m) for m in found]

    async def count(
        self, workspace: str, index: str, low: float | str = "-inf", high: float | str = "+inf"
    ) -> int:
        key = self.keys(workspace).index(index)
        return int(await self.call(lambda: self.redis.zcount(key, low, high)))
