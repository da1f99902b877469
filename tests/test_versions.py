"""Version support (docs/policy.md §7): the previous version stays supported 6 months after its
successor's release; withdrawn from sale the day the successor is released."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.errors import NotFound, UsageError
from bot.versions import (
    Release,
    Support,
    VersionStatus,
    add_months,
    load_catalog,
    version_status,
)

# Deliberately out of order: the catalog is sorted by release date, not by position.
CATALOG = [
    Release("Acomba", "10.1", date(2026, 2, 15)),
    Release("Acomba", "9.0", date(2024, 3, 1)),
    Release("Acomba", "11.0", date(2026, 9, 1)),
    Release("Acomba", "10.0", date(2025, 8, 31)),
    Release("Mamut", "1.0", date(2020, 1, 1)),
]


def status(version: str, today: date, product: str = "Acomba", months: int = 6) -> VersionStatus:
    return version_status(CATALOG, product, version, today, months)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ((2015, 8, 31), (2016, 2, 29)),  # clamped to a leap-year February
        ((2025, 8, 31), (2026, 2, 28)),  # clamped to February's end
        ((2027, 8, 31), (2028, 2, 29)),
        ((2026, 8, 29), (2027, 2, 28)),
        ((2026, 3, 15), (2026, 9, 15)),
        ((2026, 10, 31), (2027, 4, 30)),
        ((2026, 12, 31), (2027, 6, 30)),
        ((2026, 7, 31), (2027, 1, 31)),
    ],
)
def test_add_six_months_clamps_to_the_month_end(
    day: tuple[int, int, int], expected: tuple[int, int, int]
) -> None:
    assert add_months(date(*day), 6) == date(*expected)


def test_add_months_other_amounts() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 31), 0) == date(2026, 1, 31)
    assert add_months(date(2026, 1, 31), 12) == date(2027, 1, 31)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert type(add_months(date(2026, 1, 31), 1)) is date


def test_each_side_of_the_six_month_line() -> None:
    # 10.0 was released 31 August 2025; 9.0 is supported until 28 February 2026 (clamped).
    before = status("9.0", date(2026, 2, 27))
    assert before.support is Support.SUPPORTED
    assert before.supported_until == date(2026, 2, 28)
    assert before.withdrawn_from_sale == date(2025, 8, 31)
    assert before.successor == "10.0"
    assert before.discontinued_since is None

    after = status("9.0", date(2026, 2, 28))
    assert after.support is Support.DISCONTINUED
    assert after.discontinued_since == date(2026, 2, 28)
    assert after.supported_until == date(2026, 2, 28)
    assert after.withdrawn_from_sale == date(2025, 8, 31)
    assert after.successor == "10.0"


def test_line_for_a_mid_month_release() -> None:
    # 10.1 was released 15 February 2026: 10.0 is supported until 15 August 2026.
    assert status("10.0", date(2026, 8, 14)).support is Support.SUPPORTED
    last = status("10.0", date(2026, 8, 15))
    assert last.support is Support.DISCONTINUED
    assert last.discontinued_since == date(2026, 8, 15)
    assert last.withdrawn_from_sale == date(2026, 2, 15)


def test_current_until_the_successor_is_released() -> None:
    current = status("9.0", date(2025, 8, 30))
    assert current.support is Support.CURRENT
    assert (current.withdrawn_from_sale, current.supported_until, current.successor) == (
        None,
        None,
        None,
    )
    assert current.discontinued_since is None
    # Withdrawn from sale the very day the successor is released.
    day_of = status("9.0", date(2025, 8, 31))
    assert day_of.support is Support.SUPPORTED
    assert day_of.withdrawn_from_sale == date(2025, 8, 31)
    assert status("10.1", date(2026, 8, 31)).support is Support.CURRENT
    later = status("10.1", date(2026, 9, 1))
    assert later.support is Support.SUPPORTED
    assert later.supported_until == date(2027, 3, 1)
    assert later.successor == "11.0"


def test_the_successor_is_the_next_release_not_the_latest() -> None:
    # By 2027 both 10.1 and 11.0 are out; 10.0's clock ran from 10.1's release.
    old = status("10.0", date(2027, 1, 1))
    assert old.successor == "10.1"
    assert old.discontinued_since == date(2026, 8, 15)
    assert status("9.0", date(2030, 1, 1)).discontinued_since == date(2026, 2, 28)


def test_upcoming_version() -> None:
    upcoming = status("11.0", date(2026, 6, 1))
    assert upcoming.support is Support.UPCOMING
    assert upcoming.released == date(2026, 9, 1)
    assert upcoming.discontinued_since is None
    # An unreleased successor does not touch the current version.
    assert status("10.1", date(2026, 6, 1)).support is Support.CURRENT


def test_support_months_is_a_policy_number() -> None:
    assert status("9.0", date(2026, 8, 30), months=12).support is Support.SUPPORTED
    assert status("9.0", date(2026, 8, 31), months=12).support is Support.DISCONTINUED
    assert status("9.0", date(2025, 8, 31), months=0).support is Support.DISCONTINUED


def test_product_names_ignore_case() -> None:
    got = status("9.0", date(2026, 2, 27), product="ACOMBA")
    assert got.product == "Acomba"
    assert got.support is Support.SUPPORTED
    assert status("1.0", date(2026, 1, 1), product="mamut").support is Support.CURRENT


@pytest.mark.parametrize(
    ("product", "version"), [("Acomba", "8.0"), ("Nope", "9.0"), ("Acomba", "9")]
)
def test_unknown_version_raises_not_found(product: str, version: str) -> None:
    with pytest.raises(NotFound) as caught:
        status(version, date(2026, 1, 1), product=product)
    assert caught.value.key == "error.unknown_version"
    assert caught.value.params == {"product": product, "version": version}


def test_as_json() -> None:
    assert status("9.0", date(2026, 3, 1)).as_json() == {
        "product": "Acomba",
        "version": "9.0",
        "status": "discontinued",
        "released": "2024-03-01",
        "withdrawn_from_sale": "2025-08-31",
        "supported_until": "2026-02-28",
        "last_supported_day": "2026-02-27",
        "discontinued_since": "2026-02-28",
        "successor": "10.0",
    }
    assert status("10.1", date(2026, 3, 1)).as_json()["status"] == "current"
    assert status("10.1", date(2026, 3, 1)).as_json()["supported_until"] is None


# -- catalogs ---------------------------------------------------------------------------------

TOML = """
[[release]]
product = "Acomba"
version = "9.0"
released = 2024-03-01

