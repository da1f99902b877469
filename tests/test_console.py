"""The console door: the README's walk-through piped into ``supportbot shell`` at night,
on a weekend and during the day, and a clock that never runs backwards."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import redis

from bot.clock import ManualClock
from bot.policy import Policy
from bot.redis_server import RedisServer
from handlers.console import Shell

ROOT = Path(__file__).resolve().parent.parent
EASTERN = ZoneInfo("America/Toronto")
PROMPT = re.compile(r"^(\w+)> (.*?)(?:\s+#.*)?$")


def readme_walkthrough() -> list[str]:
    """The commands of the README's console walk-through, as a person types them."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## A walk through the console", 1)[1]
    block = section.split("```text\n", 1)[1].split("```", 1)[0]
    lines = [PROMPT.match(line) for line in block.splitlines() if line.strip()]
    assert all(lines), block
    return [match.group(2) for match in lines if match]


def shell(data: Path, typed: str, start: str | None = None,
          *args: str) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "SUPPORTBOT_CLOCK_START"}
    if start:
        env["SUPPORTBOT_CLOCK_START"] = start
    return subprocess.run([sys.executable, "-m", "bot.cli", "shell", "--data", str(data), *args],
                          input=typed, capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120)  # fmt: skip


def after(output: str, command: str) -> str:
    """What the console printed for ``command`` (up to the next prompt)."""
    part = output.split(f"> {command}\n", 1)[1]
    return re.split(r"^\w+> ", part, maxsplit=1, flags=re.MULTILINE)[0]


@pytest.mark.parametrize(
    ("start", "opening"),
    [
        ("2026-12-01 03:00", "Tue 2026-12-01 09:00"),  # a weekday, at night
        ("2026-12-05 03:00", "Mon 2026-12-07 09:00"),  # a Saturday
        ("2026-12-03 16:30", "Fri 2026-12-04 09:00"),  # open, half an hour before closing
        ("2026-12-24 18:00", "Mon 2026-12-28 09:00"),  # Christmas Eve: closed until Monday
    ],
)
def test_the_readme_walkthrough_works_at_any_hour(tmp_path: Path, start: str,
                                                  opening: str) -> None:  # fmt: skip
    commands = readme_walkthrough()
    assert commands[0] == "clock open"
    result = shell(tmp_path / "data", "\n".join(commands) + "\n", start)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in out + result.stderr

    head = out.split("> clock open\n", 1)[0]
    if start.endswith("16:30"):
        assert "Support is open now" in head
    else:
        assert "Support is closed now" in head and f"it opens {opening}" in head
        assert "“clock open”" in head
    assert f"(clock is now {opening} EST)" in after(out, "clock open")

    created = after(out, "ticket new Acme server down after the update")
    assert "[posted] T-1001 · P1 · Acme" in created
    assert "response due " + opening[:15] + "11:00" in created  # two business hours

    reminded = after(out, "clock +1h30m")
    assert "⏰ Acme has had no response on T-1001 (P1) yet" in reminded
    assert "@ana" in reminded and "@alex" in reminded

    escalated = after(out, "clock +30m")
    assert "🚨 T-1001 (P1, Acme) is escalated to senior staff" in escalated
    assert "@sam" in escalated

    assert "Vous avez pris T-1001" in after(out, "ticket claim T-1001")
    responded = after(out, "ticket respond T-1001 phone called back, rolling back the update")
    assert "après la fenêtre de 2 heures, mais dans la même journée ouvrable" in responded
    assert "T-1001 est résolu." in after(out, "ticket resolve T-1001 documentation: see chapter 4")
    queue = after(out, "queue")
    assert "P1: 0 in time, 1 late · same day: 1 kept, 0 missed" in queue


