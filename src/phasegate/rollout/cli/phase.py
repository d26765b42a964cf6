"""`phasegate phase status | promote | demote | history | check-demotions`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from phasegate.cli_support import console, err_console, workspace
from phasegate.policy.phases import Phase
from phasegate.rollout import service
from phasegate.rollout.cli.common import actor, fail
from phasegate.rollout.flows import demotion, promotion
from phasegate.rollout.flows.evidence import Classify
from phasegate.workspace import Workspace

app = typer.Typer(help="Phases per category: evidence, promotion, demotion, history.", no_args_is_help=True)


def _classifier(ws: Workspace, router: Path | None) -> Classify | None:
    """The router's classifier for the eval-precision criterion, or None when there is no router."""
    from phasegate.rollout.routing import RouterUnavailable, classifier_for, resolve_router

    try:
        return classifier_for(resolve_router(router, ws.settings))
    except RouterUnavailable as exc:
        err_console.print(f"[yellow]note[/yellow]: eval precision not measured: {exc}", highlight=False)
        return None


def _mark(passed: bool) -> str:
    return "[green]pass[/green]" if passed else "[red]fail[/red]"


@app.command("status")
def status(
    category: Annotated[str | None, typer.Argument(help="Only this category.")] = None,
    router: Annotated[Path | None, typer.Option(help="Router folder (default: the workspace's).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Each category's phase and every criterion of its next gate: measured value, target, pass/fail."""
    ws = workspace()
    classify = _classifier(ws, router)
    with ws.sessions() as session, session.begin():
        policy = service.ensure_policy(session).policy
        rows = promotion.all_gate_status(session, policy=policy, classify=classify)
        kill = service.kill_state(session)
    if category is not None:
        rows = [r for r in rows if r.category == category]
        if not rows:
            fail(f"unknown category {category!r}")
    if as_json:
        typer.echo(json.dumps({"categories": [r.as_dict() for r in rows], "kill_switch": kill.as_dict()}))
        return
    if kill.any_on:
        scope = "ALL categories" if kill.global_on else ", ".join(sorted(kill.categories))
        console.print(f"[bold red]kill switch on[/bold red] for {scope}", highlight=False)
    table = Table(title="Phases and the evidence for the next one")
    table.add_column("category", no_wrap=True)
    table.add_column("criterion", no_wrap=True)
    table.add_column("measured", min_width=10)
    table.add_column("target", min_width=10)
    table.add_column("", no_wrap=True)
    for r in rows:
        step = f" -> {r.next_phase}" if r.next_phase is not None else ""
        since = f"\n[dim]since {r.since:%Y-%m-%d}[/dim]" if r.since else ""
        head = f"{r.category}\n{r.phase} {Phase(r.phase).label}{step}{since}"
        if r.next_phase is None:
            table.add_row(head, "(top phase)", "", "", "", end_section=True)
            continue
        if not r.criteria:
            table.add_row(head, "no evidence needed", "", "", _mark(True), end_section=True)
            continue
        for i, c in enumerate(r.criteria):
            value = c.detail if c.value is None else f"{c.value}" + (f" ({c.detail})" if c.detail else "")
            table.add_row(
                head if i == 0 else "",
                c.name,
                value,
                c.target,
                _mark(c.passed),
                end_section=i == len(r.criteria) - 1,
            )
    console.print(table)


@app.command("promote")
def promote(
    category: Annotated[str, typer.Argument(help="The category to move up one phase.")],
    override: Annotated[bool, typer.Option(help="Promote although criteria fail (needs --reason).")] = False,
    reason: Annotated[str | None, typer.Option(help="Why (required with --override; logged).")] = None,
    who: Annotated[str | None, typer.Option("--actor", help="Who promotes (default: login name).")] = None,
    router: Annotated[Path | None, typer.Option(help="Router folder (default: the workspace's).")] = None,
) -> None:
    """Move a category up one phase; refused, naming the failing criteria, unless --override --reason."""
    ws = workspace()
    classify = _classifier(ws, router)
    with ws.sessions() as session, session.begin():
        policy = service.ensure_policy(session).policy
        try:
            move = promotion.promote(
                session,
                category=category,
                policy=policy,
                actor=actor(who),
                override=override,
                reason=reason,
                classify=classify,
            )
        except promotion.PromotionRefused as exc:
            for c in exc.status.failing:
                err_console.print(
                    f"  [red]fail[/red] {c.name}: {c.detail or c.value} (needs {c.target})", highlight=False
                )
            fail(
                f"{category} cannot move to phase {exc.status.next_phase}: "
                f"{', '.join(c.name for c in exc.status.failing)} "
                '(use --override --reason "..." to promote anyway; it is logged)'
            )
        except ValueError as exc:
            fail(str(exc))
    change = move.change
    note = f" (override of {', '.join(c.name for c in move.overridden)})" if move.overridden else ""
    console.print(f"{category}: phase {change.from_phase} -> {change.to_phase}{note}", highlight=False)


@app.command("demote")
def demote(
    category: Annotated[str, typer.Argument(help="The category to move down.")],
    reason: Annotated[str, typer.Option(help="Why (logged).")],
    to: Annotated[int | None, typer.Option(min=0, max=2, help="Target phase (default: one down).")] = None,
    who: Annotated[str | None, typer.Option("--actor", help="Who demotes (default: login name).")] = None,
) -> None:
    """Move a category down (one phase unless --to); needs only a reason."""
    ws = workspace()
    with ws.sessions() as session, session.begin():
        policy = service.ensure_policy(session).policy
        try:
            change = promotion.demote(
                session, category=category, policy=policy, actor=actor(who), reason=reason, to_phase=to
            )
        except ValueError as exc:
            fail(str(exc))
    console.print(f"{category}: phase {change.from_phase} -> {change.to_phase}", highlight=False)


@app.command("history")
def history(
    category: Annotated[str | None, typer.Argument(help="Only this category.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many changes.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list (with evidence).")] = False,
) -> None:
    """Phase changes, newest first: who, when, why (and with --json the evidence snapshot)."""
    ws = workspace()
    with ws.sessions() as session:
        rows = service.phase_history(session, category=category, limit=limit)
    if as_json:
        out = [
            {
                "category": r.category,
                "from": r.from_phase,
                "to": r.to_phase,
                "at": r.at.isoformat(),
                "actor": r.actor,
                "kind": r.kind,
                "reason": r.reason,
                "evidence": r.evidence,
            }
            for r in rows
        ]
        typer.echo(json.dumps(out))
        return
    table = Table("at (UTC)", "category", "move", "kind", "by", "reason")
    for r in rows:
        table.add_row(
            f"{r.at:%Y-%m-%d %H:%M}",
            r.category,
            f"{r.from_phase} -> {r.to_phase}",
            r.kind,
            r.actor,
            r.reason or "",
        )
    console.print(table)


@app.command("check-demotions")
def check_demotions(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; change no phase.")] = False,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            help="End of the window (default: the newest ticket).", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M"]
        ),
    ] = None,
    who: Annotated[str | None, typer.Option("--actor", help="Logged as (default: phasegate).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the checks as JSON.")] = False,
) -> None:
    """Demote every phase-3 category whose AI CSAT is materially below human or baseline CSAT.

    Applies by default (demotion is automatic and the safe direction: run it on a schedule);
    --dry-run only reports.
    """
    ws = workspace()
    with ws.sessions() as session, session.begin():
        policy = service.ensure_policy(session).policy
        checks = demotion.check_demotions(
            session,
            policy=policy,
            apply=not dry_run,
            actor=who or "phasegate",
            as_of=as_of.replace(tzinfo=UTC) if as_of else None,
        )
    if as_json:
        typer.echo(json.dumps({"dry_run": dry_run, "checks": [c.as_dict() for c in checks]}))
        return
    if not checks:
        console.print("no category is in phase 3")
    for c in checks:
        if c.applied:
            verdict = f"[bold red]demoted to phase {policy.demotion.to_phase}[/bold red]"
        elif c.fired:
            verdict = "[red]would demote[/red]" + ("" if dry_run else " (demotion disabled in the policy)")
        else:
            verdict = "[green]ok[/green]"
        console.print(
            f"{c.category}: {verdict}  (window {c.window_start:%Y-%m-%d} .. {c.window_end:%Y-%m-%d})",
            highlight=False,
        )
        for comp in c.comparisons:
            console.print(f"    {comp.reason}", highlight=False, markup=False)
        if c.review is not None:
            console.print(f"    sampled review: {c.review.reason}", highlight=False, markup=False)
