"""Reads of phase-2 drafts and the tickets they are made for."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from phasegate.drafts.models import Draft
from phasegate.tickets.models import Ticket


def for_ticket(session: Session, ticket_id: str) -> list[Draft]:
    """The ticket's drafts, newest first."""
    return list(session.scalars(select(Draft).where(Draft.ticket_id == ticket_id).order_by(Draft.id.desc())))


def category_totals(
    session: Session, *, category: str, since: datetime | None
) -> tuple[int, int, int, float | None]:
    """Drafts on a category's tickets since `since`: (drafts, judged, accepted, mean edit ratio)."""
    query = (
        select(
            func.count(Draft.id),
            func.count(Draft.accepted),
            func.sum(case((Draft.accepted.is_(True), 1), else_=0)),
            func.avg(Draft.edit_ratio),
        )
        .join(Ticket, Ticket.id == Draft.ticket_id)
        .where(Ticket.category == category)
    )
    if since is not None:
        query = query.where(Draft.created_at >= since)
    drafts, judged, accepted, mean_edit = session.execute(query).one()
    return (
        int(drafts or 0),
        int(judged or 0),
        int(accepted or 0),
        float(mean_edit) if mean_edit is not None else None,
    )


def pending_for(session: Session, *, ticket_id: str) -> Draft | None:
    """The newest draft of the ticket that nobody has sent yet."""
    return session.scalars(
        select(Draft)
        .where(Draft.ticket_id == ticket_id, Draft.sent_at.is_(None))
        .order_by(Draft.created_at.desc(), Draft.id.desc())
        .limit(1)
    ).first()


def get(session: Session, draft_id: int) -> Draft | None:
    """One draft by id, or None."""
    return session.get(Draft, draft_id)


def unsent_ticket_ids(session: Session, ticket_ids: Collection[str]) -> set[str]:
    """Those of `ticket_ids` that have a draft nobody has sent yet."""
    query = select(Draft.ticket_id).where(Draft.ticket_id.in_(ticket_ids), Draft.sent_at.is_(None))
    return set(session.scalars(query))
