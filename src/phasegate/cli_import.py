"""`phasegate import ...`: one group whose two commands live with the concepts they import."""

from __future__ import annotations

import typer

from phasegate.store import cli as store_cli
from phasegate.tickets import cli as tickets_cli

app = typer.Typer(help="Import tickets or a store from files.", no_args_is_help=True)
app.command("tickets")(tickets_cli.import_tickets)
app.command("store")(store_cli.import_store)
