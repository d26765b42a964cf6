"""The seeded effects are in the data: cheaper handling in phase 2, the return_policy sag, cost vs CSAT."""

from __future__ import annotations

from statistics import mean

import pytest

from phasegate.taxonomy import DEFLECTABLE
from phasegate.world.records import Ticket, World
from phasegate.world.timeline import PHASE1_WEEK, PHASE2_WEEK, PHASE3_WEEK


def _csat(tickets: list[Ticket]) -> float:
    return mean(t.csat for t in tickets if t.csat is not None)


@pytest.mark.slow
def test_handle_time_falls_in_phase_2(full_world: World) -> None:
    """Agents in deflectable categories spend clearly less time per ticket with drafts than with briefs."""
    agent = [t for t in full_world.tickets if t.category in DEFLECTABLE and t.handled_by == "ai_assisted"]
    p1 = mean(t.handle_seconds for t in agent if t.phase == 1)
    p2 = mean(t.handle_seconds for t in agent if t.phase == 2)
    assert p2 < 0.8 * p1


@pytest.mark.slow
def test_return_policy_ai_csat_sags_while_order_status_holds(full_world: World) -> None:
    """Weeks 37-39: AI CSAT in return_policy falls far below its baseline; order_status stays close to its."""

    def ai(cat: str, weeks: range) -> list[Ticket]:
        return [
            t for t in full_world.tickets if t.category == cat and t.handled_by == "ai" and t.week in weeks
        ]

    def baseline(cat: str) -> float:
        return _csat([t for t in full_world.tickets if t.category == cat and t.week < PHASE1_WEEK])

    late = range(37, 40)
    policy_late = ai("return_policy", late)
    assert sum(t.csat is not None for t in policy_late) >= 15
    assert _csat(policy_late) < baseline("return_policy") - 0.8
    assert _csat(ai("return_policy", range(PHASE3_WEEK, 37))) > baseline("return_policy") - 0.4
    assert abs(_csat(ai("order_status", late)) - baseline("order_status")) < 0.35


@pytest.mark.slow
def test_return_request_gets_cheaper_while_csat_falls(full_world: World) -> None:
    """Rubber-stamped drafts in return_request: cost per resolved ticket falls and CSAT falls with it."""

    def window(weeks: range) -> tuple[float, float]:
        ts = [t for t in full_world.tickets if t.category == "return_request" and t.week in weeks]
        resolved = [t for t in ts if t.status == "resolved"]
        cost = sum(float(c.amount) for t in ts for c in t.costs) / len(resolved)
        # CSAT of the tickets the AI helped with, where the rubber-stamped drafts went out
        return cost, _csat([t for t in ts if t.handled_by == "ai_assisted"])

    cost_before, csat_before = window(range(PHASE1_WEEK, PHASE2_WEEK))
    cost_after, csat_after = window(range(33, 40))
    assert cost_after < 0.8 * cost_before
    assert csat_after < csat_before - 0.3
