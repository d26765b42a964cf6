"""`phasegate triage`, through the real CLI: SPEC.md's decision shape, escalation tickets for every trigger
code and clean ones that go autonomous, bad lines, what-if with no workspace, and live runs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from phasegate.cli import app
from phasegate.policy import TRIGGER_CODES
from tests.conftest import DATA
from tests.rollout.conftest import ROLLOUT_DATA

POLICIES = ("spec", "killed", "wide", "strict", "earning")
SPEC_KEYS = ["ticket_id", "category", "confidence", "phase", "route", "escalate", "triggers", "entities"]


def run(*args: str) -> Any:
    """Invoke `phasegate` in-process."""
    return CliRunner().invoke(app, list(args))


def decisions(stdout: str) -> dict[str, dict[str, Any]]:
    """The JSON Lines on stdout, by ticket id."""
    out = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return {d["ticket_id"]: d for d in out}


@pytest.fixture(scope="module")
def escalations() -> list[dict[str, Any]]:
    """The hand-written escalation tickets with what each must produce."""
    path = ROLLOUT_DATA / "escalations.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_escalation_tickets_route_as_expected(
    home: Path, router_dir: Path, escalations: list[dict[str, Any]]
) -> None:
    """Every hand-written ticket meets its expectation; together they fire every SPEC.md trigger code."""
    by_policy: dict[str, dict[str, dict[str, Any]]] = {}
    for name in POLICIES:
        result = run(
            "triage",
            "--router",
            str(router_dir),
            "--policy",
            str(ROLLOUT_DATA / f"policy_{name}.yaml"),
            str(ROLLOUT_DATA / "escalations.jsonl"),
        )
        assert result.exit_code == 0, result.stderr
        by_policy[name] = decisions(result.stdout)
    fired: Counter[str] = Counter()
    problems = []
    for ticket in escalations:
        expect = ticket["expect"]
        d = by_policy[expect.get("policy", "spec")][ticket["id"]]
        codes = [t["code"] for t in d["triggers"]]
        fired.update(codes)
        ok = (
            ("route" not in expect or d["route"] == expect["route"])
            and ("not_route" not in expect or d["route"] != expect["not_route"])
            and ("codes" not in expect or codes == expect["codes"])
            and set(expect.get("codes_include", [])) <= set(codes)
            and ("codes_include_any" not in expect or set(expect["codes_include_any"]) & set(codes))
            and d["escalate"] == bool(codes)
        )
        if not ok:
            problems.append(
                f"{ticket['id']}: got {d['category']} {d['confidence']} {d['route']} {codes}, want {expect}"
            )
    assert not problems, "\n".join(problems)
    assert set(TRIGGER_CODES) <= set(fired), set(TRIGGER_CODES) - set(fired)


def test_output_is_exactly_the_spec_shape(home: Path, router_dir: Path) -> None:
    """Each stdout line has SPEC.md's keys in order, triggers as code/detail, entities with the spec lists."""
    result = run(
        "triage",
        "--router",
        str(router_dir),
        "--policy",
        str(ROLLOUT_DATA / "policy_spec.yaml"),
        str(DATA / "tickets_good.jsonl"),
    )
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    for d in lines:
        assert list(d) == SPEC_KEYS
        assert d["route"] in ("autonomous", "draft", "assist", "human")
        assert all(set(t) == {"code", "detail"} for t in d["triggers"])
        assert {"order_ids", "emails", "amounts"} <= set(d["entities"])
    assert "A-5521" in decisions(result.stdout)["T-1001"]["entities"]["order_ids"]


def test_bad_lines_are_named_on_stderr_and_good_lines_decided(home: Path, router_dir: Path) -> None:
    """Bad lines are reported with line number and field; the good ones are still decided; exit 1."""
    result = run("triage", "--router", str(router_dir), str(DATA / "tickets_bad.jsonl"))
    assert result.exit_code == 1
    assert set(decisions(result.stdout)) == {"B-1", "B-7"}
    errors = result.stderr.splitlines()
    assert errors[0].startswith("line 2: (line): invalid JSON")
    assert "line 3: id: Field required" in errors
    assert any(e.startswith("line 5: messages.0.role:") for e in errors)


def test_what_if_works_with_no_workspace_and_creates_none(home: Path, router_dir: Path) -> None:
    """With no workspace anywhere, triage runs offline and leaves no workspace behind."""
    result = run(
        "triage",
        "--router",
        str(router_dir),
        "--policy",
        str(ROLLOUT_DATA / "policy_spec.yaml"),
        str(DATA / "tickets_good.jsonl"),
    )
    assert result.exit_code == 0
    assert not home.exists()


def test_explain_prints_a_readable_table(home: Path, router_dir: Path) -> None:
    """--explain prints a table with routes and reasons instead of JSON."""
    result = run(
        "triage",
        "--explain",
        "--router",
        str(router_dir),
        "--policy",
        str(ROLLOUT_DATA / "policy_killed.yaml"),
        str(DATA / "tickets_good.jsonl"),
    )
    assert result.exit_code == 0
    assert "T-1001" in result.stdout and "kill_switch" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


def test_no_router_falls_back_to_the_bundled_one(home: Path) -> None:
    """Without --router and with no workspace router, the bundled demo-world router decides."""
    result = run("triage", str(DATA / "tickets_good.jsonl"))
    assert result.exit_code == 0, result.stderr
    decisions = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["ticket_id"] for d in decisions] == ["T-1001", "T-1002", "T-1003"]
    assert decisions[0]["category"] == "order_status"


