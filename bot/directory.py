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

from bot import scripts
from bot.connections import AsyncClient
from bot.errors import NotFound, UsageError
from bot.roles import Role
from bot.store import Store, as_text, as_texts
from bot.tickets import ENTITLEMENT_TIER
from bot.versions import Release

YES = {"yes", "oui", "true", "1", "y", "o"}
NO = {"no", "non", "false", "0", "n"}


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` case- and accent-folded ('Côté' → 'cote'), with the index in ``text`` of
    each folded character (a folded character may come from a longer or shorter run)."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        decomposed = unicodedata.normalize("NFKD", ch)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        out.append(plain)
        where += [i] * len(plain)
    return "".join(out), where


def named_at_start(text: str, customers: list[Customer]) -> tuple[Customer, str] | None:
    """The customer whose name opens ``text``, and the rest of it (the summary).

    One rule for every door: the name must end on a word boundary ('Acmeville printer'
    does not name Acme), case and accents do not count ('boulangerie cote' names
    Boulangerie Côté), and the longest name wins (Acme Inc before Acme)."""
    folded, where = fold(text)
    for customer in sorted(customers, key=lambda c: len(fold(c.name)[0]), reverse=True):
        words = fold(customer.name)[0].split()
        if not words:
            continue
        pattern = r"\s*" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
        found = re.match(pattern, folded)
        if found is None:
            continue
        end = where[found.end() - 1] + 1
        return customer, text[end:].lstrip(" :,;-—–").strip()
    return None


def link_ref(text: str) -> str:
    """A channel or person as a door writes it ('<#C0123|support>', '<@U0456>', '@U0456',
    '#C0123') → its id ('C0123', 'U0456'); Teams ids pass unchanged."""
    ref = text.strip()
    if ref.startswith("<") and ref.endswith(">"):
        ref = ref[1:-1].split("|", 1)[0]
    return ref.lstrip("#@!").strip()[:200]


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
    maintenance_until: str = ""  # YYYY-MM-DD: the versions released by then are covered

    @property
    def tier(self) -> str:
        return ENTITLEMENT_TIER[self.entitlement]

    @property
    def maintenance_end(self) -> date | None:
        return date.fromisoformat(self.maintenance_until) if self.maintenance_until else None


def parse_flag(value: str, usage: str) -> bool:
    if value.lower() in YES:
        return True
    if value.lower() in NO:
        return False
    raise UsageError("error.bad_option", option="after_hours", value=value[:40], command=usage)


def checked_customer(
    name: str,
    entitlement: str,
    lang: str,
    after_hours: bool,
    usage: str,
    maintenance_until: str = "",
) -> Customer:
    if entitlement not in ENTITLEMENT_TIER:
        raise UsageError(
            "error.bad_option", option="entitlement", value=entitlement[:40], command=usage
        )
    if lang not in ("en", "fr"):
        raise UsageError("error.bad_option", option="lang", value=lang[:40], command=usage)
    if maintenance_until:
        try:
            maintenance_until = date.fromisoformat(maintenance_until).isoformat()
        except ValueError:
            raise UsageError(
                "error.bad_date", value=maintenance_until[:40], command=usage
            ) from None
    cid = slug(name)
    if not cid:
        raise UsageError("error.usage", command=usage)
    return Customer(cid, name.strip()[:200], entitlement, lang, after_hours, maintenance_until)


class Directory:
    """Customers, roles, languages and product releases of each workspace."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.redis: AsyncClient = store.redis
        self._change_role = store.redis.register_script(scripts.source(scripts.CHANGE_ROLE))

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

    async def identify(
        self, workspace: str, text: str, channel: str = "", person: str = ""
    ) -> tuple[Customer | None, str]:
        """Whose request ``text`` is, and its summary. A known name opening the text wins
        (``named_at_start``); else the person's link (a customer's contact), then the
        channel's (a Slack Connect or Teams channel); else nobody: an unknown sender, never
        a guess. The summary is the text without the name."""
        found = named_at_start(text, await self.customers(workspace))
        if found is not None:
            return found
        refs = [ref for ref in (person, channel) if ref]
        if refs:
            key = self.store.keys(workspace).links
            ids = await self.store.call(lambda: self.redis.hmget(key, refs))
            for cid in ids:
                customer = await self.customer(workspace, as_text(cid)) if cid else None
                if customer is not None:
                    return customer, text.strip()
        return None, text.strip()

    async def link(self, workspace: str, ref: str, customer: Customer | None) -> str | None:
        """Link ``ref`` to ``customer`` (None: unlink); returns the customer id it had."""
        key = self.store.keys(workspace).links

        async def swap() -> str | None:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.hget(key, ref)
                if customer is None:
                    pipe.hdel(key, ref)
                else:
                    pipe.hset(key, ref, customer.id)
                before = (await pipe.execute())[0]
            return str(before) if before else None

        return await self.store.call(swap)

    async def links(self, workspace: str, customer: Customer) -> list[str]:
        key = self.store.keys(workspace).links
        rows = as_texts(await self.store.call(lambda: self.redis.hgetall(key)))
        return sorted(ref for ref, cid in rows.items() if cid == customer.id)

    async def customers(self, workspace: str) -> list[Customer]:
        key = self.store.keys(workspace).customers
        rows = await self.store.call(lambda: self.redis.hvals(key))
        return sorted((Customer(**json.loads(r)) for r in rows), key=lambda c: c.name.lower())

    @staticmethod
    def parse_csv(text: str) -> list[Customer]:
        """name,entitlement,lang,after_hours[,maintenance_until] (header optional)."""
        rows = [r for r in csv.reader(io.StringIO(text.strip())) if any(c.strip() for c in r)]
        if rows and rows[0] and rows[0][0].strip().lower() == "name":
            rows = rows[1:]
        customers = []
        for number, row in enumerate(rows, start=1):
            cells = [c.strip() for c in row] + ["", "", "", "", ""]
            try:
                customers.append(
                    checked_customer(
                        cells[0],
                        cells[1].lower() or "none",
                        cells[2].lower() or "en",
                        parse_flag(cells[3] or "no", "usage.customer.import"),
                        "usage.customer.import",
                        cells[4],
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
        held = as_text(raw or "").split(",")
        return {Role(r) for r in held if r in Role.__members__.values()}

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
        held = await self.store.call(
            lambda: self._change_role(keys=[key], args=[user, role.value, "1" if add else "0"])
        )
        return {Role(r) for r in as_text(held or "").split(",") if r}

    async def people(self, workspace: str) -> dict[str, set[Role]]:
        key = self.store.keys(workspace).roles
        rows = as_texts(await self.store.call(lambda: self.redis.hgetall(key)))
        return {user: {Role(r) for r in value.split(",") if r} for user, value in rows.items()}

    async def holders(self, workspace: str, role: Role) -> list[str]:
        return holding(await self.people(workspace), role)

    async def seed_roles(self, workspace: str, roles: dict[str, list[str]]) -> None:
        """Config-file roles are a starting point: chat changes made since are kept."""
        wanted: dict[str, set[str]] = {}
        for role, users in roles.items():
            Role(role)
            for user in users:
                wanted.setdefault(user, set()).add(role)
        seeded_key = self.store.keys(workspace).roles_seeded
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
        rows = as_texts(await self.store.call(lambda: self.redis.hgetall(key)))
        releases = []
        for field_, released in rows.items():
            product, version = field_.split("|", 1)
            releases.append(Release(product, version, date.fromisoformat(released)))
        return releases

    async def add_release(self, workspace: str, release: Release) -> None:
        key = self.store.keys(workspace).products
        field_ = f"{release.product}|{release.version}"
        await self.store.call(lambda: self.redis.hset(key, field_, release.released.isoformat()))


def holding(people: dict[str, set[Role]], role: Role) -> list[str]:
    """Who among ``people`` (``Directory.people``) holds ``role``, in name order."""
    return sorted(user for user, roles in people.items() if role in roles)
