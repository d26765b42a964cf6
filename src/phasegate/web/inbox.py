"""The inbox's read model: tickets with their latest routing decision, escalations first, filtered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from phasegate.rollout.models import CategoryPhase, Decision
from phasegate.tickets.models import Ticket

ROUTES = ("autonomous", "draft", "assist", "human")
STATUSES = ("open", "resolved", "all")
#: Decisions from replays and simulations are not how a ticket was actually routed.
NOT_LIVE_SOURCES = ("backtest", "sim")
PAGE = 100


@dataclass(frozen=True)
class InboxFilter:
    """What the inbox is narrowed to."""

    status: str = "open"
    category: str | None = None
    route: str | None = None
    escalated: bool = False
    q: str | None = None


@dataclass(frozen=True)
class InboxRow:
    """One line of the inbox."""

    id: str
    subject: str | None
    customer: str | None
    category: str | None
    phase: int | None
    created_at: datetime | None
    status: str
    handled_by: str | None
    route: str | None
    escalate: bool
    triggers: list[str] = field(default_factory=list)


def latest_decisions() -> Any:
    """Each ticket's most recent live decision, as a subquery."""
    ranked = (
        select(
            Decision.ticket_id,
            Decision.route,
            Decision.escalate,
            Decision.triggers,
            Decision.phase,
            func.row_number()
            .over(partition_by=Decision.ticket_id, order_by=(Decision.created_at.desc(), Decision.id.desc()))
            .label("rn"),
        )
        .where(Decision.source.not_in(NOT_LIVE_SOURCES))
        .subquery("ranked")
    )
    return select(ranked).where(ranked.c.rn == 1).subquery("latest")


def _query(f: InboxFilter) -> Select[Any]:
    latest = latest_decisions()
    escalated = and_(latest.c.escalate.is_(True), Ticket.status != "resolved")
    query = (
        select(Ticket, latest.c.route, latest.c.escalate, latest.c.triggers, CategoryPhase.phase)
        .outerjoin(latest, latest.c.ticket_id == Ticket.id)
        .outerjoin(CategoryPhase, CategoryPhase.category == Ticket.category)
    )
    if f.status == "open":
        query = query.where(Ticket.status != "resolved")
    elif f.status == "resolved":
        query = query.where(Ticket.status == "resolved")
    if f.category:
        query = query.where(Ticket.category == f.category)
    if f.route:
        query = query.where(latest.c.route == f.route)
    if f.escalated:
        query = query.where(latest.c.escalate.is_(True))
    if f.q:
        like = f"%{f.q.strip()}%"
        query = query.where(or_(Ticket.id.ilike(like), Ticket.subject.ilike(like)))
    # Open escalations first: a customer the AI handed over is waiting on a human.
    return query.order_by(case((escalated, 0), else_=1), Ticket.created_at.desc().nulls_last(), Ticket.id)


def list_(session: Session, *, filters: InboxFilter, limit: int = PAGE) -> list[InboxRow]:
    """Tickets matching `filters`, open escalations first, then newest."""
    rows = []
    for ticket, route, escalate, triggers, phase in session.execute(_query(filters).limit(limit)):
        customer = ticket.customer or {}
        rows.append(
            InboxRow(
                id=ticket.id,
                subject=ticket.subject,
                customer=customer.get("name") or customer.get("email") or ticket.customer_id,
                category=ticket.category,
                phase=phase,
                created_at=ticket.created_at,
                status=ticket.status,
                handled_by=ticket.handled_by,
                route=route,
                escalate=bool(escalate),
                triggers=[t.get("code", "?") if isinstance(t, dict) else str(t) for t in (triggers or [])],
            )
        )
    return rows


def count(session: Session, *, filters: InboxFilter) -> int:
    """How many tickets match `filters`."""
    return int(
        session.scalar(select(func.count()).select_from(_query(filters).order_by(None).subquery())) or 0
    )


def categories(session: Session) -> list[str]:
    """Categories that have tickets, for the filter."""
    return [c for c in session.scalars(select(Ticket.category).distinct().order_by(Ticket.category)) if c]
