"""The inbox: tickets with category, phase, route and triggers, open escalations first; HTMX filters, search,
saved views per role and keyboard navigation (j/k/Enter, `/` to search)."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from phasegate.web import inbox
from phasegate.web.deps import CurrentUser, DbSession, TemplatesDep, release
from phasegate.web.report_cache import ReportCache

router = APIRouter(include_in_schema=False)


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(
    request: Request,
    db: DbSession,
    templates: TemplatesDep,
    user: CurrentUser,
    status: str = "open",
    category: str | None = None,
    route: str | None = None,
    escalated: bool = False,
    q: str | None = None,
    view: str | None = None,
) -> HTMLResponse:
    """The inbox; an HTMX request gets the result rows alone. `view` picks one of the role's saved views."""
    saved = inbox.view(view, role=user.role)
    if saved is not None:
        filters = replace(saved.filters, q=q or None)
    else:
        filters = inbox.InboxFilter(
            status=status if status in inbox.STATUSES else "open",
            category=category or None,
            route=route if route in inbox.ROUTES else None,
            escalated=escalated,
            q=q or None,
        )
    views = inbox.views_for(user.role)
    current = next((v.name for v in views if replace(v.filters, q=filters.q) == filters), None)
    cache: ReportCache = request.app.state.view_cache

    def build() -> tuple[list[inbox.InboxRow], int, list[str]]:
        return inbox.list_(db, filters=filters), inbox.count(db, filters=filters), inbox.categories(db)

    # The rows, the total and the categories per filters and data version; waiting times age on every view.
    rows, total, categories = cache.get(("inbox", filters, cache.version(db)), build)
    context = {
        "views": views,
        "current_view": current,
        "rows": inbox.aged(rows),
        "total": total,
        "f": filters,
        "categories": categories,
        "routes": inbox.ROUTES,
        "statuses": inbox.STATUSES,
        "user": user,
    }
    release(db)
    name = "partials/inbox_rows.html" if request.headers.get("hx-request") else "inbox.html"
    return templates.TemplateResponse(request, name, context)
