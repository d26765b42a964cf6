"""Concurrent imports of overlapping files on a real, committed database: each record once, none lost."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from phasegate.db.migrate import upgrade
from phasegate.db.session import PoolSettings, make_engine, session_factory
from phasegate.ingest.report import ImportReport
from phasegate.store.models import Customer
from phasegate.tickets.importing import StoreBusy, import_tickets
from phasegate.tickets.models import Issue, Message, Ticket
from tests.conftest import _postgres_database

FILES = 4
PER_FILE = 300
STEP = 100  # file k holds tickets k*STEP .. k*STEP+PER_FILE-1: neighbours overlap by 200


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def committed(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database of its own whose commits are real (no rolled-back test transaction)."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path / 'c.db'}"])
    else:
        urls = _postgres_database()
    url = next(urls)
    engine = make_engine(url, PoolSettings(size=FILES + 1, overflow=0, timeout=30))
    upgrade(engine)
    yield engine
    engine.dispose()
    for _ in urls:  # runs the generator's clean-up (drops the PostgreSQL database)
        pass


def _files(tmp_path: Path) -> list[Path]:
    paths = []
    for k in range(FILES):
        path = tmp_path / f"part{k}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(k * STEP, k * STEP + PER_FILE):
                record = {
                    "id": f"T-{i:05d}",
                    "customer": {"id": f"C-{i % 37}", "email": f"c{i % 37}@example.com"},
                    "issue_id": f"ISS-{i % 53}",
                    "messages": [
                        {"role": "customer", "text": f"where is order {i}? (from file {k})"},
                        {"role": "agent", "text": "on its way"},
                    ],
                }
                fh.write(json.dumps(record) + "\n")
        paths.append(path)
    return paths


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_four_concurrent_overlapping_imports_store_every_ticket_once(
    committed: Engine, tmp_path: Path
) -> None:
    """4 imports at once of overlapping files: every ticket, customer and issue once, no message doubled."""
    sessions = session_factory(committed)
    with ThreadPoolExecutor(FILES) as pool:
        reports: list[ImportReport] = list(
            pool.map(lambda p: import_tickets(sessions, p, progress=False, batch_size=40), _files(tmp_path))
        )
    assert all(r.rejected == [] and r.accepted == PER_FILE for r in reports)
    unique = (FILES - 1) * STEP + PER_FILE
    with sessions() as session:
        assert _count(session, Ticket) == unique
        assert _count(session, Message) == 2 * unique
        assert _count(session, Customer) == 37
        assert _count(session, Issue) == 53
        seqs = session.execute(select(Message.ticket_id, func.count()).group_by(Message.ticket_id)).all()
        assert {n for _, n in seqs} == {2}


def test_sqlite_writer_that_cannot_get_in_gets_a_clear_error(tmp_path: Path) -> None:
    """A connection holding SQLite's write lock past the busy timeout stops the import with StoreBusy."""
    db = tmp_path / "locked.db"
    engine = make_engine(f"sqlite:///{db}", PoolSettings(sqlite_busy_timeout=0.2))
    upgrade(engine)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy) as caught:
            import_tickets(session_factory(engine), _files(tmp_path)[0], progress=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        engine.dispose()
    message = str(caught.value)
    assert "locked by another writer" in message and "lines 1-300" in message
