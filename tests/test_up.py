"""``supportbot up`` end to end: Slack in Socket Mode against a local stand-in, Redis
embedded, the worker and its timers in the same process group. A slash command sent over
the socket makes a ticket, the worker posts its card, and when the clock (a file every
process reads: ``tests.recording.FileOffsetClock``) reaches 30 minutes before the response
deadline, the reminder arrives in the card's thread. No sleeping for deadlines: the test
only waits for what it caused."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis

from bot.redis_server import free_port
from tests.recording import FileOffsetClock
from tests.slack_standin import Call, SlackStandIn

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
EASTERN = ZoneInfo("America/Toronto")
OURS = ("SLACK_", "TEAMS_", "SUPPORTBOT_", "PORT", "REDIS_URL")


async def until(what: str, check: Callable[[], Any], log: Path, timeout: float = 60) -> Any:
    """Wait for ``check()`` to hold (what the bot does in reply to the test), or fail
    showing the bot's log."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (found := check()):
        if loop.time() > deadline:
            pytest.fail(f"no {what} within {timeout} s; the bot said:\n{log.read_text()}")
        await asyncio.sleep(0.05)
    return found


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    server = await SlackStandIn().start()
    yield server
    await server.stop()


def slash(standin: SlackStandIn, text: str, user: str = "U1") -> dict[str, Any]:
    """A /ticket command as Slack sends it over Socket Mode (the payload of the envelope)."""
    return {"token": "legacy-unused", "team_id": "T1", "team_domain": "techtra",
            "channel_id": "CSUPPORT", "channel_name": "support", "user_id": user,
            "user_name": "ana", "command": "/ticket", "text": text, "api_app_id": "A0STANDIN",
            "is_enterprise_install": "false", "response_url": standin.response_url(text[:8]),
            "trigger_id": f"1.{abs(hash(text))}.standin"}  # fmt: skip


@dataclass
class Up:
    process: asyncio.subprocess.Process
    log: Path
    redis_url: str
    env: dict[str, str]

    def said(self) -> str:
        return self.log.read_text()


@asynccontextmanager
async def running_up(tmp_path: Path, standin: SlackStandIn) -> AsyncIterator[Up]:
    """``supportbot up`` (as ``tests.recording up``: the clock in a file) in ``tmp_path``,
    connected to the stand-in; stopped with SIGTERM unless the test stopped it."""
    log = tmp_path / "up.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env |= {"SLACK_BOT_TOKEN": "xoxb-standin", "SLACK_APP_TOKEN": "xapp-standin",
            "SLACK_API_URL": standin.api_url, "SUPPORTBOT_SUPPORT_CHANNEL": "CSUPPORT",
            "PORT": str(free_port()), "PYTHONPATH": str(ROOT)}  # fmt: skip
    with log.open("w") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.recording", "up", str(tmp_path / "clock"), "data",
            cwd=tmp_path, env=env, stdout=output, stderr=output,
            start_new_session=True)  # its own process group, as in a terminal  # fmt: skip
    try:
        said = await until("redis-server", lambda: re.search(
            r"redis-server on port (\d+), data in (\S+)", log.read_text()), log)  # fmt: skip
        assert said.group(2) == str((tmp_path / "data").resolve())
        await until("Socket Mode connection", standin.connected.is_set, log)
        yield Up(process, log, f"redis://127.0.0.1:{said.group(1)}/0", env)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), timeout=60)


def redis_is_gone(url: str) -> bool:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        return True
    return False


async def test_up_serves_slack_over_socket_mode(tmp_path: Path, standin: SlackStandIn) -> None:
    clock = FileOffsetClock(tmp_path / "clock")
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=EASTERN))  # a Tuesday, at the opening
    async with running_up(tmp_path, standin) as up:
        log = up.log
        assert standin.to("apps.connections.open")
        grant_env = {**up.env, "REDIS_URL": up.redis_url}
        for role in ("manager", "agent"):  # README, Slack step 5
            granted = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "grant", "T1", "U1", role, cwd=ROOT,
                env=grant_env, stdout=asyncio.subprocess.DEVNULL)  # fmt: skip
            assert await granted.wait() == 0

        command = slash(standin, "customer add Acme entitlement=contract")
        added = await standin.envelope("slash_commands", command)
        await until("ack", lambda: standin.acked(added), log)
        await until("answer", lambda: any("Acme" in a for a in standin.answers()), log)

        asked = await standin.envelope("slash_commands", slash(standin, "new Acme server down"))
        await until("ack", lambda: standin.acked(asked), log)
        await until("answer", lambda: any("T-1001" in a for a in standin.answers()), log)

        def posted(*words: str, thread: bool | None = None) -> list[Call]:
            return [c for c in standin.to("chat.postMessage")
                    if all(w in c.text for w in words)
                    and (thread is None or bool(c.payload.get("thread_ts")) == thread)]  # fmt: skip

        cards = await until("card", lambda: posted("T-1001", "Acme", thread=False), log)
        assert cards[0].payload["channel"] == "CSUPPORT"
        assert not posted("⏰")

        clock.set(datetime(2026, 12, 1, 10, 31, tzinfo=EASTERN))  # 29 min before 11:00
        reminders = await until("reminder", lambda: posted("⏰", "T-1001", thread=True), log)
        assert "Acme has had no response on T-1001 (P1) yet" in reminders[0].text
        assert "<@U1>" in reminders[0].text  # the agents, while unclaimed

        up.process.send_signal(signal.SIGTERM)  # what Ctrl-C or a service manager sends
        assert await asyncio.wait_for(up.process.wait(), timeout=60) == 0, up.said()
    assert (tmp_path / "data" / "appendonlydir").is_dir()
    assert redis_is_gone(up.redis_url)  # the embedded redis-server stopped with it
    assert "Traceback" not in up.said()


async def test_up_stops_everything_when_the_worker_dies(tmp_path: Path,
                                                        standin: SlackStandIn) -> None:  # fmt: skip
    async with running_up(tmp_path, standin) as up:
        found = await until("worker", lambda: re.search(r"worker pid (\d+)", up.said()), up.log)
        os.kill(int(found.group(1)), signal.SIGKILL)
        status = await asyncio.wait_for(up.process.wait(), timeout=60)
    assert status == 1
    assert "the worker stopped (exit status -9); everything was stopped." in up.said()
    assert redis_is_gone(up.redis_url)


async def test_ctrl_c_stops_the_whole_group(tmp_path: Path, standin: SlackStandIn) -> None:
    """The terminal's Ctrl-C reaches every process of the group at once."""
    async with running_up(tmp_path, standin) as up:
        os.killpg(up.process.pid, signal.SIGINT)
        status = await asyncio.wait_for(up.process.wait(), timeout=60)
    assert status == 0, up.said()
    assert "everything was stopped" not in up.said()
    assert redis_is_gone(up.redis_url)
    assert "warm shut down requested" in up.said()  # the worker let its job finish
