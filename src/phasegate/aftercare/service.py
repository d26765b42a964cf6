"""Reads of the aftercare tables: the weekly review's verdicts, surveys, resolutions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from phasegate.aftercare.models import ReviewItem


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
