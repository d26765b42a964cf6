"""Engines and sessions, built from settings; nothing is created at import time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry


def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy emits BEGIN itself instead.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A writer that starts as a reader cannot wait for the lock when it upgrades (SQLite answers "locked"
    # at once); BEGIN IMMEDIATE takes the write lock up front, so the busy timeout applies and concurrent
    # writers queue instead of failing.
    immediate = conn.get_execution_options().get(IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


#: Execution option for a SQLite transaction that will write: `session.connection(execution_options=...)`.
IMMEDIATE = "sqlite_immediate"


@dataclass(frozen=True)
class PoolSettings:
    """How many connections a process may hold and how long a request waits for one."""

    size: int = 5
    overflow: int = 10
    timeout: float = 30.0
    sqlite_busy_timeout: float = 15.0


def make_engine(url: str, pool: PoolSettings | None = None) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL, a busy timeout and its folder created."""
    pool = pool or PoolSettings()
    sizing = {"pool_size": pool.size, "max_overflow": pool.overflow, "pool_timeout": pool.timeout}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        memory = not path or path == ":memory:"
        if not memory:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": pool.sqlite_busy_timeout},
            **({} if memory else sizing),
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **sizing)


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(url: str, pool: PoolSettings | None = None) -> Engine:
    """One shared engine per URL for the life of the process; the first caller's pool sizing makes it."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _ENGINES[url] = make_engine(url, pool)
        return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to `engine` that keeps loaded objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
