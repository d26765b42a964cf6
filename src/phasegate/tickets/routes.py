"""Ticket endpoints: JSON API and the HTMX ticket pages."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from phasegate.tickets import service
from phasegate.tickets.schemas import TicketRead, TicketSummary
from phasegate.web.deps import DbSession

router = APIRouter(prefix="/api/tickets", tags=["tickets"])


@router.get("", response_model=list[TicketSummary])
def list_tickets(
    db: DbSession, category: str | None = None, limit: int = 50, offset: int = 0
) -> list[TicketSummary]:
    """Stored tickets, newest first."""
    rows = service.list_(db, category=category, limit=min(limit, 500), offset=offset)
    return [TicketSummary.model_validate(r) for r in rows]


@router.get("/{ticket_id}", response_model=TicketRead)
def get_ticket(ticket_id: str, db: DbSession) -> TicketRead:
    """One ticket with its conversation."""
    row = service.get(db, ticket_id=ticket_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no ticket {ticket_id}")
    return TicketRead.model_validate(row)
