"""Tables of the conversation engine: conversations, turns, actions, codes, the outbox, hand-offs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from phasegate.db.base import Base, utcnow


class Conversation(Base):
    """One customer conversation with the engine; `ticket_id` is the ticket agents see it as."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ticket_id: Mapped[str | None] = mapped_column(String(64), index=True)
    customer_id: Mapped[str | None] = mapped_column(String(64), index=True)
    customer: Mapped[dict[str, Any] | None]  # the customer as the channel stated it
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | resolved | escalated
    escalated_at_turn: Mapped[int | None]
    verified_customer_id: Mapped[str | None] = mapped_column(String(64))
    policy_version: Mapped[int | None]
    #: The engine's state between turns that no other table holds (the issue, earlier AI contacts, whom
    #: the channel identified, a pending action, the hand-off triggers, the control group): with the turns,
    #: actions and codes it rebuilds the conversation in any process (`Engine.resume`).
    state: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    turns: Mapped[list[ConversationTurn]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="ConversationTurn.seq"
    )
    actions: Mapped[list[ConversationAction]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="ConversationAction.id"
    )


class ConversationTurn(Base):
    """One turn: the customer's text with what the engine read in it, or the AI's reply and its sources."""

    __tablename__ = "conversation_turns"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    seq: Mapped[int]
    role: Mapped[str] = mapped_column(String(10))  # customer | ai
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime | None]
    category: Mapped[str | None] = mapped_column(String(60))
    confidence: Mapped[float | None]
    triggers: Mapped[list[Any] | None]
    sources: Mapped[list[Any] | None]
    #: A customer turn's whole reading (intent, confidence, secondary asks, route, triggers, notes).
    reasoning: Mapped[dict[str, Any] | None]

    conversation: Mapped[Conversation] = relationship(back_populates="turns")


class ConversationAction(Base):
    """An action the engine took or refused: who, what, with which arguments, and what came of it."""

    __tablename__ = "conversation_actions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    actor: Mapped[str] = mapped_column(String(60), default="ai")
    kind: Mapped[str] = mapped_column(String(40))
    args: Mapped[dict[str, Any] | None]
    status: Mapped[str] = mapped_column(String(20))  # done | refused | needs_verification
    result: Mapped[dict[str, Any] | None]
    at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="actions")


class VerificationCode(Base):
    """A one-time code sent to a customer's email on file; only its hash is kept."""

    __tablename__ = "verification_codes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    customer_id: Mapped[str] = mapped_column(String(64))
    code_hash: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    verified_at: Mapped[datetime | None]


class OutboxMessage(Base):
    """An email to a customer (codes, reset links, confirmations); SMTP delivery is optional and off."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    to: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class Handoff(Base):
    """The packet a person receives when the engine escalates: everything in one view."""

    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    ticket_id: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    packet: Mapped[dict[str, Any]]


Index("ix_conversation_turns_seq", ConversationTurn.conversation_id, ConversationTurn.seq, unique=True)
