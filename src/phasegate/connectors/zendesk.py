"""Zendesk: signed webhooks in (ticket created, comment added), REST calls out (notes, replies, tags, groups).

Webhooks are verified as Zendesk documents: base64(HMAC-SHA256(secret, timestamp + body)) in
`X-Zendesk-Webhook-Signature`, the timestamp in `X-Zendesk-Webhook-Signature-Timestamp`, refused outside a
replay window. Outbound calls use the REST API v2 with an API token (`email/token:TOKEN`).
"""

from __future__ import annotations

import base64
import hashlib
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

NAME = "zendesk"
SIGNATURE_HEADER = "x-zendesk-webhook-signature"
TIMESTAMP_HEADER = "x-zendesk-webhook-signature-timestamp"
CREATED = "zen:event-type:ticket.created"
COMMENT_ADDED = "zen:event-type:ticket.comment_added"


class ZendeskSettings(BaseSettings):
    """`PHASEGATE_ZENDESK_*`: where the Zendesk account is and the secrets to talk to it."""

    model_config = SettingsConfigDict(
        env_prefix="PHASEGATE_ZENDESK_", env_file=".env", extra="ignore", env_ignore_empty=True
    )

    url: str | None = None  # https://SUBDOMAIN.zendesk.com
    email: str | None = None
    api_token: str | None = None
    webhook_secret: str | None = None
    handoff_group_id: int | None = None
    replay_window: float = 300.0
    timeout: float = 10.0


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature Zendesk sends for `body` at `timestamp`."""
    digest = hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _parse_time(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def verify(
    headers: Mapping[str, str], body: bytes, *, secret: str, window: float, now: datetime | None = None
) -> None:
    """Refuse a delivery whose signature is missing, wrong, or whose timestamp is outside the window."""
    signature = headers.get(SIGNATURE_HEADER)
    stamp = headers.get(TIMESTAMP_HEADER)
    if not signature or not stamp:
        raise WebhookError(401, f"headers: {SIGNATURE_HEADER} and {TIMESTAMP_HEADER} are required")
    if not hmac.compare_digest(sign(secret, stamp, body), signature):
        raise WebhookError(401, f"{SIGNATURE_HEADER}: does not match the body")
    when = _parse_time(stamp)
    if when is None:
        raise WebhookError(401, f"{TIMESTAMP_HEADER}: not an ISO 8601 time")
    age = abs(((now or datetime.now(UTC)) - when).total_seconds())
    if age > window:
        raise WebhookError(
            401, f"{TIMESTAMP_HEADER}: {age:.0f} s away from now, outside the {window:.0f} s window"
        )


def ticket_id(zendesk_id: str) -> str:
    """phasegate's id of a Zendesk ticket."""
    return f"zd-{zendesk_id}"


def _id(value: Any) -> str:
    return str(value)


