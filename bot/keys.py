"""Every Redis key supportbot writes, named here and nowhere else.

Two kinds of keys:

- a workspace's (``Keys``): ``sb:{T0123}:…``. The workspace is the key's Redis Cluster
  hash tag, so every atomic step of a workspace (a Lua script, a pipeline) stays on one
  slot. One explicit property or method per key: a misspelt key is an AttributeError (and
  a mypy error), not a new, empty key.
- the deployment's (module-level): the registry of workspaces (the one key a job reads to
  find every schedule), the dispatcher's lock, the operational metrics, the channels'
  posting turns and holds, the Slack door's replay marks. None of them spans two slots in
  one command.

Why the prefix is fixed (``sb``) and not an option: nothing could set it (no setting, no
flag; only one test built a ``Store(prefix=…)``), four places ignored it (the dispatcher,
``/readyz``, the timers' failure list, the import check) and, threaded through all of
them, it would still not keep two deployments apart in one Redis: RQ's queue, its job
ids and registries, and the metrics would be shared, so one deployment's workers would
run the other's timers. Two deployments take a Redis database (or server) each, which
separates all of it.

Nothing in ``bot/``, ``handlers/`` or ``jobs/`` spells a key itself
(``tests/test_keys.py`` checks the source).
"""

from __future__ import annotations

import re

PREFIX = "sb"
FORBIDDEN = "{}: "  # would break the hash tag or the key's fields

WORKSPACES = f"{PREFIX}:workspaces"  # a set: every workspace that ever had a ticket
DISPATCHER_LOCK = f"{PREFIX}:dispatcher:lock"  # one dispatcher tick at a time, fleet-wide
METRICS = f"{PREFIX}:metrics"  # + ":<name>": one hash per figure (``bot.metrics``)
SLACK_SIGNATURE = f"{PREFIX}:slack:signature:"  # + a request's X-Slack-Signature, once served


