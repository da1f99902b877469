"""The support policy as data: built-in defaults are exactly those of ``docs/policy.md``.

A deployment overrides any of them with a TOML file (``SUPPORTBOT_POLICY`` or ``--policy``).
A wrong file is refused with one sentence naming the key and what was expected.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import PolicyError

TIERS = ("P1", "P2", "P3")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*$")


@dataclass(frozen=True)
class Holidays:
    """Which closed days come from the maintained ``holidays`` calendar, plus extra closures."""

    enabled: bool = True
    country: str = "CA"
    subdiv: str = "QC"
    categories: tuple[str, ...] = ("public",)
    # Named days taken from the package's other categories (Québec's Easter Monday is
    # "optional" there: employers choose Good Friday or Easter Monday; docs/policy.md
    # closes both).
    also: tuple[str, ...] = ("Easter Monday",)
    closures: tuple[date, ...] = ()


@dataclass(frozen=True)
class Contact:
    phone: str = "450 679-9898"
    toll_free: str = "1 866 679-8117"
    email: str = "infotech@techtra.ca"
    website: str = "www.techtra.ca"


@dataclass(frozen=True)
class Policy:
    """Every number the desk enforces. Durations are business time on the standard calendar."""

    zone: str = "America/Toronto"
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    open_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    holidays: Holidays = field(default_factory=Holidays)
    targets: tuple[tuple[str, timedelta], ...] = (
        ("P1", timedelta(hours=2)),
        ("P2", timedelta(hours=8)),
        ("P3", timedelta(hours=16)),
    )
    same_day_tiers: tuple[str, ...] = ("P1",)
    # Tiers with senior resources (§5): they are paged when the response window passes
    # unanswered; the other tiers' owner and managers are told instead (§3).
    escalation_tiers: tuple[str, ...] = ("P1",)
    reminder_tiers: tuple[str, ...] = ("P1",)
    reminders_before: tuple[timedelta, ...] = (timedelta(minutes=30), timedelta(minutes=10))
    # Seniors and managers are alerted this long before the same-day guarantee closes.
    same_day_alert_before: timedelta = timedelta(minutes=30)
    # A request logged later (a voicemail, an e-mail) may be back-dated this far at most.
    max_backdate: timedelta = timedelta(hours=40)
    review_after: timedelta = timedelta(hours=80)
    # Waiting on the customer pauses resolution work only; the seed counts the 10 business
    # days from the request, so by default the review clock runs on (§6).
    review_pauses_while_waiting: bool = False
    followup_after: timedelta = timedelta(hours=16)
    version_support_months: int = 6
    contact: Contact = field(default_factory=Contact)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def target(self, tier: str) -> timedelta:
        """The response target of ``tier`` (business time)."""
        return dict(self.targets)[tier]

    @property
    def business_day(self) -> timedelta:
        """One business day: the length of the opening hours (8 h by default)."""
        return _span(self.opens, self.closes)


def _span(opens: time, closes: time) -> timedelta:
    return timedelta(hours=closes.hour - opens.hour, minutes=closes.minute - opens.minute)


def parse_duration(text: str, business_day: timedelta, key: str = "duration") -> timedelta:
    """'2h', '30m', '1d' (one business day), '1d4h' → timedelta of business time."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match or not any(match.groups()):
        raise PolicyError(f"{key}: expected a duration like '2h', '30m' or '1d', got {text!r}")
    days, hours, minutes = (int(g or 0) for g in match.groups())
    return days * business_day + timedelta(hours=hours, minutes=minutes)


def format_duration(delta: timedelta) -> str:
    """The inverse of parse_duration for display: '2h', '1h30m', '45m' (never days)."""
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours}h{minutes:02d}m"
    return f"{hours}h" if hours else f"{minutes}m"


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """Defaults, overridden by the TOML file at ``path`` (``bot.settings`` says which:
    ``--policy``, else ``$SUPPORTBOT_POLICY``)."""
    if not path:
        return Policy()
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"policy file {file} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"policy file {file} cannot be read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"policy file {file} is not valid TOML: {exc}") from exc
    return policy_from_mapping(data)


