"""Reads of phase-2 drafts and the tickets they are made for."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.drafts.models import Draft


def for_ticket(session: Session, ticket_id: str) -> list[Draft]:
    """The ticket's drafts, newest first."""
    return list(session.scalars(select(Draft).where(Draft.ticket_id == ticket_id).order_by(Draft.id.desc())))
