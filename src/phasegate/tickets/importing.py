"""Importing a ticket file: read, validate line by line, commit good lines in batches, report bad ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.orm import Session, sessionmaker

from phasegate.ingest.report import ImportReport
from phasegate.tickets import formats, service
from phasegate.tickets.schemas import TicketIn

BATCH = 500
#: Files with more lines than this show a progress bar.
PROGRESS_FROM = 2000


def _parse(path: Path, fmt: str, mapping: dict[str, str] | None) -> Iterator[formats.Parsed]:
    if fmt == "zendesk":
        yield from formats.read_zendesk(path.read_text(encoding="utf-8"))
        return
    with path.open(encoding="utf-8", newline="" if fmt == "csv" else None) as fh:
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
) -> ImportReport:
    """Import `path`; every valid record is committed even when others are refused."""
    fmt = fmt or formats.detect_format(path)
    report = ImportReport(kind=f"tickets ({fmt})")
    total = _count_lines(path)
    batch: list[TicketIn] = []

    def flush() -> None:
        if not batch:
            return
        with sessions() as session, session.begin():
            created, updated = service.upsert_many(session, batch, source=fmt)
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
            else:
                batch.append(parsed)
                if len(batch) >= BATCH:
                    flush()
            bar.update(task, completed=line)
        flush()
    return report
