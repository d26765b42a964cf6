"""`phasegate user add|list`: the people who sign in to the console."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from phasegate.auth import service
from phasegate.cli_support import console, err_console, workspace

app = typer.Typer(help="Console users (agent, lead, admin).", no_args_is_help=True)


@app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="The name to sign in with.")],
    role: Annotated[str, typer.Option(help="agent | lead | admin (lead and admin change phases).")] = "agent",
    password: Annotated[
        str | None, typer.Option(help="The password (asked for, hidden, when absent).")
    ] = None,
) -> None:
    """Create a user who can sign in to the console."""
    if role not in service.ROLES:
        raise typer.BadParameter(f"must be one of {', '.join(service.ROLES)}", param_hint="--role")
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    ws = workspace()
    with ws.sessions() as session:
        try:
            service.create(session, username=username, password=password, role=role)
        except service.AuthError as exc:
            err_console.print(f"refused: {exc}", highlight=False)
            raise typer.Exit(code=1) from exc
        session.commit()
    console.print(f"user {username} added as {role}", highlight=False)


@app.command("list")
def list_users() -> None:
    """List the console's users."""
    ws = workspace()
    with ws.sessions() as session:
        users = service.list_(session)
    table = Table("username", "role", "active", "created")
    for u in users:
        table.add_row(u.username, u.role, "yes" if u.active else "no", u.created_at.strftime("%Y-%m-%d"))
    console.print(table)
