"""`phasegate review sample | list`: the weekly sampled review of autonomous resolutions."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table

from phasegate.aftercare import review
from phasegate.cli_support import console, workspace
from phasegate.rollout import service
from phasegate.rollout.flows.evidence import latest_ticket_at

app = typer.Typer(help="The weekly sampled review of autonomous resolutions.", no_args_is_help=True)

WeekOption = Annotated[
    datetime | None,
    typer.Option("--week", help="Any day of the week (Monday-Sunday, UTC).", formats=["%Y-%m-%d"]),
]


@app.command("sample")
def sample(
    week: WeekOption = None,
    seed: Annotated[int, typer.Option(help="Seed of the draw (same week and seed, same sample).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the sample as JSON.")] = False,
) -> None:
    """Queue a stratified sample of one week's autonomous resolutions for review.

    Default week: the last whole week before the newest ticket's week. Sizes come from the policy in
    force (`review.sample_share`, at least `review.min_per_category`, all when fewer).
    """
    ws = workspace()
    with ws.sessions() as session, session.begin():
        policy = service.ensure_policy(session).policy
        if week is None:
            newest = latest_ticket_at(session) or datetime.now(UTC)
            start = review.week_of(newest) - timedelta(days=7)
        else:
            start = review.week_of(week.replace(tzinfo=UTC))
        result = review.sample_week(session, week_start=start, policy=policy, seed=seed)
    if as_json:
        out = {
            "week_start": result.week_start.date().isoformat(),
            "seed": result.seed,
            "added": result.added,
            "categories": [
                {
                    "category": s.category,
                    "resolutions": s.resolutions,
                    "target": s.target,
                    "queued": s.queued,
                    "added": list(s.added),
                }
                for s in result.strata
            ],
        }
        typer.echo(json.dumps(out, indent=2))
        return
    console.print(
        f"week of {result.week_start:%Y-%m-%d}: {result.added} added to the review queue (seed {seed})",
        highlight=False,
    )
    if not result.strata:
        console.print("no autonomous resolutions that week")
        return
    table = Table("category", "resolutions", "sample", "queued", "added")
    for s in result.strata:
        table.add_row(s.category, str(s.resolutions), str(s.target), str(s.queued), str(len(s.added)))
    console.print(table)


@app.command("list")
def list_(
    pending: Annotated[bool, typer.Option("--pending", help="Only items not reviewed yet.")] = False,
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    week: WeekOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the queue as JSON.")] = False,
) -> None:
    """The review queue: unreviewed first, with verdicts, notes and reviewers."""
    ws = workspace()
    with ws.sessions() as session:
        items = review.list_queue(
            session,
            pending_only=pending,
            category=category,
            week_start=week.replace(tzinfo=UTC) if week else None,
        )
        rows = [
            {
                "id": i.id,
                "ticket_id": i.ticket_id,
                "category": i.category,
                "week_start": i.week_start.date().isoformat(),
                "resolved_at": i.resolved_at.isoformat(),
                "verdict": i.verdict,
                "note": i.note,
                "reviewer": i.reviewer,
            }
            for i in items
        ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        console.print("the review queue is empty" + (" (nothing pending)" if pending else ""))
        return
    table = Table("id", "week", "category", "ticket", "verdict", "reviewer", "note")
    for r in rows:
        table.add_row(
            str(r["id"]),
            str(r["week_start"]),
            str(r["category"]),
            str(r["ticket_id"]),
            str(r["verdict"] or "-"),
            str(r["reviewer"] or ""),
            str(r["note"] or ""),
        )
    console.print(table)
