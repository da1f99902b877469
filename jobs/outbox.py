"""Notices held for a moment so that a channel reads one message, not fifty.

At nine o'clock every P1 that arrived overnight falls due together: their reminders and
pages for one support channel are posted as one digest (each ticket's sentence with a
link to its card, each person mentioned once) instead of one message per ticket, which
nobody reads and which Slack (about one post per second per channel) and Teams throttle.

A batch of timers (``jobs.tasks.perform_batch``) shares one outbox. A timer that posts
waits for its notice to be out, exactly as it waits for a platform call: the outbox
sends what it holds once every timer still running is waiting on it, one turn per
channel and a post per language in it, and each waiting timer goes on with the post's
outcome (so a notice's sent-record, its retries and what the timer records after it work
as for a single timer).

Pacing: before posting in a channel, the outbox takes that channel's turn in Redis (one
post per ``pace`` seconds, across every worker). A batch that finds the channel's turn
taken does not wait: its notices go back to the schedule for the turn's end, where they
meet every other notice for that channel that waited, and go out as one digest. A
platform's Retry-After holds the channel (on the desk's clock) the same way; the other
channels go on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.clock import Clock
from bot.connections import AsyncClient
from bot.deliveries import Deliveries, Sent
from bot.keys import channel as channel_name
from bot.notify import Notice, Notifier, NotifyError
from bot.plan import ms
from bot.turns import ChannelTurns

PACE_S = 1.0  # one post per channel per second: Slack's documented rate for chat.postMessage
TURN_MARGIN = 0.05  # of the pace


@runtime_checkable
class Digests(Protocol):
    async def post_digest(self, notices: list[Notice], card_refs: list[str | None]) -> None:
        """One message in the channel of ``notices`` (one channel, one language)."""
        ...


class ChannelBusy(NotifyError):
    """The channel had a post less than ``pace`` ago: the notices go back to the schedule
    for its next turn, ``until_ms`` (epoch ms on the desk's clock), where they meet the
    others that wait for it (one digest then)."""

    def __init__(self, message: str, until_ms: int, now_ms: int) -> None:
        super().__init__(message, max(0, until_ms - now_ms) / 1000)
        self.until_ms = until_ms
        self.now_ms = now_ms

    def again(self) -> ChannelBusy:
        """The same answer for another of the digest's waiting timers."""
        return ChannelBusy(str(self), self.until_ms, self.now_ms)


@dataclass
class Delivery:
    """One timer's notices (one per language) and their sent-record, which says done once
    every one of them is out (none failed)."""

    sent: Sent
    left: int
    failed: bool = False


@dataclass
class Held:
    notice: Notice
    card_ref: str | None
    done: asyncio.Future[None]
    delivery: Delivery
    due_ms: int  # when its timer fell due: the channel's next turn goes to the oldest


class Outbox:
    def __init__(
        self, redis: AsyncClient, clock: Clock, running: int, pace: float = PACE_S
    ) -> None:
        self.deliveries = Deliveries(redis)
        self.clock = clock
        self.pace = pace
        self.running = running  # timers of the batch not finished yet
        self.waiting = 0  # of those, how many wait for the outbox
        self.held: dict[tuple[int, str, str], list[Held]] = {}  # notifier, workspace, channel
        self.notifiers: dict[int, Notifier] = {}
        self.posts = 0  # messages posted (a digest counts once)
        self.busy_until: dict[str, int] = {}  # channel → its turn's end (ms), at first look
        self.sent_back: dict[str, int] = {}  # channel → the oldest due of those sent back
        # A turn lasts a little longer than the pace: two posts a turn apart are at least
        # ``pace`` apart on the platform's side too, whatever each waited after its turn.
        self._turn_ms = max(1, int(pace * (1 + TURN_MARGIN) * 1000))
        self.turns = ChannelTurns(redis)
        self.tasks: set[asyncio.Task[None]] = set()

    async def look(self, workspace: str, channels: Iterable[str]) -> None:
        """Which of the batch's channels had a post less than ``pace`` ago, in one round
        trip before its timers run: theirs go back to the schedule at once (``wait_turn``)
        instead of each preparing notices that could not go out now."""
        wanted = [channel_name(workspace, channel) for channel in dict.fromkeys(channels)]
        if self.pace <= 0 or not wanted:
            return
        ends = await self.turns.ends(wanted)
        now = ms(self.clock.now())
        for channel, end in zip(wanted, ends, strict=True):
            if end > now:  # a turn is never longer than ours (another worker's clock ahead)
                self.busy_until[channel] = min(end, now + self._turn_ms)

    def wait_turn(self, workspace: str, channel_id: str, due_ms: int) -> None:
        """Raise ``ChannelBusy`` if the channel's turn was taken when the batch looked (the
        notice's place in the line is kept at the batch's end: ``close``)."""
        channel = channel_name(workspace, channel_id)
        end, now = self.busy_until.get(channel, 0), ms(self.clock.now())
        if end > now:
            self.sent_back[channel] = min(due_ms, self.sent_back.get(channel, due_ms))
            raise ChannelBusy(f"channel {channel} had a post {self.pace} s ago", end, now)

    async def close(self) -> None:
        """The batch is over: the channels it sent notices back from keep their oldest
        notice's place in the line for the next turn."""
        lines, self.sent_back = self.sent_back, {}
        span = self._turn_ms * 2
        await asyncio.gather(*(self.turns.keep_place(ch, due, span) for ch, due in lines.items()))

    async def deliver(
        self,
        notifier: Notifier,
        notices: Sequence[Notice],
        card_ref: str | None,
        sent: Sent,
        due_ms: int,
    ) -> None:
        """Post ``notices`` with their channel's digest and mark ``sent`` done; raises
        NotifyError if that post failed (the caller's retry path runs as after a direct
        post)."""
        loop = asyncio.get_running_loop()
        futures = []
        delivery = Delivery(sent, len(notices))
        for notice in notices:
            done: asyncio.Future[None] = loop.create_future()
            place = notice.ticket.place
            key = (id(notifier), notice.ticket.workspace, place.channel)
            self.notifiers[id(notifier)] = notifier
            self.held.setdefault(key, []).append(Held(notice, card_ref, done, delivery, due_ms))
            futures.append(done)
        self.waiting += 1
        self._maybe_send()
        try:
            await asyncio.gather(*futures)
        finally:
            self.waiting -= 1

    def finished(self) -> None:
        """A timer of the batch is done (whatever its outcome)."""
        self.running -= 1
        self._maybe_send()

    def _maybe_send(self) -> None:
        if self.held and self.waiting >= self.running:
            groups, self.held = self.held, {}
            for key, items in groups.items():
                task = asyncio.ensure_future(self._send(key, items))
                self.tasks.add(task)
                task.add_done_callback(self.tasks.discard)

    async def _send(self, key: tuple[int, str, str], items: list[Held]) -> None:
        """One turn of the channel for everything held for it: a message per language
        (a channel whose people read English and French gets both, the one turn; were each
        language to ask for its own, the second would find the turn taken every time and
        its timers would post the first again at the next)."""
        notifier, channel = self.notifiers[key[0]], channel_name(key[1], key[2])
        languages: dict[str, list[Held]] = {}
        for item in items:
            languages.setdefault(item.notice.lang, []).append(item)
        try:
            await self._turn(channel, min(item.due_ms for item in items))
            for group in languages.values():
                await self._post(notifier, group)
                for item in group:  # out: whatever happens to the next language's post
                    if not item.done.done():
                        item.done.set_result(None)
        except NotifyError as exc:
            unsent = [item for item in items if not item.done.done()]
            for item in unsent:
                item.delivery.failed = True
            if exc.retry_after and not isinstance(exc, ChannelBusy):  # the platform's word:
                await self._hold(channel, exc.retry_after)  # every worker waits
            for item in unsent:
                again = exc.again() if isinstance(exc, ChannelBusy) else None
                item.done.set_exception(again or type(exc)(str(exc), exc.retry_after))
        except BaseException as exc:
            for item in items:
                if not item.done.done():
                    item.delivery.failed = True
                    item.done.set_exception(exc)
            raise

    async def _post(self, notifier: Notifier, items: list[Held]) -> None:
        """One message (a digest, when the platform has them) of notices in one language."""
        if len(items) == 1 or not isinstance(notifier, Digests):
            for item in items:
                await notifier.post(item.notice, item.card_ref)
        else:
            await notifier.post_digest([i.notice for i in items], [i.card_ref for i in items])
        self.posts += 1 if isinstance(notifier, Digests) else len(items)
        await self._after_post(items)

    async def _after_post(self, items: list[Held]) -> None:
        """The message is out: the sent-records of the timers whose notices are now all out
        say so at once, in one round trip (a worker killed later in the batch must not post
        them again)."""
        complete = []
        for item in items:
            item.delivery.left -= 1
            if item.delivery.left == 0 and not item.delivery.failed:
                complete.append(item.delivery.sent)
        if not complete:
            return
        await self.deliveries.done_all(complete)

    async def _turn(self, channel: str, due_ms: int) -> None:
        """Take the channel's turn (shared by every worker through Redis), or raise: a
        channel the platform asked to wait (``NotifyError``, counted as its refusal), a
        channel posted to less than ``pace`` ago or whose next turn is kept for older
        notices (``ChannelBusy``: waits, not a failure). ``due_ms``: the oldest notice's."""
        now = ms(self.clock.now())
        left_ms = await self.turns.held_until(channel) - now
        if left_ms > 0:
            raise NotifyError(f"channel {channel} is throttled", retry_after=left_ms / 1000)
        if self.pace <= 0:
            return
        now = ms(self.clock.now())  # the turn starts now, and its key's time with it
        end = await self.turns.take(channel, self._turn_ms, due_ms, now)
        if end > 0:
            raise ChannelBusy(f"channel {channel} had a post {self.pace} s ago", end, now)
        if end < 0:  # older notices are on their way: after their turn
            raise ChannelBusy(f"channel {channel}'s turn is kept", now + self._turn_ms, now)

    async def _hold(self, channel: str, seconds: float) -> None:
        """No post in ``channel`` until the desk's clock passes now + ``seconds``."""
        until = ms(self.clock.now()) + int(seconds * 1000)
        await self.turns.hold(channel, until, max(1000, int(seconds * 2000)))
