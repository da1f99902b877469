"""One command grammar for every door.

    ticket new <customer> [channel=phone|email|chat] [received=TIME] [product=P version=V]
               [lang=fr] <summary>
    ticket respond <T-id> [phone|email|chat] <note>
    ticket claim|release|wait|resume|close|show <T-id>
    ticket next
    ticket reassign <T-id> <user>
    ticket escalate <T-id> [override] <reason>
    ticket resolve <T-id> [documentation] <note>
    ticket reopen <T-id> [reason]
    ticket outcome <T-id> non-critical|feature|defect [D-n] [note]
    ticket followup <T-id> satisfied|unsatisfied [comment]
    ticket attach <T-id> <customer>
    ticket list [mine|unclaimed|all]
    queue | jobs | help | lang en|fr
    report <from YYYY-MM-DD> <to YYYY-MM-DD>
    customer add|update <name> [entitlement=contract|maintenance|none] [lang=en|fr]
                               [after_hours=yes|no] [maintenance_until=YYYY-MM-DD]
    customer show <name> | customer list | customer import <CSV text>
    customer link|unlink <name> <channel-or-person>
    version add <product> <version> <YYYY-MM-DD> [force]
    version release <product> <version> [force]
    version list <product> | version status <product> <version>
    role add|remove <user> <role> | role list
    defect list [open|fixed] | defect show <D-n> | defect fixed <D-n> <version>
    feature list [product]

A door turns what a person typed or clicked into this text; the desk parses it here.

Each command is declared once, in ``SPECS`` (group, verb, who may run it, the options it
takes, whether the Teams app lists it), as errbot's ``@botcmd`` or Bolt's ``app.command``
declare theirs. The grammar (``GROUPS``, ``VERBS``), the rights (``PERMISSIONS``),
``help <command>`` and the Teams app's command list are read from it, and the desk binds
one handler to each name (``bot.desk.handlers``). A new command is a line here, its
handler, and its usage sentence in the catalog.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from bot.errors import UsageError
from bot.moments import is_clock_time, is_day
from bot.roles import LEADS, SENIORS_AND_LEADS, STAFF, Role, check

TICKET_ID = re.compile(r"^(?:T-?)?(\d{1,9})$", re.IGNORECASE)
OPTION = re.compile(r"^([a-z_]+)=(.*)$", re.DOTALL)
MAX_TEXT = 4000
IMPLIED_GROUP = "ticket"  # "/ticket claim T-1" arrives as "claim T-1"
# The ``name=value`` words a form-like command takes out of its text. One set for the three
# commands that take options: a word such as ``entitlement=…`` after ``ticket new`` has
# always been taken out of the summary, and stays so.
FIELDS = (
    "channel",
    "product",
    "version",
    "lang",
    "entitlement",
    "after_hours",
    "received",
    "name",
    "maintenance_until",
)


@dataclass(frozen=True)
class Spec:
    """One command, declared once: its words, who may run it, the options it takes out of
    its text, and whether the Teams app lists it. Its usage sentence is the catalog's
    ``usage.<group>[.<verb>]`` and its example ``example.<group>[.<verb>]``.

    ``permission`` names the right it needs (several commands may share one, such as
    ``customer.change``); ``allowed`` is who holds that right, ``None`` for anyone (``help``,
    ``lang``). ``rights`` are finer rights the handler checks itself (``ticket escalate …
    override``)."""

    group: str
    verb: str = ""
    allowed: frozenset[Role] | None = STAFF
    permission: str = ""
    options: tuple[str, ...] = ()
    rights: tuple[tuple[str, frozenset[Role]], ...] = ()
    teams: bool = False

    @property
    def name(self) -> str:
        """ "ticket claim", "queue": the words that run it (and key its handler)."""
        return f"{self.group} {self.verb}".strip()

    @property
    def right(self) -> str:
        return self.permission or self.name.replace(" ", ".")

    @property
    def usage_key(self) -> str:
        return "usage." + self.name.replace(" ", ".")

    @property
    def example_key(self) -> str:
        return "example." + self.name.replace(" ", ".")


def ticket(verb: str, allowed: frozenset[Role] = STAFF, **more: Any) -> Spec:
    return Spec("ticket", verb, allowed, **more)


# Every command the desk knows, in the order ``help`` and the Teams app list them.
SPECS: tuple[Spec, ...] = (
    ticket("new", options=FIELDS, teams=True),
    ticket("claim", teams=True),
    ticket("next"),
    ticket("release", rights=(("ticket.release.other", LEADS),)),
    ticket("reassign", SENIORS_AND_LEADS),
    ticket("respond"),
    ticket("wait"),
    ticket("resume"),
    ticket("escalate", rights=(("ticket.escalate.override", LEADS),)),
    ticket("resolve"),
    ticket("close"),
    ticket("reopen"),
    ticket("show"),
    ticket("list"),
    ticket("outcome", frozenset({Role.DIRECTOR})),
    ticket("followup"),
    ticket("attach", LEADS),
    Spec("queue", allowed=LEADS, teams=True),
    Spec("jobs", allowed=LEADS),
    Spec("report", allowed=LEADS, teams=True),
    Spec("customer", "add", LEADS, "customer.change", FIELDS),
    Spec("customer", "update", LEADS, "customer.change", FIELDS),
    Spec("customer", "show"),
    Spec("customer", "list"),
    Spec("customer", "import", LEADS, "customer.change"),
    Spec("customer", "link", LEADS, "customer.change"),
    Spec("customer", "unlink", LEADS, "customer.change"),
    Spec("version", "add", LEADS, "version.change"),
    Spec("version", "release", LEADS, "version.change"),
    Spec("version", "list", permission="version.show"),
    Spec("version", "status", permission="version.show"),
    Spec("defect", "list"),
    Spec("defect", "show"),
    Spec("defect", "fixed", SENIORS_AND_LEADS),
    Spec("feature", "list"),
    Spec("role", "add", LEADS, "role.change"),
    Spec("role", "remove", LEADS, "role.change"),
    Spec("role", "list"),
    Spec("help", allowed=None, teams=True),
    Spec("lang", allowed=None, teams=True),
)
BY_NAME: dict[str, Spec] = {spec.name: spec for spec in SPECS}

# -- what the declarations give ------------------------------------------------------------
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(spec.group for spec in SPECS))
VERBS: dict[str, tuple[str, ...]] = {
    group: tuple(spec.verb for spec in SPECS if spec.group == group)
    for group in GROUPS
    if any(spec.verb for spec in SPECS if spec.group == group)
}


def _permissions() -> dict[str, frozenset[Role]]:
    """Right → the roles that hold it; two commands sharing a right must agree on who."""
    found: dict[str, frozenset[Role]] = {}
    for spec in SPECS:
        rights = ((spec.right, spec.allowed),) if spec.allowed is not None else ()
        for right, allowed in (*rights, *spec.rights):
            if found.setdefault(right, allowed) != allowed:
                raise ValueError(f"{right!r} is declared with two sets of roles")
    return found


PERMISSIONS: dict[str, frozenset[Role]] = _permissions()
TEAMS_COMMANDS: tuple[str, ...] = tuple(spec.name for spec in SPECS if spec.teams)


def spec_of(group: str, verb: str = "") -> Spec:
    return BY_NAME[f"{group} {verb}".strip()]


def require(held: AbstractSet[Role], permission: str) -> None:
    """Raise Forbidden (with the roles that may) unless one of ``held`` holds the right."""
    check(held, PERMISSIONS[permission], permission)


def holds(held: AbstractSet[Role], permission: str) -> bool:
    return bool(held & PERMISSIONS[permission])


@dataclass(frozen=True)
class Command:
    group: str
    verb: str = ""
    args: tuple[str, ...] = ()
    options: dict[str, str] = field(default_factory=dict)
    raw: str = ""
    typed: tuple[str, ...] = ()  # the args as typed, quotes kept (for free text)

    @property
    def usage_key(self) -> str:
        return f"usage.{self.group}.{self.verb}" if self.verb else f"usage.{self.group}"

    def arg(self, index: int) -> str:
        if index >= len(self.args):
            raise UsageError("error.usage", command=self.usage_key)
        return self.args[index]

    def rest(self, start: int) -> str:
        """A name from ``start`` on (quotes only grouped its words)."""
        return " ".join(self.args[start:]).strip()

    def text(self, start: int) -> str:
        """Free text from ``start`` on as the person typed it: a summary, a note, a
        reason keep their quotes (« le serveur "principal" »)."""
        return " ".join((self.typed or self.args)[start:]).strip()

    def ticket_id(self, index: int = 0) -> str:
        return parse_ticket_id(self.arg(index), self.usage_key)


def parse_ticket_id(text: str, usage_key: str = "usage.ticket") -> str:
    match = TICKET_ID.match(text.strip())
    if not match:
        raise UsageError("error.bad_ticket_id", value=text[:40], command=usage_key)
    return f"T-{int(match.group(1))}"


TOKEN = re.compile(r'(?:"[^"]*"|[^\s"]+)+|"\S*')


def _split(text: str) -> list[tuple[str, str]]:
    """Words as (typed, plain): "double quotes" group words and are dropped from the
    plain form; apostrophes and backslashes are plain text (« l'imprimante n'imprime
    pas » must survive); an unbalanced quote is just a character."""
    return [(word, word.replace('"', "")) for word in TOKEN.findall(text)]


def parse(text: str) -> Command:
    """Text a person typed → Command, or UsageError naming the usage to show."""
    if len(text) > MAX_TEXT:
        raise UsageError("error.too_long", limit=MAX_TEXT, command="usage.help")
    cleaned = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text).strip()
    if cleaned.startswith("/"):
        cleaned = cleaned[1:]
    pairs = [(typed, plain) for typed, plain in _split(cleaned) if plain.strip()]
    tokens = [plain for _, plain in pairs]
    if not tokens:
        return Command("help")
    head = tokens[0].lower()
    if head not in GROUPS:
        if head in VERBS[IMPLIED_GROUP]:
            tokens.insert(0, IMPLIED_GROUP)
            pairs.insert(0, (IMPLIED_GROUP, IMPLIED_GROUP))
            head = IMPLIED_GROUP
        else:
            raise UsageError("error.unknown_command", word=tokens[0][:40], command="usage.help")
    rest = pairs[1:]
    verb = ""
    if head in VERBS:
        if not rest:
            raise UsageError("error.usage", command=f"usage.{head}")
        verb = rest[0][1].lower()
        if verb not in VERBS[head]:
            raise UsageError("error.unknown_verb", word=rest[0][1][:40], command=f"usage.{head}")
        rest = rest[1:]
    args: list[str] = []
    typed: list[str] = []
    options: dict[str, str] = {}
    fields = spec_of(head, verb).options
    previous = ""  # the option the previous word set, if it set one
    for word, token in rest:
        match = OPTION.match(token) if fields else None
        if match and match.group(1) in fields and not options.get(match.group(1)):
            options[match.group(1)] = match.group(2)
            previous = match.group(1)
            continue
        if previous == "received" and is_day(options["received"]) and is_clock_time(token):
            options["received"] += f" {token}"  # received=2026-12-01 09:40: two words
        else:
            args.append(token)
            typed.append(word)
        previous = ""
    return Command(head, verb, tuple(args), options, raw=cleaned, typed=tuple(typed))
