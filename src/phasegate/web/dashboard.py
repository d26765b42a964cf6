"""The dashboard's view model: three headline tiles with their trend, and the weekly charts."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from phasegate.metrics import formatting as fmt
from phasegate.metrics.report import Report
from phasegate.metrics.stats import SEGMENT_LABELS, SEGMENTS
from phasegate.web.charts import Series, line_chart, sparkline


@dataclass(frozen=True)
class TileRow:
    """One segment's number in a tile."""

    segment: str
    label: str
    value: str
    change: str
    detail: str


@dataclass(frozen=True)
class Tile:
    """A headline tile: its title, a line per segment and a sparkline of the AI segment's weekly value."""

    key: str
    title: str
    rows: list[TileRow]
    spark: Markup
    note: str = ""


@dataclass(frozen=True)
class DashboardView:
    """Everything the dashboard template draws besides the report itself."""

    tiles: list[Tile]
    charts: dict[str, Markup] = field(default_factory=dict)


def _tiles(r: Report) -> list[Tile]:
    weekly = r.weekly
    cost_rows, csat_rows = [], []
    for s in SEGMENTS:
        now, prev = r.seg(s), r.prev(s)
        before_cost = prev.cost_per_resolved if prev else None
        cost_rows.append(
            TileRow(
                s,
                SEGMENT_LABELS[s],
                fmt.money(now.cost_per_resolved, r.currency),
                fmt.relative_change(now.cost_per_resolved, before_cost),
                f"{now.resolved} resolved",
            )
        )
        ci = now.csat_ci95
        csat_rows.append(
            TileRow(
                s,
                SEGMENT_LABELS[s],
                fmt.csat(now.csat_mean),
                fmt.point_change(now.csat_mean, prev.csat_mean if prev else None),
                f"n={now.csat_n}" + (f", 95% CI {ci[0]:.2f}–{ci[1]:.2f}" if ci else ""),
            )
        )
    ai, ai_prev = r.seg("all"), r.prev("all")  # engaged and escalated are counted over every ticket
    escalation = [
        TileRow(
            "ai",
            "AI-engaged",
            fmt.rate(ai.escalation_rate),
            fmt.point_change(ai.escalation_rate, ai_prev.escalation_rate if ai_prev else None, percent=True),
            f"{ai.escalated} of {ai.engaged} AI-engaged tickets",
        )
    ]
    return [
        Tile(
            "cost",
            "Cost per resolved ticket",
            cost_rows,
            sparkline([w.segments["ai"].cost_per_resolved for w in weekly], key="ai"),
            "all money spent on the segment's tickets over those durably resolved",
        ),
        Tile(
            "csat",
            "CSAT, segmented",
            csat_rows,
            sparkline([w.segments["ai"].csat_mean for w in weekly], key="ai"),
            "baseline: all CSAT before each category's rollout",
        ),
        Tile(
            "escalation",
            "Escalation rate",
            escalation,
            sparkline([w.segments["all"].escalation_rate for w in weekly], key="ai"),
            "share of AI-engaged tickets handed to a human",
        ),
    ]


def _charts(r: Report) -> dict[str, Markup]:
    weeks = [w.start.date() for w in r.weekly]
    shade = next((i for i, w in enumerate(r.weekly) if w.provisional), None)

    def per_segment(metric: str) -> list[Series]:
        return [
            Series(s, SEGMENT_LABELS[s], [getattr(w.segments[s], metric) for w in r.weekly]) for s in SEGMENTS
        ]

    money = lambda v: fmt.money(v, r.currency)  # noqa: E731 - a one-line formatter reads best inline
    return {
        "cost": line_chart(
            title="Cost per resolved ticket, weekly",
            weeks=weeks,
            series=per_segment("cost_per_resolved"),
            fmt=money,
            y_min=0.0,
            shade_from=shade,
            chart_id="chart-cost",
        ),
        "csat": line_chart(
            title="CSAT, weekly (1-5)",
            weeks=weeks,
            series=per_segment("csat_mean"),
            fmt=lambda v: f"{v:.1f}",
            y_min=1.0,
            y_max=5.0,
            shade_from=shade,
            chart_id="chart-csat",
        ),
        "escalation": line_chart(
            title="Escalation rate of AI-engaged tickets, weekly",
            weeks=weeks,
            series=[Series("ai", "AI-engaged", [w.segments["all"].escalation_rate for w in r.weekly])],
            fmt=lambda v: f"{v * 100:.0f}%",
            y_min=0.0,
            shade_from=shade,
            chart_id="chart-escalation",
            width=1120,
        ),
        "volume": line_chart(
            title="Tickets per week, by segment",
            weeks=weeks,
            series=[
                *per_segment("volume"),
                Series("all", "All", [w.segments["all"].volume for w in r.weekly]),
            ],
            fmt=lambda v: f"{v:.0f}",
            y_min=0.0,
            chart_id="chart-volume",
            width=1120,
        ),
    }


def build_view(report: Report) -> DashboardView:
    """Tiles and charts for a report."""
    return DashboardView(tiles=_tiles(report), charts=_charts(report) if report.weekly else {})
