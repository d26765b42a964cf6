"""Hypothesis strategies for fuzzing the ticket import parsers, and the property they must keep: no
exception, and every valid line accepted (or, for CSV, a multi-line quoted row named as a possible open
quote). Shared by the test suite (a small run) and bench/bench_import_fuzz.py (10,000+ cases).

Needs `hypothesis` (a dev dependency); nothing in the product imports this module.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from hypothesis import strategies as st

from phasegate.ingest.report import RowError
from phasegate.tickets import formats, storable
from phasegate.tickets.schemas import TicketIn

#: Text a valid line may hold: anything but lone surrogates and NUL (which are invalid by design).
CHARS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
SAFE_TEXT = st.text(CHARS, max_size=40)
NONBLANK = SAFE_TEXT.filter(lambda t: bool(t.strip()))
#: Values that break naive readers: huge and negative numbers, NaN, surrogates, NUL, deep nesting.
NASTY_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        ["\x00", "\ud800", "\udcff", "x" * 600, "2026-13-45", "true", "", "0001-01-01T00:00:00+05:00"]
    ),
)
JSON_VALUES = st.recursive(
    NASTY_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
TICKET_FIELDS = (
    "id",
    "messages",
    "channel",
    "created_at",
    "subject",
    "customer",
    "order_id",
    "issue_id",
    "ai_contacts_on_issue",
    "category",
    "handled_by",
    "csat",
    "resolved_at",
    "handle_seconds",
)


@dataclass
class Case:
    """One generated file: its bytes, and which line numbers hold which valid ids."""

    data: bytes
    valid: dict[int, str] = field(default_factory=dict)


@st.composite
def valid_ticket(draw: st.DrawFn, ticket_id: str) -> dict[str, Any]:
    """A ticket every reader must accept."""
    record: dict[str, Any] = {
        "id": ticket_id,
        "messages": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"role": st.sampled_from(["customer", "agent", "ai"]), "text": SAFE_TEXT}
                ),
                min_size=1,
                max_size=3,
            )
        ),
    }
    optional = {
        "channel": st.text(CHARS, max_size=30),
        "subject": SAFE_TEXT,
        "csat": st.integers(1, 5),
        "handle_seconds": st.integers(0, 2**31 - 1),
        "created_at": st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()),
        "extra_note": SAFE_TEXT,
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            record[name] = draw(strategy)
    return record


@st.composite
def junk_line(draw: st.DrawFn, number: int) -> bytes:
    """A line that may be anything: bad JSON, bad bytes, a ticket with odd field types or values."""
    kind = draw(st.sampled_from(["text", "bytes", "json", "ticket"]))
    if kind == "text":
        raw = draw(st.text(max_size=60)).encode("utf-8", "surrogatepass")
    elif kind == "bytes":
        raw = draw(st.binary(max_size=60))
    elif kind == "json":
        raw = json.dumps(draw(JSON_VALUES)).encode("utf-8", "surrogatepass")
    else:
        record = {
            name: draw(JSON_VALUES) for name in draw(st.sets(st.sampled_from(TICKET_FIELDS), max_size=6))
        }
        if draw(st.booleans()):
            record["id"] = f"J{number}"  # junk ids never collide with valid ones
        else:
            record.pop("id", None)
        raw = json.dumps(record).encode("utf-8", "surrogatepass")
    return raw.replace(b"\n", b" ").replace(b"\r", b" ")


@st.composite
def jsonl_case(draw: st.DrawFn) -> Case:
    """A JSONL file mixing valid tickets and junk lines."""
    lines: list[bytes] = []
    valid: dict[int, str] = {}
    for number in range(1, draw(st.integers(1, 12)) + 1):
        if draw(st.booleans()):
            tid = f"V{number}"
            lines.append(json.dumps(draw(valid_ticket(tid))).encode())
            valid[number] = tid
        else:
            lines.append(draw(junk_line(number)))
    return Case(b"\n".join(lines) + b"\n", valid)


@st.composite
def csv_case(draw: st.DrawFn) -> Case:
    """A CSV file of valid rows (texts with commas, quotes and line breaks) and junk lines."""
    header = ["id", "text", "category", "csat"]
    out = io.StringIO()
    writer = csv.writer(out)  # \r\n rows: a field holding \r or \n is quoted
    writer.writerow(header)
    valid: dict[int, str] = {}
    line = 2
    for number in range(draw(st.integers(1, 10))):
        if draw(st.booleans()):
            tid = f"V{number}"
            text = draw(NONBLANK)
            before = out.tell()
            writer.writerow(
                [
                    tid,
                    text,
                    draw(st.sampled_from(["", "order_status", "other"])),
                    draw(st.sampled_from(["", "3"])),
                ]
            )
            valid[line] = tid
            # Physical lines as the importer counts them (universal newlines: \r, \n, \r\n).
            line += len(io.StringIO(out.getvalue()[before:], newline="").readlines())
        else:
            junk = draw(st.text(max_size=50)).replace("\n", " ").replace("\r", " ")
            out.write(junk + "\n")
            line += 1
    return Case(out.getvalue().encode("utf-8", "surrogatepass"), valid)


@st.composite
def zendesk_case(draw: st.DrawFn) -> Case:
    """A Zendesk export page: valid tickets (numeric ids) and tickets with odd field types."""
    tickets: list[Any] = []
    valid: dict[int, str] = {}
    for position in range(1, draw(st.integers(1, 6)) + 1):
        if draw(st.booleans()):
            requester = draw(st.integers(1, 50))
            ticket = {
                "id": position,
                "subject": draw(SAFE_TEXT),
                "description": draw(NONBLANK),
                "requester_id": requester,
                "tags": draw(st.lists(st.sampled_from(["order_status", "vip", "x"]), max_size=3)),
                "status": draw(st.sampled_from(["open", "solved"])),
                "updated_at": "2026-05-02T08:00:00Z",
                "comments": [
                    {"author_id": draw(st.sampled_from([requester, 999])), "body": draw(SAFE_TEXT)}
                    for _ in range(draw(st.integers(0, 3)))
                ],
            }
            tickets.append(ticket)
            valid[position] = f"ZD-{position}"
        else:
            odd = {
                name: draw(JSON_VALUES)
                for name in draw(
                    st.sets(
                        st.sampled_from(
                            [
                                "subject",
                                "description",
                                "requester_id",
                                "tags",
                                "via",
                                "comments",
                                "created_at",
                                "satisfaction_rating",
                                "status",
                                "updated_at",
                                "raw_subject",
                            ]
                        ),
                        max_size=3,
                    )
                )
            }
            odd["id"] = draw(st.one_of(st.none(), st.integers(10**6, 10**7), st.booleans(), JSON_VALUES))
            if isinstance(odd["id"], str):
                odd["id"] = "j" + odd["id"]
            tickets.append(draw(st.one_of(st.just(odd), JSON_VALUES)))
    users = draw(
        st.lists(
            st.one_of(JSON_VALUES, st.fixed_dictionaries({"id": st.integers(1, 50), "email": JSON_VALUES})),
            max_size=4,
        )
    )
    doc = {"tickets": tickets, "users": users}
    return Case(json.dumps(doc).encode("utf-8", "surrogatepass"), valid)


def parse(fmt: str, data: bytes) -> list[formats.Parsed]:
    """Read `data` as the importer does (bad bytes kept as surrogate escapes), checks included."""
    text = data.decode("utf-8-sig", errors="surrogateescape")
    if fmt == "zendesk":
        parsed = list(formats.read_zendesk(text))
    elif fmt == "csv":
        parsed = list(formats.read_csv(io.StringIO(text, newline="")))
    else:
        parsed = list(formats.read_jsonl(io.StringIO(text, newline=None)))
    out: list[formats.Parsed] = []
    for line, item in parsed:
        if isinstance(item, TicketIn) and (problems := storable.problems(line, item)):
            out.append((line, problems))
        else:
            out.append((line, item))
    return out


def violations(fmt: str, case: Case) -> list[str]:
    """What the readers got wrong on `case`: a valid line lost, or rejected without a named line."""
    found: list[str] = []
    accepted: dict[int, str] = {}
    rejected: dict[int, list[RowError]] = {}
    for line, item in parse(fmt, case.data):
        if isinstance(item, TicketIn):
            accepted[line] = item.id
        else:
            rejected.setdefault(line, []).extend(item)
            found += [f"line {line}: an error without a reason" for e in item if not e.reason]
    for line, tid in case.valid.items():
        if accepted.get(line) == tid:
            continue
        errors = rejected.get(line, [])
        # A quoted text whose own line breaks look like whole rows is reported as a possible open quote.
        if fmt == "csv" and any("unterminated quote" in e.reason for e in errors):
            continue
        found.append(f"valid line {line} ({tid}) lost: {[str(e) for e in errors] or 'not reported'}")
    return found
