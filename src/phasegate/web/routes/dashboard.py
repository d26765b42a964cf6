"""The dashboard: the three headline numbers, the weekly charts, the categories and the alarms."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from phasegate.metrics import report as reports
from phasegate.web.dashboard import DashboardView, build_view
from phasegate.web.deps import CurrentUser, DbSession, SettingsDep, TemplatesDep, release
from phasegate.web.report_cache import ReportCache

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
    """The honest dashboard, rebuilt only when the data changed since the last view of this window."""
    cache: ReportCache = request.app.state.report_cache

    def build() -> tuple[reports.Report, DashboardView]:
        report = reports.build_for(db, settings, window_weeks=window)
        return report, build_view(report)

    report, view = cache.get(("dashboard", window, cache.version(db)), build)
    release(db)
    return templates.TemplateResponse(
        request, "dashboard.html", {"r": report, "view": view, "user": user, "window": window}
    )
