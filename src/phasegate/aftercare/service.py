"""Reads of the aftercare tables: the weekly review's verdicts, surveys, resolutions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.orm import Session

from phasegate.aftercare.models import ReviewItem, Survey
from phasegate.db.base import UtcDateTime
from phasegate.metrics.models import Resolution
from phasegate.tickets.models import Ticket


def review_verdicts(
    session: Session, *, category: str, start: datetime | None = None, end: datetime | None = None
) -> tuple[int, int]:
    """(reviewed, should-have-escalated) among a category's reviewed resolutions resolved in [start, end)."""
    query = select(
        func.count(ReviewItem.id),
        func.sum(case((ReviewItem.verdict == "should_have_escalated", 1), else_=0)),
    ).where(ReviewItem.category == category, ReviewItem.verdict.is_not(None))
    if start is not None:
        query = query.where(ReviewItem.resolved_at >= start)
    if end is not None:
        query = query.where(ReviewItem.resolved_at < end)
    reviewed, flagged = session.execute(query).one()
    return int(reviewed or 0), int(flagged or 0)


def ai_resolution_times(session: Session, *, start: datetime, end: datetime) -> list[tuple[Any, Any, Any]]:
    """(ticket id, category, resolved at) of tickets the AI resolved (`handled_by = ai`) in [start, end).

    The time is the ticket's latest AI `resolutions` row; a ticket with no row at all falls back to its
    imported `resolved_at`, as in the metrics.
    """
    rows = (
        select(Resolution.ticket_id, func.max(Resolution.resolved_at).label("at"))
        .where(Resolution.resolved_by == "ai")
        .group_by(Resolution.ticket_id)
        .subquery("ai_res")
    )
    any_row = select(Resolution.id).where(Resolution.ticket_id == Ticket.id).exists()
    at = func.coalesce(rows.c.at, Ticket.resolved_at, type_=UtcDateTime)
    query = (
        select(Ticket.id, Ticket.category, at.label("at"))
        .outerjoin(rows, rows.c.ticket_id == Ticket.id)
        .where(Ticket.handled_by == "ai")
        .where((rows.c.at.is_not(None)) | and_(~any_row, Ticket.resolved_at.is_not(None)))
        .where(at >= start, at < end)
    )
    return [(tid, category, when) for tid, category, when in session.execute(query)]


def queued_ticket_ids(session: Session, ticket_ids: list[str]) -> set[str]:
    """Those of `ticket_ids` already in the review queue."""
    # In chunks: SQLite caps the number of bound parameters in one statement.
    out: set[str] = set()
    for i in range(0, len(ticket_ids), 500):
        chunk = ticket_ids[i : i + 500]
        out.update(session.scalars(select(ReviewItem.ticket_id).where(ReviewItem.ticket_id.in_(chunk))))
    return out


def review_items(
    session: Session, *, pending_only: bool, category: str | None, week_start: datetime | None, limit: int
) -> list[ReviewItem]:
    """Review items (of one category, of the week starting `week_start`), unreviewed first, then newest
    week first."""
    query = select(ReviewItem)
    if pending_only:
        query = query.where(ReviewItem.verdict.is_(None))
    if category:
        query = query.where(ReviewItem.category == category)
    if week_start is not None:
        query = query.where(ReviewItem.week_start == week_start)
    query = query.order_by(
        ReviewItem.verdict.is_not(None), ReviewItem.week_start.desc(), ReviewItem.category, ReviewItem.id
    )
    return list(session.scalars(query.limit(limit)))


def review_item(session: Session, item_id: int) -> ReviewItem | None:
    """One review item, or None."""
    return session.get(ReviewItem, item_id)


def resolutions_of(session: Session, ticket_id: str) -> list[Resolution]:
    """A ticket's resolution rows, latest first."""
    query = (
        select(Resolution)
        .where(Resolution.ticket_id == ticket_id)
        .order_by(Resolution.resolved_at.desc(), Resolution.id.desc())
    )
    return list(session.scalars(query))


def open_survey(session: Session, *, ticket_id: str, now: datetime) -> Survey | None:
    """The ticket's survey that is neither answered nor expired at `now`, if any."""
    return session.scalar(
        select(Survey).where(
            Survey.ticket_id == ticket_id, Survey.answered_at.is_(None), Survey.expires_at > now
        )
    )


def survey_by_token(session: Session, token: str) -> Survey | None:
    """The survey with this link token, or None (also for an empty token)."""
    # Tokens are compared by the database's index; a miss says nothing about which tokens exist.
    return session.scalar(select(Survey).where(Survey.token == token)) if token else None


def claim_survey(session: Session, survey_id: int, *, now: datetime, score: int, comment: str | None) -> bool:
    """Record an answer on a survey nobody has answered yet; False when another answer got there first.

    A conditional update, so two answers racing on the same link cannot both be recorded."""
    claimed = session.execute(
        update(Survey)
        .where(Survey.id == survey_id, Survey.answered_at.is_(None))
        .values(answered_at=now, score=score, comment=comment or None)
        .execution_options(synchronize_session=False)
    )
    return getattr(claimed, "rowcount", 0) == 1
