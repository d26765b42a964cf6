"""Where the metrics read the rollout: the phases in force, phase history, and the demotion rule.

The rule that raises the "AI CSAT materially below" alarm must be the very rule that demotes a category
automatically, so it is asked of `phasegate.rollout`, never re-derived here. This module is the one place
that wiring lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.metrics.stats import Stats, mean_drop_significant
from phasegate.policy.schema import PolicyError, parse_policy
from phasegate.rollout.models import CategoryPhase, PhaseChange, PolicyVersion

# Provisional stand-in for the rollout's demotion rule until `phasegate.rollout` ships it (see `demotion`).
_MATERIAL_GAP = 0.30
_MIN_AI_N = 30


@dataclass(frozen=True)
class Demotion:
    """The demotion rule's verdict on a category: whether it fires, and why in words."""

    fires: bool
    reason: str


def demotion(category: str, *, ai: Stats, human: Stats, baseline: Stats) -> Demotion:
    """The rollout's automatic-demotion rule applied to a category's AI, human and baseline CSAT."""
    for name, reference in (("human", human), ("baseline", baseline)):
        m_ai, m_ref = ai.csat_mean, reference.csat_mean
        if m_ai is None or m_ref is None or ai.csat_n < _MIN_AI_N or reference.csat_n < _MIN_AI_N:
            continue
        if m_ref - m_ai >= _MATERIAL_GAP and mean_drop_significant(reference, ai):
            return Demotion(
                True, f"AI CSAT {m_ai:.2f} (n={ai.csat_n}) is below {name} {m_ref:.2f} (n={reference.csat_n})"
            )
    return Demotion(False, "")


def current_phases(session: Session) -> dict[str, int]:
    """The phase each category is in now."""
    return {row.category: row.phase for row in session.scalars(select(CategoryPhase))}


@dataclass(frozen=True)
class PhaseEvent:
    """One phase change, as the dashboard lists it."""

    category: str
    from_phase: int
    to_phase: int
    at: datetime
    actor: str
    kind: str
    reason: str | None


def phase_history(session: Session, *, limit: int = 200) -> list[PhaseEvent]:
    """Phase changes, newest first."""
    rows = session.scalars(
        select(PhaseChange).order_by(PhaseChange.at.desc(), PhaseChange.id.desc()).limit(limit)
    )
    return [PhaseEvent(r.category, r.from_phase, r.to_phase, r.at, r.actor, r.kind, r.reason) for r in rows]


def currency(session: Session) -> str:
    """The currency of the policy in force (USD when none is applied or it cannot be read)."""
    text = session.scalar(select(PolicyVersion.yaml).order_by(PolicyVersion.id.desc()).limit(1))
    if text is None:
        return "USD"
    try:
        return parse_policy(text).currency
    except PolicyError:
        return "USD"
