"""Automatic demotion: fires on a sagging phase-3 category, not on noise, and logs its evidence."""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.policy import Policy
from phasegate.policy.schema import Demotion
from phasegate.rollout import service
from phasegate.rollout.flows import demotion
from phasegate.rollout.models import PhaseChange
from tests.rollout.factories import add_reviews, add_tickets, csat_sample, history, week

RULE = Demotion()


def _world(db: Session) -> None:
    """Three phase-3 categories over 40 weeks: one sags, one is noisy but fine, one has ten bad surveys."""
    rng = random.Random(3)
    for cat in ("return_policy", "order_status", "account_access"):
        history(db, cat, [(0, 0), (1, 13), (2, 20), (3, 32)])
        add_tickets(
            db,
            prefix=f"{cat}-base",
            category=cat,
            handled_by="human",
            scores=csat_sample(rng, 4.3, 150),
            start=week(0),
            end=week(13),
        )
        add_tickets(
            db,
            prefix=f"{cat}-hum",
            category=cat,
            handled_by="human",
            scores=csat_sample(rng, 4.2, 60),
            start=week(32),
            end=week(40),
        )
    # return_policy: fine at first, then AI answers sag in the last four weeks.
    add_tickets(
        db,
        prefix="rp-ai-early",
        category="return_policy",
        handled_by="ai",
        scores=csat_sample(rng, 4.3, 60),
        start=week(32),
        end=week(36),
    )
    add_tickets(
        db,
        prefix="rp-ai-late",
        category="return_policy",
        handled_by="ai",
        scores=csat_sample(rng, 3.4, 70),
        start=week(36),
        end=week(40),
    )
    # order_status: noisy surveys, a shade lower than humans but not materially.
    add_tickets(
        db,
        prefix="os-ai",
        category="order_status",
        handled_by="ai",
        scores=csat_sample(rng, 4.2, 140),
        start=week(32),
        end=week(40),
    )
    # account_access: only ten AI surveys, all poor: too few to judge.
    add_tickets(
        db,
        prefix="aa-ai",
        category="account_access",
        handled_by="ai",
        scores=[1, 2, 2, 1, 3, 2, 1, 2, 3, 1],
        start=week(37),
        end=week(40),
    )


def test_fires_on_the_sagging_category_and_no_other(db: Session) -> None:
    """Only return_policy leaves phase 3, logged as auto_demote with both comparisons as evidence."""
    _world(db)
    checks = demotion.check_demotions(db, policy=Policy(), actor="scheduler")
    verdicts = {c.category: c.fired for c in checks}
    assert verdicts == {"return_policy": True, "order_status": False, "account_access": False}
    assert service.phase_map(db)["return_policy"] == 2
    assert service.phase_map(db)["order_status"] == 3 and service.phase_map(db)["account_access"] == 3
    change = db.scalars(select(PhaseChange).where(PhaseChange.kind == "auto_demote")).one()
    assert change.category == "return_policy" and change.actor == "scheduler"
    assert change.evidence is not None and change.evidence["fired"] is True
    assert {c["against"] for c in change.evidence["comparisons"]} == {"human", "baseline"}
    too_few = {c.category: c for c in checks}["account_access"].comparisons[0]
    assert "too few surveys" in too_few.reason


def test_dry_run_reports_without_demoting(db: Session) -> None:
    """With apply=False the verdict is reported and the phase stays."""
    _world(db)
    checks = demotion.check_demotions(db, policy=Policy(), apply=False)
    assert [c.category for c in checks if c.fired] == ["return_policy"]
    assert not any(c.applied for c in checks)
    assert service.phase_map(db)["return_policy"] == 3


def test_disabled_demotion_reports_but_never_applies(db: Session) -> None:
    """`demotion.enabled: false` keeps the check as a report only."""
    _world(db)
    policy = Policy.model_validate({"demotion": {"enabled": False}})
    checks = demotion.check_demotions(db, policy=policy)
    assert any(c.fired for c in checks) and service.phase_map(db)["return_policy"] == 3


def test_a_wider_window_dilutes_a_recent_sag_below_materiality(db: Session) -> None:
    """The window is configurable: over all eight phase-3 weeks the late sag is too small a gap to act on."""
    _world(db)
    policy = Policy.model_validate({"demotion": {"window_days": 56, "margin": 0.4}})
    checks = demotion.check_demotions(db, policy=policy, apply=False)
    assert not any(c.fired for c in checks)


def test_noise_alone_rarely_fires_and_a_real_sag_almost_always_does() -> None:
    """Over 200 simulated windows: equal CSAT fires at most 1%, a 0.8-point sag at least 95%."""
    rng = random.Random(11)
    false_alarms = sum(
        demotion.compare(
            csat_sample(rng, 4.2, 60), csat_sample(rng, 4.2, 200), against="human", rule=RULE
        ).fired
        for _ in range(200)
    )
    caught = sum(
        demotion.compare(
            csat_sample(rng, 3.4, 60), csat_sample(rng, 4.2, 200), against="human", rule=RULE
        ).fired
        for _ in range(200)
    )
    assert false_alarms <= 2 and caught >= 190


def test_ten_bad_surveys_never_flip_a_category() -> None:
    """Below the minimum sample size nothing fires, however bad the answers."""
    verdict = demotion.compare([1] * 10, [5] * 200, against="baseline", rule=RULE)
    assert not verdict.fired and verdict.p_value is None


def test_sampled_review_demotes_a_category_that_should_have_escalated_too_often(db: Session) -> None:
    """4/25 should-have-escalated (16% > 5%) demotes; 10/10 is too few verdicts; 1/25 (4%) stays."""
    for cat in ("return_policy", "order_status", "account_access"):
        history(db, cat, [(0, 0), (3, 1)])
    add_reviews(db, "return_policy", flagged=4, correct=21, start_week=3)
    add_reviews(db, "order_status", flagged=10, correct=0, start_week=3)
    add_reviews(db, "account_access", flagged=1, correct=24, start_week=3)
    checks = {
        c.category: c for c in demotion.check_demotions(db, policy=Policy(), actor="scheduler", as_of=week(4))
    }
    assert checks["return_policy"].applied and checks["return_policy"].review is not None
    assert not checks["order_status"].fired and "too few reviewed" in checks["order_status"].review.reason  # type: ignore[union-attr]
    assert not checks["account_access"].fired
    assert service.phase_map(db) == {"return_policy": 2, "order_status": 3, "account_access": 3}
    change = db.scalars(select(PhaseChange).where(PhaseChange.kind == "auto_demote")).one()
    assert change.reason == (
        "sampled review: 4/25 reviewed resolutions should have escalated (16.0%), above the 5.0% limit"
    )
    assert change.evidence is not None and change.evidence["review"]["ai_n"] == 25


def test_review_verdicts_before_phase_three_or_outside_the_window_do_not_count(db: Session) -> None:
    """Verdicts on resolutions older than review.window_days (28) are not the category's current record."""
    history(db, "return_policy", [(0, 0), (3, 1)])
    add_reviews(db, "return_policy", flagged=25, correct=0, start_week=2)
    checks = demotion.check_demotions(db, policy=Policy(), apply=False, as_of=week(8))
    assert not checks[0].fired and checks[0].review is not None and checks[0].review.ai_n == 0
