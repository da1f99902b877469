"""``supportbot export FILE`` and ``supportbot import FILE``: everything the desk keeps, as
one JSON document, and back into an empty Redis.

Per workspace the file holds the ticket counter, customers, people (roles and their
languages), product releases, every ticket with its revision, its whole history (stream ids
kept, so a card's "posted up to here" cursor still points at the right line) and its card,
the schedule as it was, and every other key of the workspace (failed notifications, the
defect register, delivered-notice marks, idempotency keys, door data…) by type, with its
expiry time. The policy in force is written beside them.

Import derives the rest from the tickets again: the queue indexes (``q:*``), the SLA sets
(``sla:*``) and the schedule, rebuilt from each ticket's plan (the timers the ticket needs
now, under this deployment's policy) less the notices already posted and the reminders
already dispatched (the "sent" marks and the old schedule tell which), plus the card
refreshes not done yet. Not in the file: RQ's own keys (a job in flight is planned again
from its ticket), the metrics and the dispatcher's lock.

Export reads a live Redis key by key: each ticket is read whole, but a change made during
the export may be half in. For a point-in-time copy, stop the doors and the workers first,
or copy Redis's own persistence files (see the README's Deployment section).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis.asyncio.client import Pipeline as AsyncPipelineOf
from redis.asyncio.cluster import ClusterPipeline

from bot.connections import AsyncClient
from bot.directory import Customer
from bot.errors import DeskError
from bot.keys import EVERY_WORKSPACE, WORKSPACES, Keys
from bot.plan import CARD, ms, plan
from bot.policy import WEEKDAYS, Policy, format_duration, policy_from_mapping
from bot.sla import Sla
from bot.store import index_entries, member_of, sla_entries, workspaces
from bot.tickets import Ticket
from bot.timers import Entry, TimerKind

Pipeline = AsyncPipelineOf | ClusterPipeline  # a pipeline of the desk's (decoding) client
FORMAT = "supportbot-export"
VERSION = 1
BATCH = 500
HASHES = {"customers", "roles", "roles:seeded", "lang", "products"}


class BadFile(DeskError):
    key = "backup.bad_file"


@dataclass(frozen=True)
class Counts:
    workspaces: int = 0
    tickets: int = 0
    events: int = 0
    customers: int = 0
    people: int = 0
    other: int = 0


# -- the policy, as the TOML file would say it -------------------------------------------
def policy_to_mapping(policy: Policy) -> dict[str, Any]:
    """The policy as a TOML-shaped mapping; ``policy_from_mapping`` reads it back equal."""
    h = policy.holidays
    return {
        "calendar": {
            "zone": policy.zone,
            "opens": policy.opens.strftime("%H:%M"),
            "closes": policy.closes.strftime("%H:%M"),
            "days": [WEEKDAYS[d] for d in policy.open_days],
        },
        "holidays": {
            "enabled": h.enabled,
            "country": h.country,
            "subdiv": h.subdiv,
            "categories": list(h.categories),
            "also": list(h.also),
            "closures": [d.isoformat() for d in h.closures],
        },
        "targets": {
            **{tier: format_duration(d) for tier, d in policy.targets},
            "same_day": list(policy.same_day_tiers),
        },
        "reminders": {
            "before": [format_duration(d) for d in policy.reminders_before],
            "tiers": list(policy.reminder_tiers),
        },
        "review": {"after": format_duration(policy.review_after)},
        "followup": {"after": format_duration(policy.followup_after)},
        "versions": {"support_months": policy.version_support_months},
        "contact": dataclasses.asdict(policy.contact),
    }


# -- export --------------------------------------------------------------------------------
async def export_data(redis: AsyncClient, policy: Policy, now: datetime) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "policy": policy_to_mapping(policy),
        "workspaces": {},
    }
    for ws in await workspaces(redis):
        data["workspaces"][ws] = await _export_workspace(redis, Keys(ws), now)
    return data


def _home(redis: AsyncClient, keys: Keys) -> dict[str, Any]:
    """On a Redis Cluster, every key of a workspace is on the node serving its hash tag's
    slot: a scan for them asks that node only, not every shard."""
    node_of = getattr(redis, "get_node_from_key", None)
    return {"target_nodes": node_of(keys.base)} if node_of is not None else {}


async def _export_workspace(redis: AsyncClient, keys: Keys, now: datetime) -> dict[str, Any]:
    scan = redis.scan_iter(match=keys.pattern, count=1000, **_home(redis, keys))
    names = sorted([keys.name_of(str(k)) async for k in scan])
    tickets = [n[2:] for n in names if n.startswith("t:")]
    derived = {n for n in names if n.startswith(("q:", "sla:")) or n == "schedule"}
    known = {"seq", *HASHES} | {f"{p}:{m}" for m in tickets for p in ("t", "h", "card")}
    other = [n for n in names if n not in known and n not in derived]

    async with redis.pipeline(transaction=False) as pipe:
        pipe.get(keys.seq)
        for name in sorted(HASHES):
            pipe.hgetall(keys.named(name))
        pipe.zrangebyscore(keys.schedule, "-inf", "+inf", withscores=True)
        head = list(await pipe.execute())
    seq, hashes, schedule = head[0], dict(zip(sorted(HASHES), head[1:-1], strict=True)), head[-1]
    out: dict[str, Any] = {
        "seq": int(seq) if seq is not None else None,
        "customers": [json.loads(v) for _, v in sorted(hashes["customers"].items())],
        "roles": {user: value.split(",") for user, value in sorted(hashes["roles"].items())},
        "roles_seeded": dict(sorted(hashes["roles:seeded"].items())),
        "languages": dict(sorted(hashes["lang"].items())),
        "products": [
            {"product": f.split("|", 1)[0], "version": f.split("|", 1)[1], "released": v}
            for f, v in sorted(hashes["products"].items())
        ],
        "tickets": [],
        "schedule": [[str(entry), int(score)] for entry, score in schedule],
        "other": [],
    }
    for offset in range(0, len(tickets), BATCH):
        chunk = tickets[offset : offset + BATCH]
        async with redis.pipeline(transaction=False) as pipe:
            for m in chunk:
                pipe.hgetall(keys.ticket(m))
                pipe.xrange(keys.history(m))
                pipe.hgetall(keys.card(m))
            rows = list(await pipe.execute())
        for i in range(len(chunk)):
            stored, stream, card = rows[3 * i : 3 * i + 3]
            if not stored:
                continue  # removed meanwhile
            out["tickets"].append(
                {
                    "rev": int(stored["rev"]),
                    "ticket": json.loads(stored["json"]),
                    "history": [{"stream_id": sid, **fields} for sid, fields in stream],
                    "card": card or None,
                }
            )
    for offset in range(0, len(other), BATCH):
        out["other"] += await _dump(redis, keys, other[offset : offset + BATCH], now)
    return out


async def _dump(
    redis: AsyncClient, keys: Keys, names: list[str], now: datetime
) -> list[dict[str, Any]]:
    async with redis.pipeline(transaction=False) as pipe:
        for name in names:
            pipe.type(keys.named(name))
            pipe.pttl(keys.named(name))
        meta = list(await pipe.execute())
    kinds = {
        "string": "get",
        "hash": "hgetall",
        "list": "lrange",
        "set": "smembers",
        "zset": "zrange",
        "stream": "xrange",
    }
    chosen = [(n, str(meta[2 * i]), int(meta[2 * i + 1])) for i, n in enumerate(names)]
    chosen = [(n, kind, ttl) for n, kind, ttl in chosen if kind in kinds]
    async with redis.pipeline(transaction=False) as pipe:
        for name, kind, _ in chosen:
            key = keys.named(name)
            if kind == "list":
                pipe.lrange(key, 0, -1)
            elif kind == "zset":
                pipe.zrange(key, 0, -1, withscores=True)
            else:
                getattr(pipe, kinds[kind])(key)
        values = list(await pipe.execute())
    found = []
    for (name, kind, ttl), value in zip(chosen, values, strict=True):
        if value is None:
            continue  # expired meanwhile
        if kind == "set":
            value = sorted(value)
        elif kind == "zset":
            value = [[m, s] for m, s in value]
        elif kind == "stream":
            value = [[sid, fields] for sid, fields in value]
        expires = ms(now) + ttl if ttl > 0 else None
        found.append({"key": name, "type": kind, "value": value, "expires_at_ms": expires})
    return found


# -- import --------------------------------------------------------------------------------
async def supportbot_keys(redis: AsyncClient) -> int:
    """How many keys of workspaces (or the workspace registry) Redis holds; stops at 100."""
    found = int(await redis.exists(WORKSPACES))
    async for _ in redis.scan_iter(match=EVERY_WORKSPACE, count=1000):
        found += 1
        if found >= 100:
            break
    return found


def check(data: Any) -> dict[str, Any]:
    """The parsed file, or BadFile naming what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadFile(problem=f'it has no "format": "{FORMAT}"')
    if data.get("version") != VERSION:
        raise BadFile(problem=f"version {data.get('version')!r} is not {VERSION}")
    if not isinstance(data.get("workspaces"), dict):
        raise BadFile(problem="it has no workspaces")
    try:
        if datetime.fromisoformat(data["exported_at"]).tzinfo is None:
            raise ValueError("no UTC offset")
    except (KeyError, TypeError, ValueError) as exc:
        raise BadFile(problem=f"exported_at: {exc}") from None
    for ws, content in data["workspaces"].items():
        try:
            Keys(ws)
        except ValueError:
            raise BadFile(problem=f"{ws!r} is not a workspace id") from None
        for i, record in enumerate(content.get("tickets", [])):
            try:
                Ticket.from_json(json.dumps(record["ticket"]))
                for event in record["history"]:
                    str(event["stream_id"])
            except (KeyError, TypeError, ValueError) as exc:
                raise BadFile(problem=f"ticket {i + 1} of {ws}: {exc!r}") from None
        for i, customer in enumerate(content.get("customers", [])):
            try:
                Customer(**customer)
            except TypeError as exc:
                raise BadFile(problem=f"customer {i + 1} of {ws}: {exc}") from None
    return data


