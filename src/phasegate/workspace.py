"""The workspace: a folder with the database (unless PostgreSQL is configured) and trained models."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from phasegate.config import Settings
from phasegate.db.migrate import ensure_schema
from phasegate.db.session import engine_for, session_factory


@dataclass(frozen=True)
class Workspace:
    """An opened workspace: its settings, engine (schema current) and a session factory."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def home(self) -> Path:
        """The workspace folder."""
        return self.settings.home


def exists(settings: Settings) -> bool:
    """Whether a workspace has been set up where the settings point."""
    if settings.database_url:
        return True
    return (settings.home / "phasegate.db").exists()


def open_workspace(settings: Settings) -> Workspace:
    """Open (creating when needed) the workspace and bring its schema to head."""
    settings.home.mkdir(parents=True, exist_ok=True)
    engine = engine_for(settings.resolved_database_url, settings.pool)
    ensure_schema(engine)
    return Workspace(settings=settings, engine=engine, sessions=session_factory(engine))
