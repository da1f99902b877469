"""The defect register (``shared/POLICY.md`` §6: "la base de données des problèmes à
corriger"): one entry ``D-n`` per malfunction the director found, with the product, the
version and the summary of the ticket that opened it, the tickets linked to it, and, once
its fix ships, the version and the day.

An entry is opened in the same atomic step as the ticket's outcome (``Store.commit``
carries the register's writes: ``opening``, ``linking``); marking it fixed is one
compare-and-set script here (``bot/lua/fix_defect.lua``). Every key carries the
workspace's hash tag (``bot.keys.Keys``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any

from bot import scripts
from bot.connections import AsyncClient
from bot.errors import Conflict, NotFound, UsageError
from bot.plan import ms
from bot.store import Keys, Op, Store, Write, member_of, ticket_id

DEFECT_ID = "D-"
STATES = ("open", "fixed")


@dataclass(frozen=True)
class Defect:
    id: str
    product: str
    version: str
    summary: str
    ticket: str  # the ticket whose outcome opened it
    opened_at: datetime
    opened_by: str
    fixed_in: str = ""
    fixed_at: datetime | None = None
    fixed_by: str = ""
    tickets: tuple[str, ...] = ()  # every linked ticket (read from its own set)

    @property
    def state(self) -> str:
        return "fixed" if self.fixed_at is not None else "open"

    def to_json(self) -> str:
        data: dict[str, Any] = asdict(self)
        data.pop("tickets")
        data["opened_at"] = self.opened_at.isoformat()
        data["fixed_at"] = self.fixed_at.isoformat() if self.fixed_at else None
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, tickets: tuple[str, ...] = ()) -> Defect:
        data = json.loads(text)
        data["opened_at"] = datetime.fromisoformat(data["opened_at"])
        if data.get("fixed_at"):
            data["fixed_at"] = datetime.fromisoformat(data["fixed_at"])
        return cls(**data, tickets=tickets)


def parse_defect_id(text: str, usage: str) -> str:
    """'D-3', 'd3', '3' → 'D-3'."""
    raw = text.strip().upper().removeprefix("D").lstrip("-")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:  # "²" is a digit to Python
        raise UsageError("error.bad_defect_id", value=text[:40], command=usage)
    return f"{DEFECT_ID}{int(raw)}"


class Register:
    """The defect register of each workspace."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.redis: AsyncClient = store.redis
        self._fix = store.redis.register_script(scripts.source(scripts.FIX_DEFECT))

    def keys(self, workspace: str) -> Keys:
        return self.store.keys(workspace)

    async def next_id(self, workspace: str) -> str:
        key = self.keys(workspace).defect_seq
        return f"{DEFECT_ID}{int(await self.store.call(lambda: self.redis.incr(key)))}"

    def opening(self, workspace: str, defect: Defect) -> list[Write]:
        """The writes that open ``defect`` (given to the ticket's commit)."""
        keys = self.keys(workspace)
        return [
            Write(Op.HSET, keys.defect_entries, (defect.id, defect.to_json())),
            Write(Op.ZADD, keys.defects_in("open"), (ms(defect.opened_at), defect.id)),
            *self.linking(workspace, defect.id, defect.ticket, defect.opened_at),
        ]

    def linking(self, workspace: str, id_: str, ticket: str, at: datetime) -> list[Write]:
        """The write that links ``ticket`` to the entry ``id_``."""
        return [
            Write(Op.ZADD, self.keys(workspace).defect_tickets(id_), (ms(at), member_of(ticket)))
        ]

    async def get(self, workspace: str, id_: str) -> Defect | None:
        keys = self.keys(workspace)

        async def read() -> list[Any]:
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.hget(keys.defect_entries, id_)
                pipe.zrange(keys.defect_tickets(id_), 0, -1)
                return list(await pipe.execute())

        raw, linked = await self.store.call(read)
        if not raw:
            return None
        return Defect.from_json(raw, tuple(ticket_id(m) for m in linked))

    async def require(self, workspace: str, id_: str) -> Defect:
        found = await self.get(workspace, id_)
        if found is None:
            raise NotFound("error.unknown_defect", id=id_)
        return found

    async def listed(self, workspace: str, state: str, limit: int) -> list[Defect]:
        """The ``state`` entries, oldest first (at most ``limit``)."""
        key = self.keys(workspace).defects_in(state)
        ids = await self.store.call(lambda: self.redis.zrange(key, 0, limit - 1))
        found = [await self.get(workspace, str(i)) for i in ids]
        return [d for d in found if d is not None]

    async def mark_fixed(
        self, workspace: str, id_: str, version: str, who: str, now: datetime
    ) -> Defect:
        """Close the entry: its fix shipped in ``version``. One compare-and-set step."""
        keys = self.keys(workspace)
        names = [keys.defect_entries, keys.defects_in("open"), keys.defects_in("fixed")]
        for _ in range(20):
            defect = await self.require(workspace, id_)
            if defect.fixed_at is not None:
                raise Conflict("conflict.defect_fixed", id=id_, version=defect.fixed_in)
            done = replace(defect, fixed_in=version, fixed_at=now, fixed_by=who)
            args: list[str | int] = [id_, defect.to_json(), done.to_json(), ms(defect.opened_at)]
            if await self.store.call(partial(self._fix, keys=names, args=args)) == "ok":
                return done
        raise Conflict("conflict.busy", id=id_)


__all__ = ["STATES", "Defect", "Register", "parse_defect_id"]
