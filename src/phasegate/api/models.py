"""Tables of the integration API: integrations (hashed tokens, scopes) and stored idempotent responses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from phasegate.db.base import Base, utcnow


class Integration(Base):
    """One outside system allowed to call the API: its token's hash and the scopes it holds."""

    __tablename__ = "integrations"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_hint: Mapped[str] = mapped_column(String(16))  # the token's first characters, to tell tokens apart
    scopes: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class IdempotentResponse(Base):
    """The response a write gave under an `Idempotency-Key`, replayed on a retry with the same key."""

    __tablename__ = "idempotent_responses"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("integrations.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of method, path and body
    status_code: Mapped[int]
    body: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_idempotent_responses_key", IdempotentResponse.integration_id, IdempotentResponse.key, unique=True)
