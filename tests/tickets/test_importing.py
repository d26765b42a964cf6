"""Ticket import: every format's happy path, bad lines named, good kept, re-import idempotent."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from phasegate.store.models import Customer
from phasegate.tickets import service
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
