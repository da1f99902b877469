"""The key schema (``bot.keys``): every key keeps the name it always had (deployments and
export files hold them), a misspelt key fails instead of naming a new, empty key, and no
module spells a key itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import keys
from bot.keys import Keys
from bot.timers import Entry, TimerKind

ROOT = Path(__file__).resolve().parent.parent
K = Keys("T0123")

STORED = [  # (the key as the code names it, the key as deployments store it)
    (K.base, "sb:{T0123}"),
    (K.seq, "sb:{T0123}:seq"),
    (K.ticket("000001001"), "sb:{T0123}:t:000001001"),
    (K.history("000001001"), "sb:{T0123}:h:000001001"),
    (K.index("open"), "sb:{T0123}:q:open"),
    (K.index("owner:U1"), "sb:{T0123}:q:owner:U1"),
    (K.sla("same-day:met:P1"), "sb:{T0123}:sla:same-day:met:P1"),
    (K.schedule, "sb:{T0123}:schedule"),
    (K.idem("ev-1"), "sb:{T0123}:idem:ev-1"),
    (K.sent("000001001:breach:5"), "sb:{T0123}:sent:000001001:breach:5"),
    (K.card("000001001"), "sb:{T0123}:card:000001001"),
    (K.failed, "sb:{T0123}:failed"),
    (K.customers, "sb:{T0123}:customers"),
    (K.links, "sb:{T0123}:links"),
    (K.roles, "sb:{T0123}:roles"),
    (K.roles_seeded, "sb:{T0123}:roles:seeded"),
    (K.lang, "sb:{T0123}:lang"),
    (K.products, "sb:{T0123}:products"),
    (K.defect_entries, "sb:{T0123}:defect"),
    (K.defects, "sb:{T0123}:defects"),
    (K.defects_in("open"), "sb:{T0123}:defects"),
    (K.defects_in("fixed"), "sb:{T0123}:defects:fixed"),
    (K.defect_seq, "sb:{T0123}:defect:seq"),
    (K.defect_tickets("D-1"), "sb:{T0123}:defect:D-1:tickets"),
    (K.conversations, "sb:{T0123}:conversations"),
    (K.people, "sb:{T0123}:people"),
    (K.platform_ids, "sb:{T0123}:platform-ids"),
    (K.slack_seen("event", "Ev1"), "sb:{T0123}:slack:event:Ev1"),
    (K.clock, "sb:{T0123}:clock"),
    (K.named("anything:else"), "sb:{T0123}:anything:else"),
    (keys.WORKSPACES, "sb:workspaces"),
    (keys.DISPATCHER_LOCK, "sb:dispatcher:lock"),
    (keys.metric("supportbot_timer_runs"), "sb:metrics:supportbot_timer_runs"),
    (keys.channel("T0123", "C1"), "{T0123}:C1"),
    (keys.channel_pace(keys.channel("T0123", "C1")), "sb:pace:{T0123}:C1"),
    (keys.channel_hold(keys.channel("T0123", "C1")), "sb:hold:{T0123}:C1"),
    (keys.channel_line(keys.channel("T0123", "C1")), "sb:first:{T0123}:C1"),
    (keys.slack_signature("v0=ab"), "sb:slack:signature:v0=ab"),
]


@pytest.mark.parametrize(("named", "stored"), STORED, ids=[s for _, s in STORED])
def test_every_key_keeps_its_stored_name(named: str, stored: str) -> None:
    assert named == stored


def test_a_misspelt_key_is_an_error_not_a_new_key() -> None:
    with pytest.raises(AttributeError):
        K.sequence  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError):
        K.custom = "sb:{T0123}:custom"  # type: ignore[attr-defined]


def test_the_export_names_keys_by_their_place_in_the_workspace() -> None:
    assert K.name_of(K.roles_seeded) == "roles:seeded"
    assert K.named(K.name_of(K.ticket("000001001"))) == K.ticket("000001001")
    assert Keys("T*1").pattern == r"sb:{T\*1}:*"
    assert keys.EVERY_WORKSPACE == "sb:{*"


def test_a_schedule_entry_is_the_member_and_the_kind() -> None:
    entry = Entry("000001001", TimerKind.reminder("30m"))
    assert str(entry) == "000001001|remind-30m"
    assert Entry.parse("000001001|remind-30m") == entry
    assert Entry.parse(b"000001001|same-day-alert").kind == TimerKind.SAME_DAY_ALERT
    assert TimerKind.is_reminder(entry.kind) and not TimerKind.is_reminder(TimerKind.REVIEW)


# A key spelt outside bot/keys.py: a string literal starting with the prefix, or a key
# built onto a workspace's base.
SPELT = re.compile(r"""[fbr]?["']sb:|\.base\}:""")


def test_no_module_spells_a_key_itself() -> None:
    found: dict[str, int] = {}
    for folder in ("bot", "handlers", "jobs"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name == "bot/keys.py":
                continue
            hits = len(SPELT.findall(path.read_text(encoding="utf-8")))
            if hits:
                found[name] = hits
    assert found == {}
