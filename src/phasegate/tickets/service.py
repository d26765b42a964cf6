"""Queries and persistence of tickets, messages and issues."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from phasegate.db.base import Base
from phasegate.store.models import Customer
from phasegate.tickets.models import Issue, Message, Ticket
from phasegate.tickets.schemas import TicketIn


def _first_time(ticket: TicketIn) -> datetime | None:
    return ticket.created_at or next((m.at for m in ticket.messages if m.at), None)


def _row(data: TicketIn, source: str | None) -> dict[str, Any]:
    """The ticket's column values, as the upsert writes them."""
    first_reply = next((m.at for m in data.messages if m.role != "customer" and m.at), None)
    return {
        "id": data.id,
        "channel": data.channel,
        "subject": data.subject,
        "created_at": _first_time(data),
        "customer": data.customer.model_dump() if data.customer else None,
        "customer_id": data.customer.id if data.customer and data.customer.id else None,
        "order_id": data.order_id,
        "issue_id": data.issue_id,
        "ai_contacts_on_issue": data.ai_contacts_on_issue,
        "category": data.category,
        "handled_by": data.handled_by,
        "csat": data.csat,
        "resolved_at": data.resolved_at,
        "handle_seconds": data.handle_seconds,
        "status": "resolved" if data.resolved_at else "open",
        "first_response_at": first_reply,
        "extra": data.extras() or None,
        "source": source,
    }


def _insert(session: Session, model: type[Base]) -> Any:
    """The dialect's INSERT, the one that has `on_conflict_do_*`."""
    if session.get_bind().dialect.name == "postgresql":
        return pg_insert(model)
    return sqlite_insert(model)


def upsert_many(
    session: Session, tickets: Sequence[TicketIn], *, source: str | None = None
) -> tuple[int, int]:
    """Insert new tickets and replace existing ones (same id) with their messages; returns (created, updated).

    Every write is an INSERT ... ON CONFLICT, so two imports of overlapping files running at once each end
    with one row per id. Rows are written in id order (customers, then tickets, then issues): concurrent
    batches take their row locks in one order and cannot deadlock. Customers and issues the tickets name
    are created when missing; existing store customers are left as they are, since the store is their
    source of truth. The counts come from a read before the write: under concurrency they are estimates.
    """
    if not tickets:
        return 0, 0
    by_id = {t.id: t for t in tickets}  # a later line with the same id wins
    ids = sorted(by_id)
    existing = set(session.scalars(select(Ticket.id).where(Ticket.id.in_(ids))))
    _ensure_customers(session, by_id.values())
    rows = [_row(by_id[tid], source) for tid in ids]
    stmt = _insert(session, Ticket)
    # The source is kept when a re-import does not name one; imported_at stays the first import's.
    kept = {"id", "imported_at"} | ({"source"} if source is None else set())
    stmt = stmt.on_conflict_do_update(
        index_elements=[Ticket.id],
        set_={name: stmt.excluded[name] for name in rows[0] if name not in kept},
    )
    session.execute(stmt, rows)
    # The upsert holds each ticket's row lock until commit, so no other import interleaves its messages.
    session.execute(delete(Message).where(Message.ticket_id.in_(ids)))
    messages = [
        {"ticket_id": tid, "seq": i, "role": m.role, "text": m.text, "at": m.at}
        for tid in ids
        for i, m in enumerate(by_id[tid].messages)
    ]
    if messages:
        session.execute(insert(Message), messages)
    _ensure_issues(session, by_id.values())
    session.expire_all()  # ORM objects loaded before the core writes would show stale rows
    created = len(ids) - len(existing)
    return created, len(existing)


def _ensure_customers(session: Session, tickets: Iterable[TicketIn]) -> None:
    wanted = {t.customer.id: t.customer for t in tickets if t.customer and t.customer.id}
    if not wanted:
        return
    rows = [
        {"id": cid, "email": c.email, "name": c.name, "vip": c.vip, "ai_opt_in": c.ai_opt_in}
        for cid, c in sorted(wanted.items())
    ]
    session.execute(_insert(session, Customer).on_conflict_do_nothing(index_elements=["id"]), rows)


def _ensure_issues(session: Session, tickets: Iterable[TicketIn]) -> None:
    wanted = {t.issue_id: t for t in tickets if t.issue_id}
    if not wanted:
        return
    rows = [
        {
            "id": iid,
            "customer_id": t.customer.id if t.customer else None,
            "order_id": t.order_id,
            "category": t.category,
            "opened_at": _first_time(t),
        }
        for iid, t in sorted(wanted.items())
    ]
    session.execute(_insert(session, Issue).on_conflict_do_nothing(index_elements=["id"]), rows)


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


