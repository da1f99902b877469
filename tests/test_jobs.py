"""Timers end to end: desk → schedule → dispatcher → RQ (real workers) → notifier.

The clock is a ManualClock; tests move it and then run the due timers, never sleep.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta

import redis
import redis.asyncio as aioredis
from rq import Queue, Retry

from bot.clock import ManualClock
from bot.desk import Actor, Desk
from bot.policy import Policy
from bot.redis_server import RedisServer
from bot.sla import Sla
from bot.store import Keys, Store, member_of
from jobs.dispatcher import QUEUE, Dispatcher
from jobs.runtime import Runtime, install
from tests.harness import PEOPLE, THURSDAY_10, WS, Harness, pings


def at_local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_one_reminder_per_offset_in_the_thread_mentioning_agents(h: Harness) -> None:
    h.say("ana", "ticket new Acme server down")  # due 12:00
    h.at(at_local("2026-11-26T11:29:59-05:00"))
    assert h.notifier.of_kind("remind") == []
    h.at(at_local("2026-11-26T11:30:00-05:00"))
    h.at(at_local("2026-11-26T11:31:00-05:00"))
    reminders = h.notifier.of_kind("remind")
    assert len(reminders) == 1
    assert reminders[0].mentions == ("alex", "ana")
    assert "T-1001" in reminders[0].text and "30m business time left" in reminders[0].text
    h.at(at_local("2026-11-26T11:50:00-05:00"))
    assert [n.kind.split(":")[0] for n in h.notifier.of_kind("remind")] == [
        "remind-30m",
        "remind-10m",
    ]


def test_reminders_speak_each_agents_language(h: Harness) -> None:
    h.say("ana", "lang fr")
    h.say("alex", "ticket new Acme server down")
    h.at(at_local("2026-11-26T11:30:00-05:00"))
    by_lang = {n.lang: n for n in h.notifier.of_kind("remind")}
    assert by_lang["fr"].mentions == ("ana",)
    assert "n'a pas encore eu de réponse" in by_lang["fr"].text
    assert by_lang["en"].mentions == ("alex",)


def test_no_reminder_or_escalation_after_a_response(h: Harness) -> None:
    h.say("ana", "ticket new Acme server down")
    h.say("alex", "ticket claim T-1001")
    h.at(at_local("2026-11-26T11:00:00-05:00"))
    h.say("alex", "ticket respond T-1001 phone called back, collecting logs")
    h.at(at_local("2026-11-27T13:00:00-05:00"))
    assert h.notifier.of_kind("remind") == [] and h.notifier.of_kind("page") == []
    assert h.notifier.of_kind("same-day") == []
    ticket = h.run(h.desk.load(WS, "T-1001"))
    assert not ticket.escalated and not ticket.same_day_missed


def test_breach_escalates_and_pings_seniors_once(h: Harness) -> None:
    h.say("ana", "ticket new Acme server down")
    h.at(at_local("2026-11-26T12:00:00-05:00"))
    h.at(at_local("2026-11-26T12:01:00-05:00"))
    h.at(at_local("2026-11-26T12:05:00-05:00"))
    pages = h.notifier.of_kind("page")
    assert len(pages) == 1
    assert pages[0].mentions == ("sam",)
    ticket = h.run(h.desk.load(WS, "T-1001"))
    assert ticket.escalated and ticket.paged == ("sam",) and ticket.paged_at is not None
    history = [e.what for e in h.run(h.desk.store.history(WS, "T-1001"))]
    assert history == ["created", "escalated", "paged"]


def test_manual_escalation_pages_and_p2_is_refused(h: Harness) -> None:
    h.say("ana", "ticket new Beta slow report")
    refused = h.say("ana", "ticket escalate T-1001 complex")
    assert "only customers with a support contract (P1)" in refused
    h.say("max", "ticket escalate T-1001 override customer is strategic")
    h.at(at_local("2026-11-26T10:00:01-05:00"))
    assert [n.mentions for n in h.notifier.of_kind("page")] == [("sam",)]


def test_waiting_needs_a_response_and_never_delays_the_review(h: Harness) -> None:
    h.say("ana", "ticket new Beta report wrong")
    refused = h.say("ana", "ticket wait T-1001")
    assert refused.startswith("T-1001 has had no response yet")
    assert "review" in {k.split("|")[1] for k in h.schedule()}
    h.say("ana", "ticket respond T-1001 email asked for the report file")
    h.say("ana", "ticket wait T-1001")
    h.at(at_local("2026-12-09T10:00:00-05:00"))  # nine business days, waiting all along
    h.say("ana", "ticket resume T-1001")
    h.at(at_local("2026-12-10T10:00:00-05:00"))  # ten business days after the request
    ticket = h.run(h.desk.load(WS, "T-1001"))
    assert ticket.under_review
    assert [n.mentions for n in h.notifier.of_kind("director")] == [("dora",)]


def test_director_review_after_ten_business_days_once(h: Harness) -> None:
    h.say("ana", "ticket new Beta report wrong")
    h.say("ana", "ticket claim T-1001")
    h.at(at_local("2026-12-10T09:59:00-05:00"))
    assert h.notifier.of_kind("director") == []
    h.at(at_local("2026-12-10T10:00:00-05:00"))
    h.at(at_local("2026-12-10T10:30:00-05:00"))
    directors = h.notifier.of_kind("director")
    assert len(directors) == 1 and directors[0].mentions == ("dora",)
    assert [a.command for a in directors[0].actions] == [
        "ticket outcome T-1001 non-critical",
        "ticket outcome T-1001 feature",
        "ticket outcome T-1001 defect",
    ]
    reply = h.say("dora", "ticket outcome T-1001 defect crash on save")
    assert "defect register as D-1" in reply
    # a malfunction's follow-up waits for its fix; 2 business days after it, to the owner
    h.at(at_local("2026-12-14T10:30:00-05:00"))
    assert h.notifier.of_kind("followup") == []
    h.say("sam", "defect fixed D-1 11.0")
    h.at(at_local("2026-12-16T10:30:00-05:00"))
    followups = h.notifier.of_kind("followup")
    assert len(followups) == 1 and followups[0].mentions == ("ana",)


def test_hundred_quick_changes_leave_one_entry_per_timer(h: Harness) -> None:
    h.say("ana", "ticket new Acme server down")
    for _ in range(50):
        h.say("ana", "ticket claim T-1001")
        h.say("ana", "ticket release T-1001")
    kinds = [k.split("|")[1] for k in h.schedule()]
    assert sorted(kinds) == [
        "breach", "card", "remind-10m", "remind-30m", "review", "same-day", "same-day-alert"
    ]  # fmt: skip
    h.at(at_local("2026-11-26T11:30:00-05:00"))
    assert len(h.notifier.of_kind("remind-30m")) == 1


def test_nothing_pings_in_closed_hours_for_a_standard_customer(h: Harness) -> None:
    h.clock.set(at_local("2026-11-27T16:45:00-05:00"))  # Friday; same day ends 17:00
    h.say("ana", "ticket new Acme late call")  # 2-hour mark: Monday 10:45
    h.at(at_local("2026-11-27T22:00:00-05:00"))  # the worker was down until night
    assert pings(h) == []  # the same-day alert came too late to be of use
    ticket = h.run(h.desk.load(WS, "T-1001"))
    assert ticket.same_day_missed  # marked all the same: it pings nobody
    h.at(at_local("2026-11-28T10:00:00-05:00"))  # Saturday
    assert pings(h) == []
    h.at(at_local("2026-11-30T10:15:00-05:00"))  # Monday: reminders at 10:15 and 10:35
    h.at(at_local("2026-11-30T10:35:00-05:00"))
    assert [n.kind.split(":")[0] for n in pings(h)] == ["remind-30m", "remind-10m"]
    h.at(at_local("2026-11-30T10:45:00-05:00"))
    assert len(h.notifier.of_kind("page")) == 1


def test_a_job_that_runs_early_does_not_act(h: Harness) -> None:
    from jobs.tasks import Timer

    h.say("ana", "ticket new Acme server down")
    due = h.schedule()[f"{member_of('T-1001')}|remind-30m"]
    timer = Timer(h.desk, {"console": h.notifier})
    h.clock.set(at_local("2026-11-26T11:29:59.500000-05:00"))  # 0.5 s early
    assert h.run(timer.run(WS, "T-1001", "remind-30m", int(due))) == "early"
    assert h.notifier.of_kind("remind") == []
    assert h.schedule()[f"{member_of('T-1001')}|remind-30m"] == due


def test_platform_failures_retry_then_show_to_managers(h: Harness) -> None:
    from bot.notify import NotifyError

    h.say("ana", "ticket new Acme server down")
    h.at(THURSDAY_10)  # the card is posted
    h.notifier.fail_next = [NotifyError("429", retry_after=30)]
    h.at(at_local("2026-11-26T11:30:00-05:00"))
    assert h.notifier.of_kind("remind") == []
    h.at(at_local("2026-11-26T11:30:31-05:00"))
    assert len(h.notifier.of_kind("remind-30m")) == 1
    h.notifier.fail_next = [NotifyError("500")] * 10
    h.say("ana", "ticket claim T-1001")
    for minute in range(1, 12):
        h.at(at_local("2026-11-26T11:31:00-05:00") + timedelta(minutes=minute * 2))
    queue = h.say("max", "queue")
    assert "failed notifications: 1" in queue
    assert "T-1001 card" in h.say("max", "jobs")


async def test_killed_work_horse_runs_again_and_pings_once(own_redis: RedisServer) -> None:
    clock = ManualClock(THURSDAY_10)
    client = aioredis.from_url(own_redis.url, decode_responses=True)
    desk = Desk(Store(client, Sla(Policy())), clock)
    await desk.directory.seed_roles(WS, PEOPLE)
    await desk.handle(Actor(WS, "max"), "customer add Acme entitlement=contract")
    await desk.handle(Actor(WS, "ana"), "ticket new Acme server down")
    clock.set(at_local("2026-11-26T11:30:00-05:00"))
    sync = redis.Redis.from_url(own_redis.url, decode_responses=True)
    Dispatcher(redis.Redis.from_url(own_redis.url), clock).tick()
    sync.set("test:block", 1)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.recording", own_redis.url, clock.now().isoformat()],
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not sync.get("test:horse_pid"):  # wait for the horse to be mid-job
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.05)
        sync.delete("test:block")
        os.kill(int(sync.get("test:horse_pid") or 0), signal.SIGKILL)
        assert worker.wait(timeout=60) == 0
    finally:
        worker.kill()
    posted = [json.loads(p) for p in sync.lrange("test:posted", 0, -1)]
    assert [p["kind"].split(":")[0] for p in posted] == ["remind-30m"]
    assert posted[0]["mentions"] == ["alex", "ana"]
    await client.aclose()


def test_only_a_job_out_of_retries_is_listed_as_failed(
    redis_client: redis.Redis, redis_server: RedisServer
) -> None:
    from jobs.tasks import record_failure

    install(Runtime(redis_server.url, Policy(), ManualClock(THURSDAY_10)))

    queue = Queue(QUEUE, connection=redis_client)
    job = queue.enqueue("jobs.tasks.perform", WS, "000001001", "page", 0, retry=Retry(max=3))
    record_failure(job, redis_client, RuntimeError, RuntimeError("boom"), None)
    assert redis_client.lrange(Keys(WS).failed, 0, -1) == []  # RQ retries it next
    job.retries_left = 0
    record_failure(job, redis_client, RuntimeError, RuntimeError("boom"), None)
    [line] = redis_client.lrange(Keys(WS).failed, 0, -1)
    assert line.endswith("T-1001 page: RuntimeError: boom")


def test_an_escalation_updates_the_card_once_and_a_time_jump_sends_no_stale_reminder(
    h: Harness,
) -> None:
    h.say("ana", "ticket new Acme server down")  # due 12:00
    h.at(at_local("2026-11-26T10:00:01-05:00"))
    assert len(h.notifier.cards) == 1
    h.at(at_local("2026-11-30T12:00:00-05:00"))  # the worker was away for four days
    assert len(h.notifier.cards) == 2  # escalated and paged: one card update, not two
    spoken = [n.kind.split(":")[0] for n in pings(h)]
    assert spoken == ["page"]  # no "overdue by 86h" reminders, no "overdue by 0m"
