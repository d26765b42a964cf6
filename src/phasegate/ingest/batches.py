"""Writing validated records in batches without losing any: a batch the database refuses is written again
line by line, so the refusal is pinned on its own line and the batch's good lines land; a database that
stays locked by another writer stops the import with `StoreBusy`, naming the lines not yet stored."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from phasegate.db.session import IMMEDIATE
from phasegate.ingest.report import RowError

T = TypeVar("T")
#: Writes one batch in an open transaction; returns (created, updated).
Writer = Callable[[Session, Sequence[T]], tuple[int, int]]
#: A batch that loses a deadlock or a serialization race is tried again this many times.
RETRIES = 5
#: PostgreSQL's codes for "try the transaction again": serialization failure, deadlock.
RETRYABLE = {"40001", "40P01"}


class StoreBusy(RuntimeError):
    """The database stayed locked by another writer past the busy timeout; nothing was half-written."""


def _busy(exc: BaseException) -> bool:
    """Whether `exc` means "another writer holds the database" rather than "this data is refused"."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text


def _retryable(exc: BaseException) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in RETRYABLE


def refusal(exc: BaseException) -> str:
    """The first line of the database's reason, as a rejection reason."""
    first = str(getattr(exc, "orig", exc)).strip().splitlines()
    return f"the database refused it: {first[0] if first else type(exc).__name__}"


def _transaction(sessions: sessionmaker[Session], items: Sequence[T], write: Writer[T]) -> tuple[int, int]:
    """One transaction (a SQLite writer from its first statement); retried when PostgreSQL picks it as a
    deadlock or serialization victim."""
    for attempt in range(RETRIES):
        try:
            with sessions() as session, session.begin():
                session.connection(execution_options={IMMEDIATE: True})
                return write(session, items)
        except DBAPIError as exc:
            if not _retryable(exc) or attempt == RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def busy_message(lines: Sequence[int]) -> str:
    """What to tell the person whose import found the database locked."""
    span = f"lines {lines[0]}-{lines[-1]}" if lines else "the remaining lines"
    return (
        "the database is locked by another writer (another import or the server) and stayed locked past "
        f"the busy timeout; {span} and those after them were not imported. Run the import again when the "
        "other writer is done (it is safe: lines already stored are updated, not duplicated), or raise "
        "PHASEGATE_SQLITE_BUSY_TIMEOUT."
    )


def store(
    sessions: sessionmaker[Session],
    batch: Sequence[tuple[int, T]],
    write: Writer[T],
    rejected: list[RowError],
    *,
    field: str = "(record)",
) -> tuple[int, int]:
    """Write `batch` of (line, record); lines the database refuses are added to `rejected`, never raised.

    Raises `StoreBusy` when another writer keeps the database locked.
    """
    if not batch:
        return 0, 0
    try:
        return _transaction(sessions, [r for _, r in batch], write)
    except (SQLAlchemyError, UnicodeError, OverflowError, ValueError) as exc:
        if _busy(exc):
            raise StoreBusy(busy_message([line for line, _ in batch])) from exc
        if len(batch) == 1:
            rejected.append(RowError(batch[0][0], field, refusal(exc)))
            return 0, 0
    created = updated = 0
    for item in batch:
        one = store(sessions, [item], write, rejected, field=field)
        created, updated = created + one[0], updated + one[1]
    return created, updated
