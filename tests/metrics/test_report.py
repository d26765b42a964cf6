"""The report: headline numbers recomputed from raw rows, the JSON and CSV exports, windows and alarms."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from phasegate.cli import app
from phasegate.config import Settings
from phasegate.metrics import report
from phasegate.metrics.alarms import AI_CSAT_BELOW, COST_DOWN_CSAT_DOWN, ESCALATION_RISING
from phasegate.metrics.service import MetricParams
from phasegate.metrics.sql import week_of
from phasegate.workspace import open_workspace
from tests.metrics import reference
from tests.metrics.builders import random_world, trend_world

HEADS = ("ai", "ai_escalated", "ai_assisted", "human", "baseline", "all")


def _check_headline(doc: dict, want: dict) -> None:
    for seg in HEADS:
        assert doc["cost_per_resolved"][seg]["value"] == pytest.approx(want[seg]["cost_per_resolved"]), seg
        assert doc["csat"][seg]["mean"] == pytest.approx(want[seg]["csat"]), seg
        assert doc["csat"][seg]["n"] == want[seg]["csat_n"], seg
    assert doc["escalation_rate"]["ai"]["value"] == pytest.approx(want["ai"]["escalation_rate"])
    assert doc["escalation_rate"]["human"] is None


def test_headline_equals_plain_python_recomputation(db: Session) -> None:
    """The three headline numbers per segment equal a loop over the raw rows, on both databases."""
    rows = random_world(seed=5, weeks=12, per_week=50)
    rows.insert(db)
    doc = report.as_json(report.build(db, params=MetricParams(hourly_rate=32.0, durable_days=7)))
    facts = reference.facts(rows)
    last = max(f["week"] for f in facts)
    _check_headline(doc, reference.headline(facts, set(range(last - 3, last + 1))))
    assert doc["period"]["weeks"] == 4 and doc["previous_period"]["weeks"] == 4
    assert doc["csat"]["ai"]["ci95"][0] < doc["csat"]["ai"]["mean"] < doc["csat"]["ai"]["ci95"][1]


def test_cli_json_matches_raw_rows_and_csv_sums(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`phasegate report --json` on a workspace gives the same headline; `--csv` cells add up to it."""
    monkeypatch.setenv("PHASEGATE_HOME", str(tmp_path / "ws"))
    monkeypatch.setenv("PHASEGATE_HOURLY_RATE", "40")
    monkeypatch.setenv("COLUMNS", "240")  # wide enough that rich does not wrap the tables
    from phasegate.config import get_settings

    get_settings.cache_clear()
    ws = open_workspace(Settings(home=tmp_path / "ws"))
    rows = random_world(seed=9, weeks=10, per_week=40)
    with ws.sessions() as session:
        rows.insert(session)
        session.commit()
    try:
        result = CliRunner().invoke(app, ["report", "--json"])
        assert result.exit_code == 0, result.output
        doc = json.loads(result.output)
        facts = reference.facts(rows, hourly_rate=40.0)
        last = max(f["week"] for f in facts)
        _check_headline(doc, reference.headline(facts, set(range(last - 3, last + 1))))
        assert doc["params"]["hourly_rate"] == 40.0
        assert {c["category"] for c in doc["categories"]} == {
            "order_status",
            "return_policy",
            "refund_request",
        }

        result = CliRunner().invoke(app, ["report", "--csv"])
        assert result.exit_code == 0, result.output
        table = list(csv.DictReader(io.StringIO(result.output)))
        ai = [r for r in table if r["segment"] == "ai" and r["week"] >= doc["period"]["from"]]
        assert sum(int(r["volume"]) for r in ai) == doc["cost_per_resolved"]["ai"]["volume"]
        assert sum(float(r["cost"]) for r in ai) == pytest.approx(
            doc["cost_per_resolved"]["ai"]["cost"], abs=1e-3
        )

        result = CliRunner().invoke(app, ["report"])
        assert (
            result.exit_code == 0
            and "Cost per resolved" in result.output
            and "refund_request" in result.output
        )
        assert CliRunner().invoke(app, ["report", "--csv", "--json"]).exit_code != 0
    finally:
        get_settings.cache_clear()