def policy_from_mapping(data: dict[str, Any]) -> Policy:
    """Apply a parsed TOML document over the defaults, naming the first wrong key."""
    reader = _Reader(data)
    policy = Policy()
    cal = reader.table("calendar")
    zone = reader.string(cal, "calendar.zone", policy.zone)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PolicyError(f"calendar.zone: expected an IANA time zone, got {zone!r}") from None
    opens = reader.clock_time(cal, "calendar.opens", policy.opens)
    closes = reader.clock_time(cal, "calendar.closes", policy.closes)
    if closes <= opens:
        raise PolicyError("calendar.closes: expected a time after calendar.opens")
    days = reader.string_list(cal, "calendar.days", [WEEKDAYS[d] for d in policy.open_days])
    open_days = []
    for day in days:
        if day.lower()[:3] not in WEEKDAYS:
            raise PolicyError(f"calendar.days: expected day names like 'mon', got {day!r}")
        open_days.append(WEEKDAYS.index(day.lower()[:3]))
    business_day = _span(opens, closes)

    hol = reader.table("holidays")
    default_h = policy.holidays
    closures = []
    for raw in reader.list_of(hol, "holidays.closures", []):
        closures.append(_as_date(raw, "holidays.closures"))
    holidays = Holidays(
        enabled=reader.boolean(hol, "holidays.enabled", default_h.enabled),
        country=reader.string(hol, "holidays.country", default_h.country),
        subdiv=reader.string(hol, "holidays.subdiv", default_h.subdiv),
        categories=tuple(
            reader.string_list(hol, "holidays.categories", list(default_h.categories))
        ),
        also=tuple(reader.string_list(hol, "holidays.also", list(default_h.also))),
        closures=tuple(sorted(closures)),
    )

    tgt = reader.table("targets")
    targets = dict(policy.targets)
    for tier in TIERS:
        if tier in tgt:
            targets[tier] = parse_duration(tgt[tier], business_day, f"targets.{tier}")
    unknown = set(tgt) - {*TIERS, "same_day"}
    if unknown:
        raise PolicyError(
            f"targets.{sorted(unknown)[0]}: unknown key; expected P1, P2, P3 or same_day"
        )

    rem = reader.table("reminders")
    before = tuple(
        parse_duration(v, business_day, "reminders.before")
        for v in reader.string_list(rem, "reminders.before", ["30m", "10m"])
    )
    same_day_before = parse_duration(
        reader.string(rem, "reminders.same_day_before", "30m"),
        business_day,
        "reminders.same_day_before",
    )
    esc = reader.table("escalation")
    rec = reader.table("received")
    max_backdate = parse_duration(
        reader.string(rec, "received.max_age", "5d"), business_day, "received.max_age"
    )
    rev = reader.table("review")
    fol = reader.table("followup")
    ver = reader.table("versions")
    con = reader.table("contact")
    months = ver.get("support_months", policy.version_support_months)
    if not isinstance(months, int) or isinstance(months, bool) or months < 0:
        raise PolicyError(f"versions.support_months: expected a whole number, got {months!r}")
    reader.reject_unknown_tables()
    reader.reject_unknown_keys()
    if not open_days:
        raise PolicyError("calendar.days: expected at least one open day")
    _check_holidays(holidays)
    return replace(
        policy,
        zone=zone,
        opens=opens,
        closes=closes,
        open_days=tuple(sorted(set(open_days))),
        holidays=holidays,
        targets=tuple(targets.items()),
        same_day_tiers=reader.tiers(tgt, "targets.same_day", ["P1"]),
        escalation_tiers=reader.tiers(esc, "escalation.tiers", ["P1"]),
        reminder_tiers=reader.tiers(rem, "reminders.tiers", ["P1"]),
        reminders_before=tuple(sorted(before, reverse=True)),
        same_day_alert_before=same_day_before,
        max_backdate=max_backdate,
        review_after=parse_duration(
            reader.string(rev, "review.after", "10d"), business_day, "review.after"
        ),
        review_pauses_while_waiting=reader.boolean(
            rev, "review.pause_while_waiting", policy.review_pauses_while_waiting
        ),
        followup_after=parse_duration(
            reader.string(fol, "followup.after", "2d"), business_day, "followup.after"
        ),
        version_support_months=months,
        contact=Contact(
            phone=reader.string(con, "contact.phone", policy.contact.phone),
            toll_free=reader.string(con, "contact.toll_free", policy.contact.toll_free),
            email=reader.string(con, "contact.email", policy.contact.email),
            website=reader.string(con, "contact.website", policy.contact.website),
        ),
    )


