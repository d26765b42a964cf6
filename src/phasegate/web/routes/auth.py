"""Signing in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from phasegate.auth import service as users
from phasegate.web.deps import DbSession, TemplatesDep
from phasegate.web.security import CSRF_FIELD, PASSWORD_MARK, password_mark

router = APIRouter(include_in_schema=False)
HOME = "/dashboard"


def safe_next(target: str | None) -> str:
    """`target` when it is a path on this site, else the dashboard (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return HOME
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, templates: TemplatesDep, next: str | None = None) -> Response:
    """The sign-in form (straight on to `next` when already signed in)."""
    if getattr(request.state, "user", None) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return templates.TemplateResponse(request, "login.html", {"next": safe_next(next), "error": None})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    db: DbSession,
    templates: TemplatesDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = HOME,
) -> Response:
    """Check the credentials and start a fresh session."""
    user = users.authenticate(db, username=username.strip(), password=password)
    if user is None:
        context = {"next": safe_next(next), "error": "Wrong username or password.", "username": username}
        return templates.TemplateResponse(request, "login.html", context, status_code=400)
    db.commit()  # authenticate may have upgraded the hash's parameters
    # A new session on sign-in: nothing set before it (a planted cookie) carries over.
    request.session.clear()
    request.session.update({"uid": user.id, PASSWORD_MARK: password_mark(user.password_hash)})
    request.session.pop(CSRF_FIELD, None)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session."""
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
