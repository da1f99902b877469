"""Every setting of the program, read from the environment in this one module, checked
once at start and handed down.

``bot.app`` (the composition root) calls :meth:`Settings.from_environment` before it
builds anything: a value that cannot work (``PORT=abc``, a ``REDIS_URL`` without a
scheme, ``SUPPORTBOT_LOG_FORMAT=xml``, a policy file that does not parse) stops the
command with one sentence naming the variable and what to set, and exit status 2, never
a traceback from deep inside a library. Nothing below the composition root reads the
environment: the web app, the worker, the notifiers and the logs get their part of the
:class:`Settings` as arguments. A process started apart (``supportbot worker`` beside
``supportbot web``, the tests' worker processes) reads its own, here, in its own root.

Plain frozen dataclasses rather than pydantic-settings: about twenty variables, each
with its own sentence when wrong (``tests/test_config.py`` holds them to the word), and
derived values (the worker's waits) that are a property each. pydantic-settings would
add a dependency and its own error format, which would have to be caught and rephrased
into those sentences anyway; the dataclasses type-check under mypy strict as they are.

The variables, by concern:

- Redis (:func:`redis_settings`): ``REDIS_URL``, ``SUPPORTBOT_REDIS_CLUSTER``,
  ``RQ_REDIS_URL`` (``bot.connections`` says what each is for);
- the web process: ``PORT``, ``SUPPORTBOT_PUBLIC_HOST`` (for ``supportbot teams-package``);
- Slack (:class:`SlackSettings`): ``SLACK_BOT_TOKEN``, ``SLACK_SIGNING_SECRET``,
  ``SLACK_APP_TOKEN``, ``SLACK_API_URL``, ``SUPPORTBOT_SUPPORT_CHANNEL``,
  ``SUPPORTBOT_INTAKE_CHANNEL``;
- Teams (:class:`TeamsSettings`): ``TEAMS_CLIENT_ID``, ``TEAMS_CLIENT_SECRET``,
  ``TEAMS_TENANT_ID``, ``TEAMS_SUPPORT_CONVERSATION``, ``TEAMS_ALLOW_ANONYMOUS``;
- the worker (:class:`WorkerSettings`): ``SUPPORTBOT_MAINTENANCE_INTERVAL``,
  ``SUPPORTBOT_JOB_MONITORING_INTERVAL``, ``SUPPORTBOT_HEARTBEAT_GRACE``,
  ``SUPPORTBOT_CHANNEL_PACE``;
- the logs (:class:`LogSettings`): ``SUPPORTBOT_LOG_FORMAT``, ``SUPPORTBOT_LOG_LEVEL``,
  and the values of every secret variable (``*_TOKEN``, ``*_SECRET``, …), redacted;
- the console: ``SUPPORTBOT_CLOCK_START``;
- the policy file: ``supportbot --policy FILE``, else ``SUPPORTBOT_POLICY`` (``bot.policy``).
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from bot.connections import CLUSTER, DEFAULT_URL, RedisSettings, SettingsError
from bot.errors import DeskError
from bot.policy import Policy, load_policy

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
YES = ("1", "true", "yes")
NO = ("", "0", "false", "no")
SECRET_NAMES = re.compile(r"(TOKEN|SECRET|PASSWORD|PASSWD|_KEY)$|SECRET", re.IGNORECASE)
MIN_SECRET = 6  # shorter values would redact ordinary words


class ConfigError(DeskError, ValueError):
    """A setting of the environment that cannot work; the message names it."""

    key = "error.config"

    def __init__(self, message: str) -> None:
        super().__init__("error.config", message=message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# -- one variable ------------------------------------------------------------------------
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
        raise ConfigError(
            f"REDIS_URL must start with redis://, rediss:// or unix:// "
            f"(e.g. redis://127.0.0.1:6379/0), not {shown!r}"
        )
    return text


def seconds(env: Mapping[str, str], name: str) -> int | None:
    """A whole number of seconds, at least 1, or None when unset."""
    text = env.get(name, "").strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number of seconds, not {text!r}") from None
    if value < 1:
        raise ConfigError(f"{name} must be at least 1 second, not {value}")
    return value


# -- one concern each ----------------------------------------------------------------------
def redis_settings(env: Mapping[str, str], queues: bool = True) -> RedisSettings:
    """The desk's Redis and RQ's, checked; ``queues=False`` for commands that never touch
    RQ (export, import, report, grant), which then run on a cluster without RQ_REDIS_URL.
    A problem raises :class:`bot.connections.SettingsError` (a sentence of its own)."""
    cluster = env.get(CLUSTER, "").strip().lower()
    if cluster not in ("on", "off", *YES, *NO):
        raise SettingsError(f"{CLUSTER} must be 1 or 0, not {cluster!r}.")
    settings = RedisSettings(
        url=env.get("REDIS_URL") or DEFAULT_URL,
        cluster=cluster in ("on", *YES),
        rq_url=env.get("RQ_REDIS_URL", "").strip(),
    )
    if queues:
        settings.queue_url  # noqa: B018 - raises SettingsError when it cannot work
    return settings


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str = ""
    signing_secret: str = ""
    app_token: str = ""  # Socket Mode when set
    api_url: str = ""  # the Web API's base URL; empty: Slack's own (a stand-in in tests)
    support_channel: str = ""
    intake_channel: str = ""

    @classmethod
    def read(cls, env: Mapping[str, str]) -> SlackSettings:
        return cls(
            bot_token=env.get("SLACK_BOT_TOKEN", ""),
            signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            app_token=env.get("SLACK_APP_TOKEN", ""),
            api_url=env.get("SLACK_API_URL", ""),
            support_channel=env.get("SUPPORTBOT_SUPPORT_CHANNEL", ""),
            intake_channel=env.get("SUPPORTBOT_INTAKE_CHANNEL", ""),
        )


@dataclass(frozen=True)
class TeamsSettings:
    """The Teams door's (``handlers.teams_app``) and the Teams notifier's settings;
    ``allow_anonymous`` is for local development only."""

    client_id: str = ""
    client_secret: str = ""
    tenant_id: str = ""
    allow_anonymous: bool = False
    support_conversation: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.client_id) or self.allow_anonymous

    @classmethod
    def read(cls, env: Mapping[str, str]) -> TeamsSettings:
        return cls(
            client_id=env.get("TEAMS_CLIENT_ID", ""),
            client_secret=env.get("TEAMS_CLIENT_SECRET", ""),
            tenant_id=env.get("TEAMS_TENANT_ID", ""),
            allow_anonymous=flag(env, "TEAMS_ALLOW_ANONYMOUS"),
            support_conversation=env.get("TEAMS_SUPPORT_CONVERSATION", ""),
        )


@dataclass(frozen=True)
class WorkerSettings:
    """RQ's crash-recovery knobs, in whole seconds (``jobs.worker``'s docstring says how
    they bound the time until a crashed job runs again)."""

    maintenance_interval: int = 30
    job_monitoring_interval: int = 5
    heartbeat_grace: int = 60

    @classmethod
    def read(cls, env: Mapping[str, str]) -> WorkerSettings:
        given = {
            name: seconds(env, variable)
            for name, variable in (
                ("maintenance_interval", "SUPPORTBOT_MAINTENANCE_INTERVAL"),
                ("job_monitoring_interval", "SUPPORTBOT_JOB_MONITORING_INTERVAL"),
                ("heartbeat_grace", "SUPPORTBOT_HEARTBEAT_GRACE"),
            )
        }
        return cls(**{name: value for name, value in given.items() if value is not None})

    @property
    def worker_ttl(self) -> int:
        """RQ waits ``worker_ttl`` - 15 s on the queue between two maintenance checks."""
        return 15 + max(1, math.ceil(self.maintenance_interval / 2))

    @property
    def dequeue_wait(self) -> int:
        """How long an idle worker's ``BLPOP`` blocks (RQ's ``dequeue_timeout``)."""
        return max(1, self.worker_ttl - 15)

    @property
    def recovery_bounds(self) -> tuple[int, int]:
        """Seconds from a whole worker's crash until its job is queued again, at least and
        at most, while some worker runs (RQ's timestamps are whole seconds: +1)."""
        wait = self.worker_ttl - 15
        latest = self.job_monitoring_interval + self.heartbeat_grace + 1
        return self.heartbeat_grace, latest + self.maintenance_interval + wait


def channel_pace(env: Mapping[str, str]) -> float:
    """Seconds between two posts in one channel (``jobs.outbox``): 1 s, the platforms'
    own pace, unless ``SUPPORTBOT_CHANNEL_PACE`` says otherwise (0: none, in tests)."""
    text = env.get("SUPPORTBOT_CHANNEL_PACE", "").strip()
    if not text:
        return 1.0
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < math.inf:
        raise ConfigError(f"SUPPORTBOT_CHANNEL_PACE must be a number of seconds, not {text!r}")
    return value


def secrets_of(env: Mapping[str, str]) -> tuple[str, ...]:
    """The values of the environment's secret variables and the passwords in the Redis
    URLs, longest first: the logs redact them wherever they appear."""
    found = {value for name, value in env.items() if SECRET_NAMES.search(name)}
    for url in (env.get("REDIS_URL", ""), env.get("RQ_REDIS_URL", "")):
        try:
            password = urlsplit(url).password if url else None
        except ValueError:
            password = None
        if password:
            found.add(password)
    return tuple(sorted((s for s in found if len(s) >= MIN_SECRET), key=len, reverse=True))


@dataclass(frozen=True)
class LogSettings:
    format: str = "text"  # or "json": one object per line
    level: str = "INFO"
    secrets: tuple[str, ...] = ()  # values redacted from every line

    @classmethod
    def read(cls, env: Mapping[str, str]) -> LogSettings:
        log_format = env.get("SUPPORTBOT_LOG_FORMAT", "").strip().lower() or "text"
        if log_format not in ("text", "json"):
            raise ConfigError(f"SUPPORTBOT_LOG_FORMAT must be text or json, not {log_format!r}")
        level = env.get("SUPPORTBOT_LOG_LEVEL", "").strip().upper() or "INFO"
        if level not in logging.getLevelNamesMapping():
            raise ConfigError(
                f"SUPPORTBOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level!r}"
            )
        return cls(log_format, level, secrets_of(env))


def policy_file(env: Mapping[str, str], given: str | None = None) -> str | None:
    """``--policy FILE`` when given, else ``SUPPORTBOT_POLICY``, else none (the defaults)."""
    return given or env.get("SUPPORTBOT_POLICY") or None


# -- all of them ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    redis: RedisSettings = field(default_factory=RedisSettings)
    redis_given: bool = False  # REDIS_URL set; else the console and ``up`` start their own
    port: int = 3000
    slack: SlackSettings = field(default_factory=SlackSettings)
    teams: TeamsSettings = field(default_factory=TeamsSettings)
    worker: WorkerSettings = field(default_factory=WorkerSettings)
    channel_pace: float = 1.0
    logging: LogSettings = field(default_factory=LogSettings)
    clock_start: str = ""  # the console's start for a new desk (``supportbot shell --start``)
    public_host: str = ""
    policy: Policy = field(default_factory=Policy)

    @classmethod
    def from_environment(
        cls, env: Mapping[str, str] | None = None, policy: str | None = None
    ) -> Settings:
        """Every setting, checked; ``policy``: the ``--policy`` file, which wins over
        ``SUPPORTBOT_POLICY``. Raises :class:`ConfigError`, ``SettingsError`` (Redis) or
        ``PolicyError``, each one sentence."""
        env = os.environ if env is None else env
        logs = LogSettings.read(env)
        given = redis_url(env)
        return cls(
            redis=redis_settings(env, queues=False),  # RQ's: checked by the commands using it
            redis_given=given is not None,
            port=port(env),
            slack=SlackSettings.read(env),
            teams=TeamsSettings.read(env),
            worker=WorkerSettings.read(env),
            channel_pace=channel_pace(env),
            logging=logs,
            clock_start=env.get("SUPPORTBOT_CLOCK_START", "").strip(),
            public_host=env.get("SUPPORTBOT_PUBLIC_HOST", ""),
            policy=load_policy(policy_file(env, policy)),
        )

    @classmethod
    def offline(cls, env: Mapping[str, str] | None = None, policy: str | None = None) -> Settings:
        """What the commands that use no service read (``policy …``, ``teams-package``):
        the policy file and the Teams package's defaults, so that a wrong ``PORT`` never
        stops ``supportbot policy due``."""
        env = os.environ if env is None else env
        return cls(
            teams=TeamsSettings(client_id=env.get("TEAMS_CLIENT_ID", "")),
            public_host=env.get("SUPPORTBOT_PUBLIC_HOST", ""),
            policy=load_policy(policy_file(env, policy)),
        )

    def on(self, redis: RedisSettings) -> Settings:
        """The same settings on another Redis (``up`` and the console start their own)."""
        return replace(self, redis=redis, redis_given=True)
