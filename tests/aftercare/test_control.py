"""The control comparison: AI vs control-human CSAT and cost per resolved, against a hand computation."""

from __future__ import annotations

import math
import statistics
from datetime import timedelta
from decimal import Decimal

import pytest
from scipy import stats as scipy_stats
from sqlalchemy.orm import Session

from phasegate.aftercare import control
from phasegate.metrics import report as reports
from phasegate.metrics.models import CostEntry, CsatResponse, Resolution
from phasegate.metrics.service import MetricParams
from phasegate.rollout.models import Decision
from phasegate.tickets.models import Message, Ticket
from tests.aftercare.conftest import AGENT
from tests.aftercare.factories import WEEK0, at
from tests.web.conftest import Live, sign_in

AI_SCORES = [5, 4, 5, 3, 4, 5, 5, 2, 4, 5, 4, 4, 5, 3, 5, 4, 5, 5, 4, 1, 5, 4]  # 22 answers of 25 tickets
CONTROL_SCORES = [4, 4, 5, 3, 3, 4, 5, 4, 2, 4, 5, 3, 4, 4, 5, 3, 4, 4, 5, 4, 3]  # 21 answers of 21


def _ticket(db: Session, tid: str, day: float, *, route: str, ctl: bool, **kw: object) -> None:
    db.add(
        Ticket(
            id=tid,
            created_at=at(day),
            category="order_status",
            messages=[Message(seq=0, role="customer", text="where is my order", at=at(day))],
            **kw,
        )
    )
    db.flush()
    db.add(
        Decision(
            ticket_id=tid,
            created_at=at(day),
            category="order_status",
            confidence=0.95,
            phase=3,
            route=route,
            escalate=False,
            triggers=[],
            source="triage",
            control=ctl,
        )
    )


def _world(db: Session) -> dict[str, list[tuple[float, int, int | None]]]:
    """Two arms in weeks 0-1 and their (cost, durable, csat) by hand; plus tickets that must not count."""
    hand: dict[str, list[tuple[float, int, int | None]]] = {"ai": [], "control": []}
    for i in range(25):
        tid = f"AI-{i}"
        handled = "ai" if i < 22 else "ai_escalated"
        _ticket(db, tid, i * 0.5, route="autonomous", ctl=False, handled_by=handled)
        db.add(CostEntry(ticket_id=tid, kind="model", amount=Decimal("0.40"), at=at(i * 0.5)))
        resolved = i < 22
        if resolved:
            db.add(CostEntry(ticket_id=tid, kind="per_resolution", amount=Decimal("0.10"), at=at(i * 0.5)))
            db.add(Resolution(ticket_id=tid, resolved_at=at(i * 0.5, 11), resolved_by="ai"))
            db.add(CsatResponse(ticket_id=tid, score=AI_SCORES[i], at=at(i * 0.5, 12)))
        # The three escalated tickets: a person spent 10 minutes each (at the 32/h default rate).
        else:
            db.get(Ticket, tid).handle_seconds = 600  # type: ignore[union-attr]
        cost = 0.40 + (0.10 if resolved else 600 * 32 / 3600)
        hand["ai"].append((cost, int(resolved), AI_SCORES[i] if resolved else None))
    for i in range(21):
        tid = f"CT-{i}"
        _ticket(db, tid, i * 0.6, route="human", ctl=True, handled_by="human", handle_seconds=300 + 30 * i)
        db.add(Resolution(ticket_id=tid, resolved_at=at(i * 0.6, 14), resolved_by="human"))
        db.add(CsatResponse(ticket_id=tid, score=CONTROL_SCORES[i], at=at(i * 0.6, 15)))
        hand["control"].append(((300 + 30 * i) * 32 / 3600, 1, CONTROL_SCORES[i]))
    # Not in either arm: re-triaged to a human by a trigger (the latest decision wins), a backtest replay,
    # a plain human ticket, and an AI ticket outside the period.
    _ticket(db, "RETRIAGED", 1, route="autonomous", ctl=False, handled_by="ai")
    db.add(
        Decision(
            ticket_id="RETRIAGED",
            created_at=at(1, 12),
            category="order_status",
            confidence=0.95,
            phase=3,
            route="human",
            escalate=True,
            triggers=[{"code": "frustration", "detail": "x"}],
            source="triage",
        )
    )
    _ticket(db, "REPLAY", 2, route="autonomous", ctl=False, handled_by="human")
    db.query(Decision).filter(Decision.ticket_id == "REPLAY").update({"source": "backtest"})
    _ticket(db, "PLAIN", 2, route="human", ctl=False, handled_by="human")
    _ticket(db, "LATE", 20, route="autonomous", ctl=False, handled_by="ai")
    db.flush()
    return hand


