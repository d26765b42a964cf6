"""Importing a ticket file: read, validate line by line, commit good lines in batches, report bad ones.

A batch the database still refuses is retried line by line, so the refusal is pinned on its own line and
the batch's good lines land. A database that stays busy (another writer) stops the import with
`StoreBusy`, naming the lines not yet stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from phasegate.db.session import IMMEDIATE
from phasegate.ingest.report import ImportReport, RowError
from phasegate.tickets import formats, service, storable
from phasegate.tickets.schemas import TicketIn

BATCH = 500
#: Files with more lines than this show a progress bar.
PROGRESS_FROM = 2000
#: A batch that loses a deadlock or a serialization race is tried again this many times.
RETRIES = 5
#: PostgreSQL's codes for "try the transaction again": serialization failure, deadlock.
RETRYABLE = {"40001", "40P01"}


class StoreBusy(RuntimeError):
    """The database stayed locked by another writer past the busy timeout; nothing was half-written."""


def _parse(path: Path, fmt: str, mapping: dict[str, str] | None) -> Iterator[formats.Parsed]:
    # Bytes that are not UTF-8 survive as surrogate escapes; the checks reject them on their own line.
    if fmt == "zendesk":
        yield from formats.read_zendesk(path.read_text(encoding="utf-8-sig", errors="surrogateescape"))
        return
    newline = "" if fmt == "csv" else None
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline=newline) as fh:
        if fmt == "csv":
            yield from formats.read_csv(fh, mapping)
        else:
            yield from formats.read_jsonl(fh)


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def _busy(exc: BaseException) -> bool:
    """Whether `exc` means "another writer holds the database" rather than "this data is refused"."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text


def _retryable(exc: BaseException) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in RETRYABLE


def _refusal(exc: BaseException) -> str:
    first = str(getattr(exc, "orig", exc)).strip().splitlines()
    return f"the database refused it: {first[0] if first else type(exc).__name__}"


def _write(sessions: sessionmaker[Session], tickets: list[TicketIn], source: str) -> tuple[int, int]:
    """One transaction; retried when PostgreSQL picks it as a deadlock or serialization victim."""
    for attempt in range(RETRIES):
        try:
            with sessions() as session, session.begin():
                session.connection(execution_options={IMMEDIATE: True})
                return service.upsert_many(session, tickets, source=source)
        except DBAPIError as exc:
            if not _retryable(exc) or attempt == RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _store(
    sessions: sessionmaker[Session], batch: list[tuple[int, TicketIn]], source: str, report: ImportReport
) -> tuple[int, int]:
    """Write one batch; when the database refuses it, write its lines one by one and name the refused."""
    try:
        return _write(sessions, [t for _, t in batch], source)
    except (SQLAlchemyError, UnicodeError, OverflowError, ValueError) as exc:
        if _busy(exc):
            raise StoreBusy(_busy_message(batch)) from exc
        if len(batch) == 1:
            report.rejected.append(RowError(batch[0][0], "(record)", _refusal(exc)))
            return 0, 0
    created = updated = 0
    for item in batch:
        one = _store(sessions, [item], source, report)
        created, updated = created + one[0], updated + one[1]
    return created, updated


def _busy_message(batch: list[tuple[int, TicketIn]]) -> str:
    lines = f"lines {batch[0][0]}-{batch[-1][0]}" if batch else "the remaining lines"
    return (
        "the database is locked by another writer (another import or the server) and stayed locked past "
        f"the busy timeout; {lines} and those after them were not imported. Run the import again when the "
        "other writer is done (it is safe: lines already stored are updated, not duplicated), or raise "
        "PHASEGATE_SQLITE_BUSY_TIMEOUT."
    )


def import_tickets(
    sessions: sessionmaker[Session],
    path: Path,
    *,
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
    progress: bool = True,
    batch_size: int = BATCH,
) -> ImportReport:
    """Import `path`; every valid record is committed even when others are refused.

    Raises `StoreBusy` when the database stays locked by another writer (SQLite); lines stored before
    that stay stored.
    """
    fmt = fmt or formats.detect_format(path)
    report = ImportReport(kind=f"tickets ({fmt})")
    total = _count_lines(path)
    batch: list[tuple[int, TicketIn]] = []

    def flush() -> None:
        if batch:
            created, updated = _store(sessions, batch, fmt, report)
            report.created += created
            report.updated += updated
            batch.clear()

    show = progress and total > PROGRESS_FROM
    with Progress(
        TextColumn("importing {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task(path.name, total=total)
        for line, parsed in _parse(path, fmt, mapping):
            if isinstance(parsed, list):
                report.rejected.extend(parsed)
            elif problems := storable.problems(line, parsed):
                report.rejected.extend(problems)
            else:
                batch.append((line, parsed))
                if len(batch) >= batch_size:
                    flush()
            bar.update(task, completed=line)
        flush()
    report.rejected.sort(key=lambda e: e.line)
    return report
