"""Every sentence exists in English and French with the same placeholders (docs/policy.md §4)."""

from __future__ import annotations

import pytest

from bot import i18n
from bot.catalog import CATALOG
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_of, placeholders, t
from handlers import slack_render, teams_render  # noqa: F401  (the doors' own sentences)


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_key_has_english_and_french(key: str) -> None:
    entry = CATALOG[key]
    assert set(entry) == set(LANGUAGES) == {"en", "fr"}
    for lang in LANGUAGES:
        assert isinstance(entry[lang], str)
        assert entry[lang].strip(), f"{key}: empty {lang}"
    assert placeholders(entry["en"]) == placeholders(entry["fr"]), key


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_sentence_formats_with_its_placeholders(key: str) -> None:
    for lang in LANGUAGES:
        params = {name: f"<{name}>" for name in placeholders(CATALOG[key][lang])}
        text = t(key, lang, **params)
        assert "{" not in text and "}" not in text
        for value in params.values():
            assert value in text


def test_the_keys_the_policy_engine_uses_exist() -> None:
    for key in (
        "error.internal",
        "error.policy",
        "error.unknown_tier",
        "error.naive_time",
        "error.bad_time",
        "error.bad_date",
        "error.unknown_version",
        "error.catalog",
        "calendar.open",
        "calendar.weekend",
        "calendar.holiday",
        "calendar.closure",
        "version.current",
        "version.supported",
        "version.discontinued",
        "version.upcoming",
    ):
        assert key in CATALOG


def test_placeholders() -> None:
    assert placeholders("{product} {version} is supported until {until}.") == {
        "product",
        "version",
        "until",
    }
    assert placeholders("no placeholders") == set()
    assert placeholders("{a}{a}") == {"a"}


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("fr-CA", "fr"),
        ("fr_FR", "fr"),
        ("FR", "fr"),
        (" fr-ca ", "fr"),
        ("fr", "fr"),
        ("en-US", "en"),
        ("en", "en"),
        ("es-MX", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_language_of(locale: str | None, lang: str) -> None:
    assert language_of(locale) == lang


def test_t_translates_and_fills_in() -> None:
    assert t("error.unknown_tier", "en", tier="P4") == "Unknown tier “P4”: use P1, P2 or P3."
    french = "Niveau « P4 » inconnu : utilisez P1, P2 ou P3."
    assert t("error.unknown_tier", "fr", tier="P4") == french
    assert t("calendar.holiday", "fr", name="Fête nationale du Québec") == (
        "fermé : Fête nationale du Québec"
    )


def test_t_falls_back_safely(monkeypatch: pytest.MonkeyPatch) -> None:
    assert DEFAULT_LANGUAGE == "en"
    # An unknown language reads English; an unknown key fails a test, and in production
    # reads the internal error rather than a traceback.
    assert t("calendar.weekend", "de") == CATALOG["calendar.weekend"]["en"]
    with pytest.raises(KeyError, match=r"no\.such\.key"):
        t("no.such.key", "fr")
    monkeypatch.setattr(i18n, "STRICT", False)
    assert t("no.such.key", "fr") == CATALOG["error.internal"]["fr"]
    # A missing parameter stays visible instead of raising.
    assert t("error.unknown_tier", "en") == "Unknown tier “{tier}”: use P1, P2 or P3."


@pytest.mark.parametrize(
    ("lang", "counts", "expected"),
    [
        ("en", (0, 1, 2), ("0 open tickets", "1 open ticket", "2 open tickets")),
        ("fr", (0, 1, 2), ("0 billet ouvert passé", "1 billet ouvert passé",
                           "2 billets ouverts passés")),
    ],
)  # fmt: skip
def test_counts_read_right_in_both_languages(
    lang: str, counts: tuple[int, ...], expected: tuple[str, ...]
) -> None:
    for n, start in zip(counts, expected, strict=True):
        assert t("customer.retiered", lang, n=n, tier="P1").startswith(start)
