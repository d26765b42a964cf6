"""Tables of support conversations: tickets, messages, issues."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from phasegate.db.base import Base, utcnow


class Issue(Base):
    """One customer problem that may span several tickets (counts repeated AI contact)."""

    __tablename__ = "issues"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str | None] = mapped_column(String(64), index=True)
    order_id: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str | None] = mapped_column(String(60))
    opened_at: Mapped[datetime | None]


class Ticket(Base):
    """A support conversation, as the ticket JSONL contract of SPEC.md describes it."""

    __tablename__ = "tickets"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str | None] = mapped_column(String(30))
    subject: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime | None] = mapped_column(index=True)
    customer_id: Mapped[str | None] = mapped_column(String(64), index=True)
    customer: Mapped[dict[str, Any] | None]  # the customer as the ticket stated it
    order_id: Mapped[str | None] = mapped_column(String(64), index=True)
    issue_id: Mapped[str | None] = mapped_column(String(64), index=True)
    ai_contacts_on_issue: Mapped[int | None]
    category: Mapped[str | None] = mapped_column(String(60), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    handled_by: Mapped[str | None] = mapped_column(String(20))
    csat: Mapped[int | None]
    first_response_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    handle_seconds: Mapped[int | None]
    source: Mapped[str | None] = mapped_column(String(30))
    extra: Mapped[dict[str, Any] | None]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    messages: Mapped[list[Message]] = relationship(
        back_populates="ticket", cascade="all, delete-orphan", order_by="Message.seq"
    )


class Message(Base):
    """One turn of a ticket: from the customer, an agent or the AI."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    seq: Mapped[int]
    role: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime | None]
    author: Mapped[str | None] = mapped_column(String(120))

    ticket: Mapped[Ticket] = relationship(back_populates="messages")


Index("ix_messages_ticket_seq", Message.ticket_id, Message.seq, unique=True)
Index("ix_tickets_category_created", Ticket.category, Ticket.created_at)
