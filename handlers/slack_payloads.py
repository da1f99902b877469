"""Reading what Slack sends: who and where a request comes from (``Target``), and the text a
person typed, out of Slack's encoding (mentions, channels, links, HTML entities).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncBoltRequest
from slack_bolt.request.payload_utils import (
    to_action,
    to_command,
    to_event,
    to_message,
    to_options,
    to_shortcut,
    to_step,
    to_view,
)

Payload = dict[str, Any]
SPECIAL = re.compile(r"<([@#!])([^>|]*)(?:\|([^>]*))?>")  # <@U1|ana>, <#C1|support>, <!here>
LINK = re.compile(r"<((?:https?|mailto):[^>|]*)(?:\|([^>]*))?>")


@dataclass
class Target:
    """Who gets the answer, and where: response_url when Slack gave one, else an
    ephemeral message in the channel, else a direct message."""

    team: str
    user: str
    channel: str = ""
    response_url: str = ""
    lang: str = "en"


def team_of(body: Payload) -> str:
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    if not team:
        team = (body.get("user") or {}).get("team_id") if isinstance(body.get("user"), dict) else ""
    return str(team or "")


def user_of(body: Payload) -> str:
    user = body.get("user_id") or body.get("user")
    if isinstance(user, dict):
        user = user.get("id")
    return str(user or "")


def bot_user_of(body: Payload) -> str:
    """The bot's own user id in this workspace (Events API: ``authorizations``)."""
    for authorization in body.get("authorizations") or []:
        if isinstance(authorization, dict) and authorization.get("is_bot"):
            return str(authorization.get("user_id") or "")
    return ""


def typed_text(text: str, bot_user: str = "") -> str:
    """What the person typed, from Slack's encoded text: the bot's own mention removed,
    a person's mention as their id (what roles are granted to), a channel as its id, a
    link as its address, then ``&amp;``, ``&lt;``, ``&gt;`` decoded, once."""

    def special(match: re.Match[str]) -> str:
        sign, ident, label = match.group(1), match.group(2), match.group(3)
        if sign == "@":
            return " " if ident == bot_user else ident
        if sign == "#":
            return ident
        return "@" + (label or ident)  # <!here>: a broadcast written out, never performed

    decoded = LINK.sub(lambda m: m.group(1).removeprefix("mailto:"), text or "")
    decoded = SPECIAL.sub(special, decoded)
    decoded = decoded.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return decoded.strip()


def readable(request: AsyncBoltRequest) -> None:
    """Raise (ValueError, TypeError, AttributeError, LookupError) unless Bolt can read the
    body as it does for every middleware, listener and error handler it calls: a JSON
    object whose event, view, action, … are shaped as Slack sends them."""
    body: Any = request.body
    if not isinstance(body, dict):
        raise TypeError(f"the body is a {type(body).__name__}, not an object")
    readers = (to_options, to_shortcut, to_action, to_view, to_command, to_event, to_message)
    for read in (*readers, to_step):
        read(body)
