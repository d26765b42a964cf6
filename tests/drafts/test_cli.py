"""Draft on arrival through the real CLI: `phasegate import tickets` and a live `phasegate triage`."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from phasegate.cli import app
from phasegate.config import get_settings
from phasegate.drafts.models import Draft
from phasegate.rollout import service as rollout
from phasegate.workspace import open_workspace
from tests.conftest import DATA
from tests.rollout.conftest import home, router_dir

__all__ = ["home", "router_dir"]  # fixtures used by this module
ARRIVALS = DATA / "drafts" / "arrivals.jsonl"


def _phase(category: str, phase: int) -> None:
    ws = open_workspace(get_settings())
    with ws.sessions() as s, s.begin():
        rollout.ensure_policy(s, actor="test")
        rollout.change_phase(
            s, category=category, to_phase=phase, actor="lead", kind="promote", reason="test", evidence=None
        )


def _drafted() -> list[str]:
    ws = open_workspace(get_settings())
    with ws.sessions() as s:
        return sorted(s.scalars(select(Draft.ticket_id)))


def test_import_drafts_open_phase_two_tickets(home: Path) -> None:
    """Importing into a workspace where order_status is in phase 2 drafts the ticket with no trigger."""
    _phase("order_status", 2)
    result = CliRunner().invoke(app, ["import", "tickets", str(ARRIVALS)])
    assert result.exit_code == 0, result.output
    assert _drafted() == ["AR-1"]  # AR-2 names a lawyer: a human's ticket, not drafted
    assert "drafted 1 phase-2 ticket" in result.stderr


def test_live_triage_drafts_what_it_routes_to_draft(home: Path, router_dir: Path) -> None:
    """Tickets imported in phase 1 get no draft; after promotion to 2, a live triage run drafts them, and
    stdout stays pure SPEC.md decision lines."""
    _phase("order_status", 1)
    assert CliRunner().invoke(app, ["import", "tickets", str(ARRIVALS)]).exit_code == 0
    assert _drafted() == []
    _phase("order_status", 2)
    result = CliRunner().invoke(app, ["triage", "--router", str(router_dir), str(ARRIVALS)])
    assert result.exit_code == 0, result.output
    routes = {d["ticket_id"]: d["route"] for d in map(json.loads, result.stdout.splitlines())}
    assert routes == {"AR-1": "draft", "AR-2": "human"}
    assert _drafted() == ["AR-1"]
