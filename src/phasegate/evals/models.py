"""Table of eval items: a ticket, its right category and a graded reference reply."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from phasegate.db.base import Base, utcnow


class EvalItem(Base):
    """One graded example for a category."""

    __tablename__ = "eval_items"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[str | None] = mapped_column(String(64), index=True)
    category: Mapped[str] = mapped_column(String(60), index=True)
    text: Mapped[str] = mapped_column(Text)
    reference_reply: Mapped[str | None] = mapped_column(Text)
    grade: Mapped[int | None]  # 1-5 by the CX team
    grader: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
