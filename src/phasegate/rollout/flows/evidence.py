"""Measurements the gates and the demotion check rest on: CSAT samples by segment, drafts, the eval set."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from phasegate.aftercare.models import ReviewItem
from phasegate.drafts.models import Draft
from phasegate.evals.models import EvalItem
from phasegate.tickets import service as tickets_service
from phasegate.tickets.models import Ticket

#: Segments of `tickets.handled_by` (taxonomy.HANDLED_BY) in which a person wrote the reply.
HUMAN_HANDLED = ("human", "ai_assisted")

#: Classifies texts: for each, the predicted category (None when out of scope) and its confidence.
Classify = Callable[[Sequence[str]], Sequence[tuple[str | None, float]]]


def csat_scores(
    session: Session,
    *,
    category: str,
    handled_by: Sequence[str],
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[int]:
    """CSAT answers of a category's tickets in some segments, created in [start, end)."""
    query = select(Ticket.csat).where(
        Ticket.category == category, Ticket.handled_by.in_(list(handled_by)), Ticket.csat.is_not(None)
    )
    if start is not None:
        query = query.where(Ticket.created_at >= start)
    if end is not None:
        query = query.where(Ticket.created_at < end)
    return [int(v) for v in session.scalars(query) if v is not None]


def latest_ticket_at(session: Session) -> datetime | None:
    """When the newest stored ticket was created: "now" as far as the data goes."""
    return tickets_service.latest_created_at(session)


@dataclass(frozen=True)
class DraftStats:
    """Phase-2 drafts of a category: how many, how many accepted, how much edited."""

    drafts: int
    judged: int
    accepted: int
    mean_edit: float | None

    @property
    def acceptance(self) -> float | None:
        """Share of judged drafts the agent sent with no or light edits."""
        return self.accepted / self.judged if self.judged else None


def draft_stats(session: Session, *, category: str, since: datetime | None) -> DraftStats:
    """Acceptance and edit rate of the drafts on a category's tickets since `since`."""
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
    return DraftStats(
        drafts=int(drafts or 0),
        judged=int(judged or 0),
        accepted=int(accepted or 0),
        mean_edit=float(mean_edit) if mean_edit is not None else None,
    )


def graded_eval_items(session: Session, *, category: str) -> int:
    """How many graded eval items the category has."""
    return int(
        session.scalar(
            select(func.count(EvalItem.id)).where(EvalItem.category == category, EvalItem.grade.is_not(None))
        )
        or 0
    )


@dataclass(frozen=True)
class Precision:
    """Routing precision for a category on the eval set at a confidence threshold."""

    precision: float | None
    predicted: int
    correct: int


def eval_precision(session: Session, *, classify: Classify, threshold: float) -> dict[str, Precision]:
    """Per category: of the eval items the router puts in it at or above `threshold`, the share truly in it.

    This is the precision autonomy depends on: a ticket the router sends to a phase-3 category confidently
    had better belong there.
    """
    items = list(session.execute(select(EvalItem.category, EvalItem.text)))
    if not items:
        return {}
    predictions = classify([text for _, text in items])
    predicted: dict[str, int] = {}
    correct: dict[str, int] = {}
    for (truth, _), (label, confidence) in zip(items, predictions, strict=True):
        if label is None or confidence < threshold:
            continue
        predicted[label] = predicted.get(label, 0) + 1
        correct[label] = correct.get(label, 0) + int(label == truth)
    return {
        c: Precision(precision=correct[c] / n, predicted=n, correct=correct[c]) for c, n in predicted.items()
    }


@dataclass(frozen=True)
class ReviewRate:
    """Sampled-review verdicts on a category's autonomous resolutions: how many "should have escalated"."""

    flagged: int
    reviewed: int

    @property
    def rate(self) -> float | None:
        """Share of reviewed resolutions that should have gone to a human."""
        return self.flagged / self.reviewed if self.reviewed else None


def review_rate(
    session: Session, *, category: str, start: datetime | None = None, end: datetime | None = None
) -> ReviewRate:
    """Should-have-escalated verdicts among reviewed resolutions of a category resolved in [start, end)."""
    query = select(
        func.count(ReviewItem.id),
        func.sum(case((ReviewItem.verdict == "should_have_escalated", 1), else_=0)),
    ).where(ReviewItem.category == category, ReviewItem.verdict.is_not(None))
    if start is not None:
        query = query.where(ReviewItem.resolved_at >= start)
    if end is not None:
        query = query.where(ReviewItem.resolved_at < end)
    reviewed, flagged = session.execute(query).one()
    return ReviewRate(flagged=int(flagged or 0), reviewed=int(reviewed or 0))
