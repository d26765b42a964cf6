"""SVG charts: escaped text, gaps for missing weeks, scales that contain every point."""

from __future__ import annotations

import re
from datetime import date, timedelta

from phasegate.web.charts import Series, line_chart, sparkline

WEEKS = [date(2026, 3, 2) + timedelta(weeks=i) for i in range(4)]


def test_missing_values_break_the_line_and_labels_are_escaped() -> None:
    """A None splits a series into two polylines; a label with markup is escaped."""
    svg = str(
        line_chart(
            title="Cost <script>",
            weeks=WEEKS,
            series=[
                Series("ai", "AI & co", [1.0, 2.0, None, 3.0]),
                Series("human", "H", [1.0, 1.0, 1.0, 1.0]),
            ],
            fmt=lambda v: f"{v:.1f}",
            y_min=0.0,
        )
    )
    assert "<script>" not in svg and "Cost &lt;script&gt;" in svg and "AI &amp; co" in svg
    assert len(re.findall(r'<polyline[^>]*data-series="ai"', svg)) == 1  # the lone last point is a dot only
    assert len(re.findall(r"<circle", svg)) == 7
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_points_stay_inside_the_plot() -> None:
    """Every point's y lies between the top and bottom of the plot area."""
    svg = str(
        line_chart(
            title="t", weeks=WEEKS, series=[Series("ai", "a", [0.0, 7.3, 2.2, 9.9])], fmt=str, y_min=0.0
        )
    )
    ys = [float(y) for y in re.findall(r'<circle cx="[^"]+" cy="([^"]+)"', svg)]
    assert all(28 <= y <= 240 - 52 for y in ys)


def test_sparkline_needs_two_points() -> None:
    """A single known value draws nothing; two or more draw a line."""
    assert str(sparkline([None, 3.0])) == ""
    assert "<polyline" in str(sparkline([1.0, None, 3.0]))
