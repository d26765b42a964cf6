"""The dashboard: the three headline numbers, the weekly charts, the categories and the alarms."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from phasegate.metrics import report as reports
from phasegate.web.dashboard import build_view
from phasegate.web.deps import CurrentUser, DbSession, SettingsDep, TemplatesDep

router = APIRouter(include_in_schema=False)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    db: DbSession,
    settings: SettingsDep,
    templates: TemplatesDep,
    user: CurrentUser,
    window: int = Query(default=4, ge=1, le=26),
) -> HTMLResponse:
    """The honest dashboard."""
    report = reports.build_for(db, settings, window_weeks=window)
    return templates.TemplateResponse(
        request, "dashboard.html", {"r": report, "view": build_view(report), "user": user, "window": window}
    )
