"""The README's commands work from a fresh clone: the example files it names ship, import cleanly, and its
example ticket ids exist (T-1001 in examples/, T-113385 in the seed-7 demo world)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import structlog
from typer.testing import CliRunner

from phasegate.world.records import World

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _phasegate(args: list[str], home: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from phasegate.cli import app
    from phasegate.config import get_settings

    monkeypatch.setenv("PHASEGATE_HOME", str(home))
    monkeypatch.chdir(ROOT)
    saved = structlog.get_config()
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, args)
    finally:
        get_settings.cache_clear()
        structlog.configure(**saved)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def test_every_example_path_in_the_readme_ships() -> None:
    """Each `examples/...` path the README names exists in the repository."""
    paths = set(re.findall(r"\bexamples/[\w./-]+", README))
    assert {"examples/tickets.jsonl", "examples/store", "examples/proposed-policy.yaml"} <= paths
    for path in paths:
        assert (ROOT / path.rstrip(".")).exists(), path


def test_readme_commands_run_on_the_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """import tickets, import store, tickets show T-1001 and policy validate run as the README writes them."""
    home = tmp_path / "ws"
    assert "3 created" in _phasegate(["import", "tickets", "examples/tickets.jsonl"], home, monkeypatch)
    out = _phasegate(["import", "store", "examples/store"], home, monkeypatch)
    assert "0 rejected" in out and "orders: 2" in out
    assert "Where is my order?" in _phasegate(["tickets", "show", "T-1001"], home, monkeypatch)
    assert "valid policy" in _phasegate(
        ["policy", "validate", "examples/proposed-policy.yaml"], home, monkeypatch
    )


@pytest.mark.slow
def test_the_brief_example_id_is_a_demo_world_ticket(full_world: World) -> None:
    """`phasegate brief T-113385` names a ticket of the default demo world (seed 7)."""
    assert "brief T-113385" in README
    assert any(t.id == "T-113385" for t in full_world.tickets)
