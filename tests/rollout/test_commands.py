"""The `policy`, `phase`, `kill-switch` and `eval` commands on a SQLite workspace, end to end."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from phasegate.cli import app
from phasegate.config import get_settings
from phasegate.workspace import open_workspace
from tests.rollout.conftest import ROLLOUT_DATA
from tests.rollout.factories import add_tickets, csat_sample, history, week


def run(*args: str) -> Any:
    """Invoke `phasegate` in-process."""
    return CliRunner().invoke(app, list(args))


def test_policy_validate_names_the_field_and_warns_on_unknown_categories(home: Path, tmp_path: Path) -> None:
    """validate: exit 0 on a good file (warning on a typo'd category), 2 naming the field on a bad one."""
    good = tmp_path / "good.yaml"
    good.write_text("phases: {order_stauts: 3}\n", encoding="utf-8")
    result = run("policy", "validate", str(good))
    assert result.exit_code == 0 and "order_stauts" in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("thresholds: {confidence: 2}\n", encoding="utf-8")
    result = run("policy", "validate", str(bad))
    assert result.exit_code == 2 and "thresholds.confidence" in result.stderr


def test_policy_apply_show_diff_history(home: Path, tmp_path: Path) -> None:
    """apply makes a version, a broken file keeps it; show, diff and history report what is in force."""
    assert run("policy", "apply", str(ROLLOUT_DATA / "policy_spec.yaml"), "--reason", "start").exit_code == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text("kill_switch: maybe\n", encoding="utf-8")
    refused = run("policy", "apply", str(broken))
    assert refused.exit_code == 2 and "kill_switch" in refused.stderr
    shown = run("policy", "show")
    assert "# policy version 1" in shown.stdout and "amount: 50.0" in shown.stdout
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(
        (ROLLOUT_DATA / "policy_spec.yaml")
        .read_text(encoding="utf-8")
        .replace("amount: 50.00", "amount: 75"),
        encoding="utf-8",
    )
    diff = run("policy", "diff", str(proposal), "--json")
    assert json.loads(diff.stdout)["changes"] == [{"field": "thresholds.amount", "old": 50.0, "new": 75.0}]
    assert run("policy", "apply", str(proposal), "--reason", "looser").exit_code == 0
    versions = json.loads(run("policy", "history", "--json").stdout)
    assert [(v["version"], v["reason"]) for v in versions] == [(2, "looser"), (1, "start")]


def test_phase_status_promote_refusal_and_override(home: Path) -> None:
    """status shows criteria; promote refuses naming them; --override --reason promotes and is logged."""
    assert run("policy", "apply", str(ROLLOUT_DATA / "policy_spec.yaml")).exit_code == 0
    status = json.loads(run("phase", "status", "refund_request", "--json").stdout)
    row = status["categories"][0]
    assert (row["phase"], row["next_phase"], row["ready"]) == (1, 2, False)
    assert {c["name"] for c in row["criteria"]} == {"weeks_in_phase", "eval_items"}
    refused = run("phase", "promote", "refund_request")
    assert refused.exit_code == 1 and "weeks_in_phase" in refused.stderr and "eval_items" in refused.stderr
    no_reason = run("phase", "promote", "refund_request", "--override")
    assert no_reason.exit_code == 1 and "reason" in no_reason.stderr
    done = run("phase", "promote", "refund_request", "--override", "--reason", "pilot with two agents")
    assert done.exit_code == 0, done.stderr
    changes = json.loads(run("phase", "history", "refund_request", "--json").stdout)
    assert (changes[0]["kind"], changes[0]["to"], changes[0]["reason"]) == (
        "override",
        2,
        "pilot with two agents",
    )
    assert changes[0]["evidence"]["criteria"]
    table = run("phase", "status")
    assert table.exit_code == 0 and "refund_request" in table.stdout and "csat_vs_baseline" in table.stdout


def test_check_demotions_dry_run_then_apply(home: Path) -> None:
    """check-demotions --dry-run reports the sagging category; without it the category leaves phase 3."""
    ws = open_workspace(get_settings())
    rng = random.Random(1)
    with ws.sessions() as s, s.begin():
        history(s, "return_policy", [(0, 0), (1, 13), (2, 20), (3, 30)])
        add_tickets(
            s,
            prefix="B",
            category="return_policy",
            handled_by="human",
            scores=csat_sample(rng, 4.4, 100),
            start=week(0),
            end=week(13),
        )
        add_tickets(
            s,
            prefix="A",
            category="return_policy",
            handled_by="ai",
            scores=csat_sample(rng, 3.3, 80),
            start=week(34),
            end=week(38),
        )
    dry = json.loads(run("phase", "check-demotions", "--dry-run", "--json").stdout)
    assert [(c["category"], c["fired"], c["applied"]) for c in dry["checks"]] == [
        ("return_policy", True, False)
    ]
    applied = run("phase", "check-demotions")
    assert applied.exit_code == 0 and "demoted to phase 2" in applied.stdout
    changes = json.loads(run("phase", "history", "return_policy", "--json").stdout)
    assert (changes[0]["kind"], changes[0]["to"]) == ("auto_demote", 2)


def test_kill_switch_commands_need_a_reason_and_report_state(home: Path) -> None:
    """on/off need --reason; status shows what is on."""
    assert run("kill-switch", "on").exit_code == 2  # missing --reason
    assert run("kill-switch", "on", "--category", "order_status", "--reason", "carrier outage").exit_code == 0
    state = json.loads(run("kill-switch", "status", "--json").stdout)
    assert state == {
        "global": False,
        "categories": ["order_status"],
        "reasons": {"order_status": "carrier outage"},
    }
    assert run("kill-switch", "off", "--category", "order_status", "--reason", "back").exit_code == 0
    assert json.loads(run("kill-switch", "status", "--json").stdout)["categories"] == []


def test_eval_build_samples_well_rated_human_replies(home: Path) -> None:
    """eval build takes resolved, human-replied tickets rated 4+, per category, and tops up on a rerun."""
    ws = open_workspace(get_settings())
    with ws.sessions() as s, s.begin():
        add_tickets(
            s,
            prefix="G",
            category="order_status",
            handled_by="human",
            scores=[5, 4, 4, 2, None],
            start=week(0),
            end=week(1),
        )
        add_tickets(
            s,
            prefix="AI",
            category="order_status",
            handled_by="ai",
            scores=[5, 5],
            start=week(0),
            end=week(1),
        )
    first = json.loads(run("eval", "build", "--per-category", "2", "--json").stdout)
    assert first["added"] == {"order_status": 2} and first["candidates"] == {"order_status": 3}
    second = json.loads(run("eval", "build", "--per-category", "5", "--json").stdout)
    assert second["added"] == {"order_status": 1} and second["totals"] == {"order_status": 3}


BELOW_FLOORS = Path(__file__).parents[1] / "data" / "policy" / "below_floors.yaml"


def test_policy_validate_and_apply_refuse_a_policy_below_the_floors(home: Path) -> None:
    """validate and apply exit 2 naming each floor broken; the defaults stay in force."""
    checked = run("policy", "validate", str(BELOW_FLOORS))
    assert checked.exit_code == 2
    for field in ("never_autonomous", "allowlist", "keywords.legal_threat", "thresholds.amount"):
        assert field in checked.stderr
    applied = run("policy", "apply", str(BELOW_FLOORS))
    assert applied.exit_code == 2 and "--accept-risk" in applied.stderr
    assert json.loads(run("policy", "history", "--json").stdout) == []


def test_accept_risk_applies_and_logs_who_when_and_why(home: Path) -> None:
    """--accept-risk validates and applies; history and show carry the reason and the floors waived."""
    assert run("policy", "validate", str(BELOW_FLOORS), "--accept-risk", "sandbox").exit_code == 0
    applied = run(
        "policy", "apply", str(BELOW_FLOORS), "--actor", "ana", "--accept-risk", "sandbox store, no money"
    )
    assert applied.exit_code == 0 and "risk accepted" in applied.stderr
    (version,) = json.loads(run("policy", "history", "--json").stdout)
    assert version["author"] == "ana" and version["created_at"]
    assert version["risk_accepted"] == "sandbox store, no money"
    assert (
        "never_autonomous: is empty: every category could be resolved by the AI alone"
        in (version["floors_waived"])
    )
    shown = run("policy", "show").stdout
    assert "risk accepted: sandbox store, no money" in shown
    again = BELOW_FLOORS.parent.parent / "shown-risky.yaml"
    try:
        again.write_text(shown, encoding="utf-8")
        assert run("policy", "validate", str(again)).exit_code == 2
        assert run("policy", "validate", str(again), "--accept-risk", "same as applied").exit_code == 0
    finally:
        again.unlink()


def test_policy_show_output_validates(home: Path, tmp_path: Path) -> None:
    """What `policy show` prints is itself a valid policy file that validates and means the same policy."""
    from phasegate.policy import parse_policy

    for step in (None, ROLLOUT_DATA / "policy_spec.yaml"):
        if step is not None:
            assert run("policy", "apply", str(step)).exit_code == 0
        shown = run("policy", "show")
        assert shown.exit_code == 0
        out = tmp_path / "shown.yaml"
        out.write_text(shown.stdout, encoding="utf-8")
        assert run("policy", "validate", str(out)).exit_code == 0
        from phasegate.rollout import service

        with open_workspace(get_settings()).sessions() as s:
            assert parse_policy(shown.stdout) == service.policy_in_force(s).policy
