"""`decide()`: fold the trigger chain over one analysed ticket and pick its route."""

from __future__ import annotations

from collections.abc import Sequence

from phasegate.policy.decision import Decision, DecisionContext, Route, Trigger
from phasegate.policy.phases import Phase
from phasegate.policy.schema import Policy
from phasegate.policy.triggers import TRIGGERS, TriggerFn, phase, primary_category
from phasegate.triage.schemas import Analysis


def route_for(phase_: int, triggers: Sequence[Trigger]) -> Route:
    """SPEC.md's rule: `human` in phase 0 or when any trigger fired, else the phase's own route."""
    if triggers:
        return "human"
    return Phase(phase_).route


def decide(
    analysis: Analysis,
    context: DecisionContext,
    policy: Policy,
    *,
    triggers: Sequence[TriggerFn] = TRIGGERS,
) -> Decision:
    """Where a ticket goes under `policy`, given what its text says and what the workspace knows."""
    fired = tuple(t for t in (fn(analysis, context, policy) for fn in triggers) if t is not None)
    phase_ = phase(analysis, context, policy)
    return Decision(
        ticket_id=context.ticket_id,
        category=primary_category(analysis),
        confidence=analysis.confidence,
        phase=phase_,
        route=route_for(phase_, fired),
        escalate=bool(fired),
        triggers=fired,
        entities=analysis.entities,
        secondary=analysis.secondary,
        router_version=analysis.router_version,
    )
