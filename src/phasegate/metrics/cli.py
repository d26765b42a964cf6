"""`phasegate report`: the three headline numbers, their weekly trend and the per-category table."""

from __future__ import annotations

import csv
import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from phasegate.aftercare import control as control_group
from phasegate.cli_support import console, workspace
from phasegate.metrics import formatting as fmt
from phasegate.metrics import report as reports
from phasegate.metrics.report import Report
from phasegate.metrics.stats import SEGMENT_LABELS, SEGMENTS

HEADS = (*SEGMENTS, "all")


def report(
    as_csv: Annotated[bool, typer.Option("--csv", help="Every week x category x segment as CSV.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
    window: Annotated[
        int, typer.Option(min=1, help="Weeks in the period (compared with as many before).")
    ] = 4,
    durable_days: Annotated[
        float | None, typer.Option(min=0, help="Days a resolution must hold (PHASEGATE_DURABLE_DAYS).")
    ] = None,
) -> None:
    """Print cost per resolved ticket, segmented CSAT and escalation rate, by week and by category."""
    if as_csv and as_json:
        raise typer.BadParameter("choose one of --csv and --json")
    ws = workspace()
    settings = ws.settings
    if durable_days is not None:
        settings = settings.model_copy(update={"durable_days": durable_days})
    with ws.sessions() as session:
        if as_csv:
            writer = csv.DictWriter(sys.stdout, fieldnames=reports.CSV_FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(reports.csv_rows(session, params=reports.params_from(settings)))
            return
        built = reports.build_for(session, settings, window_weeks=window)
    if as_json:
        typer.echo(json.dumps(reports.as_json(built), indent=2))
        return
    _print(built)


def _print(r: Report) -> None:
    if r.current is None:
        console.print("No dated tickets yet: nothing to report.")
        return
    period = r.current.as_dict()
    versus = f", against the {r.previous.as_dict()['weeks']} weeks before" if r.previous else ""
    console.print(
        f"[bold]{period['from']} to {period['to']}[/bold] ({period['weeks']} weeks{versus}); "
        f"agent time at {fmt.money(r.params.hourly_rate, r.currency)}/h; "
        f"a resolution holds after {r.params.durable_days:g} days; baseline is all pre-AI history.",
        highlight=False,
    )
    head = Table("", *(SEGMENT_LABELS[s] for s in HEADS), title="Headline")
    cost, csat, esc = ["Cost per resolved"], ["CSAT (n)"], ["Escalation rate"]
    for s in HEADS:
        now, prev = r.seg(s), r.prev(s)
        trend = fmt.relative_change(now.cost_per_resolved, prev.cost_per_resolved if prev else None)
        cost.append(f"{fmt.money(now.cost_per_resolved, r.currency)} {trend}".strip())
        dp = fmt.point_change(now.csat_mean, prev.csat_mean if prev else None)
        csat.append(f"{fmt.csat(now.csat_mean)} ({now.csat_n}) {dp}".strip())
        if s in ("ai", "all"):
            e_now, e_prev = r.seg("all"), r.prev("all")
            de = fmt.point_change(
                e_now.escalation_rate, e_prev.escalation_rate if e_prev else None, percent=True
            )
            esc.append(f"{fmt.rate(e_now.escalation_rate)} {de}".strip())
        else:
            esc.append("")
    for row in (cost, csat, esc):
        head.add_row(*row)
    console.print(head)

    short = {"ai": "AI", "ai_escalated": "esc", "ai_assisted": "asst", "human": "human", "baseline": "base"}
    weekly = Table(
        "week",
        "tickets",
        *(f"cost/res {short[s]}" for s in SEGMENTS),
        *(f"CSAT {short[s]}" for s in SEGMENTS),
        "escalation",
        title="Weekly trend (* = resolutions still inside their durability window)",
    )
    for w in r.weekly:
        seg = w.segments
        weekly.add_row(
            w.start.date().isoformat() + ("*" if w.provisional else ""),
            str(seg["all"].volume),
            *(fmt.money(seg[s].cost_per_resolved, r.currency) for s in SEGMENTS),
            *(fmt.csat(seg[s].csat_mean) for s in SEGMENTS),
            fmt.rate(seg["all"].escalation_rate),
        )
    console.print(weekly)

    cats = Table(
        "category",
        "phase",
        "tickets",
        "CSAT AI (n)",
        "CSAT human (n)",
        "CSAT baseline (n)",
        "edit rate",
        "escalation",
        "alarms",
        title="Categories",
    )
    for c in r.categories:
        cats.add_row(
            c.category,
            "–" if c.phase is None else str(c.phase),
            str(c.now["all"].volume),
            f"{fmt.csat(c.now['ai'].csat_mean)} ({c.now['ai'].csat_n})",
            f"{fmt.csat(c.now['human'].csat_mean)} ({c.now['human'].csat_n})",
            f"{fmt.csat(c.baseline.csat_mean)} ({c.baseline.csat_n})",
            fmt.rate(c.now["all"].edit_rate),
            fmt.rate(c.now["all"].escalation_rate),
            ", ".join(a.code for a in c.alarms),
        )
    console.print(cats)
    for a in r.alarms:
        console.print(f"[red]ALARM[/red] {a.scope}: {a.title}: {a.message}", highlight=False)
    for line in control_group.summary_lines(r.control, r.currency):
        console.print(line, highlight=False, markup=False)
