"""`phasegate policy show | validate | apply | diff | history | backtest`."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from phasegate.cli_support import console, err_console, workspace
from phasegate.policy import Policy, PolicyError, dump_policy, floors
from phasegate.policy.decision import AUTONOMY
from phasegate.policy.diff import diff_policies
from phasegate.rollout import service
from phasegate.rollout.cli.common import actor, fail, read_policy
from phasegate.taxonomy import CATEGORIES

if TYPE_CHECKING:
    from phasegate.rollout.flows.backtest import BacktestReport

app = typer.Typer(
    help="The escalation policy: show, validate, apply, diff, history, backtest.", no_args_is_help=True
)

PolicyFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Policy YAML file.")]
AcceptRisk = Annotated[
    str | None,
    typer.Option(
        "--accept-risk",
        help="A written reason to go below the safety floors anyway (kept with the policy version).",
    ),
]


def _floors(file: Path, policy: Policy, accept_risk: str | None) -> tuple[floors.Breach, ...]:
    """The floors the policy goes below, waived by `accept_risk`; exits 2 naming them when not waived."""
    try:
        waived = floors.check(policy, accept_risk=accept_risk)
    except floors.PolicyFloorError as exc:
        fail(f"{file}: refused: {exc}", code=2)
    for breach in waived:
        err_console.print(
            f"[yellow]risk accepted[/yellow]: {breach.describe()} ({accept_risk})", highlight=False
        )
    return waived


def unknown_categories(policy: Policy, known: set[str] | None = None) -> list[str]:
    """Categories the policy names that the taxonomy does not know (often a typo)."""
    known = known if known is not None else set(CATEGORIES)
    named = set(policy.phases) | set(policy.allowlist) | set(policy.never_autonomous)
    if isinstance(policy.kill_switch, list):
        named |= set(policy.kill_switch)
    return sorted(named - known)


@app.command("show")
def show(
    as_written: Annotated[
        bool, typer.Option("--as-written", help="The YAML as applied, not expanded.")
    ] = False,
) -> None:
    """Print the policy in force, every field with its value (defaults included)."""
    ws = workspace()
    with ws.sessions() as session:
        row = service.latest_policy_version(session)
        current = service.policy_in_force(session)
    if row is None:
        console.print("# no policy applied yet: the seed's defaults are in force", highlight=False)
    else:
        console.print(
            f"# policy version {row.id}, applied {row.created_at:%Y-%m-%d %H:%M} UTC by {row.author or '-'}"
            + (f": {row.reason}" if row.reason else ""),
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        if row.risk_accepted:
            waived = "; ".join(row.floors_waived or [])
            console.print(
                f"# applied below the safety floors ({waived}), risk accepted: {row.risk_accepted}",
                highlight=False,
                markup=False,
                soft_wrap=True,  # a wrapped comment would not be a comment: the output must parse
            )
    text = row.yaml if (as_written and row is not None) else dump_policy(current.policy)
    typer.echo(text.rstrip())


@app.command("validate")
def validate(file: PolicyFile, accept_risk: AcceptRisk = None) -> None:
    """Check a policy file; errors name the field, and a policy below the safety floors is refused unless
    --accept-risk gives a reason. Exit 0 when valid."""
    _, policy = read_policy(file)
    _floors(file, policy, accept_risk)
    for name in unknown_categories(policy):
        err_console.print(
            f"[yellow]warning[/yellow]: {name!r} is not a category of the taxonomy", highlight=False
        )
    console.print(f"{file}: valid policy", highlight=False)


@app.command("apply")
def apply(
    file: PolicyFile,
    reason: Annotated[str | None, typer.Option(help="Why this change (kept with the version).")] = None,
    who: Annotated[str | None, typer.Option("--actor", help="Who applies it (default: login name).")] = None,
    accept_risk: AcceptRisk = None,
) -> None:
    """Make a policy file the one in force (refused, with the running one kept, if it is not valid or goes
    below the safety floors without --accept-risk)."""
    text, policy = read_policy(file)
    _floors(file, policy, accept_risk)
    ws = workspace()
    with ws.sessions() as session, session.begin():
        try:
            result = service.apply_policy(
                session, text, author=actor(who), reason=reason, accept_risk=accept_risk
            )
        except PolicyError as exc:  # pragma: no cover - read_policy validated it already
            fail(f"{file}: invalid policy: {exc}", code=2)
    if not result.created:
        console.print(f"unchanged: policy version {result.version} is already this policy")
    else:
        console.print(f"policy version {result.version} in force")
    for category, phase in sorted(result.seeded.items()):
        console.print(f"  {category}: starts in phase {phase}", highlight=False)
    for category, (wanted, have) in sorted(result.phases_ignored.items()):
        err_console.print(
            f"[yellow]note[/yellow]: {category} is in phase {have}, the file says {wanted}: phases move only "
            f"by `phasegate phase promote` (gated) or `phase demote`",
            highlight=False,
        )


@app.command("diff")
def diff(
    file: PolicyFile,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
) -> None:
    """What a policy file changes against the policy in force, field by field."""
    _, proposed = read_policy(file)
    ws = workspace()
    with ws.sessions() as session:
        current = service.policy_in_force(session)
        phases = service.phase_map(session)
    changes = diff_policies(current.policy, proposed)
    if as_json:
        typer.echo(
            json.dumps({"against_version": current.version, "changes": [c.as_dict() for c in changes]})
        )
        return
    version = f"version {current.version}" if current.version else "the defaults"
    if not changes:
        console.print(f"no changes against {version}")
    else:
        console.print(f"{len(changes)} change(s) against {version}:")
        for change in changes:
            console.print(f"  {change.describe()}", highlight=False, markup=False)
    differing = {c: (p, phases[c]) for c, p in proposed.phases.items() if c in phases and phases[c] != p}
    for category, (wanted, have) in sorted(differing.items()):
        console.print(
            f"  note: {category} is in phase {have} in the workspace; applying will not move it to {wanted}",
            highlight=False,
        )


@app.command("history")
def history(
    limit: Annotated[int, typer.Option(min=1, help="At most this many versions.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Applied policy versions, newest first."""
    ws = workspace()
    with ws.sessions() as session:
        rows = service.list_policy_versions(session, limit=limit)
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "version": r.id,
                        "created_at": r.created_at.isoformat(),
                        "author": r.author,
                        "reason": r.reason,
                        "digest": r.digest,
                        "risk_accepted": r.risk_accepted,
                        "floors_waived": r.floors_waived,
                    }
                    for r in rows
                ]
            )
        )
        return
    table = Table("version", "applied (UTC)", "by", "reason", "digest")
    for r in rows:
        table.add_row(
            str(r.id), f"{r.created_at:%Y-%m-%d %H:%M}", r.author or "", r.reason or "", r.digest[:12]
        )
    console.print(table)


