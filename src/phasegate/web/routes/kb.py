"""The KB gaps page: what customers asked and agents stated that no help-center article backs."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from phasegate.web import bridge
from phasegate.web.deps import CurrentUser, DbSession, TemplatesDep, WorkspaceDep, release
from phasegate.web.report_cache import ReportCache

router = APIRouter(include_in_schema=False)


@router.get("/kb/gaps", response_class=HTMLResponse)
def kb_gaps(
    request: Request,
    db: DbSession,
    workspace: WorkspaceDep,
    templates: TemplatesDep,
    user: CurrentUser,
    days: int = Query(default=28, ge=1, le=365),
    category: str | None = None,
) -> HTMLResponse:
    """Gap topics of recent tickets, largest first."""
    cache: ReportCache = request.app.state.report_cache
    view = cache.get(
        ("kb_gaps", days, category or None, cache.version(db)),
        lambda: bridge.kb_gaps(db, home=workspace.home, days=days, category=category or None),
    )
    release(db)
    return templates.TemplateResponse(
        request, "kb_gaps.html", {"view": view, "days": days, "category": category, "user": user}
    )
