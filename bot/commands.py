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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.errors import UsageError
from bot.moments import is_clock_time, is_day

GROUPS = (
    "ticket",
    "queue",
    "customer",
    "version",
    "role",
    "help",
    "lang",
    "jobs",
    "report",
    "defect",
    "feature",
)
VERBS: dict[str, tuple[str, ...]] = {
    "ticket": ("new", "claim", "next", "release", "reassign", "respond", "wait", "resume",
               "escalate", "resolve", "close", "reopen", "show", "list", "outcome", "followup",
               "attach"),
    "customer": ("add", "update", "show", "list", "import", "link", "unlink"),
    "version": ("add", "release", "list", "status"),
    "defect": ("list", "show", "fixed"),
    "feature": ("list",),
    "role": ("add", "remove", "list"),
}  # fmt: skip
TICKET_ID = re.compile(r"^(?:T-?)?(\d{1,9})$", re.IGNORECASE)
OPTION = re.compile(r"^([a-z_]+)=(.*)$", re.DOTALL)
MAX_TEXT = 4000
OPTION_VERBS = frozenset((("ticket", "new"), ("customer", "add"), ("customer", "update")))
OPTIONS = frozenset(
    (
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
)


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
        if head in VERBS["ticket"]:  # "/ticket claim T-1" arrives as "claim T-1"
            tokens.insert(0, "ticket")
            pairs.insert(0, ("ticket", "ticket"))
            head = "ticket"
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
    takes_options = (head, verb) in OPTION_VERBS
    previous = ""  # the option the previous word set, if it set one
    for word, token in rest:
        match = OPTION.match(token) if takes_options else None
        if match and match.group(1) in OPTIONS and not options.get(match.group(1)):
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
