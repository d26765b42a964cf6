"""The assistant and retrieval import no web framework, so they run in the CLI and in workers alike."""

from __future__ import annotations

import subprocess
import sys


def test_assist_and_knowledge_import_without_fastapi() -> None:
    """Importing the brief's flows and the retrieval stack pulls in neither FastAPI nor Starlette."""
    code = (
        "import sys\n"
        "import phasegate.assist.flows, phasegate.assist.cli\n"
        "import phasegate.knowledge.flows, phasegate.knowledge.cli\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'fastapi', 'starlette', 'uvicorn'})\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
