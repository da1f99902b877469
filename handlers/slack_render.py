"""Block Kit for what the desk says: pure functions, no I/O, no decisions.

Every sentence comes from the catalog (through ``bot.presenter`` or ``bot.i18n.t``); this
module only lays it out as Slack blocks. Text a person typed is escaped before it goes
into mrkdwn, so ``<!channel>`` in a summary stays text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.directory import Customer
from bot.i18n import extend, t
from bot.notify import CHOICES, Action, Card, Notice, digest_lines, digest_of
from bot.presenter import facts, headline, one_line
from bot.replies import QueueView, Reply
from bot.sla import Sla
from bot.tickets import Ticket
from handlers.slack_catalog import SLACK

extend(SLACK)  # the door's own sentences


Block = dict[str, Any]
ACTION_PREFIX = "ticket_action:"  # action_id of every card button; its value is the command
ASK_PREFIX = "ticket_ask:"  # action_id of a button that opens a dialog; its value is JSON
MODAL_NEW = "ticket_new"  # callback_id of the new-ticket modal
MODAL_DIALOG = "ticket_dialog"  # callback_id of a button's dialog (a response's note, …)
SECTION_LIMIT = 3000
FIELDS_LIMIT = 10
OPTIONS_LIMIT = 100
CHANNELS = ("chat", "email", "phone")
LANGUAGES = ("en", "fr")


def escape(text: str) -> str:
    """Slack's three control characters, as its docs ask."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = 150) -> dict[str, Any]:
    return {"type": "plain_text", "text": (text or " ")[:limit], "emoji": True}


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_LIMIT] or " "}}


def buttons(actions: Sequence[Action], block_id: str = "") -> list[Block]:
    if not actions:
        return []
    elements = []
    for i, action in enumerate(actions[:25]):
        button: dict[str, Any] = {
            "type": "button",
            "action_id": f"{ACTION_PREFIX}{i}",
            "text": plain(action.label, 75),
            "value": action.command[:2000],
        }
        if action.asks:
            button["action_id"] = f"{ASK_PREFIX}{i}"
            button["value"] = json.dumps({"command": action.command, "asks": action.asks})
        if action.style in ("primary", "danger"):
            button["style"] = action.style
        elements.append(button)
    block: Block = {"type": "actions", "elements": elements}
    if block_id:
        block["block_id"] = block_id[:255]
    return [block]


def fact_fields(rows: Sequence[tuple[str, str]]) -> list[Block]:
    fields = [
        {"type": "mrkdwn", "text": f"*{escape(label)}*\n{escape(value)}"[:2000]}
        for label, value in rows
    ]
    return [
        {"type": "section", "fields": fields[i : i + FIELDS_LIMIT]}
        for i in range(0, len(fields), FIELDS_LIMIT)
    ]


# -- the ticket card and its thread ----------------------------------------------------
def card_blocks(card: Card) -> list[Block]:
    """Headline, the facts (tier, customer, channel, language, version, owner, deadline
    and time left) and the buttons whose values are desk commands."""
    return [
        section(f"*{escape(card.headline)}*"),
        *fact_fields(card.facts),
        *buttons(card.actions, f"card:{card.ticket.id}"),
    ]


def card_text(card: Card) -> str:
    """The notification fallback of the card (what a phone shows); mrkdwn too, so the
    summary's ``<!channel>`` must stay text there as well."""
    return escape(card.headline)[:3000]


def mention_text(notice: Notice) -> str:
    mentions = " ".join(f"<@{user}>" for user in notice.mentions)
    return f"{mentions} {escape(notice.text)}".strip()


def notice_blocks(notice: Notice) -> list[Block]:
    return [section(mention_text(notice)), *buttons(notice.actions, f"notice:{notice.kind}")]


def digest_text(notices: Sequence[Notice]) -> str:
    mentioned, header = digest_of(list(notices))
    return " ".join([*(f"<@{user}>" for user in mentioned), escape(header)])


