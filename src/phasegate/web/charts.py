"""Server-rendered SVG line charts: no script, no network, readable printed or offline.

A chart is a few polylines over weekly points; a missing value breaks the line rather than inventing one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

#: Colours per segment; the baseline is dashed because it is a reference, not a live line.
SEGMENT_STYLE: dict[str, tuple[str, bool]] = {
    "ai": ("#2457c5", False),
    "ai_escalated": ("#d4731c", False),
    "ai_assisted": ("#8a4fd0", False),
    "human": ("#1e7a3c", False),
    "baseline": ("#7a7f8a", True),
    "all": ("#1d2330", False),
}


@dataclass(frozen=True)
class Series:
    """One line: its key (for colour), label and a value per week (None where unknown)."""

    key: str
    label: str
    values: Sequence[float | None]


def _nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    value = start
    while value <= hi + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def line_chart(
    *,
    title: str,
    weeks: Sequence[date],
    series: Sequence[Series],
    fmt: Callable[[float], str],
    y_min: float | None = None,
    y_max: float | None = None,
    shade_from: int | None = None,
    chart_id: str = "",
    width: int = 560,
    height: int = 240,
) -> Markup:
    """An SVG line chart of weekly values; weeks from `shade_from` on are shaded as provisional."""
    left, right, top, bottom = 56, 12, 28, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    lo = y_min if y_min is not None else (min(values) if values else 0.0)
    hi = y_max if y_max is not None else (max(values) if values else 1.0)
    ticks = _nice_ticks(lo, hi)
    lo, hi = ticks[0], ticks[-1]
    n = len(weeks)

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n if n else 0)

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - lo) / (hi - lo))

    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text class="chart-title" x="{left}" y="16">{escape(title)}</text>',
    ]
    if shade_from is not None and n and shade_from < n:
        x0 = left + plot_w * shade_from / n
        parts.append(
            f'<rect class="provisional" x="{x0:.1f}" y="{top}" width="{left + plot_w - x0:.1f}" '
            f'height="{plot_h}"><title>resolutions still inside their durability window</title></rect>'
        )
    for t in ticks:
        parts.append(
            f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{escape(fmt(t))}</text>'
        )
    every = max(1, math.ceil(n / 8))
    for i, week in enumerate(weeks):
        if i % every == 0 or i == n - 1:
            parts.append(
                f'<text class="tick" x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                f"{week.strftime('%d %b')}</text>"
            )
    for s in series:
        colour, dashed = SEGMENT_STYLE.get(s.key, ("#444", False))
        dash = ' stroke-dasharray="5 4"' if dashed else ""
        run: list[str] = []
        runs: list[list[str]] = []
        for i, v in enumerate(s.values):
            if v is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append(f"{x(i):.1f},{y(v):.1f}")
        if run:
            runs.append(run)
        for points in runs:
            if len(points) > 1:
                parts.append(
                    f'<polyline class="line" data-series="{escape(s.key)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash} points="{" ".join(points)}"/>'
                )
        for i, v in enumerate(s.values):
            if v is not None:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.6" fill="{colour}">'
                    f"<title>{escape(s.label)}, week of {weeks[i].isoformat()}: {escape(fmt(v))}</title>"
                    "</circle>"
                )
    legend_y = height - 12
    lx = 8
    for s in series:
        colour, dashed = SEGMENT_STYLE.get(s.key, ("#444", False))
        dash = ' stroke-dasharray="5 4"' if dashed else ""
        parts.append(
            f'<line x1="{lx}" x2="{lx + 18}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{colour}" '
            f'stroke-width="2"{dash}/>'
            f'<text class="legend" x="{lx + 22}" y="{legend_y}">{escape(s.label)}</text>'
        )
        lx += 30 + 6 * len(s.label)
    parts.append("</svg>")
    return Markup("".join(parts))  # every interpolated text above is escaped


def sparkline(
    values: Sequence[float | None], *, key: str = "ai", width: int = 120, height: int = 28
) -> Markup:
    """A tiny trend line for a headline tile."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return Markup("")
    lo, hi = min(known), max(known)
    span = (hi - lo) or 1.0
    n = len(values)
    colour, _ = SEGMENT_STYLE.get(key, ("#444", False))
    points = [
        f"{width * i / max(n - 1, 1):.1f},{height - 2 - (height - 4) * (v - lo) / span:.1f}"
        for i, v in enumerate(values)
        if v is not None
    ]
    # numbers only: nothing to escape
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'aria-hidden="true">'
        f'<polyline fill="none" stroke="{colour}" stroke-width="1.6" points="{" ".join(points)}"/></svg>'
    )
