"""The support report: ``supportbot report`` (a table, or CSV) and the desk's ``report``
command for managers and directors, over one week of tickets whose figures are worked out
by hand below.

Week of Monday 2025-11-03 (no holiday), default policy (P1 due in 2 business hours and
the same business day, P2 in 8, P3 in 16), Eastern time. Only a response to the customer
(or a resolution) counts; a claim or a reassignment counts for nothing:

    T-1001 Acme P1  Mon 09:00  alex claims 09:05, calls 09:30  met, same day met, 30 min
    T-1002 Acme P1  Mon 09:00  ana claims, releases; e-mails   missed (due 11:00),
                               11:30                           same day met, 150 min
    T-1003 Acme P1  Mon 10:00  ana escalates, nobody answers   missed, same day missed
    T-1004 Acme P1  voicemail of 09:00 logged 10:00; breach    missed (due 11:00),
                               escalation 11:00; alex claims   same day met, 240 min
                               12:00, calls back 13:00
    T-1005 Beta P2  Mon 11:00  alex resolves 14:00             met, 180 min
    T-1006 Gamma P3 Mon 11:00  ana answers in chat 11:05,      met, 5 min
                               then waits on the customer
    T-1007 Acme P1  Mon 12:00  review; director: defect (an    missed, same day missed
                               escalation: seniors paged)
    T-1008 Beta P2  Mon 12:00  review; director: non-crit.     missed (closed unanswered)
    T-1009 Acme P1  Mon 12:00  review, no outcome yet          missed, same day missed
    T-1010 Acme P1  Mon 16:00  alex claims 16:10, calls Tue    met (due Tue 10:00), same
                               09:30                           day missed, 90 min
    T-1011 Gamma P3 Tue 10:00  max reassigns to ana 10:20,     met, 40 min (ana)
                               ana e-mails 10:40
    T-1012 Acme P1  Mon 2025-11-10                             outside the week
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
    await do("2025-11-03 09:05", "alex", "ticket claim T-1001")
    await do("2025-11-03 09:10", "ana", "ticket claim T-1002")
    await do("2025-11-03 09:15", "ana", "ticket release T-1002")
    await do("2025-11-03 09:30", "alex", "ticket respond T-1001 phone restarted the spooler")
    await do("2025-11-03 10:00", "ana", "ticket new Acme server down")  # T-1003
    await do("2025-11-03 10:00", "ana",
             "ticket new Acme channel=phone received=09:00 voicemail: mail down")  # fmt: skip
    await do("2025-11-03 10:05", "ana", "ticket escalate T-1003 database corrupted")
    await do("2025-11-03 11:00", "ana", "ticket new Beta invoice question")  # T-1005
    await do("2025-11-03 11:00", "ana", "ticket new Gamma export question")  # T-1006
    await do("2025-11-03 11:05", "ana", "ticket respond T-1006 chat which format?")
    await do("2025-11-03 11:06", "ana", "ticket wait T-1006")
    await do("2025-11-03 11:30", "ana", "ticket respond T-1002 email sent the driver")
    for name in ("Acme crash on save", "Beta slow report", "Acme odd totals"):
        await do("2025-11-03 12:00", "ana", f"ticket new {name}")  # T-1007, T-1008, T-1009
    clock.set(local("2025-11-03 11:00"))  # what the breach timer does to T-1004
    now = clock.now()
    await desk.change(WS, "T-1004", lambda tk: desk.lifecycle.escalate(
        tk, "response deadline passed", override=True, now=now), "supportbot", "escalated",
        "breach")  # fmt: skip
    await do("2025-11-03 12:00", "alex", "ticket claim T-1004")
    await do("2025-11-03 13:00", "alex", "ticket respond T-1004 phone called back")
    await do("2025-11-03 14:00", "alex", "ticket resolve T-1005 sent the invoice")
    await do("2025-11-03 16:00", "ana", "ticket new Acme report empty")  # T-1010
    await do("2025-11-03 16:10", "alex", "ticket claim T-1010")
    await do("2025-11-04 09:30", "alex", "ticket respond T-1010 phone walked them through")
    await do("2025-11-04 10:00", "ana", "ticket new Gamma import question")  # T-1011
    await do("2025-11-04 10:20", "max", "ticket reassign T-1011 ana")
    await do("2025-11-04 10:40", "ana", "ticket respond T-1011 email steps sent")
    for tid in ("T-1007", "T-1008", "T-1009"):  # what the 10-business-day timer does
        await desk.change(WS, tid, desk.lifecycle.put_to_review, "supportbot", "review")
    await do("2025-11-17 12:30", "dora", "ticket outcome T-1007 defect")
    await do("2025-11-17 12:35", "dora", "ticket outcome T-1008 non-critical")
    await do("2025-11-10 09:00", "ana", "ticket new Acme next week")  # T-1012


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
        "P1: 7 tickets · SLA 29% (2 met, 5 missed, 0 pending) · first response p50 90, p90 "
        "240, max 240 business minutes · 3 escalations (1 automatic)",
        "  same business day: 43% (3 met, 4 missed, 0 pending)",
        "P2: 2 tickets · SLA 50% (1 met, 1 missed, 0 pending) · first response p50 180, p90 "
        "180, max 180 business minutes · 0 escalations (0 automatic)",
        "P3: 2 tickets · SLA 100% (2 met, 0 missed, 0 pending) · first response p50 5, p90 "
        "40, max 40 business minutes · 0 escalations (0 automatic)",
        "All tiers: 11 tickets · SLA 45% (5 met, 6 missed, 0 pending) · first response p50 "
        "90, p90 240, max 240 business minutes · 3 escalations (1 automatic)",
        "  same business day: 43% (3 met, 4 missed, 0 pending)",
        "Per agent (who gave the first response):",
        "  alex: 4 tickets · SLA 75% (3 met, 1 missed) · p50 90, p90 240, max 240 business minutes",
        "  ana: 3 tickets · SLA 67% (2 met, 1 missed) · p50 40, p90 150, max 150 business minutes",
        "  (no response yet): 4 tickets · SLA 0% (0 met, 4 missed) · p50 —, p90 —, max — "
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
        "P1 : 7 billets · SLA 29 % (2 respectés, 5 manqués, 0 en cours) · première réponse p50 "
        "90, p90 240, max 240 minutes ouvrables · 3 escalades (1 automatique)"
    )
    assert lines[2] == "  même journée ouvrable : 43 % (3 respectés, 4 manqués, 0 en cours)"
    assert lines[-1] == ("Revues de 10 jours : 3 · non critique 1 · demande de fonctionnalité 0 "
                         "· malfonction 1 · en attente du directeur 1")  # fmt: skip
    refused = await desk.handle(Actor(WS, "ana"), "report 2025-11-03 2025-11-07")
    assert not refused.ok
    assert refused.text == (
        "Sorry, only these roles may do that: director, manager. Nothing was changed."
    )
    bad = await desk.handle(Actor(WS, "max"), "report 2025-11-03 next-friday")
    assert bad.text == (
        f"“next-friday” is not a date; write it like 2026-06-20.\nUsage: {t('usage.report', 'en')}"
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
    assert lines[1].split() == ["Tickets", "Met", "Missed", "Pending", "SLA", "SD-met",
                                "SD-missed", "p50", "p90", "max", "Esc.", "auto", "Reviews",
                                "Non-crit.", "Feature", "Defect"]  # fmt: skip
    assert lines[2].split() == ["P1", "7", "2", "5", "0", "29%", "3", "4", "90", "240", "240",
                                "3", "1", "2", "0", "0", "1"]  # fmt: skip
    assert lines[5].split() == ["All", "tiers", "11", "5", "6", "0", "45%", "3", "4", "90",
                                "240", "240", "3", "1", "3", "1", "0", "1"]  # fmt: skip
    assert lines[6] == "Per agent (who gave the first response):"
    assert lines[9].split()[:5] == ["(no", "response", "yet)", "4", "0"]
    assert lines[-1].startswith("SLA: first responses to the customer within 2 business hours")

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
                               "non_critical", "feature", "defect", "same_day_met",
                               "same_day_missed", "same_day_pending",
                               "same_day_attainment_pct")} == {
        "workspace": WS, "from": "2025-11-03", "to": "2025-11-07", "tickets": "7",
        "answered": "4", "met": "2", "missed": "5", "pending": "0", "attainment_pct": "28.6",
        "p50_business_min": "90.0", "p90_business_min": "240.0", "max_business_min": "240.0",
        "escalations": "3", "escalations_automatic": "1", "reviews": "2",
        "awaiting_outcome": "1", "non_critical": "0", "feature": "0", "defect": "1",
        "same_day_met": "3", "same_day_missed": "4", "same_day_pending": "0",
        "same_day_attainment_pct": "42.9",
    }  # fmt: skip
    assert rows[1]["same_day_attainment_pct"] == ""  # P2 has no same-day promise
    assert rows[-1]["p50_business_min"] == "" and rows[-1]["tickets"] == "4"
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
