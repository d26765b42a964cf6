"""The outbox: emails to customers, kept in a table; an SMTP relay may deliver them, off by default."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.conversations.models import OutboxMessage


def queue(
    session: Session,
    *,
    conversation_id: str | None,
    to: str,
    kind: str,
    subject: str,
    body: str,
    now: datetime,
) -> OutboxMessage:
    """Put an email in the outbox (delivered later, by SMTP when configured)."""
    row = OutboxMessage(
        conversation_id=conversation_id, to=to, kind=kind, subject=subject, body=body, created_at=now
    )
    session.add(row)
    return row


def list_(
    session: Session, *, to: str | None = None, conversation_id: str | None = None
) -> list[OutboxMessage]:
    """Queued emails, oldest first, to one address or of one conversation."""
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to is not None:
        query = query.where(OutboxMessage.to == to)
    if conversation_id is not None:
        query = query.where(OutboxMessage.conversation_id == conversation_id)
    return list(session.scalars(query))


def latest_code(session: Session, *, conversation_id: str) -> str | None:
    """The code in the newest verification email of a conversation: what the customer reads in their inbox."""
    rows = [m for m in list_(session, conversation_id=conversation_id) if m.kind == "verification_code"]
    if not rows:
        return None
    m = re.search(r"\b(\d{6})\b", rows[-1].body)
    return m.group(1) if m else None
