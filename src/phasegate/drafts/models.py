"""Table of drafts: the AI's text, the agent's sent text, and how much was edited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from phasegate.db.base import Base, utcnow


class Draft(Base):
    """One AI draft of a reply and its fate."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ai_text: Mapped[str] = mapped_column(Text)
    sent_text: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    agent: Mapped[str | None] = mapped_column(String(120))
    accepted: Mapped[bool | None]  # sent with no or light edits
    edit_ratio: Mapped[float | None]  # 0 = sent as drafted, 1 = rewritten
    model: Mapped[str | None] = mapped_column(String(80))
