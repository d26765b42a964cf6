"""The inbox's read model on SQLite and PostgreSQL: search over customer, order and message text, saved views
per role, and open escalations ordered by how long they have waited."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from phasegate.rollout.models import Decision
from phasegate.store.models import Customer
from phasegate.tickets.models import Message, Ticket
from phasegate.web import inbox

T0 = datetime(2026, 5, 4, 9, 0)


def _ticket(db: Session, tid: str, hours: int, text: str, **kw: object) -> None:
    db.add(
        Ticket(
            id=tid,
            created_at=T0 + timedelta(hours=hours),
            subject=f"Ticket {tid}",
            status=str(kw.pop("status", "open")),
            messages=[Message(seq=0, role="customer", text=text, at=T0 + timedelta(hours=hours))],
            **kw,
        )
    )


def _escalate(db: Session, tid: str, hours: int) -> None:
    db.add(
        Decision(
            ticket_id=tid,
            phase=3,
            route="human",
            escalate=True,
            category="return_policy",
            triggers=[{"code": "frustration", "detail": "shouting"}],
            source="intake",
            created_at=T0 + timedelta(hours=hours),
        )
    )


def _world(db: Session) -> None:
    db.add(Customer(id="C-STORE", name="Orla Quinn", email="orla.q@example.org"))
    _ticket(db, "T-1", 0, "Where is my parcel?", customer={"name": "Ana Lima", "email": "ana@example.com"})
    _ticket(db, "T-2", 1, "Hello", customer_id="C-STORE")
    _ticket(db, "T-3", 2, "Label please", order_id="W7654321")
    _ticket(db, "T-4", 3, "The zipper on my Ridgeline jacket broke after 100% of one hike")
    _ticket(db, "T-5", 4, "Is this waterproof?")
    _escalate(db, "T-5", 4)
    _escalate(db, "T-3", 2)
    db.flush()


def _ids(db: Session, **kw: object) -> list[str]:
    return [r.id for r in inbox.list_(db, filters=inbox.InboxFilter(**kw))]  # type: ignore[arg-type]


def test_search_finds_customer_name_email_order_id_and_message_text(db: Session) -> None:
    """One search box matches stated and store customer names and emails, order ids and message text."""
    _world(db)
    assert _ids(db, q="ana lima") == ["T-1"]
    assert _ids(db, q="ANA@EXAMPLE") == ["T-1"]
    assert _ids(db, q="orla") == ["T-2"]
    assert _ids(db, q="orla.q@example.org") == ["T-2"]
    assert _ids(db, q="7654321") == ["T-3"]
    assert _ids(db, q="ridgeline") == ["T-4"]
    assert _ids(db, q="T-4") == ["T-4"]


def test_search_treats_like_wildcards_literally(db: Session) -> None:
    """`%` and `_` in a search are characters, not wildcards."""
    _world(db)
    assert _ids(db, q="100%") == ["T-4"]
    assert _ids(db, q="%") == ["T-4"]
    assert _ids(db, q="_") == []


def test_open_escalations_come_first_longest_waiting_first_with_their_age(db: Session) -> None:
    """Escalations lead, the one waiting longest on top with its age; the rest follow newest first."""
    _world(db)
    rows = inbox.list_(db, filters=inbox.InboxFilter(), now=T0 + timedelta(hours=5))
    assert [r.id for r in rows] == ["T-3", "T-5", "T-4", "T-2", "T-1"]
    assert [r.waiting for r in rows[:2]] == ["3 h", "60 min"]
    assert all(r.waiting is None for r in rows[2:])


def test_saved_views_depend_on_the_role(db: Session) -> None:
    """Agents get "my drafts", leads get "resolved by the AI"; a view a role lacks is not applied."""
    agent = {v.name for v in inbox.views_for("agent")}
    lead = {v.name for v in inbox.views_for("lead")}
    assert "my-drafts" in agent and "my-drafts" not in lead
    assert "autonomous" in lead and "autonomous" not in agent
    assert "escalations" in agent & lead
    assert inbox.view("autonomous", role="agent") is None
    _world(db)
    escalations = inbox.view("escalations", role="lead")
    assert escalations is not None
    assert [r.id for r in inbox.list_(db, filters=escalations.filters)] == ["T-3", "T-5"]


def test_waiting_reads_in_minutes_hours_then_days() -> None:
    """Ages under two hours in minutes, under two days in hours, then days."""
    assert inbox.waiting_for(T0, T0 + timedelta(minutes=45)) == "45 min"
    assert inbox.waiting_for(T0, T0 + timedelta(hours=5)) == "5 h"
    assert inbox.waiting_for(T0, T0 + timedelta(days=3, hours=1)) == "3 d"
    assert inbox.waiting_for(None, T0) is None
