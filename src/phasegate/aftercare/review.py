"""The weekly sampled review: a stratified, seeded sample of the week's autonomous resolutions, and verdicts.

Per category the sample is `review.sample_share` of the week's autonomous resolutions, at least
`review.min_per_category` (all of them when there are fewer). The same week and seed always draw the same
tickets, and re-running a week only adds what is missing.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy.orm import Session

from phasegate.aftercare import service
from phasegate.aftercare.models import ReviewItem
from phasegate.db.base import utcnow
from phasegate.policy import Policy

log = structlog.get_logger(__name__)

#: What a reviewer can say about an autonomous resolution.
VERDICTS = ("correct", "wrong_answer", "should_have_escalated", "tone")
NO_CATEGORY = "(none)"


class ReviewError(ValueError):
    """A review request that cannot be done; the message says why."""


def week_of(moment: datetime) -> datetime:
    """Monday 00:00 UTC of the week `moment` falls in (the metrics' weeks)."""
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def sample_size(total: int, *, share: float, minimum: int) -> int:
    """How many of `total` resolutions to sample: `share` of them, at least `minimum`, at most all."""
    return min(total, max(minimum, math.ceil(share * total)))


@dataclass(frozen=True)
class Candidate:
    """One autonomous resolution of the week."""

    ticket_id: str
    category: str
    resolved_at: datetime


def autonomous_resolutions(session: Session, *, start: datetime, end: datetime) -> list[Candidate]:
    """Tickets the AI resolved end to end (`handled_by = ai`) with a resolution in [start, end).

    The resolution time is the ticket's latest AI `resolutions` row; a ticket with no row at all falls
    back to its imported `resolved_at`, as in the metrics.
    """
    out = []
    for tid, category, at in service.ai_resolution_times(session, start=start, end=end):
        if at is None:
            continue
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        if start <= at < end:
            out.append(Candidate(str(tid), str(category or NO_CATEGORY), at))
    return sorted(out, key=lambda c: (c.category, c.ticket_id))


@dataclass(frozen=True)
class StratumSample:
    """One category's part of a week's sample."""

    category: str
    resolutions: int
    target: int
    queued: int  # in the queue for this week after the run (earlier runs included)
    added: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class WeekSample:
    """The result of sampling one week."""

    week_start: datetime
    seed: int
    strata: tuple[StratumSample, ...]

    @property
    def added(self) -> int:
        """Items put into the queue by this run."""
        return sum(len(s.added) for s in self.strata)


def _seed_for(week_start: datetime, seed: int, category: str) -> str:
    # A string seed: Python's Random hashes it with SHA-512, stable across runs and platforms.
    return f"{seed}:{week_start.date().isoformat()}:{category}"


def _already_queued(session: Session, ticket_ids: list[str]) -> set[str]:
    return service.queued_ticket_ids(session, ticket_ids)


def sample_week(
    session: Session,
    *,
    week_start: datetime,
    policy: Policy | None = None,
    seed: int = 0,
    now: datetime | None = None,
) -> WeekSample:
    """Put a stratified, reproducible sample of one week's autonomous resolutions into the review queue.

    `week_start` is any moment in the week (its Monday 00:00 UTC is used). Tickets already queued (by an
    earlier run of this week, or any week) are not queued twice. The scheduler calls this once a week.
    """
    policy = policy or Policy()
    start = week_of(week_start)
    end = start + timedelta(days=7)
    now = now or utcnow()
    candidates = autonomous_resolutions(session, start=start, end=end)
    by_category: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_category.setdefault(c.category, []).append(c)
    queued = _already_queued(session, [c.ticket_id for c in candidates])
    strata = []
    for category, items in sorted(by_category.items()):
        target = sample_size(
            len(items), share=policy.review.sample_share, minimum=policy.review.min_per_category
        )
        order = list(items)
        random.Random(_seed_for(start, seed, category)).shuffle(order)
        # Late-arriving resolutions can grow a week: top it up to its target, never re-draw what is queued.
        need = max(0, target - sum(1 for c in items if c.ticket_id in queued))
        added: list[str] = []
        for c in order:
            if len(added) >= need:
                break
            if c.ticket_id in queued:
                continue
            session.add(
                ReviewItem(
                    ticket_id=c.ticket_id,
                    category=category,
                    week_start=start,
                    resolved_at=c.resolved_at,
                    sampled_at=now,
                    seed=seed,
                )
            )
            queued.add(c.ticket_id)
            added.append(c.ticket_id)
        in_queue = sum(1 for c in items if c.ticket_id in queued)
        strata.append(StratumSample(category, len(items), target, in_queue, tuple(added)))
    session.flush()
    result = WeekSample(start, seed, tuple(strata))
    log.info("review.sampled", week=start.date().isoformat(), added=result.added, seed=seed)
    return result


def list_queue(
    session: Session,
    *,
    pending_only: bool = False,
    category: str | None = None,
    week_start: datetime | None = None,
    limit: int = 500,
) -> Sequence[ReviewItem]:
    """Review items, unreviewed first, then newest week first."""
    week = week_of(week_start) if week_start is not None else None
    return service.review_items(
        session, pending_only=pending_only, category=category, week_start=week, limit=limit
    )


def record_verdict(
    session: Session,
    *,
    item_id: int,
    verdict: str,
    reviewer: str,
    note: str | None = None,
    now: datetime | None = None,
) -> ReviewItem:
    """Store a reviewer's verdict and note on a queued resolution (a later verdict replaces the earlier)."""
    if verdict not in VERDICTS:
        raise ReviewError(f"verdict must be one of {', '.join(VERDICTS)}; got {verdict!r}")
    if not reviewer.strip():
        raise ReviewError("a verdict needs the reviewer's name")
    item = service.review_item(session, item_id)
    if item is None:
        raise ReviewError(f"no review item {item_id}")
    item.verdict, item.note, item.reviewer = verdict, (note or "").strip() or None, reviewer
    item.reviewed_at = now or utcnow()
    session.flush()
    log.info("review.verdict", ticket_id=item.ticket_id, item_id=item.id, verdict=verdict, reviewer=reviewer)
    return item
