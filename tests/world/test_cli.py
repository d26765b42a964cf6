"""`phasegate demo --no-serve` and `phasegate world stats --json` from the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phasegate.cli import app
from phasegate.config import get_settings


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A workspace folder the CLI's settings point at."""
    monkeypatch.setenv("PHASEGATE_HOME", str(tmp_path / "ws"))
    monkeypatch.delenv("PHASEGATE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "ws"
    get_settings.cache_clear()


def test_demo_then_stats_json(home: Path) -> None:
    """The demo builds and exits with --no-serve; stats --json is one object with the promised counts."""
    runner = CliRunner()
    built = runner.invoke(app, ["demo", "--no-serve", "--seed", "3", "--scale", "0.05"])
    assert built.exit_code == 0, built.output
    assert "What to look at first" in built.output
    out = runner.invoke(app, ["world", "stats", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    for key in ("tickets", "customers", "orders", "products", "articles", "weeks"):
        assert isinstance(data[key], int) and data[key] > 0, key
    assert sum(data["categories"].values()) == data["tickets"]
    table = runner.invoke(app, ["world", "stats"])
    assert table.exit_code == 0 and "Escalation signals" in table.output
