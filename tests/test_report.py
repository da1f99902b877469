"""The support report: ``supportbot report`` (a table, or CSV) and the desk's ``report``
command for managers and directors, over one week of tickets whose figures are worked out
by hand below.

Week of Monday 2025-11-03 (no holiday), default policy (P1 due in 2 business hours, P2 in
8, P3 in 16), Eastern time:

    T-1001 Acme P1  Mon 09:00  alex claims 09:30            met, 30 min
    T-1002 Acme P1  Mon 09:00  ana claims 11:30             missed (due 11:00), 150 min
    T-1003 Acme P1  Mon 10:00  ana escalates, nobody claims missed, unanswered
    T-1004 Acme P1  Mon 10:00  breach escalation at 12:00,  missed, 180 min
                               alex claims 13:00
    T-1005 Beta P2  Mon 11:00  alex resolves 14:00          met, 180 min
    T-1006 Gamma P3 Mon 11:00  waiting on the customer      pending (clocks paused)
    T-1007 Acme P1  Mon 12:00  review; director: defect     missed, unanswered
    T-1008 Beta P2  Mon 12:00  review; director: non-crit.  missed, closed unanswered
    T-1009 Acme P1  Mon 12:00  review, no outcome yet       missed, unanswered
    T-1010 Gamma P3 Tue 10:00  max reassigns to ana 10:20   met, 20 min (ana)
    T-1011 Acme P1  Mon 2025-11-10                          outside the week
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis

from bot.clock import ManualClock
from bot.desk import Actor, Desk
from bot.i18n import t
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Store
from tests.redis_server import RedisServer

WS = "T0123"
ROOT = Path(__file__).resolve().parent.parent
PEOPLE = {"agent": ["ana", "alex"], "senior": ["sam"], "manager": ["max"], "director": ["dora"]}


def local(text: str) -> datetime:
    return datetime.fromisoformat(text.replace(" ", "T") + ":00-05:00")


async def week(desk: Desk, clock: ManualClock) -> None:
    async def do(when: str, user: str, text: str) -> None:
        clock.set(local(when))
        reply = await desk.handle(Actor(WS, user), text)
        assert reply.ok, f"{text}: {reply.text}"

    await desk.directory.seed_roles(WS, PEOPLE)
    for line in ("customer add Acme entitlement=contract",
                 "customer add Beta entitlement=maintenance", "customer add Gamma"):  # fmt: skip
        await do("2025-11-03 08:00", "max", line)
    await do("2025-11-03 09:00", "ana", "ticket new Acme printer down")  # T-1001
    await do("2025-11-03 09:00", "ana", "ticket new Acme scanner down")  # T-1002
    await do("2025-11-03 09:30", "alex", "ticket claim T-1001")
    await do("2025-11-03 10:00", "ana", "ticket new Acme server down")  # T-1003
    await do("2025-11-03 10:00", "ana", "ticket new Acme mail down")  # T-1004
    await do("2025-11-03 10:05", "ana", "ticket escalate T-1003 database corrupted")
    await do("2025-11-03 11:00", "ana", "ticket new Beta invoice question")  # T-1005
    await do("2025-11-03 11:00", "ana", "ticket new Gamma export question")  # T-1006
    await do("2025-11-03 11:05", "ana", "ticket wait T-1006")
    await do("2025-11-03 11:30", "ana", "ticket claim T-1002")
    for name in ("Acme crash on save", "Beta slow report", "Acme odd totals"):
        await do("2025-11-03 12:00", "ana", f"ticket new {name}")  # T-1007, T-1008, T-1009
    clock.set(local("2025-11-03 12:00"))  # what the breach timer does to T-1004
    now = clock.now()
    await desk.change(WS, "T-1004", lambda tk: desk.lifecycle.escalate(
        tk, "response deadline passed", override=True, now=now), "supportbot", "escalated",
        "breach")  # fmt: skip
    await do("2025-11-03 13:00", "alex", "ticket claim T-1004")
    await do("2025-11-03 14:00", "alex", "ticket resolve T-1005 sent the invoice")
    await do("2025-11-04 10:00", "ana", "ticket new Gamma import question")  # T-1010
    await do("2025-11-04 10:20", "max", "ticket reassign T-1010 ana")
    for tid in ("T-1007", "T-1008", "T-1009"):  # what the 10-business-day timer does
        await desk.change(WS, tid, desk.lifecycle.put_to_review, "supportbot", "review")
    await do("2025-11-17 12:30", "dora", "ticket outcome T-1007 defect")
    await do("2025-11-17 12:35", "dora", "ticket outcome T-1008 non-critical")
    await do("2025-11-10 09:00", "ana", "ticket new Acme next week")  # T-1011


@pytest.fixture
async def desk(redis_server: RedisServer, redis_client: redis.Redis) -> AsyncIterator[Desk]:
    client = aioredis.from_url(redis_server.url, decode_responses=True)
    clock = ManualClock(local("2025-11-03 08:00"))
    found = Desk(Store(client, Sla(Policy())), clock)
    await week(found, clock)
    clock.set(local("2025-11-24 09:00"))
    yield found
    await client.aclose()


def cli(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "report", *args],
                          env={**os.environ, "REDIS_URL": url}, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)  # fmt: skip


async def test_the_report_in_chat_for_a_manager(desk: Desk) -> None:
    reply = await desk.handle(Actor(WS, "max"), "report 2025-11-03 2025-11-07")
    assert reply.ok
    assert reply.text.splitlines() == [
        "Support report for the tickets received from 2025-11-03 to 2025-11-07 "
        "(America/Toronto), as of Mon 2025-11-24 09:00",
        "P1: 6 tickets · SLA 17% (1 met, 5 missed, 0 pending) · first response p50 150, p90 "
        "180, max 180 business minutes · 2 escalations (1 automatic)",
        "P2: 2 tickets · SLA 50% (1 met, 1 missed, 0 pending) · first response p50 180, p90 "
        "180, max 180 business minutes · 0 escalations (0 automatic)",
        "P3: 2 tickets · SLA 100% (1 met, 0 missed, 1 pending) · first response p50 20, p90 "
        "20, max 20 business minutes · 0 escalations (0 automatic)",
        "All tiers: 10 tickets · SLA 33% (3 met, 6 missed, 1 pending) · first response p50 "
        "150, p90 180, max 180 business minutes · 2 escalations (1 automatic)",
        "Per agent (who gave the first response):",
        "  alex: 3 tickets · SLA 67% (2 met, 1 missed) · p50 180, p90 180, max 180 business "
        "minutes",
        "  ana: 2 tickets · SLA 50% (1 met, 1 missed) · p50 20, p90 150, max 150 business minutes",
        "  (no response yet): 5 tickets · SLA 0% (0 met, 4 missed) · p50 —, p90 —, max — "
        "business minutes",
        "10-day reviews: 3 · non-critical 1 · feature request 0 · malfunction 1 · awaiting the "
        "director 1",
    ]


async def test_the_report_in_french_for_the_director_and_refused_to_agents(desk: Desk) -> None:
    await desk.handle(Actor(WS, "dora"), "lang fr")
    reply = await desk.handle(Actor(WS, "dora"), "report 2025-11-07 2025-11-03")  # any order
    lines = reply.text.splitlines()
    assert lines[0] == ("Rapport de soutien pour les billets reçus du 2025-11-03 au 2025-11-07 "
                        "(America/Toronto), en date du lun. 2025-11-24 09:00")  # fmt: skip
    assert lines[1] == (
        "P1 : 6 billets · SLA 17 % (1 respectés, 5 manqués, 0 en cours) · première réponse p50 "
        "150, p90 180, max 180 minutes ouvrables · 2 escalades (1 automatiques)"
    )
    assert lines[-1] == ("Revues de 10 jours : 3 · non critique 1 · demande de fonctionnalité 0 "
                         "· malfonction 1 · en attente du directeur 1")  # fmt: skip
    refused = await desk.handle(Actor(WS, "ana"), "report 2025-11-03 2025-11-07")
    assert not refused.ok
    assert refused.text == (
        "Sorry, only these roles may do that: director, manager. Nothing was changed."
    )
    bad = await desk.handle(Actor(WS, "max"), "report 2025-11-03 next-friday")
    assert bad.text == (
        "“next-friday” is not a date; write it like 2026-06-20.\n"
        f"I did not understand that. Usage: {t('usage.report', 'en')}"
    )
    empty = await desk.handle(Actor(WS, "max"), "report 2024-01-01 2024-01-31")
    assert empty.text.splitlines()[1] == "No ticket was received in that period."


async def test_the_report_as_a_table_and_as_csv(desk: Desk, redis_server: RedisServer) -> None:
    table = await asyncio.to_thread(cli, "--from", "2025-11-03", "--to", "2025-11-07",
                                    url=redis_server.url)  # fmt: skip
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].startswith("Support report for the tickets received from 2025-11-03 to "
                               "2025-11-07 (America/Toronto), as of ")  # fmt: skip
    assert lines[0].endswith(f"({WS})")
    assert lines[1].split() == ["Tickets", "Met", "Missed", "Pending", "SLA", "p50", "p90",
                                "max", "Esc.", "auto", "Reviews", "Non-crit.", "Feature",
                                "Defect"]  # fmt: skip
    assert lines[2].split() == ["P1", "6", "1", "5", "0", "17%", "150", "180", "180", "2", "1",
                                "2", "0", "0", "1"]  # fmt: skip
    assert lines[5].split() == ["All", "tiers", "10", "3", "6", "1", "33%", "150", "180", "180",
                                "2", "1", "3", "1", "0", "1"]  # fmt: skip
    assert lines[6] == "Per agent (who gave the first response):"
    assert lines[9].split()[:5] == ["(no", "response", "yet)", "5", "0"]
    assert lines[-1].startswith("SLA: met / (met + missed).")

    as_csv = await asyncio.to_thread(cli, "--from", "2025-11-03", "--to", "2025-11-07",
                                     "--csv", url=redis_server.url)  # fmt: skip
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["group"], r["name"]) for r in rows] == [
        ("tier", "P1"), ("tier", "P2"), ("tier", "P3"), ("total", ""), ("agent", "alex"),
        ("agent", "ana"), ("unanswered", ""),
    ]  # fmt: skip
    p1 = rows[0]
    assert {k: p1[k] for k in ("workspace", "from", "to", "tickets", "answered", "met",
                               "missed", "pending", "attainment_pct", "p50_business_min",
                               "p90_business_min", "max_business_min", "escalations",
                               "escalations_automatic", "reviews", "awaiting_outcome",
                               "non_critical", "feature", "defect")} == {
        "workspace": WS, "from": "2025-11-03", "to": "2025-11-07", "tickets": "6",
        "answered": "3", "met": "1", "missed": "5", "pending": "0", "attainment_pct": "16.7",
        "p50_business_min": "150.0", "p90_business_min": "180.0", "max_business_min": "180.0",
        "escalations": "2", "escalations_automatic": "1", "reviews": "2",
        "awaiting_outcome": "1", "non_critical": "0", "feature": "0", "defect": "1",
    }  # fmt: skip
    assert rows[-1]["p50_business_min"] == "" and rows[-1]["tickets"] == "5"
    same = await asyncio.to_thread(cli, "--from", "2025-11-03", "--to", "2025-11-07",
                                   "--format", "csv", url=redis_server.url)  # fmt: skip
    assert same.stdout == as_csv.stdout


async def test_the_report_command_refuses_bad_dates_and_says_when_there_is_nothing(
    desk: Desk, redis_server: RedisServer
) -> None:
    bad = await asyncio.to_thread(cli, "--from", "2025-11-31", "--to", "2025-12-01",
                                  url=redis_server.url)  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr == "supportbot: “2025-11-31” is not a date; write it like 2026-06-20.\n"
    empty = await asyncio.to_thread(cli, "--from", "2024-01-01", "--to", "2024-01-31",
                                    "--lang", "fr", url=redis_server.url)  # fmt: skip
    assert empty.returncode == 0
    assert empty.stdout == "Aucun billet n'a été reçu pendant cette période.\n"
