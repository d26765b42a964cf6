"""`phasegate import tickets` and `phasegate tickets list|show`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from phasegate.cli_support import console, err_console, finish_import, workspace
from phasegate.tickets import formats, importing, service
from phasegate.tickets.schemas import TicketRead, TicketSummary
from phasegate.workspace import Workspace

app = typer.Typer(help="Browse stored tickets.", no_args_is_help=True)


def import_tickets(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Ticket file to import.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="jsonl | csv | zendesk (guessed from the file when absent)."),
    ] = None,
    mapping: Annotated[
        list[str] | None, typer.Option("--map", help="CSV column mapping FIELD=HEADER, repeatable.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import tickets (SPEC.md JSONL, CSV, or a Zendesk export); bad lines are named, good ones kept."""
    if fmt not in (None, "jsonl", "csv", "zendesk"):
        raise typer.BadParameter("must be jsonl, csv or zendesk", param_hint="--format")
    try:
        columns = formats.parse_mapping(mapping or [])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--map") from exc
    ws = workspace()
    try:
        report = importing.import_tickets(ws.sessions, file, fmt=fmt, mapping=columns, progress=not as_json)
    except importing.StoreBusy as exc:
        err_console.print(f"[red]import stopped:[/red] {exc}", highlight=False)
        raise typer.Exit(code=2) from exc
    _draft_arrivals(ws)
    finish_import(report, as_json=as_json)


def _draft_arrivals(ws: Workspace) -> None:
    """Phase 2 on arrival: open tickets of phase-2 categories get their draft (stderr says how many)."""
    from phasegate.drafts.flows import draft_open
    from phasegate.drafts.providers import from_settings

    outcomes = draft_open(ws.sessions, home=ws.home, provider=from_settings(ws.settings))
    made = sum(1 for o in outcomes if o.created)
    if made:
        err_console.print(f"drafted {made} phase-2 ticket(s) for agents to review")


@app.command("list")
def list_tickets(
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """List stored tickets, newest first."""
    ws = workspace()
    with ws.sessions() as session:
        rows = [
            TicketSummary.model_validate(t) for t in service.list_(session, category=category, limit=limit)
        ]
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    table = Table("id", "category", "channel", "created", "status", "subject")
    for r in rows:
        created = r.created_at.strftime("%Y-%m-%d %H:%M") if r.created_at else ""
        table.add_row(r.id, r.category or "-", r.channel or "", created, r.status, (r.subject or "")[:60])
    console.print(table)


@app.command("show")
def show_ticket(
    ticket_id: Annotated[str, typer.Argument(help="The ticket id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the ticket as JSON.")] = False,
) -> None:
    """Show one ticket with its conversation."""
    ws = workspace()
    with ws.sessions() as session:
        row = service.get(session, ticket_id=ticket_id)
        if row is None:
            err_console.print(f"no ticket {ticket_id!r}")
            raise typer.Exit(code=1)
        ticket = TicketRead.model_validate(row)
    if as_json:
        typer.echo(ticket.model_dump_json(indent=2))
        return
    console.print(f"[bold]{ticket.id}[/bold]  {ticket.subject or ''}", highlight=False)
    console.print(
        f"category: {ticket.category or '-'}   channel: {ticket.channel or '-'}   status: {ticket.status}   "
        f"handled by: {ticket.handled_by or '-'}   csat: {ticket.csat or '-'}",
        highlight=False,
    )
    if ticket.customer:
        console.print(f"customer: {ticket.customer.get('name') or ''} <{ticket.customer.get('email') or ''}>")
    for m in ticket.messages:
        when = m.at.strftime("%Y-%m-%d %H:%M") if m.at else ""
        console.print(f"\n[bold]{m.role}[/bold] {when}", highlight=False)
        console.print(m.text, highlight=False, markup=False)
