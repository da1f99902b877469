"""What a timer reads before it notifies: its ticket, who holds a role, each person's
language, the ticket's card.

A single timer reads them as it goes (``Reads``). The timers of a batch
(``jobs.tasks.perform_batch``, up to 1,000 at nine o'clock) read the same roles and the
same people's languages, so ``BatchReads`` reads each of those once for the whole batch,
and every ticket and card of the batch in one pipelined round trip: a timer's own Redis
work is then its sent-record, which keeps a notice exactly-once. The batch's timers all
start at the same instant, so a read shared by them is as fresh as their own reads were.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any, TypeVar

from bot.cards import Cards
from bot.desk import Desk
from bot.directory import holding
from bot.roles import Role
from bot.store import member_of
from bot.tickets import Ticket

T = TypeVar("T")


class Reads:
    """One timer's reads, each straight from Redis."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.store = desk.store

    async def ticket(self, workspace: str, id_: str) -> Ticket | None:
        return await self.store.get(workspace, id_)

    async def holders(self, workspace: str, role: Role) -> list[str]:
        return await self.desk.directory.holders(workspace, role)

    async def language(self, workspace: str, person: str) -> str | None:
        return await self.desk.directory.language(workspace, person)

    async def card_ref(self, ticket: Ticket) -> str | None:
        cards, member = Cards(self.store.redis), member_of(ticket.id)
        return await self.store.call(lambda: cards.ref(ticket.workspace, member))


class BatchReads(Reads):
    """A batch's reads: each distinct one once, however many timers ask for it (those that
    ask while it is under way wait for the same answer)."""

    def __init__(self, desk: Desk, workspace: str, members: Iterable[str]) -> None:
        super().__init__(desk)
        self.workspace = workspace
        self.members = sorted(set(members))
        self._mine = set(self.members)
        self._once: dict[Hashable, asyncio.Future[Any]] = {}

    def _read(self, key: Hashable, read: Callable[[], Awaitable[T]]) -> Awaitable[T]:
        found = self._once.get(key)
        if found is None:
            found = self._once[key] = asyncio.ensure_future(read())
        return found

    async def _tickets(self) -> tuple[dict[str, Ticket], dict[str, str | None]]:
        """Every ticket of the batch and its card's ref, in one round trip."""
        read = Cards(self.store.redis).with_tickets
        found = await self.store.call(lambda: read(self.workspace, self.members))
        tickets = {ticket.id: ticket for ticket, _ in found}
        cards = {ticket.id: ref for ticket, ref in found}
        return tickets, cards

    async def channels(self) -> list[str]:
        """The channels of the batch's tickets."""
        tickets, _ = await self._read("tickets", self._tickets)
        return sorted({ticket.place.channel for ticket in tickets.values()})

    async def ticket(self, workspace: str, id_: str) -> Ticket | None:
        if workspace != self.workspace or member_of(id_) not in self._mine:
            return await super().ticket(workspace, id_)
        tickets, _ = await self._read("tickets", self._tickets)
        return tickets.get(id_)

    async def holders(self, workspace: str, role: Role) -> list[str]:
        directory = self.desk.directory
        people = await self._read(("people", workspace), lambda: directory.people(workspace))
        return holding(people, role)

    async def language(self, workspace: str, person: str) -> str | None:
        read = super().language
        return await self._read(("lang", workspace, person), lambda: read(workspace, person))

    async def card_ref(self, ticket: Ticket) -> str | None:
        if ticket.workspace != self.workspace or member_of(ticket.id) not in self._mine:
            return await super().card_ref(ticket)
        _, cards = await self._read("tickets", self._tickets)
        return cards.get(ticket.id)
