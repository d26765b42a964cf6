"""Time to throw the kill switch: wall and CPU seconds of `phasegate kill-switch on` / `off` in a fresh
process, on a current SQLite workspace (and on PostgreSQL with --postgres-url), against the same command
through the full Typer/SQLAlchemy path. Target: under 1 s wall.

    python bench/bench_kill_switch.py
    python bench/bench_kill_switch.py --postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import table
from phasegate.config import Settings
from phasegate.workspace import open_workspace

RUNS = 6
TARGET = 1.0
#: The full command: Typer and SQLAlchemy, bypassing the entry point's fast path.
FULL = "import sys; sys.argv[0] = 'phasegate'; from phasegate.cli import app; app()"


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, user+system CPU) seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _measure(label: str, env: dict[str, str]) -> list[list[str]]:
    rows = []
    for path, prefix in (
        ("fast path", [sys.executable, "-m", "phasegate"]),
        ("full command", [sys.executable, "-c", FULL]),
    ):
        walls, cpus = [], []
        for i in range(RUNS):
            verb = "on" if i % 2 == 0 else "off"
            wall, cpu = _timed([*prefix, "kill-switch", verb, "--reason", "bench", "--actor", "bench"], env)
            walls.append(wall)
            cpus.append(cpu)
        median = statistics.median(walls)
        verdict = ("yes" if median < TARGET else "NO") if path == "fast path" else "-"
        rows.append(
            [label, path, f"{median:.3f}", f"{max(walls):.3f}", f"{statistics.median(cpus):.3f}", verdict]
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres-url", help="Also time a workspace on this PostgreSQL database.")
    args, _ = parser.parse_known_args()  # run_all passes its own arguments to every script
    base = {k: v for k, v in os.environ.items() if not k.startswith("PHASEGATE_")}
    rows = []
    with tempfile.TemporaryDirectory(prefix="phasegate-kill-") as tmp:
        home = Path(tmp) / "ws"
        open_workspace(Settings(home=home, database_url=None))  # created and migrated before timing
        rows += _measure("SQLite", {**base, "PHASEGATE_HOME": str(home)})
        if args.postgres_url:
            open_workspace(Settings(home=home, database_url=args.postgres_url))
            env = {**base, "PHASEGATE_HOME": str(home), "PHASEGATE_DATABASE_URL": args.postgres_url}
            rows += _measure("PostgreSQL", env)
    print(f"machine: {os.cpu_count()} CPUs, 1-min load average {os.getloadavg()[0]:.2f}\n")
    table(["database", "path", "median wall s", "max wall s", "median CPU s", f"< {TARGET} s"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