def _expected_cost(rows: list[tuple[float, int, int | None]]) -> tuple[float, float, float]:
    costs, ys = [c for c, _, _ in rows], [y for _, y, _ in rows]
    ratio = sum(costs) / sum(ys)
    n, ybar = len(rows), sum(ys) / len(rows)
    se = math.sqrt(sum((c - ratio * y) ** 2 for c, y in zip(costs, ys, strict=True)) / (n * (n - 1))) / ybar
    half = scipy_stats.t.ppf(0.975, n - 1) * se
    return ratio, ratio - half, ratio + half


def _expected_csat(scores: list[int]) -> tuple[float, float, float]:
    mean, n = statistics.fmean(scores), len(scores)
    half = scipy_stats.t.ppf(0.975, n - 1) * statistics.stdev(scores) / math.sqrt(n)
    return mean, max(1.0, mean - half), min(5.0, mean + half)


def test_arms_match_the_hand_computation(db: Session) -> None:
    """Tickets, resolved, cost per resolved and CSAT of each arm, with CIs, equal the by-hand numbers."""
    hand = _world(db)
    got = control.compare(db, params=MetricParams(), start=WEEK0, end=WEEK0 + timedelta(days=14))
    for arm, stats in (("ai", got.ai), ("control", got.control)):
        rows = hand[arm]
        assert (stats.tickets, stats.resolved) == (len(rows), sum(y for _, y, _ in rows))
        ratio, lo, hi = _expected_cost(rows)
        assert stats.cost_per_resolved == pytest.approx(ratio)
        assert stats.cost_ci95 == pytest.approx((lo, hi))
        scores = [s for _, _, s in rows if s is not None]
        mean, clo, chi = _expected_csat(scores)
        assert (stats.csat_n, stats.csat_mean) == (len(scores), pytest.approx(mean))
        assert stats.csat_ci95 == pytest.approx((clo, chi))
    # Two numbers worked out on paper: AI cost = 25 x 0.40 + 22 x 0.10 + 3 x 600 s at $32/h = $28.20 over 22.
    assert got.ai.cost_per_resolved == pytest.approx(28.20 / 22)
    assert got.control.csat_mean == pytest.approx(82 / 21)
    assert got.ai.enough_csat and got.control.enough_csat and got.control.enough_cost


def test_small_arms_say_not_enough_data(db: Session) -> None:
    """Below 20 answers or resolutions a number is withheld, n shown; no control group shows nothing."""
    _world(db)
    small = control.compare(db, params=MetricParams(), start=WEEK0, end=WEEK0 + timedelta(days=3))
    assert small.control.tickets == 5 and not small.control.enough_csat
    assert control.describe_csat(small.control) == "not enough data (n=5, need 20)"
    assert control.describe_cost(small.control, "USD") == "not enough data (5 resolved, need 20)"
    assert small.as_dict()["control"]["csat_enough"] is False
    none = control.compare(db, params=MetricParams(), start=at(40), end=at(50))
    assert not none.active and control.summary_lines(none) == []


def test_report_json_and_text_carry_the_comparison_over_the_period(db: Session) -> None:
    """`phasegate report`'s period (the 4 weeks to the newest ticket) frames the comparison."""
    _world(db)
    built = reports.build(db, params=MetricParams())
    doc = reports.as_json(built)["control"]
    assert doc["ai"]["tickets"] == 26  # weeks 0-2 with tickets: LATE (week 2) is in it
    assert doc["control"]["tickets"] == 21 and doc["min_n"] == 20
    assert doc["control"]["csat_mean"] == pytest.approx(82 / 21, abs=1e-4)
    lines = control.summary_lines(built.control)
    assert lines[0].startswith("Control group") and "control (human): 21 tickets; CSAT 3.90" in lines[2]


def test_dashboard_shows_both_arms_with_n_and_intervals(served: Live) -> None:
    """The dashboard's control section shows each arm's CSAT, CI and n from the same numbers."""
    with served.workspace.sessions() as db, db.begin():
        _world(db)
    page = sign_in(served, *AGENT).get("/dashboard")
    assert page.status_code == 200
    section = page.text.split('data-testid="control"', 1)[1].split("</section>", 1)[0]
    control_row = section.split('data-arm="control"', 1)[1].split("</tr>", 1)[0]
    mean, lo, hi = _expected_csat(CONTROL_SCORES)
    assert f"{mean:.2f}" in control_row and f"({lo:.2f}–{hi:.2f})" in control_row
    assert "<td>21</td>" in control_row
    ai_row = section.split('data-arm="ai"', 1)[1].split("</tr>", 1)[0]
    assert "<td>26</td>" in ai_row and "not enough data" not in ai_row
