"""The environment every long-running command reads, checked once at start.

``supportbot web``, ``worker``, ``up``, ``shell``, ``grant``, ``export``, ``import`` and
``report`` call :meth:`Settings.from_environment` before anything else: a value that
cannot work (``PORT=abc``, a ``REDIS_URL`` without a scheme, ``SUPPORTBOT_LOG_FORMAT=xml``)
stops the command with one sentence naming the variable and what to set, and exit
status 2, never a traceback from deep inside a library. A policy file is checked the same
way (``bot.policy``), and the worker's own numbers by ``jobs.worker.WorkerSettings``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

from bot.errors import DeskError

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
YES = ("1", "true", "yes")
NO = ("", "0", "false", "no")


class ConfigError(DeskError):
    """A setting of the environment that cannot work; the message names it."""

    key = "error.config"

    def __init__(self, message: str) -> None:
        super().__init__("error.config", message=message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ConfigError(f"{name} must be 1 or 0 (yes or no), not {env[name]!r}")


def port(env: Mapping[str, str], name: str = "PORT", default: int = 3000) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ConfigError(f"{name} must be a port number like 3000, not {text!r}") from None
    if not 1 <= value <= 65535:
        raise ConfigError(f"{name} must be a port number between 1 and 65535, not {value}")
    return value


def redis_url(env: Mapping[str, str]) -> str | None:
    """``REDIS_URL``, or None when unset (the console and ``up`` then start their own)."""
    text = env.get("REDIS_URL", "").strip()
    if not text:
        return None
    if not text.startswith(REDIS_SCHEMES):
        shown = text.split("@")[-1]  # never the password
        raise ConfigError(f"REDIS_URL must start with redis://, rediss:// or unix:// "
                          f"(e.g. redis://127.0.0.1:6379/0), not {shown!r}")  # fmt: skip
    return text


@dataclass(frozen=True)
class Settings:
    redis_url: str | None = None
    port: int = 3000
    log_format: str = "text"
    log_level: str = "INFO"
    teams_allow_anonymous: bool = False

    @property
    def redis(self) -> str:
        """The Redis to use when none is started for the command."""
        return self.redis_url or DEFAULT_REDIS_URL

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        log_format = env.get("SUPPORTBOT_LOG_FORMAT", "").strip().lower() or "text"
        if log_format not in ("text", "json"):
            raise ConfigError(f"SUPPORTBOT_LOG_FORMAT must be text or json, not {log_format!r}")
        level = env.get("SUPPORTBOT_LOG_LEVEL", "").strip().upper() or "INFO"
        if level not in logging.getLevelNamesMapping():
            raise ConfigError(f"SUPPORTBOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, "
                              f"not {level!r}")  # fmt: skip
        return cls(
            redis_url=redis_url(env),
            port=port(env),
            log_format=log_format,
            log_level=level,
            teams_allow_anonymous=flag(env, "TEAMS_ALLOW_ANONYMOUS"),
        )
