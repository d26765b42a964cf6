"""Queries and persistence of tickets, messages and issues."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from phasegate.store.models import Customer
from phasegate.tickets.models import Issue, Message, Ticket
from phasegate.tickets.schemas import TicketIn


def _first_time(ticket: TicketIn) -> datetime | None:
    return ticket.created_at or next((m.at for m in ticket.messages if m.at), None)


def _apply(row: Ticket, data: TicketIn) -> None:
    row.channel = data.channel
    row.subject = data.subject
    row.created_at = _first_time(data)
    row.customer = data.customer.model_dump() if data.customer else None
    row.customer_id = data.customer.id if data.customer and data.customer.id else None
    row.order_id = data.order_id
    row.issue_id = data.issue_id
    row.ai_contacts_on_issue = data.ai_contacts_on_issue
    row.category = data.category
    row.handled_by = data.handled_by
    row.csat = data.csat
    row.resolved_at = data.resolved_at
    row.handle_seconds = data.handle_seconds
    row.status = "resolved" if data.resolved_at else "open"
    first_reply = next((m.at for m in data.messages if m.role != "customer" and m.at), None)
    row.first_response_at = first_reply
    row.extra = data.extras() or None


def upsert_many(
    session: Session, tickets: Sequence[TicketIn], *, source: str | None = None
) -> tuple[int, int]:
    """Insert new tickets and replace existing ones (same id) with their messages; returns (created, updated).

    Customers and issues the tickets name are created when missing; existing store customers are left as
    they are, since the store is their source of truth.
    """
    if not tickets:
        return 0, 0
    by_id = {t.id: t for t in tickets}  # a later line with the same id wins
    ids = list(by_id)
    existing = {t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_(ids)))}
    if existing:
        session.execute(delete(Message).where(Message.ticket_id.in_(list(existing))))
    created = 0
    for tid, data in by_id.items():
        row = existing.get(tid)
        if row is None:
            row = Ticket(id=tid)
            session.add(row)
            created += 1
        _apply(row, data)
        if source:
            row.source = source
    session.flush()
    session.add_all(
        Message(ticket_id=tid, seq=i, role=m.role, text=m.text, at=m.at)
        for tid, data in by_id.items()
        for i, m in enumerate(data.messages)
    )
    _ensure_customers(session, by_id.values())
    _ensure_issues(session, by_id.values())
    session.flush()
    return created, len(by_id) - created


def _ensure_customers(session: Session, tickets: Iterable[TicketIn]) -> None:
    wanted = {t.customer.id: t.customer for t in tickets if t.customer and t.customer.id}
    if not wanted:
        return
    have = set(session.scalars(select(Customer.id).where(Customer.id.in_(list(wanted)))))
    for cid, c in wanted.items():
        if cid not in have:
            session.add(Customer(id=cid, email=c.email, name=c.name, vip=c.vip, ai_opt_in=c.ai_opt_in))


def _ensure_issues(session: Session, tickets: Iterable[TicketIn]) -> None:
    wanted = {t.issue_id: t for t in tickets if t.issue_id}
    if not wanted:
        return
    have = set(session.scalars(select(Issue.id).where(Issue.id.in_(list(wanted)))))
    for iid, t in wanted.items():
        if iid not in have:
            session.add(
                Issue(
                    id=iid,
                    customer_id=t.customer.id if t.customer else None,
                    order_id=t.order_id,
                    category=t.category,
                    opened_at=_first_time(t),
                )
            )


def get(session: Session, *, ticket_id: str) -> Ticket | None:
    """One ticket with its messages, or None."""
    return session.scalars(
        select(Ticket).options(selectinload(Ticket.messages)).where(Ticket.id == ticket_id)
    ).one_or_none()


def list_(
    session: Session,
    *,
    category: str | None = None,
    limit: int = 50,
    offset: int = 0,
    since: datetime | None = None,
) -> list[Ticket]:
    """Tickets, newest first, optionally of one category."""
    query = select(Ticket)
    if category:
        query = query.where(Ticket.category == category)
    if since:
        query = query.where(Ticket.created_at >= since)
    query = query.order_by(Ticket.created_at.desc().nulls_last(), Ticket.id).limit(limit).offset(offset)
    return list(session.scalars(query))


def count(session: Session, *, category: str | None = None) -> int:
    """How many tickets are stored (of one category)."""
    query = select(func.count()).select_from(Ticket)
    if category:
        query = query.where(Ticket.category == category)
    return int(session.scalar(query) or 0)
