"""Wiring the intake for a process: connectors from settings, the router, the worker loop, the inline mode.

`phasegate worker` runs `run_worker` (any number of processes on PostgreSQL); the web app on SQLite drains
the queue itself after each webhook or ingest (`inline`), since SQLite has one writer.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from typing import Any

import structlog

from phasegate.connectors.chatwoot import ChatwootConnector, ChatwootSettings
from phasegate.connectors.zendesk import ZendeskConnector, ZendeskSettings
from phasegate.intake.flows import Intake, Responder, assist_brief
from phasegate.intake.service import LEASE_SECONDS
from phasegate.plugins.interfaces import HelpdeskConnector
from phasegate.rollout.flows.triage import Analyzer
from phasegate.workspace import Workspace

log = structlog.get_logger(__name__)
_BUILD_LOCK = threading.Lock()


def configured_connectors(
    zendesk: ZendeskSettings | None = None, chatwoot: ChatwootSettings | None = None
) -> dict[str, HelpdeskConnector]:
    """The built-in connectors whose settings are complete (an unconfigured one is simply absent)."""
    out: dict[str, HelpdeskConnector] = {}
    zd = zendesk or ZendeskSettings()
    if zd.url and zd.email and zd.api_token:
        out["zendesk"] = ZendeskConnector(zd)
    cw = chatwoot or ChatwootSettings()
    if cw.url and cw.account_id is not None and cw.api_token:
        out["chatwoot"] = ChatwootConnector(cw)
    return out


def build_intake(
    workspace: Workspace,
    *,
    connectors: dict[str, HelpdeskConnector] | None = None,
    responder: Responder | None = None,
    brief: bool = True,
    worker: str | None = None,
    analyzer: Analyzer | None = None,
    lease: float | None = None,
) -> Intake:
    """An intake runner on the workspace: its router, the configured connectors, the brief writer."""
    from phasegate.rollout.routing import analyzer_for, resolve_router

    if analyzer is None:
        analyzer = analyzer_for(resolve_router(None, workspace.settings))
    _prepare_detectors(workspace)
    return Intake(
        workspace.sessions,
        analyzer=analyzer,
        connectors=configured_connectors() if connectors is None else connectors,
        brief=assist_brief(workspace.home) if brief else None,
        responder=responder,
        worker=worker or f"{socket.gethostname()}:{os.getpid()}",
        lease=lease or LEASE_SECONDS,
    )


def _prepare_detectors(workspace: Workspace) -> None:
    """Compile the keyword lists of the policy in force before the first event: a pattern's first compile
    would otherwise land on a customer's ticket (about 0.15 ms each, a quarter of a second for them all)."""
    from phasegate.rollout.service import policy_in_force
    from phasegate.triage.analysis import prepare

    with workspace.sessions() as session:
        prepare(policy_in_force(session).policy)


def load_responder(target: str) -> Responder:
    """A responder named `module:attribute` (the conversation engine's hook, or a test responder)."""
    import importlib

    module_name, _, attr = target.partition(":")
    if not module_name or not attr:
        raise ValueError(f"responder {target!r}: expected module:attribute")
    found: Responder = getattr(importlib.import_module(module_name), attr)
    return found


def inline(app: Any) -> bool:
    """Whether the app drains the intake queue itself (SQLite: one process is the whole deployment)."""
    workspace: Workspace = app.state.workspace
    return workspace.engine.dialect.name == "sqlite"


def intake_for(app: Any) -> Intake:
    """The app's intake runner, built on first use (loading the router takes a moment)."""
    with _BUILD_LOCK:
        runner: Intake | None = getattr(app.state, "intake", None)
        if runner is None:
            from phasegate.intake.responders import product_responder

            workspace: Workspace = app.state.workspace
            runner = build_intake(workspace, worker="inline", responder=product_responder(workspace.settings))
            app.state.intake = runner
        return runner


def drain(app: Any) -> None:
    """Handle everything queued now (run after the response, as a background task)."""
    intake_for(app).drain()


def zendesk_settings(app: Any) -> ZendeskSettings:
    """The app's Zendesk settings (read once; tests put their own on `app.state`)."""
    found = getattr(app.state, "zendesk_settings", None)
    if found is None:
        found = app.state.zendesk_settings = ZendeskSettings()
    return found


def chatwoot_settings(app: Any) -> ChatwootSettings:
    """The app's Chatwoot settings (read once; tests put their own on `app.state`)."""
    found = getattr(app.state, "chatwoot_settings", None)
    if found is None:
        found = app.state.chatwoot_settings = ChatwootSettings()
    return found


def run_worker(
    intake: Intake,
    *,
    poll: float = 0.5,
    batch: int = 10,
    stop: threading.Event | None = None,
    once: bool = False,
) -> int:
    """Consume the queue until stopped (or, `once`, until it is empty); returns the events handled."""
    stop = stop or threading.Event()
    handled = 0
    last_sweep = 0.0
    while not stop.is_set():
        n = intake.run_once(limit=batch)
        handled += n
        if time.monotonic() - last_sweep > poll * 4 or n == 0:
            # Effects whose worker died after planning them, and retries of refused calls.
            intake.perform_effects()
            last_sweep = time.monotonic()
        if n == 0:
            if once:
                break
            stop.wait(poll)
    return handled