@app.command("backtest")
def backtest(
    file: PolicyFile,
    since: Annotated[
        datetime | None,
        typer.Option(help="Only tickets created on or after this date.", formats=["%Y-%m-%d"]),
    ] = None,
    router: Annotated[Path | None, typer.Option(help="Router folder (default: the workspace's).")] = None,
    show: Annotated[int, typer.Option(min=0, help="List at most this many newly autonomous tickets.")] = 25,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Replay stored tickets under FILE and under the policy in force, and show what changes."""
    from datetime import UTC
    from functools import partial

    from phasegate.rollout.analysis_cache import AnalysisCache
    from phasegate.rollout.flows.backtest import backtest as run_backtest
    from phasegate.rollout.routing import RouterUnavailable, analyzer_for, resolve_router

    _, proposed = read_policy(file)
    ws = workspace()
    try:
        chosen = resolve_router(router, ws.settings)
    except RouterUnavailable as exc:
        fail(str(exc))
    # Readings are cached per router version in the workspace: the next what-if skips re-reading tickets.
    caches = partial(
        AnalysisCache.for_run, ws.settings.home / "cache" / "analyses", router_version=chosen.version
    )
    with ws.sessions() as session:
        report = run_backtest(
            session,
            proposed=proposed,
            analyzer=analyzer_for(chosen),
            since=since.replace(tzinfo=UTC) if since else None,
            caches=lambda policy: caches(policy=policy),
        )
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
        return
    _print_backtest(report, show)


def _print_backtest(report: BacktestReport, show: int) -> None:
    version = f"version {report.current_version}" if report.current_version else "the defaults"
    console.print(
        f"{report.tickets} tickets replayed ({report.skipped} without a customer message skipped); "
        f"{report.changed} change route against {version}",
        highlight=False,
    )
    routes = tuple(reversed(AUTONOMY))
    table = Table("category", *[f"{r}\nbefore → after" for r in routes], title="Routes by category")
    for category in sorted(set(report.routes_before) | set(report.routes_after)):
        b = report.routes_before.get(category, Counter())
        a = report.routes_after.get(category, Counter())
        cells = []
        for r in routes:
            nb, na = b.get(r, 0), a.get(r, 0)
            cells.append(f"{nb} → {na}" if nb != na else str(nb))
        table.add_row(category, *cells)
    console.print(table)
    triggers = Table("trigger", "before", "after", title="Triggers fired")
    for code in sorted(set(report.triggers_before) | set(report.triggers_after)):
        triggers.add_row(code, str(report.triggers_before[code]), str(report.triggers_after[code]))
    console.print(triggers)
    mean, n = report.newly_autonomous_csat
    csat = f"CSAT they actually got: {mean:.2f} (n={n})" if mean is not None else "no CSAT answers among them"
    console.print(
        f"{len(report.newly_autonomous)} tickets would newly go autonomous; {csat}. "
        f"{len(report.no_longer_autonomous)} would no longer go autonomous.",
        highlight=False,
    )
    if report.newly_autonomous and show:
        listing = Table("ticket", "category", "was", "csat", "handled by", "triggers it had")
        for item in report.newly_autonomous[:show]:
            listing.add_row(
                item.ticket_id,
                item.category or "-",
                item.before,
                str(item.csat) if item.csat is not None else "-",
                item.handled_by or "-",
                ", ".join(item.triggers_before),
            )
        console.print(listing)
        if len(report.newly_autonomous) > show:
            console.print(f"... and {len(report.newly_autonomous) - show} more (--show N, or --json)")
