"""Every Block Kit payload the Slack door renders is one Slack accepts: each block and
view is read back with slack_sdk's models (which know Block Kit's fields, types and
limits), validated, and must come out unchanged (a field the models do not know, or a
wrong type, would not survive the round trip).
"""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.desk import Actor, Desk
from bot.directory import Customer
from bot.notify import Action, Notice
from bot.replies import Reply
from handlers.slack_render import (
    card_blocks,
    dialog_modal,
    digest_blocks,
    home_view,
    new_ticket_modal,
    notice_blocks,
    queue_blocks,
    reply_blocks,
)
from jobs.tasks import ACTIONS, Timer
from tests.harness import WS, Harness


def accepted_blocks(blocks: list[dict[str, Any]]) -> None:
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.validate_json()
        assert parsed.to_dict() == block


def accepted_view(view: dict[str, Any]) -> None:
    parsed = View(**view)
    parsed.validate_json()
    assert parsed.to_dict() == view


def desk_with_tickets(h: Harness) -> Desk:
    h.say("ana", 'ticket new Acme R&D <urgent> le serveur "principal" est en panne')
    h.say("ana", "ticket new Beta invoice question")
    h.say("ana", "ticket new Unknown Co how do I export")
    h.say("alex", "ticket claim T-1002")
    h.say("alex", "ticket respond T-1002 email sent it")
    h.say("alex", "ticket wait T-1002")
    h.say("max", "ticket escalate T-1001 override database down")
    return h.desk


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_cards_notices_and_answers_are_valid_block_kit(h: Harness, lang: str) -> None:
    desk = desk_with_tickets(h)
    timer = Timer(desk, {})
    now = h.clock.now()
    for tid in ("T-1001", "T-1002", "T-1003"):
        ticket = h.run(desk.load(WS, tid))
        accepted_blocks(card_blocks(timer.card(ticket, lang)))
        actions = tuple(timer._action(ticket, name, lang) for name in ACTIONS)
        notice = Notice(ticket, lang, "⏰ reminder <!channel>", ("U1", "U2"), actions[:5])
        accepted_blocks(notice_blocks(notice))
        reply = Reply("T-1001 is yours.", lang, ticket=ticket)
        accepted_blocks(reply_blocks(reply, now, desk.sla))
    view = h.run(desk.queue_view(WS))
    accepted_blocks(queue_blocks(view, desk.queue_text(view, lang), now, desk.sla, lang))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_views_are_valid_block_kit(h: Harness, lang: str) -> None:
    desk = desk_with_tickets(h)
    customers = [Customer(f"c{i}", f"Customer {i}", "contract", "en") for i in range(3)]
    accepted_view(new_ticket_modal(customers, lang, '{"channel": "C1"}'))
    accepted_view(new_ticket_modal([], lang))
    for name, (command, asks) in ACTIONS.items():
        if asks:
            action = Action(name.title(), command.format(id="T-1001"), asks=asks)
            accepted_view(dialog_modal(action, lang, "{}"))
    tickets = h.run(desk.store.get_many(WS, h.run(desk.store.members(WS, "all"))))
    now = h.clock.now()
    text = desk.queue_text(h.run(desk.queue_view(WS)), lang)
    accepted_view(home_view(lang, now, desk.sla, tickets, tickets, tickets, text))
    accepted_view(home_view(lang, now, desk.sla, notice="no role"))
    assert h.run(desk.handle(Actor(WS, "max"), "queue")).ok


@pytest.mark.parametrize(
    ("lang", "more"),
    [
        ("en", "…and 30 others: `queue` lists every one."),
        ("fr", "…et 30 autres : `queue` les liste tous."),
    ],
)
def test_a_digest_of_seventy_lists_forty_and_counts_the_rest(
    h: Harness, lang: str, more: str
) -> None:
    """A thousand-line message would be cut by Slack (50 blocks) where nobody sees what
    was lost: the digest lists 40 tickets and says how many more the queue holds."""
    ticket = h.run(desk_with_tickets(h).load(WS, "T-1001"))
    notices = [Notice(ticket, lang, f"⏰ reminder {n}", ("ana",)) for n in range(70)]
    blocks = digest_blocks(notices, [("C1", "1700000000.000100")] * 70)
    accepted_blocks(blocks)
    text = "\n".join(b["text"]["text"] for b in blocks[1:])
    assert text.count("⏰ reminder") == 40 and "⏰ reminder 39 " in text
    assert text.endswith(more)
    assert len(blocks) == 6  # the header, then four sections of ten lines and one of one
