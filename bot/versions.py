"""Version support (``docs/policy.md`` §7): a version is current until its successor is
released; it is then withdrawn from sale, supported for ``support_months`` more, and
discontinued after that. Fixes for a discontinued version are at Techtra's discretion.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import pendulum

from bot.errors import NotFound, UsageError


class Support(StrEnum):
    CURRENT = "current"
    SUPPORTED = "supported"
    DISCONTINUED = "discontinued"
    UPCOMING = "upcoming"
    UNKNOWN = "unknown"  # not in the catalog (a ticket's version; never a catalog answer)


@dataclass(frozen=True)
class Release:
    product: str
    version: str
    released: date


@dataclass(frozen=True)
class VersionStatus:
    product: str
    version: str
    support: Support
    released: date
    withdrawn_from_sale: date | None = None  # the successor's release date
    supported_until: date | None = None  # first day without support
    successor: str | None = None
    current: str | None = None  # the product's current version (what to upgrade to)
    predecessor: str | None = None  # the version it replaced, if any

    @property
    def last_supported_day(self) -> date | None:
        """The last day of support, inclusive ("supported until D" means supported on D)."""
        return self.supported_until - timedelta(days=1) if self.supported_until else None

    @property
    def discontinued_since(self) -> date | None:
        return self.supported_until if self.support is Support.DISCONTINUED else None

    def as_json(self) -> dict[str, str | None]:
        return {
            "product": self.product,
            "version": self.version,
            "status": self.support.value,
            "released": self.released.isoformat(),
            "withdrawn_from_sale": _iso(self.withdrawn_from_sale),
            "supported_until": _iso(self.supported_until),  # the first day without
            "last_supported_day": _iso(self.last_supported_day),  # inclusive
            "discontinued_since": _iso(self.discontinued_since),
            "successor": self.successor,
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def add_months(day: date, months: int) -> date:
    """Calendar months, clamped to the month's end (31 August + 6 months = 28 February)."""
    shifted = pendulum.date(day.year, day.month, day.day).add(months=months)
    return date(shifted.year, shifted.month, shifted.day)


def version_status(
    releases: list[Release], product: str, version: str, today: date, support_months: int = 6
) -> VersionStatus:
    """The support status of ``product`` ``version`` on ``today``."""
    line = sorted(
        (r for r in releases if r.product.casefold() == product.casefold()),
        key=lambda r: r.released,
    )
    mine = next((r for r in line if r.version == version), None)
    if mine is None:
        raise NotFound("error.unknown_version", product=product, version=version)
    out = [r for r in line if r.released <= today]
    current = out[-1].version if out else None
    earlier = [r for r in line if r.released < mine.released]
    predecessor = earlier[-1].version if earlier else None
    if mine.released > today:
        return VersionStatus(
            mine.product,
            version,
            Support.UPCOMING,
            mine.released,
            current=current,
            predecessor=predecessor,
        )
    later = [r for r in line if r.released > mine.released and r.released <= today]
    if not later:
        return VersionStatus(
            mine.product,
            version,
            Support.CURRENT,
            mine.released,
            current=current,
            predecessor=predecessor,
        )
    successor = later[0]
    until = add_months(successor.released, support_months)
    support = Support.SUPPORTED if today < until else Support.DISCONTINUED
    return VersionStatus(
        mine.product,
        version,
        support,
        mine.released,
        withdrawn_from_sale=successor.released,
        supported_until=until,
        successor=successor.version,
        current=current,
        predecessor=predecessor,
    )


def maintenance_covers(status: VersionStatus, entitled: bool, until: date | None) -> bool:
    """Whether a customer's maintenance gives them ``status``'s version and its support
    (seed §7: "les clients doivent souscrire au programme de maintenance annuelle pour
    avoir accès gratuitement aux nouvelles versions ainsi qu'au support correspondant").

    With a maintenance end date, the versions released by then are covered. Without one,
    a customer paying maintenance is covered, and one without maintenance owns what they
    bought: a version that replaced an earlier one and is the newest (current or coming) is
    the new version they have not paid for."""
    if until is not None:
        return status.released <= until
    if entitled:
        return True
    is_new = status.support in (Support.CURRENT, Support.UPCOMING)
    return not (is_new and status.predecessor is not None)


def load_catalog(path: str | Path) -> list[Release]:
    """Releases from a TOML file (``[[release]]`` tables) or a CSV (product,version,released)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError("error.catalog", path=str(file), problem=exc.strerror or str(exc)) from exc
    try:
        if file.suffix.lower() == ".csv":
            rows = list(csv.DictReader(text.splitlines()))
        else:
            rows = tomllib.loads(text).get("release", [])
        return [
            Release(
                str(row["product"]).strip(),
                str(row["version"]).strip(),
                row["released"]
                if isinstance(row["released"], date)
                else date.fromisoformat(str(row["released"]).strip()),
            )
            for row in rows
        ]
    except (KeyError, ValueError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError("error.catalog", path=str(file), problem=str(exc)) from exc
