"""Structured logs: one JSON object per line, and no secret ever written, whether it comes
in a message, its arguments, a traceback, or a request line logged by aiohttp.

The end-to-end test runs ``supportbot web`` as a process with secrets in its environment
and sends it a request carrying them, then reads what the process wrote.
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bot.logs import REDACTED, configure_logging, log_context
from bot.settings import Settings
from tests.redis_server import RedisServer, free_port

BOT_TOKEN = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
APP_TOKEN = "xapp-1-A0123456789-1234567890123-abcdef0123456789"
SIGNING_SECRET = "8f14e45fceea167a5a36dedd4bea2543"
TEAMS_SECRET = "Qx8Q~kH3.tR9zYv-LmN0pWs2Ab_Cd"
REDIS_PASSWORD = "redis-pa55word-xyz"
RQ_PASSWORD = "rq-pa55word-abc"
ENV = {
    "SUPPORTBOT_LOG_FORMAT": "json",
    "SLACK_BOT_TOKEN": BOT_TOKEN,
    "SLACK_APP_TOKEN": APP_TOKEN,
    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
    "TEAMS_CLIENT_SECRET": TEAMS_SECRET,
    "REDIS_URL": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0",
    "RQ_REDIS_URL": f"redis://:{RQ_PASSWORD}@127.0.0.1:6380/0",
}
SECRETS = (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, TEAMS_SECRET, REDIS_PASSWORD, RQ_PASSWORD)


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    out = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    configure_logging("worker", Settings.from_environment(ENV).logging, out)
    yield out
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


def parsed(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_secrets_are_redacted_from_messages_arguments_and_tracebacks(stream: io.StringIO) -> None:
    log = logging.getLogger("supportbot.test")
    log.info("posting with token %s", BOT_TOKEN)
    log.warning("Slack answered: headers={'Authorization': 'Bearer %s'}", "xoxb-9-9-zzzzzzzzzz")
    log.info("connecting to %s", ENV["REDIS_URL"])
    log.info("app-level token %s and signature secret %s", APP_TOKEN, SIGNING_SECRET)
    log.info("Teams token request: client_secret=%s&grant_type=client_credentials", TEAMS_SECRET)
    log.info("a JWT: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl in a header")
    with log_context(ticket_id="T-1001", request_id="job-7"):
        try:
            raise RuntimeError(f"Teams refused client secret {TEAMS_SECRET}")
        except RuntimeError:
            log.exception("token request failed")
    log.info(
        "Invalid signature: body=token=x&response_url=https%%3A%%2F%%2Fhooks.slack.com"
        "%%2Fcommands%%2FT1%%2F123%%2Fabc&text=hi"
    )
    log.info("posting to https://hooks.slack.com/actions/T1/456/def")
    log.info("RQ's Redis refused the password %s", RQ_PASSWORD)  # bare: known from RQ_REDIS_URL
    text = stream.getvalue()
    assert "123%2Fabc" not in text and "456/def" not in text
    assert "https://hooks.slack.com/[REDACTED]" in text
    for secret in SECRETS:
        assert secret not in text
    assert "eyJhbGciOiJSUzI1NiJ9" not in text and "xoxb-9-9" not in text
    lines = parsed(text)
    assert len(lines) == 10  # one JSON object per line, the traceback inside its line
    assert lines[9]["message"] == f"RQ's Redis refused the password {REDACTED}"
    assert lines[0]["message"] == f"posting with token {REDACTED}"
    assert lines[1]["message"] == (
        f"Slack answered: headers={{'Authorization': 'Bearer {REDACTED}'}}"
    )
    assert lines[2]["message"] == f"connecting to redis://:{REDACTED}@127.0.0.1:6379/0"
    assert lines[4]["message"].startswith(f"Teams token request: client_secret={REDACTED}&")
    failed = lines[6]
    assert (failed["level"], failed["ticket_id"], failed["request_id"]) == ("error", "T-1001",
                                                                            "job-7")  # fmt: skip
    assert "Traceback" in failed["exception"] and REDACTED in failed["exception"]
    assert failed["process"] == "worker" and "ticket_id" not in lines[0]


def test_plain_text_logs_name_the_ticket_and_request_too() -> None:
    out = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure_logging(
            "web", Settings.from_environment({"SLACK_BOT_TOKEN": BOT_TOKEN}).logging, out
        )
        with log_context(ticket_id="T-1002", request_id="abc"):
            logging.getLogger("x").info("claimed with %s", BOT_TOKEN)
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    line = out.getvalue().strip()
    assert line.endswith(f"INFO x claimed with {REDACTED} [ticket=T-1002 request=abc]")


def test_supportbot_web_writes_json_lines_without_the_secrets_it_was_sent(
    redis_server: RedisServer,
) -> None:
    port = free_port()
    env = {**os.environ, **ENV, "PORT": str(port), "SLACK_APP_TOKEN": "",
           "REDIS_URL": redis_server.url.replace("//", f"//:{REDIS_PASSWORD}@")}  # fmt: skip
    web = subprocess.Popen([sys.executable, "-m", "bot.cli", "web"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30  # the process starting, not a business deadline
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                assert web.poll() is None and time.monotonic() < deadline, "web did not start"
                time.sleep(0.05)
        request = urllib.request.Request(
            f"{base}/healthz?token={BOT_TOKEN}&client_secret={TEAMS_SECRET}",
            headers={"Referer": f"https://example.com/?signing_secret={SIGNING_SECRET}",
                     "User-Agent": f"probe {TEAMS_SECRET}", "X-Request-Id": "probe-1"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
    finally:
        web.send_signal(signal.SIGINT)
        out, err = web.communicate(timeout=30)
    written = out + err
    for secret in SECRETS:
        assert secret not in written
    lines = parsed(err)
    [probe] = [line for line in lines if line.get("request_id") == "probe-1"]
    assert probe["logger"] == "aiohttp.access" and probe["process"] == "web"
    assert f"/healthz?token={REDACTED}&client_secret={REDACTED}" in probe["message"]
