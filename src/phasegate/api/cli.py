"""`phasegate integration add|list|revoke`: the outside systems allowed to call the API, and their tokens."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from phasegate.api import service
from phasegate.cli_support import console, err_console, workspace

app = typer.Typer(help="Integrations of the REST API (tokens with scopes).", no_args_is_help=True)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="A name for the integration (e.g. zendesk-prod).")],
    scope: Annotated[
        list[str], typer.Option("--scope", help=f"Repeatable; one of: {', '.join(service.SCOPES)}.")
    ],
) -> None:
    """Create an integration and print its token, which is shown this once."""
    ws = workspace()
    with ws.sessions() as session:
        try:
            made = service.create(session, name=name, scopes=scope)
        except service.IntegrationError as exc:
            err_console.print(f"refused: {exc}", highlight=False)
            raise typer.Exit(code=1) from exc
        session.commit()
    err_console.print(
        f"integration {made.name} added with {', '.join(made.scopes)}; its token (shown once, store it now):",
        highlight=False,
    )
    typer.echo(made.token)


@app.command("list")
def list_integrations() -> None:
    """The integrations, their scopes and whether they are revoked (never the tokens)."""
    ws = workspace()
    with ws.sessions() as session:
        rows = service.list_(session)
    table = Table("name", "token starts", "scopes", "created", "last used", "revoked")
    for r in rows:
        table.add_row(
            r.name,
            r.token_hint + "…",
            " ".join(map(str, r.scopes)),
            r.created_at.strftime("%Y-%m-%d"),
            r.last_used_at.strftime("%Y-%m-%d %H:%M") if r.last_used_at else "-",
            r.revoked_at.strftime("%Y-%m-%d %H:%M") if r.revoked_at else "-",
        )
    console.print(table)


@app.command("revoke")
def revoke(
    name: Annotated[str, typer.Argument(help="The integration whose token stops working now.")],
) -> None:
    """Revoke an integration's token (its next request gets 401)."""
    ws = workspace()
    with ws.sessions() as session:
        try:
            service.revoke(session, name=name)
        except service.IntegrationError as exc:
            err_console.print(f"refused: {exc}", highlight=False)
            raise typer.Exit(code=1) from exc
        session.commit()
    console.print(f"integration {name} revoked", highlight=False)
