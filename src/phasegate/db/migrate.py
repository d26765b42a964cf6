"""Schema management through Alembic, the only way phasegate's tables are made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from phasegate.db.heads import MIGRATIONS, shipped_head

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and `url`."""
    # Alembic is imported when a migration runs, not on every command: `kill-switch` must be quick.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


#: Key of the PostgreSQL advisory lock a migration holds: replicas starting together on one database take
#: turns, and each one after the first finds the schema current instead of creating it again.
MIGRATION_LOCK = 0x70686173  # "phas"


def _hold_migration_lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of `engine` up to `revision` (one process at a time on PostgreSQL)."""
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        _hold_migration_lock(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Take the schema of `engine` down to `revision`."""
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        _hold_migration_lock(conn)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it has no schema."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    """The newest revision the package ships."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


_shipped_head = shipped_head


def _stored_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def ensure_schema(engine: Engine) -> None:
    """Upgrade to head when the database is behind; a no-op when it is current.

    The common case (schema current) is checked with one query and the file names of the migrations, so a
    command opening the workspace does not pay for importing Alembic.
    """
    head = _shipped_head()
    if head is not None and _stored_revision(engine) == head:
        return
    if current_revision(engine) != head_revision():
        upgrade(engine)
