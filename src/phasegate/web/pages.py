"""Health, and the front door."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from sqlalchemy import text

from phasegate import __version__
from phasegate.web.deps import DbSession

router = APIRouter()


@router.get("/healthz", tags=["ops"])
def healthz(db: DbSession) -> dict[str, str]:
    """Liveness and database reachability."""
    db.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__, "database": db.get_bind().dialect.name}


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    """The console opens on the dashboard."""
    return RedirectResponse("/dashboard", status_code=303)
