"""Table of drafts: the AI's text, the agent's sent text, and how much was edited."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text
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
    # Written by the live drafter (phasegate.drafts.flows); the demo generator's history leaves them empty.
    provider: Mapped[str | None] = mapped_column(String(80))
    fallback: Mapped[str | None] = mapped_column(String(500))  # why the built-in answered instead
    safe: Mapped[bool | None]  # the guardrails passed every sentence
    guardrails: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # GuardrailReport.as_dict()
    input_tokens: Mapped[int | None]
    output_tokens: Mapped[int | None]
    cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 6))
