"""The ``supportbot`` command: policy look-ups, the console shell, the worker and the web app.

Bad input exits 2 with one sentence on standard error, never a traceback. The settings
(``bot.settings``) are read once here, with ``--policy`` for every command, and handed
to the command; the long-running ones are built by the composition root (``bot.app``),
imported only by them so that ``supportbot policy …`` starts without the web stack.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NoReturn, TextIO

from bot import admin
from bot.clock import SystemClock
from bot.connections import SettingsError
from bot.errors import DeskError
from bot.i18n import t
from bot.policy import TIERS
from bot.presenter import version_sentence
from bot.settings import Settings
from bot.sla import Sla
from bot.versions import load_catalog, version_status


class _Parser(argparse.ArgumentParser):
    """argparse that fails with exit 2 and one sentence (its default, minus the usage dump)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"supportbot: {message}\n")


def parse_instant(text: str) -> datetime:
    """An ISO-8601 instant with its UTC offset; anything else is refused."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DeskError("error.bad_time", value=text.strip()) from None
    if value.tzinfo is None:
        raise DeskError("error.naive_time", value=text.strip())
    if not 1971 <= value.year <= 9000:
        raise DeskError("error.bad_time", value=text.strip())
    return value


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DeskError("error.bad_date", value=text.strip()) from None


def _policy_due(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    policy = settings.policy
    sla = Sla(policy)
    after_hours = args.calendar == "24x7"

    def one(text: str) -> str:
        received = parse_instant(text)
        due = sla.milestones(received, args.tier, after_hours=after_hours)
        return json.dumps(due.as_json(), ensure_ascii=False)

    if args.received is None and sys.stdin.isatty():
        args.received = SystemClock().now().astimezone(policy.tz).isoformat(timespec="seconds")
    if args.received is not None:
        print(one(args.received), file=out)
        return 0
    status = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            print(one(line), file=out)
        except DeskError as exc:
            print(f"supportbot: {t(exc.key, args.lang, **exc.params)}", file=sys.stderr)
            status = 2
    return status


def _policy_calendar(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    policy = settings.policy
    first, last = parse_day(args.from_), parse_day(args.to)
    if last < first:
        first, last = last, first
    sla = Sla(policy)
    calendar = sla.standard
    weekday_names = {
        "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "fr": ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
    }[args.lang]
    day = first
    while day <= last:
        reason = calendar.closed_reason(day, args.lang)
        if reason == "closure":
            text = t("calendar.closure", args.lang)
        elif reason:
            text = t("calendar.holiday", args.lang, name=reason)
        elif day.weekday() not in policy.open_days:
            text = t("calendar.weekend", args.lang)
        else:
            text = t(
                "calendar.open",
                args.lang,
                opens=policy.opens.strftime("%H:%M"),
                closes=policy.closes.strftime("%H:%M"),
            )
        print(f"{day.isoformat()} {weekday_names[day.weekday()]:<4} {text}", file=out)
        day += timedelta(days=1)
    return 0


def _policy_version_status(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    policy = settings.policy
    releases = load_catalog(args.catalog)
    today = (
        parse_day(args.today) if args.today else SystemClock().now().astimezone(policy.tz).date()
    )
    status = version_status(
        releases, args.product, args.version, today, policy.version_support_months
    )
    data = status.as_json()
    data["message"] = version_sentence(status, args.lang)
    print(json.dumps(data, ensure_ascii=False), file=out)
    return 0


def _shell(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from bot import app

    start = settings.clock_start if args.start is None else args.start
    return app.shell(settings, Path(args.data), start, out)


def _worker(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from bot import app

    return app.worker(settings, burst=args.burst)


def _web(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from bot import app

    return app.web(settings)


def _up(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from bot import app

    return app.up(settings, Path(args.data), out)


def _teams_package(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from handlers.teams_package import build_package

    host = settings.public_host if args.host is None else args.host
    client_id = settings.teams.client_id if args.client_id is None else args.client_id
    if not host:
        raise DeskError("error.usage", usage="supportbot teams-package --host bot.example.com")
    written = build_package(Path(args.out), client_id, host)
    print(written, file=out)
    return 0


def _grant(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """The first manager of a workspace: nobody can yet ``role add`` in chat."""
    import asyncio

    from bot.directory import Directory
    from bot.roles import Role
    from bot.store import Store

    async def grant() -> set[Role]:
        client = settings.redis.desk()
        try:
            directory = Directory(Store(client, Sla(settings.policy)))
            held = await directory.roles_of(args.workspace, args.user) | {Role(args.role)}
            await directory.set_roles(args.workspace, args.user, held)
            return held
        finally:
            await client.aclose()

    try:
        held = asyncio.run(grant())
    except ValueError:  # a workspace id with spaces, braces or colons
        raise DeskError("error.usage", usage="supportbot grant WORKSPACE USER ROLE") from None
    print(f"{args.user} in {args.workspace}: {', '.join(sorted(held))}", file=out)
    return 0


Handler = Callable[[argparse.Namespace, Settings, TextIO], int]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="supportbot", description=__doc__)
    parser.add_argument("--policy", help="policy TOML file (default: $SUPPORTBOT_POLICY)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    policy = commands.add_parser("policy", help="business time, deadlines and version status")
    checks = policy.add_subparsers(dest="policy_command", required=True, parser_class=_Parser)

    due = checks.add_parser("due", help="a ticket's milestones as JSON")
    due.add_argument("--tier", required=True, choices=TIERS)
    due.add_argument(
        "--received",
        help="ISO-8601 with offset; default: one per line of "
        "standard input, or now when it is a terminal",
    )
    due.add_argument("--calendar", choices=("standard", "24x7"), default="standard")
    due.set_defaults(handler=_policy_due)

    cal = checks.add_parser("calendar", help="open periods and closed days")
    cal.add_argument("--from", dest="from_", required=True, metavar="DATE")
    cal.add_argument("--to", required=True, metavar="DATE")
    cal.set_defaults(handler=_policy_calendar)

    ver = checks.add_parser("version-status", help="a product version's support status")
    ver.add_argument("--catalog", required=True, help="TOML ([[release]]) or CSV catalog")
    ver.add_argument("--product", required=True)
    ver.add_argument("--version", required=True)
    ver.add_argument("--today", help="the date to judge on (default: today)")
    ver.set_defaults(handler=_policy_version_status)

    for sub in (due, cal, ver):
        sub.add_argument("--lang", choices=("en", "fr"), default="en")

    shell = commands.add_parser("shell", help="the desk in a terminal, no credentials needed")
    shell.add_argument("--data", default="data", help="embedded Redis data folder")
    shell.add_argument(
        "--start",
        help="a new desk's clock starts here: 2026-12-01 09:00 (Eastern) "
        "or ISO-8601 (default: $SUPPORTBOT_CLOCK_START, or now)",
    )
    shell.set_defaults(handler=_shell)
    worker = commands.add_parser("worker", help="an RQ worker with the timer dispatcher")
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    worker.set_defaults(handler=_worker)
    web = commands.add_parser("web", help="the Slack/Teams HTTP endpoints (or Socket Mode)")
    web.set_defaults(handler=_web)
    up = commands.add_parser(
        "up",
        help="web, worker, timers and Redis in one command: Slack "
        "in Socket Mode, for a team with no public address",
    )
    up.add_argument("--data", default="data", help="embedded Redis data folder (no REDIS_URL)")
    up.set_defaults(handler=_up)
    admin.add_commands(commands)  # export, import, report
    package = commands.add_parser("teams-package", help="the Teams app package to upload")
    package.add_argument("--out", default="supportbot-teams.zip", help="zip file to write")
    package.add_argument(
        "--client-id", help="the Azure bot's client id (default: $TEAMS_CLIENT_ID)"
    )
    package.add_argument(
        "--host", help="the public host name of the web process (default: $SUPPORTBOT_PUBLIC_HOST)"
    )
    package.set_defaults(handler=_teams_package)
    grant = commands.add_parser("grant", help="give someone a role (e.g. the first manager)")
    grant.add_argument("workspace", help="Slack team id (T…) or Teams tenant id")
    grant.add_argument("user", help="Slack user id (U…) or Entra object id")
    grant.add_argument("role", choices=("agent", "senior", "manager", "director"))
    grant.set_defaults(handler=_grant)
    for name in ("shell", "worker", "web", "up", "grant", "export", "import", "report"):
        commands.choices[name].set_defaults(services=True)  # they read every setting
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = getattr(args, "lang", "en")
    try:
        if getattr(args, "services", False):  # a wrong variable: one sentence, before anything
            settings = Settings.from_environment(policy=args.policy)
        else:  # policy look-ups, the Teams package: a wrong PORT never stops them
            settings = Settings.offline(policy=args.policy)
        handler: Handler = args.handler
        return handler(args, settings, sys.stdout)
    except SettingsError as exc:  # a Redis setting that cannot work (its own sentence)
        print(f"supportbot: {exc}", file=sys.stderr)
        return 2
    except DeskError as exc:
        print(f"supportbot: {t(exc.key, lang, **exc.params)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
