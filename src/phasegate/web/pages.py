"""Health, and the front door."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from phasegate import __version__
from phasegate.web import service as web_service
from phasegate.web.deps import DbSession

router = APIRouter()


@router.get("/healthz", tags=["ops"])
def healthz(db: DbSession) -> dict[str, str]:
    """Liveness and database reachability."""
    web_service.ping(db)
    return {"status": "ok", "version": __version__, "database": db.get_bind().dialect.name}


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    """The console opens on the dashboard."""
    return RedirectResponse("/dashboard", status_code=303)
