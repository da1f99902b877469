"""Read-only questions several screens ask of the store's indexes, each a handful of
sorted-set reads (never a scan): the desk answers with them, the doors only draw.
"""

from __future__ import annotations

from bot.store import Store
from bot.tickets import Ticket

HOME_MINE = 20  # a person's own open tickets on their home page
HOME_HEAD = 5  # the unclaimed tickets first in line
HOME_SOONEST = 10  # the nearest deadlines, of which those at risk are shown


async def home_lists(
    store: Store, workspace: str, user: str
) -> tuple[tuple[Ticket, ...], tuple[Ticket, ...], tuple[Ticket, ...]]:
    """(the person's open tickets, the head of the queue, the nearest deadlines)."""
    mine = await store.get_many(
        workspace, await store.members(workspace, f"owner:{user}", 0, HOME_MINE - 1)
    )
    head = await store.get_many(workspace, await store.members(workspace, "new", 0, HOME_HEAD - 1))
    soonest = await store.get_many(
        workspace, await store.members(workspace, "due", 0, HOME_SOONEST - 1)
    )
    return tuple(mine), tuple(head), tuple(soonest)
