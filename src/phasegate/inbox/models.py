"""The inbox's one table: saved views, each either a user's own or one of a role's defaults."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from phasegate.db.base import Base, utcnow


class SavedView(Base):
    """A named inbox filter and search: owned by one user (`user_id`) or a default for a role (`role`)."""

    __tablename__ = "saved_views"
    __table_args__ = (
        # NULLs are distinct in both constraints, so a user's names and a role's names are checked apart.
        UniqueConstraint("user_id", "name"),
        UniqueConstraint("role", "name"),
        CheckConstraint("(user_id IS NULL) <> (role IS NULL)", name="owner_xor_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(60))
    #: status, category, route, escalated, q: the fields of `phasegate.inbox.service.InboxFilter`.
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
