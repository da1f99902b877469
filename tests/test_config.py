"""A configuration problem is one sentence on standard error and exit 2, naming what to
set: never a traceback (issue #15)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.settings import ConfigError, Settings

ROOT = Path(__file__).resolve().parent.parent
OURS = ("SLACK_", "TEAMS_", "SUPPORTBOT_", "PORT", "REDIS_URL")
CLEAN = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}


def supportbot(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env={**CLEAN, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def one_sentence(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("supportbot: ") and lines[0].endswith(".")
    return lines[0]


@pytest.mark.parametrize(
    ("command", "env", "named"),
    [
        ("web", {"PORT": "abc"}, "PORT must be a port number like 3000, not 'abc'"),
        ("web", {"PORT": "0"}, "PORT must be a port number between 1 and 65535"),
        ("web", {"REDIS_URL": "localhost:6379"}, "REDIS_URL must start with redis://"),
        ("worker", {"REDIS_URL": "user:secret@redis.example"}, "not 'redis.example'"),
        ("worker", {"SUPPORTBOT_LOG_FORMAT": "xml"}, "SUPPORTBOT_LOG_FORMAT must be text or json"),
        ("report", {"SUPPORTBOT_LOG_LEVEL": "LOUD"}, "SUPPORTBOT_LOG_LEVEL must be DEBUG"),
        ("web", {"TEAMS_ALLOW_ANONYMOUS": "maybe"}, "TEAMS_ALLOW_ANONYMOUS must be 1 or 0"),
        (
            "worker",
            {"SUPPORTBOT_MAINTENANCE_INTERVAL": "soon"},
            "SUPPORTBOT_MAINTENANCE_INTERVAL must be a whole number of seconds",
        ),
        ("shell", {"SUPPORTBOT_CLOCK_START": "tomorrow"}, "“tomorrow” is not a time"),
        ("web", {"SUPPORTBOT_POLICY": "/nonexistent.toml"}, "policy file /nonexistent.toml"),
        ("web", {}, "or TEAMS_ALLOW_ANONYMOUS=1 to try the Teams door locally"),
        ("web", {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET is not set"),
        ("up", {}, "Socket Mode: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN"),
        ("up", {"SLACK_BOT_TOKEN": "xoxb-1"}, "Socket Mode: set SLACK_APP_TOKEN (the bot"),
    ],
)
def test_a_wrong_setting_is_one_sentence(command: str, env: dict[str, str], named: str) -> None:
    args = (
        [command, "--from", "2026-11-01", "--to", "2026-11-30"]
        if command == "report"
        else [command]
    )
    done = supportbot(*args, **env)
    assert done.returncode == 2, done.stderr
    assert named in one_sentence(done.stderr)
    assert "secret" not in done.stderr


def test_a_bad_policy_file_is_one_sentence(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[targets]\nP1 = "soon"\n')
    done = supportbot(
        "policy",
        "due",
        "--tier",
        "P1",
        "--received",
        "2026-11-26T16:30:00-05:00",
        SUPPORTBOT_POLICY=str(policy),
    )
    assert done.returncode == 2
    assert "targets.P1: expected a duration like '2h'" in one_sentence(done.stderr)


def test_the_settings_are_read_once() -> None:
    settings = Settings.from_environment(
        {"PORT": "8080", "REDIS_URL": "redis://r:6379/1", "TEAMS_ALLOW_ANONYMOUS": "1"}
    )
    assert (settings.port, settings.redis.url, settings.teams.allow_anonymous) == (
        8080,
        "redis://r:6379/1",
        True,
    )
    assert Settings.from_environment({}).redis.url == "redis://127.0.0.1:6379/0"
    with pytest.raises(ConfigError, match="PORT"):
        Settings.from_environment({"PORT": "3000x"})


def test_policy_due_on_a_terminal_uses_now() -> None:
    """No --received and a person at the keyboard: now, instead of waiting for a line."""
    before = datetime.now(UTC).replace(microsecond=0)
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "policy", "due", "--tier", "P1"],
            stdin=terminal,
            capture_output=True,
            text=True,
            env=CLEAN,
            cwd=ROOT,
            timeout=60,
        )
    finally:
        os.close(controller)
        os.close(terminal)
    assert done.returncode == 0, done.stderr
    start = datetime.fromisoformat(json.loads(done.stdout)["clock_start"])
    assert before <= start <= before + timedelta(days=5)  # now, or the next opening
