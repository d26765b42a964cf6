"""`phasegate import store DIR`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from phasegate.cli_support import finish_import, workspace
from phasegate.store.importing import import_store as run_import


def import_store(
    directory: Annotated[
        Path, typer.Argument(file_okay=False, help="Folder with customers, products, orders.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import customers, products and orders from JSON (phasegate's format or tau-bench's)."""
    ws = workspace()
    finish_import(run_import(ws.sessions, directory), as_json=as_json)