def policy_in(data: dict[str, Any]) -> Policy | None:
    try:
        return policy_from_mapping(data.get("policy") or {})
    except DeskError:
        return None


async def import_data(redis: AsyncClient, sla: Sla, data: dict[str, Any], now: datetime) -> Counts:
    """Write ``data`` (already ``check``-ed) into Redis; the caller made sure it is empty."""
    counts = Counts()
    exported = ms(datetime.fromisoformat(data["exported_at"]))
    for ws, content in sorted(data["workspaces"].items()):
        keys = Keys(ws)
        counts = _add(counts, await _import_workspace(redis, sla, keys, content, now, exported))
        await redis.sadd(WORKSPACES, ws)  # last: the dispatchers look at it
    return counts


def _add(a: Counts, b: Counts) -> Counts:
    return Counts(
        *(x + y for x, y in zip(dataclasses.astuple(a), dataclasses.astuple(b), strict=True))
    )


async def _import_workspace(
    redis: AsyncClient, sla: Sla, keys: Keys, content: dict[str, Any], now: datetime, exported: int
) -> Counts:
    customers = [Customer(**c) for c in content.get("customers", [])]
    schedule = {str(entry): int(due) for entry, due in content.get("schedule", [])}
    roles = content.get("roles", {})
    async with redis.pipeline(transaction=False) as pipe:
        if content.get("seq") is not None:
            pipe.set(keys.seq, int(content["seq"]))
        for customer in customers:
            value = json.dumps(dataclasses.asdict(customer), ensure_ascii=False)
            pipe.hset(keys.customers, customer.id, value)
        for user, held in roles.items():
            pipe.hset(keys.roles, user, ",".join(held))
        for field_, value in content.get("roles_seeded", {}).items():
            pipe.hset(keys.roles_seeded, field_, value)
        for user, lang in content.get("languages", {}).items():
            pipe.hset(keys.lang, user, lang)
        for release in content.get("products", []):
            pipe.hset(
                keys.products, f"{release['product']}|{release['version']}", release["released"]
            )
        for entry, due in schedule.items():
            if Entry.parse(entry).kind == CARD:  # a card refresh not done yet
                pipe.zadd(keys.schedule, {entry: due})
        await pipe.execute()
    records = content.get("tickets", [])
    other = content.get("other", [])
    done = Done(
        {
            item["key"]
            for item in other
            if item["key"].startswith("sent:") and item["value"] == "done"
        },
        schedule,
        exported,
    )
    events = 0
    for offset in range(0, len(records), BATCH):
        async with redis.pipeline(transaction=False) as pipe:
            for record in records[offset : offset + BATCH]:
                events += _restore_ticket(pipe, sla, keys, record, done)
            await pipe.execute()
    restored = 0
    for offset in range(0, len(other), BATCH):
        async with redis.pipeline(transaction=False) as pipe:
            restored += sum(
                _restore(pipe, keys, item, now) for item in other[offset : offset + BATCH]
            )
            await pipe.execute()
    return Counts(1, len(records), events, len(customers), len(roles), restored)


