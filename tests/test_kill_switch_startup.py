"""`phasegate kill-switch` is quick: the command line loads only the command it runs, never the models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from phasegate.config import Settings
from phasegate.rollout.service import kill_state
from phasegate.workspace import open_workspace

PROBE = """
import json, sys
sys.argv = ["phasegate", *sys.argv[1:]]
from phasegate.cli import main
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"scipy", "sklearn", "numpy", "alembic", "fastapi"})
print(json.dumps({"heavy": heavy}), file=sys.stderr)
"""


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PHASEGATE_HOME": str(home)}
    env.pop("PHASEGATE_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_kill_switch_runs_without_the_heavy_imports(tmp_path: Path) -> None:
    """`phasegate kill-switch on` flips the switch and loads no scipy, scikit-learn, numpy or Alembic."""
    home = tmp_path / "ws"
    # Creating and migrating the workspace needs Alembic; opening a current one must not.
    workspace = open_workspace(Settings(home=home))
    flipped = _run(home, "kill-switch", "on", "--reason", "test")
    assert flipped.returncode == 0, flipped.stderr
    assert "kill switch ON for all categories" in flipped.stdout
    probe = json.loads(flipped.stderr.strip().splitlines()[-1])
    assert probe == {"heavy": []}
    with workspace.sessions() as session:
        assert kill_state(session).global_on
