"""The application factory: `create_app(settings)` wires the workspace, templates, static files and routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from phasegate import __version__
from phasegate.config import Settings, get_settings
from phasegate.web import pages
from phasegate.workspace import open_workspace

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None) -> FastAPI:
    """A ready app on the workspace that `settings` point at (schema brought to head)."""
    settings = settings or get_settings()
    app = FastAPI(title="phasegate", version=__version__, docs_url="/docs", redoc_url=None)
    app.state.workspace = open_workspace(settings)
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages.router)
    from phasegate.assist import routes as assist_routes
    from phasegate.knowledge import routes as knowledge_routes
    from phasegate.tickets.routes import router as tickets_router

    app.include_router(tickets_router)
    app.include_router(assist_routes.router)
    app.include_router(knowledge_routes.router)
    return app
