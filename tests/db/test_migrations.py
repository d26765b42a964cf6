"""Migrations are the only way the schema is made: upgrade from empty, match the models, downgrade."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from phasegate.db.migrate import current_revision, downgrade, head_revision, upgrade
from phasegate.db.registry import metadata
from phasegate.db.session import make_engine


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
