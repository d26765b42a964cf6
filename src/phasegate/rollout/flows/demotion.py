"""Automatic demotion: a phase-3 category whose AI-handled CSAT is materially below human or baseline CSAT,
or whose sampled review says it should have escalated too often, leaves phase 3, logged with its evidence
(kind "auto_demote").

"Materially" is a non-inferiority test: with enough surveys on both sides (`demotion.min_samples`), a
one-sided Welch t-test must reject "AI CSAT is at most `demotion.margin` points lower" at `demotion.alpha`,
i.e. we are confident the gap is larger than the margin. The AI sample is the recent window
(`demotion.window_days`, ending at the newest ticket, starting no earlier than the category's entry into
phase 3); it is compared with human-handled tickets in the same window and with the pre-AI baseline.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from phasegate.db.base import utcnow
from phasegate.policy import Policy
from phasegate.policy.phases import Phase
from phasegate.policy.schema import Demotion
from phasegate.rollout import service
from phasegate.rollout.flows import evidence


@dataclass(frozen=True)
class Comparison:
    """AI-handled CSAT against one reference segment."""

    against: str  # "human" (same window) | "baseline" (pre-AI) | "review" (sampled review vs its limit)
    ai_n: int
    ai_mean: float | None
    ref_n: int
    ref_mean: float | None
    gap: float | None
    p_value: float | None
    fired: bool
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """For `--json`, the console and the evidence snapshot."""
        return asdict(self)


@dataclass(frozen=True)
class DemotionCheck:
    """The verdict on one phase-3 category."""

    category: str
    window_start: datetime
    window_end: datetime
    comparisons: tuple[Comparison, ...]
    applied: bool = False
    review: Comparison | None = None  # the sampled review's should-have-escalated rate (check_demotions)

    @property
    def fired(self) -> bool:
        """Whether AI CSAT is materially below either reference, or the sampled review says demote."""
        return any(c.fired for c in self.comparisons) or bool(self.review and self.review.fired)

    def as_dict(self) -> dict[str, Any]:
        """For `--json`, the console and the evidence snapshot."""
        return {
            "category": self.category,
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "fired": self.fired,
            "applied": self.applied,
            "comparisons": [c.as_dict() for c in self.comparisons],
            "review": self.review.as_dict() if self.review else None,
        }


def one_sided_p(ai: Sequence[float], ref: Sequence[float]) -> float:
    """p-value of "AI CSAT is lower than the reference" under Welch's t-test (unequal variances)."""
    from scipy import stats  # scipy is slow to import; only the demotion check needs it

    if statistics.pvariance(ai) == 0 and statistics.pvariance(ref) == 0:
        # Two constant samples: the t statistic is undefined, the answer is not.
        return 0.0 if statistics.fmean(ai) < statistics.fmean(ref) else 1.0
    p = float(stats.ttest_ind(ai, ref, equal_var=False, alternative="less").pvalue)
    return 1.0 if math.isnan(p) else p


def compare(ai: Sequence[int], ref: Sequence[int], *, against: str, rule: Demotion) -> Comparison:
    """Whether AI CSAT is materially (more than `rule.margin`, confidently) below `ref`."""
    ai_mean = round(statistics.fmean(ai), 3) if ai else None
    ref_mean = round(statistics.fmean(ref), 3) if ref else None
    if len(ai) < rule.min_samples or len(ref) < rule.min_samples:
        reason = f"too few surveys (AI {len(ai)}, {against} {len(ref)}; need {rule.min_samples} each)"
        return Comparison(against, len(ai), ai_mean, len(ref), ref_mean, None, None, False, reason)
    assert ai_mean is not None and ref_mean is not None
    gap = round(ref_mean - ai_mean, 3)
    # Shifting the AI answers up by the margin turns "lower by more than the margin" into "lower".
    p = one_sided_p([v + rule.margin for v in ai], ref)
    fired = p < rule.alpha
    reason = (
        f"AI {ai_mean:.2f} (n={len(ai)}) vs {against} {ref_mean:.2f} (n={len(ref)}): gap {gap:+.2f}; "
        f'Welch p={p:.2g} for "gap <= {rule.margin:g}" (alpha {rule.alpha:g})'
    )
    return Comparison(against, len(ai), ai_mean, len(ref), ref_mean, gap, round(p, 6), fired, reason)


