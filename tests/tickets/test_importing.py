"""Ticket import: every format's happy path, bad lines named, good kept, re-import idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from phasegate.store.models import Customer
from phasegate.tickets import service, storable
from phasegate.tickets.importing import import_tickets
from phasegate.tickets.models import Issue, Message, Ticket
from tests.conftest import DATA


def _count(db: Session, model: type) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_jsonl_happy_path_stores_every_contract_field(sessions: sessionmaker[Session], db: Session) -> None:
    """SPEC.md's JSONL lands whole: fields, messages in order, customer and issue rows."""
    report = import_tickets(sessions, DATA / "tickets_good.jsonl")
    assert (report.created, report.updated, report.rejected) == (3, 0, [])
    t = service.get(db, ticket_id="T-1001")
    assert t is not None
    assert (t.category, t.order_id, t.issue_id, t.csat, t.handle_seconds) == (
        "order_status",
        "A-5521",
        "ISS-88",
        5,
        240,
    )
    assert [m.role for m in t.messages] == ["customer", "agent"]
    assert t.created_at is not None and t.created_at.isoformat() == "2026-03-02T10:15:00+00:00"
    assert t.status == "resolved"
    assert db.get(Customer, "C-17") is not None and db.get(Issue, "ISS-88") is not None
    t3 = service.get(db, ticket_id="T-1003")
    assert t3 is not None and t3.extra == {"priority": "low"}


def test_bad_lines_are_named_and_good_lines_kept(sessions: sessionmaker[Session], db: Session) -> None:
    """Each kind of bad line is reported with its line number and field; its neighbours are imported."""
    report = import_tickets(sessions, DATA / "tickets_bad.jsonl")
    by_line = {e.line: e for e in report.rejected}
    assert set(by_line) == {2, 3, 4, 5, 6}
    assert "invalid JSON" in by_line[2].reason
    assert by_line[3].field == "id"
    assert by_line[4].field == "messages" and "list" in by_line[4].reason
    assert by_line[5].field == "messages.0.role"
    assert by_line[6].field == "created_at"
    assert report.created == 2 and not report.ok
    assert {t.id for t in service.list_(db)} == {"B-1", "B-7"}


def test_reimport_updates_instead_of_duplicating(
    sessions: sessionmaker[Session], db: Session, tmp_path: Path
) -> None:
    """Importing the same ids twice leaves one row each, with the newer content."""
    import_tickets(sessions, DATA / "tickets_good.jsonl")
    changed = tmp_path / "again.jsonl"
    changed.write_text(
        (DATA / "tickets_good.jsonl").read_text().replace("order_status", "return_request"), encoding="utf-8"
    )
    report = import_tickets(sessions, changed)
    assert (report.created, report.updated) == (0, 3)
    assert _count(db, Ticket) == 3
    assert _count(db, Message) == 5
    t = service.get(db, ticket_id="T-1001")
    assert t is not None and t.category == "return_request"


def test_csv_with_column_mapping(sessions: sessionmaker[Session], db: Session) -> None:
    """A CSV with its own headers imports through a mapping; an empty body is refused by line."""
    mapping = {
        "id": "Ticket ID",
        "text": "Body",
        "category": "Topic",
        "customer_email": "Requester Email",
        "created_at": "When",
    }
    report = import_tickets(sessions, DATA / "tickets.csv", mapping=mapping)
    assert report.created == 2
    assert [(e.line, e.field) for e in report.rejected] == [(4, "Body")]
    t = service.get(db, ticket_id="CSV-1")
    assert t is not None and t.category == "order_status" and t.customer is not None
    assert t.customer["email"] == "kim@example.com"
    assert t.messages[0].text.startswith("Where is order A-7781")


def test_csv_without_mapping_names_missing_columns(sessions: sessionmaker[Session]) -> None:
    """A CSV whose headers are not mapped is refused with the missing column names."""
    report = import_tickets(sessions, DATA / "tickets.csv")
    assert {e.field for e in report.rejected} == {"id", "text"}
    assert report.created == 0


def test_zendesk_export_with_comments_and_users(sessions: sessionmaker[Session], db: Session) -> None:
    """A Zendesk Incremental Export page maps requester comments to the customer, others to agents."""
    report = import_tickets(sessions, DATA / "zendesk_export.json")
    assert report.created == 2
    assert [(e.line, e.field) for e in report.rejected] == [(3, "id")]
    t = service.get(db, ticket_id="ZD-35436")
    assert t is not None
    assert [m.role for m in t.messages] == ["customer", "agent"]
    assert (t.category, t.csat, t.status, t.channel) == ("damaged_item", 5, "resolved", "email")
    assert t.customer is not None and t.customer["email"] == "sam@example.com"
    t2 = service.get(db, ticket_id="ZD-35437")
    assert t2 is not None and t2.messages[0].text == "I cannot log in to my account."
    assert t2.customer is not None and t2.customer["vip"] is True


