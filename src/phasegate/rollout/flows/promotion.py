"""Phase gates: the evidence each category has for its next phase, promotion (refused without it), demotion.

Phase 0 -> 1 needs no evidence (phase 1 is read-only). 1 -> 2 needs about a quarter in phase 1 and a graded
eval set; 2 -> 3 needs two quarters in phase 2 with CSAT steady against the pre-AI baseline, drafts accepted
and lightly edited, the category allowlisted and not never-autonomous, and precise routing on the eval set.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from phasegate.db.base import utcnow
from phasegate.policy import Policy
from phasegate.policy.phases import Phase
from phasegate.rollout import service
from phasegate.rollout.flows import evidence
from phasegate.rollout.flows.evidence import Classify, Precision
from phasegate.rollout.models import PhaseChange

_WEEK_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Criterion:
    """One gate condition: what was measured, the target, and whether it passes."""

    name: str
    value: float | int | str | None
    target: str
    passed: bool
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        """For `--json` and the evidence snapshot."""
        return asdict(self)


@dataclass(frozen=True)
class GateStatus:
    """A category's phase and the evidence for its next one."""

    category: str
    phase: int
    since: datetime | None
    next_phase: int | None
    criteria: tuple[Criterion, ...] = ()

    @property
    def ready(self) -> bool:
        """Whether every criterion of the next gate passes (False at phase 3: there is no next phase)."""
        return self.next_phase is not None and all(c.passed for c in self.criteria)

    @property
    def failing(self) -> tuple[Criterion, ...]:
        """The criteria that do not pass."""
        return tuple(c for c in self.criteria if not c.passed)

    def as_dict(self) -> dict[str, Any]:
        """For `--json`, the console and the evidence snapshot of a phase change."""
        return {
            "category": self.category,
            "phase": self.phase,
            "since": self.since.isoformat() if self.since else None,
            "next_phase": self.next_phase,
            "ready": self.ready,
            "criteria": [c.as_dict() for c in self.criteria],
        }


class PromotionRefused(Exception):
    """The gate's evidence is missing; the message names each failing criterion."""

    def __init__(self, status: GateStatus) -> None:
        self.status = status
        names = "; ".join(f"{c.name}: {c.detail or c.value} (needs {c.target})" for c in status.failing)
        super().__init__(f"{status.category} cannot move to phase {status.next_phase}: {names}")


def _weeks(since: datetime | None, now: datetime, minimum: float) -> Criterion:
    if since is None:
        return Criterion("weeks_in_phase", None, f">= {minimum:g}", False, "no recorded start of this phase")
    if since > now:
        # The phase began after the newest ticket (a change made today on an imported history): no time
        # with tickets in it yet, never negative time.
        return Criterion(
            "weeks_in_phase", 0.0, f">= {minimum:g}", minimum <= 0, "began after the newest ticket"
        )
    weeks = round((now - since).total_seconds() / _WEEK_SECONDS, 1)
    return Criterion("weeks_in_phase", weeks, f">= {minimum:g}", weeks >= minimum)


def _mean(values: list[int]) -> float | None:
    return round(statistics.fmean(values), 3) if values else None


def _csat_steady(session: Session, category: str, since: datetime | None, policy: Policy) -> Criterion:
    gate = policy.gates.suggest_to_autonomous
    target = f"drop <= {gate.max_csat_drop:g}, n >= {gate.min_csat_samples}"
    first = service.first_ai_phase_at(session, category=category)
    baseline = evidence.csat_scores(session, category=category, handled_by=("human",), end=first)
    if first is None:
        baseline = []
    phase = evidence.csat_scores(session, category=category, handled_by=("ai_assisted",), start=since)
    b, p = _mean(baseline), _mean(phase)
    if b is None or p is None or min(len(baseline), len(phase)) < gate.min_csat_samples:
        detail = f"too few surveys: {len(phase)} in phase 2, {len(baseline)} pre-AI baseline"
        return Criterion("csat_vs_baseline", None, target, False, detail)
    drop = round(b - p, 3)
    detail = f"{p:.2f} (n={len(phase)}) in phase 2 vs {b:.2f} (n={len(baseline)}) pre-AI baseline"
    return Criterion("csat_vs_baseline", drop, target, drop <= gate.max_csat_drop, detail)


