"""The control-group comparison: AI-handled vs control-human CSAT and cost per resolved ticket, on the same
population (tickets that were phase-3 eligible), each with n and a 95% confidence interval.

Arms are assigned by the triage decision (intention to treat): a ticket routed `autonomous` is in the AI arm
even if the engine later handed it to a person, so the arms differ only by the coin the policy flipped.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scipy import stats as scipy_stats
from sqlalchemy.orm import Session

from phasegate.metrics.service import MetricParams, arm_facts
from phasegate.metrics.stats import mean_ci

#: Below this many answers (CSAT) or resolved tickets (cost) an arm's number is "not enough data".
MIN_N = 20
ARMS = ("ai", "control")


@dataclass(frozen=True)
class ArmStats:
    """One arm's numbers: tickets, durably resolved, cost, CSAT answers."""

    arm: str
    tickets: int
    resolved: int
    cost: float
    cost_per_resolved: float | None
    cost_ci95: tuple[float, float] | None
    csat_n: int
    csat_mean: float | None
    csat_ci95: tuple[float, float] | None

    @property
    def enough_csat(self) -> bool:
        """Whether the arm has enough answers for its CSAT to be shown as a number."""
        return self.csat_n >= MIN_N

    @property
    def enough_cost(self) -> bool:
        """Whether the arm has enough resolved tickets for its cost per resolved to be shown."""
        return self.resolved >= MIN_N

    def as_dict(self) -> dict[str, Any]:
        """For `phasegate report --json`."""
        return {
            "tickets": self.tickets,
            "resolved": self.resolved,
            "cost": round(self.cost, 4),
            "cost_per_resolved": _r(self.cost_per_resolved),
            "cost_ci95": _pair(self.cost_ci95),
            "cost_enough": self.enough_cost,
            "csat_n": self.csat_n,
            "csat_mean": _r(self.csat_mean),
            "csat_ci95": _pair(self.csat_ci95),
            "csat_enough": self.enough_csat,
        }


@dataclass(frozen=True)
class ControlComparison:
    """Both arms over one period."""

    start: datetime | None
    end: datetime | None
    ai: ArmStats
    control: ArmStats

    @property
    def min_n(self) -> int:
        """The n below which a number is withheld as "not enough data"."""
        return MIN_N

    @property
    def active(self) -> bool:
        """Whether any ticket was ever put in the control group in the period."""
        return self.control.tickets > 0

    def as_dict(self) -> dict[str, Any]:
        """For `phasegate report --json`: `min_n` is the threshold below which a number is withheld."""
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "min_n": MIN_N,
            "ai": self.ai.as_dict(),
            "control": self.control.as_dict(),
        }


def _r(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def _pair(pair: tuple[float, float] | None) -> list[float] | None:
    return [round(pair[0], 4), round(pair[1], 4)] if pair else None


def ratio_ci(costs: list[float], resolved: list[int], *, level: float = 0.95) -> tuple[float, float] | None:
    """Confidence interval of sum(costs)/sum(resolved) over tickets, by the delta method with Student's t.

    Var(R) ~= sum((c_i - R*y_i)^2) / (n (n-1) ybar^2): the usual ratio-estimator variance. None below two
    tickets or with nothing resolved.
    """
    n = len(costs)
    total_y = sum(resolved)
    if n < 2 or total_y == 0:
        return None
    ratio = sum(costs) / total_y
    ybar = total_y / n
    resid = sum((c - ratio * y) ** 2 for c, y in zip(costs, resolved, strict=True))
    se = math.sqrt(resid / (n * (n - 1))) / ybar
    half = float(scipy_stats.t.ppf(0.5 + level / 2, n - 1)) * se
    return (max(0.0, ratio - half), ratio + half)


def arm_stats(arm: str, rows: list[tuple[float, int, int | None]]) -> ArmStats:
    """An arm's numbers from its tickets' (cost, durably resolved 0/1, CSAT or None)."""
    costs = [c for c, _, _ in rows]
    resolved = [y for _, y, _ in rows]
    scores = [s for _, _, s in rows if s is not None and 1 <= s <= 5]
    total_y = sum(resolved)
    mean = statistics.fmean(scores) if scores else None
    sd = statistics.stdev(scores) if len(scores) >= 2 else None
    return ArmStats(
        arm=arm,
        tickets=len(rows),
        resolved=total_y,
        cost=sum(costs),
        cost_per_resolved=sum(costs) / total_y if total_y else None,
        cost_ci95=ratio_ci(costs, resolved),
        csat_n=len(scores),
        csat_mean=mean,
        csat_ci95=mean_ci(mean, sd, len(scores)),
    )


def compare(
    session: Session,
    *,
    params: MetricParams,
    start: datetime | None = None,
    end: datetime | None = None,
    category: str | None = None,
) -> ControlComparison:
    """AI arm vs control arm over tickets created in [start, end), by each ticket's latest live decision."""
    arms: dict[str, list[tuple[float, int, int | None]]] = {a: [] for a in ARMS}
    for control, cost, durable, csat in arm_facts(
        session, params=params, start=start, end=end, category=category
    ):
        arm = "control" if control else "ai"
        arms[arm].append((float(cost or 0.0), int(durable or 0), int(csat) if csat is not None else None))
    return ControlComparison(start, end, arm_stats("ai", arms["ai"]), arm_stats("control", arms["control"]))


def _money(value: float, currency: str) -> str:
    from phasegate.metrics.formatting import money

    return money(value, currency)


def describe_csat(arm: ArmStats) -> str:
    """An arm's CSAT as a person reads it: mean, CI and n, or "not enough data" below MIN_N answers."""
    if not arm.enough_csat or arm.csat_mean is None:
        return f"not enough data (n={arm.csat_n}, need {MIN_N})"
    ci = f" [95% CI {arm.csat_ci95[0]:.2f}-{arm.csat_ci95[1]:.2f}]" if arm.csat_ci95 else ""
    return f"{arm.csat_mean:.2f}{ci} (n={arm.csat_n})"


def describe_cost(arm: ArmStats, currency: str) -> str:
    """An arm's cost per resolved ticket, or "not enough data" below MIN_N resolved tickets."""
    if not arm.enough_cost or arm.cost_per_resolved is None:
        return f"not enough data ({arm.resolved} resolved, need {MIN_N})"
    ci = arm.cost_ci95
    band = f" [95% CI {_money(ci[0], currency)}-{_money(ci[1], currency)}]" if ci else ""
    return f"{_money(arm.cost_per_resolved, currency)}{band} ({arm.resolved} resolved of {arm.tickets})"


def summary_lines(comparison: ControlComparison | None, currency: str = "USD") -> list[str]:
    """The control comparison for the terminal (nothing when no ticket was ever in the control group)."""
    if comparison is None or not comparison.active:
        return []
    lines = ["Control group (phase-3 eligible tickets; AI arm vs the random share sent to people):"]
    for arm, label in ((comparison.ai, "AI-handled"), (comparison.control, "control (human)")):
        lines.append(
            f"  {label}: {arm.tickets} tickets; CSAT {describe_csat(arm)}; "
            f"cost per resolved {describe_cost(arm, currency)}"
        )
    return lines