def test_unloadable_router_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    """A --router folder that holds no model is refused with a message saying how to get one."""
    empty = tmp_path / "no-model"
    empty.mkdir()
    result = run("triage", "--router", str(empty), str(DATA / "tickets_good.jsonl"))
    assert result.exit_code == 2
    assert "router" in result.stderr


def test_invalid_policy_file_names_the_field(home: Path, router_dir: Path, tmp_path: Path) -> None:
    """A malformed --policy is refused before any ticket, naming the field."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("thresholds: {amount: -5}\n", encoding="utf-8")
    result = run(
        "triage", "--router", str(router_dir), "--policy", str(bad), str(DATA / "tickets_good.jsonl")
    )
    assert result.exit_code == 2
    assert "thresholds.amount" in result.stderr
    assert result.stdout == ""


def test_live_run_stores_decisions_and_honours_the_kill_switch(home: Path, router_dir: Path) -> None:
    """In a workspace: decisions use the applied policy and are stored; the kill switch shows at once."""
    assert run("policy", "apply", str(ROLLOUT_DATA / "policy_spec.yaml"), "--reason", "start").exit_code == 0
    tickets = str(ROLLOUT_DATA / "escalations.jsonl")
    first = decisions(run("triage", "--router", str(router_dir), tickets).stdout)
    assert first["OK-1"]["route"] == "autonomous"
    assert run("kill-switch", "on", "--reason", "bad answers").exit_code == 0
    second = decisions(run("triage", "--router", str(router_dir), tickets).stdout)
    assert second["OK-1"]["route"] == "human"
    assert [t["code"] for t in second["OK-1"]["triggers"]] == ["kill_switch"]
    assert second["PH-1"]["route"] == "assist"  # phase-1 briefs carry on under the kill switch

    from phasegate.config import get_settings
    from phasegate.rollout import service
    from phasegate.workspace import open_workspace

    ws = open_workspace(get_settings())
    with ws.sessions() as s:
        rows = service.list_decisions(s, ticket_id="OK-1")
    assert [r.route for r in rows] == ["human", "autonomous"]
    assert {r.policy_version for r in rows} == {1}


def test_workspace_router_is_used_without_router_option(home: Path, router_dir: Path) -> None:
    """A router at <home>/models/router/current is picked up when --router is not given."""
    import shutil

    shutil.copytree(router_dir, home / "models" / "router" / "current")
    result = run(
        "triage", "--policy", str(ROLLOUT_DATA / "policy_spec.yaml"), str(DATA / "tickets_good.jsonl")
    )
    assert result.exit_code == 0, result.stderr
    assert len(decisions(result.stdout)) == 3


def test_reads_tickets_from_stdin(home: Path, router_dir: Path) -> None:
    """'-' reads the JSON Lines from stdin, as in a pipeline."""
    lines = (DATA / "tickets_good.jsonl").read_text(encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["triage", "--router", str(router_dir), "--policy", str(ROLLOUT_DATA / "policy_spec.yaml"), "-"],
        input=lines,
    )
    assert result.exit_code == 0
    assert set(decisions(result.stdout)) == {"T-1001", "T-1002", "T-1003"}


def test_control_tickets_route_human_with_one_added_field(home: Path, router_dir: Path) -> None:
    """Under control_share 0.5 the control ones among the autonomous tickets print route human and
    `"control": true` after SPEC's keys; every other line keeps exactly SPEC's keys and its route."""
    from phasegate.policy import parse_policy
    from phasegate.policy.control import in_control

    args = ["triage", "--router", str(router_dir), "--policy"]
    source = str(ROLLOUT_DATA / "escalations.jsonl")
    plain = decisions(run(*args, str(ROLLOUT_DATA / "policy_spec.yaml"), source).stdout)
    result = run(*args, str(ROLLOUT_DATA / "policy_control.yaml"), source)
    assert result.exit_code == 0
    policy = parse_policy((ROLLOUT_DATA / "policy_control.yaml").read_text(encoding="utf-8"))
    controlled = decisions(result.stdout)
    expected = {t for t, d in plain.items() if d["route"] == "autonomous" and in_control(t, policy)}
    assert expected  # the fixture has autonomous tickets on both sides of the draw
    assert expected != {t for t, d in plain.items() if d["route"] == "autonomous"}
    for tid, d in controlled.items():
        if tid in expected:
            assert list(d) == [*SPEC_KEYS, "control"] and d["control"] is True
            assert (d["route"], d["escalate"], d["triggers"]) == ("human", False, [])
        else:
            assert list(d) == SPEC_KEYS and d == plain[tid]


def test_workers_give_the_same_decisions_as_one_process(home: Path, router_dir: Path) -> None:
    """`--workers 2` analyses in two processes and prints the same lines, in the same order, as one."""
    args = ("triage", "--router", str(router_dir), "--policy", str(ROLLOUT_DATA / "policy_spec.yaml"))
    path = str(ROLLOUT_DATA / "escalations.jsonl")
    one = run(*args, path)
    two = run(*args, "--workers", "2", path)
    assert one.exit_code == two.exit_code
    assert one.stdout.splitlines() and one.stdout == two.stdout
