"""What every CLI command shares: opening the workspace, the consoles, reporting an import."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from phasegate.config import get_settings
from phasegate.ingest.report import ImportReport
from phasegate.workspace import Workspace, open_workspace

console = Console()
err_console = Console(stderr=True)

#: Shown before we stop listing rejected lines one by one.
MAX_ERRORS_SHOWN = 50


def workspace() -> Workspace:
    """The workspace of the current settings, opened (and migrated)."""
    return open_workspace(get_settings())


def finish_import(report: ImportReport, *, as_json: bool = False) -> None:
    """Print an import report and exit 1 when anything was rejected."""
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for error in report.rejected[:MAX_ERRORS_SHOWN]:
            err_console.print(f"[red]rejected[/red] {error}", highlight=False, markup=True)
        if len(report.rejected) > MAX_ERRORS_SHOWN:
            err_console.print(f"... and {len(report.rejected) - MAX_ERRORS_SHOWN} more rejected lines")
        extra = "".join(f", {k}: {v}" for k, v in report.counts.items())
        console.print(
            f"{report.kind}: {report.created} created, {report.updated} updated, "
            f"{len(report.rejected)} rejected{extra}",
            highlight=False,
        )
    if not report.ok:
        raise typer.Exit(code=1)
