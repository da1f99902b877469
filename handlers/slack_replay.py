"""Each Slack request served once, each event handled once.

Replays: Slack's signature alone accepts the same request again for as long as its
timestamp is within 5 minutes of the clock. Over HTTP, each signature is remembered
(Redis ``SET NX``) for as long as Bolt would accept it; a second request with the same
signature is refused with a 401 before any listener runs (``RefuseReplays``, a Bolt
middleware that runs after Bolt's own signature check). The one exception is Slack's own
retry of an event (``X-Slack-Retry-Num``, an ``event_callback``): it goes on to the
listeners, where its ``event_id`` mark (``Deliveries``) drops it if the first delivery was
handled, and runs it if the first delivery failed.

Tickets created from a message are also idempotent on channel + ts, so a message and a
``:ticket:`` reaction on it make one ticket; ``Deliveries`` also marks the one thread
reply that links them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncBoltRequest
from slack_bolt.middleware.async_middleware import AsyncMiddleware

from bot.errors import DeskError
from bot.keys import SLACK_SIGNATURE, slack_signature
from bot.store import Store

log = logging.getLogger(__name__)
DEDUPE_TTL = 3600  # seconds an event_id is remembered (Slack retries within minutes)
SIGNATURE_WINDOW = 300  # seconds Bolt accepts a request timestamp away from its clock
SIGNATURE_KEY = SLACK_SIGNATURE  # + the X-Slack-Signature of a request already served


class RefuseReplays(AsyncMiddleware):
    """A signed request is served once (see the module's docstring)."""

    def __init__(self, store: Store, redis: Any = None) -> None:
        self.store = store
        # Its own connections: the replay check runs before the ack, so it must not wait
        # behind the desk's work for one (1,000 simultaneous clicks pushed acks past 3 s).
        self.redis = redis

    async def first_use(self, signature: str, timestamp: str) -> bool:
        """True the first time ``signature`` is seen; it is remembered until Bolt would refuse
        its timestamp anyway (timestamp + 5 min), plus a minute for clock drift."""
        try:
            left = int(timestamp) + SIGNATURE_WINDOW - int(time.time())
        except ValueError:
            left = SIGNATURE_WINDOW
        ttl = min(max(left, 0), 2 * SIGNATURE_WINDOW) + 60
        redis = self.redis or self.store.redis
        key = slack_signature(signature)
        return bool(await self.store.call(lambda: redis.set(key, "1", nx=True, ex=ttl)))

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],  # Bolt passes it by this name
    ) -> BoltResponse:
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        timestamp = (req.headers.get("x-slack-request-timestamp") or ["0"])[0]
        retried_event = bool(req.headers.get("x-slack-retry-num")) and (
            req.body.get("type") == "event_callback"
        )
        try:
            first = await self.first_use(signature, timestamp)
        except DeskError:  # Redis is down: the desk will say so and record nothing
            log.warning("Slack: Redis is unavailable; this request is not checked for replay")
            first = True
        if first or retried_event:
            return await next()
        log.warning("Slack: refused a replayed request (its signature was already used)")
        return BoltResponse(status=401, body={"error": "replayed request"})


class Deliveries:
    """Marks of what was already done in a workspace: an event handled, a message linked."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def first(self, team: str, kind: str, key: str) -> bool:
        """True the first time ``kind:key`` is seen in ``team`` (Redis SET NX)."""
        name = self.store.keys(team).slack_seen(kind, key)
        redis = self.store.redis
        return bool(await self.store.call(lambda: redis.set(name, "1", nx=True, ex=DEDUPE_TTL)))