def _drafts(session: Session, category: str, since: datetime | None, policy: Policy) -> list[Criterion]:
    gate = policy.gates.suggest_to_autonomous
    stats = evidence.draft_stats(session, category=category, since=since)
    enough = stats.judged >= gate.min_drafts
    n = f"{stats.drafts} drafts, {stats.judged} judged"
    acceptance = round(stats.acceptance, 3) if stats.acceptance is not None else None
    edit = round(stats.mean_edit, 3) if stats.mean_edit is not None else None
    return [
        Criterion(
            "draft_acceptance",
            acceptance,
            f">= {gate.min_acceptance:g}, n >= {gate.min_drafts}",
            enough and acceptance is not None and acceptance >= gate.min_acceptance,
            n,
        ),
        Criterion(
            "draft_edit_rate",
            edit,
            f"<= {gate.max_edit_rate:g}",
            enough and edit is not None and edit <= gate.max_edit_rate,
            "mean share edited" if edit is not None else "no drafts",
        ),
    ]


def _precision(category: str, policy: Policy, precision: dict[str, Precision] | None) -> Criterion:
    gate = policy.gates.suggest_to_autonomous
    threshold = policy.thresholds.confidence
    target = f">= {gate.min_eval_precision:g} at confidence {threshold:g}, n >= {gate.min_eval_predictions}"
    if precision is None:
        return Criterion("eval_precision", None, target, False, "no router to measure with")
    got = precision.get(category)
    if got is None or got.predicted < gate.min_eval_predictions:
        n = got.predicted if got else 0
        return Criterion("eval_precision", None, target, False, f"{n} eval items routed here confidently")
    value = round(got.precision or 0.0, 3)
    detail = f"{got.correct}/{got.predicted} eval items right"
    return Criterion("eval_precision", value, target, value >= gate.min_eval_precision, detail)


def _review(session: Session, category: str, policy: Policy) -> Criterion:
    """The sampled review of the category's last time in phase 3 (if any): not too many should-escalates.

    Unlike the automatic demotion this needs no minimum sample: refusing is cheap, and a lead who knows the
    cause was fixed can override with a written reason.
    """
    limit = policy.review.max_should_have_escalated
    target = f"<= {limit:g} should-have-escalated in the sampled review"
    entered = service.last_phase_entry(session, category=category, phase=Phase.AUTONOMOUS)
    if entered is None:
        return Criterion("review_escalation_rate", None, target, True, "never autonomous: nothing reviewed")
    got = evidence.review_rate(session, category=category, start=entered)
    if got.rate is None:
        return Criterion("review_escalation_rate", None, target, True, "no reviewed autonomous resolutions")
    value = round(got.rate, 3)
    detail = f"{got.flagged}/{got.reviewed} reviewed resolutions should have escalated"
    return Criterion("review_escalation_rate", value, target, value <= limit, detail)


