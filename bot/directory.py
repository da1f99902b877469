"""What the desk knows besides tickets: customers, people (roles, language), products.

All of it lives in per-workspace Redis hashes; none of it is large (hundreds of customers,
tens of people), so reading a whole hash is fine here, unlike tickets.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from bot.errors import NotFound, UsageError
from bot.roles import Role
from bot.store import Store
from bot.tickets import ENTITLEMENT_TIER
from bot.versions import Release

YES = {"yes", "oui", "true", "1", "y", "o"}
NO = {"no", "non", "false", "0", "n"}


def slug(name: str) -> str:
    """'Boulangerie Côté inc.' → 'boulangerie-cote-inc' (the customer's id)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:64]


@dataclass(frozen=True)
class Customer:
    id: str
    name: str
    entitlement: str = "none"  # contract | maintenance | none
    lang: str = "en"
    after_hours: bool = False

    @property
    def tier(self) -> str:
        return ENTITLEMENT_TIER[self.entitlement]


def parse_flag(value: str, usage: str) -> bool:
    if value.lower() in YES:
        return True
    if value.lower() in NO:
        return False
    raise UsageError("error.bad_option", option="after_hours", value=value[:40], command=usage)


def checked_customer(
    name: str, entitlement: str, lang: str, after_hours: bool, usage: str
) -> Customer:
    if entitlement not in ENTITLEMENT_TIER:
        raise UsageError("error.bad_option", option="entitlement", value=entitlement[:40],
                         command=usage)  # fmt: skip
    if lang not in ("en", "fr"):
        raise UsageError("error.bad_option", option="lang", value=lang[:40], command=usage)
    cid = slug(name)
    if not cid:
        raise UsageError("error.usage", command=usage)
    return Customer(cid, name.strip()[:200], entitlement, lang, after_hours)


class Directory:
    """Customers, roles, languages and product releases of each workspace."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.redis: Any = store.redis

    # -- customers ---------------------------------------------------------------------
    async def customer(self, workspace: str, name_or_id: str) -> Customer | None:
        key = self.store.keys(workspace).customers
        raw = await self.store.call(lambda: self.redis.hget(key, slug(name_or_id)))
        return Customer(**json.loads(raw)) if raw else None

    async def require_customer(self, workspace: str, name_or_id: str) -> Customer:
        found = await self.customer(workspace, name_or_id)
        if found is None:
            raise NotFound("error.unknown_customer", name=name_or_id[:80])
        return found

    async def save_customer(self, workspace: str, customer: Customer) -> None:
        key = self.store.keys(workspace).customers
        data = json.dumps(asdict(customer), ensure_ascii=False)
        await self.store.call(lambda: self.redis.hset(key, customer.id, data))

    async def customers(self, workspace: str) -> list[Customer]:
        key = self.store.keys(workspace).customers
        rows = await self.store.call(lambda: self.redis.hvals(key))
        return sorted((Customer(**json.loads(r)) for r in rows), key=lambda c: c.name.lower())

    @staticmethod
    def parse_csv(text: str) -> list[Customer]:
        """name,entitlement,lang,after_hours (header optional)."""
        rows = [r for r in csv.reader(io.StringIO(text.strip())) if any(c.strip() for c in r)]
        if rows and rows[0] and rows[0][0].strip().lower() == "name":
            rows = rows[1:]
        customers = []
        for number, row in enumerate(rows, start=1):
            cells = [c.strip() for c in row] + ["", "", "", ""]
            try:
                customers.append(
                    checked_customer(
                        cells[0],
                        cells[1].lower() or "none",
                        cells[2].lower() or "en",
                        parse_flag(cells[3] or "no", "usage.customer.import"),
                        "usage.customer.import",
                    )
                )
            except UsageError as exc:
                raise UsageError(
                    "error.csv_row", row=number, command="usage.customer.import"
                ) from exc
        return customers

    # -- people ------------------------------------------------------------------------
    async def roles_of(self, workspace: str, user: str) -> set[Role]:
        key = self.store.keys(workspace).roles
        raw = await self.store.call(lambda: self.redis.hget(key, user))
        return {Role(r) for r in (raw or "").split(",") if r in Role.__members__.values()}

    async def set_roles(self, workspace: str, user: str, roles: set[Role]) -> None:
        key = self.store.keys(workspace).roles
        value = ",".join(sorted(r.value for r in roles))
        if value:
            await self.store.call(lambda: self.redis.hset(key, user, value))
        else:
            await self.store.call(lambda: self.redis.hdel(key, user))

    async def change_role(self, workspace: str, user: str, role: Role, add: bool) -> set[Role]:
        """Grant or take away one role in one atomic step (two managers changing the same
        person's roles at once both count); returns the roles held after it."""
        key = self.store.keys(workspace).roles
        script = self.redis.register_script(_CHANGE_ROLE)
        held = await self.store.call(
            lambda: script(keys=[key], args=[user, role.value, "1" if add else "0"])
        )
        return {Role(r) for r in str(held or "").split(",") if r}

    async def people(self, workspace: str) -> dict[str, set[Role]]:
        key = self.store.keys(workspace).roles
        rows = await self.store.call(lambda: self.redis.hgetall(key))
        return {user: {Role(r) for r in value.split(",") if r} for user, value in rows.items()}

    async def holders(self, workspace: str, role: Role) -> list[str]:
        return sorted(u for u, roles in (await self.people(workspace)).items() if role in roles)

    async def seed_roles(self, workspace: str, roles: dict[str, list[str]]) -> None:
        """Config-file roles are a starting point: chat changes made since are kept."""
        key = self.store.keys(workspace).roles
        wanted: dict[str, set[str]] = {}
        for role, users in roles.items():
            Role(role)
            for user in users:
                wanted.setdefault(user, set()).add(role)
        seeded_key = f"{key}:seeded"
        pairs = [(user, role) for user, held in wanted.items() for role in sorted(held)]

        async def seed() -> None:
            # Each (person, role) of the file is granted once: a role a manager removed in
            # chat since is not granted again at the next start.
            async with self.redis.pipeline(transaction=False) as pipe:
                for user, role in pairs:
                    pipe.hsetnx(seeded_key, f"{user}|{role}", 1)
                fresh = await pipe.execute()
            for (user, role), is_new in zip(pairs, fresh, strict=True):
                if is_new:
                    await self.change_role(workspace, user, Role(role), add=True)

        await self.store.call(seed)

    async def language(self, workspace: str, user: str) -> str | None:
        key = self.store.keys(workspace).lang
        found = await self.store.call(lambda: self.redis.hget(key, user))
        return str(found) if found else None

    async def set_language(self, workspace: str, user: str, lang: str) -> None:
        key = self.store.keys(workspace).lang
        await self.store.call(lambda: self.redis.hset(key, user, lang))

    # -- products ----------------------------------------------------------------------
    async def releases(self, workspace: str) -> list[Release]:
        key = self.store.keys(workspace).products
        rows = await self.store.call(lambda: self.redis.hgetall(key))
        releases = []
        for field_, released in rows.items():
            product, version = field_.split("|", 1)
            releases.append(Release(product, version, date.fromisoformat(released)))
        return releases

    async def add_release(self, workspace: str, release: Release) -> None:
        key = self.store.keys(workspace).products
        field_ = f"{release.product}|{release.version}"
        await self.store.call(lambda: self.redis.hset(key, field_, release.released.isoformat()))


# KEYS[1] the roles hash; ARGV user, role, "1" to grant / "0" to take away. The roles are
# stored sorted and comma-separated; the field goes when none is left.
_CHANGE_ROLE = """
local held = {}
for role in string.gmatch(redis.call('HGET', KEYS[1], ARGV[1]) or '', '[^,]+') do
  if role ~= ARGV[2] then table.insert(held, role) end
end
if ARGV[3] == '1' then table.insert(held, ARGV[2]) end
table.sort(held)
local value = table.concat(held, ',')
if value == '' then redis.call('HDEL', KEYS[1], ARGV[1])
else redis.call('HSET', KEYS[1], ARGV[1], value) end
return value
"""
