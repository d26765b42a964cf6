"""`phasegate integration add|list|revoke` through the real command line, on a temp workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phasegate.api import service
from phasegate.cli import app
from phasegate.config import get_settings
from phasegate.workspace import open_workspace


@pytest.fixture
def workspace_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh SQLite workspace for the command under test."""
    monkeypatch.setenv("PHASEGATE_HOME", str(tmp_path / "ws"))
    monkeypatch.delenv("PHASEGATE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "ws"
    get_settings.cache_clear()


def test_add_prints_the_token_once_and_only_its_hash_is_stored(workspace_env: Path) -> None:
    """The token is printed at creation, authenticates, is never listed, and stops working when revoked."""
    added = CliRunner().invoke(
        app, ["integration", "add", "zd", "--scope", "tickets:write", "--scope", "csat:write"]
    )
    assert added.exit_code == 0, added.output
    token = added.stdout.strip().splitlines()[-1]
    assert token.startswith("pgi_")
    ws = open_workspace(get_settings())
    with ws.sessions() as s:
        row = service.authenticate(s, token=token)
        assert row is not None and row.scopes == ["tickets:write", "csat:write"] and row.token_hash != token
    listed = CliRunner().invoke(app, ["integration", "list"])
    assert "zd" in listed.stdout and token not in listed.stdout
    assert CliRunner().invoke(app, ["integration", "revoke", "zd"]).exit_code == 0
    with ws.sessions() as s:
        assert service.authenticate(s, token=token) is None


def test_an_unknown_scope_or_a_duplicate_name_is_refused(workspace_env: Path) -> None:
    """A misspelt scope names the valid ones; a second integration of the same name is refused."""
    bad = CliRunner().invoke(app, ["integration", "add", "x", "--scope", "tickets:delete"])
    assert bad.exit_code == 1 and "tickets:delete" in bad.output and "tickets:write" in bad.output
    assert CliRunner().invoke(app, ["integration", "add", "x", "--scope", "tickets:read"]).exit_code == 0
    again = CliRunner().invoke(app, ["integration", "add", "x", "--scope", "tickets:read"])
    assert again.exit_code == 1 and "exists" in again.output


def test_worker_status_and_once_on_an_empty_queue(workspace_env: Path) -> None:
    """`worker --status` prints the depth; `worker --once` on an empty queue exits at once."""
    assert CliRunner().invoke(app, ["worker", "--status"]).exit_code == 0
    done = CliRunner().invoke(app, ["worker", "--once", "--no-brief"])
    assert done.exit_code == 0 and "after 0 events" in done.output
