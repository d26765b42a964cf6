"""`phasegate brief` and `phasegate kb ...` from the command line, on a throw-away workspace."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phasegate.cli import app
from phasegate.config import get_settings
from tests.conftest import DATA
from tests.knowledge.conftest import HELPCENTER

runner = CliRunner()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """PHASEGATE_HOME pointing at an empty folder (settings rebuilt around the test)."""
    monkeypatch.setenv("PHASEGATE_HOME", str(tmp_path / "ws"))
    monkeypatch.delenv("PHASEGATE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "ws"
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def test_ingest_search_gaps_and_brief(workspace: Path) -> None:
    """The commands work together: ingest, search, gaps (recording hits) and a JSON brief."""
    code, out = _run("kb", "ingest", str(HELPCENTER))
    assert code == 0 and "14 created" in out
    code, out = _run("kb", "ingest", str(HELPCENTER), "--json")
    assert code == 0 and len(json.loads(out)["unchanged"]) == 14
    code, out = _run("kb", "search", "do gift cards expire", "--json")
    assert code == 0 and json.loads(out)["passages"][0]["article_id"] == "gift-cards"
    assert _run("import", "tickets", str(DATA / "gap_tickets.jsonl"))[0] == 0
    code, out = _run("kb", "gaps", "--json")
    report = json.loads(out)
    assert code == 0 and report["scanned"] == 16 and "clusters" in report
    code, out = _run("brief", "K-1", "--json")
    brief = json.loads(out)
    assert code == 0 and {"summary", "account", "flags", "articles", "paths"} <= set(brief)
    code, out = _run("brief", "K-1")
    assert code == 0 and "Policy flags" in out and "Suggested resolution paths" in out


def test_refused_files_fail_the_ingest(workspace: Path, tmp_path: Path) -> None:
    """A folder with a bad file exits 1 and names it; the good file is still ingested."""
    folder = tmp_path / "hc"
    folder.mkdir()
    (folder / "ok.md").write_text("# OK\n\nFine.\n")
    (folder / "bad.md").write_text("")
    result = runner.invoke(app, ["kb", "ingest", str(folder)])
    assert result.exit_code == 1 and "bad.md" in result.stderr and "1 created" in result.stdout


def test_brief_of_an_unknown_ticket_exits_1(workspace: Path) -> None:
    """No such ticket: exit code 1 and a message."""
    result = runner.invoke(app, ["brief", "NOPE"])
    assert result.exit_code == 1 and "NOPE" in result.stderr


def test_calibrate_writes_the_workspace_threshold(workspace: Path) -> None:
    """`kb calibrate` on the fixture questions stores a threshold that search then uses."""
    assert _run("kb", "ingest", str(HELPCENTER))[0] == 0
    code, out = _run("kb", "calibrate", str(DATA / "kb_questions.jsonl"))
    result = json.loads(out)
    assert code == 0 and 0 < result["threshold"] < 1 and result["auc"] > 0.6 and result["questions"] == 40
    assert (workspace / "kb" / "calibration.json").exists()
    _, out = _run("kb", "search", "do gift cards expire", "--json")
    assert json.loads(out)["threshold"] == result["threshold"]
