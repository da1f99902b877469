"""The console door: the whole desk in a terminal, with no credentials.

You act as any configured person (``as ana``), type the same commands as in Slack or
Teams, and see replies, cards and reminders. An in-process worker runs the timers after
every command, and ``clock +2h`` moves time forward so a reminder or an escalation can be
seen without waiting.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from datetime import timedelta
from typing import TextIO

from rq import Queue, SimpleWorker

from bot.clock import OffsetClock
from bot.connections import RedisSettings
from bot.desk import Actor, Desk
from bot.i18n import t
from bot.notify import Card, Notice
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Store
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
CLOCK = re.compile(r"^clock\s+\+\s*(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*$")


class ConsoleNotifier:
    """Prints cards and thread messages where the console user sees them."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout

    async def show_card(self, card: Card, ref: str | None) -> str:
        verb = "updated" if ref else "posted"
        lines = [f"  ┌ [{verb}] {card.headline}"]
        lines += [f"  │ {label}: {value}" for label, value in card.facts]
        if card.actions:
            lines.append("  └ " + " · ".join(f"[{a.label}]" for a in card.actions))
        print("\n".join(lines), file=self.out)
        return ref or f"console:{card.ticket.id}"

    async def post(self, notice: Notice, card_ref: str | None) -> None:
        mentions = " ".join(f"@{m}" for m in notice.mentions)
        buttons = " ".join(f"[{a.label}]" for a in notice.actions)
        text = " ".join(part for part in (mentions, notice.text, buttons) if part)
        print(f"  ↳ {notice.ticket.id}: {text}", file=self.out)


class Shell:
    """``redis``: a URL (one Redis for the desk and RQ), or the settings of a cluster desk
    with RQ on its own Redis."""

    def __init__(
        self, redis: str | RedisSettings, policy: Policy, out: TextIO | None = None
    ) -> None:
        self.out = out or sys.stdout
        self.clock = OffsetClock()
        self.redis = RedisSettings.of(redis)
        self.policy = policy
        self.user = "max"
        self.sync = self.redis.queue()  # RQ's
        self.data = self.sync if self.redis.shared else self.redis.desk_sync()
        notifier = ConsoleNotifier(self.out)
        install(Runtime(self.redis, policy, self.clock, lambda: {"console": notifier}))
        self.dispatcher = Dispatcher(self.data, self.clock, Queue(QUEUE, connection=self.sync))
        self.loop = asyncio.new_event_loop()

    async def _desk(self) -> tuple[Desk, object]:
        client = self.redis.desk()
        return Desk(Store(client, Sla(self.policy)), self.clock), client

    def start(self) -> None:
        async def seed() -> None:
            desk, client = await self._desk()
            if not await desk.directory.people(WORKSPACE):
                await desk.directory.seed_roles(WORKSPACE, DEFAULT_PEOPLE)
            await client.aclose()  # type: ignore[attr-defined]

        self.loop.run_until_complete(seed())

    def handle(self, line: str) -> str:
        """One line typed at the prompt → what the console prints."""
        line = line.strip()
        if not line:
            return ""
        if line.startswith("as "):
            self.user = line[3:].strip().lstrip("@") or self.user
            return f"(you are now {self.user})"
        match = CLOCK.match(line)
        if match:
            days, hours, minutes = (int(g or 0) for g in match.groups())
            now = self.clock.advance(timedelta(days=days, hours=hours, minutes=minutes))
            local = now.astimezone(self.policy.tz)
            self.work()
            return f"(clock is now {local:%a %Y-%m-%d %H:%M %Z})"
        if line == "clock":
            return f"(clock is {self.clock.now().astimezone(self.policy.tz):%a %Y-%m-%d %H:%M %Z})"

        async def run() -> str:
            desk, client = await self._desk()
            try:
                reply = await desk.handle(Actor(WORKSPACE, self.user, "console"), line)
                return reply.text
            finally:
                await client.aclose()  # type: ignore[attr-defined]

        text = self.loop.run_until_complete(run())
        self.work()
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


def run_shell(redis: str | RedisSettings, policy: Policy, log_file: str = "supportbot.log") -> int:
    logging.basicConfig(filename=log_file, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")  # fmt: skip
    shell = Shell(redis, policy)
    shell.start()
    print(t("shell.welcome", "en", people=", ".join(
        f"{u} ({r})" for r, users in DEFAULT_PEOPLE.items() for u in users)))  # fmt: skip
    try:
        while True:
            try:
                line = input(f"{shell.user}> ")
            except EOFError:
                break
            if line.strip() in ("quit", "exit"):
                break
            try:
                output = shell.handle(line)
            except Exception:
                log.exception("console command failed: %r", line)
                output = t("error.internal", "en")
            if output:
                print(output)
    finally:
        shell.close()
    return 0
