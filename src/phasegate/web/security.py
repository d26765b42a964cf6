"""Sign-in enforcement and CSRF protection for the console.

`SignInGate` denies every path but a short public list unless the session names an active user, so a router
added later is protected without remembering to. `verify_csrf` runs on every route: unsafe methods must
echo the session's token in a form field or the `X-CSRF-Token` header.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from phasegate.auth import service as users
from phasegate.auth.schemas import UserRead
from phasegate.workspace import Workspace

#: Paths anyone may open.
PUBLIC_PATHS = ("/login", "/healthz")
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
    """The active user the session names, or None (also when their password changed since)."""
    uid = session.get("uid")
    if not isinstance(uid, int):
        return None
    with workspace.sessions() as db:
        user = users.get(db, user_id=uid)
        if user is None or not user.active or session.get(PASSWORD_MARK) != password_mark(user.password_hash):
            return None
        return UserRead.model_validate(user)


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
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        user = signed_in_user(self.workspace, scope.get("session", {}))
        scope.setdefault("state", {})["user"] = user
        if user is None and not is_public(request.url.path):
            await _refusal(request)(scope, receive, send)
            return
        await self.app(scope, receive, send)