@dataclass(frozen=True)
class Done:
    """What the file says about timers already handled when it was written."""

    delivered: set[str]  # "sent:<member>:<kind>:<due>" marks of notices posted
    schedule: dict[str, int]  # the schedule then: "<member>|<kind>" → due
    exported_ms: int

    def __call__(self, m: str, kind: str, due: int) -> bool:
        if f"sent:{m}:{kind}:{due}" in self.delivered:
            return True  # posted: a second one would be a duplicate
        # A reminder past due and gone from the schedule was dispatched: posted, or skipped
        # as too late to be useful. Other timers are re-planned even then: they re-read the
        # ticket and do nothing if it was done (and a job in flight in RQ is not exported).
        due_then = self.schedule.get(str(Entry(m, kind)))
        return TimerKind.is_reminder(kind) and due <= self.exported_ms and due_then is None

    def due(self, m: str, kind: str, planned: int) -> int:
        """When to run it: as planned, or later where the schedule had moved it (a timer
        deferred to the next opening, a notice waiting to be retried)."""
        return max(planned, self.schedule.get(str(Entry(m, kind)), planned))


def _restore_ticket(
    pipe: Pipeline, sla: Sla, keys: Keys, record: dict[str, Any], done: Done
) -> int:
    ticket = Ticket.from_json(json.dumps(record["ticket"]))
    m = member_of(ticket.id)
    pipe.hset(
        keys.ticket(m),
        mapping={"rev": str(record.get("rev", ticket.rev)), "json": ticket.to_json()},
    )
    history = record.get("history", [])
    for event in history:
        fields = {k: v for k, v in event.items() if k != "stream_id"}
        pipe.xadd(keys.history(m), fields, id=event["stream_id"])
    if record.get("card"):
        pipe.hset(keys.card(m), mapping=record["card"])
    for name, score in index_entries(ticket).items():
        pipe.zadd(keys.index(name), {m: score})
    for name, score in sla_entries(ticket).values():
        pipe.zadd(keys.sla(name), {m: score})
    for kind, due in plan(ticket, sla).items():
        if not done(m, kind, due):
            pipe.zadd(keys.schedule, {str(Entry(m, kind)): done.due(m, kind, due)})
    return len(history)


