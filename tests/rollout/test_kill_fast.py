"""The kill switch's fast path writes what the full command writes (switch, audit event with the actor, a
time SQLAlchemy reads back), on SQLite and PostgreSQL, and hands every other case to the full command."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, text
from sqlalchemy.orm import Session, sessionmaker

from phasegate.rollout import kill_fast
from phasegate.rollout.models import KillSwitch, KillSwitchEvent
from phasegate.rollout.service import KillSwitchWatch, kill_state, kill_switch_events
from phasegate.web.service import data_version


@pytest.fixture
def fast_env(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Engine]:
    """The test database as the workspace's, no .env in the way, no switch on before or after."""
    monkeypatch.setenv("PHASEGATE_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    _clear(engine)
    yield engine
    _clear(engine)


def _clear(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        session.execute(delete(KillSwitchEvent))
        session.execute(delete(KillSwitch))


def test_on_and_off_write_the_switch_and_the_audit_with_the_actor(
    fast_env: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    """`on` throws the global switch and logs the flip with actor and reason; `off` releases it."""
    before = datetime.now(UTC) - timedelta(seconds=5)
    watch = KillSwitchWatch(sessionmaker(fast_env), ttl=0.0)  # what servers and workers poll
    assert not watch.state().global_on
    with Session(fast_env) as session:
        version = data_version(session)  # what the console's caches key on
    assert kill_fast.run(["on", "--reason", "bad drafts", "--actor", "alice"]) == 0
    assert watch.state().global_on
    with Session(fast_env) as session:
        assert data_version(session) != version
    assert capsys.readouterr().out == "kill switch ON for all categories\n"
    with Session(fast_env) as session:
        assert kill_state(session).global_on
        event = kill_switch_events(session, limit=1)[0]
        assert (event.scope, event.on, event.actor, event.reason) == ("*", True, "alice", "bad drafts")
        assert before <= event.at <= datetime.now(UTC) + timedelta(seconds=5)
        assert session.get(KillSwitch, "*").actor == "alice"  # type: ignore[union-attr]
    assert kill_fast.run(["off", "--reason=fixed", "--actor=bob"]) == 0
    with Session(fast_env) as session:
        assert not kill_state(session).any_on
        latest = kill_switch_events(session, limit=1)[0]
        assert (latest.on, latest.actor, latest.reason) == (False, "bob", "fixed")


def test_releasing_global_names_the_categories_still_on(
    fast_env: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    """Turning the global switch off says which category switches stay on, as the full command does."""
    assert kill_fast.run(["on", "--category", "refund_request", "--reason", "r"]) == 0
    assert kill_fast.run(["on", "--reason", "r"]) == 0
    assert kill_fast.run(["off", "--reason", "r"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == ["kill switch off for all categories", "still on for refund_request"]
    with Session(fast_env) as session:
        state = kill_state(session)
        assert not state.global_on and state.categories == {"refund_request"}


def test_a_schema_behind_head_goes_to_the_full_command(fast_env: Engine) -> None:
    """A database not at the shipped head is not written here (the full command migrates it first)."""
    with fast_env.begin() as conn:
        stored = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        assert kill_fast.run(["on", "--reason", "r"]) is None
    finally:
        with fast_env.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": stored})
    with Session(fast_env) as session:
        assert not kill_state(session).any_on


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["status"],
        ["on"],
        ["on", "--reason", "  "],
        ["on", "--help"],
        ["on", "--reason", "r", "--json"],
        ["on", "--reason"],
        ["on", "--reason", "a", "--reason", "b"],
    ],
)
def test_other_invocations_are_left_to_the_full_command(args: list[str]) -> None:
    """Help, status, a blank reason or an unknown option are not parsed here (the full command answers)."""
    assert kill_fast.parse(args) is None


def test_database_resolution(tmp_path: Path) -> None:
    """The default SQLite file in PHASEGATE_HOME, a sqlite:/// URL, a psycopg URL; anything else is None."""
    assert kill_fast.database({"home": str(tmp_path)}) == ("sqlite", str(tmp_path / "phasegate.db"))
    assert kill_fast.database({"database_url": "sqlite:////x/y.db"}) == ("sqlite", "/x/y.db")
    pg = kill_fast.database({"database_url": "postgresql+psycopg://u:p@h:5432/db"})
    assert pg == ("postgresql", "postgresql://u:p@h:5432/db")
    assert kill_fast.database({"database_url": "mysql://h/db"}) is None
    assert kill_fast.database({"database_url": "sqlite:///x.db?mode=ro"}) is None


def test_settings_read_dotenv_under_the_environment(tmp_path: Path) -> None:
    """.env supplies PHASEGATE_* values, the environment wins, names are case-insensitive."""
    (tmp_path / ".env").write_text("PHASEGATE_HOME=/from/dotenv\nphasegate_database_url=sqlite:////d.db\n")
    found = kill_fast.settings({"PHASEGATE_HOME": "/from/env", "OTHER": "x"}, cwd=tmp_path)
    assert found == {"home": "/from/env", "database_url": "sqlite:////d.db"}


def test_a_workspace_that_does_not_exist_yet_goes_to_the_full_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No database file: nothing is created here (the full command creates and migrates the workspace)."""
    monkeypatch.delenv("PHASEGATE_DATABASE_URL", raising=False)
    monkeypatch.setenv("PHASEGATE_HOME", str(tmp_path / "new"))
    monkeypatch.chdir(tmp_path)
    assert kill_fast.run(["on", "--reason", "r"]) is None
    assert not (tmp_path / "new").exists()