def by_ids(session: Session, ids: Iterable[str]) -> dict[str, Ticket]:
    """The stored tickets among `ids`, by id (unknown ids are left out)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    return {t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_(wanted)))}


def recent_ids(session: Session, *, limit: int = 200) -> list[str]:
    """The ids of the newest tickets, newest first."""
    query = select(Ticket.id).order_by(Ticket.created_at.desc().nulls_last()).limit(limit)
    return list(session.scalars(query))


def latest_created_at(session: Session) -> datetime | None:
    """When the newest stored ticket came in (the clock of evidence and reports), or None without tickets."""
    return session.scalar(select(func.max(Ticket.created_at)))


def csat_scores(
    session: Session,
    *,
    category: str,
    handled_by: Sequence[str],
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[int]:
    """CSAT answers of a category's tickets in some `handled_by` segments, created in [start, end)."""
    query = select(Ticket.csat).where(
        Ticket.category == category, Ticket.handled_by.in_(list(handled_by)), Ticket.csat.is_not(None)
    )
    if start is not None:
        query = query.where(Ticket.created_at >= start)
    if end is not None:
        query = query.where(Ticket.created_at < end)
    return [int(v) for v in session.scalars(query) if v is not None]


def on_issues(
    session: Session, *, issues: Collection[str], handled_by: Sequence[str]
) -> list[tuple[str, str | None, datetime | None]]:
    """(id, issue id, created at) of the tickets on `issues` in the `handled_by` segments."""
    query = select(Ticket.id, Ticket.issue_id, Ticket.created_at).where(
        Ticket.issue_id.in_(issues), Ticket.handled_by.in_(handled_by)
    )
    return [(tid, issue, at) for tid, issue, at in session.execute(query)]


def batches(session: Session, *, since: datetime | None, size: int) -> Iterator[list[Ticket]]:
    """Tickets (with messages) created since `since`, in id order, `size` at a time; each batch is expunged
    from the session after use, so memory stays flat on large histories."""
    last: str | None = None
    while True:
        query = select(Ticket).options(selectinload(Ticket.messages)).order_by(Ticket.id).limit(size)
        if since is not None:
            query = query.where(Ticket.created_at >= since)
        if last is not None:
            query = query.where(Ticket.id > last)
        rows = list(session.scalars(query))
        if not rows:
            return
        yield rows
        last = rows[-1].id
        session.expunge_all()


def _window(since: datetime | None, category: str | None) -> Any:
    query = select(Ticket.id)
    if since is not None:
        query = query.where(Ticket.created_at >= since)
    if category is not None:
        query = query.where(Ticket.category == category)
    return query


def page_with_messages(
    session: Session, *, since: datetime | None, category: str | None, limit: int, offset: int
) -> list[Ticket]:
    """One page of the tickets created since `since` (of one category), with messages, in id order."""
    query = select(Ticket).options(selectinload(Ticket.messages)).order_by(Ticket.id)
    if since is not None:
        query = query.where(Ticket.created_at >= since)
    if category is not None:
        query = query.where(Ticket.category == category)
    return list(session.scalars(query.limit(limit).offset(offset)))


def categories_by_id(session: Session) -> dict[str, str | None]:
    """Every ticket's category, by ticket id."""
    return {row.id: row.category for row in session.execute(select(Ticket.id, Ticket.category))}


def window_signature(
    session: Session, *, since: datetime | None, category: str | None
) -> tuple[int, datetime | None, datetime | None, int | None]:
    """What moves when the tickets created since `since` (of one category) change: (how many, the newest
    creation, the newest resolution, how many messages they have)."""
    ids = _window(since, category).subquery()
    count, newest, resolved = session.execute(
        select(func.count(Ticket.id), func.max(Ticket.created_at), func.max(Ticket.resolved_at)).where(
            Ticket.id.in_(select(ids.c.id))
        )
    ).one()
    messages = session.scalar(select(func.count(Message.id)).where(Message.ticket_id.in_(select(ids.c.id))))
    return count, newest, resolved, messages


def row(session: Session, ticket_id: str) -> Ticket | None:
    """One ticket by id (from the session when already loaded), or None."""
    return session.get(Ticket, ticket_id)


def existing_ids(session: Session, ids: Collection[str]) -> set[str]:
    """Those of `ids` that are stored tickets."""
    return set(session.scalars(select(Ticket.id).where(Ticket.id.in_(ids))))


def open_categories(session: Session) -> list[tuple[str, str | None]]:
    """(id, category) of every ticket not resolved."""
    return [
        (tid, cat)
        for tid, cat in session.execute(select(Ticket.id, Ticket.category).where(Ticket.status != "resolved"))
    ]


def related(session: Session, ticket: Ticket) -> list[Ticket]:
    """Other tickets of the same customer or on the same issue."""
    same = [Ticket.customer_id == ticket.customer_id] if ticket.customer_id else []
    same += [Ticket.issue_id == ticket.issue_id] if ticket.issue_id else []
    if not same:
        return []
    return list(session.scalars(select(Ticket).where(Ticket.id != ticket.id, or_(*same))))


def earlier_on_issue(session: Session, ticket: Ticket) -> list[Ticket]:
    """Other tickets of the ticket's issue created before it, oldest first."""
    query = (
        select(Ticket)
        .where(
            Ticket.issue_id == ticket.issue_id, Ticket.id != ticket.id, Ticket.created_at < ticket.created_at
        )
        .order_by(Ticket.created_at, Ticket.id)
    )
    return list(session.scalars(query))


def message_counts(session: Session) -> dict[str, int]:
    """How many messages each ticket has, by ticket id (tickets with none left out)."""
    query = select(Message.ticket_id, func.count()).group_by(Message.ticket_id)
    return {t: int(n) for t, n in session.execute(query)}
