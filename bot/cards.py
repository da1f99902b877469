"""Each ticket's card on its platform: where it is (the platform's ``ref``), what it last
showed (``digest``: an update that would change nothing is skipped) and how far its
history has been posted under it (``cursor``: the last stream id posted).

One small hash per ticket (``Keys.card``), written by the card timer
(``jobs.tasks.Timer.refresh_card``), read by every notice that links to the card.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import scripts
from bot.connections import AsyncClient
from bot.keys import Keys
from bot.store import Event, as_text, stream
from bot.tickets import Ticket

START = "0-0"  # the cursor of a card none of whose history was posted


class Cards:
    def __init__(self, redis: AsyncClient) -> None:
        self.redis = redis
        self._hget_each = redis.register_script(scripts.source(scripts.HGET_EACH))

    async def ref(self, workspace: str, member: str) -> str | None:
        found = await self.redis.hget(Keys(workspace).card(member), "ref")
        return as_text(found) if found else None

    async def digest(self, workspace: str, member: str) -> str | None:
        found = await self.redis.hget(Keys(workspace).card(member), "digest")
        return as_text(found) if found else None

    async def shown(self, workspace: str, member: str, ref: str, digest: str) -> None:
        """The card is at ``ref`` and shows what ``digest`` fingerprints."""
        await self.redis.hset(Keys(workspace).card(member), mapping={"ref": ref, "digest": digest})

    async def cursor(self, workspace: str, member: str) -> str:
        found = await self.redis.hget(Keys(workspace).card(member), "cursor")
        return as_text(found) if found else START

    async def posted(self, workspace: str, member: str, entry_id: str) -> None:
        """The history up to ``entry_id`` is posted under the card."""
        await self.redis.hset(Keys(workspace).card(member), "cursor", entry_id)

    async def history_after(
        self, workspace: str, member: str, cursor: str
    ) -> Sequence[tuple[str, Event]]:
        """The ticket's history lines after ``cursor``, with their stream ids."""
        rows = await self.redis.xrange(Keys(workspace).history(member), f"({cursor}", "+")
        return [(entry_id, Event.from_fields(fields)) for entry_id, fields in stream(rows)]

    async def with_tickets(
        self, workspace: str, members: Sequence[str]
    ) -> list[tuple[Ticket, str | None]]:
        """The tickets ``members`` name (those still there), each with its card's ref, in
        one call (a batch of timers reads them all at once: one script reading a thousand
        fields costs a quarter of the client's CPU that a thousand pipelined HGETs do)."""
        keys = Keys(workspace)
        hashes = [key for m in members for key in (keys.ticket(m), keys.card(m))]
        fields = ["json", "ref"] * len(members)
        found: list[Any] = list(await self._hget_each(keys=hashes, args=fields)) if hashes else []
        return [
            (Ticket.from_json(raw), as_text(ref) if ref else None)
            for raw, ref in zip(found[::2], found[1::2], strict=True)
            if raw
        ]
