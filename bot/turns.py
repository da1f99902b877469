"""Each chat channel's posting turns, kept in Redis so that every worker sees them: the
turn itself (one post per pace, ``channel_pace``: when the turn ends, and it expires
then), the line for the next one (the oldest notice sent back keeps its place,
``channel_line``) and the platform's hold (its Retry-After, ``channel_hold``); the keys
are ``bot.keys``'.

The outbox (``jobs.outbox``) decides when a digest goes out; this module only reads and
writes, one Redis command or script per step. ``channel`` is a channel's hash-tagged
name (``bot.keys.channel``), so a channel's keys share its workspace's slot.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import scripts
from bot.connections import AsyncClient
from bot.keys import channel_hold, channel_line, channel_pace


class ChannelTurns:
    def __init__(self, redis: AsyncClient) -> None:
        self.redis = redis
        self._take = redis.register_script(scripts.source(scripts.CHANNEL_TURN))
        self._line = redis.register_script(scripts.source(scripts.CHANNEL_LINE))

    async def ends(self, channels: Sequence[str]) -> list[int]:
        """For each channel, when its current turn ends (epoch ms on the desk's clock; 0:
        none is under way), in one round trip."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for channel in channels:
                pipe.get(channel_pace(channel))
            return [int(end or 0) for end in await pipe.execute()]

    async def take(self, channel: str, turn_ms: int, due_ms: int, now_ms: int) -> int:
        """Take the channel's turn from ``now_ms`` for ``turn_ms``, for notices whose oldest
        fell due at ``due_ms``: 0 (taken), when the current turn ends (ms), or -1 (kept for
        older notices, whose place in line this call keeps); ``bot/lua/channel_turn.lua``."""
        return int(
            await self._take(
                keys=[channel_pace(channel), channel_line(channel)], args=[turn_ms, due_ms, now_ms]
            )
        )

    async def keep_place(self, channel: str, due_ms: int, for_ms: int) -> None:
        """Notices sent back from the channel: the oldest (``due_ms``) keeps its place in
        line for ``for_ms`` at most."""
        await self._line(keys=[channel_line(channel)], args=[due_ms, for_ms])

    async def held_until(self, channel: str) -> int:
        """Until when (epoch ms) the platform asked the channel to wait; 0: it did not."""
        return int(await self.redis.get(channel_hold(channel)) or 0)

    async def hold(self, channel: str, until_ms: int, for_ms: int) -> None:
        """No post in the channel before ``until_ms``; the hold itself goes after ``for_ms``."""
        await self.redis.set(channel_hold(channel), until_ms, px=for_ms)