def test_trend_world_raises_each_alarm_where_it_belongs(db: Session) -> None:
    """order_status: cost and CSAT down; return_policy: escalation rising, AI CSAT below; PQ: quiet."""
    trend_world().insert(db)
    r = report.build(db, params=MetricParams())
    by_cat = {c.category: {a.code for a in c.alarms} for c in r.categories}
    assert by_cat["order_status"] == {COST_DOWN_CSAT_DOWN}
    assert by_cat["return_policy"] == {ESCALATION_RISING, AI_CSAT_BELOW}
    assert by_cat["product_question"] == set()
    doc = report.as_json(r)
    assert {(a["code"], a["scope"]) for a in doc["alarms"]} >= {
        (COST_DOWN_CSAT_DOWN, "order_status"),
        (AI_CSAT_BELOW, "return_policy"),
    }
    cats = {c["category"]: c for c in doc["categories"]}
    csat = cats["return_policy"]["csat"]
    assert cats["return_policy"]["phase"] == 3 and (csat["ai"]["n"], csat["ai_escalated"]["n"]) == (72, 48)
    below = next(a for a in doc["alarms"] if a["code"] == AI_CSAT_BELOW)
    # the rollout's own demotion check produced it: its comparisons are the evidence
    assert {c["against"] for c in below["evidence"]["comparisons"] if c["fired"]} == {"human"}


def test_empty_workspace_reports_nothing_without_failing(db: Session) -> None:
    """No tickets: no period, no weeks, no alarms, and every value null."""
    doc = report.as_json(report.build(db, params=MetricParams()))
    assert doc["period"] is None and doc["weekly"] == [] and doc["alarms"] == []
    assert doc["cost_per_resolved"]["ai"]["value"] is None


def test_short_history_has_a_shorter_previous_period(db: Session) -> None:
    """Six weeks of data: the period is the last four, the previous period the two before."""
    random_world(seed=2, weeks=6, per_week=10).insert(db)
    r = report.build(db, params=MetricParams())
    assert r.current is not None and r.previous is not None
    assert (len(r.current.weeks), len(r.previous.weeks)) == (4, 2)
    assert r.weekly[0].week == r.previous.first and not r.weekly[0].provisional and r.weekly[-1].provisional


def test_a_demotion_shows_on_its_category(db: Session) -> None:
    """An auto_demote phase change is the category's last demotion in the report."""
    rows = trend_world()
    rows.phase_changes.append(
        {"category": "return_policy", "from_phase": 3, "to_phase": 2, "at": rows.tickets[-1]["created_at"]}
    )
    rows.insert(db)
    r = report.build(db, params=MetricParams())
    row = next(c for c in r.categories if c.category == "return_policy")
    assert row.last_demotion is not None and row.last_demotion.to_phase == 2
    assert week_of(row.last_demotion.at) == r.weekly[-1].week


def test_cost_down_csat_down_is_judged_on_complete_weeks(db: Session) -> None:
    """A last, provisional week whose tickets are not durably resolved yet (cost per resolved inflated) does
    not hide a real cost-down-while-CSAT-down: the trend compares complete weeks only."""
    from datetime import timedelta

    from tests.metrics.builders import Rows, at

    r = Rows()
    n = 0
    for week in range(9):
        late = week >= 4
        for i in range(90 if week == 8 else 30):
            n += 1
            day = 7 * week + i % 7
            open_ = week == 8 and i % 15 != 0  # the newest week: busy, and most of its tickets still open
            r.ticket(
                f"T{n}",
                at(day, 9),
                "return_request",
                "ai_assisted",
                handle_seconds=300 if late else 600,
                csat=None if open_ else ((3 + i % 2) if late else (4 + i % 2)),
                resolved_at=None if open_ else at(day, 9) + timedelta(hours=3),
            )
    r.insert(db)
    built = report.build(db, params=MetricParams())
    assert [w.week for w in built.weekly if w.provisional][-1] == built.weekly[-1].week
    [row] = [c for c in built.categories if c.category == "return_request"]
    assert {a.code for a in row.alarms} == {COST_DOWN_CSAT_DOWN}
    # Judged on the headline windows, which end in the provisional week, the cost seems to rise: no alarm.
    from phasegate.metrics.alarms import AlarmRules, cost_down_csat_down

    assert cost_down_csat_down("return_request", row.before["all"], row.now["all"], AlarmRules()) is None
