"""Workspaces on a database of their own per module (SQLite and PostgreSQL), emptied between tests.

The app and the workers commit (they run in their own transactions), so these tests never share the
suite's rolled-back database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete

from phasegate.config import Settings
from phasegate.db.registry import metadata
from phasegate.rollout.flows.triage import Analyzer
from phasegate.rollout.routing import analyzer_for, default_router
from phasegate.testing import FakeHelpdesk
from phasegate.workspace import Workspace, open_workspace
from tests.conftest import _postgres_database


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database of the module's own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('intake') / 'intake.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture(scope="module")
def module_workspace(fresh_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A workspace (schema at head) on the module's database."""
    home: Path = tmp_path_factory.mktemp("home")
    ws = open_workspace(Settings(home=home, database_url=fresh_url, secret_key="k" * 32))
    yield ws
    ws.engine.dispose()


@pytest.fixture
def workspace(module_workspace: Workspace) -> Workspace:
    """The module's workspace with every table emptied first."""
    with module_workspace.sessions() as s, s.begin():
        for table in reversed(metadata.sorted_tables):
            s.execute(delete(table))
    return module_workspace


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The bundled router's analysis, loaded once for the session."""
    return analyzer_for(default_router())


@pytest.fixture
def fake() -> Iterator[FakeHelpdesk]:
    """A recording helpdesk on 127.0.0.1."""
    with FakeHelpdesk() as server:
        yield server
