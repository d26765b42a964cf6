"""Durable resolution: a customer back on the same issue within the window undoes the resolution.

docs/metrics.md counts a ticket resolved only while its latest `resolutions` row is not `reopened` and no
later ticket on the same issue came within the durability window. These functions write that fact down when
it happens, so the metrics, the review and the engine all see the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy.orm import Session

from phasegate.aftercare import service
from phasegate.db.base import utcnow
from phasegate.metrics.models import Resolution
from phasegate.policy import Policy
from phasegate.tickets import service as tickets_service
from phasegate.tickets.models import Ticket

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Reopened:
    """A resolution that a returning customer undid (or, outside the window, that held)."""

    ticket_id: str
    resolved_at: datetime
    resolved_by: str
    came_back_at: datetime
    durable: bool  # True: the customer came back after the window, the resolution had held

    @property
    def ai(self) -> bool:
        """Whether it was the AI's resolution."""
        return self.resolved_by == "ai"


def _standing(session: Session, ticket: Ticket) -> Resolution | None:
    """The resolution that currently counts: the latest not reopened, or the imported label made a row."""
    rows = service.resolutions_of(session, ticket.id)
    if rows:
        return next((r for r in rows if not r.reopened), None)
    if ticket.resolved_at is None:
        return None
    # Only the imported `resolved_at` label says it was resolved: record it, so the reopening has a row.
    row = Resolution(
        ticket_id=ticket.id,
        resolved_at=ticket.resolved_at,
        resolved_by="ai" if ticket.handled_by == "ai" else "human",
        reopened=False,
    )
    session.add(row)
    session.flush()
    return row


def _undo(session: Session, ticket: Ticket, at: datetime, policy: Policy) -> Reopened | None:
    row = _standing(session, ticket)
    if row is None or at < row.resolved_at:
        return None
    durable = at - row.resolved_at > timedelta(days=policy.aftercare.reopen_days)
    if not durable:
        row.reopened = True
    session.flush()
    outcome = Reopened(ticket.id, row.resolved_at, row.resolved_by, at, durable)
    log.info(
        "resolution.customer_returned",
        ticket_id=ticket.id,
        resolved_by=row.resolved_by,
        durable=durable,
    )
    return outcome


def customer_returned(
    session: Session, *, ticket_id: str, at: datetime | None = None, policy: Policy | None = None
) -> Reopened | None:
    """A new customer message on a resolved ticket: reopen the ticket; within the window, the resolution
    stops counting as durable (its row is marked `reopened`). None when the ticket was not resolved.

    The conversation engine and the import path call this when a customer message arrives after a
    resolution.
    """
    ticket = tickets_service.row(session, ticket_id)
    if ticket is None:
        raise ValueError(f"no ticket {ticket_id!r}")
    outcome = _undo(session, ticket, at or utcnow(), policy or Policy())
    if outcome is not None:
        ticket.status = "open"
    return outcome


def new_ticket_on_issue(session: Session, *, ticket_id: str, policy: Policy | None = None) -> list[Reopened]:
    """A new ticket on an issue: earlier resolved tickets of the same issue that it came back within the
    window of are marked not durable. Returns what was found (also the ones that had held)."""
    ticket = tickets_service.row(session, ticket_id)
    if ticket is None:
        raise ValueError(f"no ticket {ticket_id!r}")
    if not ticket.issue_id or ticket.created_at is None:
        return []
    out = []
    for other in tickets_service.earlier_on_issue(session, ticket):
        outcome = _undo(session, other, ticket.created_at, policy or Policy())
        if outcome is not None:
            out.append(outcome)
    return out
