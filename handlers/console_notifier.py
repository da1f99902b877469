"""The console's notifier: cards and notices printed where the console user sees them.

Apart from the console door (``handlers.console``) because workers post with it too: a
worker with no Slack or Teams settings still shows its reminders in its terminal, and
the notifiers are chosen by the composition root (``handlers.notifiers``, ``bot.app``),
which must not import the REPL to get them.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.notify import Card, Notice, digest_lines, digest_of


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

    async def post_digest(self, notices: list[Notice], card_refs: list[str | None]) -> None:
        mentioned, header = digest_of(notices)
        print(
            f"  ↳ {' '.join(f'@{m}' for m in mentioned)} {header}".replace("  ", " "), file=self.out
        )
        shown, more = digest_lines(notices)
        for notice in shown:
            print(f"    • {notice.ticket.id}: {notice.text}", file=self.out)
        if more:
            print(f"    {more}", file=self.out)
