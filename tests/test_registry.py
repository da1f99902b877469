"""The command registry: one declaration per command (``bot.commands.SPECS``) gives the
grammar, the rights, the usage sentences, the Teams command list and the handler the desk
runs; and the desk's structured entries (a form, intake, the home page) decide what the
doors used to decide themselves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
import redis
import redis.asyncio as aioredis

from bot.catalog import CATALOG, merge
from bot.clock import ManualClock
from bot.commands import (
    BY_NAME,
    GROUPS,
    PERMISSIONS,
    SPECS,
    TEAMS_COMMANDS,
    VERBS,
    Spec,
    parse,
    spec_of,
)
from bot.desk import Actor, Desk
from bot.desk.core import Concern, Invocation, handlers_of, handles
from bot.directory import Customer
from bot.errors import Forbidden
from bot.policy import Policy
from bot.replies import Reply
from bot.roles import LEADS, Role
from bot.sla import Sla
from bot.store import Store
from handlers import teams_package
from tests.redis_server import RedisServer

WS = "T0123"


@pytest.fixture
async def desk(redis_server: RedisServer) -> AsyncIterator[Desk]:
    sync = redis.Redis.from_url(redis_server.url)
    sync.flushall()
    sync.close()
    client = aioredis.from_url(redis_server.url, decode_responses=True)
    d = Desk(
        Store(client, Sla(Policy())),
        ManualClock(datetime.fromisoformat("2026-11-26T10:00:00-05:00")),
    )
    await d.directory.seed_roles(WS, {"agent": ["ana"], "manager": ["max"]})
    await d.directory.save_customer(WS, Customer("acme", "Acme", "contract", "en"))
    yield d
    await client.aclose()


# -- what the declarations give ------------------------------------------------------------
def test_each_command_is_declared_once() -> None:
    names = [spec.name for spec in SPECS]
    assert len(names) == len(set(names)) == len(BY_NAME)


def test_the_grammar_is_read_from_the_declarations() -> None:
    assert set(GROUPS) == {spec.group for spec in SPECS}
    assert {f"{g} {v}" for g, verbs in VERBS.items() for v in verbs} == {
        spec.name for spec in SPECS if spec.verb
    }
    for spec in SPECS:
        command = parse(f"{spec.name} T-1 x")
        assert (command.group, command.verb) == (spec.group, spec.verb)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.name)
def test_every_declared_command_has_its_usage_and_right(spec: Spec) -> None:
    assert spec.usage_key in CATALOG
    if spec.allowed is None:
        assert spec.right not in PERMISSIONS  # anyone: help, lang
    else:
        assert PERMISSIONS[spec.right] == spec.allowed


def test_shared_rights_replace_the_alias_table() -> None:
    assert spec_of("customer", "import").right == "customer.change"
    assert spec_of("version", "status").right == "version.show"
    assert PERMISSIONS["ticket.escalate.override"] == LEADS
    assert PERMISSIONS["ticket.release.other"] == LEADS


def test_the_teams_app_lists_the_commands_declared_for_it() -> None:
    assert TEAMS_COMMANDS == ("ticket new", "ticket claim", "queue", "report", "help", "lang")
    manifest = teams_package.manifest("00000000-0000-0000-0000-000000000001", "example.org")
    [listed] = manifest["bots"][0]["commandLists"]
    assert [c["title"] for c in listed["commands"]] == list(TEAMS_COMMANDS)


# -- handlers --------------------------------------------------------------------------------
def test_every_declared_command_has_one_handler(desk: Desk) -> None:
    assert set(desk.handlers) == set(BY_NAME)


def test_a_handler_for_an_undeclared_command_fails_at_import() -> None:
    with pytest.raises(LookupError, match="ticket frobnicate"):
        handles("ticket frobnicate")


def test_handlers_are_bound_to_their_concern(desk: Desk) -> None:
    class Echo(Concern):
        @handles("jobs")
        async def jobs(self, inv: Invocation) -> Reply:
            return Reply(f"{inv.user} {inv.command.group}", inv.lang)

    found = handlers_of(Echo(desk.services))
    assert list(found) == ["jobs"]


async def test_a_handler_gets_one_invocation(desk: Desk) -> None:
    seen: list[Invocation] = []

    async def spy(inv: Invocation) -> Reply:
        seen.append(inv)
        return Reply("ok", inv.lang)

    desk.handlers["ticket claim"] = spy
    reply = await desk.handle(Actor(WS, "ana", locale="fr-CA"), "claim T-7", "key-1")
    assert reply.text == "ok"
    [inv] = seen
    assert (inv.workspace, inv.user, inv.lang, inv.idempotency_key) == (WS, "ana", "fr", "key-1")
    assert (inv.command.verb, inv.command.ticket_id()) == ("claim", "T-7")
    assert inv.roles == {Role.AGENT}


# -- the desk's structured entries -------------------------------------------------------------
async def test_authorize_names_what_is_missing(desk: Desk) -> None:
    assert await desk.authorize(Actor(WS, "max"), "queue") == {Role.MANAGER}
    with pytest.raises(Forbidden) as nobody:
        await desk.authorize(Actor(WS, "zed"), "ticket.new")
    assert nobody.value.key == "forbidden.no_role"
    with pytest.raises(Forbidden) as agent:
        await desk.authorize(Actor(WS, "ana"), "queue")
    assert agent.value.key == "forbidden.role"


async def test_intake_finds_the_customer_by_the_one_rule(desk: Desk) -> None:
    form = {"message": "Acme the printer is down", "conversation": "C1", "poster": "U9"}
    reply = await desk.submit_new_ticket(Actor(WS, "U9", "slack"), form, "k1", anyone=True)
    assert reply.ok and reply.ticket is not None
    assert (reply.ticket.customer, reply.ticket.summary) == ("acme", "the printer is down")
    again = await desk.submit_new_ticket(Actor(WS, "U9", "slack"), form, "k1", anyone=True)
    assert again.ticket is not None and again.ticket.id == reply.ticket.id


async def test_a_form_needs_a_role_unless_it_is_an_intake_message(desk: Desk) -> None:
    form = {"customer": "Acme", "summary": "down"}
    refused = await desk.submit_new_ticket(Actor(WS, "zed"), form)
    assert not refused.ok and refused.ticket is None
    made = await desk.submit_new_ticket(Actor(WS, "ana"), form)
    assert made.ok and made.ticket is not None and made.ticket.customer == "acme"


async def test_the_new_ticket_form_offers_the_customers_to_staff_only(desk: Desk) -> None:
    assert [c.name for c in await desk.ticket_form(Actor(WS, "ana"))] == ["Acme"]
    with pytest.raises(Forbidden):
        await desk.ticket_form(Actor(WS, "zed"))


async def test_the_home_page_is_the_desks_answer(desk: Desk) -> None:
    first = await desk.handle(Actor(WS, "ana"), "ticket new Acme server down")
    second = await desk.handle(Actor(WS, "ana"), "ticket new Acme printer")
    assert first.ticket is not None and second.ticket is not None
    await desk.handle(Actor(WS, "ana"), f"claim {first.ticket.id}")
    home = await desk.home(Actor(WS, "ana"), "en")
    assert [tk.id for tk in home.mine] == [first.ticket.id]
    assert [tk.id for tk in home.head] == [second.ticket.id]
    assert home.queue is None and home.notice is None  # an agent: no manager's figures
    lead = await desk.home(Actor(WS, "max"), "en")
    assert lead.queue is not None and lead.queue.startswith("Queue at")
    nobody = await desk.home(Actor(WS, "zed"), "en")
    assert nobody.notice is not None and not nobody.mine


def test_a_catalog_key_is_defined_once() -> None:
    with pytest.raises(ValueError, match=r"error\.internal"):
        merge(dict(CATALOG), {"error.internal": {"en": "x", "fr": "x"}})


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.name)
async def test_help_names_each_declared_command(desk: Desk, spec: Spec) -> None:
    reply = await desk.handle(Actor(WS, "zed"), f"help {spec.name}")  # no role needed
    assert reply.text.startswith(f"Usage: {CATALOG[spec.usage_key]['en']}")
