"""The message catalog: key → {"en": …, "fr": …}, both languages side by side.

One module per audience: ``errors`` (refusals), ``help`` (usage and examples), ``tickets``
(what agents read), ``managers`` (the queue, the report, the registers), ``operations``
(probes, backups, the console), ``forms`` (the new-ticket form and dialogs both doors
draw). A door's own sentences live beside it (``handlers/slack_catalog.py``,
``handlers/teams_catalog.py``) and join this catalog when the door is imported
(``bot.i18n.extend``). A key is defined once: merging refuses a second definition.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.catalog.errors import ERRORS
from bot.catalog.forms import FORMS
from bot.catalog.help import HELP
from bot.catalog.managers import MANAGERS
from bot.catalog.operations import OPERATIONS
from bot.catalog.tickets import TICKETS

Entries = Mapping[str, dict[str, str]]


def merge(into: dict[str, dict[str, str]], entries: Entries) -> None:
    twice = sorted(set(into) & set(entries))
    if twice:
        raise ValueError(f"catalog keys defined twice: {twice}")
    into.update(entries)


CATALOG: dict[str, dict[str, str]] = {}
for part in (ERRORS, HELP, TICKETS, MANAGERS, OPERATIONS, FORMS):
    merge(CATALOG, part)
