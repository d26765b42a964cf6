"""CPU time of starting the `phasegate` command: `--version`, `--help` and one sub-command's `--help`.

Each figure is user+system CPU seconds of a fresh child process (resource.getrusage of the children), the
median of several runs, so a busy machine inflates wall time but hardly the CPU count. Target: under 0.4 s
for `--version` and `--help`.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys

from _common import table

RUNS = 5
TARGET = 0.4
COMMANDS: tuple[tuple[str, ...], ...] = (("--version",), ("--help",), ("triage", "--help"), ("kb", "--help"))


def cpu_seconds(args: tuple[str, ...]) -> float:
    """User+system CPU of one `python -m phasegate ARGS` child, read from the children's rusage."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "phasegate", *args], check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    rows = []
    for args in COMMANDS:
        runs = [cpu_seconds(args) for _ in range(RUNS)]
        median = statistics.median(runs)
        verdict = ("yes" if median < TARGET else "NO") if args in (("--version",), ("--help",)) else "-"
        rows.append([f"phasegate {' '.join(args)}", f"{median:.3f}", f"{min(runs):.3f}", verdict])
    table(["command", "median CPU s", "min CPU s", f"< {TARGET} s"], rows)


if __name__ == "__main__":
    main()
