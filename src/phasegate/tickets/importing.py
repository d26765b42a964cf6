"""Importing a ticket file: read, validate line by line, commit good lines in batches, report bad ones.

Values the database would refuse are rejected before it is asked (`storable`); a batch it refuses anyway
is retried line by line (`ingest.batches`); a database locked by another writer raises `StoreBusy`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.orm import Session, sessionmaker

from phasegate.ingest import batches
from phasegate.ingest.batches import StoreBusy
from phasegate.ingest.report import ImportReport
from phasegate.tickets import formats, service, storable
from phasegate.tickets.schemas import TicketIn

__all__ = ["BATCH", "StoreBusy", "import_tickets"]

BATCH = 500
#: Files with more lines than this show a progress bar.
PROGRESS_FROM = 2000


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

    Raises `StoreBusy` (re-exported here) when the database stays locked by another writer (SQLite);
    lines stored before that stay stored.
    """
    fmt = fmt or formats.detect_format(path)
    report = ImportReport(kind=f"tickets ({fmt})")
    total = _count_lines(path)
    batch: list[tuple[int, TicketIn]] = []

    def write(session: Session, tickets: Sequence[TicketIn]) -> tuple[int, int]:
        return service.upsert_many(session, tickets, source=fmt)

    def flush() -> None:
        if batch:
            created, updated = batches.store(sessions, batch, write, report.rejected)
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