def gate_status(
    session: Session,
    *,
    category: str,
    policy: Policy,
    now: datetime | None = None,
    precision: dict[str, Precision] | None = None,
) -> GateStatus:
    """The category's phase and each criterion of its next gate, measured as of the newest ticket.

    Time in phase runs to the newest stored ticket, not the wall clock, so an imported history is judged on
    its own timeline (the same end the demotion window uses); on a live helpdesk the two are the same.
    """
    now = now or evidence.latest_ticket_at(session) or utcnow()
    state = service.phase_states(session).get(category)
    phase = state.phase if state else policy.phase_of(category)
    since = state.since if state else None
    if phase >= Phase.AUTONOMOUS:
        return GateStatus(category, phase, since, None)
    if phase == Phase.OFF:
        return GateStatus(category, phase, since, Phase.ASSIST)
    if phase == Phase.ASSIST:
        gate = policy.gates.assist_to_suggest
        items = evidence.graded_eval_items(session, category=category)
        criteria: tuple[Criterion, ...] = (
            _weeks(since, now, gate.min_weeks),
            Criterion(
                "eval_items",
                items,
                f">= {gate.min_eval_items} graded (eval build)",
                items >= gate.min_eval_items,
            ),
        )
        return GateStatus(category, phase, since, Phase.SUGGEST, criteria)
    suggest = policy.gates.suggest_to_autonomous
    criteria = (
        _weeks(since, now, suggest.min_weeks),
        _csat_steady(session, category, since, policy),
        *_drafts(session, category, since, policy),
        Criterion(
            "allowlisted", category in policy.allowlist, "on the allowlist", category in policy.allowlist
        ),
        Criterion(
            "not_never_autonomous",
            category not in policy.never_autonomous,
            "not on never_autonomous",
            category not in policy.never_autonomous,
        ),
        _precision(category, policy, precision),
        _review(session, category, policy),
    )
    return GateStatus(category, phase, since, 3, criteria)


def all_gate_status(
    session: Session,
    *,
    policy: Policy,
    classify: Classify | None = None,
    now: datetime | None = None,
) -> list[GateStatus]:
    """`gate_status` for every known category (the eval set is classified once for all of them)."""
    precision = (
        evidence.eval_precision(session, classify=classify, threshold=policy.thresholds.confidence)
        if classify is not None
        else None
    )
    categories = sorted(service.known_categories(policy) | set(service.phase_states(session)))
    return [gate_status(session, category=c, policy=policy, now=now, precision=precision) for c in categories]


@dataclass(frozen=True)
class PhaseMove:
    """A phase change that was made, with the evidence it was made on."""

    change: PhaseChange
    status: GateStatus
    overridden: tuple[Criterion, ...] = field(default=())


def promote(
    session: Session,
    *,
    category: str,
    policy: Policy,
    actor: str,
    override: bool = False,
    reason: str | None = None,
    classify: Classify | None = None,
    now: datetime | None = None,
) -> PhaseMove:
    """Move a category up one phase when its gate passes; with `override` and a written reason, regardless.

    Raises PromotionRefused naming the failing criteria, or ValueError when there is no next phase or an
    override has no reason.
    """
    precision = (
        evidence.eval_precision(session, classify=classify, threshold=policy.thresholds.confidence)
        if classify is not None
        else None
    )
    status = gate_status(session, category=category, policy=policy, now=now, precision=precision)
    if status.next_phase is None:
        raise ValueError(f"{category} is already in phase 3")
    if override and not (reason and reason.strip()):
        raise ValueError("an override needs a written reason (--reason)")
    if status.failing and not override:
        raise PromotionRefused(status)
    kind = "override" if status.failing else "promote"
    change = service.change_phase(
        session,
        category=category,
        to_phase=status.next_phase,
        actor=actor,
        kind=kind,
        reason=reason,
        evidence=status.as_dict(),
        at=now,
    )
    return PhaseMove(change=change, status=status, overridden=status.failing)


def demote(
    session: Session,
    *,
    category: str,
    policy: Policy,
    actor: str,
    reason: str,
    to_phase: int | None = None,
    now: datetime | None = None,
) -> PhaseChange:
    """Move a category down (one phase unless told); needs no evidence, only a reason."""
    if not reason.strip():
        raise ValueError("a demotion needs a reason (--reason)")
    state = service.phase_states(session).get(category)
    phase = state.phase if state else policy.phase_of(category)
    target = phase - 1 if to_phase is None else to_phase
    if not Phase.OFF <= target < phase:
        raise ValueError(f"{category} is in phase {phase}; cannot demote to {target}")
    status = gate_status(session, category=category, policy=policy, now=now)
    return service.change_phase(
        session,
        category=category,
        to_phase=target,
        actor=actor,
        kind="demote",
        reason=reason,
        evidence=status.as_dict(),
        at=now,
    )
