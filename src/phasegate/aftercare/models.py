"""Tables of the aftercare: CSAT surveys sent after a resolution, and the weekly review queue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from phasegate.db.base import Base, utcnow


class Survey(Base):
    """A CSAT survey sent on a resolved ticket; answered once, through its unguessable token."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    segment: Mapped[str] = mapped_column(String(20))  # the tickets.handled_by it was sent for: ai | human ...
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    score: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(String(2000))


class ReviewItem(Base):
    """An autonomous resolution sampled for the weekly review, and the lead's verdict on it."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), unique=True)
    category: Mapped[str] = mapped_column(String(60), index=True)
    week_start: Mapped[datetime] = mapped_column(index=True)
    resolved_at: Mapped[datetime]
    sampled_at: Mapped[datetime] = mapped_column(default=utcnow)
    seed: Mapped[int]
    verdict: Mapped[str | None] = mapped_column(String(30))  # correct | wrong_answer | ...
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None]


Index("ix_review_items_category_resolved", ReviewItem.category, ReviewItem.resolved_at)