def digest_blocks(
    notices: Sequence[Notice], cards: Sequence[tuple[str, str] | None]
) -> list[Block]:
    """The channel digest: everyone mentioned once, then a line per ticket with a link
    to its card (channel, ts) where it has one."""
    shown, more = digest_lines(notices)
    lines = []
    for notice, card in zip(shown, cards, strict=False):
        line = escape(notice.text)
        if card is not None:
            channel, ts = card
            line += (
                f" <https://slack.com/archives/{channel}/p{ts.replace('.', '')}|{notice.ticket.id}>"
            )
        lines.append(f"• {line}")
    if more:
        lines.append(escape(more))
    blocks = [section(digest_text(notices))]
    for start in range(0, len(lines), 10):  # a section holds 3,000 characters
        blocks.append(section("\n".join(lines[start : start + 10])))
    return blocks


# -- answers to one person ---------------------------------------------------------------
def reply_blocks(reply: Reply, now: datetime, sla: Sla) -> list[Block]:
    """The desk's sentence, and the ticket's facts when the answer is about one ticket."""
    blocks = [section(escape(reply.text))]
    if reply.ticket is not None and reply.ok:
        blocks += fact_fields(facts(reply.ticket, now, sla, reply.lang))
    return blocks


def message(reply: Reply, now: datetime, sla: Sla) -> dict[str, Any]:
    """kwargs for chat.postEphemeral / a response_url body: text plus blocks."""
    return {"text": escape(reply.text)[:3000], "blocks": reply_blocks(reply, now, sla)}


# -- the new-ticket modal ----------------------------------------------------------------
def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, 75), "value": value[:150]}


def _input(block_id: str, label: str, element: dict[str, Any], optional: bool = False) -> Block:
    element = {**element, "action_id": block_id}
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }


def customer_option(customer: Customer) -> dict[str, Any]:
    return _option(customer.name, customer.id)


def new_ticket_modal(customers: Sequence[Customer], lang: str, metadata: str = "") -> Block:
    """The form: customer (picked from the registry, or typed), channel, product and
    version, the customer's language and the summary."""

    def text_input(
        block_id: str, max_length: int, optional: bool, multiline: bool = False
    ) -> Block:
        element: dict[str, Any] = {"type": "plain_text_input", "max_length": max_length}
        if multiline:
            element["multiline"] = True
        return _input(block_id, t(f"form.{block_id}", lang), element, optional)

    def select(block_id: str, options: list[dict[str, Any]], initial: int) -> Block:
        element = {"type": "static_select", "options": options, "initial_option": options[initial]}
        return _input(block_id, t(f"form.{block_id}", lang), element)

    blocks: list[Block] = []
    if customers:
        picker: dict[str, Any] = {
            "type": "static_select",
            "placeholder": plain(t("form.customer", lang)),
            "options": [customer_option(c) for c in customers],
        }
        if len(customers) > OPTIONS_LIMIT:  # Slack lists 100 at most: search as one types
            picker = {
                "type": "external_select",
                "min_query_length": 1,
                "placeholder": plain(t("form.customer_search", lang)),
            }
        blocks.append(_input("customer", t("form.customer", lang), picker, True))
    blocks += [
        text_input("customer_other", 200, optional=True),
        select("channel", [_option(t(f"channel.{c}", lang), c) for c in CHANNELS], 0),
        text_input("product", 80, optional=True),
        text_input("version", 40, optional=True),
        select(
            "language", [_option(t(f"lang.{c}", lang), c) for c in LANGUAGES], LANGUAGES.index(lang)
        ),
        _input("received", t("form.received", lang), {"type": "datetimepicker"}, True),
        text_input("summary", 2000, optional=False, multiline=True),
    ]
    return {
        "type": "modal",
        "callback_id": MODAL_NEW,
        "title": plain(t("form.title", lang), 24),
        "submit": plain(t("form.submit", lang), 24),
        "close": plain(t("form.cancel", lang), 24),
        "blocks": blocks,
        **({"private_metadata": metadata[:3000]} if metadata else {}),
    }


