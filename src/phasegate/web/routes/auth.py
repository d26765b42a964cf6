"""Signing in and out."""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from phasegate.auth import service as users
from phasegate.auth import sessions as console_sessions
from phasegate.db.session import IMMEDIATE
from phasegate.web.deps import DbSession, TemplatesDep, WorkspaceDep
from phasegate.web.security import CSRF_FIELD, PASSWORD_MARK, SESSION_ID, password_mark
from phasegate.web.throttle import LoginThrottle

router = APIRouter(include_in_schema=False)
HOME = "/dashboard"
log = structlog.get_logger("phasegate.web.auth")


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
    workspace: WorkspaceDep,
    templates: TemplatesDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = HOME,
) -> Response:
    """Check the credentials (unless the name or address is locked out) and start a fresh session.

    The password check (deliberately slow) runs in a read-only transaction; the session row is written
    in a short one of its own, so concurrent sign-ins never hold the database's write lock while hashing.
    """
    throttle: LoginThrottle = request.app.state.login_throttle
    name = username.strip()
    address = request.client.host if request.client else "unknown"
    lockout = throttle.check(username=name, address=address)
    if lockout is not None:
        log.warning("sign_in_locked", scope=lockout.scope)
        context = {"next": safe_next(next), "error": lockout.message, "username": username}
        headers = {"Retry-After": str(int(lockout.retry_after) + 1)}
        return templates.TemplateResponse(request, "login.html", context, status_code=429, headers=headers)
    with workspace.sessions() as db:
        user = users.authenticate(db, username=name, password=password)
        db.commit()  # authenticate may have upgraded the hash's parameters
        signed = (user.id, user.password_hash) if user is not None else None
    if signed is None:
        throttle.failed(username=name, address=address)
        log.info("sign_in_failed")
        context = {"next": safe_next(next), "error": "Wrong username or password.", "username": username}
        return templates.TemplateResponse(request, "login.html", context, status_code=400)
    throttle.succeeded(username=name)
    uid, password_hash = signed
    with workspace.sessions() as db, db.begin():
        db.connection(execution_options={IMMEDIATE: True})
        sid = console_sessions.create(db, user_id=uid, lifetime_seconds=request.app.state.session_seconds)
    # A new session on sign-in: nothing set before it (a planted cookie) carries over.
    request.session.clear()
    request.session.update({"uid": uid, PASSWORD_MARK: password_mark(password_hash), SESSION_ID: sid})
    request.session.pop(CSRF_FIELD, None)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, db: DbSession) -> Response:
    """End the session here and on the server: the cookie stops working even where a copy was kept."""
    sid = request.session.get(SESSION_ID)
    if isinstance(sid, str):
        console_sessions.revoke(db, sid=sid)
        db.commit()
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