def _check_holidays(rules: Holidays) -> None:
    """Refuse a country, region or category the holiday calendar does not know, now,
    with the key's name, rather than as a traceback when the calendar is first used."""
    if not rules.enabled:
        return
    import holidays as calendars

    try:
        calendars.country_holidays(rules.country, years=2026)
    except (NotImplementedError, KeyError, AttributeError, ValueError):
        raise PolicyError(f"holidays.country: unknown country code {rules.country!r}") from None
    try:
        found = calendars.country_holidays(rules.country, subdiv=rules.subdiv, years=2026)
    except (NotImplementedError, KeyError, AttributeError, ValueError):
        raise PolicyError(
            f"holidays.subdiv: {rules.country} has no region {rules.subdiv!r}"
        ) from None
    unknown = sorted(set(rules.categories) - set(found.supported_categories))
    if unknown:
        raise PolicyError(
            f"holidays.categories: {unknown[0]!r} is not one of "
            f"{', '.join(sorted(found.supported_categories))}"
        )


def _as_date(raw: Any, key: str) -> date:
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise PolicyError(f"{key}: expected dates like 2026-12-26, got {raw!r}")


class _Reader:
    """Typed access to the TOML document; every failure names the key."""

    KNOWN = frozenset(
        (
            "calendar",
            "holidays",
            "targets",
            "reminders",
            "escalation",
            "received",
            "review",
            "followup",
            "versions",
            "contact",
        )
    )

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def reject_unknown_tables(self) -> None:
        unknown = sorted(set(self.data) - self.KNOWN)
        if unknown:
            raise PolicyError(
                f"{unknown[0]}: unknown section; expected one of {', '.join(sorted(self.KNOWN))}"
            )

    FIELDS: ClassVar[dict[str, frozenset[str]]] = {
        "calendar": frozenset(("zone", "opens", "closes", "days")),
        "holidays": frozenset(("enabled", "country", "subdiv", "categories", "also", "closures")),
        "targets": frozenset(("P1", "P2", "P3", "same_day")),
        "reminders": frozenset(("before", "tiers", "same_day_before")),
        "escalation": frozenset(("tiers",)),
        "received": frozenset(("max_age",)),
        "review": frozenset(("after", "pause_while_waiting")),
        "followup": frozenset(("after",)),
        "versions": frozenset(("support_months",)),
        "contact": frozenset(("phone", "toll_free", "email", "website")),
    }

    def reject_unknown_keys(self) -> None:
        for name, allowed in self.FIELDS.items():
            table = self.data.get(name, {})
            unknown = sorted(set(table) - allowed) if isinstance(table, dict) else []
            if unknown:
                expected = ", ".join(sorted(allowed))
                raise PolicyError(f"{name}.{unknown[0]}: unknown key; expected one of {expected}")

    def table(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise PolicyError(f"{name}: expected a table [{name}]")
        return value

    def string(self, table: dict[str, Any], key: str, default: str) -> str:
        value = table.get(key.rsplit(".", 1)[-1], default)
        if not isinstance(value, str):
            raise PolicyError(f"{key}: expected a string, got {value!r}")
        return value

    def boolean(self, table: dict[str, Any], key: str, default: bool) -> bool:
        value = table.get(key.rsplit(".", 1)[-1], default)
        if not isinstance(value, bool):
            raise PolicyError(f"{key}: expected true or false, got {value!r}")
        return value

    def list_of(self, table: dict[str, Any], key: str, default: list[Any]) -> list[Any]:
        value = table.get(key.rsplit(".", 1)[-1], default)
        if not isinstance(value, list):
            raise PolicyError(f"{key}: expected a list, got {value!r}")
        return value

    def string_list(self, table: dict[str, Any], key: str, default: list[str]) -> list[str]:
        values = self.list_of(table, key, default)
        for value in values:
            if not isinstance(value, str):
                raise PolicyError(f"{key}: expected a list of strings, got {value!r}")
        return values

    def tiers(self, table: dict[str, Any], key: str, default: list[str]) -> tuple[str, ...]:
        values = self.string_list(table, key, default)
        for value in values:
            if value not in TIERS:
                raise PolicyError(f"{key}: expected tiers among P1, P2, P3, got {value!r}")
        return tuple(values)

    def clock_time(self, table: dict[str, Any], key: str, default: time) -> time:
        value = table.get(key.rsplit(".", 1)[-1], default)
        if isinstance(value, time):
            return value
        if isinstance(value, str):
            try:
                return time.fromisoformat(value)
            except ValueError:
                pass
        raise PolicyError(f"{key}: expected a time like '09:00', got {value!r}")
