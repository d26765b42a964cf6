"""Rows for aftercare tests: tickets resolved by the AI or a person, on issues, at chosen times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from phasegate.metrics.models import Resolution
from phasegate.tickets.models import Message, Ticket

#: A Monday 00:00 UTC: the first week of every aftercare fixture.
WEEK0 = datetime(2026, 3, 2, tzinfo=UTC)


def at(day: float, hour: int = 10) -> datetime:
    """`day` days after the fixtures' first Monday, at `hour` UTC."""
    return WEEK0 + timedelta(days=day, hours=hour)


def resolved_ticket(
    db: Session,
    tid: str,
    *,
    category: str = "order_status",
    created: datetime | None = None,
    resolved: datetime | None = None,
    handled_by: str = "ai",
    issue_id: str | None = None,
    with_row: bool = True,
) -> Ticket:
    """A ticket created at `created` and resolved at `resolved` (a `resolutions` row unless `with_row`)."""
    created = created or at(0)
    resolved = resolved or created + timedelta(minutes=5)
    ticket = Ticket(
        id=tid,
        created_at=created,
        category=category,
        handled_by=handled_by,
        issue_id=issue_id,
        status="resolved",
        resolved_at=resolved,
        messages=[Message(seq=0, role="customer", text="Where is my order A-12345?", at=created)],
    )
    db.add(ticket)
    db.flush()
    if with_row:
        db.add(
            Resolution(
                ticket_id=tid, resolved_at=resolved, resolved_by="ai" if handled_by == "ai" else "human"
            )
        )
        db.flush()
    return ticket


def bulk_resolved(
    db: Session,
    *,
    prefix: str,
    category: str,
    n: int,
    start: datetime,
    span: timedelta = timedelta(days=7),
    handled_by: str = "ai",
) -> list[str]:
    """`n` tickets of a category resolved (with a `resolutions` row) evenly over [start, start + span)."""
    from sqlalchemy import insert

    step = span / max(n, 1)
    tickets, rows = [], []
    for i in range(n):
        when = start + step * i
        tid = f"{prefix}-{i:04d}"
        tickets.append(
            {
                "id": tid,
                "created_at": when,
                "category": category,
                "handled_by": handled_by,
                "status": "resolved",
                "resolved_at": when,
            }
        )
        rows.append(
            {"ticket_id": tid, "resolved_at": when, "resolved_by": "ai" if handled_by == "ai" else "human"}
        )
    if tickets:
        db.execute(insert(Ticket), tickets)
        db.execute(insert(Resolution), rows)
    return [t["id"] for t in tickets]
