"""Chatwoot: the agent-bot webhook in (`message_created`), the application API out (reply, notes, hand-off).

Chatwoot does not sign agent-bot webhooks, so the bot URL carries a shared token
(`.../webhooks/chatwoot?token=SECRET`) compared in constant time. A hand-off posts a private note and opens
the conversation, which takes it out of the bot's `pending` state into the human queue.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from phasegate.connectors.base import WebhookError, clean_text, field, read_json
from phasegate.intake.schemas import EventIn, Origin
from phasegate.tickets.schemas import CustomerIn, MessageIn, TicketIn

NAME = "chatwoot"


class ChatwootSettings(BaseSettings):
    """`PHASEGATE_CHATWOOT_*`: the Chatwoot installation, account and tokens."""

    model_config = SettingsConfigDict(
        env_prefix="PHASEGATE_CHATWOOT_", env_file=".env", extra="ignore", env_ignore_empty=True
    )

    url: str | None = None  # https://app.chatwoot.com
    account_id: int | None = None
    api_token: str | None = None  # the agent bot's (or an agent's) api_access_token
    webhook_token: str | None = None
    timeout: float = 10.0


def _time(value: Any) -> datetime | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise WebhookError(422, "created_at: out of range") from None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace(" UTC", "+00:00").replace("Z", "+00:00"))
        except ValueError:
            raise WebhookError(422, "created_at: not a time") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def ticket_id(account: str, conversation: str) -> str:
    """phasegate's id of a Chatwoot conversation."""
    return f"cw-{account}-{conversation}"


def parse_event(payload: dict[str, Any]) -> EventIn | None:
    """The intake event of one agent-bot webhook body; None for events and messages phasegate ignores."""
    if field(payload, "event", str, where="event") != "message_created":
        return None
    if payload.get("private") is True:
        return None
    message_type = payload.get("message_type")
    if message_type not in ("incoming", "outgoing", 0, 1):
        return None  # activity and template messages are not conversation turns
    mid = str(field(payload, "id", (int, str), where="event"))
    content = field(payload, "content", str, where="event", required=False)
    if not content or not content.strip():
        return None  # attachments only: nothing to read
    text = clean_text(content, where="event.content")
    conversation = field(payload, "conversation", dict, where="event")
    cid = str(field(conversation, "id", (int, str), where="conversation"))
    account = payload.get("account")
    aid = str(field(account, "id", (int, str), where="account")) if isinstance(account, dict) else "0"
    if len(mid) > 60 or len(cid) > 40 or len(aid) > 20:
        raise WebhookError(422, "id: too long")
    sender = payload.get("sender") if isinstance(payload.get("sender"), dict) else {}
    assert isinstance(sender, dict)
    incoming = message_type in ("incoming", 0)
    role = "customer" if incoming else ("ai" if sender.get("type") == "agent_bot" else "agent")
    customer = None
    if incoming:
        email = sender.get("email") if isinstance(sender.get("email"), str) else None
        name = sender.get("name") if isinstance(sender.get("name"), str) else None
        sid = sender.get("id")
        customer = CustomerIn(
            id=f"cw-contact-{sid}" if isinstance(sid, (int, str)) and not isinstance(sid, bool) else None,
            email=clean_text(email, where="sender.email") if email else None,
            name=clean_text(name, where="sender.name") if name else None,
        )
    message = MessageIn(role=role, text=text, at=_time(payload.get("created_at")))
    try:
        ticket = TicketIn(id=ticket_id(aid, cid), channel="chat", customer=customer, messages=[message])
    except ValidationError as exc:
        first = exc.errors()[0]
        raise WebhookError(422, f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return EventIn(
        kind="message",
        source=NAME,
        key=f"message:{aid}:{mid}",
        ticket=ticket,
        message=message,
        origin=Origin(connector=NAME, external_id=cid),
    )


def parse_webhook(
    headers: Mapping[str, str], body: bytes, *, token: str | None, settings: ChatwootSettings
) -> EventIn | None:
    """Check the bot URL's token and parse the body: an event, None when ignored, or a WebhookError."""
    if not settings.webhook_token:
        raise WebhookError(503, "Chatwoot webhooks are not configured (PHASEGATE_CHATWOOT_WEBHOOK_TOKEN)")
    if not token or not hmac.compare_digest(token.encode(), settings.webhook_token.encode()):
        raise WebhookError(401, "token: missing or wrong (the agent bot URL carries ?token=...)")
    return parse_event(read_json(body))


class ChatwootConnector:
    """Chatwoot application API: replies, private notes, labels, hand-off (status `open`)."""

    name = NAME

    def __init__(self, settings: ChatwootSettings, *, transport: httpx.BaseTransport | None = None) -> None:
        if not settings.url or settings.account_id is None or not settings.api_token:
            raise ValueError("Chatwoot needs PHASEGATE_CHATWOOT_URL, _ACCOUNT_ID and _API_TOKEN")
        self.settings = settings
        self.client = httpx.Client(
            base_url=f"{settings.url.rstrip('/')}/api/v1/accounts/{settings.account_id}",
            headers={"api_access_token": settings.api_token},
            timeout=settings.timeout,
            transport=transport,
        )

    def _message(self, conversation: str, text: str, *, private: bool) -> None:
        body = {"content": text, "message_type": "outgoing", "private": private}
        self.client.post(f"/conversations/{conversation}/messages", json=body).raise_for_status()

    def send_reply(self, ticket_id: str, text: str) -> None:
        """A message the customer sees."""
        self._message(ticket_id, text, private=False)

    def add_internal_note(self, ticket_id: str, text: str) -> None:
        """A private note only agents see."""
        self._message(ticket_id, text, private=True)

    def suggest_reply(self, ticket_id: str, text: str) -> None:
        """The draft as a private note, for the agent to edit and send."""
        self._message(ticket_id, "Suggested reply (phasegate draft):\n\n" + text, private=True)

    def add_tags(self, ticket_id: str, tags: list[str]) -> None:
        """Labels for route, category and triggers."""
        self.client.post(f"/conversations/{ticket_id}/labels", json={"labels": tags}).raise_for_status()

    def assign_to_human(self, ticket_id: str, *, note: str) -> None:
        """The conversation opened to the human agents, then the context as a private note.

        Opening first: it is idempotent, so a retry after a failed note never opens twice or notes twice.
        """
        self.client.post(
            f"/conversations/{ticket_id}/toggle_status", json={"status": "open"}
        ).raise_for_status()
        self._message(ticket_id, note, private=True)

    def fetch_tickets(self, *, since: datetime | None = None) -> Iterable[TicketIn]:
        """Chatwoot delivers conversations through the bot webhook; there is no backfill here."""
        return []


def from_settings() -> ChatwootConnector:
    """The connector configured by `PHASEGATE_CHATWOOT_*` (the `phasegate.helpdesk` factory)."""
    return ChatwootConnector(ChatwootSettings())
