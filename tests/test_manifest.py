"""manifest.yml and the Slack door agree: every slash command and bot event declared in
the manifest has a listener, and every listener is declared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from handlers.slack_app import SlackDoor

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.yml"
# Events that need a scope beyond their own name (Slack's documented pairs).
EVENT_SCOPES = {
    "message.channels": "channels:history",
    "reaction_added": "reactions:read",
    "app_mention": "app_mentions:read",
}


def manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def door() -> SlackDoor:
    return SlackDoor(desk=None, client=None)  # type: ignore[arg-type]


def test_every_slash_command_has_a_listener_and_back() -> None:
    declared = {c["command"] for c in manifest()["features"]["slash_commands"]}
    assert declared == set(door().commands())


def test_every_bot_event_has_a_listener_and_back() -> None:
    declared = manifest()["settings"]["event_subscriptions"]["bot_events"]
    # message.channels, message.im … are all the "message" event for Bolt.
    assert {name.split(".")[0] for name in declared} == set(door().events())


def test_requests_go_to_the_one_endpoint_and_interactivity_is_on() -> None:
    data = manifest()
    settings = data["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    urls = {settings["interactivity"]["request_url"],
            settings["interactivity"]["message_menu_options_url"],  # the customer search
            settings["event_subscriptions"]["request_url"],
            *(c["url"] for c in data["features"]["slash_commands"])}  # fmt: skip
    assert urls == {"https://YOUR-HOST/slack/events"}
    assert data["features"]["app_home"]["home_tab_enabled"] is True


def test_scopes_cover_the_events_and_the_calls() -> None:
    data = manifest()
    scopes = set(data["oauth_config"]["scopes"]["bot"])
    for event in data["settings"]["event_subscriptions"]["bot_events"]:
        if event in EVENT_SCOPES:
            assert EVENT_SCOPES[event] in scopes, event
    # /ticket, chat.postMessage/postEphemeral/update, users.info with locale
    assert {"commands", "chat:write", "users:read"} <= scopes
