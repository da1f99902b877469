"""Who may do what: four roles, held by platform user ids, kept in Redis per workspace.

A config file seeds them (``[roles] agent = ["U1", …]``); managers change them in chat.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from enum import StrEnum

from bot.errors import Forbidden


class Role(StrEnum):
    AGENT = "agent"
    SENIOR = "senior"
    MANAGER = "manager"
    DIRECTOR = "director"


STAFF = frozenset(Role)
LEADS = frozenset({Role.MANAGER, Role.DIRECTOR})

SENIORS_AND_LEADS = frozenset({Role.SENIOR, *LEADS})


def check(held: AbstractSet[Role], allowed: frozenset[Role], right: str) -> None:
    """Raise Forbidden (with the roles that may) unless one of ``held`` is ``allowed``.
    Who holds which right is declared with the commands (``bot.commands.PERMISSIONS``)."""
    if not held & allowed:
        raise Forbidden(
            "forbidden.role", roles=", ".join(sorted(r.value for r in allowed)), command=right
        )
