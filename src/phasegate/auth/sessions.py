"""Console sessions kept server-side: the cookie carries a random id, the table says whether it still
counts, so signing out (or an admin revoking) ends a session even if someone kept a copy of the cookie."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from phasegate.auth.models import User
from phasegate.db.base import Base, utcnow


class ConsoleSession(Base):
    """One sign-in: who, since when, until when, and whether it was ended."""

    __tablename__ = "console_sessions"

    # sha256 of the cookie's id: a copy of this table does not give anyone a usable cookie
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def create(session: Session, *, user_id: int, lifetime_seconds: float) -> str:
    """Start a session for `user_id`; returns the id the cookie carries."""
    sid = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        ConsoleSession(
            id=_digest(sid),
            user_id=user_id,
            created_at=now,
            expires_at=now + timedelta(seconds=lifetime_seconds),
        )
    )
    session.flush()
    return sid


def user_for(session: Session, *, sid: str) -> User | None:
    """The user of a live session (not revoked, not expired), or None."""
    return session.scalars(
        select(User)
        .join(ConsoleSession, ConsoleSession.user_id == User.id)
        .where(
            ConsoleSession.id == _digest(sid),
            ConsoleSession.revoked_at.is_(None),
            ConsoleSession.expires_at > utcnow(),
        )
    ).one_or_none()


def revoke(session: Session, *, sid: str) -> bool:
    """End one session; True when it was live."""
    result = session.execute(
        update(ConsoleSession)
        .where(ConsoleSession.id == _digest(sid), ConsoleSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return bool(getattr(result, "rowcount", 0))


def revoke_all(session: Session, *, user_id: int) -> int:
    """End every live session of a user (a password change, a departed colleague); how many."""
    result = session.execute(
        update(ConsoleSession)
        .where(ConsoleSession.user_id == user_id, ConsoleSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0))
