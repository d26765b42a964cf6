"""Running the app under uvicorn."""

from __future__ import annotations

import uvicorn

from phasegate.config import get_settings
from phasegate.web.app import create_app


def run(*, host: str | None = None, port: int | None = None) -> None:
    """Serve until interrupted."""
    settings = get_settings()
    app = create_app(settings)
    uvicorn.run(app, host=host or settings.host, port=port or settings.port, log_level="info")
