"""Customers, defects and versions as the policy states them (POLICY §2, §6, §7, §8; issue
#13), one test per rule, on a real redis-server with real RQ jobs (tests/harness.py).

Thursday 2026-11-26 10:00 Eastern is the start; Acme is P1 (contract), Beta is P2
(maintenance); agents ana and alex, senior sam, manager max, director dora.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.desk import Actor
from bot.i18n import t
from bot.presenter import facts
from bot.tickets import Ticket
from tests.harness import WS, Harness, pings


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def ticket(h: Harness, id_: str = "T-1001") -> Ticket:
    return h.run(h.desk.load(WS, id_))


def card_facts(h: Harness, id_: str, lang: str) -> dict[str, str]:
    return dict(facts(ticket(h, id_), h.clock.now(), h.desk.sla, lang))


def to_review(h: Harness, *ids: str) -> None:
    """Ten business days later: the tickets are before the director."""
    h.at(local("2026-12-10T10:00:00-05:00"))
    for id_ in ids:
        assert ticket(h, id_).under_review


# -- §2: attach, link, one customer-name rule ----------------------------------------------
def test_attach_retiers_and_plans_the_clocks_again_from_the_original_receipt(
    h: Harness,
) -> None:
    h.say("ana", "ticket new Gamma Corp server down")  # 10:00, unknown: P3, due in 2 days
    before = ticket(h)
    assert (before.tier, before.unknown_customer, before.customer_name) == ("P3", True, "")
    h.at(local("2026-11-26T11:00:00-05:00"))
    h.say("max", "customer add Gamma Corp entitlement=contract")
    reply = h.say("max", "ticket attach T-1001 Gamma Corp")
    assert reply.startswith("T-1001 is now Gamma Corp's (P1); response due Thu 2026-11-26 12:00")
    after = ticket(h)
    assert (after.tier, after.customer, after.unknown_customer) == ("P1", "gamma-corp", False)
    assert after.deadline == local("2026-11-26T12:00:00-05:00")  # 2 h from 10:00, not 11:00
    history = h.run(h.desk.store.history(WS, "T-1001"))
    assert [e.what for e in history] == ["created", "attached"]
    h.say("max", "lang fr")
    assert "max: rattaché à un client — Gamma Corp (P1)" in h.say("max", "ticket show T-1001")
    h.at(local("2026-11-26T11:30:00-05:00"))  # the P1 reminders and breach now run
    h.at(local("2026-11-26T12:00:00-05:00"))
    assert [p.mentions for p in h.notifier.of_kind("page")] == [("sam",)]
    assert h.say("ana", "ticket attach T-1001 Acme").startswith("Sorry, only these roles")


def test_customer_add_lists_the_open_unknown_tickets_that_name_it(h: Harness) -> None:
    h.say("ana", "ticket new Gamma Corp printer jammed")
    h.say("ana", "ticket new Gammaville printer jammed")  # another name
    h.say("ana", 'ticket new name="GAMMA CORP" the invoices are wrong')  # the name given
    h.say("ana", "ticket new Gamma Corp cannot log in")
    h.say("ana", "ticket resolve T-1004 password reset")  # no longer open
    reply = h.say("max", "customer add Gamma Corp entitlement=maintenance").splitlines()
    assert reply[1] == (
        "2 open tickets from unknown senders name Gamma Corp: T-1001, T-1003. Attach each "
        "with “ticket attach <T-id> Gamma Corp”."
    )
    assert [line.split()[0] for line in reply[2:]] == ["T-1001", "T-1003"]
    assert ticket(h, "T-1001").unknown_customer  # listed, not attached behind anyone's back


@pytest.mark.parametrize(
    ("text", "customer", "summary"),
    [
        ("Acmeville printer is down", "", "Acmeville printer is down"),
        ("Unknown Corp something broke", "", "Unknown Corp something broke"),
        ("acme: printer is down", "Acme", "printer is down"),
        ("ACME INC printer is down", "Acme Inc", "printer is down"),  # the longest name
        ("boulangerie cote INC. le four", "Boulangerie Côté inc.", "le four"),  # accents
        ("Acme-Inc export", "Acme", "Inc export"),
    ],
)
def test_one_customer_name_rule(h: Harness, text: str, customer: str, summary: str) -> None:
    h.say("max", "customer add Acme Inc entitlement=maintenance")
    h.say("max", "customer add Boulangerie Côté inc.")
    assert h.run(h.desk.identify(WS, text)) == (customer, summary)


def test_a_linked_person_or_channel_makes_the_request_the_customers(h: Harness) -> None:
    assert (
        h.say("max", "customer link Beta <@UCONTACT>") == "Requests from UCONTACT are now Beta's."
    )
    h.say("max", "customer link Acme <#CSHARED|acme-support>")
    assert h.run(h.desk.identify(WS, "printer down", "CSHARED", "")) == ("Acme", "printer down")
    assert h.run(h.desk.identify(WS, "printer down", "CSHARED", "UCONTACT"))[0] == "Beta"
    assert h.run(h.desk.identify(WS, "Acme: printer down", "", "UCONTACT"))[0] == "Acme"
    assert h.run(h.desk.identify(WS, "printer down", "COTHER", "UOTHER"))[0] == ""
    assert "Linked: CSHARED" in h.say("ana", "customer show Acme")
    h.say("max", "customer unlink Acme CSHARED")
    assert h.run(h.desk.identify(WS, "printer down", "CSHARED", ""))[0] == ""
    assert h.say("max", "customer unlink Acme CSHARED") == "CSHARED is not linked to Acme."
    # a ticket typed in a linked Teams channel is that customer's
    h.say("max", "customer link Acme 19:abc@thread.tacv2")
    reply = h.run(h.desk.handle(Actor(WS, "ana", "teams", channel="19:abc@thread.tacv2"),
                                "ticket new the export fails"))  # fmt: skip
    assert reply.ticket is not None and (reply.ticket.tier, reply.ticket.customer) == ("P1", "acme")


# -- §6: the defect register ---------------------------------------------------------------
def test_malfunction_pages_the_seniors_once_opens_d1_and_counts_as_an_escalation(
    h: Harness,
) -> None:
    h.say("ana", "ticket new Beta product=Acomba version=11.0 the totals are wrong")
    h.say("ana", "ticket claim T-1001")
    h.say("ana", "ticket respond T-1001 phone investigating")
    to_review(h, "T-1001")
    reply = h.say("dora", "ticket outcome T-1001 defect reproducible")
    assert "recorded in the defect register as D-1" in reply
    h.at(local("2026-12-10T10:05:00-05:00"))
    h.at(local("2026-12-11T10:05:00-05:00"))
    [page] = h.notifier.of_kind("page")
    assert page.mentions == ("sam",)
    assert page.text.endswith("malfunction recorded as D-1 by the director's review")
    listed = h.say("ana", "defect list")
    assert listed.startswith("D-1 · Acomba 11.0 · open since Thu 2026-12-10 10:00 · T-1001")
    assert listed.endswith("the totals are wrong")
    report = h.say("max", "report 2026-11-26 2026-11-26").splitlines()
    [p2] = [line for line in report if line.startswith("P2:")]
    assert p2.endswith("1 escalation (0 automatic)")  # by the director's hand
    assert any("malfunction 1" in line for line in report)
    assert "Reviews pending: 0 · defects open: 1" in h.say("max", "queue")
    french = card_facts(h, "T-1001", "fr")
    assert french["Escalade"] == "malfonction inscrite sous D-1 à la revue du directeur"


def test_defect_fixed_asks_each_owner_for_the_followup_and_leaves_the_open_list(
    h: Harness,
) -> None:
    h.say("ana", "ticket new Acme the export crashes")
    h.say("alex", "ticket new Beta the export crashes too")
    h.say("ana", "ticket claim T-1001")
    h.say("alex", "ticket claim T-1002")
    for id_ in ("T-1001", "T-1002"):
        h.say("ana", f"ticket respond {id_} email looking into it")
    to_review(h, "T-1001", "T-1002")
    h.say("dora", "ticket outcome T-1001 defect")
    assert "as D-1" in h.say("dora", "ticket outcome T-1002 defect D-1 same crash")
    assert "T-1001, T-1002" in h.say("ana", "defect show D-1")
    h.at(local("2026-12-16T10:00:00-05:00"))
    assert h.notifier.of_kind("followup") == []  # the follow-up waits for the fix
    assert h.say("ana", "defect fixed D-1 11.1").startswith("Sorry, only these roles")
    reply = h.say("sam", "defect fixed D-1 11.1").splitlines()
    assert reply[0] == "D-1 is fixed in version 11.1; it leaves the open defects."
    assert reply[1].startswith("  T-1001 is resolved by the fix; ana will be asked")
    assert reply[2].startswith("  T-1002 is resolved by the fix; alex will be asked")
    assert h.say("ana", "defect list") == "No open defect."
    assert h.say("ana", "defect list fixed").startswith("D-1 · — · fixed in 11.1 on")
    assert h.say("sam", "defect fixed D-1 11.2") == "D-1 is already fixed, in version 11.1."
    h.at(local("2026-12-18T10:00:00-05:00"))  # 2 business days after the fix
    followups = h.notifier.of_kind("followup")
    assert sorted(f.mentions for f in followups) == [("alex",), ("ana",)]
    assert ticket(h, "T-1001").state.value == "resolved"
    h.say("ana", "lang fr")
    assert "Résolution: corrigé dans la version 11.1 (D-1)" in h.say("ana", "ticket show T-1001")


def test_feature_requests_are_listed_per_product(h: Harness) -> None:
    h.say("ana", "ticket new Acme product=Acomba version=11.0 export to Excel")
    h.say("ana", "ticket new Beta add a dark theme")
    h.say("ana", "ticket new Beta product=Paie version=2.0 pay stubs by e-mail")
    to_review(h, "T-1001", "T-1002", "T-1003")
    for id_ in ("T-1001", "T-1002", "T-1003"):
        h.say("dora", f"ticket outcome {id_} feature")
    lines = h.say("ana", "feature list").splitlines()
    assert [line for line in lines if not line.startswith("  ")] == [
        "Acomba", "Paie", "(no product named)"]  # fmt: skip
    assert lines[1].startswith("  T-1001 · version 11.0 · Acme · Thu 2026-12-10 10:00")
    assert h.say("ana", "feature list paie").splitlines()[0] == "Paie"
    assert "fermé comme demande de fonctionnalité" in card_facts(h, "T-1002", "fr")["Résolution"]


# -- §7: versions --------------------------------------------------------------------------
@pytest.fixture
def acomba(h: Harness) -> Harness:
    """Acomba 10.1 (2025-01-15), 10.2 (2025-03-01) and 11.0 (2026-06-01): 10.1 is
    discontinued; 10.2 is supported through 2026-11-30 inclusive; 11.0 is current."""
    for version, day in (("10.1", "2025-01-15"), ("10.2", "2025-03-01"), ("11.0", "2026-06-01")):
        h.say("max", f"version add Acomba {version} {day}")
    return h


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_discontinued_and_unknown_versions_are_flagged_on_the_card(
    acomba: Harness, lang: str
) -> None:
    h = acomba
    h.say("ana", f"lang {lang}")
    created = h.say("ana", "ticket new Acme product=Acomba version=10.1 cheques misprint")
    professional = {
        "en": "Techtra's professional services (450 679-9898, www.techtra.ca)",
        "fr": "services professionnels de Techtra (450 679-9898, www.techtra.ca)",
    }
    assert professional[lang] in created
    h.say("ana", "ticket new Acme product=Acomba version=9.9 cheques misprint")
    flags = t("field.flags", lang)
    assert t("flag.version_discontinued", lang) in card_facts(h, "T-1001", lang)[flags]
    assert t("flag.version_unknown", lang) in card_facts(h, "T-1002", lang)[flags]


@pytest.mark.parametrize(
    ("lang", "advice", "until"),
    [("en", "upgrading to the current version, 11.0,", "supported until 2026-11-30 inclusive"),
     ("fr", "mise à niveau vers la version courante, 11.0,",
      "supportée jusqu'au 2026-11-30 inclusivement")],
)  # fmt: skip
def test_upgrade_advice_names_the_current_version_and_support_ends_inclusive(
    acomba: Harness, lang: str, advice: str, until: str
) -> None:
    h = acomba
    h.say("ana", f"lang {lang}")
    assert advice in h.say("ana", "version status Acomba 10.1")  # not 10.2, itself dying
    assert until in h.say("ana", "version status Acomba 10.2")
    h.clock.set(local("2026-11-30T16:59:00-05:00"))  # the last day: still supported
    assert until in h.say("ana", "version status Acomba 10.2")
    h.clock.set(local("2026-12-01T09:00:00-05:00"))
    assert h.say("ana", "version status Acomba 10.2") == t(
        "version.discontinued", lang, product="Acomba", version="10.2", since="2026-12-01",
        current="11.0")  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_version_newer_than_the_maintenance_gets_the_note(acomba: Harness, lang: str) -> None:
    h = acomba
    h.say("ana", f"lang {lang}")
    note = t("note.maintenance", lang, product="Acomba", version="11.0", tier="{tier}")
    head = note.split("{tier}")[0]
    h.say("max", "customer add Delta")  # P3, no maintenance
    h.say("max", "customer add Epsilon entitlement=maintenance maintenance_until=2026-05-31")
    cases = {"Delta": True, "Epsilon": True, "Beta": False, "Acme": False}
    for name, noted in cases.items():
        reply = h.say("ana", f"ticket new {name} product=Acomba version=11.0 how to upgrade")
        assert (head in reply) is noted, (name, reply)
    older = h.say("ana", "ticket new Delta product=Acomba version=10.2 cheques")
    assert head not in older  # the version they have, not a new one
    assert t("flag.needs_maintenance", lang) in card_facts(h, "T-1001", lang)[t("field.flags",
                                                                                lang)]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_releasing_an_existing_version_is_refused_unless_forced(acomba: Harness, lang: str) -> None:
    h = acomba
    h.say("max", f"lang {lang}")
    refused = h.say("max", "version release Acomba 11.0")
    assert refused == t("conflict.version_exists", lang, product="Acomba", version="11.0",
                        released="2026-06-01")  # fmt: skip
    assert h.say("max", "version add Acomba 11.0 2026-07-01") == refused
    assert "2026-11-30" in h.say("max", "version status Acomba 10.2")  # 11.0's date stands
    assert h.say("max", "version add Acomba 11.0 2026-06-01") == t(  # the same date: fine
        "version.added", lang, product="Acomba", version="11.0", released="2026-06-01"
    )
    forced = h.say("max", "version release Acomba 11.0 force")
    assert "2026-11-26" in forced
    assert "2027-05-25" in h.say("max", "version status Acomba 10.2")  # moved, as asked


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_fix_requested_outside_the_six_months_is_at_techtras_discretion(
    acomba: Harness, lang: str
) -> None:
    h = acomba
    h.say("ana", "ticket new Acme product=Acomba version=10.1 year-end close fails")
    h.say("ana", "ticket claim T-1001")
    h.say("ana", "ticket respond T-1001 phone on it")
    to_review(h, "T-1001")
    h.say("dora", f"lang {lang}")
    reply = h.say("dora", "ticket outcome T-1001 defect")
    assert t("note.version_discontinued", lang, product="Acomba", version="10.1",
             phone="450 679-9898", website="www.techtra.ca") in reply  # fmt: skip


# -- §8 and stored sentences -----------------------------------------------------------------
def test_contact_details_include_the_website(h: Harness) -> None:
    assert "infotech@techtra.ca, www.techtra.ca." in h.say("ana", "help")
    h.say("ana", "lang fr")
    assert "infotech@techtra.ca, www.techtra.ca." in h.say("ana", "help")


def test_stored_sentences_are_read_in_the_readers_language(h: Harness) -> None:
    h.say("ana", "ticket new Acme server down")
    h.at(local("2026-11-26T12:00:00-05:00"))  # the breach escalates: its reason is stored
    assert card_facts(h, "T-1001", "fr")["Escalade"] == "échéance de réponse dépassée"
    assert card_facts(h, "T-1001", "en")["Escalation"] == "response deadline passed"
    h.say("sam", "lang fr")
    shown = h.say("sam", "ticket show T-1001")
    assert "supportbot: escaladé — échéance de réponse dépassée" in shown
    history = [n.text for n in h.notifier.notices if n.kind == "history"]
    assert "supportbot: escalated — response deadline passed" in history
    assert not [p for p in pings(h) if "\x1e" in p.text]
