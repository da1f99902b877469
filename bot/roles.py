"""Who may do what: four roles, held by platform user ids, kept in Redis per workspace.

A config file seeds them (``[roles] agent = ["U1", …]``); managers change them in chat.
"""

from __future__ import annotations

from enum import StrEnum

from bot.errors import Forbidden


class Role(StrEnum):
    AGENT = "agent"
    SENIOR = "senior"
    MANAGER = "manager"
    DIRECTOR = "director"


STAFF = frozenset(Role)
LEADS = frozenset({Role.MANAGER, Role.DIRECTOR})

# command → roles allowed to run it
PERMISSIONS: dict[str, frozenset[Role]] = {
    "ticket.new": STAFF,
    "ticket.claim": STAFF,
    "ticket.next": STAFF,
    "ticket.release": STAFF,
    "ticket.reassign": frozenset({Role.SENIOR, *LEADS}),
    "ticket.respond": STAFF,
    "ticket.wait": STAFF,
    "ticket.resume": STAFF,
    "ticket.escalate": STAFF,
    "ticket.escalate.override": LEADS,
    "ticket.release.other": LEADS,
    "ticket.resolve": STAFF,
    "ticket.close": STAFF,
    "ticket.reopen": STAFF,
    "ticket.show": STAFF,
    "ticket.list": STAFF,
    "ticket.outcome": frozenset({Role.DIRECTOR}),
    "ticket.followup": STAFF,
    "ticket.attach": LEADS,
    "queue": LEADS,
    "jobs": LEADS,
    "report": LEADS,
    "customer.show": STAFF,
    "customer.list": STAFF,
    "customer.change": LEADS,
    "version.show": STAFF,
    "version.change": LEADS,
    "role.list": STAFF,
    "role.change": LEADS,
    "defect.list": STAFF,
    "defect.show": STAFF,
    "defect.fixed": frozenset({Role.SENIOR, *LEADS}),
    "feature.list": STAFF,
}


def require(held: set[Role], permission: str) -> None:
    """Raise Forbidden (with the roles that may) unless one of ``held`` allows it."""
    allowed = PERMISSIONS[permission]
    if not held & allowed:
        raise Forbidden(
            "forbidden.role", roles=", ".join(sorted(r.value for r in allowed)), command=permission
        )
