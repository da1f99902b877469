"""The Teams app package a Teams admin uploads: ``manifest.json``, its two icons and the
French strings, zipped (``supportbot teams-package``).

The icons are drawn here (a flat PNG written with the standard library) so the package
builds on a fresh machine with nothing else installed. The bot's id is the Azure bot's
client id (``TEAMS_CLIENT_ID``); the same id serves as the app id.
"""

from __future__ import annotations

import json
import struct
import uuid
import zipfile
import zlib
from pathlib import Path
from typing import Any

from bot.commands import TEAMS_COMMANDS
from bot.errors import DeskError
from bot.i18n import extend, t
from handlers.teams_catalog import TEAMS

extend(TEAMS)  # the door's own sentences

SCHEMAS = "https://developer.microsoft.com/json-schemas/teams/v1.17/"
MANIFEST_SCHEMA = SCHEMAS + "MicrosoftTeams.schema.json"
MANIFEST_VERSION = "1.17"
ACCENT = (0x1F, 0x5F, 0xA8)  # Techtra blue
COMMANDS = TEAMS_COMMANDS  # the commands declared for the Teams app (bot.commands.SPECS)


def png(size: int, color: tuple[int, int, int], alpha_border: int = 0) -> bytes:
    """A square PNG of one colour; ``alpha_border`` pixels round the edge are transparent
    (Teams wants the 32×32 outline icon white on transparent)."""
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            inside = min(x, y, size - 1 - x, size - 1 - y) >= alpha_border
            row += bytes([*color, 255 if inside else 0])
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(b"".join(rows), 9)),
            chunk(b"IEND", b""),
        ]
    )


def manifest(client_id: str, host: str, version: str = "1.0.0") -> dict[str, Any]:
    """The app manifest: a bot in personal chats, team channels and group chats."""
    try:
        uuid.UUID(client_id)
    except ValueError:  # Teams refuses an id that is not a GUID; say so here
        raise DeskError("error.teams_client_id", value=client_id[:80]) from None
    lang = "en"
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": client_id,
        "developer": {
            "name": "Techtra",
            "websiteUrl": f"https://{host}/",
            "privacyUrl": f"https://{host}/privacy",
            "termsOfUseUrl": f"https://{host}/terms",
        },
        "name": {"short": "supportbot", "full": t("teams.app.name", lang)},
        "description": {
            "short": t("teams.app.short", lang),
            "full": t("teams.app.full", lang),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "localizationInfo": {
            "defaultLanguageTag": "en-us",
            "additionalLanguages": [{"languageTag": "fr-ca", "file": "fr-ca.json"}],
        },
        "bots": [
            {
                "botId": client_id,
                "scopes": ["personal", "team", "groupChat"],
                "isNotificationOnly": False,
                "supportsFiles": False,
                "commandLists": [
                    {
                        "scopes": ["personal", "team", "groupChat"],
                        "commands": [
                            {"title": c, "description": t(f"teams.app.command.{c}", lang)}
                            for c in COMMANDS
                        ],
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
    }


def french() -> dict[str, Any]:
    """fr-ca.json: the manifest's strings in French (Teams picks it from the client's
    language)."""
    lang = "fr"
    found: dict[str, Any] = {
        "$schema": SCHEMAS + "MicrosoftTeams.Localization.schema.json",
        "name.short": "supportbot",
        "name.full": t("teams.app.name", lang),
        "description.short": t("teams.app.short", lang),
        "description.full": t("teams.app.full", lang),
    }
    for i, command in enumerate(COMMANDS):
        found[f"bots[0].commandLists[0].commands[{i}].title"] = command
        found[f"bots[0].commandLists[0].commands[{i}].description"] = t(
            f"teams.app.command.{command}", lang
        )
    return found


def build_package(out: Path, client_id: str, host: str) -> Path:
    """Write the zip Teams admins upload (Teams admin center → Manage apps → Upload)."""
    checked = manifest(client_id, host)  # refuses a bad id before any file is written
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(checked, indent=2))
        package.writestr("fr-ca.json", json.dumps(french(), indent=2, ensure_ascii=False))
        package.writestr("color.png", png(192, ACCENT))
        package.writestr("outline.png", png(32, (255, 255, 255), alpha_border=4))
    return out
