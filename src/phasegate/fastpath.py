"""The `phasegate` console script: `kill-switch` runs without importing the rest of the CLI (the models,
scipy, scikit-learn), so stopping the AI is quick; every other command goes to `phasegate.cli`."""

from __future__ import annotations

import logging
import sys

#: Commands served from their own light module (its Typer `app`), by their first word.
FAST = {"kill-switch": "phasegate.rollout.cli.kill_switch"}


def _log_to_stderr() -> None:
    # As the full CLI does: logs on stderr never corrupt `--json` on stdout.
    import structlog

    from phasegate.config import get_settings

    level = logging.getLevelNamesMapping().get(get_settings().log_level.upper(), logging.INFO)
    structlog.configure(
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        wrapper_class=structlog.make_filtering_bound_logger(level),
    )


def main() -> None:
    """Console-script entry point."""
    args = sys.argv[1:]
    module = FAST.get(args[0]) if args else None
    if module is None:
        from phasegate.cli import main as full

        full()
        return
    import importlib

    _log_to_stderr()
    app = importlib.import_module(module).app
    app(args=args[1:], prog_name=f"phasegate {args[0]}")
