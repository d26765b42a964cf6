"""Health and the console's front pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import text

from phasegate import __version__
from phasegate.tickets import service as tickets
from phasegate.web.deps import DbSession, TemplatesDep

router = APIRouter()


@router.get("/healthz", tags=["ops"])
def healthz(db: DbSession) -> dict[str, str]:
    """Liveness and database reachability."""
    db.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__, "database": db.get_bind().dialect.name}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, db: DbSession, templates: TemplatesDep) -> HTMLResponse:
    """The landing page: what is stored, and where to go."""
    return templates.TemplateResponse(
        request, "home.html", {"ticket_count": tickets.count(db), "recent": tickets.list_(db, limit=20)}
    )
