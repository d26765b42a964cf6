"""Fuzzing the import parsers (hypothesis, a small run; bench/bench_import_fuzz.py runs 10,000+):
no exception on any input, and no valid line lost, in JSONL, CSV and Zendesk exports, and through the DB."""

from __future__ import annotations

import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from phasegate.tickets import fuzzing
from phasegate.tickets.importing import import_tickets
from phasegate.tickets.models import Ticket

# About 200 cases in all: enough to catch a regression in the suite; the bench runs 10,000+.
JSONL = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OTHER = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@JSONL
@given(fuzzing.jsonl_case())
def test_jsonl_reader_never_raises_and_keeps_valid_lines(case: fuzzing.Case) -> None:
    """Any bytes in a JSONL file: every valid ticket line is accepted, the rest named."""
    assert fuzzing.violations("jsonl", case) == []


@OTHER
@given(fuzzing.csv_case())
def test_csv_reader_never_raises_and_keeps_valid_rows(case: fuzzing.Case) -> None:
    """Valid rows (commas, quotes, line breaks in the text) among junk lines are all accepted."""
    assert fuzzing.violations("csv", case) == []


@OTHER
@given(fuzzing.zendesk_case())
def test_zendesk_reader_never_raises_and_keeps_valid_tickets(case: fuzzing.Case) -> None:
    """Odd field types anywhere in an export never cost a valid ticket."""
    assert fuzzing.violations("zendesk", case) == []


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=fuzzing.jsonl_case())
def test_import_stores_every_valid_line(
    case: fuzzing.Case, sessions: sessionmaker[Session], db: Session, tmp_path: Path
) -> None:
    """Through the database: each valid line of a fuzzed file is stored, whatever its neighbours hold."""
    prefix = uuid.uuid4().hex[:8]  # examples share the test's transaction: keep their ids apart
    data = case.data
    for tid in case.valid.values():
        data = data.replace(f'"id": "{tid}"'.encode(), f'"id": "{prefix}{tid}"'.encode())
    path = tmp_path / f"{prefix}.jsonl"
    path.write_bytes(data)
    report = import_tickets(sessions, path, progress=False)
    stored = set(db.scalars(select(Ticket.id).where(Ticket.id.like(f"{prefix}%"))))
    assert {prefix + tid for tid in case.valid.values()} <= stored
    assert all(e.line not in case.valid for e in report.rejected)
