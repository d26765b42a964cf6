"""`phasegate converse CONVERSATIONS.jsonl`: the phase-3 engine on scripted customer turns, one SPEC.md output
line per conversation; bad lines named on stderr (`line N: field: reason`), the others still answered."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from phasegate.cli_support import console
from phasegate.config import get_settings
from phasegate.policy import Policy
from phasegate.rollout.cli.common import fail, read_policy
from phasegate.workspace import exists, open_workspace


@contextmanager
def _lines(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdin
        return
    try:
        with open(path, encoding="utf-8") as fh:
            yield fh
    except OSError as exc:
        fail(f"{path}: {exc.strerror}", code=2)


def _explain(line: dict[str, Any]) -> None:
    console.rule(f"[bold]{line['conversation_id']}[/bold]")
    for a in line["actions"]:
        console.print(f"  action {a['kind']} {json.dumps(a['args'])}: {a['status']}", highlight=False)
    for i, reply in enumerate(line["replies"], start=1):
        console.print(f"  AI {i}: {reply}", highlight=False)
    if line["escalated"]:
        why = "; ".join(f"{t['code']}: {t['detail']}" for t in line["triggers"])
        console.print(
            f"  [yellow]handed off at turn {line['escalated_at_turn']}[/yellow]: {why}", highlight=False
        )


def converse(
    input_file: Annotated[
        str, typer.Argument(metavar="CONVERSATIONS.jsonl", help="Conversation JSON Lines ('-' for stdin).")
    ],
    policy_file: Annotated[
        Path | None,
        typer.Option("--policy", exists=True, dir_okay=False, help="Decide under this policy file as given."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout (the default).")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="A readable transcript instead of JSON.")
    ] = False,
) -> None:
    """Answer scripted conversations turn by turn: replies, actions, escalation and the hand-off packet.

    On a workspace (PHASEGATE_HOME) the engine uses its router, policy in force, phases, store and help
    center, and keeps every conversation (a ticket `CV-<id>` carries the hand-off packet). With no workspace
    it runs on the bundled router and an empty temporary store; a line may bring store records (`store`).
    """
    from phasegate.conversations.flows import run
    from phasegate.rollout.routing import RouterUnavailable

    policy: Policy | None = read_policy(policy_file)[1] if policy_file is not None else None
    settings = get_settings()
    ws = open_workspace(settings) if exists(settings) else None
    bad = 0
    out = sys.stdout
    with _lines(input_file) as fh, run.temporary_store() if ws is None else _nothing() as temp:
        sessions = ws.sessions if ws is not None else temp
        assert sessions is not None
        try:
            with sessions() as session:
                engine = (
                    run.workspace_engine(session, settings, policy=policy)
                    if ws is not None
                    else run.standalone_engine(policy=policy)
                )
        except RouterUnavailable as exc:
            fail(str(exc), code=2)
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            item = run.parse_line(number, raw)
            if isinstance(item, list):
                bad += 1
                for error in item:
                    typer.echo(str(error), err=True)
                continue
            if item.store is not None and ws is not None:
                bad += 1
                typer.echo(
                    f"line {number}: store: only used with no workspace (import the store instead)", err=True
                )
                continue
            with sessions() as session:
                line = run.run_script(engine, session, item, now=run.now_utc())
                session.commit()
            if explain:
                _explain(line)
            else:
                out.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
                out.flush()
    del as_json  # JSON Lines is the default; the flag is accepted for the contract's spelling
    if bad:
        raise typer.Exit(code=1)


@contextmanager
def _nothing() -> Iterator[None]:
    yield None
