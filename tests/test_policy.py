"""The policy file (issue #2): defaults are docs/policy.md's numbers; a TOML file overrides any of
them; a wrong file is refused with one sentence naming the key."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.calendar import BusinessCalendar
from bot.errors import DeskError, PolicyError
from bot.policy import (
    Contact,
    Holidays,
    Policy,
    format_duration,
    load_policy,
    parse_duration,
    policy_from_mapping,
)
from bot.settings import Settings
from bot.sla import Sla

TZ = ZoneInfo("America/Toronto")
H = timedelta(hours=1)
M = timedelta(minutes=1)
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "policy.toml"


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, tz: ZoneInfo = TZ) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)


def write(tmp_path: Path, text: str, name: str = "policy.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- defaults ---------------------------------------------------------------------------------


def test_defaults_are_the_policy_numbers() -> None:
    p = Policy()
    assert p.zone == "America/Toronto"
    assert p.tz == TZ
    assert (p.opens, p.closes) == (time(9), time(17))
    assert p.open_days == (0, 1, 2, 3, 4)
    assert p.business_day == 8 * H
    assert p.holidays == Holidays()
    assert p.holidays.enabled
    assert (p.holidays.country, p.holidays.subdiv) == ("CA", "QC")
    assert p.holidays.closures == ()
    assert [p.target(t) for t in ("P1", "P2", "P3")] == [2 * H, 8 * H, 16 * H]
    assert p.same_day_tiers == ("P1",)
    assert p.reminder_tiers == ("P1",)
    assert p.reminders_before == (30 * M, 10 * M)
    assert p.review_after == 80 * H
    assert p.followup_after == 16 * H
    assert p.version_support_months == 6
    assert p.contact == Contact("450 679-9898", "1 866 679-8117", "infotech@techtra.ca")


def test_no_file_means_the_defaults() -> None:
    assert load_policy() == Policy()
    assert load_policy(None) == Policy()
    assert policy_from_mapping({}) == Policy()
    assert policy_from_mapping({"calendar": {}, "targets": {}}) == Policy()


def test_the_example_file_is_the_defaults_plus_one_closure() -> None:
    loaded = load_policy(EXAMPLE)
    assert loaded.holidays.closures == (date(2026, 12, 26),)
    assert replace(loaded, holidays=replace(loaded.holidays, closures=())) == Policy()


def test_the_environment_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[targets]\nP1 = "1h"\n')
    monkeypatch.setenv("SUPPORTBOT_POLICY", str(path))
    assert Settings.from_environment().policy.target("P1") == H
    # An explicit path wins over the environment.
    other = write(tmp_path, '[targets]\nP1 = "3h"\n', "other.toml")
    assert Settings.from_environment(policy=str(other)).policy.target("P1") == 3 * H


# -- overrides --------------------------------------------------------------------------------


def test_zone_override(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, '[calendar]\nzone = "Europe/Paris"\n'))
    paris = ZoneInfo("Europe/Paris")
    assert policy.tz == paris
    sla = Sla(policy)
    got = sla.milestones(at(2026, 5, 13, 16, 30, tz=paris), "P1")
    assert got.response_due.isoformat() == "2026-05-14T10:30:00+02:00"
    assert got.same_day_due is not None
    assert got.same_day_due.isoformat() == "2026-05-13T17:00:00+02:00"
    # Europe's own DST change (29 March 2026).
    got = sla.milestones(at(2026, 3, 27, 16, 30, tz=paris), "P1")
    assert got.response_due.isoformat() == "2026-03-30T10:30:00+02:00"
    assert got.deadline.isoformat() == "2026-03-27T17:00:00+01:00"


def test_hours_override(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, '[calendar]\nopens = "08:00"\ncloses = "16:00"\n'))
    assert (policy.opens, policy.closes, policy.business_day) == (time(8), time(16), 8 * H)
    got = Sla(policy).milestones(at(2026, 5, 13, 15, 30), "P1")
    assert got.response_due == at(2026, 5, 14, 9, 30)
    assert got.same_day_due == got.deadline == at(2026, 5, 13, 16)
    assert got.reminders == (at(2026, 5, 14, 9), at(2026, 5, 14, 9, 20))
    assert got.same_day_alert == at(2026, 5, 13, 15, 30)  # 30 minutes before the 16:00 close
    cal = BusinessCalendar(policy)
    assert cal.is_open(at(2026, 5, 13, 8))
    assert not cal.is_open(at(2026, 5, 13, 16))


def test_short_days_shrink_a_business_day(tmp_path: Path) -> None:
    text = '[calendar]\nopens = "08:30"\ncloses = "12:00"\n[targets]\nP2 = "1d"\nP3 = "1d2h"\n'
    policy = load_policy(write(tmp_path, text))
    assert policy.business_day == timedelta(hours=3, minutes=30)
    assert policy.target("P2") == timedelta(hours=3, minutes=30)
    assert policy.target("P3") == timedelta(hours=5, minutes=30)
    assert policy.review_after == 35 * H  # "10d" by default, in this policy's days
    assert Sla(policy).milestones(at(2026, 5, 13, 8, 30), "P2").response_due == at(2026, 5, 13, 12)


def test_open_days_override(tmp_path: Path) -> None:
    policy = load_policy(
        write(tmp_path, '[calendar]\ndays = ["Mon", "tue", "wed", "thu", "fri", "saturday"]\n')
    )
    assert policy.open_days == (0, 1, 2, 3, 4, 5)
    cal = BusinessCalendar(policy)
    assert cal.is_open(at(2026, 6, 6, 10))  # Saturday
    assert not cal.is_open(at(2026, 6, 7, 10))  # Sunday
    assert cal.add(at(2026, 6, 5, 16), 2 * H) == at(2026, 6, 6, 10)


def test_holidays_can_be_turned_off(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, "[holidays]\nenabled = false\n"))
    cal = BusinessCalendar(policy)
    assert cal.is_open_day(date(2026, 6, 24))
    assert cal.closed_reason(date(2026, 6, 24)) is None
    assert cal.add(at(2026, 6, 23, 16, 59), 2 * M) == at(2026, 6, 24, 9, 1)


def test_extra_closure_dates_close_the_day(tmp_path: Path) -> None:
    # Both a TOML date and a string are accepted.
    text = '[holidays]\nclosures = [2026-12-24, "2026-12-31"]\n'
    policy = load_policy(write(tmp_path, text))
    assert policy.holidays.closures == (date(2026, 12, 24), date(2026, 12, 31))
    cal = BusinessCalendar(policy)
    for day in (date(2026, 12, 24), date(2026, 12, 31)):
        assert not cal.is_open_day(day)
        assert cal.closed_reason(day) == "closure"
        assert cal.closed_reason(day, "fr") == "closure"
    assert cal.is_open_day(date(2026, 12, 23))
    assert not cal.is_open_day(date(2026, 12, 25))  # Christmas stays closed
    # Wednesday 23 Dec 16:00 + 2 h: 1 h on the 23rd, then Monday 28th.
    assert cal.add(at(2026, 12, 23, 16), 2 * H) == at(2026, 12, 28, 10)
    # A closure still applies when holidays are off.
    off = policy_from_mapping({"holidays": {"enabled": False, "closures": ["2026-12-24"]}})
    cal = BusinessCalendar(off)
    assert cal.closed_reason(date(2026, 12, 24)) == "closure"
    assert cal.is_open_day(date(2026, 12, 25))


def test_another_province(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, '[holidays]\nsubdiv = "ON"\n'))
    cal = BusinessCalendar(policy)
    assert cal.closed_reason(date(2026, 2, 16)) == "Family Day"
    assert cal.is_open_day(date(2026, 6, 24))


def test_targets_override(tmp_path: Path) -> None:
    text = '[targets]\nP1 = "1h30m"\nP2 = "2d"\nP3 = "3d"\nsame_day = []\n'
    policy = load_policy(write(tmp_path, text))
    assert [policy.target(t) for t in ("P1", "P2", "P3")] == [90 * M, 16 * H, 24 * H]
    got = Sla(policy).milestones(at(2026, 5, 13, 16), "P1")
    assert got.same_day_due is None
    # Wednesday 16:00 + 1 h 30: 1 h on Wednesday, 30 min on Thursday.
    assert got.response_due == got.deadline == at(2026, 5, 14, 9, 30)
    # 30 min before is Thursday's opening (not Wednesday 17:00): the latest such instant.
    assert got.reminders == (at(2026, 5, 14, 9), at(2026, 5, 14, 9, 20))


def test_reminders_override(tmp_path: Path) -> None:
    text = '[reminders]\nbefore = ["15m", "45m"]\ntiers = ["P1", "P2"]\n'
    policy = load_policy(write(tmp_path, text))
    assert policy.reminders_before == (45 * M, 15 * M)  # earliest first
    sla = Sla(policy)
    assert sla.milestones(at(2026, 5, 13, 10), "P1").reminders == (
        at(2026, 5, 13, 11, 15),
        at(2026, 5, 13, 11, 45),
    )
    assert sla.milestones(at(2026, 5, 13, 10), "P2").reminders == (
        at(2026, 5, 14, 9, 15),
        at(2026, 5, 14, 9, 45),
    )
    assert sla.milestones(at(2026, 5, 13, 10), "P3").reminders == ()


def test_review_and_followup_override(tmp_path: Path) -> None:
    text = '[review]\nafter = "5d"\n[followup]\nafter = "4h"\n'
    policy = load_policy(write(tmp_path, text))
    assert (policy.review_after, policy.followup_after) == (40 * H, 4 * H)
    sla = Sla(policy)
    assert sla.milestones(at(2026, 5, 13, 10), "P2").review_due == at(2026, 5, 21, 10)
    assert sla.followup_due(at(2026, 5, 13, 15)) == at(2026, 5, 14, 11)


def test_versions_and_contact_override(tmp_path: Path) -> None:
    text = '[versions]\nsupport_months = 12\n[contact]\nemail = "help@example.com"\n'
    policy = load_policy(write(tmp_path, text))
    assert policy.version_support_months == 12
    assert policy.contact.email == "help@example.com"
    assert policy.contact.phone == "450 679-9898"


def test_policy_objects_are_hashable_values() -> None:
    assert policy_from_mapping({"targets": {"P1": "2h"}}) == Policy()
    assert hash(policy_from_mapping({})) == hash(Policy())


# -- wrong files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mapping", "key"),
    [
        ({"calendar": {"zone": "Mars/Olympus"}}, "calendar.zone"),
        ({"calendar": {"zone": ""}}, "calendar.zone"),
        ({"calendar": {"zone": 5}}, "calendar.zone"),
        ({"calendar": "Toronto"}, "calendar"),
        ({"calendar": {"opens": "nine"}}, "calendar.opens"),
        ({"calendar": {"closes": 17}}, "calendar.closes"),
        ({"calendar": {"opens": "18:00"}}, "calendar.closes"),
        ({"calendar": {"days": ["funday"]}}, "calendar.days"),
        ({"calendar": {"days": "mon"}}, "calendar.days"),
        ({"holidays": {"enabled": "yes"}}, "holidays.enabled"),
        ({"holidays": {"closures": ["soon"]}}, "holidays.closures"),
        ({"holidays": {"closures": "2026-12-26"}}, "holidays.closures"),
        ({"holidays": {"subdiv": 24}}, "holidays.subdiv"),
        ({"targets": {"P1": "fast"}}, "targets.P1"),
        ({"targets": {"P2": 8}}, "targets.P2"),
        ({"targets": {"P4": "1h"}}, "targets.P4"),
        ({"targets": {"same_day": "P1"}}, "targets.same_day"),
        ({"reminders": {"before": ["soon"]}}, "reminders.before"),
        ({"reminders": {"before": "30m"}}, "reminders.before"),
        ({"reminders": {"tiers": [1]}}, "reminders.tiers"),
        ({"review": {"after": 10}}, "review.after"),
        ({"followup": {"after": ""}}, "followup.after"),
        ({"versions": {"support_months": -1}}, "versions.support_months"),
        ({"versions": {"support_months": "six"}}, "versions.support_months"),
        ({"versions": {"support_months": True}}, "versions.support_months"),
        ({"contact": {"phone": 4506799898}}, "contact.phone"),
        ({"escalation": {"after": "1h"}}, "escalation.after"),
        ({"escalation": {"tiers": ["P0"]}}, "escalation.tiers"),
        ({"reminders": {"same_day_before": "soon"}}, "reminders.same_day_before"),
        ({"received": {"max_age": 5}}, "received.max_age"),
        ({"review": {"pause_while_waiting": "no"}}, "review.pause_while_waiting"),
        ({"intake": {"max_age": "5d"}}, "intake"),
    ],
)
def test_wrong_values_name_the_key(mapping: dict[str, Any], key: str) -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from_mapping(mapping)
    message = str(caught.value)
    assert message.startswith(f"{key}:"), message
    assert "\n" not in message
    assert caught.value.key == "error.policy"
    assert caught.value.params == {"message": message}
    assert isinstance(caught.value, DeskError)


def test_wrong_file_names_the_key(tmp_path: Path) -> None:
    path = write(tmp_path, '[calendar]\nzone = "America/Montreal_Nord"\n')
    with pytest.raises(PolicyError, match=r"^calendar\.zone: expected an IANA time zone"):
        load_policy(path)


def test_missing_unreadable_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="does not exist"):
        load_policy(tmp_path / "nope.toml")
    with pytest.raises(PolicyError, match="not valid TOML"):
        load_policy(write(tmp_path, "[calendar\nzone = \n"))
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'[contact]\nphone = "\xe9"\n')
    with pytest.raises(PolicyError, match="cannot be read"):
        load_policy(bad)
    with pytest.raises(PolicyError, match="cannot be read"):
        load_policy(tmp_path)  # a directory


@pytest.mark.parametrize(
    ("mapping", "key"),
    [
        ({"holidays": {"country": "XX"}}, "holidays.country"),
        ({"holidays": {"subdiv": "ZZ"}}, "holidays.subdiv"),
        ({"holidays": {"categories": ["bogus"]}}, "holidays.categories"),
        ({"calendar": {"days": []}}, "calendar.days"),
    ],
)
def test_values_the_calendar_cannot_use_are_refused_at_load(
    mapping: dict[str, Any], key: str
) -> None:
    with pytest.raises(PolicyError, match=rf"^{key}:"):
        BusinessCalendar(policy_from_mapping(mapping)).is_open(at(2026, 5, 13, 10))


@pytest.mark.parametrize(
    ("mapping", "key"),
    [
        ({"calendar": {"zon": "Europe/Paris"}}, "calendar.zon"),
        ({"review": {"afer": "5d"}}, "review.afer"),
    ],
)
def test_unknown_keys_in_a_table_are_refused(mapping: dict[str, Any], key: str) -> None:
    with pytest.raises(PolicyError, match=rf"^{key}:"):
        policy_from_mapping(mapping)


def test_a_zero_reminder_never_comes_after_the_two_hour_mark() -> None:
    policy = policy_from_mapping({"reminders": {"before": ["0m"]}})
    got = Sla(policy).milestones(at(2026, 11, 26, 15), "P1")
    assert got.response_due == at(2026, 11, 26, 17)  # at the close, not the next opening
    assert got.reminders == (at(2026, 11, 26, 17),)


def test_the_new_keys_have_the_policy_defaults_and_can_be_changed() -> None:
    default = policy_from_mapping({})
    assert default.escalation_tiers == ("P1",)
    assert default.same_day_alert_before == 30 * M
    assert default.max_backdate == 40 * H  # 5 business days
    assert default.review_pauses_while_waiting is False
    changed = policy_from_mapping({
        "escalation": {"tiers": ["P1", "P2"]},
        "reminders": {"same_day_before": "1h"},
        "received": {"max_age": "1d"},
        "review": {"pause_while_waiting": True},
    })  # fmt: skip
    assert changed.escalation_tiers == ("P1", "P2")
    assert changed.same_day_alert_before == H
    assert changed.max_backdate == 8 * H
    assert changed.review_pauses_while_waiting is True


# -- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", 2 * H),
        ("30m", 30 * M),
        ("1d", 8 * H),
        ("2d", 16 * H),
        ("10d", 80 * H),
        ("1d4h", 12 * H),
        ("1h30m", 90 * M),
        (" 1d 2h 3m ", 10 * H + 3 * M),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text, 8 * H) == expected


@pytest.mark.parametrize("text", ["", "2", "h", "2 hours", "-1h", "1.5h", "2m3h"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(PolicyError, match=r"^targets\.P1: expected a duration"):
        parse_duration(text, 8 * H, "targets.P1")


def test_format_duration() -> None:
    assert [format_duration(d) for d in (2 * H, 90 * M, 45 * M, 16 * H, timedelta(0))] == [
        "2h",
        "1h30m",
        "45m",
        "16h",
        "0m",
    ]
