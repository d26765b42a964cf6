"""Rows for rollout tests: tickets with segments and CSAT, drafts, eval items, phase histories."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from phasegate.aftercare.models import ReviewItem
from phasegate.drafts.models import Draft
from phasegate.evals.models import EvalItem
from phasegate.rollout import service
from phasegate.tickets.models import Message, Ticket
from tests.aftercare.factories import bulk_resolved

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def week(n: float) -> datetime:
    """The start of week `n` (0-based) of the test history."""
    return T0 + timedelta(weeks=n)


def csat_sample(rng: random.Random, mean: float, n: int) -> list[int]:
    """`n` CSAT answers (1-5) scattered around `mean` the way surveys are: lumpy, skewed, noisy."""
    out = []
    for _ in range(n):
        value = round(rng.gauss(mean, 0.9))
        out.append(min(5, max(1, value)))
    return out


def add_tickets(
    db: Session,
    *,
    prefix: str,
    category: str,
    handled_by: str,
    scores: Sequence[int | None],
    start: datetime,
    end: datetime,
    text: str = "Where is my order?",
) -> list[str]:
    """Tickets spread evenly over [start, end), one per score (None: no survey answered)."""
    step = (end - start) / max(len(scores), 1)
    ids = []
    for i, score in enumerate(scores):
        tid = f"{prefix}-{i}"
        at = start + step * i
        db.add(
            Ticket(
                id=tid,
                category=category,
                handled_by=handled_by,
                csat=score,
                created_at=at,
                resolved_at=at + timedelta(hours=2),
                status="resolved",
                messages=[
                    Message(seq=0, role="customer", text=f"{text} ({tid})", at=at),
                    Message(seq=1, role="agent", text=f"Happy to help with {tid}.", at=at),
                ],
            )
        )
        ids.append(tid)
    db.flush()
    return ids


def add_drafts(db: Session, ticket_ids: Sequence[str], *, accepted: float, edit: float, at: datetime) -> None:
    """A draft on each ticket: the first `accepted` share accepted, every one edited by `edit`."""
    cut = round(len(ticket_ids) * accepted)
    for i, tid in enumerate(ticket_ids):
        db.add(
            Draft(
                ticket_id=tid,
                ai_text="draft",
                sent_text="sent",
                accepted=i < cut,
                edit_ratio=edit,
                created_at=at,
            )
        )
    db.flush()


def add_eval_items(db: Session, category: str, n: int, *, graded: bool = True) -> None:
    """`n` eval items for a category."""
    for i in range(n):
        db.add(EvalItem(category=category, text=f"{category} question {i}", grade=5 if graded else None))
    db.flush()


def history(db: Session, category: str, moves: Sequence[tuple[int, float]]) -> None:
    """Phase moves (phase, at week) of a category, the first one its initial phase."""
    for n, (phase, at) in enumerate(moves):
        service.change_phase(
            db,
            category=category,
            to_phase=phase,
            actor="lead",
            kind="initial" if n == 0 else "promote",
            reason="test history",
            evidence=None,
            at=week(at),
        )


def add_reviews(db: Session, category: str, *, flagged: int, correct: int, start_week: float) -> None:
    """Reviewed autonomous resolutions of a category: `flagged` should have escalated, `correct` fine."""
    ids = bulk_resolved(
        db, prefix=f"R-{category}", category=category, n=flagged + correct, start=week(start_week)
    )
    for i, tid in enumerate(ids):
        verdict = "should_have_escalated" if i < flagged else "correct"
        db.add(
            ReviewItem(
                ticket_id=tid,
                category=category,
                week_start=week(start_week),
                resolved_at=week(start_week),
                seed=0,
                verdict=verdict,
                reviewer="lee",
            )
        )
    db.flush()
