"""Running the app under uvicorn."""

from __future__ import annotations

import uvicorn

from phasegate.config import get_settings
from phasegate.web.app import create_app


def run(*, host: str | None = None, port: int | None = None) -> None:
    """Serve until interrupted."""
    settings = get_settings()
    app = create_app(settings)
    stop = None
    if settings.scheduler:  # recurring jobs on a background thread; DB leases keep other servers off them
        from phasegate.scheduler.jobs import register_builtin
        from phasegate.scheduler.runner import Scheduler, start_background

        register_builtin()
        _, stop = start_background(Scheduler(app.state.workspace.sessions, settings))
    try:
        uvicorn.run(app, host=host or settings.host, port=port or settings.port, log_level="info")
    finally:
        if stop is not None:
            stop.set()
