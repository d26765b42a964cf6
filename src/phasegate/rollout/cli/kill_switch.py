"""`phasegate kill-switch on | off | status`: stop autonomous replies and drafts, globally or per category."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from phasegate.cli_support import console, workspace
from phasegate.rollout import service
from phasegate.rollout.cli.common import actor, fail

app = typer.Typer(
    help="The kill switch: global or per category; honoured within a second.", no_args_is_help=True
)

Category = Annotated[str | None, typer.Option(help="Only this category (default: every category).")]
Reason = Annotated[str, typer.Option(help="Why (required; kept in the audit).")]
Actor = Annotated[str | None, typer.Option("--actor", help="Who (default: login name).")]


def _flip(on: bool, category: str | None, reason: str, who: str | None) -> None:
    ws = workspace()
    with ws.sessions() as session, session.begin():
        try:
            service.set_kill_switch(session, on=on, category=category, actor=actor(who), reason=reason)
        except ValueError as exc:
            fail(str(exc))
        state = service.kill_state(session)
    scope = category or "all categories"
    console.print(f"kill switch {'ON' if on else 'off'} for {scope}", highlight=False)
    if not on and state.any_on:
        still = "all categories" if state.global_on else ", ".join(sorted(state.categories))
        console.print(f"still on for {still}", highlight=False)


@app.command("on")
def on(reason: Reason, category: Category = None, who: Actor = None) -> None:
    """Stop autonomous replies and drafts (for one category or all); briefs for agents continue."""
    _flip(True, category, reason, who)


@app.command("off")
def off(reason: Reason, category: Category = None, who: Actor = None) -> None:
    """Release a kill switch."""
    _flip(False, category, reason, who)


@app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Which switches are on, and the latest flips."""
    ws = workspace()
    with ws.sessions() as session:
        state = service.kill_state(session)
        events = service.kill_switch_events(session, limit=10)
    if as_json:
        typer.echo(json.dumps(state.as_dict()))
        return
    if not state.any_on:
        console.print("kill switch off everywhere")
    else:
        scope = "ALL categories" if state.global_on else ", ".join(sorted(state.categories))
        console.print(f"[bold red]kill switch on[/bold red] for {scope}", highlight=False)
    if events:
        table = Table("at (UTC)", "scope", "on", "by", "reason", title="latest flips")
        for e in events:
            table.add_row(
                f"{e.at:%Y-%m-%d %H:%M:%S}", e.scope, "on" if e.on else "off", e.actor or "", e.reason or ""
            )
        console.print(table)
