"""`phasegate kb ingest|search|gaps|calibrate`: the help center from the command line."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from phasegate.cli_support import console, err_console, workspace

app = typer.Typer(
    help="The knowledge base: ingest a help center, search it, find its gaps.", no_args_is_help=True
)


@app.command("ingest")
def ingest(
    directory: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Help-center folder.")],
    prune: Annotated[bool, typer.Option(help="Deactivate articles whose file is gone.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Ingest Markdown, HTML and text articles (and a catalog) as versions; exit 1 if a file is refused."""
    from phasegate.knowledge import flows

    ws = workspace()
    with ws.sessions() as session:
        report = flows.ingest(session, ws.home, directory, prune=prune)
        session.commit()
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for name, reason in report.rejected:
            err_console.print(f"[red]refused[/red] {name}: {reason}", highlight=False)
        console.print(
            f"articles: {len(report.created)} created, {len(report.updated)} new versions, "
            f"{len(report.unchanged)} unchanged, {len(report.deactivated)} deactivated, "
            f"{len(report.rejected)} refused; {report.chunks} passages; products: "
            f"{report.products_created} created, {report.products_updated} updated",
            highlight=False,
        )
    if not report.ok:
        raise typer.Exit(code=1)


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="A question, as a customer would write it.")],
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many passages.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Search the help center; catalog questions show the product's attribute first."""
    from phasegate.knowledge import flows

    ws = workspace()
    with ws.sessions() as session:
        result = flows.search(session, ws.home, query, k=k)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, default=str))
        return
    for fact in result.facts:
        console.print(f"[bold]{fact.statement}[/bold]  ({fact.source})", highlight=False)
    table = Table("#", "article", "heading", "support", "passage")
    for p in result.passages:
        table.add_row(
            str(p.rank), p.article_id, p.heading, f"{p.support:.2f}", p.text[:90].replace("\n", " ")
        )
    console.print(table)
    verdict = "well supported" if result.hit else "not well supported"
    console.print(
        f"{verdict} (support {result.support:.2f}, threshold {result.threshold:.2f})", highlight=False
    )


@app.command("gaps")
def gaps(
    since: Annotated[datetime | None, typer.Option(help="Only tickets created since (ISO date).")] = None,
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    threshold: Annotated[float | None, typer.Option(help="Support threshold (default: calibrated).")] = None,
    min_count: Annotated[int, typer.Option(min=1, help="Hide clusters with fewer tickets.")] = 1,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Record each ticket's KB hit.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check tickets against the help center, record KB hits, and cluster what it could not back."""
    from phasegate.knowledge import flows

    ws = workspace()
    with ws.sessions() as session:
        report = flows.gap_report(
            session,
            ws.home,
            since=since,
            category=category,
            threshold=threshold,
            save=save,
            min_count=min_count,
        )
        if save:
            session.commit()
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
        return
    console.print(
        f"{report.scanned} tickets checked: KB hit rate {report.hit_rate:.1%} "
        f"(support >= {report.threshold:.2f}); {report.unsupported_claims} agent statements unsupported",
        highlight=False,
    )
    table = Table("tickets", "topic", "kinds", "examples")
    for c in report.clusters:
        d = c.as_dict(examples=2)
        kinds = ", ".join(f"{k} {v}" for k, v in d["kinds"].items())
        examples = "\n".join(f"{e['ticket_id']}: {e['text'][:80]}" for e in d["examples"])
        table.add_row(str(c.count), ", ".join(c.terms), kinds, examples)
    console.print(table)


@app.command("calibrate")
def calibrate(
    questions: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="JSONL of {question, relevant_article}.")
    ],
    save: Annotated[bool, typer.Option("--save/--no-save", help="Use the result in this workspace.")] = True,
) -> None:
    """Set the support threshold from questions with known articles (each article taken out in turn)."""
    from phasegate.knowledge import calibration, index

    pairs = []
    for number, line in enumerate(questions.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            if "question" not in row or "relevant_article" not in row:
                raise typer.BadParameter(f"line {number}: needs question and relevant_article")
            pairs.append((str(row["question"]), str(row["relevant_article"])))
    ws = workspace()
    with ws.sessions() as session:
        _, chunks = index.load_chunks(session, ws.home)
    result = calibration.choose(calibration.leave_article_out(chunks, pairs), source=str(questions))
    if save:
        calibration.save(ws.home, result)
    typer.echo(json.dumps(result.__dict__, indent=2))
