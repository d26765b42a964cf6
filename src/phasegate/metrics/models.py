"""Tables of outcomes: resolutions, CSAT responses and cost entries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from phasegate.db.base import Base, utcnow


class Resolution(Base):
    """A ticket marked resolved, by whom, and whether it stayed resolved."""

    __tablename__ = "resolutions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    resolved_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by: Mapped[str] = mapped_column(String(20))  # ai | human
    agent: Mapped[str | None] = mapped_column(String(120))
    reopened: Mapped[bool] = mapped_column(default=False)


class CsatResponse(Base):
    """A customer's 1-5 satisfaction answer on a ticket."""

    __tablename__ = "csat_responses"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    comment: Mapped[str | None] = mapped_column(String(2000))


class CostEntry(Base):
    """Money spent on a ticket: agent time, model tokens, per-resolution fees."""

    __tablename__ = "cost_entries"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[str | None] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))  # agent_time | model | per_resolution | platform
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