[[release]]
product = "Acomba"
version = "10.0"
released = "2025-08-31"
"""

CSV = "product,version,released\nAcomba,9.0,2024-03-01\n Acomba , 10.0 , 2025-08-31 \n"


def test_toml_catalog(tmp_path: Path) -> None:
    path = tmp_path / "products.toml"
    path.write_text(TOML, encoding="utf-8")
    releases = load_catalog(path)
    assert releases == [
        Release("Acomba", "9.0", date(2024, 3, 1)),
        Release("Acomba", "10.0", date(2025, 8, 31)),
    ]
    got = version_status(releases, "Acomba", "9.0", date(2026, 2, 28))
    assert got.discontinued_since == date(2026, 2, 28)


def test_csv_catalog(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_text(CSV, encoding="utf-8")
    releases = load_catalog(str(path))
    assert releases == [
        Release("Acomba", "9.0", date(2024, 3, 1)),
        Release("Acomba", "10.0", date(2025, 8, 31)),
    ]
    assert version_status(releases, "Acomba", "9.0", date(2026, 2, 27)).support is (
        Support.SUPPORTED
    )


def test_empty_toml_catalog(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("", encoding="utf-8")
    assert load_catalog(path) == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bad.toml", "[[release]]\nproduct = 'A'\nversion = '1'\nreleased = 'soon'\n"),
        ("missing.toml", "[[release]]\nproduct = 'A'\nversion = '1'\n"),
        ("broken.toml", "[[release]\n"),
        ("bad.csv", "product,version,released\nA,1,yesterday\n"),
        ("columns.csv", "name,version\nA,1\n"),
    ],
)
def test_bad_catalogs_raise_usage_errors(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_catalog(path)
    assert caught.value.key == "error.catalog"
    assert caught.value.params["path"] == str(path)


def test_missing_catalog(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        load_catalog(tmp_path / "none.toml")
    assert caught.value.key == "error.catalog"
