"""Sign-in enforcement and CSRF protection for the console.

`SignInGate` denies every path but a short public list unless the session names an active user, so a router
added later is protected without remembering to. `verify_csrf` runs on every route: unsafe methods must
echo the session's token in a form field or the `X-CSRF-Token` header.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote

from anyio import to_thread
from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.types import ASGIApp, Receive, Scope, Send

from phasegate.auth import sessions as console_sessions
from phasegate.auth.schemas import UserRead
from phasegate.workspace import Workspace

#: Paths anyone may open.
PUBLIC_PATHS = ("/login", "/healthz", "/metrics")  # /metrics: aggregate counts, optional token
#: Survey links carry their own unguessable token as the credential (customers never sign in).
SURVEY_PREFIXES = ("/survey/", "/api/surveys/")
PUBLIC_PREFIXES = ("/static/", *SURVEY_PREFIXES)
#: The integration API authenticates by token (phasegate.api), not by the console's cookie, so neither the
#: sign-in gate nor the CSRF check (a cookie-borne attack) applies to it.
TOKEN_API_PREFIX = "/api/v1/"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
#: Session key holding the tail of the password hash, so a password change ends other sessions.
PASSWORD_MARK = "pw"
#: Session key holding the server-side session id: signing out revokes it, so a copied cookie dies too.
SESSION_ID = "sid"
#: Seconds a client is told to wait when the database has no free connection.
RETRY_AFTER = "2"


def is_public(path: str) -> bool:
    """Whether `path` is served without signing in."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES) or path.startswith(TOKEN_API_PREFIX)


def password_mark(password_hash: str) -> str:
    """A short fingerprint of a password hash (the salt and digest tail), kept in the session."""
    return password_hash[-16:]


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


async def verify_csrf(request: Request) -> None:
    """Refuse an unsafe request that does not carry the session's CSRF token."""
    path = request.url.path
    if (
        request.method in SAFE_METHODS
        or path.startswith(SURVEY_PREFIXES)
        or path.startswith(TOKEN_API_PREFIX)
    ):
        # A survey answer rides on no cookie: the token in the path is its only credential, so a forged
        # cross-site request could do nothing the token's holder could not. The integration API is the same.
        return
    expected = request.session.get(CSRF_FIELD)
    sent: Any = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    if (
        not isinstance(expected, str)
        or not isinstance(sent, str)
        or not secrets.compare_digest(expected, sent)
    ):
        raise HTTPException(status_code=403, detail="The form expired or did not come from this console.")


def signed_in_user(workspace: Workspace, session: dict[str, Any]) -> UserRead | None:
    """The active user of a live server-side session, or None (signed out, revoked, expired, or the
    password changed since)."""
    uid, sid = session.get("uid"), session.get(SESSION_ID)
    if not isinstance(uid, int) or not isinstance(sid, str):
        return None
    with workspace.sessions() as db:
        user = console_sessions.user_for(db, sid=sid)
        if (
            user is None
            or user.id != uid
            or not user.active
            or session.get(PASSWORD_MARK) != password_mark(user.password_hash)
        ):
            return None
        return UserRead.model_validate(user)


def unavailable(request: Request) -> Response:
    """The fast answer when no database connection is free: 503 with Retry-After, not a 30 s wait."""
    detail = "The console is busy; try again in a moment."
    headers = {"Retry-After": RETRY_AFTER}
    if request.url.path.startswith("/api/") or request.headers.get("hx-request"):
        return JSONResponse({"detail": detail}, status_code=503, headers=headers)
    return Response(detail, status_code=503, headers=headers, media_type="text/plain")


def is_overload(exc: BaseException) -> bool:
    """Whether `exc` means "no connection free" or "the database is locked": a 503, not a 500."""
    if isinstance(exc, PoolTimeout):
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig).lower()


def _refusal(request: Request) -> Response:
    path = request.url.path
    if path.startswith("/api/"):
        return JSONResponse({"detail": "sign in first"}, status_code=401)
    target = "/login"
    if path not in ("/", "/logout"):
        query = f"?{request.url.query}" if request.url.query else ""
        target += "?next=" + quote(path + query, safe="")
    if request.headers.get("hx-request"):
        # HTMX swaps responses into the page; HX-Redirect makes it load the sign-in page instead.
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


class SignInGate:
    """ASGI middleware: a request reaches the app only for a public path or with a signed-in user."""

    def __init__(self, app: ASGIApp, *, workspace: Workspace) -> None:
        self.app = app
        self.workspace = workspace

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on if its path is public or a user is signed in; otherwise refuse it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            # In a worker thread: a database wait must never block the event loop (and every request).
            user = await to_thread.run_sync(signed_in_user, self.workspace, scope.get("session", {}))
        except (PoolTimeout, OperationalError) as exc:
            if not is_overload(exc):
                raise
            await unavailable(request)(scope, receive, send)
            return
        scope.setdefault("state", {})["user"] = user
        if user is None and not is_public(request.url.path):
            await _refusal(request)(scope, receive, send)
            return
        await self.app(scope, receive, send)
