"""The nine o'clock burst (issue #17): timers due together run as one RQ job, and their
notices reach each channel as one digest, at the channel's pace, exactly once.

Real redis-server, real RQ jobs (tests/harness.py), an injected clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.desk import Actor
from bot.notify import Notice, NotifyError
from bot.plan import ms
from tests.harness import WS, Harness
from tests.recording import RecordingNotifier

OVERNIGHT = datetime.fromisoformat("2026-11-26T07:30:00-05:00")  # before the opening
REMINDERS_DUE = datetime.fromisoformat("2026-11-26T10:30:00-05:00")  # 09:00 + 2 h - 30 min


def overnight(h: Harness, channel: str, count: int) -> None:
    h.clock.set(OVERNIGHT)
    for i in range(count):
        reply = h.run(h.desk.handle(Actor(WS, "ana", channel=channel), f"ticket new Acme down {i}"))
        assert reply.ok, reply.text


def test_reminders_due_together_in_one_channel_are_one_message(h: Harness) -> None:
    overnight(h, "CSUPPORT", 3)
    h.at(REMINDERS_DUE - timedelta(minutes=1))
    h.notifier.notices.clear()
    h.at(REMINDERS_DUE)
    [digest] = h.notifier.digests
    assert sorted(n.ticket.id for n in digest) == ["T-1001", "T-1002", "T-1003"]
    assert {n.kind.split(":")[0] for n in digest} == {"remind-30m"}
    mentioned = [person for n in digest for person in n.mentions]
    assert sorted(set(mentioned)) == ["alex", "ana"]  # the digest mentions each once


def test_two_channels_get_a_message_each(h: Harness) -> None:
    overnight(h, "CSUPPORT", 2)
    overnight(h, "COTHER", 2)
    h.at(REMINDERS_DUE)
    channels = [{n.ticket.place.channel for n in d} for d in h.notifier.digests]
    assert sorted(channels, key=sorted) == [{"COTHER"}, {"CSUPPORT"}]


class ThrottledChannel(RecordingNotifier):
    """Answers 429 with Retry-After 30 s for one channel, once."""

    def __init__(self, channel: str) -> None:
        super().__init__()
        self.channel = channel
        self.refused = 0

    async def post_digest(self, notices: list[Notice], card_refs: list[str | None]) -> None:
        if notices[0].ticket.place.channel == self.channel and not self.refused:
            self.refused += 1
            raise NotifyError("rate limited", retry_after=30)
        await super().post_digest(notices, card_refs)


def test_a_throttled_channel_waits_alone_and_gets_each_notice_once(h: Harness) -> None:
    h.notifier.__class__ = ThrottledChannel  # the installed runtime keeps its notifier
    h.notifier.__dict__.update(channel="COTHER", refused=0)
    overnight(h, "CSUPPORT", 2)
    overnight(h, "COTHER", 2)
    h.at(REMINDERS_DUE)
    assert [{n.ticket.place.channel for n in d} for d in h.notifier.digests] == [{"CSUPPORT"}]
    h.at(REMINDERS_DUE + timedelta(seconds=29))
    assert len(h.notifier.digests) == 1  # COTHER waits for its Retry-After, nothing else
    h.at(REMINDERS_DUE + timedelta(seconds=31))
    reminded = sorted(n.ticket.id for n in h.notifier.of_kind("remind-30m"))
    assert reminded == ["T-1001", "T-1002", "T-1003", "T-1004"]  # each once


def test_a_channel_posted_to_a_moment_ago_gathers_what_comes_next_into_one_digest(
    h: Harness,
) -> None:
    """One post per second per channel: reminders falling due just after a post in the
    same channel wait for its next turn, and go out together then."""
    from bot.policy import Policy
    from jobs.runtime import Runtime, current, install

    install(Runtime(current().redis_url, Policy(), h.clock, lambda: {"console": h.notifier},
                    channel_pace=60.0))  # fmt: skip  # a turn longer than this test
    overnight(h, "CSUPPORT", 1)
    h.clock.set(datetime.fromisoformat("2026-11-26T09:01:00-05:00"))
    for i in range(3):  # the same channel, their reminders due a minute later (10:31)
        h.run(h.desk.handle(Actor(WS, "ana", channel="CSUPPORT"), f"ticket new Acme slow {i}"))
    h.at(REMINDERS_DUE)
    assert [n.ticket.id for n in h.notifier.of_kind("remind-30m")] == ["T-1001"]
    h.at(REMINDERS_DUE + timedelta(minutes=1))  # the channel's turn is taken: back to the
    assert len(h.notifier.of_kind("remind-30m")) == 1  # schedule, for the turn's end
    due_again = sorted(h.schedule().items(), key=lambda item: item[1])
    assert [entry for entry, _ in due_again if entry.endswith("remind-30m")] == [
        "000001002|remind-30m",
        "000001003|remind-30m",
        "000001004|remind-30m",
    ]
    h.sync.delete("sb:pace:{T0123}:CSUPPORT")  # the minute has passed
    h.at(REMINDERS_DUE + timedelta(minutes=3))
    [digest] = h.notifier.digests
    assert sorted(n.ticket.id for n in digest) == ["T-1002", "T-1003", "T-1004"]


def test_notices_sent_back_keep_their_place_for_the_next_turn(h: Harness) -> None:
    """Reminders that found their channel's turn taken go back to the schedule at the
    instant the turn ends (on the desk's clock), and are first then: a newer reminder
    whose batch happens to run first once the turn is free waits behind them."""
    from bot.policy import Policy
    from jobs.runtime import Runtime, current, install

    install(Runtime(current().redis_url, Policy(), h.clock, lambda: {"console": h.notifier},
                    channel_pace=60.0))  # fmt: skip  # a turn longer than this test
    overnight(h, "CSUPPORT", 1)  # T-1001, reminded at 10:30
    h.clock.set(datetime.fromisoformat("2026-11-26T09:01:00-05:00"))
    for i in range(2):  # T-1002, T-1003: due 10:31, while the channel's turn is taken
        h.run(h.desk.handle(Actor(WS, "ana", channel="CSUPPORT"), f"ticket new Acme slow {i}"))
    h.clock.set(datetime.fromisoformat("2026-11-26T09:01:02-05:00"))
    h.run(h.desk.handle(Actor(WS, "ana", channel="CSUPPORT"), "ticket new Acme later"))
    h.at(REMINDERS_DUE)  # T-1001 takes the turn: 60 s and 5%, to 10:31:03
    turn_ends = ms(REMINDERS_DUE + timedelta(seconds=63))
    h.at(REMINDERS_DUE + timedelta(minutes=1))  # T-1002 and T-1003 sent back
    assert [n.ticket.id for n in h.notifier.of_kind("remind-30m")] == ["T-1001"]
    schedule = h.schedule()
    assert schedule["000001002|remind-30m"] == schedule["000001003|remind-30m"] == turn_ends
    h.sync.delete("sb:pace:{T0123}:CSUPPORT")  # the turn is free (Redis's time ran faster)
    h.at(REMINDERS_DUE + timedelta(minutes=1, seconds=2))  # T-1004 is due, runs first: waits
    assert [n.ticket.id for n in h.notifier.of_kind("remind-30m")] == ["T-1001"]
    h.at(REMINDERS_DUE + timedelta(minutes=1, seconds=3))  # the two come back
    assert [sorted(n.ticket.id for n in d) for d in h.notifier.digests] == [["T-1002", "T-1003"]]
    assert "000001004|remind-30m" in h.schedule()  # at the turn after


def test_a_channel_read_in_two_languages_gets_each_digest_once(h: Harness) -> None:
    """Reminders whose agents read English and French: one turn of the channel carries a
    digest in each language, each reminder once, and nothing is sent back to come again."""
    from bot.policy import Policy
    from jobs.runtime import Runtime, current, install

    install(Runtime(current().redis_url, Policy(), h.clock, lambda: {"console": h.notifier},
                    channel_pace=60.0))  # fmt: skip  # a turn longer than this test
    h.say("alex", "lang fr")
    overnight(h, "CSUPPORT", 2)
    h.at(REMINDERS_DUE)
    for minutes in (1, 2, 3):  # were anything sent back, it would come back and post again
        h.sync.delete("sb:pace:{T0123}:CSUPPORT")
        h.at(REMINDERS_DUE + timedelta(minutes=minutes))
    digests = sorted((d[0].lang, sorted(n.ticket.id for n in d)) for d in h.notifier.digests)
    assert digests == [("en", ["T-1001", "T-1002"]), ("fr", ["T-1001", "T-1002"])]
    assert "000001001|remind-30m" not in h.schedule()
