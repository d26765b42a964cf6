"""The application factory: `create_app(settings)` wires workspace, sign-in, templates, assets and routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from phasegate import __version__
from phasegate.aftercare import routes as aftercare_routes
from phasegate.auth.service import secret_key
from phasegate.config import Settings, get_settings
from phasegate.metrics import formatting
from phasegate.metrics.stats import SEGMENT_LABELS
from phasegate.web import pages, serving
from phasegate.web.routes import auth, dashboard, inbox, kb, phases, tickets
from phasegate.web.security import SignInGate, csrf_token, verify_csrf
from phasegate.workspace import open_workspace

HERE = Path(__file__).parent
#: A signed-in session lasts a working day and a bit.
SESSION_SECONDS = 12 * 3600


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    env.globals["csrf_token"] = csrf_token
    env.globals["segment_labels"] = SEGMENT_LABELS
    env.filters["money"] = formatting.money
    env.filters["csat"] = formatting.csat
    env.filters["rate"] = formatting.rate
    env.filters["hours"] = formatting.hours
    return templates


def create_app(settings: Settings | None = None) -> FastAPI:
    """A ready app on the workspace that `settings` point at (schema brought to head)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="phasegate",
        version=__version__,
        docs_url="/docs",
        redoc_url=None,
        dependencies=[Depends(verify_csrf)],
    )
    workspace = open_workspace(settings)
    app.state.workspace = workspace
    app.state.secret_key = secret_key(settings)
    app.state.templates = templates = _templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (pages, auth, dashboard, inbox, tickets, phases, kb):
        app.include_router(module.router)
    # The JSON APIs of other concepts: the sign-in gate and CSRF check cover them like every page.
    from phasegate.assist import routes as assist_routes
    from phasegate.conversations import routes as conversation_routes
    from phasegate.knowledge import routes as knowledge_routes
    from phasegate.tickets.routes import router as tickets_api

    app.include_router(tickets_api)
    app.include_router(assist_routes.router)
    app.include_router(knowledge_routes.router)
    app.include_router(aftercare_routes.router)
    app.include_router(conversation_routes.router)
    from phasegate.api.routes import install as install_integration_api

    install_integration_api(app)

    # Outermost last: the session is decoded before the gate reads it.
    app.add_middleware(SignInGate, workspace=workspace)
    app.add_middleware(
        SessionMiddleware,
        secret_key=app.state.secret_key,
        session_cookie="phasegate_session",
        max_age=SESSION_SECONDS,
        same_site="lax",
        https_only=settings.cookie_secure,  # PHASEGATE_COOKIE_SECURE=true whenever TLS is in front
    )
    serving.install(app, settings, session_seconds=SESSION_SECONDS)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        """JSON for the API, a page for people (FastAPI's HTTPException is a subclass: one handler)."""
        if request.url.path.startswith("/api/") or request.url.path.startswith("/healthz"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": exc.status_code, "detail": exc.detail, "user": getattr(request.state, "user", None)},
            status_code=exc.status_code,
            headers=exc.headers,
        )

    return app