def dialog_modal(action: Action, lang: str, metadata: str) -> Block:
    """A button's short dialog: a list for each field with fixed choices (how the
    customer was reached), a text box for the others (the note, the reason)."""
    blocks: list[Block] = []
    for name in action.asks:
        label = t(f"dialog.{name}", lang)
        if name in CHOICES:
            options = [_option(t(f"via.{c}", lang), c) for c in CHOICES[name]]
            element = {"type": "static_select", "options": options, "initial_option": options[0]}
            blocks.append(_input(name, label, element))
        else:
            box: dict[str, Any] = {
                "type": "plain_text_input",
                "multiline": True,
                "max_length": 2000,
            }
            blocks.append(_input(name, label, box))
    return {
        "type": "modal",
        "callback_id": MODAL_DIALOG,
        "title": plain(action.label, 24),
        "submit": plain(t("dialog.send", lang), 24),
        "close": plain(t("dialog.cancel", lang), 24),
        "blocks": blocks,
        **({"private_metadata": metadata[:3000]} if metadata else {}),
    }


def asked_action(value: str, label: str) -> Action | None:
    """The Action a dialog button carries in its value (None when it is not one)."""
    try:
        found = json.loads(value)
        command, asks = str(found["command"]), tuple(str(name) for name in found["asks"])
    except (ValueError, TypeError, KeyError):
        return None
    return Action(label, command, asks=asks)


def modal_values(view: dict[str, Any]) -> dict[str, str]:
    """block_id → the value a person entered or picked ("" when left empty); a date and
    time picked is its Unix timestamp."""
    found: dict[str, str] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        for value in actions.values():
            if value.get("type") in ("static_select", "external_select"):
                chosen = value.get("selected_option") or {}
                found[block_id] = str(chosen.get("value", ""))
            elif value.get("type") == "datetimepicker":
                found[block_id] = str(value.get("selected_date_time") or "")
            else:
                found[block_id] = str(value.get("value") or "").strip()
    return found


def modal_metadata(channel: str, lang: str) -> str:
    return json.dumps({"channel": channel, "lang": lang})


# -- App Home and the manager's view -----------------------------------------------------
def _ticket_lines(tickets: Sequence[Ticket], now: datetime, sla: Sla, lang: str) -> str:
    lines = [f"• {escape(one_line(ticket, now, sla, lang))}" for ticket in tickets]
    return "\n".join(lines) or t("slack.home.none", lang)


def home_view(
    lang: str,
    now: datetime,
    sla: Sla,
    mine: Sequence[Ticket] = (),
    head: Sequence[Ticket] = (),
    at_risk: Sequence[Ticket] = (),
    queue: str | None = None,
    notice: str | None = None,
) -> Block:
    """Each person's dashboard; ``queue`` (the manager's view, already a sentence block)
    is shown to managers; ``notice`` replaces everything (e.g. no role yet)."""
    blocks: list[Block] = [
        {"type": "header", "text": plain(t("slack.home.title", lang))},
    ]
    if notice is not None:
        blocks.append(section(escape(notice)))
        return {"type": "home", "blocks": blocks}
    for key, tickets in (
        ("slack.home.mine", mine),
        ("slack.home.at_risk", at_risk),
        ("slack.home.head", head),
    ):
        blocks.append(section(f"*{t(key, lang)}*\n" + _ticket_lines(tickets, now, sla, lang)))
    if queue is not None:
        blocks.append({"type": "divider"})
        blocks.append(section(f"*{t('slack.home.queue', lang)}*\n```{escape(queue)}```"))
    return {"type": "home", "blocks": blocks[:100]}


def queue_blocks(view: QueueView, text: str, now: datetime, sla: Sla, lang: str) -> list[Block]:
    """The manager's view: the desk's sentences, then the head of the queue with time left."""
    blocks = [section(f"```{escape(text)}```")]
    if view.head:
        blocks.append(section(_ticket_lines(view.head, now, sla, lang)))
    return blocks


__all__ = [
    "ACTION_PREFIX",
    "ASK_PREFIX",
    "MODAL_DIALOG",
    "MODAL_NEW",
    "asked_action",
    "card_blocks",
    "card_text",
    "dialog_modal",
    "escape",
    "headline",
    "home_view",
    "message",
    "modal_values",
    "new_ticket_modal",
    "notice_blocks",
    "queue_blocks",
    "reply_blocks",
]
