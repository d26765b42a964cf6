"""The inbox's read model: tickets with their latest routing decision, open escalations first (longest waiting
first), filtered, searched (id, subject, customer name and email, order id, message text), and saved views."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from phasegate.db.base import utcnow
from phasegate.policy.decision import AUTONOMY
from phasegate.rollout.models import NOT_LIVE_SOURCES, CategoryPhase, Decision
from phasegate.store.models import Customer
from phasegate.tickets.models import Message, Ticket

#: Routes, most autonomous first (the phase name table read backwards).
ROUTES = tuple(reversed(AUTONOMY))
STATUSES = ("open", "resolved", "all")
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
class View:
    """A saved view: a named filter for the roles that work from it."""

    name: str
    label: str
    roles: tuple[str, ...]
    filters: InboxFilter


#: Saved views per role, in the order the inbox lists them; the first a role may use is its default.
VIEWS = (
    View("open", "All open", ("agent", "lead", "admin"), InboxFilter()),
    View("escalations", "Open escalations", ("agent", "lead", "admin"), InboxFilter(escalated=True)),
    View("my-drafts", "My drafts to review", ("agent",), InboxFilter(route="draft")),
    View(
        "autonomous", "Resolved by the AI", ("lead", "admin"), InboxFilter(status="all", route="autonomous")
    ),
    View("all", "Everything", ("agent", "lead", "admin"), InboxFilter(status="all")),
)


def views_for(role: str) -> list[View]:
    """The saved views a role sees."""
    return [v for v in VIEWS if role in v.roles]


def view(name: str | None, *, role: str) -> View | None:
    """The saved view called `name` when the role may use it."""
    return next((v for v in views_for(role) if v.name == name), None)


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
    waiting: str | None = None  # how long an open escalation has waited, e.g. "3 h"


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
    if f.q and f.q.strip():
        query = query.where(_matches(f.q.strip()))
    # Open escalations first, longest waiting first: a customer the AI handed over is waiting on a human.
    # The rest newest first. A CASE keeps it one portable ORDER BY on SQLite and PostgreSQL.
    first = case((escalated, 0), else_=1)
    waiting_order = case((escalated, Ticket.created_at), else_=None)
    return query.order_by(
        first, waiting_order.asc().nulls_last(), Ticket.created_at.desc().nulls_last(), Ticket.id
    )


def _matches(q: str) -> Any:
    """Tickets whose id, subject, order id, stated customer name or email, store customer name or email, or
    any message text contains `q` (case-insensitive; LIKE metacharacters in `q` are literal)."""
    like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    def has(column: Any) -> Any:
        return column.ilike(like, escape="\\")

    in_store = exists().where(Customer.id == Ticket.customer_id, or_(has(Customer.name), has(Customer.email)))
    in_messages = exists().where(Message.ticket_id == Ticket.id, has(Message.text))
    return or_(
        has(Ticket.id),
        has(Ticket.subject),
        has(Ticket.order_id),
        has(Ticket.customer_id),
        has(Ticket.customer["name"].as_string()),
        has(Ticket.customer["email"].as_string()),
        in_store,
        in_messages,
    )


def waiting_for(since: datetime | None, now: datetime) -> str | None:
    """A short age: "40 min", "3 h", "2 d"."""
    if since is None:
        return None
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"


def list_(
    session: Session, *, filters: InboxFilter, limit: int = PAGE, now: datetime | None = None
) -> list[InboxRow]:
    """Tickets matching `filters`, open escalations first (longest waiting first), then newest."""
    rows = []
    now = (now or utcnow()).replace(tzinfo=None)
    for ticket, route, escalate, triggers, phase in session.execute(_query(filters).limit(limit)):
        customer = ticket.customer or {}
        waiting_since = ticket.created_at.replace(tzinfo=None) if ticket.created_at else None
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
                waiting=waiting_for(waiting_since, now) if escalate and ticket.status != "resolved" else None,
            )
        )
    return rows


def aged(rows: list[InboxRow], *, now: datetime | None = None) -> list[InboxRow]:
    """`rows` with each open escalation's waiting time as of `now`: rows kept from an earlier view age."""
    now = (now or utcnow()).replace(tzinfo=None)
    return [
        replace(
            row,
            waiting=waiting_for(row.created_at.replace(tzinfo=None) if row.created_at else None, now)
            if row.escalate and row.status != "resolved"
            else None,
        )
        for row in rows
    ]


def count(session: Session, *, filters: InboxFilter) -> int:
    """How many tickets match `filters`."""
    return int(
        session.scalar(select(func.count()).select_from(_query(filters).order_by(None).subquery())) or 0
    )


def categories(session: Session) -> list[str]:
    """Categories that have tickets, for the filter."""
    return [c for c in session.scalars(select(Ticket.category).distinct().order_by(Ticket.category)) if c]
