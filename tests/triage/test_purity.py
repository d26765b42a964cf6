"""The import contract: the analysis core loads no web framework, database, HTTP client or provider SDK."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "httpx",
    "uvicorn",
    "openai",
    "anthropic",
    "torch",
)


def test_triage_imports_nothing_impure() -> None:
    """Importing every triage module (and running an analysis) pulls in none of the forbidden packages."""
    code = (
        "import sys\n"
        "import phasegate.triage.analysis, phasegate.triage.router, phasegate.triage.training\n"
        "import phasegate.triage.detectors, phasegate.triage.entities, phasegate.triage.frustration\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
