"""The one command grammar every door shares.

The first part is pure (``bot.commands.parse``: text → Command or UsageError). The second
part sends the same mistakes through ``Desk.handle`` and reads the usage sentence a person
gets, in English and in French (from a fr-CA locale, or after ``lang fr``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
import redis
import redis.asyncio as aioredis
from hypothesis import given
from hypothesis import strategies as st

from bot.catalog import CATALOG
from bot.clock import ManualClock
from bot.commands import GROUPS, MAX_TEXT, VERBS, Command, parse, parse_ticket_id
from bot.desk import Actor, Desk
from bot.errors import UsageError
from bot.i18n import t
from bot.policy import Policy
from bot.sla import Sla
from bot.store import Store
from tests.redis_server import RedisServer

WS = "T0123"


def refused(text: str) -> UsageError:
    with pytest.raises(UsageError) as caught:
        parse(text)
    return caught.value


# -- parsing ---------------------------------------------------------------------------
def test_a_full_command() -> None:
    cmd = parse("ticket new Acme channel=phone product=Acomba version=10.2 lang=fr bad totals")
    assert (cmd.group, cmd.verb) == ("ticket", "new")
    assert cmd.args == ("Acme", "bad", "totals")
    assert cmd.options == {
        "channel": "phone",
        "product": "Acomba",
        "version": "10.2",
        "lang": "fr",
    }
    assert cmd.usage_key == "usage.ticket.new"


@pytest.mark.parametrize(
    "text",
    ["claim T-1", "ticket claim T-1", "/ticket claim T-1", "/claim T-1", "  TICKET  Claim  t-1 "],
)
def test_claim_with_or_without_the_group_word(text: str) -> None:
    cmd = parse(text)
    assert (cmd.group, cmd.verb, cmd.ticket_id()) == ("ticket", "claim", "T-1")


@pytest.mark.parametrize("verb", VERBS["ticket"])
def test_every_ticket_verb_works_without_the_group_word(verb: str) -> None:
    cmd = parse(f"{verb} T-7 something")
    assert (cmd.group, cmd.verb) == ("ticket", verb)


@pytest.mark.parametrize(
    ("text", "group"), [("queue", "queue"), ("help", "help"), ("jobs", "jobs"), ("", "help"),
                        ("   ", "help"), ("/", "help"), ("lang fr", "lang")]
)  # fmt: skip
def test_single_word_commands(text: str, group: str) -> None:
    cmd = parse(text)
    assert (cmd.group, cmd.verb) == (group, "")


@pytest.mark.parametrize("group", sorted(VERBS))
def test_a_group_without_its_verb_gets_the_groups_usage(group: str) -> None:
    error = refused(group)
    assert (error.key, error.params["command"]) == ("error.usage", f"usage.{group}")


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("ticket claim", "usage.ticket.claim"),
        ("ticket release", "usage.ticket.release"),
        ("ticket reassign T-1", "usage.ticket.reassign"),
        ("ticket outcome T-1", "usage.ticket.outcome"),
        ("ticket followup T-1", "usage.ticket.followup"),
        ("version add Acomba", "usage.version.add"),
        ("version status Acomba", "usage.version.status"),
        ("role add bob", "usage.role.add"),
    ],
)
def test_missing_arguments_name_the_verbs_usage(text: str, usage: str) -> None:
    cmd = parse(text)  # parsing succeeds; the missing argument is found when it is read
    with pytest.raises(UsageError) as caught:
        for i in range(3):
            cmd.arg(i)
        cmd.ticket_id()
    assert (caught.value.key, caught.value.params["command"]) == ("error.usage", usage)


def test_unknown_verb() -> None:
    error = refused("ticket frobnicate T-1")
    assert error.key == "error.unknown_verb"
    assert error.params == {"word": "frobnicate", "command": "usage.ticket"}


@pytest.mark.parametrize("text", ["frobnicate", "tickets list", "delete everything", "T-1"])
def test_unknown_command(text: str) -> None:
    error = refused(text)
    assert error.key == "error.unknown_command"
    assert error.params["word"] == text.split()[0]
    assert error.params["command"] == "usage.help"


def test_unknown_words_are_cut_short_in_the_reply() -> None:
    assert len(refused("x" * 300).params["word"]) == 40
    assert len(refused("ticket " + "y" * 300).params["word"]) == 40


@pytest.mark.parametrize(
    ("text", "expected"),
    [("T-1042", "T-1042"), ("t-1042", "T-1042"), ("T1042", "T-1042"), ("1042", "T-1042"),
     ("T-0042", "T-42"), (" T-5 ", "T-5"), ("T-999999999", "T-999999999")],
)  # fmt: skip
def test_good_ticket_ids(text: str, expected: str) -> None:
    assert parse_ticket_id(text) == expected


@pytest.mark.parametrize(
    "text", ["X-12", "T-", "T--1", "-1", "T-1a", "T-1234567890", "T-1.5", "#12", "", "T‑12"]
)
def test_bad_ticket_ids(text: str) -> None:
    cmd = parse(f"ticket claim {text}") if text.strip() else parse("ticket claim")
    with pytest.raises(UsageError) as caught:
        cmd.ticket_id()
    assert caught.value.params["command"] == "usage.ticket.claim"
    if text:
        assert caught.value.key == "error.bad_ticket_id"
        assert caught.value.params["value"] == text


def test_quotes_group_words() -> None:
    cmd = parse('customer add "Boulangerie Côté inc." entitlement=contract lang=fr')
    assert cmd.args == ("Boulangerie Côté inc.",)
    assert cmd.options == {"entitlement": "contract", "lang": "fr"}


def test_apostrophes_are_text_not_quotes() -> None:
    cmd = parse("ticket new Acme 'printer down")
    assert cmd.args == ("Acme", "'printer", "down")


@pytest.mark.parametrize("text", ['ticket new Acme "printer down', 'ticket "new'])
def test_unbalanced_quotes_do_not_break_parsing(text: str) -> None:
    if text == 'ticket "new':
        assert parse(text).verb == "new"
        return
    cmd = parse(text)
    assert (cmd.group, cmd.verb) == ("ticket", "new")
    assert [arg.strip("'\"") for arg in cmd.args] == ["Acme", "printer", "down"]


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\u200b", "\r", "\x0c"])
def test_control_characters_are_treated_as_spaces(control: str) -> None:
    cmd = parse(f"ticket{control}claim{control}T-3")
    assert (cmd.group, cmd.verb, cmd.ticket_id()) == ("ticket", "claim", "T-3")
    assert control not in cmd.raw


def test_newlines_survive_in_the_raw_text_for_csv_import() -> None:
    cmd = parse("customer import\nname,entitlement\nAcme,contract\nBeta,maintenance")
    assert (cmd.group, cmd.verb) == ("customer", "import")
    assert cmd.raw.splitlines()[1:] == ["name,entitlement", "Acme,contract", "Beta,maintenance"]


def test_very_long_text() -> None:
    error = refused("ticket new Acme " + "x" * MAX_TEXT)
    assert (error.key, error.params["limit"]) == ("error.too_long", MAX_TEXT)
    at_limit = "ticket new Acme " + "x" * (MAX_TEXT - len("ticket new Acme "))
    assert len(at_limit) == MAX_TEXT
    assert parse(at_limit).args[1] == "x" * (MAX_TEXT - len("ticket new Acme "))


def test_options_only_known_names_once() -> None:
    cmd = parse("ticket new Acme colour=red channel=email channel=phone see a=b")
    assert cmd.options == {"channel": "email"}
    assert cmd.args == ("Acme", "colour=red", "channel=phone", "see", "a=b")
    assert parse("ticket new Acme CHANNEL=phone x").options == {}  # option names are lowercase


def test_rest_joins_free_text() -> None:
    cmd = parse("ticket escalate T-9 override ledger totals differ")
    assert cmd.rest(2) == "ledger totals differ"
    assert parse("ticket show T-9").rest(1) == ""


@given(st.text(max_size=300))
def test_parse_never_fails_other_than_with_a_usage_error(text: str) -> None:
    try:
        cmd = parse(text)
    except UsageError as error:
        assert error.key.startswith("error.")
        assert error.params["command"] in CATALOG
        return
    assert isinstance(cmd, Command)
    assert cmd.group in GROUPS
    assert not cmd.verb or cmd.verb in VERBS[cmd.group]
    assert all(ch.isprintable() or ch in "\n\t" for ch in cmd.raw)


def test_free_text_keeps_words_that_look_like_options() -> None:
    cmd = parse("ticket resolve T-4 set version=2 in the config file")
    assert cmd.rest(1) == "set version=2 in the config file"


@pytest.mark.parametrize(
    "summary", ["l'imprimante n'imprime pas", "can't print", r"C:\Acomba\data is locked"]
)
def test_free_text_keeps_apostrophes_and_backslashes(summary: str) -> None:
    assert parse(f"ticket new Acme {summary}").rest(1) == summary


# -- the catalog has every usage the grammar can name ------------------------------------
def usage_keys() -> list[str]:
    keys = [f"usage.{group}" for group in GROUPS if group != "help"] + ["usage.help"]
    keys += [f"usage.{group}.{verb}" for group, verbs in VERBS.items() for verb in verbs]
    return keys


@pytest.mark.parametrize("key", usage_keys())
def test_every_usage_exists_in_both_languages(key: str) -> None:
    assert key in CATALOG
    assert CATALOG[key].get("en") and CATALOG[key].get("fr")


@pytest.mark.parametrize(
    "key",
    ["error.usage", "error.unknown_verb", "error.unknown_command", "error.bad_ticket_id",
     "error.too_long", "error.bad_option", "lang.set"],
)  # fmt: skip
def test_grammar_sentences_exist_in_both_languages(key: str) -> None:
    assert CATALOG[key].get("en") and CATALOG[key].get("fr")


# -- what a person reads ---------------------------------------------------------------
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
    await d.directory.seed_roles(WS, {"agent": ["alice"], "director": ["alice"]})
    yield d
    await client.aclose()


MISTAKES = [
    ("ticket claim", ["error.usage"], {"usage": "usage.ticket.claim"}),
    ("ticket", ["error.usage"], {"usage": "usage.ticket"}),
    ("ticket claim X-12", ["error.bad_ticket_id", "error.usage_line"],
     {"value": "X-12", "usage": "usage.ticket.claim"}),
    ("ticket frob T-1", ["error.unknown_verb", "error.usage_line"],
     {"word": "frob", "usage": "usage.ticket"}),
    ("frobnicate", ["error.unknown_command", "error.usage_line"],
     {"word": "frobnicate", "usage": "usage.help"}),
    ("x" * (MAX_TEXT + 1), ["error.too_long", "error.usage_line"],
     {"limit": MAX_TEXT, "usage": "usage.help"}),
    ("ticket new channel=email", ["error.usage"], {"usage": "usage.ticket.new"}),
    ("ticket new Acme channel=fax paper jam", ["error.bad_option", "error.usage_line"],
     {"option": "channel", "value": "fax", "usage": "usage.ticket.new"}),
    ("ticket list everything", ["error.usage"], {"usage": "usage.ticket.list"}),
    ("ticket outcome T-1 shrug", ["error.usage"], {"usage": "usage.ticket.outcome"}),
    ("ticket followup T-1 meh", ["error.usage"], {"usage": "usage.ticket.followup"}),
    ("lang de", ["error.usage"], {"usage": "usage.lang"}),
]  # fmt: skip


def expected_reply(keys: list[str], params: dict[str, object], lang: str) -> str:
    filled = {k: t(str(v), lang) if k == "usage" else v for k, v in params.items()}
    return "\n".join(t(key, lang, **filled) for key in keys)


@pytest.mark.parametrize(("text", "keys", "params"), MISTAKES)
@pytest.mark.parametrize(("locale", "lang"), [(None, "en"), ("en-US", "en"), ("fr-CA", "fr"),
                                              ("fr_FR", "fr")])  # fmt: skip
async def test_usage_replies_in_the_persons_language(
    desk: Desk, text: str, keys: list[str], params: dict[str, object], locale: str | None,
    lang: str,
) -> None:  # fmt: skip
    reply = await desk.handle(Actor(WS, "alice", locale=locale), text)
    assert (reply.ok, reply.lang) == (False, lang)
    assert reply.text == expected_reply(keys, params, lang)
    assert await desk.store.count(WS, "all") == 0


async def test_usage_in_french_after_lang_fr(desk: Desk) -> None:
    actor = Actor(WS, "alice", locale="en-US")
    assert (await desk.handle(actor, "ticket claim")).text == (
        "I did not understand that. Usage: ticket claim <T-id>"
    )
    reply = await desk.handle(actor, "lang fr")
    assert reply.text == "Je vous répondrai en français."
    reply = await desk.handle(actor, "ticket claim")
    assert reply.text == "Je n'ai pas compris. Utilisation : ticket claim <T-no>"
    reply = await desk.handle(actor, "ticket claim X-12")
    assert reply.text == (
        "« X-12 » n'est pas un numéro de billet; écrivez-le comme T-1042.\n"
        "Utilisation : ticket claim <T-no>"
    )
    reply = await desk.handle(actor, "bonjour")
    assert reply.text.startswith("Je ne connais pas la commande « bonjour ».")
    reply = await desk.handle(actor, "help")
    assert reply.text.startswith("Commandes du service de soutien :")
    assert (
        "Ligne de soutien 450 679-9898, sans frais 1 866 679-8117, infotech@techtra.ca, "
        "www.techtra.ca." in reply.text
    )


async def test_claim_without_the_group_word_through_the_desk(desk: Desk) -> None:
    created = await desk.handle(Actor(WS, "alice"), "new Zed hello there")
    assert created.ok and created.ticket is not None
    reply = await desk.handle(Actor(WS, "alice", locale="fr-CA"), f"claim {created.ticket.id}")
    assert reply.text == f"Vous avez pris {created.ticket.id} (client inconnu)."


@pytest.mark.parametrize(
    ("asked", "lang", "expected"),
    [
        ("help ticket respond", "en",
         "Usage: ticket respond <T-id> [phone|email|chat] <note>\n"
         "Example: ticket respond T-1001 phone called back, collecting the logs"),
        ("help respond", "fr",
         "Utilisation : ticket respond <T-no> [phone|email|chat] <note>\n"
         "Exemple : ticket respond T-1001 phone rappelé, je recueille les journaux"),
        ("help queue", "en", "Usage: queue"),
    ],
)  # fmt: skip
async def test_help_for_one_command_shows_its_form_and_an_example(
    desk: Desk, asked: str, lang: str, expected: str
) -> None:
    reply = await desk.handle(Actor(WS, "alice", locale=lang), asked)
    assert reply.text == expected
    everything = await desk.handle(Actor(WS, "alice", locale=lang), "help frobnicate")
    assert everything.text == desk.help_text(lang)  # an unknown command: the whole list
