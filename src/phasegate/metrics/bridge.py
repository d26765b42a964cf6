"""Where the metrics read the rollout: the phases in force, phase history, the policy, the demotion rule.

The rule that raises the "AI CSAT materially below" alarm is the very rule that demotes a category
automatically (`phasegate.rollout.flows.demotion`), asked here without applying it. This module is the one
place that wiring lives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from phasegate.policy.phases import Phase
from phasegate.rollout import service as rollout
from phasegate.rollout.flows import demotion as demotion_flow
from phasegate.rollout.flows.evidence import latest_ticket_at


@dataclass(frozen=True)
class Demotion:
    """The demotion rule's verdict on a category: whether it fires, why in words, and its evidence."""

    fires: bool
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)


def _last_entry_into_phase_3(session: Session, category: str) -> datetime | None:
    """When the category last entered phase 3; None when it never was in phase 3."""
    for change in rollout.phase_history(session, category=category, limit=1000):
        if change.to_phase == Phase.AUTONOMOUS and change.from_phase != Phase.AUTONOMOUS:
            return change.at
    return None


def demotion(session: Session, *, category: str) -> Demotion:
    """The rollout's automatic-demotion rule applied (read-only) to a category that has been in phase 3.

    A category already demoted is still judged over its last phase-3 window, so its alarm stays next to
    the demotion it caused.
    """
    since = _last_entry_into_phase_3(session, category)
    as_of = latest_ticket_at(session)
    if since is None or as_of is None:
        return Demotion(False, "")
    policy = rollout.policy_in_force(session).policy
    check = demotion_flow.check_category(session, category=category, policy=policy, as_of=as_of, since=since)
    reasons = "; ".join(c.reason for c in check.comparisons if c.fired)
    return Demotion(
        check.fired, f"AI-handled CSAT materially below: {reasons}" if reasons else "", check.as_dict()
    )


def current_phases(session: Session) -> dict[str, int]:
    """The phase each category is in now."""
    return rollout.phase_map(session)


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
    return [
        PhaseEvent(r.category, r.from_phase, r.to_phase, r.at, r.actor, r.kind, r.reason)
        for r in rollout.phase_history(session, limit=limit)
    ]


def currency(session: Session) -> str:
    """The currency of the policy in force."""
    return rollout.policy_in_force(session).policy.currency
