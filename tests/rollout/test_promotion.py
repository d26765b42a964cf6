"""Phase gates: measured criteria, promotion refused without evidence, overrides logged with a reason."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from sqlalchemy.orm import Session

from phasegate.policy import Policy
from phasegate.rollout import service
from phasegate.rollout.flows import promotion
from tests.rollout.factories import (
    add_drafts,
    add_eval_items,
    add_reviews,
    add_tickets,
    csat_sample,
    history,
    week,
)

POLICY = Policy()


def _by_name(status: promotion.GateStatus) -> dict[str, promotion.Criterion]:
    return {c.name: c for c in status.criteria}


def _perfect_router(texts: Sequence[str]) -> list[tuple[str | None, float]]:
    """Classifies eval items by the category their text names (the factory writes it first)."""
    return [(t.split(" ")[0], 0.99) for t in texts]


def _earned_phase_two(db: Session, category: str = "order_status", *, csat: float = 4.3) -> None:
    """A category with a baseline, a quarter of phase 1, two quarters of phase 2, and good drafts."""
    rng = random.Random(7)
    history(db, category, [(0, 0), (1, 13), (2, 26)])
    add_tickets(
        db,
        prefix="B",
        category=category,
        handled_by="human",
        scores=csat_sample(rng, 4.3, 80),
        start=week(0),
        end=week(13),
    )
    phase2 = add_tickets(
        db,
        prefix="S",
        category=category,
        handled_by="ai_assisted",
        scores=csat_sample(rng, csat, 80),
        start=week(26),
        end=week(52),
    )
    add_drafts(db, phase2, accepted=0.9, edit=0.12, at=week(30))
    add_eval_items(db, category, 30)


def test_phase_one_gate_needs_a_quarter_and_an_eval_set(db: Session) -> None:
    """Weeks in phase 1 and graded eval items are measured against the seed's targets."""
    history(db, "return_policy", [(1, 0)])
    add_eval_items(db, "return_policy", 10)
    add_eval_items(db, "return_policy", 60, graded=False)
    early = promotion.gate_status(db, category="return_policy", policy=POLICY, now=week(8))
    crit = _by_name(early)
    assert (crit["weeks_in_phase"].value, crit["weeks_in_phase"].passed) == (8.0, False)
    assert (crit["eval_items"].value, crit["eval_items"].passed) == (10, False)
    add_eval_items(db, "return_policy", 40)
    later = promotion.gate_status(db, category="return_policy", policy=POLICY, now=week(14))
    assert later.ready and later.next_phase == 2


def test_phase_two_gate_passes_on_full_evidence(db: Session) -> None:
    """Two quarters of steady CSAT, accepted drafts and precise routing make order_status ready."""
    _earned_phase_two(db)
    status = promotion.all_gate_status(db, policy=POLICY, classify=_perfect_router, now=week(53))
    ready = {s.category: s for s in status}["order_status"]
    assert ready.ready, ready.failing
    crit = _by_name(ready)
    assert crit["draft_acceptance"].value == 0.9 and crit["draft_edit_rate"].value == 0.12
    assert crit["eval_precision"].value == 1.0


def test_phase_two_gate_names_each_missing_piece(db: Session) -> None:
    """Too early, CSAT sagging, no router, off the allowlist: each shows as its own failing criterion."""
    _earned_phase_two(db, "billing_issue", csat=3.3)
    status = promotion.gate_status(db, category="billing_issue", policy=POLICY, now=week(40))
    failing = {c.name for c in status.failing}
    assert failing == {"weeks_in_phase", "csat_vs_baseline", "allowlisted", "eval_precision"}
    assert _by_name(status)["csat_vs_baseline"].value > 0.2  # type: ignore[operator]


def test_promote_refuses_and_names_the_failing_criteria(db: Session) -> None:
    """Without the evidence, promotion raises naming what fails and nothing changes."""
    history(db, "order_status", [(1, 0)])
    with pytest.raises(promotion.PromotionRefused, match=r"weeks_in_phase.*eval_items"):
        promotion.promote(db, category="order_status", policy=POLICY, actor="lead", now=week(2))
    assert service.phase_map(db)["order_status"] == 1


def test_override_needs_a_reason_and_is_logged_as_override(db: Session) -> None:
    """An override without a reason is refused; with one it moves the phase and logs kind "override"."""
    history(db, "order_status", [(1, 0)])
    with pytest.raises(ValueError, match="reason"):
        promotion.promote(
            db, category="order_status", policy=POLICY, actor="lead", override=True, now=week(2)
        )
    move = promotion.promote(
        db, category="order_status", policy=POLICY, actor="lead", override=True, reason="pilot", now=week(2)
    )
    assert (move.change.kind, move.change.to_phase, move.change.reason) == ("override", 2, "pilot")
    assert {c.name for c in move.overridden} == {"weeks_in_phase", "eval_items"}
    assert (
        move.change.evidence is not None and move.change.evidence["criteria"][0]["name"] == "weeks_in_phase"
    )


