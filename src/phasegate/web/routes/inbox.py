"""The inbox: tickets with category, phase, route and triggers, open escalations first; HTMX filters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from phasegate.web import inbox
from phasegate.web.deps import CurrentUser, DbSession, TemplatesDep, release

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
) -> HTMLResponse:
    """The inbox; an HTMX request gets the result rows alone."""
    filters = inbox.InboxFilter(
        status=status if status in inbox.STATUSES else "open",
        category=category or None,
        route=route if route in inbox.ROUTES else None,
        escalated=escalated,
        q=q or None,
    )
    context = {
        "rows": inbox.list_(db, filters=filters),
        "total": inbox.count(db, filters=filters),
        "f": filters,
        "categories": inbox.categories(db),
        "routes": inbox.ROUTES,
        "statuses": inbox.STATUSES,
        "user": user,
    }
    release(db)
    name = "partials/inbox_rows.html" if request.headers.get("hx-request") else "inbox.html"
    return templates.TemplateResponse(request, name, context)
