"""Measurements the gates and the demotion check rest on: CSAT samples by segment, drafts, the eval set."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from phasegate.aftercare import service as aftercare_service
from phasegate.drafts import service as drafts_service
from phasegate.evals import service as evals_service
from phasegate.tickets import service as tickets_service

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
    return tickets_service.csat_scores(
        session, category=category, handled_by=handled_by, start=start, end=end
    )


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
    drafts, judged, accepted, mean_edit = drafts_service.category_totals(
        session, category=category, since=since
    )
    return DraftStats(drafts=drafts, judged=judged, accepted=accepted, mean_edit=mean_edit)


def graded_eval_items(session: Session, *, category: str) -> int:
    """How many graded eval items the category has."""
    return evals_service.graded_count(session, category=category)


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
    items = evals_service.labelled_texts(session)
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
    reviewed, flagged = aftercare_service.review_verdicts(session, category=category, start=start, end=end)
    return ReviewRate(flagged=flagged, reviewed=reviewed)
