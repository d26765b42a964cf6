"""Integrations and their tokens (shown once, stored hashed), scopes, and idempotent responses."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from phasegate.api.models import IdempotentResponse, Integration
from phasegate.db.base import utcnow

#: Every scope a token can hold, with what it allows.
SCOPES: dict[str, str] = {
    "tickets:write": "ingest tickets and messages (also the helpdesk webhooks)",
    "tickets:read": "read tickets, briefs and hand-off packets",
    "decisions:read": "read decisions and drafts",
    "replies:write": "post agent replies",
    "csat:write": "post CSAT answers",
}
TOKEN_PREFIX = "pgi_"


class IntegrationError(ValueError):
    """A refused integration change (unknown scope, duplicate or missing name)."""


@dataclass(frozen=True)
class NewIntegration:
    """A created integration and its token, which is never shown again."""

    name: str
    token: str
    scopes: tuple[str, ...]


def hash_token(token: str) -> str:
    """The stored form of a token (tokens are 256-bit random, so one SHA-256 is enough)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create(session: Session, *, name: str, scopes: Sequence[str]) -> NewIntegration:
    """A new integration with a fresh token holding `scopes`."""
    name = name.strip()
    if not name:
        raise IntegrationError("the integration needs a name")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise IntegrationError(f"unknown scope {', '.join(unknown)}; one of {', '.join(SCOPES)}")
    if not scopes:
        raise IntegrationError(f"give at least one --scope ({', '.join(SCOPES)})")
    if session.scalars(select(Integration).where(Integration.name == name)).first() is not None:
        raise IntegrationError(f"an integration named {name!r} exists; revoke it or pick another name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    kept = tuple(dict.fromkeys(scopes))
    session.add(
        Integration(name=name, token_hash=hash_token(token), token_hint=token[:10], scopes=list(kept))
    )
    session.flush()
    return NewIntegration(name=name, token=token, scopes=kept)


def list_(session: Session) -> list[Integration]:
    """Every integration, revoked ones included."""
    return list(session.scalars(select(Integration).order_by(Integration.name)))


def revoke(session: Session, *, name: str) -> Integration:
    """Revoke an integration's token at once; raises IntegrationError when there is none by that name."""
    row = session.scalars(select(Integration).where(Integration.name == name)).first()
    if row is None:
        raise IntegrationError(f"no integration named {name!r}")
    row.revoked_at = row.revoked_at or utcnow()
    session.flush()
    return row


def authenticate(session: Session, *, token: str) -> Integration | None:
    """The active integration holding `token`, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalars(select(Integration).where(Integration.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    return row


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two writes "the same request": method, path and the body's JSON value (or its bytes)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = body
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


def stored_response(session: Session, *, integration_id: int, key: str) -> IdempotentResponse | None:
    """The response kept for an idempotency key, or None."""
    return session.scalars(
        select(IdempotentResponse).where(
            IdempotentResponse.integration_id == integration_id, IdempotentResponse.key == key
        )
    ).first()


def store_response(
    session: Session,
    *,
    integration_id: int,
    key: str,
    fingerprint: str,
    status_code: int,
    body: dict[str, Any],
) -> None:
    """Keep a write's response under its key, in the same transaction as the write itself."""
    session.add(
        IdempotentResponse(
            integration_id=integration_id,
            key=key,
            fingerprint=fingerprint,
            status_code=status_code,
            body=body,
        )
    )
    session.flush()


def mark_used(session: Session, *, integration_id: int) -> None:
    """Record that the integration's token was just used."""
    session.execute(update(Integration).where(Integration.id == integration_id).values(last_used_at=utcnow()))
