"""On the demo world (branch `world`), automatic demotion fires on the sagging category and on no other."""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from phasegate.policy import Policy
from phasegate.rollout import service
from phasegate.rollout.flows import demotion
from phasegate.tickets.models import Ticket
from phasegate.world.generate import generate
from phasegate.world.records import World


@pytest.fixture(scope="module")
def world() -> World:
    """The default demo world (seed 7), generated once for this module."""
    return generate(seed=7)


@pytest.mark.slow
def test_demotion_fires_on_return_policy_only(db: Session, world: World) -> None:
    """With the default policy, of the two phase-3 categories only return_policy (which sags) is demoted."""
    # Only what the check reads: each ticket's segment, CSAT and time, and the phase history.
    db.execute(
        insert(Ticket),
        [
            {
                "id": t.id,
                "category": t.category,
                "handled_by": t.handled_by,
                "csat": t.csat,
                "created_at": t.created_at,
                "status": t.status,
            }
            for t in world.tickets
        ],
    )
    for change in sorted(world.phase_changes, key=lambda c: c.at):
        service.change_phase(
            db,
            category=change.category,
            to_phase=change.to_phase,
            actor=change.actor,
            kind=change.kind,
            reason=change.reason,
            evidence=change.evidence,
            at=change.at,
        )
    checks = demotion.check_demotions(db, policy=Policy(), actor="test")
    assert {c.category: c.fired for c in checks} == {"order_status": False, "return_policy": True}
    assert [c.category for c in checks if c.applied] == ["return_policy"]
    assert service.phase_map(db)["return_policy"] == 2
