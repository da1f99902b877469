"""Every command the README shows is run here as a reader would type it (through bash,
with ``supportbot`` on PATH), or names the test that runs it, or says why it cannot run in
a test. A command added to the README without an entry below fails
``test_every_readme_command_is_accounted_for``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis

from bot.clock import ManualClock
from bot.desk import Actor, Desk
from bot.policy import Policy
from bot.redis_server import RedisServer, free_port
from bot.roles import Role
from bot.sla import Sla
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
OURS = ("SLACK_", "TEAMS_", "SUPPORTBOT_", "PORT", "REDIS_URL", "VIRTUAL_ENV")


def sh_blocks() -> list[tuple[str, list[str]]]:
    """Each command line of the README's ```sh blocks, with the ``#`` lines after it (the
    output the README promises)."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^ *```sh\n(.*?)^ *```", README, re.DOTALL | re.MULTILINE):
        for line in block.splitlines():
            text = line.strip()
            if text.startswith("#") and found:
                found[-1][1].append(text[1:].strip())
            elif text:
                found.append((re.sub(r"\s+#\s.*$", "", text), []))
    return found


def inline_commands() -> set[str]:
    return set(re.findall(r"`((?:bash scripts/|supportbot |python3 )[^`]*)`", README))


def every_command() -> set[str]:
    return {command for command, _ in sh_blocks()} | inline_commands()


