"""Adaptive Cards and Bot Framework activities for what the desk says: pure functions,
no I/O, no decisions.

Every sentence comes from the catalog (through ``bot.presenter`` or the card/notice the
job prepared); this module only lays it out for Teams. A button is an ``Action.Submit``
whose data carries the desk command, so a click arrives as a message activity with
``value.command`` (or as an ``adaptiveCard/action`` invoke with the same data).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.i18n import extend, t
from bot.notify import CHOICES, Action, Card, Notice, digest_lines, digest_of
from bot.presenter import facts, one_line
from bot.replies import QueueView, Reply
from bot.sla import Sla
from bot.tickets import Ticket
from handlers.teams_catalog import TEAMS

extend(TEAMS)  # the door's own sentences

Json = dict[str, Any]
CARD_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.5"
TEXT_LIMIT = 28_000  # Teams refuses messages over about 28 KB
COMMAND_KEY = "command"  # Action.Submit data key that carries the desk command
ASKS_KEY = "asks"  # … and the dialog fields whose inputs complete it (Action.completed)
DIALOG_KEY = "dialog"  # task/fetch data: which dialog to open
NEW_TICKET = "new-ticket"
CUSTOMERS = "customers"  # the Data.Query dataset the customer search asks for
FORM_CARD_VERSION = "1.6"  # Data.Query (search as one types) needs 1.6
STYLES = {"primary": "positive", "danger": "destructive"}
AT_TAG = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


def strip_mentions(text: str, people: Mapping[str, str] | None = None) -> str:
    """The command a person typed: each ``<at>…</at>`` in ``people`` (the tag → the
    person's id) becomes that id, any other (the bot's own) goes; entities decoded."""
    people = people or {}
    spoken = AT_TAG.sub(lambda m: f" {people.get(m.group(0), '')} ", text or "")
    return " ".join(html.unescape(spoken).split())


def _text(text: str, **style: Any) -> Json:
    return {"type": "TextBlock", "text": text[:TEXT_LIMIT] or " ", "wrap": True, **style}


def _facts(rows: Sequence[tuple[str, str]]) -> Json:
    return {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in rows]}


def _dialog(action: Action, lang: str) -> Json:
    """A button that asks first: a card that unfolds under the button (Action.ShowCard)
    with an input per field; its Send button carries the command and the field names,
    and Teams adds what was typed to the same data."""
    body: list[Json] = []
    for name in action.asks:
        label = t(f"dialog.{name}", lang)
        if name in CHOICES:
            choices = [{"title": t(f"via.{c}", lang), "value": c} for c in CHOICES[name]]
            body.append(
                {
                    "type": "Input.ChoiceSet",
                    "id": name,
                    "label": label,
                    "choices": choices,
                    "value": CHOICES[name][0],
                }
            )
        else:
            body.append(
                {
                    "type": "Input.Text",
                    "id": name,
                    "label": label,
                    "isMultiline": True,
                    "maxLength": 2000,
                }
            )
    send = {
        "type": "Action.Submit",
        "title": t("dialog.send", lang),
        "data": {COMMAND_KEY: action.command, ASKS_KEY: list(action.asks)},
    }
    return {"type": "AdaptiveCard", "body": body, "actions": [send]}


def _actions(actions: Sequence[Action], lang: str) -> list[Json]:
    found = []
    for action in actions[:6]:  # Teams shows at most six actions on a card
        button: Json = {
            "type": "Action.Submit",
            "title": action.label,
            "data": {COMMAND_KEY: action.command},
        }
        if action.asks:
            button = {
                "type": "Action.ShowCard",
                "title": action.label,
                "card": _dialog(action, lang),
            }
        if action.style in STYLES:
            button["style"] = STYLES[action.style]
        found.append(button)
    return found


def adaptive_card(body: Sequence[Json], actions: Sequence[Action] = (), lang: str = "en") -> Json:
    """An attachment holding one Adaptive Card, full width in Teams."""
    content: Json = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": list(body),
        "msteams": {"width": "Full"},
    }
    if actions:
        content["actions"] = _actions(actions, lang)
    return {"contentType": CARD_TYPE, "content": content}


# -- the ticket card and its thread ----------------------------------------------------
def card_activity(card: Card) -> Json:
    """The ticket card: headline, facts and the buttons whose data are desk commands."""
    body = [_text(card.headline, weight="Bolder", size="Medium"), _facts(card.facts)]
    return {
        "type": "message",
        "summary": card.headline[:200],
        "attachments": [adaptive_card(body, card.actions, card.lang)],
    }


def mention(user: str, person: tuple[str, str] | None) -> tuple[str, Json]:
    """``<at>Name</at>`` and its entity; ``person`` is (Teams id, display name) if known."""
    teams_id, name = person or (user, user)
    tag = f"<at>{html.escape(name)}</at>"
    return tag, {"type": "mention", "text": tag, "mentioned": {"id": teams_id, "name": name}}


def notice_activity(notice: Notice, people: Mapping[str, tuple[str, str]]) -> Json:
    """A line in the card's thread, with real Teams mentions of the people it names."""
    tags, entities = [], []
    for user in notice.mentions:
        tag, entity = mention(user, people.get(user))
        tags.append(tag)
        entities.append(entity)
    activity: Json = {
        "type": "message",
        "textFormat": "xml",
        "text": " ".join([*tags, html.escape(notice.text)])[:TEXT_LIMIT],
    }
    if entities:
        activity["entities"] = entities
    if notice.actions:
        activity["attachments"] = [adaptive_card([], notice.actions, notice.lang)]
    return activity


