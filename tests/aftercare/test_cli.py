"""`phasegate review sample | list` on a SQLite workspace, end to end through the real CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from phasegate.aftercare import review
from phasegate.cli import app
from phasegate.config import get_settings
from phasegate.workspace import open_workspace
from tests.aftercare.factories import WEEK0, bulk_resolved


def run(*args: str) -> Any:
    """Invoke `phasegate` in-process."""
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A SQLite workspace with two weeks of AI resolutions: 30 then 45 order_status, 3 return_policy."""
    path = tmp_path / "home"
    monkeypatch.setenv("PHASEGATE_HOME", str(path))
    monkeypatch.delenv("PHASEGATE_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    ws = open_workspace(get_settings())
    with ws.sessions() as db, db.begin():
        bulk_resolved(db, prefix="A", category="order_status", n=30, start=WEEK0)
        bulk_resolved(db, prefix="B", category="return_policy", n=3, start=WEEK0)
        bulk_resolved(db, prefix="C", category="order_status", n=45, start=WEEK0 + timedelta(days=7))
    ws.engine.dispose()
    yield path
    get_settings.cache_clear()


def test_sample_defaults_to_the_last_whole_week_and_lists_the_queue(home: Path) -> None:
    """With no --week the week before the newest ticket's is sampled (20 + 3); list shows them pending."""
    result = run("review", "sample", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["week_start"] == WEEK0.date().isoformat() and out["added"] == 23
    assert {c["category"]: (c["resolutions"], c["target"]) for c in out["categories"]} == {
        "order_status": (30, 20),
        "return_policy": (3, 3),
    }
    listed = json.loads(run("review", "list", "--pending", "--json").stdout)
    assert len(listed) == 23 and {r["verdict"] for r in listed} == {None}
    assert run("review", "list").exit_code == 0


def test_sample_a_chosen_week_is_reproducible(home: Path) -> None:
    """--week picks the week by any of its days; the same run twice adds nothing the second time."""
    first = json.loads(run("review", "sample", "--week", "2026-03-12", "--json").stdout)
    assert first["week_start"] == "2026-03-09" and first["added"] == 20
    assert json.loads(run("review", "sample", "--week", "2026-03-09", "--json").stdout)["added"] == 0
    text = run("review", "sample", "--week", "2026-03-23")
    assert text.exit_code == 0 and "no autonomous resolutions" in text.stdout
    week = json.loads(run("review", "list", "--week", "2026-03-10", "--json").stdout)
    assert {r["category"] for r in week} == {"order_status"} and len(week) == 20
    assert review.week_of(WEEK0 + timedelta(days=9)).date().isoformat() == "2026-03-09"
