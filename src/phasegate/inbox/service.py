"""The inbox's reads and writes: tickets with their latest routing decision, open escalations first (longest
waiting first), filtered, searched (id, subject, customer name and email, order id, message text); saved views
per user and per role, which leads and admins edit."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, and_, case, cast, exists, func, or_, select
from sqlalchemy.orm import Session

from phasegate.auth.schemas import UserRead
from phasegate.auth.service import ROLES, can_manage_rollout
from phasegate.db.base import utcnow
from phasegate.inbox.models import SavedView
from phasegate.policy.decision import AUTONOMY
from phasegate.policy.triggers import CRISIS_MARK
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


class InboxError(ValueError):
    """A saved view that cannot be made or removed; the message says why."""


#: Longest name a saved view may have.
NAME_MAX = 60


@dataclass(frozen=True)
class View:
    """A saved view as the inbox lists it: a user's own (`role` None) or one of a role's defaults."""

    id: int
    name: str
    filters: InboxFilter
    role: str | None = None
    user_id: int | None = None

    @property
    def shared(self) -> bool:
        """Whether this is a role default rather than a user's own view."""
        return self.role is not None


def filters_of(data: dict[str, Any] | None) -> InboxFilter:
    """An `InboxFilter` from stored or submitted fields; unknown values fall back to the defaults."""
    data = data or {}
    status = data.get("status")
    route = data.get("route")
    return InboxFilter(
        status=status if status in STATUSES else "open",
        category=str(data["category"]) if data.get("category") else None,
        route=route if route in ROUTES else None,
        escalated=bool(data.get("escalated")),
        q=str(data["q"]).strip() if data.get("q") and str(data["q"]).strip() else None,
    )


def _stored(f: InboxFilter) -> dict[str, Any]:
    return {"status": f.status, "category": f.category, "route": f.route, "escalated": f.escalated, "q": f.q}


def _view(row: SavedView) -> View:
    return View(id=row.id, name=row.name, filters=filters_of(row.filters), role=row.role, user_id=row.user_id)


def views_for(session: Session, user: UserRead) -> list[View]:
    """The views `user` sees: their role's defaults in the order a lead set, then their own by name."""
    defaults = session.scalars(
        select(SavedView).where(SavedView.role == user.role).order_by(SavedView.position, SavedView.id)
    )
    own = session.scalars(select(SavedView).where(SavedView.user_id == user.id).order_by(SavedView.name))
    return [_view(row) for row in (*defaults, *own)]


def role_views(session: Session, role: str) -> list[View]:
    """A role's default views, in the order the inbox lists them."""
    rows = session.scalars(
        select(SavedView).where(SavedView.role == role).order_by(SavedView.position, SavedView.id)
    )
    return [_view(row) for row in rows]


def view(session: Session, view_id: int | str | None, *, user: UserRead) -> View | None:
    """The saved view `view_id` when it is the user's own or one of their role's defaults."""
    try:
        wanted = int(view_id) if view_id not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return next((v for v in views_for(session, user) if v.id == wanted), None) if wanted else None


def _may_edit_role(user: UserRead, role: str) -> None:
    if role not in ROLES:
        raise InboxError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not can_manage_rollout(user.role):
        raise InboxError("Only a lead or an admin may change a role's default views.")


def save_view(
    session: Session, user: UserRead, *, name: str, filters: InboxFilter, for_role: str | None = None
) -> View:
    """Save `filters` as the view `name`: the user's own, or (leads and admins) a default for `for_role`.

    A view of the same name in the same place is replaced, so saving again updates it."""
    name = " ".join((name or "").split())
    if not name:
        raise InboxError("Give the view a name.")
    if len(name) > NAME_MAX:
        raise InboxError(f"A view name has at most {NAME_MAX} characters ({len(name)} given).")
    if for_role:
        _may_edit_role(user, for_role)
        where = SavedView.role == for_role
    else:
        where = SavedView.user_id == user.id
    row = session.scalar(select(SavedView).where(where, SavedView.name == name))
    if row is None:
        last = session.scalar(select(func.max(SavedView.position)).where(where))
        row = SavedView(
            name=name,
            user_id=None if for_role else user.id,
            role=for_role or None,
            position=(last if last is not None else -1) + 1,
            created_by=user.username,
        )
        session.add(row)
    row.filters = _stored(filters)
    session.flush()
    return _view(row)


def delete_view(session: Session, user: UserRead, view_id: int) -> View:
    """Remove a saved view: the user's own, or (leads and admins) a role's default."""
    row = session.get(SavedView, view_id)
    if row is None or (row.user_id is not None and row.user_id != user.id):
        raise InboxError(f"No saved view {view_id} of yours.")
    if row.role is not None:
        _may_edit_role(user, row.role)
    gone = _view(row)
    session.delete(row)
    session.flush()
    return gone


def current(views: list[View], filters: InboxFilter, *, first: View | None = None) -> int | None:
    """The id of the view to highlight: `first` (the one asked for) or else the first view whose filters are
    exactly `filters`, if any."""
    candidates = [first, *views] if first is not None else views
    return next((v.id for v in candidates if v.filters == filters), None)


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
    # Open escalations first, longest waiting first: a customer the AI handed over is waiting on a human;
    # before them, escalations for crisis language (the customer was told they go to the front of the
    # queue). The rest newest first. A CASE keeps it one portable ORDER BY on SQLite and PostgreSQL.
    crisis = and_(escalated, cast(latest.c.triggers, String).contains(CRISIS_MARK))
    first = case((crisis, 0), (escalated, 1), else_=2)
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
