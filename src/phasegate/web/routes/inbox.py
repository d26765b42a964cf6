"""The inbox: tickets with category, phase, route and triggers, open escalations first; HTMX filters, search,
saved views (each user's own and each role's defaults, which leads and admins edit) and keyboard navigation
(j/k/Enter, `/` to search). Every read and write goes through `phasegate.inbox.service`."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from phasegate.auth.service import ROLES
from phasegate.inbox import service as inbox
from phasegate.web.deps import CurrentUser, DbSession, TemplatesDep, release
from phasegate.web.report_cache import ReportCache

router = APIRouter(include_in_schema=False)
FLASH = "inbox_flash"


def _query_string(f: inbox.InboxFilter) -> str:
    fields = {"status": f.status, "category": f.category, "route": f.route, "q": f.q}
    if f.escalated:
        fields["escalated"] = "true"
    return urlencode({k: v for k, v in fields.items() if v})


def _go(request: Request, url: str, *, ok: bool, message: str) -> Response:
    # Post/redirect/get; the outcome is shown once. An HTMX post is sent on with HX-Redirect.
    request.session[FLASH] = {"ok": ok, "message": message}
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


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
    """The inbox; an HTMX request gets the result rows alone. `view` (an id) applies one of the user's saved
    views; a `q` given with it replaces the view's search."""
    views = inbox.views_for(db, user)
    saved = inbox.view(db, view, user=user)
    if saved is not None:
        filters = replace(saved.filters, q=q.strip() or None) if q is not None else saved.filters
    else:
        filters = inbox.filters_of(
            {"status": status, "category": category, "route": route, "escalated": escalated, "q": q}
        )
    cache: ReportCache = request.app.state.view_cache

    def build() -> tuple[list[inbox.InboxRow], int, list[str]]:
        return inbox.list_(db, filters=filters), inbox.count(db, filters=filters), inbox.categories(db)

    # The rows, the total and the categories per filters and data version; waiting times age on every view.
    rows, total, categories = cache.get(("inbox", filters, cache.version(db)), build)
    editable_roles = ROLES if user.can_manage_rollout else ()
    context = {
        "views": views,
        "current_view": inbox.current(views, filters, first=saved),
        "role_views": {role: inbox.role_views(db, role) for role in editable_roles},
        "roles": editable_roles,
        "rows": inbox.aged(rows),
        "total": total,
        "f": filters,
        "categories": categories,
        "routes": inbox.ROUTES,
        "statuses": inbox.STATUSES,
        "user": user,
        "flash": request.session.pop(FLASH, None),
        "name_max": inbox.NAME_MAX,
    }
    release(db)
    name = "partials/inbox_rows.html" if request.headers.get("hx-request") else "inbox.html"
    return templates.TemplateResponse(request, name, context)


@router.post("/inbox/views", response_model=None)
def save_view(
    request: Request,
    db: DbSession,
    user: CurrentUser,
    name: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "open",
    category: Annotated[str, Form()] = "",
    route: Annotated[str, Form()] = "",
    escalated: Annotated[str, Form()] = "",
    q: Annotated[str, Form()] = "",
    for_role: Annotated[str, Form()] = "",
) -> Response:
    """Save the current filters and search as a named view: the user's own, or a role's default (leads)."""
    filters = inbox.filters_of(
        {"status": status, "category": category, "route": route, "escalated": escalated == "true", "q": q}
    )
    try:
        saved = inbox.save_view(db, user, name=name, filters=filters, for_role=for_role or None)
    except inbox.InboxError as exc:
        db.rollback()
        return _go(request, "/inbox?" + _query_string(filters), ok=False, message=str(exc))
    db.commit()
    where = f"a default view for every {saved.role}" if saved.role else "your view"
    return _go(request, f"/inbox?view={saved.id}", ok=True, message=f"Saved “{saved.name}” as {where}.")


@router.post("/inbox/views/{view_id}/delete", response_model=None)
def delete_view(request: Request, db: DbSession, user: CurrentUser, view_id: int) -> Response:
    """Remove one of the user's views, or (leads and admins) one of a role's default views."""
    try:
        gone = inbox.delete_view(db, user, view_id)
    except inbox.InboxError as exc:
        db.rollback()
        return _go(request, "/inbox", ok=False, message=str(exc))
    db.commit()
    where = f" from the {gone.role} defaults" if gone.role else ""
    return _go(request, "/inbox", ok=True, message=f"Deleted “{gone.name}”{where}.")
