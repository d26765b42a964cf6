"""Tables of live intake: the event queue (leased, re-delivered) and the effects outbox (each effect once)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from phasegate.db.base import Base, utcnow


class IntakeEvent(Base):
    """One incoming event (a ticket or a message) waiting for, or done by, a worker.

    `dedupe_key` is unique: a webhook delivered twice is stored once. A claimed event carries a lease
    (`lease_until`); a worker that dies lets the lease lapse and another worker takes the event again.
    """

    __tablename__ = "intake_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(30))  # api | zendesk | chatwoot
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # ticket | message
    ticket_id: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(12), default="queued")  # queued | done | failed
    attempts: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None]
    locked_by: Mapped[str | None] = mapped_column(String(80))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]


class Effect(Base):
    """One outbound action on a helpdesk (reply, note, tags, hand-off), recorded before it is performed.

    Unique on (ticket, kind, key): a second worker or a re-delivered event finds the row and never performs
    the action twice. `status`: pending -> sending -> sent; `uncertain` when a worker died between the call
    and its record (never re-sent: a duplicate reply is worse than one an operator re-checks).
    """

    __tablename__ = "effects"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))  # reply | note | draft | tags | handoff
    key: Mapped[str] = mapped_column(String(200))  # the message (or decision) the effect answers
    connector: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(120))  # the ticket's id in the helpdesk
    body: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


Index("ix_intake_events_claim", IntakeEvent.status, IntakeEvent.id)
Index("ix_effects_once", Effect.ticket_id, Effect.kind, Effect.key, unique=True)
Index("ix_effects_claim", Effect.status, Effect.id)
