"""The console door: the whole desk in a terminal, with no credentials.

You act as any configured person (``as ana``), type the same commands as in Slack or
Teams, and see replies, cards and reminders. An in-process worker runs the timers after
every command, and ``clock`` moves time forward so a reminder or an escalation can be
seen without waiting: ``clock +2h``, ``clock +1h30m``, ``clock open`` (the next business
opening: deadlines only run in business hours, so at night or on a weekend nothing
happens until then), ``clock 10:00`` (the next 10:00) or ``clock 2026-12-01 10:00``.

The console's time is the wall clock plus an offset that only grows. The offset, and the
latest instant the console showed, are kept in Redis beside the tickets
(``sb:{console}:clock``), so reopening the console resumes where it was: a ticket's
history never goes out of order and a missed deadline never turns into a met one. The
start can be set (``supportbot shell --start`` or ``SUPPORTBOT_CLOCK_START``) for a new
desk; it never moves an existing desk's clock back.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from datetime import UTC, datetime, timedelta
from typing import TextIO

from rq import Queue, SimpleWorker

from bot.clock import Clock, OffsetClock
from bot.connections import RedisSettings
from bot.desk import Actor, Desk
from bot.errors import UsageError
from bot.i18n import t
from bot.moments import is_clock_time, parse_moment
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Keys, Store
from handlers.console_notifier import ConsoleNotifier
from jobs.dispatcher import QUEUE, Dispatcher
from jobs.runtime import Runtime, install

log = logging.getLogger(__name__)
WORKSPACE = "console"
DEFAULT_PEOPLE = {
    "agent": ["ana", "alex"],
    "senior": ["sam"],
    "manager": ["max"],
    "director": ["dora"],
}
FORWARD = re.compile(r"^\+\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?$")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LANG = "en"  # the console speaks English; the desk's replies follow each person's ``lang``


def _us(instant: datetime) -> int:
    return (instant - EPOCH) // timedelta(microseconds=1)


class Shell:
    """``redis``: a URL (one Redis for the desk and RQ), or the settings of a cluster desk
    with RQ on its own Redis."""

    def __init__(
        self,
        redis: str | RedisSettings,
        policy: Policy,
        out: TextIO | None = None,
        start: datetime | None = None,
        base: Clock | None = None,
    ) -> None:
        self.out = out or sys.stdout
        self.clock = OffsetClock(base)
        self.start_at = start
        self.redis = RedisSettings.of(redis)
        self.policy = policy
        self.sla = Sla(policy)
        self.user = "max"
        self.sync = self.redis.queue()  # RQ's
        self.data = self.sync if self.redis.shared else self.redis.desk_sync()
        self.clock_key = Keys(WORKSPACE).clock
        notifier = ConsoleNotifier(self.out)
        install(Runtime(self.redis, policy, self.clock, lambda: {"console": notifier}))
        self.dispatcher = Dispatcher(self.data, self.clock, Queue(QUEUE, connection=self.sync))
        self.loop = asyncio.new_event_loop()

    async def _desk(self) -> tuple[Desk, object]:
        client = self.redis.desk()
        return Desk(Store(client, self.sla), self.clock), client

    def start(self) -> list[str]:
        """Seed the people, resume the saved clock; returns what to say about the time."""

        async def seed() -> None:
            desk, client = await self._desk()
            if not await desk.directory.people(WORKSPACE):
                await desk.directory.seed_roles(WORKSPACE, DEFAULT_PEOPLE)
            await client.aclose()  # type: ignore[attr-defined]

        self.loop.run_until_complete(seed())
        said = []
        saved = self.data.hgetall(self.clock_key)
        self.clock.offset = timedelta(microseconds=int(saved.get(b"offset_us", 0)))
        latest = EPOCH + timedelta(microseconds=int(saved.get(b"latest_us", 0)))
        if self.clock.now() < latest:  # the wall clock went back (or the machine changed)
            self.clock.move_to(latest)
        # A desk with no ticket yet may start anywhere, even in the past; one with tickets
        # only moves on (the console's tickets from before the clock was saved included).
        fresh = not saved and not self.data.exists(Keys(WORKSPACE).seq)
        if self.start_at is not None:
            if fresh:
                self.clock.start_at(self.start_at)
            elif self.start_at >= self.clock.now():
                self.clock.move_to(self.start_at)
            else:
                said.append(
                    t(
                        "shell.clock.start_kept",
                        LANG,
                        now=self.local(self.clock.now()),
                        wanted=self.local(self.start_at),
                    )
                )
        self.save()
        said.append(self.hours_sentence())
        self.work()
        return said

    def save(self) -> None:
        """Keep the offset and the latest instant shown with the data."""
        now = self.clock.now()
        self.data.hset(
            self.clock_key,
            mapping={
                "offset_us": self.clock.offset // timedelta(microseconds=1),
                "latest_us": _us(now),
                "latest": now.isoformat(),
            },
        )

    def local(self, instant: datetime) -> str:
        return f"{instant.astimezone(self.policy.tz):%a %Y-%m-%d %H:%M %Z}"

    def next_opening(self, now: datetime) -> datetime:
        """The next time support opens after ``now`` (tomorrow's opening while open)."""
        calendar = self.sla.standard
        if calendar.is_open(now):
            return calendar.next_open(calendar.day_close(now))
        return calendar.next_open(now)

    def hours_sentence(self) -> str:
        now = self.clock.now()
        calendar = self.sla.standard
        if calendar.is_open(now):
            closes = calendar.day_close(now)
            return t("shell.clock.open", LANG, now=self.local(now), closes=self.local(closes))
        opens = self.next_opening(now)
        return t("shell.clock.closed", LANG, now=self.local(now), opens=self.local(opens))

    def move_clock(self, words: str) -> str:
        """``clock``, ``clock +1h30m``, ``clock open``, ``clock 10:00``, ``clock 2026-12-01
        10:00``: move forward (never back), then run the timers that fell due."""
        now = self.clock.now()
        words = " ".join(words.split())
        if not words:
            return t("shell.clock", LANG, now=self.local(now)) + "\n" + self.hours_sentence()
        forward = FORWARD.match(words)
        if words.lower() in ("open", "opening", "ouverture"):
            target = self.next_opening(now)
        elif forward and any(forward.groups()):
            days, hours, minutes = (int(g or 0) for g in forward.groups())
            target = now + timedelta(days=days, hours=hours, minutes=minutes)
        else:
            try:
                target = parse_moment(words, now, self.policy.tz)
            except UsageError:
                return t("shell.clock.usage", LANG)
            if is_clock_time(words) and target <= now:  # "clock 10:00" at 11:00: tomorrow's
                target = parse_moment(words, now + timedelta(days=1), self.policy.tz)
            if target < now:
                return t(
                    "shell.clock.backwards", LANG, now=self.local(now), wanted=self.local(target)
                )
        self.clock.move_to(max(target, now))
        self.save()
        print(t("shell.clock.moved", LANG, now=self.local(self.clock.now())), file=self.out)
        self.work()
        return ""

    def handle(self, line: str) -> str:
        """One line typed at the prompt → what the console prints (cards and notices are
        printed as they come, before it)."""
        line = line.strip()
        if not line:
            return ""
        if line.startswith("as "):
            self.user = line[3:].strip().lstrip("@") or self.user
            return f"(you are now {self.user})"
        if line == "clock" or line.startswith("clock "):
            return self.move_clock(line[len("clock") :])

        async def run() -> str:
            desk, client = await self._desk()
            try:
                reply = await desk.handle(Actor(WORKSPACE, self.user, "console"), line)
                return reply.text
            finally:
                await client.aclose()  # type: ignore[attr-defined]

        text = self.loop.run_until_complete(run())
        self.save()
        self.work()
        if line.split()[0].lower() == "help":
            text += "\n" + t("shell.clock.usage", LANG)
        return text

    def work(self) -> None:
        """Run every timer due by now, in this process."""
        while self.dispatcher.tick():
            SimpleWorker([self.dispatcher.queue], connection=self.sync).work(
                burst=True, logging_level="WARNING"
            )

    def close(self) -> None:
        self.loop.close()
        self.sync.close()
        if self.data is not self.sync:
            self.data.close()


def run_shell(
    redis: str | RedisSettings,
    policy: Policy,
    log_file: str = "supportbot.log",
    start: datetime | None = None,
    stdin: TextIO | None = None,
) -> int:
    logging.basicConfig(
        filename=log_file,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    source = stdin or sys.stdin
    echo = not source.isatty()  # piped in: show each line after its prompt, as typed
    shell = Shell(redis, policy, start=start)
    print(
        t(
            "shell.welcome",
            LANG,
            people=", ".join(f"{u} ({r})" for r, users in DEFAULT_PEOPLE.items() for u in users),
        )
    )
    try:
        for sentence in shell.start():
            print(sentence)
        while True:
            prompt = f"{shell.user}> "
            if echo:
                line = source.readline()
                if not line:
                    break
                print(prompt + line.rstrip("\n"), flush=True)
            else:
                try:
                    line = input(prompt)
                except EOFError:
                    break
            if line.strip() in ("quit", "exit"):
                break
            try:
                output = shell.handle(line)
            except Exception:
                log.exception("console command failed: %r", line)
                output = t("error.internal", LANG)
            if output:
                print(output, flush=True)
    finally:
        shell.close()
    return 0