# Commands run elsewhere, or not runnable in a test, with the reason.
ELSEWHERE = {
    "bash scripts/test": "this suite is what it runs",
    "pip install uv": "needs PyPI; tests/test_dependencies.py checks the pins it writes",
    "uv pip compile pyproject.toml --all-extras --universal -o constraints.txt": "needs PyPI",
    "uv pip compile pyproject.toml --all-extras --universal -o constraints.txt --upgrade":
        "needs PyPI, and would move the pins",
    "export SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… SUPPORTBOT_SUPPORT_CHANNEL=C0123":
        "tests/test_up.py, against the Socket Mode stand-in",
    "supportbot up": "tests/test_up.py (end to end) and tests/test_config.py (no tokens)",
    "supportbot web": "tests/test_logs.py and tests/test_config.py",
    "supportbot worker": "tests/test_ops.py and tests/test_cli_admin.py",
    "supportbot export": "below, and tests/test_backup.py",
    "REDIS_URL=redis://old:6379/0 supportbot export desk.json":
        "tests/test_cluster.py::test_a_single_redis_desk_moves_onto_the_cluster_with_export_and_import",
    "REDIS_URL=redis://node1:6379/0 SUPPORTBOT_REDIS_CLUSTER=1 supportbot import desk.json":
        "the same test (with the local cluster's address)",
}  # fmt: skip


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """A ``supportbot`` on PATH that is this checkout's, run by this interpreter."""
    folder = tmp_path / "bin"
    folder.mkdir()
    shim = folder / "supportbot"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m bot.cli "$@"\n')
    shim.chmod(0o755)
    return folder


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """Where a reader runs the commands: a folder with the checkout's ``examples/``."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "examples").symlink_to(ROOT / "examples")
    return folder


@pytest.fixture
def fresh_redis() -> Iterator[RedisServer]:
    server = RedisServer().start()
    yield server
    server.stop()


class Reader:
    def __init__(self, bin_dir: Path, workdir: Path, redis_url: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
        self.env = env | {"PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT),
                          "REDIS_URL": redis_url}  # fmt: skip
        self.cwd = workdir
        self.ran: set[str] = set()

    def run(self, command: str, typed: str | None = None, **env: str) -> str:
        """Run ``command`` exactly as the README has it (after ``replace``), through bash."""
        done = subprocess.run(["bash", "-c", command], env=self.env | env, cwd=self.cwd,
                              input=typed, capture_output=True, text=True, timeout=120,
                              stdin=None if typed is not None else subprocess.DEVNULL)  # fmt: skip
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr
        return done.stdout


@pytest.fixture
def reader(bin_dir: Path, workdir: Path, redis_client: redis.Redis,
           redis_server: RedisServer) -> Reader:  # fmt: skip
    return Reader(bin_dir, workdir, redis_server.url)


def readme_has(command: str) -> str:
    assert command in every_command(), f"the README no longer shows {command!r}"
    return command


def test_the_policy_engine_commands(reader: Reader) -> None:
    blocks = dict(sh_blocks())
    first = readme_has("supportbot policy due --tier P1 --received 2026-11-26T16:30:00-05:00")
    promised = json.loads(" ".join(blocks[first]))
    assert json.loads(reader.run(first)) == promised

    piped = readme_has("echo 2026-11-27T18:00:00-05:00 | supportbot policy due --tier P2")
    assert json.loads(reader.run(piped))["clock_start"] == "2026-11-30T09:00:00-05:00"
    # On a terminal it takes now (tests/test_config.py); here standard input is a pipe.
    now = readme_has("supportbot policy due --tier P1")
    assert reader.run(now, typed="2026-11-27T18:00:00-05:00\n")
    always = readme_has(
        "supportbot policy due --tier P1 --calendar 24x7 --received 2026-11-28T03:00:00-05:00"
    )
    assert json.loads(reader.run(always))["response_due"] == "2026-11-28T05:00:00-05:00"
    calendar = reader.run(
        readme_has("supportbot policy calendar --from 2026-06-20 --to 2026-07-05 --lang fr")
    )
    assert "2026-06-24" in calendar and "Fête nationale" in calendar
    version = readme_has(
        "supportbot policy version-status --catalog examples/products.toml "
        "--product Acomba --version 10.1"
    )
    assert json.loads(reader.run(version))["product"] == "Acomba"


def test_grant_the_first_manager(reader: Reader, redis_client: redis.Redis) -> None:
    out = reader.run(readme_has("supportbot grant T0123 U0456 manager"))
    assert out.strip() == "U0456 in T0123: manager"
    teams = readme_has('supportbot grant "$TEAMS_TENANT_ID" <object-id> manager')
    out = reader.run(teams.replace("<object-id>", "8d3f0c4e-0000-4000-8000-000000000001"),
                     TEAMS_TENANT_ID="72f988bf-0000-4000-8000-000000000000")  # fmt: skip
    assert out.strip().endswith(": manager")


def test_teams_package(reader: Reader) -> None:
    command = readme_has('supportbot teams-package --client-id "$TEAMS_CLIENT_ID" --host YOUR-HOST')
    reader.run(command, TEAMS_CLIENT_ID="00000000-0000-4000-8000-000000000001")
    assert (reader.cwd / "supportbot-teams.zip").is_file()


async def a_ticket(url: str) -> None:
    """Something to carry over: a customer and a ticket in workspace T0123."""
    client = aioredis.from_url(url, decode_responses=True)
    desk = Desk(Store(client, Sla(Policy())), ManualClock(datetime(2026, 11, 26, 15, tzinfo=UTC)))
    actor = Actor("T0123", "U0456", "slack")
    await desk.directory.set_roles("T0123", "U0456", {Role.MANAGER, Role.AGENT})
    await desk.handle(actor, "customer add Acme entitlement=contract")
    await desk.handle(actor, "ticket new Acme printer down")
    await client.aclose()


async def test_export_import_and_reports(reader: Reader, fresh_redis: RedisServer) -> None:
    await a_ticket(reader.env["REDIS_URL"])
    export = readme_has("REDIS_URL=redis://… supportbot export supportbot-2026-11-30.json")
    reader.run(export.replace("redis://…", reader.env["REDIS_URL"]))
    restore = readme_has("REDIS_URL=redis://new… supportbot import supportbot-2026-11-30.json")
    reader.run(restore.replace("redis://new…", fresh_redis.url))
    copied = redis.Redis.from_url(fresh_redis.url, decode_responses=True)
    assert copied.hgetall("sb:{T0123}:roles") == {"U0456": "agent,manager"}
    assert copied.exists("sb:{T0123}:t:000001001")
    copied.close()
    table = reader.run(readme_has("supportbot report --from 2026-11-01 --to 2026-11-30"))
    assert "P1" in table
    csv = reader.run(readme_has("supportbot report --from 2026-11-01 --to 2026-11-30 --csv"))
    assert "P1" in csv and "," in csv


def test_the_console_options(reader: Reader) -> None:
    at = readme_has('supportbot shell --start "2026-12-05 03:00"')
    out = reader.run(at, typed="quit\n")
    assert "Support is closed now (Sat 2026-12-05 03:00 EST)" in out
    apart = readme_has("supportbot shell --data other-folder")
    reader.run(apart, typed="quit\n", REDIS_URL="")
    assert (reader.cwd / "other-folder" / "appendonlydir").is_dir()


def test_the_local_teams_try_out(reader: Reader, bin_dir: Path) -> None:
    """``export TEAMS_ALLOW_ANONYMOUS=1 REDIS_URL=…``, then ``supportbot web & supportbot
    worker``: the web process answers, and the worker has a Teams notifier."""
    readme_has("export TEAMS_ALLOW_ANONYMOUS=1 REDIS_URL=redis://127.0.0.1:6379/0")
    readme_has("supportbot web & supportbot worker")
    port = free_port()
    env = reader.env | {"TEAMS_ALLOW_ANONYMOUS": "1", "PORT": str(port)}
    web = subprocess.Popen(["supportbot", "web"], env=env, cwd=reader.cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        for _ in range(300):  # the process starting, not a deadline
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    assert json.load(r) == {"status": "ok", "redis": "ok"}
                    break
            except OSError:
                assert web.poll() is None, web.stderr.read() if web.stderr else ""
                time.sleep(0.05)
        else:
            pytest.fail("supportbot web did not answer /healthz")
    finally:
        web.terminate()
        web.wait(timeout=30)
    probe = ("from bot.settings import Settings; from handlers.notifiers import notifiers; "
             "print(sorted(notifiers(Settings.from_environment())))")  # fmt: skip
    found = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                           text=True, cwd=ROOT, check=True)  # fmt: skip
    assert found.stdout.strip() == "['console', 'teams']"


def installed_here(python: str) -> bool:
    where = subprocess.run([python, "-c", "import bot; print(bot.__file__)"], cwd="/",
                           capture_output=True, text=True)  # fmt: skip
    return where.stdout.strip() == str(ROOT / "bot" / "__init__.py")


def test_scripts_shell(reader: Reader) -> None:
    """``bash scripts/shell`` opens the console (with this interpreter first on PATH, which
    must already hold this checkout: the test never installs into it)."""
    command = readme_has("bash scripts/shell")
    if not installed_here(sys.executable):
        pytest.skip("this interpreter does not have this checkout installed")
    path = f"{Path(sys.executable).parent}:{reader.env['PATH']}"
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, input="clock\nquit\n",
                          env=reader.env | {"PATH": path, "REDIS_URL": ""},
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "supportbot console." in done.stdout and "(clock is " in done.stdout


def test_every_readme_command_is_accounted_for() -> None:
    """Each command is run by a test in this file (it calls ``readme_has``) or is listed
    in ELSEWHERE with the test that runs it or why none can."""
    source = Path(__file__).read_text()
    calls = re.findall(r"readme_has\(\s*((?:(?:\"[^\"]*\"|'[^']*')\s*)+)\)", source)
    checked = {"".join(part[1:-1] for part in re.findall(r"\"[^\"]*\"|'[^']*'", call))
               for call in calls}  # fmt: skip
    unaccounted = every_command() - checked - set(ELSEWHERE)
    assert unaccounted == set()
    assert set(ELSEWHERE) <= every_command(), set(ELSEWHERE) - every_command()