def _restore(pipe: Pipeline, keys: Keys, item: dict[str, Any], now: datetime) -> int:
    key, kind, value = keys.named(item["key"]), item["type"], item["value"]
    expires = item.get("expires_at_ms")
    if expires is not None and expires <= ms(now):
        return 0  # it would have expired by now
    if kind == "string":
        pipe.set(key, value)
    elif kind == "hash":
        pipe.hset(key, mapping=value)
    elif kind == "list":
        pipe.rpush(key, *value)
    elif kind == "set":
        pipe.sadd(key, *value)
    elif kind == "zset":
        pipe.zadd(key, dict((m, s) for m, s in value))
    elif kind == "stream":
        for sid, fields in value:
            pipe.xadd(key, fields, id=sid)
    else:
        return 0
    if expires is not None:
        pipe.pexpire(key, int(expires - ms(now)))
    return 1


def summary_counts(data: dict[str, Any]) -> Counts:
    """What a file holds (for the export's closing sentence)."""
    total = Counts()
    for content in data["workspaces"].values():
        tickets: Iterable[dict[str, Any]] = content["tickets"]
        events = sum(len(r["history"]) for r in content["tickets"])
        total = _add(
            total,
            Counts(
                1,
                len(list(tickets)),
                events,
                len(content["customers"]),
                len(content["roles"]),
                len(content["other"]),
            ),
        )
    return total
