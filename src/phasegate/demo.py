"""`phasegate demo`: set up a workspace with sample data and serve the console.

Until the demo world exists this imports the small bundled sample of tickets.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from phasegate.cli_support import console
from phasegate.config import get_settings
from phasegate.tickets import importing
from phasegate.workspace import open_workspace

SAMPLES = Path(__file__).with_name("samples")


def run_demo(*, serve: bool = True, fresh: bool = False) -> None:
    """Build (or reuse) the demo workspace, then serve it unless told not to."""
    settings = get_settings()
    if fresh and settings.database_url is None and settings.home.exists():
        shutil.rmtree(settings.home)
    ws = open_workspace(settings)
    report = importing.import_tickets(ws.sessions, SAMPLES / "tickets.jsonl", progress=False)
    console.print(f"workspace {settings.home.resolve()}: {report.accepted} sample tickets")
    if serve:
        from phasegate.web.server import run

        console.print(f"serving on http://{settings.host}:{settings.port}/  (Ctrl-C to stop)")
        run()
