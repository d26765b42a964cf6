"""Rollout persistence: policy versions, phase state and history, kill switches, the decision audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.policy import PolicyError, decide, floors
from phasegate.rollout import service
from phasegate.rollout.models import Decision as DecisionRow
from phasegate.rollout.models import PhaseChange
from phasegate.taxonomy import CATEGORIES
from tests.policy.factories import analysis, context


def test_apply_stores_a_version_and_seeds_every_category(db: Session) -> None:
    """The first policy becomes version 1; each category gets its initial phase, logged as "initial"."""
    result = service.apply_policy(db, "phases: {order_status: 3}\n", author="lead", reason="go")
    assert result.created and service.policy_in_force(db).version == result.version
    states = service.phase_map(db)
    assert states["order_status"] == 3 and states["complaint"] == 1
    assert set(CATEGORIES) <= set(states)
    kinds = {c.kind for c in service.phase_history(db)}
    assert kinds == {"initial"}


def test_reapplying_the_same_policy_is_not_a_new_version(db: Session) -> None:
    """A reformatted but equal file keeps the version in force."""
    first = service.apply_policy(db, "thresholds: {amount: 40}\n", author="lead")
    again = service.apply_policy(db, "thresholds:\n  amount: 40.0\n", author="lead")
    assert (again.version, again.created) == (first.version, False)


def test_a_broken_policy_never_replaces_the_running_one(db: Session) -> None:
    """A malformed file raises, names the field, and leaves the version in force untouched."""
    good = service.apply_policy(db, "thresholds: {amount: 40}\n", author="lead")
    with pytest.raises(PolicyError, match=r"thresholds\.confidence"):
        service.apply_policy(db, "thresholds: {confidence: 3}\n", author="lead")
    current = service.policy_in_force(db)
    assert current.version == good.version and current.policy.thresholds.amount == 40


def test_phases_in_a_later_policy_are_reported_not_applied(db: Session) -> None:
    """Phases move only by promotion or demotion; a new file's different phase is reported as ignored."""
    service.apply_policy(db, "phases: {order_status: 1}\n", author="lead")
    result = service.apply_policy(db, "phases: {order_status: 3}\n", author="lead")
    assert result.created and result.phases_ignored == {"order_status": (3, 1)}
    assert service.phase_map(db)["order_status"] == 1


def test_ensure_policy_stores_the_seed_defaults_once(db: Session) -> None:
    """Before any apply, the defaults become version 1 so decisions can name a version."""
    assert service.policy_in_force(db).version is None
    first = service.ensure_policy(db)
    assert first.version is not None
    assert service.ensure_policy(db).version == first.version


def test_change_phase_keeps_who_when_why_and_evidence(db: Session) -> None:
    """A phase change updates the state and appends a history row with its evidence."""
    service.change_phase(
        db, category="order_status", to_phase=2, actor="lead", kind="promote", reason="ok", evidence={"x": 1}
    )
    assert service.phase_map(db) == {"order_status": 2}
    change = db.scalars(select(PhaseChange)).one()
    assert (change.from_phase, change.to_phase, change.actor, change.evidence) == (0, 2, "lead", {"x": 1})
    assert service.first_ai_phase_at(db, category="order_status") == change.at


def test_kill_switch_global_and_per_category_with_audit(db: Session) -> None:
    """Switches turn on and off per scope; each flip is an event; a reason is required."""
    service.set_kill_switch(db, on=True, actor="lead", reason="bad answers")
    service.set_kill_switch(db, on=True, category="order_status", actor="lead", reason="carrier outage")
    state = service.kill_state(db)
    assert state.global_on and state.categories == {"order_status"}
    service.set_kill_switch(db, on=False, actor="lead", reason="fixed")
    state = service.kill_state(db)
    assert not state.global_on and state.categories == {"order_status"}
    assert [e.on for e in service.kill_switch_events(db)] == [False, True, True]
    with pytest.raises(ValueError, match="reason"):
        service.set_kill_switch(db, on=True, actor="lead", reason=" ")


def test_stored_decisions_record_the_policy_version(db: Session) -> None:
    """Each decision lands in the audit log with its triggers and the version it was made under."""
    version = service.ensure_policy(db).version
    d = decide(analysis(confidence=0.5), context(ticket_id="T-9"), service.policy_in_force(db).policy)
    service.store_decisions(db, [d], policy_version=version)
    row = db.scalars(select(DecisionRow)).one()
    assert (row.ticket_id, row.route, row.policy_version) == ("T-9", "human", version)
    assert row.triggers[0]["code"] == "low_confidence"


def test_a_policy_below_the_floors_is_refused_and_the_running_one_kept(db: Session) -> None:
    """Emptying never_autonomous without an accepted risk raises, naming the floor; nothing is stored."""
    good = service.apply_policy(db, "thresholds: {amount: 40}\n", author="lead")
    with pytest.raises(floors.PolicyFloorError, match="never_autonomous"):
        service.apply_policy(db, "never_autonomous: []\n", author="lead")
    assert service.policy_in_force(db).version == good.version
    assert len(service.list_policy_versions(db)) == 1


def test_an_accepted_risk_is_logged_with_the_version(db: Session) -> None:
    """With a written reason the policy applies; the version keeps who, when, the reason and the floors."""
    result = service.apply_policy(
        db,
        "thresholds: {amount: .inf}\n",
        author="ana",
        reason="trial",
        accept_risk="refunds capped upstream",
    )
    row = service.get_policy_version(db, version=result.version)
    assert row is not None and row.author == "ana" and row.created_at is not None
    assert row.risk_accepted == "refunds capped upstream"
    assert row.floors_waived == ["thresholds.amount: is inf: no amount would ever count as too much"]
    assert service.policy_in_force(db).policy.thresholds.amount == float("inf")


def test_an_accepted_risk_is_not_recorded_when_no_floor_is_broken(db: Session) -> None:
    """A reason given for a policy above the floors waives nothing, so nothing is logged as waived."""
    result = service.apply_policy(db, "thresholds: {amount: 30}\n", author="ana", accept_risk="just in case")
    row = service.get_policy_version(db, version=result.version)
    assert row is not None and row.risk_accepted is None and row.floors_waived is None


def test_stored_phase_reads_one_category(db: Session) -> None:
    """stored_phase gives a changed category's phase, and None for no category or one never stored."""
    service.change_phase(
        db, category="order_status", to_phase=2, actor="lead", kind="override", reason="test", evidence=None
    )
    assert service.stored_phase(db, "order_status") == 2
    assert service.stored_phase(db, None) is None
    assert service.stored_phase(db, "no_such_category") is None


def test_change_phase_refuses_a_phase_out_of_range(db: Session) -> None:
    """A phase outside 0-3 is refused with a message naming the allowed values."""
    with pytest.raises(ValueError, match=r"0, 1, 2 or 3, got 4"):
        service.change_phase(
            db, category="order_status", to_phase=4, actor="lead", kind="override", reason="x", evidence=None
        )
