"""Server-side console sessions: live until revoked or expired; the table never holds the cookie's id."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.auth import service as users
from phasegate.auth import sessions


def test_session_lives_until_revoked(db: Session) -> None:
    """A new session names its user; after revoke it names no one, and revoking twice is a no-op."""
    user = users.create(db, username="sam", password="a-long-password", role="agent")
    sid = sessions.create(db, user_id=user.id, lifetime_seconds=3600)
    found = sessions.user_for(db, sid=sid)
    assert found is not None and found.id == user.id
    assert sessions.revoke(db, sid=sid) is True
    assert sessions.user_for(db, sid=sid) is None
    assert sessions.revoke(db, sid=sid) is False


def test_expired_and_unknown_sessions_name_no_one(db: Session) -> None:
    """A session past its lifetime, or an id never issued, is not signed in."""
    user = users.create(db, username="kim", password="a-long-password", role="agent")
    sid = sessions.create(db, user_id=user.id, lifetime_seconds=-1)
    assert sessions.user_for(db, sid=sid) is None
    assert sessions.user_for(db, sid="never-issued") is None


def test_revoke_all_ends_every_session_of_a_user(db: Session) -> None:
    """Revoking a user's sessions ends each of them and leaves other users' alone."""
    a = users.create(db, username="a1", password="a-long-password", role="agent")
    b = users.create(db, username="b1", password="a-long-password", role="agent")
    mine = [sessions.create(db, user_id=a.id, lifetime_seconds=3600) for _ in range(2)]
    theirs = sessions.create(db, user_id=b.id, lifetime_seconds=3600)
    assert sessions.revoke_all(db, user_id=a.id) == 2
    assert all(sessions.user_for(db, sid=s) is None for s in mine)
    assert sessions.user_for(db, sid=theirs) is not None
    stored = set(db.scalars(select(sessions.ConsoleSession.id)))
    assert not stored & {*mine, theirs}  # only digests are stored