def parse_event(payload: dict[str, Any]) -> EventIn | None:
    """The intake event of one Zendesk event webhook body; None for event types phasegate ignores."""
    kind = field(payload, "type", str, where="event")
    if kind not in (CREATED, COMMENT_ADDED):
        return None
    detail = field(payload, "detail", dict, where="event")
    zid = _id(field(detail, "id", (int, str), where="detail"))
    if not zid or len(zid) > 60:
        raise WebhookError(422, "detail.id: must be 1 to 60 characters")
    requester = field(detail, "requester_id", (int, str), where="detail", required=False)
    subject = field(detail, "subject", str, where="detail", required=False)
    created = field(detail, "created_at", str, where="detail", required=False)
    created_at = _parse_time(created) if created else None
    if created and created_at is None:
        raise WebhookError(422, "detail.created_at: not an ISO 8601 time")
    at = _parse_time(str(payload.get("time"))) if isinstance(payload.get("time"), str) else None
    customer = CustomerIn(id=f"zd-user-{requester}") if requester is not None else None
    if kind == CREATED:
        description = clean_text(
            field(detail, "description", str, where="detail"), where="detail.description"
        )
        message = MessageIn(role="customer", text=description, at=created_at or at)
        key = f"ticket:{zid}:created"
    else:
        event = field(payload, "event", dict, where="event")
        comment = field(event, "comment", dict, where="event")
        if comment.get("is_public") is False:
            return None  # an internal note is agents talking to each other, not the conversation
        cid = _id(field(comment, "id", (int, str), where="event.comment"))
        body = clean_text(field(comment, "body", str, where="event.comment"), where="event.comment.body")
        author = comment.get("author") if isinstance(comment.get("author"), dict) else {}
        staff = bool(author.get("is_staff")) if isinstance(author, dict) else False
        message = MessageIn(role="agent" if staff else "customer", text=body, at=at)
        key = f"comment:{zid}:{cid}"
    if not message.text.strip():
        raise WebhookError(422, "message: empty text")
    try:
        ticket = TicketIn(
            id=ticket_id(zid),
            channel="email",
            subject=clean_text(subject, where="detail.subject") if subject else None,
            created_at=created_at,
            customer=customer,
            messages=[message],
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise WebhookError(422, f"detail.{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return EventIn(
        kind="ticket" if kind == CREATED else "message",
        source=NAME,
        key=key,
        ticket=ticket,
        message=None if kind == CREATED else message,
        origin=Origin(connector=NAME, external_id=zid),
    )


def parse_webhook(
    headers: Mapping[str, str], body: bytes, *, settings: ZendeskSettings, now: datetime | None = None
) -> EventIn | None:
    """Verify and parse one delivery: an event, None when ignored, or a WebhookError (4xx) saying why."""
    if not settings.webhook_secret:
        raise WebhookError(503, "Zendesk webhooks are not configured (PHASEGATE_ZENDESK_WEBHOOK_SECRET)")
    verify(headers, body, secret=settings.webhook_secret, window=settings.replay_window, now=now)
    return parse_event(read_json(body))


class ZendeskConnector:
    """Zendesk REST API v2: internal notes, public replies, suggested replies, tags, group assignment."""

    name = NAME

    def __init__(self, settings: ZendeskSettings, *, transport: httpx.BaseTransport | None = None) -> None:
        if not settings.url or not settings.email or not settings.api_token:
            raise ValueError("Zendesk needs PHASEGATE_ZENDESK_URL, _EMAIL and _API_TOKEN")
        self.settings = settings
        self.client = httpx.Client(
            base_url=settings.url.rstrip("/"),
            auth=(f"{settings.email}/token", settings.api_token),
            timeout=settings.timeout,
            transport=transport,
        )

    def _update(self, ticket_id: str, ticket: dict[str, Any]) -> None:
        self.client.put(f"/api/v2/tickets/{ticket_id}.json", json={"ticket": ticket}).raise_for_status()

    def add_internal_note(self, ticket_id: str, text: str) -> None:
        """A private comment (the brief)."""
        self._update(ticket_id, {"comment": {"body": text, "public": False}})

    def suggest_reply(self, ticket_id: str, text: str) -> None:
        """The draft as a private comment marked as a suggested reply, for the agent to edit and send."""
        body = "Suggested reply (phasegate draft: edit, then send as a public reply):\n\n" + text
        self._update(
            ticket_id, {"comment": {"body": body, "public": False}, "additional_tags": ["phasegate_draft"]}
        )

    def send_reply(self, ticket_id: str, text: str) -> None:
        """A public comment the requester receives (autonomous resolutions)."""
        self._update(ticket_id, {"comment": {"body": text, "public": True}})

    def add_tags(self, ticket_id: str, tags: list[str]) -> None:
        """Add tags (route, category, triggers) without touching the ticket's other tags."""
        self.client.put(f"/api/v2/tickets/{ticket_id}/tags.json", json={"tags": tags}).raise_for_status()

    def assign_to_human(self, ticket_id: str, *, note: str) -> None:
        """Open the ticket to the hand-off group with the context as a private comment."""
        ticket: dict[str, Any] = {"status": "open", "comment": {"body": note, "public": False}}
        if self.settings.handoff_group_id is not None:
            ticket["group_id"] = self.settings.handoff_group_id
        self._update(ticket_id, ticket)

    def fetch_tickets(self, *, since: datetime | None = None) -> Iterable[TicketIn]:
        """Tickets changed since a time (incremental export), each with its description as first message."""
        start = int((since or datetime(1970, 1, 2, tzinfo=UTC)).timestamp())
        url: str | None = f"/api/v2/incremental/tickets/cursor.json?start_time={start}"
        while url:
            response = self.client.get(url)
            response.raise_for_status()
            data = response.json()
            for raw in data.get("tickets", []):
                event = parse_event({"type": CREATED, "detail": raw})
                if event is not None:
                    yield event.ticket
            url = None if data.get("end_of_stream", True) else data.get("after_url")


def from_settings() -> ZendeskConnector:
    """The connector configured by `PHASEGATE_ZENDESK_*` (the `phasegate.helpdesk` factory)."""
    return ZendeskConnector(ZendeskSettings())
