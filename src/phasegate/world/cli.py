"""`phasegate world ...`: look inside the workspace's support history; `phasegate demo`: build the world."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from phasegate.cli_support import console, err_console, workspace

app = typer.Typer(help="The demo world and what a workspace's history contains.", no_args_is_help=True)


@app.command("stats")
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False) -> None:
    """Category mix, escalation signals, phrasing diversity and CSAT by phase of the workspace's tickets."""
    from phasegate.world.stats import collect

    ws = workspace()
    with ws.sessions() as session:
        s = collect(session)
    if as_json:
        typer.echo(json.dumps(s.as_dict(), indent=2))
        return
    console.print(
        f"{s.tickets:,} tickets ({s.messages:,} messages) over {s.weeks} weeks; {s.customers:,} customers, "
        f"{s.orders:,} orders, {s.products} products, {s.articles} articles",
        highlight=False,
    )
    mix = Table(
        "category",
        "tickets",
        "share",
        "distinct openings",
        "normalised",
        "templates",
        title="Category mix and phrasing",
    )
    for cat, n in s.categories.items():
        ph = s.phrasing.get(cat, {})
        mix.add_row(
            cat,
            f"{n:,}",
            f"{n / max(1, s.tickets):.1%}",
            f"{ph.get('distinct_openings', 0):,}",
            f"{ph.get('distinct_normalised', 0):,}",
            str(ph.get("templates", 0)),
        )
    console.print(mix)
    sig = Table("signal", "tickets", "share", title="Escalation signals")
    for name, v in s.signals.items():
        sig.add_row(name, f"{int(v['count']):,}", f"{v['share']:.2%}")
    console.print(sig)
    console.print(
        f"two requests in one message: {s.secondary_share:.1%}; CSAT answered on {s.csat_response_rate:.1%}; "
        f"uncovered (KB gap) asks: {', '.join(f'{k} {v}' for k, v in s.kb_gaps.items()) or 'none'}",
        highlight=False,
    )
    csat = Table("phase", "segment", "responses", "mean CSAT", title="CSAT by phase and segment")
    for phase, segs in s.csat_by_phase.items():
        for seg, v in segs.items():
            csat.add_row(phase, seg, f"{int(v['n']):,}", f"{v['mean']:.2f}")
    console.print(csat)
    if s.csat_ai_by_week:
        weeks = sorted(
            {w for by_week in s.csat_ai_by_week.values() for w in by_week}, key=lambda w: int(w.split()[1])
        )
        weekly = Table("category", *weeks, title="AI-handled CSAT by week (phase 3)")
        for cat, by_week in s.csat_ai_by_week.items():
            cells = [by_week.get(w) for w in weeks]
            weekly.add_row(cat, *[f"{v['mean']:.2f} ({int(v['n'])})" if v else "" for v in cells])
        console.print(weekly)


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
    from phasegate.world.demo import DemoError, run_demo

    try:
        run_demo(serve=serve_app, fresh=fresh, seed=seed, scale=scale, port=port)
    except DemoError as exc:
        err_console.print(f"[red]demo:[/red] {exc}")
        raise typer.Exit(code=1) from exc
