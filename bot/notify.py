"""How the desk's timers talk to people: one interface, one implementation per platform.

Jobs prepare everything a person reads (the sentence in their language, who to mention,
the card's facts and buttons); a notifier only formats it for its platform and sends it.
A platform failure is raised as ``NotifyError`` (with Retry-After when the platform said
so) and the job retries it later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.i18n import t
from bot.tickets import Ticket, Via


@dataclass(frozen=True)
class Action:
    """A button: its label in the reader's language and the desk command it sends.

    A button that ``asks`` opens a short dialog first (a Slack modal, a Teams card form):
    each name is a field the person fills in (``via``: phone, e-mail or chat; ``note``,
    ``reason``: text), appended to ``command`` in that order."""

    label: str
    command: str
    style: str = ""  # "primary" | "danger" | ""
    asks: tuple[str, ...] = ()

    def completed(self, answers: Mapping[str, str]) -> str:
        """The command with the dialog's answers appended in ``asks`` order; an answer
        left empty is left out, so the desk answers with the command's usage sentence.
        Both doors call this: what a dialog sends is decided once, here."""
        words = [self.command]
        for name in self.asks:
            answer = " ".join(str(answers.get(name) or "").split())
            if name == "via" and answer not in VIA_CHOICES:
                answer = ""
            if answer:
                words.append(answer)
        return " ".join(words)


VIA_CHOICES = tuple(via.value for via in (Via.PHONE, Via.EMAIL, Via.CHAT))  # a response's way
CHOICES: dict[str, tuple[str, ...]] = {"via": VIA_CHOICES}  # dialog fields picked from a list


@dataclass(frozen=True)
class Card:
    """The ticket card, ready to render: headline, facts and buttons in one language."""

    ticket: Ticket
    lang: str
    headline: str
    facts: tuple[tuple[str, str], ...]
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Notice:
    """A message in the ticket's thread, for the people it mentions, in their language."""

    ticket: Ticket
    lang: str
    text: str
    mentions: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    kind: str = ""  # remind-30m, page, director, followup, history …
    extra: dict[str, str] = field(default_factory=dict)


DIGEST_LINES = 40  # tickets a digest lists; the rest are counted (the queue lists them)


def digest_lines(notices: Sequence[Notice]) -> tuple[list[Notice], str | None]:
    """The notices a digest lists one by one, and the sentence that counts the others
    (None when it lists them all): a message of a thousand lines is cut by the platform
    where nobody can see what was lost, and read by nobody."""
    shown = list(notices[:DIGEST_LINES])
    more = len(notices) - len(shown)
    return shown, t("notice.digest_more", notices[0].lang, n=more) if more else None


def digest_of(notices: list[Notice]) -> tuple[tuple[str, ...], str]:
    """What a channel digest says before its lines (one channel, one language): everyone
    its notices mention, once each, and its header."""
    mentioned = tuple(dict.fromkeys(person for n in notices for person in n.mentions))
    return mentioned, t("notice.digest", notices[0].lang, n=len(notices))


class NotifyError(Exception):
    """The platform refused or failed; ``retry_after`` seconds when it said when to retry."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Notifier(Protocol):
    async def show_card(self, card: Card, ref: str | None) -> str:
        """Post the card (``ref`` None) or update it in place; return its reference."""
        ...

    async def post(self, notice: Notice, card_ref: str | None) -> None:
        """Post in the card's thread (or the ticket's conversation), mentioning people."""
        ...
