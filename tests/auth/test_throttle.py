"""Sign-in throttling kept in the database: per account and per address, a clear message, lockouts that
expire, and counts shared between server processes (two engines on one database), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from phasegate.auth.models import LoginFailure
from phasegate.auth.throttle import LoginThrottle
from phasegate.db.session import make_engine


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def factories(engine: Engine, db_url: str) -> Iterator[tuple[sessionmaker[Session], sessionmaker[Session]]]:
    """Two session factories on two engines of one database: what two server processes have."""
    other = make_engine(db_url)
    first, second = sessionmaker(engine), sessionmaker(other)
    with first() as session, session.begin():
        session.execute(delete(LoginFailure))
    yield first, second
    with first() as session, session.begin():
        session.execute(delete(LoginFailure))
    other.dispose()


def test_account_locks_after_the_limit_and_unlocks_when_failures_age_out(
    factories: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    """3 failures lock the name (any case) for the window's remainder; it lifts as the oldest ages out."""
    clock = Clock()
    throttle = LoginThrottle(factories[0], per_user=3, per_address=100, window_seconds=600, clock=clock)
    for _ in range(3):
        assert throttle.check(username="ana", address="10.0.0.1") is None
        throttle.failed(username="ana", address="10.0.0.1")
        clock.advance(60)
    lockout = throttle.check(username="ANA ", address="10.0.0.2")
    assert lockout is not None and lockout.scope == "account"
    assert lockout.retry_after == pytest.approx(420) and "7 minutes" in lockout.message
    assert "ask an admin to reset the password" in lockout.message
    clock.advance(421)
    assert throttle.check(username="ana", address="10.0.0.1") is None


def test_a_correct_password_clears_the_account_but_not_the_address(
    factories: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    """Success resets the account's count; the address keeps its failures."""
    throttle = LoginThrottle(factories[0], per_user=2, per_address=3, window_seconds=600, clock=Clock())
    throttle.failed(username="ana", address="10.0.0.1")
    throttle.failed(username="bob", address="10.0.0.1")
    throttle.succeeded(username="ana")
    throttle.failed(username="ana", address="10.0.0.1")
    assert throttle.check(username="ana", address="10.0.0.9") is None
    lockout = throttle.check(username="carol", address="10.0.0.1")
    assert lockout is not None and lockout.scope == "address" and "network address" in lockout.message


def test_processes_share_the_counts(factories: tuple[sessionmaker[Session], sessionmaker[Session]]) -> None:
    """Failures recorded through one process's engine lock the account in another: no N-fold guessing."""
    clock = Clock()
    one = LoginThrottle(factories[0], per_user=4, per_address=100, window_seconds=900, clock=clock)
    two = LoginThrottle(factories[1], per_user=4, per_address=100, window_seconds=900, clock=clock)
    for throttle in (one, two, one, two):
        throttle.failed(username="dana", address="192.0.2.7")
    for throttle in (one, two):
        lockout = throttle.check(username="dana", address="192.0.2.8")
        assert lockout is not None and lockout.scope == "account"
    two.succeeded(username="dana")
    assert one.check(username="dana", address="192.0.2.8") is None


def test_expired_failures_are_pruned_and_long_input_is_cut(
    factories: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    """A failure past the window is deleted on the next one; an over-long name or address is stored cut."""
    clock = Clock()
    throttle = LoginThrottle(factories[0], per_user=5, per_address=5, window_seconds=60, clock=clock)
    throttle.failed(username="old", address="10.0.0.1")
    clock.advance(61)
    throttle.failed(username="x" * 500, address="a" * 500)
    with factories[0]() as session:
        rows = session.scalars(select(LoginFailure)).all()
        assert [(len(r.username), len(r.address)) for r in rows] == [(120, 100)]
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 1
