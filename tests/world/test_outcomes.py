"""The effects in the data come from honest causes: cheaper handling in phase 2, AI CSAT that follows what
the product's engine actually said, and rubber-stamped return_request drafts that are cheap and score worse.
"""

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
def test_csat_follows_whether_the_products_reply_answered(full_world: World) -> None:
    """Customers whom phasegate's reply left without what they needed (the engine's own answer in phase 3,
    or its draft an agent sent as written) rate it far lower than those it answered; the miss is the only
    thing separating them."""
    replied = [t for t in full_world.tickets if t.handled_by in ("ai", "ai_assisted")]
    missed = [t for t in replied if t.extra["world"].get("ai_missed_question")]
    answered = [t for t in replied if not t.extra["world"].get("ai_missed_question")]
    # The engine's own misses alone became too few to rate as it missed less (seed 7: 15 misses, 4 rated,
    # with the outside-calibrated router; 6 and 3 on 2026-12-06; 2 and 1 once an answer that would repeat
    # the last one went to a person), so the sent drafts that miss are pooled with them: 177 misses, 50
    # rated, on 2026-12-06. A miss costs 2.0 of the mean (`outcomes.csat_mean`); a rating's noise is 0.8.
    assert sum(t.csat is not None for t in missed) >= 20
    assert _csat(missed) < _csat(answered) - 1.0


@pytest.mark.slow
def test_order_status_ai_csat_stays_near_its_baseline(full_world: World) -> None:
    """The engine answers status questions from the store: order_status AI CSAT stays near its pre-AI mean."""
    baseline = _csat([t for t in full_world.tickets if t.category == "order_status" and t.week < PHASE1_WEEK])
    ai = [
        t
        for t in full_world.tickets
        if t.category == "order_status" and t.handled_by == "ai" and t.week >= PHASE3_WEEK
    ]
    assert abs(_csat(ai) - baseline) < 0.4


@pytest.mark.slow
def test_return_request_gets_cheaper_and_rubber_stamps_score_worse(full_world: World) -> None:
    """Rubber-stamped drafts in return_request: cost per resolved ticket falls, and the drafts sent as written
    (which lack the return the agent never started) score lower than edited ones."""

    def cost(weeks: range) -> float:
        ts = [t for t in full_world.tickets if t.category == "return_request" and t.week in weeks]
        resolved = [t for t in ts if t.status == "resolved"]
        return sum(float(c.amount) for t in ts for c in t.costs) / len(resolved)

    assert cost(range(33, 40)) < 0.8 * cost(range(PHASE1_WEEK, PHASE2_WEEK))
    drafted = [t for t in full_world.tickets if t.category == "return_request" and t.draft is not None]
    stamped = [t for t in drafted if t.draft is not None and t.draft.edit_ratio == 0]
    edited = [t for t in drafted if t.draft is not None and t.draft.edit_ratio > 0]
    assert sum(t.csat is not None for t in stamped) >= 10
    assert _csat(stamped) < _csat(edited) - 0.5
