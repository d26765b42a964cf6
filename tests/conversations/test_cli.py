"""`phasegate converse`, through the real CLI: SPEC.md's output shape with no workspace (bundled router, an
empty temporary store), bad lines named, a policy file, and a workspace where conversations become tickets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from phasegate.cli import app
from phasegate.config import get_settings
from tests.conftest import DATA

SAMPLE = Path(__file__).parents[2] / "src" / "phasegate" / "samples" / "conversations.jsonl"
KEYS = ["conversation_id", "replies", "escalated", "escalated_at_turn", "triggers", "actions", "handoff"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """PHASEGATE_HOME pointing at a folder that does not exist yet (no workspace)."""
    path = tmp_path / "home"
    monkeypatch.setenv("PHASEGATE_HOME", str(path))
    monkeypatch.delenv("PHASEGATE_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def run(*args: str) -> Any:
    """Invoke `phasegate` in-process."""
    return CliRunner().invoke(app, list(args))


def lines(stdout: str) -> dict[str, dict[str, Any]]:
    """The JSON Lines on stdout, by conversation id."""
    out = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return {o["conversation_id"]: o for o in out}


def test_the_sample_runs_with_no_workspace_in_the_spec_shape(home: Path) -> None:
    """Every line has exactly the contract's keys; tracking is done, harm and injection hand off, another
    customer's order is refused; and no workspace is created."""
    result = run("converse", "--json", str(SAMPLE))
    assert result.exit_code == 0, result.stderr
    out = lines(result.stdout)
    assert len(out) == 8 and all(list(o) == KEYS for o in out.values())
    for o in out.values():
        assert (o["handoff"] is None) == (not o["escalated"]) == (o["escalated_at_turn"] is None)
        assert all(a["status"] in ("done", "refused", "needs_verification") for a in o["actions"])
        assert all(set(t) == {"code", "detail"} for t in o["triggers"])
    assert out["R-1-tracking"]["actions"] == [
        {"kind": "tracking_lookup", "args": {"order_id": "TR-100101"}, "status": "done"}
    ]
    assert "AI assistant" in out["R-1-tracking"]["replies"][0]
    assert [a["status"] for a in out["R-3-verification"]["actions"]] == ["needs_verification", "done"]
    assert out["R-5-drift"]["escalated_at_turn"] == 2
    assert "amount_threshold" in [t["code"] for t in out["R-6-split-amounts"]["triggers"]]
    assert all(a["status"] != "done" for a in out["R-7-injection"]["actions"])
    assert out["R-8-other-customer"]["actions"][0]["status"] == "refused"
    assert "1Z999AA10123456784" not in " ".join(out["R-8-other-customer"]["replies"])
    assert set(out["R-5-drift"]["handoff"]) >= {"summary", "facts", "reasoning"}
    assert not home.exists()


def test_bad_lines_are_named_and_the_others_answered(home: Path) -> None:
    """`line N: field: reason` on stderr for each bad line, the good ones answered, exit 1."""
    result = run("converse", str(DATA / "conversations" / "bad.jsonl"))
    assert result.exit_code == 1
    assert set(lines(result.stdout)) == {"B-1", "B-6"}
    errors = result.stderr.splitlines()
    assert "line 2: turns: List should have at least 1 item after validation, not 0" in errors
    assert any(e.startswith("line 3: (line): invalid JSON") for e in errors)
    assert "line 4: id: Field required" in errors
    assert "line 5: colour: Extra inputs are not permitted" in errors


def test_a_policy_file_is_used_as_given(home: Path, tmp_path: Path) -> None:
    """Under a policy with the kill switch on, every conversation goes to a person at its first turn."""
    policy = tmp_path / "killed.yaml"
    policy.write_text("kill_switch: true\nphases: {order_status: 3}\n", encoding="utf-8")
    result = run("converse", "--policy", str(policy), str(SAMPLE))
    assert result.exit_code == 0, result.stderr
    out = lines(result.stdout)
    assert all(o["escalated_at_turn"] == 1 for o in out.values())
    assert "kill_switch" in [t["code"] for t in out["R-1-tracking"]["triggers"]]


def test_on_a_workspace_conversations_become_tickets_with_their_packet(home: Path, tmp_path: Path) -> None:
    """With a workspace the store, phases and policy are the workspace's; an escalated conversation is
    ticket CV-<id> with the packet, and a line that brings its own store records is refused."""
    from phasegate.conversations import service
    from phasegate.rollout import service as rollout
    from phasegate.store import service as store
    from phasegate.store.schemas import CustomerIn, OrderIn
    from phasegate.tickets import service as tickets
    from phasegate.workspace import open_workspace

    ws = open_workspace(get_settings())
    data = json.loads((DATA / "conversations" / "store.json").read_text(encoding="utf-8"))
    with ws.sessions() as db:
        store.upsert_customers(db, [CustomerIn.model_validate(c) for c in data["customers"]])
        store.upsert_orders(db, [OrderIn.model_validate(o) for o in data["orders"]])
        rollout.change_phase(
            db,
            category="order_status",
            to_phase=3,
            actor="test",
            kind="override",
            reason="test",
            evidence=None,
        )
        db.commit()
    convs = tmp_path / "convs.jsonl"
    raw = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    raw[0].pop("store")
    convs.write_text(
        "\n".join(json.dumps(r) for r in [raw[0], raw[4], {"id": "W-3", "turns": ["hi"], "store": {}}])
        + "\n",
        encoding="utf-8",
    )
    result = run("converse", str(convs))
    assert result.exit_code == 1
    assert "line 3: store: only used with no workspace" in result.stderr
    out = lines(result.stdout)
    assert out["R-1-tracking"]["actions"][0]["status"] == "done"
    with ws.sessions() as db:
        ticket = tickets.get(db, ticket_id="CV-R-5-drift")
        assert ticket is not None and ticket.handled_by == "ai_escalated"
        packet = service.handoff_for_ticket(db, ticket_id="CV-R-5-drift")
        assert packet is not None and packet.packet["escalated_at_turn"] == 2
        resolved = tickets.get(db, ticket_id="CV-R-1-tracking")
        assert resolved is not None and resolved.status == "resolved"
