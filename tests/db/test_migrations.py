"""Migrations are the only way the schema is made: upgrade from empty, match the models, downgrade."""

from __future__ import annotations

import multiprocessing

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from phasegate.db.migrate import current_revision, downgrade, ensure_schema, head_revision, upgrade
from phasegate.db.registry import metadata
from phasegate.db.session import make_engine
from tests.conftest import _postgres_database


def test_upgrade_from_empty_creates_every_table_and_matches_models(db_url: str) -> None:
    """Upgrading an empty database yields exactly the tables the models declare, with no drift."""
    engine = make_engine(db_url)
    try:
        downgrade(engine, "base")
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == set(metadata.tables)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        assert diff == []
    finally:
        upgrade(engine)
        engine.dispose()


def test_downgrade_to_base_removes_every_table(db_url: str) -> None:
    """Downgrading to base leaves only Alembic's own bookkeeping."""
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert current_revision(engine) is None
    finally:
        upgrade(engine)
        engine.dispose()


def _open_workspace(url: str) -> str:
    """What a replica does first (in its own process): open the database, migrating it when behind."""
    engine = make_engine(url)
    try:
        ensure_schema(engine)
        return str(current_revision(engine))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_replicas_starting_together_on_an_empty_database_all_come_up() -> None:
    """Three processes opening one empty PostgreSQL database at once all start: one migrates, the others
    wait for it (an advisory lock) and find the schema current, with no duplicate-table error."""
    fresh = _postgres_database()
    url = next(fresh)
    try:
        with multiprocessing.get_context("spawn").Pool(3) as pool:
            revisions = pool.map(_open_workspace, [url] * 3)
        assert revisions == [head_revision()] * 3
    finally:
        fresh.close()
