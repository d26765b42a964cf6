"""`phasegate tickets list|show` and `import tickets` through the real command line, on a temp workspace."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phasegate.cli import app
from phasegate.config import get_settings
from tests.conftest import DATA


@pytest.fixture
def workspace_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh SQLite workspace for the command under test."""
    monkeypatch.setenv("PHASEGATE_HOME", str(tmp_path / "ws"))
    monkeypatch.delenv("PHASEGATE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "ws"
    get_settings.cache_clear()


def test_import_names_bad_line_and_exits_nonzero(workspace_env: Path) -> None:
    """A file whose line 2 is bad: line 2 is named, the others imported, exit status 1."""
    result = CliRunner().invoke(app, ["import", "tickets", str(DATA / "tickets_bad.jsonl")])
    assert result.exit_code == 1
    assert "line 2" in result.output
    listed = CliRunner().invoke(app, ["tickets", "list", "--json"])
    assert listed.exit_code == 0
    assert sorted(t["id"] for t in json.loads(listed.stdout)) == ["B-1", "B-7"]


def test_list_json_and_show(workspace_env: Path) -> None:
    """`tickets list --json` gives id and category; `tickets show` prints the conversation."""
    assert CliRunner().invoke(app, ["import", "tickets", str(DATA / "tickets_good.jsonl")]).exit_code == 0
    listed = json.loads(
        CliRunner().invoke(app, ["tickets", "list", "--category", "order_status", "--json"]).stdout
    )
    assert [(t["id"], t["category"]) for t in listed] == [("T-1001", "order_status")]
    shown = CliRunner().invoke(app, ["tickets", "show", "T-1001"])
    assert shown.exit_code == 0, shown.output
    assert "hasn't arrived" in shown.output and "agent" in shown.output
    as_json = json.loads(CliRunner().invoke(app, ["tickets", "show", "T-1001", "--json"]).stdout)
    assert as_json["messages"][1]["role"] == "agent"
    missing = CliRunner().invoke(app, ["tickets", "show", "NOPE"])
    assert missing.exit_code == 1


def test_import_into_a_locked_workspace_is_a_clear_error(
    workspace_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second writer holding SQLite past the busy timeout: a clear error and exit 2, no traceback."""
    monkeypatch.setenv("PHASEGATE_SQLITE_BUSY_TIMEOUT", "0.2")
    get_settings.cache_clear()
    assert CliRunner().invoke(app, ["tickets", "list"]).exit_code == 0  # creates the workspace
    holder = sqlite3.connect(workspace_env / "phasegate.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(app, ["import", "tickets", str(DATA / "tickets_good.jsonl")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2, result.output
    assert "import stopped" in result.output and "locked by another writer" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, sqlite3.Error)