def digest_activity(notices: Sequence[Notice], people: Mapping[str, tuple[str, str]]) -> Json:
    """The channel digest: everyone mentioned once (real Teams mentions), the header,
    then a line per ticket."""
    mentioned, header = digest_of(list(notices))
    tags, entities = [], []
    for user in mentioned:
        tag, entity = mention(user, people.get(user))
        tags.append(tag)
        entities.append(entity)
    shown, more = digest_lines(notices)
    lines = [f"• {html.escape(n.text)}" for n in shown] + ([html.escape(more)] if more else [])
    activity: Json = {
        "type": "message",
        "textFormat": "xml",
        "text": " ".join([*tags, html.escape(header)])[:2000] + "<br>" + "<br>".join(lines),
    }
    activity["text"] = activity["text"][:TEXT_LIMIT]
    if entities:
        activity["entities"] = entities
    return activity


# -- answers to one person ---------------------------------------------------------------
def _ticket_lines(tickets: Sequence[Ticket], now: datetime, sla: Sla, lang: str) -> str:
    return "\n".join(f"- {one_line(ticket, now, sla, lang)}" for ticket in tickets)


def queue_card(view: QueueView, text: str, now: datetime, sla: Sla, lang: str) -> Json:
    """The manager's view: the desk's figures, then the head of the queue with time left."""
    body = [_text(t("teams.queue.title", lang), weight="Bolder", size="Medium")]
    body.append(_text(text, fontType="Monospace"))
    if view.head:
        body.append(_text(_ticket_lines(view.head, now, sla, lang)))
    return adaptive_card(body)


def reply_activity(reply: Reply, now: datetime, sla: Sla) -> Json:
    """The desk's sentence; the ticket's facts or the queue view as a card when relevant."""
    activity: Json = {"type": "message", "textFormat": "plain", "text": reply.text[:TEXT_LIMIT]}
    if reply.queue is not None:
        activity["text"] = ""
        activity["attachments"] = [queue_card(reply.queue, reply.text, now, sla, reply.lang)]
    elif reply.ticket is not None and reply.ok:
        rows = facts(reply.ticket, now, sla, reply.lang)
        activity["attachments"] = [adaptive_card([_facts(rows)])]
    return activity


def text_activity(text: str) -> Json:
    return {"type": "message", "textFormat": "plain", "text": text[:TEXT_LIMIT]}


# -- the new-ticket dialog (a Teams task module) ------------------------------------------
def new_ticket_button(lang: str) -> Json:
    """A card with one button that opens the new-ticket dialog (task/fetch)."""
    fetch = {
        "type": "Action.Submit",
        "title": t("form.title", lang),
        "data": {"msteams": {"type": "task/fetch"}, DIALOG_KEY: NEW_TICKET},
    }
    content = {
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "body": [_text(t("teams.new_ticket", lang))],
        "actions": [fetch],
    }
    return {"type": "message", "attachments": [{"contentType": CARD_TYPE, "content": content}]}


def new_ticket_dialog(lang: str) -> Json:
    """The task module: the same fields as Slack's modal; the customer is searched in the
    registry as one types (Data.Query), or typed when not in it."""

    def field(ident: str, **more: Any) -> Json:
        return {"type": "Input.Text", "id": ident, "label": t(f"form.{ident}", lang), **more}

    def choices(ident: str, values: Sequence[tuple[str, str]]) -> Json:
        return {
            "type": "Input.ChoiceSet",
            "id": ident,
            "label": t(f"form.{ident}", lang),
            "choices": [{"title": title, "value": value} for title, value in values],
            "value": values[0][1],
        }

    body = [
        {
            "type": "Input.ChoiceSet",
            "id": "customer",
            "label": t("form.customer", lang),
            "style": "filtered",
            "placeholder": t("form.customer_search", lang),
            "choices": [],
            "choices.data": {"type": "Data.Query", "dataset": CUSTOMERS},
        },
        field("customer_other", maxLength=200),
        choices("channel", [(t(f"channel.{c}", lang), c) for c in ("chat", "email", "phone")]),
        field("product", maxLength=80),
        field("version", maxLength=40),
        choices("language", [(t(f"lang.{c}", lang), c) for c in (lang, *{"en", "fr"} - {lang})]),
        field("received", placeholder="09:40 · 2026-12-01 09:40"),
        field(
            "summary",
            isMultiline=True,
            maxLength=2000,
            isRequired=True,
            errorMessage=t("form.summary", lang),
        ),
    ]
    submit = {
        "type": "Action.Submit",
        "title": t("form.submit", lang),
        "data": {DIALOG_KEY: NEW_TICKET},
    }
    content = {
        "type": "AdaptiveCard",
        "version": FORM_CARD_VERSION,
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "body": body,
        "actions": [submit],
    }
    card = {"contentType": CARD_TYPE, "content": content}
    return {"task": {"type": "continue", "value": {"title": t("form.title", lang), "card": card}}}


def search_results(found: Sequence[tuple[str, str]]) -> Json:
    """The answer to an ``application/search`` invoke: (name, id) pairs."""
    results = [{"title": name, "value": ident} for name, ident in found]
    return {
        "statusCode": 200,
        "type": "application/vnd.microsoft.search.searchResponse",
        "value": {"results": results},
    }


def dialog_done(text: str) -> Json:
    """The answer to ``task/submit``: Teams closes the dialog and shows the sentence."""
    return {"task": {"type": "message", "value": text[:TEXT_LIMIT]}}