def test_the_clock_resumes_after_a_restart(tmp_path: Path) -> None:
    """Quit and reopen: the clock is where it was (plus the time that passed), whatever
    start is asked, and the tickets keep their order."""
    data = tmp_path / "data"
    first = shell(data, "clock open\nclock +3h\nticket new Acme printer down\nquit\n",
                  "2026-12-01 03:00")  # fmt: skip
    assert "(clock is now Tue 2026-12-01 12:00 EST)" in first.stdout
    again = shell(data, "clock\nticket show T-1001\n", "2026-12-01 03:00")
    assert "the desk's clock is already Tue 2026-12-01 12:00 EST" in again.stdout
    assert "(clock is Tue 2026-12-01 12:00 EST)" in again.stdout
    assert "business time left" in again.stdout  # not 546h: no time went backwards
    assert (data / "appendonlydir").is_dir()


def test_a_start_that_is_not_a_time_is_one_sentence(tmp_path: Path) -> None:
    result = shell(tmp_path / "data", "", None, "--start", "tomorrow")
    assert result.returncode == 2
    assert result.stderr.startswith("supportbot: “tomorrow” is not a time")
    assert "Traceback" not in result.stderr


# -- in-process: the clock's rules, with the wall clock injected ---------------------------


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=EASTERN)


def new_shell(server: RedisServer, wall: ManualClock, start: datetime | None = None,
              ) -> tuple[Shell, io.StringIO, list[str]]:  # fmt: skip
    out = io.StringIO()
    console = Shell(server.url, Policy(), out, start=start, base=wall)
    return console, out, console.start()


@pytest.fixture
def server(redis_client: redis.Redis, redis_server: RedisServer) -> RedisServer:
    return redis_server  # flushed by redis_client


def test_the_clock_moves_forward_in_every_form(server: RedisServer) -> None:
    wall = ManualClock(local("2026-12-01T10:15"))
    console, out, said = new_shell(server, wall)
    assert said == ["Support is open now (Tue 2026-12-01 10:15 EST) until Tue 2026-12-01 "
                    "17:00 EST."]  # fmt: skip
    console.handle("clock +1h30m")
    assert console.clock.now() == local("2026-12-01T11:45")
    console.handle("clock 12:00")
    assert console.clock.now() == local("2026-12-01T12:00")
    console.handle("clock 11:00")  # already past today: tomorrow's
    assert console.clock.now() == local("2026-12-02T11:00")
    console.handle("clock open")  # open now: the next business day's opening
    assert console.clock.now() == local("2026-12-03T09:00")
    console.handle("clock 2026-12-04 16:59")
    console.handle("clock open")  # Friday 16:59 → Monday
    assert console.clock.now() == local("2026-12-07T09:00")
    refused = console.handle("clock 2026-12-01 10:00")
    assert refused.startswith("The console's clock only moves forward")
    assert console.clock.now() == local("2026-12-07T09:00")
    assert console.handle("clock next week").startswith("Move the console's clock")
    assert "(clock is now Mon 2026-12-07 09:00 EST)" in out.getvalue()
    assert "clock open" in console.handle("help")
    console.close()


def test_the_offset_is_kept_with_the_data(server: RedisServer) -> None:
    wall = ManualClock(local("2026-12-01T03:00"))
    console, _, said = new_shell(server, wall)
    assert said == ["Support is closed now (Tue 2026-12-01 03:00 EST); it opens Tue 2026-12-01 "
                    "09:00 EST. Type “clock open” to go there: deadlines, reminders and "
                    "escalations run on business hours."]  # fmt: skip
    console.handle("clock open")
    console.handle("customer add Acme entitlement=contract")
    console.handle("ticket new Acme server down")
    console.handle("clock +3h")
    console.close()

    # Reopened a minute later: three hours and six minutes ahead of the wall clock, still.
    wall.advance(timedelta(minutes=1))
    console, _, _ = new_shell(server, wall)
    assert console.clock.now() == local("2026-12-01T12:01")
    console.close()

    # The wall clock went back an hour (another machine, a clock fix): the desk does not.
    wall.advance(timedelta(hours=-1))
    console, _, _ = new_shell(server, wall, start=local("2026-12-01T09:30"))
    assert console.clock.now() == local("2026-12-01T12:01")
    shown = console.handle("ticket show T-1001")
    assert "overdue" in shown
    console.close()
