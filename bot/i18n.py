"""Every sentence a person reads, in English and French, from one catalog.

Keys live in ``bot.catalog`` (a door's own sentences beside the door, added with
``extend``); each entry holds both languages side by side so a missing translation is
visible in review and fails ``tests/test_i18n.py``.
"""

from __future__ import annotations

import json
import string
from functools import cache
from typing import Any

from bot.catalog import CATALOG, Entries, merge

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
STRICT = False  # the tests set it: a missing key fails them instead of reading "sorry"


def language_of(locale: str | None) -> str:
    """'fr-CA', 'fr_FR', 'FR' → 'fr'; anything not French → 'en'."""
    if locale and locale.strip().lower()[:2] == "fr":
        return "fr"
    return DEFAULT_LANGUAGE


class _Plurals(string.Formatter):
    """``{n:ticket|tickets}`` reads "1 ticket", "2 tickets"; in French 0 and 1 take the
    singular ("0 billet", "1 billet", "2 billets"). Any other format spec is Python's."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> Any:
        if "|" not in format_spec:
            return super().format_field(value, format_spec)
        singular, plural = format_spec.split("|", 1)
        try:
            count = float(value)
        except (TypeError, ValueError):
            return f"{value} {plural}"
        one = count < 2 if self.lang == "fr" else count == 1
        return f"{value} {singular if one else plural}"


class _Safe(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The sentence ``key`` in ``lang`` with ``params`` filled in; a key the catalog lacks
    reads as "something went wrong" (and raises under ``STRICT``, as in the tests)."""
    return _Plurals(lang).vformat(template(key, lang), (), _Safe(params))


def template(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The sentence ``key`` in ``lang`` as the catalog has it, placeholders unfilled."""
    entry = CATALOG.get(key)
    if entry is None:
        if STRICT:
            raise KeyError(f"the catalog has no sentence {key!r}")
        entry = CATALOG["error.internal"]
    return entry.get(lang) or entry[DEFAULT_LANGUAGE]


def extend(entries: Entries) -> None:
    """Add a door's own sentences to the catalog (a key already there is refused). Adding
    the same entries again (a module imported twice) changes nothing."""
    merge(CATALOG, {key: entry for key, entry in entries.items() if CATALOG.get(key) != entry})


def has_key(key: str) -> bool:
    return key in CATALOG


@cache
def placeholders(text: str) -> frozenset[str]:
    """The ``{names}`` a catalog sentence expects: what a timer formats for a notice (it
    formats a thousand at nine o'clock), and what the catalog's tests check."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


# A sentence the desk keeps for people (an escalation reason, an outcome, a history detail)
# is stored as its catalog key and parameters, and put into words when someone reads it, in
# their language. The mark is a control character: the command parser turns those into
# spaces, so nothing a person typed can look like a stored sentence.
MARK = "\x1e"
LEGACY = {
    "outcome:non-critical": "outcome.non-critical",
    "outcome:feature": "outcome.feature",
    "outcome:defect": "outcome.defect",
    "response deadline passed": "event.breach",
    "breach": "event.breach",
}


def said(key: str, /, **params: str) -> str:
    """``key`` with ``params``, to store; ``spoken`` puts it into words."""
    return MARK + json.dumps([key, params], ensure_ascii=False, separators=(",", ":"))


def spoken(stored: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A stored sentence in ``lang``; text a person typed is theirs and stays as it is."""
    if stored in LEGACY:  # resolutions stored before sentences were stored as keys
        return t(LEGACY[stored], lang)
    if not stored.startswith(MARK):
        return stored
    try:
        key, params = json.loads(stored[len(MARK) :])
    except (ValueError, TypeError):
        return stored[len(MARK) :]
    if not isinstance(key, str) or not isinstance(params, dict) or key not in CATALOG:
        return stored[len(MARK) :]
    return t(key, lang, **{name: spoken(str(value), lang) for name, value in params.items()})
