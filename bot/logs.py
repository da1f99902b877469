"""Logging for the web and worker processes: one JSON object per line when
``SUPPORTBOT_LOG_FORMAT=json`` (plain text otherwise), each line naming the ticket and the
request it belongs to, and no secret ever written.

The ticket and request ids live in context variables: the web app sets the request id for
each HTTP request (``X-Request-Id`` or a fresh one), the desk sets the ticket id while it
runs a command about one ticket, a timer job sets both (its RQ job id is its request id).
asyncio copies them into the tasks a request starts, so the work done after a Slack ack
still carries its request id.

Secrets are redacted by a filter on the handler, so it applies to every record whatever
logger it comes from (aiohttp's access log, slack_sdk, RQ): the values of the secret
environment variables (``*_TOKEN``, ``*_SECRET``, ``*_PASSWORD``, ``*_KEY``, the passwords
in ``REDIS_URL`` and ``RQ_REDIS_URL``, gathered by ``bot.settings``) and anything shaped
like a token (Slack
``xox…-``/``xapp-`` tokens, ``Authorization``/``Bearer`` values, JWTs, credentials in URLs,
``token=…`` parameters).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.settings import LogSettings

TICKET_ID: ContextVar[str | None] = ContextVar("ticket_id", default=None)
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
_VARS = {"ticket_id": TICKET_ID, "request_id": REQUEST_ID}

REDACTED = "[REDACTED]"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization: Bearer xyz / "authorization": "Basic xyz"
    (
        re.compile(
            r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?(?:(?:bearer|basic)\s+)?)"
            r"[^\s\"',;}]+"
        ),
        rf"\1{REDACTED}",
    ),
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}"), rf"\1 {REDACTED}"),
    (re.compile(r"\bxox[a-z]?-[A-Za-z0-9-]{6,}"), REDACTED),  # Slack bot/user tokens
    (re.compile(r"\bxapp-[A-Za-z0-9-]{6,}"), REDACTED),  # Slack app-level tokens
    (re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"), REDACTED),  # JWT
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/\s@]*:)[^@\s/]+@"), rf"\1{REDACTED}@"),
    # A Slack response_url lets whoever holds it post in the channel for 30 minutes.
    (re.compile(r"(?i)(hooks\.slack\.com(?:/|%2F))[^\s&\"']+"), rf"\1{REDACTED}"),
    (
        re.compile(
            r"(?i)\b((?:client_|signing_|access_|refresh_|app_)?(?:token|secret|password)"
            r"|api_key)=[^&\s\"']+"
        ),
        rf"\1={REDACTED}",
    ),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class SecretFilter(logging.Filter):
    """Rewrites each record's message, traceback and stack with secrets redacted."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted(set(secrets), key=len, reverse=True)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message, self.secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, process, ids, traceback."""

    def __init__(self, process: str = "") -> None:
        super().__init__()
        self.process = process

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if self.process:
            line["process"] = self.process
        for name, var in _VARS.items():
            value = var.get()
            if value:
                line[name] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The usual text line, with ``[ticket=… request=…]`` when there are ids."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        ids = " ".join(f"{name[:-3]}={var.get()}" for name, var in _VARS.items() if var.get())
        text = super().formatMessage(record)
        return f"{text} [{ids}]" if ids else text


def configure_logging(
    process: str,
    settings: LogSettings | None = None,
    stream: TextIO | None = None,
) -> logging.Handler:
    """Replace the root handlers with one stream handler: JSON when
    ``SUPPORTBOT_LOG_FORMAT=json``, level ``SUPPORTBOT_LOG_LEVEL`` (INFO), secrets redacted."""
    settings = settings or LogSettings()
    handler = logging.StreamHandler(stream or sys.stderr)
    json_lines = settings.format == "json"
    handler.setFormatter(JsonFormatter(process) if json_lines else TextFormatter())
    handler.addFilter(SecretFilter(settings.secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.level)
    return handler


@contextmanager
def log_context(**values: str | None) -> Iterator[None]:
    """Name the ticket and/or request of every line logged inside the block."""
    tokens = [(_VARS[name], _VARS[name].set(value)) for name, value in values.items()]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def bind(**values: str | None) -> None:
    """Name the ticket and/or request for the rest of the current task (a job, a request)."""
    for name, value in values.items():
        _VARS[name].set(value)
