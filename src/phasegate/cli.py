"""The `phasegate` command: one Typer group per concept, each command a thin call into a service or flow."""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import structlog
import typer

from phasegate import __version__
from phasegate.aftercare import cli as review_cli
from phasegate.api import cli as api_cli
from phasegate.assist import cli as assist_cli
from phasegate.auth import cli as auth_cli
from phasegate.cli_support import err_console
from phasegate.config import get_settings
from phasegate.conversations import cli as conversations_cli
from phasegate.evals import cli as evals_cli
from phasegate.intake import cli as intake_cli
from phasegate.knowledge import cli as kb_cli
from phasegate.metrics import cli as metrics_cli
from phasegate.rollout.cli import kill_switch as kill_switch_cli
from phasegate.rollout.cli import phase as phase_cli
from phasegate.rollout.cli import policy as policy_cli
from phasegate.rollout.cli import triage as triage_cmd
from phasegate.scheduler import cli as scheduler_cli
from phasegate.store import cli as store_cli
from phasegate.tickets import cli as tickets_cli
from phasegate.triage import cli as triage_cli
from phasegate.world import cli as world_cli

app = typer.Typer(
    help="phasegate: phased AI for customer service, with escalation logic customers can trust.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(help="Import tickets or a store from files.", no_args_is_help=True)
import_app.command("tickets")(tickets_cli.import_tickets)
import_app.command("store")(store_cli.import_store)
app.add_typer(import_app, name="import")
app.add_typer(tickets_cli.app, name="tickets")
app.add_typer(triage_cli.app, name="router")
app.command("triage")(triage_cmd.triage)
app.add_typer(policy_cli.app, name="policy")
app.add_typer(phase_cli.app, name="phase")
app.add_typer(kill_switch_cli.app, name="kill-switch")
app.add_typer(evals_cli.app, name="eval")
app.command("report")(metrics_cli.report)
app.add_typer(auth_cli.app, name="user")
app.add_typer(world_cli.app, name="world")
app.add_typer(kb_cli.app, name="kb")
app.command("brief")(assist_cli.brief)
app.add_typer(review_cli.app, name="review")
app.command("converse")(conversations_cli.converse)
app.add_typer(scheduler_cli.app, name="scheduler")
app.add_typer(api_cli.app, name="integration")
app.command("worker")(intake_cli.worker)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (PHASEGATE_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (PHASEGATE_PORT).")] = None,
) -> None:
    """Serve the web console and API under uvicorn."""
    from phasegate.web.server import run

    run(host=host, port=port)


@app.command()
def demo(
    serve_app: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the app when built.")] = True,
    fresh: Annotated[bool, typer.Option(help="Rebuild the workspace from scratch.")] = False,
    seed: Annotated[int, typer.Option(help="Seed of the generated world (same seed, same world).")] = 7,
    scale: Annotated[
        float, typer.Option(min=0.01, help="Size of the world (1 = full; 0.05 for quick checks).")
    ] = 1.0,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port to serve on (PHASEGATE_PORT).")
    ] = None,
) -> None:
    """Build the demo workspace (Tarn & Ridge, 39 weeks of support history) and serve the app."""
    from phasegate.demo import DemoError, run_demo

    try:
        run_demo(serve=serve_app, fresh=fresh, seed=seed, scale=scale, port=port)
    except DemoError as exc:
        err_console.print(f"[red]demo:[/red] {exc}")
        raise typer.Exit(code=1) from exc


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """phasegate: phased AI for customer service."""
    _log_to_stderr()


class _Stderr:
    """Whatever `sys.stderr` is at write time (test runners and pagers swap it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def _log_to_stderr() -> None:
    # Logs share the terminal with command output; on stderr they never corrupt `--json` on stdout.
    level = logging.getLevelNamesMapping().get(get_settings().log_level.upper(), logging.INFO)
    structlog.configure(
        # PrintLoggerFactory is typed for TextIO; the proxy has the write and flush it calls.
        logger_factory=structlog.PrintLoggerFactory(_Stderr()),  # type: ignore[arg-type]
        wrapper_class=structlog.make_filtering_bound_logger(level),
    )


def main() -> None:
    """Console-script entry point."""
    app()
