"""The timer protocol: what a schedule entry says, what running a timer can end in, and
the states of a notice's delivery record.

These values are stored (schedule members, delivery records) and shown (the
``supportbot_timer_runs`` metric's labels), so they are str-valued enums: the bytes in
Redis and the labels are the strings they always were, and code compares members, not
spellings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TimerKind(StrEnum):
    """What a timer does (``bot.plan`` says when). A reminder's kind carries how long
    before the deadline it fires: ``remind-30m`` (``TimerKind.reminder("30m")``)."""

    REMIND = "remind"  # the prefix of every reminder's kind
    BREACH = "breach"
    SAME_DAY_ALERT = "same-day-alert"
    SAME_DAY = "same-day"
    TARGET = "target"
    REVIEW = "review"
    FOLLOWUP = "followup"
    CARD = "card"
    PAGE = "page"
    DIRECTOR = "director"

    @staticmethod
    def reminder(before: str) -> str:
        return f"{TimerKind.REMIND}-{before}"

    @staticmethod
    def is_reminder(kind: str) -> bool:
        return kind.startswith(TimerKind.REMIND)


SEPARATOR = "|"


@dataclass(frozen=True, slots=True)
class Entry:
    """One member of a workspace's schedule: ``<ticket member>|<kind>`` (the score is
    its due time, in ms)."""

    member: str
    kind: str

    def __str__(self) -> str:
        return f"{self.member}{SEPARATOR}{self.kind}"

    @classmethod
    def parse(cls, text: str | bytes) -> Entry:
        raw = text.decode() if isinstance(text, bytes) else text
        member, kind = raw.split(SEPARATOR, 1)
        return cls(member, kind)


class TimerResult(StrEnum):
    """How a timer's run ended (``jobs.tasks.Timer.run``), counted by kind and result."""

    GONE = "gone"  # the ticket is no longer there
    EARLY = "early"  # ran before its time: put back at it
    STALE = "stale"  # the ticket's plan no longer holds this timer at this time
    LATE = "late"  # too late to be useful: a later notice says it all
    DEFERRED = "deferred"  # support is closed: moved to the next opening
    PACED = "paced"  # its channel had a post a moment ago: with the channel's next digest
    RETRYING = "retrying"  # the platform refused: tried again later
    FAILED = "failed"  # the platform refused too often: listed for managers
    REMINDED = "reminded"
    ESCALATED = "escalated"
    ALERTED = "alerted"
    MARKED = "marked"
    TOLD = "told"
    PAGED = "paged"
    REVIEWED = "reviewed"
    DIRECTOR = "director"
    FOLLOWUP = "followup"
    CARD = "card"  # the card shown again, its new history posted
    UNKNOWN = "unknown"  # a kind this version does not know

    @property
    def acted(self) -> bool:
        """It did its work: how late it was done is measured (``supportbot_timer_lateness``)."""
        return self in _ACTED


_ACTED = frozenset(
    {
        TimerResult.REMINDED,
        TimerResult.ESCALATED,
        TimerResult.PAGED,
        TimerResult.REVIEWED,
        TimerResult.DIRECTOR,
        TimerResult.FOLLOWUP,
        TimerResult.CARD,
    }
)


class SentState(StrEnum):
    """The state of a notice's delivery record (``Keys.sent``): ``sending <attempt>`` while
    an attempt holds the lease, ``done`` once delivered."""

    SENDING = "sending"
    DONE = "done"

    @staticmethod
    def lease(attempt: str) -> str:
        """The value an attempt (``<rq job id>:<retries left>``) holds while sending."""
        return f"{SentState.SENDING} {attempt}"
