"""`phasegate worker`: consume the intake queue (ticket events from the API and the helpdesk webhooks)."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from phasegate.cli_support import console, err_console, workspace
from phasegate.intake import service
from phasegate.intake.responders import product_responder
from phasegate.intake.runner import build_intake, configured_connectors, load_responder, run_worker
from phasegate.intake.service import LEASE_SECONDS


def worker(
    once: Annotated[bool, typer.Option(help="Drain the queue, then exit (instead of polling).")] = False,
    poll: Annotated[float, typer.Option(min=0.05, help="Seconds between polls of an empty queue.")] = 0.5,
    batch: Annotated[int, typer.Option(min=1, max=500, help="Events claimed per round.")] = 10,
    status: Annotated[bool, typer.Option(help="Print the queue's depth per status and exit.")] = False,
    lease: Annotated[
        float, typer.Option(min=1.0, help="Seconds before a claimed event is re-delivered to another worker.")
    ] = LEASE_SECONDS,
    responder: Annotated[
        str | None,
        typer.Option(
            help="module:attribute of a Responder that writes replies, drafts and hand-off notes; "
            "default: phasegate's own (drafts and the conversation engine); `none`: notes and tags only."
        ),
    ] = None,
    brief: Annotated[
        bool, typer.Option("--brief/--no-brief", help="Post the phase-1 brief as a note.")
    ] = True,
) -> None:
    """Run an intake worker: store, decide and act on queued events (run several on PostgreSQL)."""
    ws = workspace()
    if status:
        with ws.sessions() as session:
            for name, count in sorted(service.depth(session).items()):
                console.print(f"{name:<22} {count}", highlight=False)
        return
    connectors = configured_connectors()
    if not connectors:
        err_console.print(
            "no helpdesk configured (PHASEGATE_ZENDESK_* or PHASEGATE_CHATWOOT_*): decisions only"
        )
    try:
        writer = (
            None
            if responder == "none"
            else load_responder(responder)
            if responder
            else product_responder(ws.settings)
        )
    except (ImportError, AttributeError, ValueError) as exc:
        err_console.print(f"--responder: {exc}", highlight=False)
        raise typer.Exit(code=2) from exc
    intake = build_intake(ws, connectors=connectors, responder=writer, brief=brief, lease=lease)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())  # finish the event in hand, then stop
    err_console.print(f"worker {intake.worker} on {ws.engine.url.render_as_string()}", highlight=False)
    handled = run_worker(intake, poll=poll, batch=batch, stop=stop, once=once)
    err_console.print(f"worker stopped after {handled} events", highlight=False)
