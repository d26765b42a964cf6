"""The weekly sampler: stratified per category, 5% or at least 20, all when fewer, seeded; verdicts stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from phasegate.aftercare import review
from phasegate.aftercare.models import ReviewItem
from phasegate.policy import Policy
from phasegate.policy.schema import Review
from tests.aftercare.factories import WEEK0, at, bulk_resolved


def _week(db: Session) -> None:
    """Week 0: 500 order_status, 100 return_request, 7 account_access AI resolutions; plus noise."""
    bulk_resolved(db, prefix="OS", category="order_status", n=500, start=WEEK0)
    bulk_resolved(db, prefix="RR", category="return_request", n=100, start=WEEK0)
    bulk_resolved(db, prefix="AA", category="account_access", n=7, start=WEEK0)
    bulk_resolved(db, prefix="HU", category="order_status", n=50, start=WEEK0, handled_by="human")
    bulk_resolved(db, prefix="ES", category="order_status", n=30, start=WEEK0, handled_by="ai_escalated")
    bulk_resolved(db, prefix="NEXT", category="order_status", n=40, start=WEEK0 + timedelta(days=7))


def _queued(db: Session) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for tid, cat in db.execute(select(ReviewItem.ticket_id, ReviewItem.category)):
        out.setdefault(cat, set()).add(tid)
    return out


@pytest.mark.parametrize(
    ("total", "expected"), [(0, 0), (7, 7), (20, 20), (100, 20), (400, 20), (401, 21), (500, 25)]
)
def test_sample_size_is_five_percent_at_least_twenty_at_most_all(total: int, expected: int) -> None:
    """ceil(5%) with a floor of 20, capped by how many there are."""
    assert review.sample_size(total, share=0.05, minimum=20) == expected


def test_sample_is_stratified_with_the_minimum_per_category(db: Session) -> None:
    """500 -> 25, 100 -> 20, 7 -> all 7; human, escalated and next week's tickets are never sampled."""
    _week(db)
    result = review.sample_week(db, week_start=at(3), policy=Policy())
    assert result.week_start == WEEK0
    sizes = {s.category: (s.resolutions, s.target, len(s.added)) for s in result.strata}
    assert sizes == {
        "account_access": (7, 7, 7),
        "order_status": (500, 25, 25),
        "return_request": (100, 20, 20),
    }
    queued = _queued(db)
    assert {len(v) for v in queued.values()} == {7, 25, 20}
    assert all(t.startswith("OS-") for t in queued["order_status"])
    weeks = set(db.scalars(select(ReviewItem.week_start)))
    assert weeks == {WEEK0}


def test_same_seed_same_sample_other_seed_other_sample(db: Session) -> None:
    """The draw depends only on week, category and seed: re-running adds nothing; seed 1 draws others."""
    _week(db)
    first = review.sample_week(db, week_start=WEEK0, seed=0)
    picked = {t for s in first.strata for t in s.added}
    again = review.sample_week(db, week_start=WEEK0 + timedelta(days=6), seed=0)
    assert again.added == 0 and {s.queued for s in again.strata} == {7, 25, 20}
    db.execute(ReviewItem.__table__.delete())
    other = review.sample_week(db, week_start=WEEK0, seed=1)
    other_picked = {t for s in other.strata for t in s.added}
    assert len(other_picked) == len(picked) and other_picked != picked
    db.execute(ReviewItem.__table__.delete())
    replay = review.sample_week(db, week_start=WEEK0, seed=0)
    assert {t for s in replay.strata for t in s.added} == picked


def test_policy_share_and_minimum_are_used(db: Session) -> None:
    """With 10% and a floor of 5: 500 -> 50, 100 -> 10, 7 -> 5."""
    _week(db)
    policy = Policy(review=Review(sample_share=0.10, min_per_category=5))
    result = review.sample_week(db, week_start=WEEK0, policy=policy)
    assert {s.category: s.target for s in result.strata} == {
        "account_access": 5,
        "order_status": 50,
        "return_request": 10,
    }


def test_imported_ai_resolution_without_a_row_is_a_candidate(db: Session) -> None:
    """A ticket labelled ai with only an imported resolved_at counts, at that time."""
    from phasegate.tickets.models import Ticket

    db.add(Ticket(id="IMP-1", created_at=at(1), category="return_policy", handled_by="ai", resolved_at=at(2)))
    db.flush()
    found = review.autonomous_resolutions(db, start=WEEK0, end=WEEK0 + timedelta(days=7))
    assert [(c.ticket_id, c.category, c.resolved_at) for c in found] == [("IMP-1", "return_policy", at(2))]


def test_verdicts_are_stored_and_checked(db: Session) -> None:
    """A verdict stores note, reviewer and time; a later one replaces it; unknown verdicts are refused."""
    bulk_resolved(db, prefix="OS", category="order_status", n=3, start=WEEK0)
    review.sample_week(db, week_start=WEEK0)
    item = review.list_queue(db)[0]
    review.record_verdict(db, item_id=item.id, verdict="tone", reviewer="lee", note=" curt ", now=at(8))
    assert (item.verdict, item.note, item.reviewer, item.reviewed_at) == ("tone", "curt", "lee", at(8))
    review.record_verdict(db, item_id=item.id, verdict="correct", reviewer="ada")
    assert (item.verdict, item.note, item.reviewer) == ("correct", None, "ada")
    with pytest.raises(review.ReviewError, match="verdict must be one of"):
        review.record_verdict(db, item_id=item.id, verdict="fine", reviewer="lee")
    with pytest.raises(review.ReviewError, match="no review item"):
        review.record_verdict(db, item_id=10**6, verdict="tone", reviewer="lee")
    pending = review.list_queue(db, pending_only=True)
    assert len(pending) == 2 and item not in pending
    assert db.scalar(select(func.count(ReviewItem.id))) == 3


def test_late_resolutions_top_the_week_up_without_redrawing(db: Session) -> None:
    """A week sampled at 30 resolutions (20 queued) then grown to 600: 10 more queued plus the first 20."""
    bulk_resolved(db, prefix="OS", category="order_status", n=30, start=WEEK0)
    first = {t for s in review.sample_week(db, week_start=WEEK0).strata for t in s.added}
    bulk_resolved(db, prefix="LATE", category="order_status", n=570, start=WEEK0, span=timedelta(days=6))
    second = review.sample_week(db, week_start=WEEK0).strata[0]
    assert (second.resolutions, second.target, len(second.added), second.queued) == (600, 30, 10, 30)
    assert len(first) == 20 and first.isdisjoint(second.added)
