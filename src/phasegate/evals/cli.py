"""`phasegate eval build | status`: the eval set phase 1 earns, sampled from resolved tickets."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from phasegate.cli_support import console, workspace
from phasegate.evals import service

app = typer.Typer(help="The eval set: graded tickets with the right answers.", no_args_is_help=True)


@app.command("build")
def build(
    per_category: Annotated[int, typer.Option(min=1, help="Up to this many items per category.")] = 100,
    category: Annotated[list[str] | None, typer.Option(help="Only these categories (repeatable).")] = None,
    min_grade: Annotated[int, typer.Option(min=1, max=5, help="Lowest CSAT accepted as a good reply.")] = 4,
    seed: Annotated[int, typer.Option(help="Sampling seed.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Sample resolved tickets with a human reply rated >= --min-grade into the eval set (tops it up)."""
    ws = workspace()
    with ws.sessions() as session, session.begin():
        report = service.build_eval_set(
            session, per_category=per_category, categories=category, min_grade=min_grade, seed=seed
        )
        totals = service.counts_by_category(session)
    if as_json:
        typer.echo(json.dumps({"added": report.added, "candidates": report.candidates, "totals": totals}))
        return
    table = Table("category", "added", "candidates", "eval items now")
    for c in sorted(set(totals) | set(report.added)):
        table.add_row(c, str(report.added.get(c, 0)), str(report.candidates.get(c, 0)), str(totals.get(c, 0)))
    console.print(table)


@app.command("status")
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Eval items per category."""
    ws = workspace()
    with ws.sessions() as session:
        totals = service.counts_by_category(session)
    if as_json:
        typer.echo(json.dumps(totals))
        return
    table = Table("category", "eval items")
    for c, n in sorted(totals.items()):
        table.add_row(c, str(n))
    console.print(table)
