"""Table of console users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from phasegate.db.base import Base, utcnow


class User(Base):
    """A person who signs in to the console: agent, lead or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(10))  # agent | lead | admin
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)


class LoginFailure(Base):
    """One failed sign-in: the name tried, the client address, when. Shared by every server process, so N
    processes allow no more guesses than one; rows older than the lockout window are pruned."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_username_at", "username", "at"),
        Index("ix_login_failures_address_at", "address", "at"),
        Index("ix_login_failures_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(120))  # lower-cased, as typed (the account may not exist)
    address: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    #: A correct password since: the row no longer counts against the account (still against the address).
    account_cleared: Mapped[bool] = mapped_column(default=False)