def check_category(
    session: Session, *, category: str, policy: Policy, as_of: datetime, since: datetime | None
) -> DemotionCheck:
    """Compare a phase-3 category's recent AI-handled CSAT with human-handled and pre-AI baseline CSAT."""
    rule = policy.demotion
    start = as_of - timedelta(days=rule.window_days)
    if since is not None and since > start:
        start = since
    end = as_of + timedelta(microseconds=1)  # the window includes the newest ticket
    ai = evidence.csat_scores(session, category=category, handled_by=("ai",), start=start, end=end)
    human = evidence.csat_scores(
        session, category=category, handled_by=evidence.HUMAN_HANDLED, start=start, end=end
    )
    comparisons = [compare(ai, human, against="human", rule=rule)]
    first = service.first_ai_phase_at(session, category=category)
    if first is None:
        comparisons.append(
            Comparison("baseline", len(ai), None, 0, None, None, None, False, "no pre-AI baseline")
        )
    else:
        baseline = evidence.csat_scores(session, category=category, handled_by=("human",), end=first)
        comparisons.append(compare(ai, baseline, against="baseline", rule=rule))
    return DemotionCheck(category, start, as_of, tuple(comparisons))


def check_review(
    session: Session, *, category: str, policy: Policy, as_of: datetime, since: datetime | None
) -> Comparison:
    """The sampled review of a phase-3 category: fired when, with `review.min_reviewed` verdicts on its
    resolutions of the last `review.window_days` (in phase 3), the should-have-escalated share is above
    `review.max_should_have_escalated`. Reported as a comparison against that limit."""
    rule = policy.review
    start = as_of - timedelta(days=rule.window_days)
    if since is not None and since > start:
        start = since
    got = evidence.review_rate(session, category=category, start=start, end=as_of + timedelta(microseconds=1))
    rate = round(got.rate, 3) if got.rate is not None else None
    limit = rule.max_should_have_escalated
    if got.reviewed < rule.min_reviewed:
        reason = f"too few reviewed resolutions ({got.reviewed}; need {rule.min_reviewed})"
        return Comparison("review", got.reviewed, rate, 0, limit, None, None, False, reason)
    assert rate is not None
    fired = rate > limit
    reason = (
        f"{got.flagged}/{got.reviewed} reviewed resolutions should have escalated ({rate:.1%}), "
        f"{'above' if fired else 'within'} the {limit:.1%} limit"
    )
    return Comparison("review", got.reviewed, rate, 0, limit, round(rate - limit, 3), None, fired, reason)


def _reason(comparisons: Sequence[Comparison]) -> str:
    csat = [c.reason for c in comparisons if c.fired and c.against != "review"]
    review = [c.reason for c in comparisons if c.fired and c.against == "review"]
    parts = []
    if csat:
        parts.append(f"AI-handled CSAT materially below: {'; '.join(csat)}")
    if review:
        parts.append(f"sampled review: {'; '.join(review)}")
    return " | ".join(parts)


def check_demotions(
    session: Session,
    *,
    policy: Policy,
    apply: bool = True,
    actor: str = "phasegate",
    as_of: datetime | None = None,
) -> list[DemotionCheck]:
    """Check every phase-3 category and (with `apply` and `demotion.enabled`) demote the ones that fired.

    The dashboard calls this; `phasegate phase check-demotions` runs it from a schedule.
    """
    as_of = as_of or evidence.latest_ticket_at(session) or utcnow()
    checks = []
    for category, state in sorted(service.phase_states(session).items()):
        if state.phase != Phase.AUTONOMOUS:
            continue
        check = check_category(session, category=category, policy=policy, as_of=as_of, since=state.since)
        review = check_review(session, category=category, policy=policy, as_of=as_of, since=state.since)
        check = DemotionCheck(
            check.category, check.window_start, check.window_end, check.comparisons, False, review
        )
        if check.fired and apply and policy.demotion.enabled:
            check = DemotionCheck(
                check.category, check.window_start, check.window_end, check.comparisons, True, review
            )
            service.change_phase(
                session,
                category=category,
                to_phase=policy.demotion.to_phase,
                actor=actor,
                kind="auto_demote",
                reason=_reason((*check.comparisons, review)),
                evidence=check.as_dict(),
            )
        checks.append(check)
    return checks
