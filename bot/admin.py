"""The operator's commands: ``supportbot export FILE``, ``supportbot import FILE`` and
``supportbot report --from DATE --to DATE [--csv]``, on the desk's Redis of the settings
(``REDIS_URL``, a cluster's node with ``SUPPORTBOT_REDIS_CLUSTER``).

Like every ``supportbot`` command, a refusal is one sentence on standard error and exit 2.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO, TypeVar
from urllib.parse import urlsplit

from redis.exceptions import RedisError

from bot.backup import (
    BadFile,
    check,
    export_data,
    import_data,
    policy_in,
    summary_counts,
    supportbot_keys,
)
from bot.clock import SystemClock
from bot.errors import DeskError
from bot.i18n import t
from bot.report import build_report, parse_period, report_csv, report_table
from bot.settings import Settings
from bot.sla import Sla
from bot.store import WORKSPACES, Store

T = TypeVar("T")


def where(url: str) -> str:
    """host:port/db of a Redis URL, without its credentials (for sentences)."""
    try:
        parts = urlsplit(url)
        return f"{parts.hostname}:{parts.port or 6379}{parts.path or '/0'}"
    except ValueError:
        return "?"


def _run(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``work(client)`` on a fresh client of the desk's data (a cluster client when
    SUPPORTBOT_REDIS_CLUSTER is set); an outage is one sentence."""
    url = settings.redis.url

    async def main() -> T:
        client = settings.redis.desk(socket_timeout=30)
        try:
            return await work(client)
        finally:
            await client.aclose()

    try:
        return asyncio.run(main())
    except (RedisError, OSError) as exc:
        raise DeskError("admin.redis_down", url=where(url), error=type(exc).__name__) from exc


def _export(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    started = time.perf_counter()
    data = _run(settings, lambda client: export_data(client, settings.policy, SystemClock().now()))
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if args.file == "-":
        out.write(text + "\n")
    else:
        path = Path(args.file)
        partial = path.with_name(path.name + ".partial")
        try:
            partial.write_text(text + "\n", encoding="utf-8")
            partial.replace(path)
        except OSError as exc:
            raise DeskError("admin.unwritable", file=args.file, problem=exc.strerror) from None
    counts = summary_counts(data)
    print(
        t(
            "backup.exported",
            args.lang,
            tickets=counts.tickets,
            events=counts.events,
            customers=counts.customers,
            people=counts.people,
            workspaces=counts.workspaces,
            file=args.file,
            seconds=f"{time.perf_counter() - started:.2f}",
        ),
        file=sys.stderr if args.file == "-" else out,
    )
    return 0


def _import(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    started = time.perf_counter()
    try:
        raw = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        data = check(json.loads(raw))
    except OSError as exc:
        raise DeskError("admin.unreadable", file=args.file, problem=exc.strerror) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadFile(problem=str(exc)[:200]) from None
    sla = Sla(settings.policy)

    async def restore(client: Any) -> Any:
        if await supportbot_keys(client):
            raise DeskError("backup.not_empty", url=where(settings.redis.url))
        return await import_data(client, sla, data, SystemClock().now())

    counts = _run(settings, restore)
    if policy_in(data) != settings.policy:
        print(t("backup.policy_differs", args.lang), file=out)
    print(
        t(
            "backup.imported",
            args.lang,
            tickets=counts.tickets,
            events=counts.events,
            customers=counts.customers,
            people=counts.people,
            workspaces=counts.workspaces,
            seconds=f"{time.perf_counter() - started:.2f}",
        ),
        file=out,
    )
    return 0


def _report(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    first, last = parse_period(args.from_, args.to)
    sla = Sla(settings.policy)
    now = SystemClock().now()

    async def build(client: Any) -> list[Any]:
        store = Store(client, sla)
        chosen = [args.workspace] if args.workspace else sorted(await client.smembers(WORKSPACES))
        return [await build_report(store, ws, first, last, now) for ws in chosen]

    reports = _run(settings, build)
    if args.format == "csv":
        out.write(report_csv(reports))
    elif not any(r.total.tickets for r in reports):
        print(t("report.none", args.lang, first=first.isoformat(), last=last.isoformat()), file=out)
    else:
        print("\n\n".join(report_table(r, args.lang, sla) for r in reports), file=out)
    return 0


def add_commands(commands: Any) -> None:
    """Add export, import and report to ``supportbot``'s sub-commands."""
    export = commands.add_parser("export", help="write everything to a JSON file ($REDIS_URL)")
    export.add_argument("file", help="the JSON file to write (- for standard output)")
    export.set_defaults(handler=_export)
    restore = commands.add_parser("import", help="restore an export into an empty Redis")
    restore.add_argument("file", help="the JSON file to read (- for standard input)")
    restore.set_defaults(handler=_import)
    report = commands.add_parser("report", help="SLA, response times, escalations, reviews")
    report.add_argument("--from", dest="from_", required=True, metavar="DATE")
    report.add_argument("--to", required=True, metavar="DATE")
    report.add_argument("--format", choices=("table", "csv"), default="table")
    report.add_argument(
        "--csv", dest="format", action="store_const", const="csv", help="same as --format csv"
    )
    report.add_argument("--workspace", help="one workspace (default: every one)")
    report.set_defaults(handler=_report)
    for sub in (export, restore, report):
        sub.add_argument("--lang", choices=("en", "fr"), default="en")