def glob(text: str) -> str:
    """``text`` as a literal in a SCAN pattern."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


EVERY_WORKSPACE = f"{glob(PREFIX)}:{{*"  # a SCAN pattern: every workspace's keys


def metric(name: str) -> str:
    """The hash of one operational figure (a histogram's buckets, a counter's values)."""
    return f"{METRICS}:{name}"


def slack_signature(signature: str) -> str:
    """The mark of a Slack request already served (replayed deliveries are refused)."""
    return f"{SLACK_SIGNATURE}{signature}"


def channel(workspace: str, channel_id: str) -> str:
    """A chat channel of a workspace, hash-tagged: ``{T0123}:C0456`` (the name the channel
    keys below take)."""
    return f"{{{workspace}}}:{channel_id}"


def channel_pace(channel_name: str) -> str:
    """Taken for a turn (``pace`` and a margin) by the post that has the channel's turn:
    when the turn ends (epoch ms on the desk's clock), expiring then."""
    return f"{PREFIX}:pace:{channel_name}"


def channel_hold(channel_name: str) -> str:
    """Until when (epoch ms) the platform asked the channel to wait (its Retry-After)."""
    return f"{PREFIX}:hold:{channel_name}"


def channel_line(channel_name: str) -> str:
    """The due time (epoch ms) of the oldest notice waiting for the channel's next turn."""
    return f"{PREFIX}:first:{channel_name}"


def check_workspace(workspace: str) -> str:
    if not workspace or any(c in workspace for c in FORBIDDEN):
        raise ValueError(f"bad workspace id {workspace!r}")
    return workspace


class Keys:
    """Key names of one workspace; the workspace is the hash tag."""

    __slots__ = ("base", "workspace")

    def __init__(self, workspace: str) -> None:
        self.workspace = check_workspace(workspace)
        self.base = f"{PREFIX}:{{{workspace}}}"  # the key of the workspace's slot

    def _key(self, name: str) -> str:
        return f"{self.base}:{name}"

    # -- every key, for the export (``bot.backup``) -----------------------------------
    @property
    def pattern(self) -> str:
        """A SCAN pattern: every key of the workspace."""
        return glob(self.base) + ":*"

    def name_of(self, key: str) -> str:
        """A key of the workspace → its name in it (``t:000001001``, ``customers``)."""
        return key[len(self.base) + 1 :]

    def named(self, name: str) -> str:
        """The key called ``name`` in the workspace (``name_of`` the other way): for the
        export and import, which carry keys this version may not know by name."""
        return self._key(name)

    # -- tickets -----------------------------------------------------------------------
    @property
    def seq(self) -> str:
        """The ticket counter (a string: the last number given, from 1000)."""
        return self._key("seq")

    def ticket(self, member: str) -> str:
        """A hash: ``rev`` and ``json``."""
        return self._key(f"t:{member}")

    def history(self, member: str) -> str:
        """A stream: one entry per event (``at``, ``who``, ``what``, ``detail``)."""
        return self._key(f"h:{member}")

    def index(self, name: str) -> str:
        """A sorted set of members: ``all``, ``open``, ``new``, ``owner:U1`` … (see
        ``bot.store.index_entries``)."""
        return self._key(f"q:{name}")

    def sla(self, name: str) -> str:
        """``met:P1``, ``missed:P1``, ``pending:P1``, ``same-day:met:P1`` …: see
        ``bot.store.sla_entries``."""
        return self._key(f"sla:{name}")

    @property
    def schedule(self) -> str:
        """A sorted set: ``<member>|<kind>`` scored by due time (ms), ``bot.schedule``."""
        return self._key("schedule")

    def idem(self, key: str) -> str:
        """The ticket id an idempotency key (a door's delivery id) created."""
        return self._key(f"idem:{key}")

    def sent(self, record: str) -> str:
        """A notice's delivery record (``<member>:<kind>:<due>``) or its attempts count."""
        return self._key(f"sent:{record}")

    def card(self, member: str) -> str:
        """A hash: the ticket's card on its platform (``ref``, ``digest``, ``cursor``)."""
        return self._key(f"card:{member}")

    @property
    def failed(self) -> str:
        """A list: the last 200 notifications given up on, for managers."""
        return self._key("failed")

    # -- people, customers, products -------------------------------------------------
    @property
    def customers(self) -> str:
        """A hash: customer id → the customer as JSON."""
        return self._key("customers")

    @property
    def links(self) -> str:
        """A hash: a person's or a channel's id → the customer id it speaks for."""
        return self._key("links")

    @property
    def roles(self) -> str:
        """A hash: user → roles, sorted and comma-separated."""
        return self._key("roles")

    @property
    def roles_seeded(self) -> str:
        """A hash: ``<user>|<role>`` granted once from the config file."""
        return self._key("roles:seeded")

    @property
    def lang(self) -> str:
        """A hash: user → ``en`` | ``fr``."""
        return self._key("lang")

    @property
    def products(self) -> str:
        """A hash: ``<product>|<version>`` → release day (ISO)."""
        return self._key("products")

    # -- the defect register ---------------------------------------------------------
    @property
    def defect_entries(self) -> str:
        """A hash: D-n → the entry as JSON."""
        return self._key("defect")

    def defects_in(self, state: str) -> str:
        """Ids by when opened: ``open`` (the key ``queue`` has always counted) or ``fixed``."""
        return self._key("defects" if state == "open" else f"defects:{state}")

    @property
    def defects(self) -> str:
        """The open entries (``defects_in("open")``)."""
        return self.defects_in("open")

    @property
    def defect_seq(self) -> str:
        return self._key("defect:seq")

    def defect_tickets(self, defect_id: str) -> str:
        """The tickets linked to an entry (a sorted set of members, by when linked)."""
        return self._key(f"defect:{defect_id}:tickets")

    # -- the doors' records ------------------------------------------------------------
    @property
    def conversations(self) -> str:
        """A hash: conversation → how a door posts there unprompted (JSON)."""
        return self._key("conversations")

    @property
    def people(self) -> str:
        """A hash: user → [platform id, display name] (JSON)."""
        return self._key("people")

    @property
    def platform_ids(self) -> str:
        """A hash: platform id → user."""
        return self._key("platform-ids")

    def slack_seen(self, kind: str, key: str) -> str:
        """A Slack event or action already handled (Slack redelivers)."""
        return self._key(f"slack:{kind}:{key}")

    @property
    def clock(self) -> str:
        """The console's manual clock (``supportbot console``)."""
        return self._key("clock")
