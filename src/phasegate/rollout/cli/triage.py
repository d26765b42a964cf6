"""`phasegate triage INPUT.jsonl`: one decision per ticket on stdout (SPEC.md's shape), errors on stderr."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.table import Table

from phasegate.cli_support import console
from phasegate.config import get_settings
from phasegate.policy import Decision, Policy
from phasegate.rollout.cli.common import fail, read_policy
from phasegate.tickets import formats
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


def _explain_table(rows: list[Decision]) -> Table:
    table = Table("ticket", "category", "conf", "phase", "route", "why", show_lines=True)
    for d in rows:
        why = "\n".join(f"{t.code}: {t.detail}" for t in d.triggers) or "-"
        if d.secondary:
            why += "\nalso asks: " + ", ".join(f"{c} ({p:.2f})" for c, p in d.secondary)
        facts = [*d.entities.order_ids, *d.entities.emails, *(a.text for a in d.entities.amounts)]
        if facts:
            why += "\nfacts: " + ", ".join(facts)
        style = {"autonomous": "green", "draft": "cyan", "assist": "blue", "human": "yellow"}[d.route]
        table.add_row(
            d.ticket_id,
            d.category or "(out of scope)",
            f"{d.confidence:.2f}",
            str(d.phase),
            f"[{style}]{d.route}[/{style}]",
            why,
        )
    return table


def triage(
    input_file: Annotated[
        str, typer.Argument(metavar="INPUT.jsonl", help="Ticket JSON Lines ('-' for stdin).")
    ],
    policy_file: Annotated[
        Path | None,
        typer.Option(
            "--policy",
            exists=True,
            dir_okay=False,
            help="What-if: decide under this file as given (not stored).",
        ),
    ] = None,
    router_dir: Annotated[
        Path | None,
        typer.Option("--router", file_okay=False, help="Router folder (default: the workspace's)."),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="A readable table instead of JSON Lines.")
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Processes that analyse tickets (output order kept).")
    ] = 1,
) -> None:
    """Decide where each ticket goes: one SPEC.md decision per line; bad lines named on stderr (exit 1).

    With a workspace the decisions are stored (audit log) under the policy in force, its phases and kill
    switches. With --policy the file is used as given, as a what-if, and nothing is stored; this works with
    no workspace at all.
    """
    from phasegate.rollout.flows.triage import TriageRun
    from phasegate.rollout.routing import ParallelAnalyzer, RouterUnavailable, analyzer_for, resolve_router

    policy: Policy | None = read_policy(policy_file)[1] if policy_file is not None else None
    settings = get_settings()
    ws = open_workspace(settings) if exists(settings) else None
    if ws is None and policy is None:
        policy = Policy()  # no workspace: the seed's defaults, as a what-if
    try:
        router = resolve_router(router_dir, settings)
    except RouterUnavailable as exc:
        fail(str(exc), code=2)
    on_stored = None
    if ws is not None and policy is None:
        from phasegate.drafts.flows import draft_decided
        from phasegate.drafts.providers import from_settings

        llm = from_settings(settings)

        def on_stored(decisions: Sequence[Decision]) -> None:
            # Phase 2: tickets routed `draft` that the workspace stores get their draft now.
            draft_decided(ws.sessions, decisions, home=ws.home, provider=llm)

    analyzer = analyzer_for(router, workers=workers)
    run = TriageRun(
        analyzer=analyzer,
        policy=policy,
        sessions=ws.sessions if ws else None,
        on_stored=on_stored,
    )
    bad = 0
    batch: list[Decision] = []
    out = sys.stdout
    with _lines(input_file) as fh, contextlib.ExitStack() as stack:
        if isinstance(analyzer, ParallelAnalyzer):
            stack.callback(analyzer.close)
        for _, item in run.run(formats.read_jsonl(fh)):
            if isinstance(item, list):
                bad += 1
                for error in item:
                    typer.echo(str(error), err=True)
                continue
            if explain:
                batch.append(item)
                if len(batch) >= run.batch_size:
                    console.print(_explain_table(batch))
                    batch.clear()
            else:
                out.write(json.dumps(item.as_json(), ensure_ascii=False) + "\n")
    if explain and batch:
        console.print(_explain_table(batch))
    out.flush()
    if bad:
        raise typer.Exit(code=1)
