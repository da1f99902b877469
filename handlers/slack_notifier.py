"""The Slack notifier: the ticket card in the support channel, updated in place, and the
notices in its thread.

A card's reference is ``"<channel>:<ts>"``. Rate limits (429) and dropped connections are
retried by slack_sdk's own retry handlers; whatever still fails (a refusal, Slack
unreachable, no answer within the client's timeout) becomes ``NotifyError`` (with Slack's
Retry-After) so the job retries later.
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.notify import Card, Notice, NotifyError
from bot.settings import SlackSettings
from handlers.slack_render import (
    card_blocks,
    card_text,
    digest_blocks,
    digest_text,
    mention_text,
    notice_blocks,
)

DEFAULT_API_URL = "https://slack.com/api/"
# What a Web API call raises when Slack does not answer: slack_sdk's own errors, and the
# aiohttp errors and timeouts its retry handlers give up on (they pass through unwrapped).
UNDELIVERED = (SlackClientError, aiohttp.ClientError, TimeoutError)


def retry_handlers(
    rate_limit_retries: int = 2, connection_retries: int = 2
) -> list[AsyncRetryHandler]:
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
        AsyncConnectionErrorRetryHandler(max_retry_count=connection_retries),
    ]


def web_client(
    token: str, api_url: str = DEFAULT_API_URL, rate_limit_retries: int = 2
) -> AsyncWebClient:
    """One Web API client with slack_sdk's retry handlers (no retry loop of our own);
    ``api_url`` empty: Slack's own."""
    api_url = api_url or DEFAULT_API_URL
    base = api_url if api_url.endswith("/") else api_url + "/"
    return AsyncWebClient(
        token=token, base_url=base, retry_handlers=retry_handlers(rate_limit_retries)
    )


def split_ref(ref: str) -> tuple[str, str]:
    channel, _, ts = ref.partition(":")
    if not channel or not ts:
        raise NotifyError(f"bad Slack card reference {ref!r}")
    return channel, ts


def notify_error(exc: Exception) -> NotifyError:
    retry_after: float | None = None
    if isinstance(exc, SlackApiError):
        header = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after")
        if isinstance(header, list):
            header = header[0] if header else None
        try:
            retry_after = float(header) if header is not None else None
        except ValueError:
            retry_after = None
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        return NotifyError(f"Slack refused: {error or exc.response.status_code}", retry_after)
    return NotifyError(f"Slack unreachable: {type(exc).__name__} {exc}".strip())


class SlackNotifier:
    """bot.notify.Notifier for Slack."""

    def __init__(self, client: AsyncWebClient, default_channel: str = "") -> None:
        self.client = client
        self.default_channel = default_channel

    async def show_card(self, card: Card, ref: str | None) -> str:
        blocks = card_blocks(card)
        text = card_text(card)
        try:
            if ref:
                channel, ts = split_ref(ref)
                await self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
                return ref
            channel = card.ticket.place.channel or self.default_channel
            if not channel:
                raise NotifyError(f"no Slack channel for {card.ticket.id}")
            response = await self.client.chat_postMessage(
                channel=channel, text=text, blocks=blocks, unfurl_links=False
            )
        except UNDELIVERED as exc:
            raise notify_error(exc) from exc
        return f"{response['channel']}:{response['ts']}"

    async def post(self, notice: Notice, card_ref: str | None) -> None:
        text = mention_text(notice)
        try:
            if card_ref:
                channel, ts = split_ref(card_ref)
                await self.client.chat_postMessage(
                    channel=channel, thread_ts=ts, text=text, blocks=notice_blocks(notice)
                )
                return
            channel = notice.ticket.place.channel or self.default_channel
            if not channel:
                raise NotifyError(f"no Slack channel for {notice.ticket.id}")
            await self.client.chat_postMessage(
                channel=channel, text=text, blocks=notice_blocks(notice)
            )
        except UNDELIVERED as exc:
            raise notify_error(exc) from exc

    async def post_digest(self, notices: list[Notice], card_refs: list[str | None]) -> None:
        """One message in the support channel for notices due together (jobs.outbox)."""
        channel = notices[0].ticket.place.channel or self.default_channel
        links = [split_ref(ref) if ref else None for ref in card_refs]
        try:
            await self.client.chat_postMessage(
                channel=channel,
                text=digest_text(notices),
                blocks=digest_blocks(notices, links),
                unfurl_links=False,
            )
        except UNDELIVERED as exc:
            raise notify_error(exc) from exc


def slack_notifier(config: SlackSettings) -> SlackNotifier:
    """The notifier the settings describe (a bot token, the support channel)."""
    return SlackNotifier(web_client(config.bot_token, config.api_url), config.support_channel)
