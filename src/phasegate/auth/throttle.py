"""Sign-in throttling: failures are counted per username and per client address over a sliding window;
past the limit that name (or address) is locked until its oldest counted failure ages out.

The failures live in the database (`login_failures`), so every server process and every restart sees the
same counts: N processes behind a load balancer allow no more guesses than one. Each call opens its own
short transaction (a failure is recorded even though the sign-in's own work is rolled back).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session, sessionmaker

from phasegate.auth import service as auth_service
from phasegate.auth.models import LoginFailure
from phasegate.db.base import utcnow
from phasegate.db.session import IMMEDIATE

#: Stored lengths of the name and the address (longer input is cut, never refused).
NAME_LENGTH = 120
ADDRESS_LENGTH = 100


@dataclass(frozen=True)
class Lockout:
    """Why a sign-in is refused before the password is checked, and for how long."""

    scope: str  # "account" | "address"
    retry_after: float

    @property
    def message(self) -> str:
        """What the sign-in page says."""
        minutes = max(1, math.ceil(self.retry_after / 60))
        who = "this account" if self.scope == "account" else "your network address"
        return (
            f"Too many failed sign-ins for {who}. Try again in {minutes} minute{'s' if minutes > 1 else ''}, "
            "or ask an admin to reset the password."
        )


def _name(username: str) -> str:
    return username.strip().lower()[:NAME_LENGTH]


class LoginThrottle:
    """Failure counts per username and per address, kept in the workspace's database."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        per_user: int,
        per_address: int,
        window_seconds: float,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.per_user = per_user
        self.per_address = per_address
        self.window = window_seconds
        self.clock = clock

    def check(self, *, username: str, address: str) -> Lockout | None:
        """A lockout in force for this username or address, or None."""
        now = self.clock()
        since = now - timedelta(seconds=self.window)
        scopes: tuple[tuple[str, ColumnElement[bool], int], ...] = (
            (
                "account",
                (LoginFailure.username == _name(username)) & LoginFailure.account_cleared.is_(False),
                self.per_user,
            ),
            ("address", LoginFailure.address == address[:ADDRESS_LENGTH], self.per_address),
        )
        with self.sessions() as session:
            for scope, where, limit in scopes:
                times = auth_service.failure_times(session, where, since=since, limit=limit)
                if len(times) >= limit:
                    # The lock lifts when the oldest failure that makes up the limit ages out.
                    return Lockout(scope, self.window - (now - times[-1]).total_seconds())
        return None

    def failed(self, *, username: str, address: str) -> None:
        """Count a failed sign-in against both the username and the address; forget expired failures."""
        now = self.clock()
        with self.sessions() as session, session.begin():
            session.connection(execution_options={IMMEDIATE: True})
            auth_service.record_failure(
                session,
                LoginFailure(username=_name(username), address=address[:ADDRESS_LENGTH], at=now),
                forget_before=now - timedelta(seconds=self.window),
            )

    def succeeded(self, *, username: str) -> None:
        """A correct password clears the account's failures (not the address's)."""
        pending = (LoginFailure.username == _name(username)) & LoginFailure.account_cleared.is_(False)
        with self.sessions() as session:
            if not auth_service.any_failure(session, pending):
                return  # the common case: nothing to clear, no write
        with self.sessions() as session, session.begin():
            session.connection(execution_options={IMMEDIATE: True})
            auth_service.clear_failures(session, pending)
