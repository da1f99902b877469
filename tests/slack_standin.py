"""A local stand-in for the Slack Web API (and response_url): records every call and
answers like Slack does, with switches to answer 429 + Retry-After or 500, or to answer
late (slower than the bot's timeout).

Point the bot at it with ``SLACK_API_URL`` / ``WebConfig.api_url = standin.api_url``.

It is also Slack's Socket Mode end: ``apps.connections.open`` answers with its own
WebSocket (``/socket``), where :meth:`SlackStandIn.envelope` sends what Slack would (a
slash command, an event, a click) and the bot's acks are recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestServer


@dataclass
class Call:
    method: str  # "chat.postMessage", … or "response_url"
    payload: dict[str, Any]
    path: str = ""
    status: int = 200  # what the stand-in answered; 0: it never did (see ``slow``)

    @property
    def ok(self) -> bool:
        """Slack took it: a message posted, an answer shown."""
        return self.status == 200

    @property
    def text(self) -> str:
        """The text a person would read: ``text`` plus every text in ``blocks``/``view``."""
        parts = [str(self.payload.get("text") or "")]
        for key in ("blocks", "view"):
            value = self.payload.get(key)
            if isinstance(value, str):
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            parts.extend(_texts(value))
        return "\n".join(p for p in parts if p)


def _texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [str(value["text"])] if isinstance(value.get("text"), str) else []
        for key, inner in value.items():
            if key != "text" or not isinstance(inner, str):
                found += _texts(inner)
        return found
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


class SlackStandIn:
    def __init__(self, port: int | None = None) -> None:
        self.calls: list[Call] = []
        self.locales: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.messages: dict[tuple[str, str], str] = {}  # (channel, ts) → text
        self._failures: dict[str, list[tuple[int, str | None]]] = {}
        self._slow: dict[str, list[float]] = {}
        self._ts = itertools.count(1)
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self.sockets: list[web.WebSocketResponse] = []
        self.connected = asyncio.Event()
        self._envelopes = itertools.count(1)
        self.server = TestServer(app, host="127.0.0.1", port=port)

    async def start(self) -> SlackStandIn:
        await self.server.start_server()
        return self

    async def stop(self) -> None:
        for socket in list(self.sockets):
            await socket.close()
        await self.server.close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    @property
    def socket_url(self) -> str:
        """Where ``apps.connections.open`` sends a Socket Mode client."""
        return f"ws://127.0.0.1:{self.server.port}/socket"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/response/{name}"

    # -- switches --------------------------------------------------------------------------
    def fail(self, method: str, status: int = 429, retry_after: str | None = "7",
             times: int = 1) -> None:  # fmt: skip
        """The next ``times`` calls of ``method`` ("*" for any) answer ``status``."""
        self._failures.setdefault(method, []).extend([(status, retry_after)] * times)

    def slow(self, method: str, seconds: float, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` ("*" for any) hang for ``seconds`` and are
        then dropped unprocessed (recorded with status 0): a call that timed out before
        Slack acted on it."""
        self._slow.setdefault(method, []).extend([seconds] * times)

    # -- Socket Mode -----------------------------------------------------------------------
    async def envelope(self, kind: str, payload: dict[str, Any]) -> str:
        """Send ``payload`` to the connected Socket Mode client as Slack does (``kind``:
        ``slash_commands``, ``events_api``, ``interactive``); its ack is recorded as a
        ``socket.ack`` call with the same ``envelope_id``."""
        await asyncio.wait_for(self.connected.wait(), timeout=30)
        envelope_id = f"envelope-{next(self._envelopes)}"
        await self.sockets[-1].send_json({
            "envelope_id": envelope_id, "type": kind, "payload": payload,
            "accepts_response_payload": kind != "events_api"})  # fmt: skip
        return envelope_id

    def acked(self, envelope_id: str) -> bool:
        return any(c.payload.get("envelope_id") == envelope_id for c in self.to("socket.ack"))

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """A Socket Mode connection: hello first, then envelopes out and acks in. aiohttp
        answers the client's pings itself."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.calls.append(Call("socket.connect", dict(request.query), request.path))
        self.sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": len(self.sockets),
                                "debug_info": {"host": "standin"},
                                "connection_info": {"app_id": "A0STANDIN"}})  # fmt: skip
        self.connected.set()
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    self.calls.append(Call("socket.ack", json.loads(message.data), request.path))
        finally:
            self.sockets.remove(socket)
            if not self.sockets:
                self.connected.clear()
        return socket

    # -- what was received -----------------------------------------------------------------
    def to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def texts(self, *methods: str) -> list[str]:
        return [call.text for call in self.calls if call.method in methods]

    def answers(self) -> list[str]:
        """Everything said to one person: response_url bodies and ephemeral messages."""
        return self.texts("response_url", "chat.postEphemeral")

    # -- handlers --------------------------------------------------------------------------
    async def _payload(self, request: web.Request) -> dict[str, Any]:
        payload: dict[str, Any] = dict(request.query)
        raw = await request.text()
        if raw:
            if request.content_type == "application/json":
                payload.update(json.loads(raw))
            else:
                payload.update(dict(parse_qsl(raw, keep_blank_values=True)))
        return payload

    async def _failure(self, method: str, call: Call) -> web.Response | None:
        for key in (method, "*"):
            delays = self._slow.get(key)
            if delays:
                call.status = 0
                await asyncio.sleep(delays.pop(0))
                return web.json_response({"ok": False, "error": "request_timeout"}, status=504)
        for key in (method, "*"):
            queue = self._failures.get(key)
            if queue:
                status, retry_after = queue.pop(0)
                call.status = status
                headers = {"Retry-After": retry_after} if retry_after is not None else {}
                error = "ratelimited" if status == 429 else "internal_error"
                return web.json_response({"ok": False, "error": error}, status=status,
                                         headers=headers)  # fmt: skip
        return None

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        payload = await self._payload(request)
        call = Call(method, payload, request.path)
        self.calls.append(call)
        failed = await self._failure(method, call)
        if failed is not None:
            return failed
        return web.json_response(self.answer(method, payload))

    async def _response_url(self, request: web.Request) -> web.Response:
        payload = await self._payload(request)
        call = Call("response_url", payload, request.path)
        self.calls.append(call)
        failed = await self._failure("response_url", call)
        return failed if failed is not None else web.Response(text="ok")

    def answer(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        channel = str(payload.get("channel", ""))
        if method == "auth.test":
            return {"ok": True, "url": "https://example.slack.com/", "team": "Techtra",
                    "user": "supportbot", "team_id": "T1", "user_id": "UBOT",
                    "bot_id": "BBOT", "is_enterprise_install": False}  # fmt: skip
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        if method == "chat.postMessage":
            return {"ok": True, "channel": channel, "ts": ts,
                    "message": {"text": payload.get("text", ""), "ts": ts}}  # fmt: skip
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": payload.get("ts"),
                    "text": payload.get("text", "")}  # fmt: skip
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "users.info":
            user = str(payload.get("user", ""))
            return {"ok": True, "user": {
                "id": user, "name": user.lower(), "locale": self.locales.get(user, "en-US"),
                "profile": {"real_name": self.names.get(user, user)}}}  # fmt: skip
        if method == "conversations.history":
            text = self.messages.get((channel, str(payload.get("latest", ""))))
            found = [{"type": "message", "text": text, "ts": payload.get("latest")}]
            return {"ok": True, "messages": found if text is not None else []}
        if method in ("views.open", "views.publish", "views.update"):
            view = payload.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {**(view or {}), "id": f"V{ts[-6:]}"}}
        return {"ok": True}


def slack_signed(body: bytes, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 signature headers for ``body`` (now, unless ``timestamp`` is given)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}
