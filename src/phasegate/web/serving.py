"""What serving under load needs, wired onto the app in one place: the thread pool sized to the settings
(and the database pool to it), fast 503s, body limits, request ids and JSON access logs, `/metrics`,
sign-in throttling (shared through the database) and the dashboard's report cache."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from phasegate.config import Settings
from phasegate.web.deps import DbSession, WorkspaceDep
from phasegate.web.limits import BodyLimit
from phasegate.web.metrics import Registry
from phasegate.web.observability import RequestObservation
from phasegate.web.report_cache import ReportCache
from phasegate.web.security import is_overload, unavailable
from phasegate.web.throttle import LoginThrottle

router = APIRouter()
#: Prometheus' content type for the text format.
EXPOSITION = "text/plain; version=0.0.4; charset=utf-8"
#: Briefs and inbox pages kept per report-cache entry (32 entries: 512 views, a few MB).
VIEWS_PER_ENTRY = 16


@router.get("/metrics", tags=["ops"], response_class=PlainTextResponse)
def metrics(request: Request, db: DbSession, workspace: WorkspaceDep) -> Response:
    """Prometheus metrics: request counts and latencies, stored decisions, drafts, tickets, switches."""
    token = workspace.settings.metrics_token
    if token:
        sent = request.headers.get("authorization", "")
        if not secrets.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            raise HTTPException(status_code=401, detail="metrics need the bearer token")
    registry: Registry = request.app.state.metrics
    cache: ReportCache = request.app.state.report_cache
    registry.counters["report_cache_hits"] = cache.hits
    registry.counters["report_cache_misses"] = cache.misses
    views: ReportCache = request.app.state.view_cache
    registry.counters["view_cache_hits"] = views.hits
    registry.counters["view_cache_misses"] = views.misses
    body = registry.exposition(workspace.engine, db)
    return Response(body, media_type=EXPOSITION)


class FreshAfterWrite:
    """ASGI middleware: once a write (POST, PUT, PATCH, DELETE) answers, the caches re-read the data version
    on their next view, so the page a person is redirected to after a change shows that change."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; mark the caches stale once a write's response starts."""
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        state = scope["app"].state

        async def send_fresh(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Before the answer leaves: the handler committed; the follow-up view may come at once.
                for cache in (getattr(state, "report_cache", None), getattr(state, "view_cache", None)):
                    if cache is not None:
                        cache.invalidate()
            await send(message)

        await self.app(scope, receive, send_fresh)


def install(app: FastAPI, settings: Settings, *, session_seconds: int) -> None:
    """Wire the serving pieces onto `app`; call after the app's own middleware (these go outside it)."""
    app.state.metrics = registry = Registry()
    app.state.report_cache = ReportCache(settings.report_cache_entries)
    # Briefs (per ticket) and inbox pages (per filters and search): their own LRU, so browsing tickets and
    # searching never evict the dashboard.
    app.state.view_cache = ReportCache(VIEWS_PER_ENTRY * settings.report_cache_entries)
    app.state.session_seconds = session_seconds
    # Failed sign-ins are counted in the workspace's database: every server process shares the counts.
    app.state.login_throttle = LoginThrottle(
        app.state.workspace.sessions,
        per_user=settings.login_max_failures,
        per_address=settings.login_max_failures_per_ip,
        window_seconds=settings.login_lockout_seconds,
    )
    app.include_router(router)

    async def _overloaded(request: Request, exc: Exception) -> Response:
        if not is_overload(exc):
            raise exc
        registry.count("overload_503")
        return unavailable(request)

    app.add_exception_handler(PoolTimeout, _overloaded)
    app.add_exception_handler(OperationalError, _overloaded)
    app.add_middleware(FreshAfterWrite)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestObservation, registry=registry)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The threads that run sync routes are the database's users: as many as the pool has connections.
        to_thread.current_default_thread_limiter().total_tokens = settings.server_threads
        yield

    app.router.lifespan_context = lifespan
