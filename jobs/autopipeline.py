"""Redis commands of a batch's timers, sent together.

A thousand timers that fall due at nine o'clock reach the same step (claim a notice's
sent-record, put a timer back on the schedule) within a turn or two of the event loop.
Sent one by one, each costs a round trip and most of a millisecond of the work-horse's
CPU; here the commands issued in one turn of the loop go out as one pipeline, and each
caller gets its own reply (or its own error) as if it had sent the command alone.
"""

from __future__ import annotations

import asyncio
from typing import Any


class AutoPipeline:
    def __init__(self, redis: Any) -> None:
        self.redis = redis
        self.pending: list[tuple[str, tuple[Any, ...], dict[str, Any], asyncio.Future[Any]]] = []
        self.flushes: set[asyncio.Task[None]] = set()

    async def set(self, key: str, value: Any, **options: Any) -> Any:
        return await self._command("set", key, value, **options)

    async def get(self, key: str) -> Any:
        return await self._command("get", key)

    async def delete(self, key: str) -> Any:
        return await self._command("delete", key)

    async def zadd(self, key: str, mapping: dict[str, int]) -> Any:
        return await self._command("zadd", key, mapping)

    def _command(self, name: str, *args: Any, **options: Any) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        reply: asyncio.Future[Any] = loop.create_future()
        if not self.pending:  # the first of this turn: send them all once the turn is over
            loop.call_soon(self._flush_soon)
        self.pending.append((name, args, options, reply))
        return reply

    def _flush_soon(self) -> None:
        task = asyncio.ensure_future(self._flush())
        self.flushes.add(task)
        task.add_done_callback(self.flushes.discard)

    async def _flush(self) -> None:
        pending, self.pending = self.pending, []
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for name, args, options, _ in pending:
                    getattr(pipe, name)(*args, **options)
                replies = await pipe.execute(raise_on_error=False)
        except BaseException as exc:  # the connection (or the job ending): every caller
            for *_, reply in pending:  # sees it
                if not reply.done():
                    reply.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        for (*_, reply), found in zip(pending, replies, strict=True):
            if reply.done():
                continue
            if isinstance(found, Exception):
                reply.set_exception(found)
            else:
                reply.set_result(found)
