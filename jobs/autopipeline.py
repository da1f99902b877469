"""Redis commands of a batch's timers, sent together.

A thousand timers that fall due at nine o'clock reach the same step (claim a notice's
sent-record, put a timer back on the schedule) within a turn or two of the event loop.
Sent one by one, each costs a round trip and most of a millisecond of the work-horse's
CPU; here the calls made in one turn of the loop go out together (:class:`PerTurn`), and
each caller gets its own reply (or its own error) as if it had made the call alone:
commands as one pipeline (:class:`AutoPipeline`), or anything a repository does for many
at once in one call (a batch's sent-record leases: ``Deliveries.lease_each``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

A = TypeVar("A")
R = TypeVar("R")


class PerTurn(Generic[A, R]):
    """``call(arg)`` for many callers, answered by one ``bulk(args)`` per turn of the event
    loop. ``bulk`` returns one reply per argument, in order; a reply that is an exception
    is raised to its caller only. If ``bulk`` itself fails, every caller of that turn sees
    the error."""

    def __init__(self, bulk: Callable[[list[A]], Awaitable[Sequence[R | Exception]]]) -> None:
        self.bulk = bulk
        self.pending: list[tuple[A, asyncio.Future[R]]] = []
        self.flushes: set[asyncio.Task[None]] = set()

    def __call__(self, arg: A) -> asyncio.Future[R]:
        loop = asyncio.get_running_loop()
        reply: asyncio.Future[R] = loop.create_future()
        if not self.pending:  # the first of this turn: send them all once the turn is over
            loop.call_soon(self._flush_soon)
        self.pending.append((arg, reply))
        return reply

    def _flush_soon(self) -> None:
        task = asyncio.ensure_future(self._flush())
        self.flushes.add(task)
        task.add_done_callback(self.flushes.discard)

    async def _flush(self) -> None:
        pending, self.pending = self.pending, []
        try:
            replies = await self.bulk([arg for arg, _ in pending])
        except BaseException as exc:  # the connection (or the job ending): every caller
            for _, reply in pending:  # sees it
                if not reply.done():
                    reply.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        for (_, reply), found in zip(pending, replies, strict=True):
            if reply.done():
                continue
            if isinstance(found, Exception):
                reply.set_exception(found)
            else:
                reply.set_result(found)


Command = tuple[str, tuple[Any, ...], dict[str, Any]]


class AutoPipeline:
    """The commands a batch's timers send in one turn of the loop, as one pipeline."""

    def __init__(self, redis: Any) -> None:
        self.redis = redis
        self._turn: PerTurn[Command, Any] = PerTurn(self._execute)

    async def set(self, key: str, value: Any, **options: Any) -> Any:
        return await self._turn(("set", (key, value), options))

    async def get(self, key: str) -> Any:
        return await self._turn(("get", (key,), {}))

    async def delete(self, key: str) -> Any:
        return await self._turn(("delete", (key,), {}))

    async def zadd(self, key: str, mapping: dict[str, int]) -> Any:
        return await self._turn(("zadd", (key, mapping), {}))

    async def _execute(self, commands: list[Command]) -> list[Any]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for name, args, options in commands:
                getattr(pipe, name)(*args, **options)
            return list(await pipe.execute(raise_on_error=False))