def test_promotion_with_evidence_is_logged_as_promote_with_a_snapshot(db: Session) -> None:
    """A passing gate promotes one phase, the evidence snapshot stored with it."""
    _earned_phase_two(db)
    move = promotion.promote(
        db, category="order_status", policy=POLICY, actor="lead", classify=_perfect_router, now=week(53)
    )
    assert (move.change.kind, move.change.from_phase, move.change.to_phase) == ("promote", 2, 3)
    assert move.change.evidence is not None and move.change.evidence["ready"] is True


def test_phase_zero_to_one_needs_nothing_and_phase_three_has_no_next(db: Session) -> None:
    """Turning on the read-only assist is free; promoting past 3 is an error."""
    history(db, "complaint", [(0, 0)])
    assert promotion.gate_status(db, category="complaint", policy=POLICY).ready
    history(db, "order_status", [(3, 0)])
    with pytest.raises(ValueError, match="already in phase 3"):
        promotion.promote(db, category="order_status", policy=POLICY, actor="lead")


def test_demote_needs_a_reason_and_goes_down_one(db: Session) -> None:
    """Manual demotion moves down one phase and logs kind "demote"."""
    history(db, "order_status", [(3, 0)])
    with pytest.raises(ValueError, match="reason"):
        promotion.demote(db, category="order_status", policy=POLICY, actor="lead", reason="")
    change = promotion.demote(db, category="order_status", policy=POLICY, actor="lead", reason="odd answers")
    assert (change.kind, change.to_phase) == ("demote", 2)


def test_review_escalation_rate_refuses_a_return_to_phase_three(db: Session) -> None:
    """Its last phase-3 stint had 3/20 should-have-escalated: promotion is refused, the reason named."""
    _earned_phase_two(db)
    service.change_phase(
        db,
        category="order_status",
        to_phase=3,
        actor="lee",
        kind="promote",
        reason=None,
        evidence=None,
        at=week(20),
    )
    add_reviews(db, "order_status", flagged=3, correct=17, start_week=21)
    service.change_phase(
        db,
        category="order_status",
        to_phase=2,
        actor="x",
        kind="auto_demote",
        reason="r",
        evidence=None,
        at=week(24),
    )
    status = promotion.gate_status(db, category="order_status", policy=POLICY, now=week(53))
    crit = _by_name(status)["review_escalation_rate"]
    assert (crit.value, crit.passed) == (0.15, False)
    assert crit.detail == "3/20 reviewed resolutions should have escalated"
    with pytest.raises(promotion.PromotionRefused, match="review_escalation_rate"):
        promotion.promote(
            db, category="order_status", policy=POLICY, actor="lee", classify=_perfect_router, now=week(53)
        )


def test_review_rate_at_the_limit_or_never_autonomous_passes(db: Session) -> None:
    """1/20 (5%, the default limit) passes; a category never in phase 3 passes with nothing to review."""
    _earned_phase_two(db)
    never = _by_name(promotion.gate_status(db, category="order_status", policy=POLICY, now=week(53)))
    assert (
        never["review_escalation_rate"].passed
        and "never autonomous" in never["review_escalation_rate"].detail
    )
    service.change_phase(
        db,
        category="order_status",
        to_phase=3,
        actor="lee",
        kind="promote",
        reason=None,
        evidence=None,
        at=week(20),
    )
    add_reviews(db, "order_status", flagged=1, correct=19, start_week=21)
    service.change_phase(
        db,
        category="order_status",
        to_phase=2,
        actor="x",
        kind="demote",
        reason="r",
        evidence=None,
        at=week(24),
    )
    crit = _by_name(promotion.gate_status(db, category="order_status", policy=POLICY, now=week(53)))
    assert (crit["review_escalation_rate"].value, crit["review_escalation_rate"].passed) == (0.05, True)


def test_a_phase_begun_after_the_newest_ticket_has_zero_weeks_not_negative() -> None:
    """A change made today on an imported history reads 0 weeks in phase (it had no tickets yet), not -39."""
    from datetime import UTC, datetime

    now = datetime(2026, 3, 1, tzinfo=UTC)
    later = datetime(2026, 12, 1, tzinfo=UTC)
    criterion = promotion._weeks(later, now, 12)
    assert criterion.value == 0.0 and not criterion.passed and "after the newest ticket" in criterion.detail
    assert promotion._weeks(now, later, 12).value == 39.3
