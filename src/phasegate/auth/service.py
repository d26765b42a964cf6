"""Console users: creating them, checking passwords (argon2), roles, the cookie-signing key, the demo lead."""

from __future__ import annotations

import functools
import os
import re
import secrets
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from phasegate.auth.models import LoginFailure, User
from phasegate.config import Settings
from phasegate.workspace import Workspace

ROLES: tuple[str, ...] = ("agent", "lead", "admin")
#: Roles that may change phases, the policy and the kill switch.
ROLLOUT_ROLES: tuple[str, ...] = ("lead", "admin")
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,120}$")
DEMO_USERNAME = "lead"

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so a miss costs as long as a wrong password.

    Hashed on first use, not at import: an argon2 hash costs tens of milliseconds of CPU on every start.
    """
    return _hasher.hash("phasegate-no-such-user")


class AuthError(ValueError):
    """A user that cannot be created or changed as asked; the message says why."""


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def can_manage_rollout(role: str) -> bool:
    """Whether a role may change phases, the policy and the kill switch."""
    return role in ROLLOUT_ROLES


def create(session: Session, *, username: str, password: str, role: str) -> User:
    """A new active user; refuses unknown roles, short passwords, odd or taken usernames."""
    if role not in ROLES:
        raise AuthError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not USERNAME.match(username):
        raise AuthError("username: 2-120 letters, digits or . _ @ -")
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"password must have at least {MIN_PASSWORD} characters")
    if get_by_username(session, username=username) is not None:
        raise AuthError(f"user {username!r} exists already")
    user = User(username=username, password_hash=hash_password(password), role=role, active=True)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, *, user: User, password: str) -> None:
    """Give `user` a new password."""
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"password must have at least {MIN_PASSWORD} characters")
    user.password_hash = hash_password(password)
    session.flush()


def get(session: Session, *, user_id: int) -> User | None:
    """A user by id, or None."""
    return session.get(User, user_id)


def get_by_username(session: Session, *, username: str) -> User | None:
    """A user by name, or None."""
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def list_(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.username)))


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    """The active user with these credentials, or None."""
    user = get_by_username(session, username=username)
    if user is None or not user.active:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return user


def secret_key(settings: Settings) -> str:
    """The key that signs session cookies: the configured one, else one generated once per workspace."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.home / ".secret_key"
    if not path.exists():
        _write_private(path, secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")


def ensure_demo_user(workspace: Workspace) -> tuple[str, str]:
    """The demo lead's (username, password), creating the user or resetting a forgotten password.

    The password is random per workspace and kept in `demo-credentials` (mode 600) inside it, so running the
    demo again prints the same credentials.
    """
    path = workspace.home / "demo-credentials"
    remembered = path.read_text(encoding="utf-8").strip() if path.exists() else ""
    with workspace.sessions() as session:
        user = get_by_username(session, username=DEMO_USERNAME)
        if user is not None and remembered and verify_password(user.password_hash, remembered):
            if not user.active or user.role not in ROLLOUT_ROLES:
                user.active, user.role = True, "lead"
                session.commit()
            return DEMO_USERNAME, remembered
        password = secrets.token_urlsafe(12)
        if user is None:
            create(session, username=DEMO_USERNAME, password=password, role="lead")
        else:
            set_password(session, user=user, password=password)
            user.active, user.role = True, "lead"
        session.commit()
    _write_private(path, password)
    return DEMO_USERNAME, password


def demo_user_note(workspace: Workspace, summary: object) -> str:
    """A `phasegate demo` post-build step: make sure the demo lead exists and say how to sign in."""
    username, password = ensure_demo_user(workspace)
    return f"console sign-in: {username} / {password}  (a lead: may change phases and the kill switch)"


# --- sign-in failures (auth/throttle.py decides; these read and write the rows) ----------------------------
def failure_times(
    session: Session, where: ColumnElement[bool], *, since: datetime, limit: int
) -> list[datetime]:
    """When the newest `limit` failures matching `where` after `since` happened, newest first."""
    return list(
        session.scalars(
            select(LoginFailure.at)
            .where(where, LoginFailure.at > since)
            .order_by(LoginFailure.at.desc())
            .limit(limit)
        ).all()
    )


def record_failure(session: Session, failure: LoginFailure, *, forget_before: datetime) -> None:
    """Store one failed sign-in and forget the failures too old to count."""
    session.add(failure)
    session.execute(delete(LoginFailure).where(LoginFailure.at <= forget_before))


def any_failure(session: Session, where: ColumnElement[bool]) -> bool:
    """Whether any stored failure matches `where`."""
    return session.scalar(select(LoginFailure.id).where(where).limit(1)) is not None


def clear_failures(session: Session, where: ColumnElement[bool]) -> None:
    """Mark the failures matching `where` as cleared for their account."""
    session.execute(update(LoginFailure).where(where).values(account_cleared=True))
