"""`phasegate scheduler run | status`: the recurring jobs in the foreground (a worker) and their last runs."""

from __future__ import annotations

import json
import threading
from typing import Annotated

import typer
from rich.table import Table

from phasegate.cli_support import console, workspace

app = typer.Typer(
    help="Recurring jobs: demotion checks, KB-gap refresh, review sampling.", no_args_is_help=True
)


@app.command("run")
def run(
    once: Annotated[bool, typer.Option("--once", help="Run the due jobs once and exit.")] = False,
    poll: Annotated[float, typer.Option(min=1.0, help="Seconds between checks for due jobs.")] = 30.0,
) -> None:
    """Run registered jobs when due (a worker beside `phasegate serve`, which also runs them by default)."""
    from phasegate.scheduler.jobs import register_builtin
    from phasegate.scheduler.runner import Scheduler

    register_builtin()
    ws = workspace()
    scheduler = Scheduler(ws.sessions, ws.settings)
    if once:
        for r in scheduler.tick():
            status = "ok" if r.ok else "FAILED"
            detail = r.result if r.ok else (r.error or "").splitlines()[0]
            console.print(f"{r.name}: {status}: {detail}", highlight=False, markup=False)
        return
    console.print(f"scheduler running as {scheduler.owner} (Ctrl-C to stop)", highlight=False)
    try:
        scheduler.run_forever(threading.Event(), poll=poll)
    except KeyboardInterrupt:
        console.print("stopped")


@app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Each job's period, last run (time, result, error) and when it is next due."""
    from phasegate.db.base import utcnow
    from phasegate.scheduler import service
    from phasegate.scheduler.jobs import register_builtin
    from phasegate.scheduler.registry import registered

    register_builtin()
    with workspace().sessions() as session:
        rows = service.states(session, every={j.name: j.every for j in registered()}, now=utcnow())
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "name": r.name,
                        "every_seconds": r.every.total_seconds() if r.every else None,
                        "last_started_at": r.last_started_at.isoformat() if r.last_started_at else None,
                        "ok": r.ok,
                        "result": r.result,
                        "error": r.error,
                        "runs": r.runs,
                        "next_due": r.next_due.isoformat() if r.next_due else None,
                    }
                    for r in rows
                ]
            )
        )
        return
    table = Table("job", "every", "last run (UTC)", "outcome", "next due (UTC)")
    for r in rows:
        outcome = (
            "never run"
            if r.ok is None
            else (r.result or "ok")
            if r.ok
            else f"error: {(r.error or '').splitlines()[0]}"
        )
        table.add_row(
            r.name,
            str(r.every or "-"),
            f"{r.last_started_at:%Y-%m-%d %H:%M}" if r.last_started_at else "-",
            outcome,
            f"{r.next_due:%Y-%m-%d %H:%M}" if r.next_due else "-",
        )
    console.print(table)
