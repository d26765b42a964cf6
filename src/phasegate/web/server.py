"""Running the app under uvicorn, with JSON logs (a request id on every line) instead of uvicorn's text."""

from __future__ import annotations

import uvicorn

from phasegate.config import get_settings
from phasegate.web import warm
from phasegate.web.app import create_app
from phasegate.web.observability import configure_json_logs


def run(*, host: str | None = None, port: int | None = None) -> None:
    """Serve until interrupted."""
    settings = get_settings()
    configure_json_logs(settings.log_level)
    app = create_app(settings)
    stop = None
    if settings.scheduler:  # recurring jobs on a background thread; DB leases keep other servers off them
        from phasegate.scheduler.jobs import register_builtin
        from phasegate.scheduler.runner import Scheduler, start_background

        register_builtin()
        _, stop = start_background(Scheduler(app.state.workspace.sessions, settings))
    # Briefs of the tickets agents are about to open, built in the background before their first view.
    workspace = app.state.workspace
    stop_warm = warm.start(
        workspace.sessions,
        app.state.view_cache,
        workspace.home,
        limit=settings.warm_briefs,
        count=app.state.metrics.count,
    )
    try:
        # The access log is the app's own JSON line (route template, status, ms, request id; no query string).
        uvicorn.run(
            app,
            host=host or settings.host,
            port=port or settings.port,
            log_level="warning",
            access_log=False,
        )
    finally:
        stop_warm.set()
        if stop is not None:
            stop.set()
