"""The brief over HTTP: `GET /api/tickets/{id}/brief` (JSON) and the HTML fragment the console embeds."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from phasegate.assist import flows
from phasegate.assist.schemas import Brief
from phasegate.web.deps import DbSession, TemplatesDep, WorkspaceDep

router = APIRouter(tags=["assist"])


def _brief(db: DbSession, workspace: WorkspaceDep, ticket_id: str) -> Brief:
    try:
        return flows.build(db, ticket_id=ticket_id, home=workspace.home)
    except flows.TicketNotFound:
        raise HTTPException(status_code=404, detail=f"no ticket {ticket_id}") from None


@router.get("/api/tickets/{ticket_id}/brief", response_model=Brief)
def get_brief(ticket_id: str, db: DbSession, workspace: WorkspaceDep) -> Brief:
    """The phase-1 brief of a ticket, computed as of the ticket's creation."""
    return _brief(db, workspace, ticket_id)


@router.get("/tickets/{ticket_id}/brief", response_class=HTMLResponse, include_in_schema=False)
def brief_fragment(
    ticket_id: str, request: Request, db: DbSession, workspace: WorkspaceDep, templates: TemplatesDep
) -> HTMLResponse:
    """The brief as an HTML fragment (`partials/brief.html`), for HTMX to load into the ticket page."""
    return templates.TemplateResponse(
        request, "partials/brief.html", {"brief": _brief(db, workspace, ticket_id)}
    )
