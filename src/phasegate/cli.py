"""The `phasegate` command: one Typer group per concept, each command a thin call into a service or flow."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from phasegate import __version__

#: Every sub-command in the order `--help` lists it: (name, "module:attribute", the one-line help shown in
#: the command list). The module is imported only when that command runs, so `--help` and `--version` stay
#: cheap; tests/test_cli.py pins that each entry's help is the one its command declares.
LAZY_COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "triage",
        "phasegate.rollout.cli.triage:triage",
        "Decide where each ticket goes: one SPEC.md decision per line; bad lines named on stderr (exit 1).",
    ),
    (
        "report",
        "phasegate.metrics.cli:report",
        "Print cost per resolved ticket, segmented CSAT and escalation rate, by week and by category.",
    ),
    (
        "brief",
        "phasegate.assist.cli:brief",
        "The read-only brief of a ticket: summary, account, flags with sources, articles, resolution paths.",
    ),
    ("serve", "", ""),
    (
        "demo",
        "phasegate.world.cli:demo",
        "Build the demo workspace (Tarn & Ridge, 39 weeks of support history) and serve the app.",
    ),
    ("import", "phasegate.cli_import:app", "Import tickets or a store from files."),
    ("tickets", "phasegate.tickets.cli:app", "Browse stored tickets."),
    ("router", "phasegate.triage.cli:app", "Train and inspect category routers."),
    (
        "policy",
        "phasegate.rollout.cli.policy:app",
        "The escalation policy: show, validate, apply, diff, history, backtest.",
    ),
    (
        "phase",
        "phasegate.rollout.cli.phase:app",
        "Phases per category: evidence, promotion, demotion, history.",
    ),
    (
        "kill-switch",
        "phasegate.rollout.cli.kill_switch:app",
        "The kill switch: global or per category; honoured within a second.",
    ),
    ("eval", "phasegate.evals.cli:app", "The eval set: graded tickets with the right answers."),
    ("user", "phasegate.auth.cli:app", "Console users (agent, lead, admin)."),
    ("world", "phasegate.world.cli:app", "The demo world and what a workspace's history contains."),
    (
        "kb",
        "phasegate.knowledge.cli:app",
        "The knowledge base: ingest a help center, search it, find its gaps.",
    ),
    ("review", "phasegate.aftercare.cli:app", "The weekly sampled review of autonomous resolutions."),
    (
        "converse",
        "phasegate.conversations.cli:converse",
        "Answer scripted conversations turn by turn: replies, actions, escalation and the hand-off packet.",
    ),
    (
        "scheduler",
        "phasegate.scheduler.cli:app",
        "Recurring jobs: demotion checks, KB-gap refresh, review sampling.",
    ),
    ("integration", "phasegate.api.cli:app", "Integrations of the REST API (tokens with scopes)."),
    (
        "worker",
        "phasegate.intake.cli:worker",
        "Run an intake worker: store, decide and act on queued events (run several on PostgreSQL).",
    ),
)


class _Placeholder(typer.core.TyperCommand):
    """Stands in a help listing for a sub-command whose module is not imported yet."""


def load_command(name: str, target: str) -> Any:
    """The click command of a lazy entry, built exactly as Typer builds an eagerly registered one."""
    module_name, attr = target.split(":")
    obj = getattr(importlib.import_module(module_name), attr)
    # A throwaway parent with a callback always yields a group, so the entry is converted by the same
    # code path (and with the same options) as a sub-command registered on `app` itself.
    parent = typer.Typer(add_completion=False)
    parent.callback()(_no_op)
    if isinstance(obj, typer.Typer):
        parent.add_typer(obj, name=name)
    else:
        parent.command(name)(obj)
    return typer.main.get_command(parent).commands[name]  # type: ignore[attr-defined]


def _no_op() -> None:
    """Nothing: the callback of the throwaway parent in `load_command`."""


class LazyGroup(TyperGroup):
    """The root group: lists every command from `LAZY_COMMANDS`, imports one only when it is resolved."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        eager = dict(self.commands)
        self.commands = {}
        self._targets: dict[str, str] = {}
        for name, target, help_text in LAZY_COMMANDS:
            if not target:
                self.commands[name] = eager[name]
                continue
            self._targets[name] = target
            self.commands[name] = _Placeholder(name=name, help=help_text, callback=None)
        # A command registered eagerly on `app` but missing from the table is still listed, after the others.
        for name, command in eager.items():
            self.commands.setdefault(name, command)

    def load(self, name: str) -> Any:
        """The real command behind `name` (imported on first use), or None for an unknown name."""
        target = self._targets.pop(name, None)
        if target is not None:
            self.commands[name] = load_command(name, target)
        return self.commands.get(name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Import the command named by the first argument before Click looks it up."""
        if args:
            self.load(args[0])
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=LazyGroup,
    help="phasegate: phased AI for customer service, with escalation logic customers can trust.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (PHASEGATE_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (PHASEGATE_PORT).")] = None,
) -> None:
    """Serve the web console and API under uvicorn."""
    from phasegate.web.server import run

    run(host=host, port=port)


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
    import logging

    import structlog

    from phasegate.config import get_settings

    # Logs share the terminal with command output; on stderr they never corrupt `--json` on stdout.
    level = logging.getLevelNamesMapping().get(get_settings().log_level.upper(), logging.INFO)
    structlog.configure(
        # PrintLoggerFactory is typed for TextIO; the proxy has the write and flush it calls.
        logger_factory=structlog.PrintLoggerFactory(_Stderr()),  # type: ignore[arg-type]
        wrapper_class=structlog.make_filtering_bound_logger(level),
    )


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:2] == ["kill-switch"]:
        # An emergency command: the plain on/off case skips SQLAlchemy and the models (under a second).
        from phasegate.rollout.kill_fast import run

        code = run(sys.argv[2:])
        if code is not None:
            raise SystemExit(code)
    app()