REFUSED = {
    7: "handle_seconds",
    14: "messages.0.text",
    21: "subject",
    28: "subject",
    35: "customer.email",
    42: "order_id",
    49: "priority",
    56: "created_at",
    63: "ai_contacts_on_issue",
    70: "messages.0.text",
}


def test_values_the_database_refuses_are_rejected_by_line_and_the_batch_lands(
    sessions: sessionmaker[Session], db: Session
) -> None:
    """Too big, too long, NUL, lone surrogate, invalid UTF-8, NaN, out-of-range date: each line named."""
    report = import_tickets(sessions, DATA / "tickets_db_refusals.jsonl")
    assert {e.line: e.field for e in report.rejected} == REFUSED
    assert all(str(e).startswith(f"line {e.line}: {e.field}: ") for e in report.rejected)
    assert report.created == 61
    assert _count(db, Ticket) == 61
    reasons = " | ".join(e.reason for e in report.rejected)
    for words in ("does not fit", "NUL", "lone surrogate", "invalid UTF-8", "the column holds", "finite"):
        assert words in reasons


def test_the_database_own_refusal_is_pinned_on_its_line(
    sessions: sessionmaker[Session], db: Session, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the checks off, a batch the database refuses is retried line by line: only bad lines are lost."""
    monkeypatch.setattr(storable, "problems", lambda line, ticket: [])
    good = '{"id": "G-%d", "messages": [{"role": "customer", "text": "hello"}]}'
    lines = [good % i for i in range(20)]
    huge = 2**70
    lines.insert(
        5, f'{{"id": "X-1", "handle_seconds": {huge}, "messages": [{{"role": "customer", "text": "x"}}]}}'
    )
    lines.insert(12, '{"id": "X-2", "messages": [{"role": "customer", "text": "bad \\udc00 text"}]}')
    path = tmp_path / "refused.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_tickets(sessions, path)
    assert [(e.line, e.field) for e in report.rejected] == [(6, "(record)"), (13, "(record)")]
    assert all("the database refused it" in e.reason for e in report.rejected)
    assert report.created == 20 and _count(db, Ticket) == 20


def test_csv_with_a_byte_that_is_not_utf8_rejects_that_row_only(
    sessions: sessionmaker[Session], db: Session
) -> None:
    """Invalid UTF-8 on line 3 of a CSV is named there; lines 2 and 4 import."""
    report = import_tickets(sessions, DATA / "tickets_invalid_utf8.csv")
    assert [(e.line, e.field) for e in report.rejected] == [(3, "messages.0.text")]
    assert "invalid UTF-8" in report.rejected[0].reason
    assert {t.id for t in service.list_(db)} == {"U-1", "U-3"}


def test_csv_nul_character_is_rejected_on_its_line(
    sessions: sessionmaker[Session], db: Session, tmp_path: Path
) -> None:
    """A NUL inside a CSV field (PostgreSQL refuses it) rejects that line alone."""
    path = tmp_path / "nul.csv"
    path.write_text("id,text\nA,ok\nB,b\x00d\nC,ok\n", encoding="utf-8")
    report = import_tickets(sessions, path)
    assert [(e.line, e.field) for e in report.rejected] == [(3, "messages.0.text")]
    assert {t.id for t in service.list_(db)} == {"A", "C"}


def test_csv_unterminated_quote_import_reports_it(sessions: sessionmaker[Session], db: Session) -> None:
    """The import of a CSV with a quote left open reports the line and keeps the rows after it."""
    report = import_tickets(sessions, DATA / "tickets_unterminated_quote.csv")
    assert [e.line for e in report.rejected] == [5, 11]
    assert report.created == 8 and _count(db, Ticket) == 8


def test_zendesk_odd_types_import_without_a_traceback(sessions: sessionmaker[Session], db: Session) -> None:
    """An export full of odd field types imports its mappable tickets and names the rest."""
    report = import_tickets(sessions, DATA / "zendesk_odd_types.json")
    assert [e.line for e in report.rejected] == [5, 7, 8, 9, 10, 11, 13]
    assert report.created == 8 and _count(db, Ticket) == 8
