"""The dashboard's alarms: cost falling while CSAT falls, AI CSAT materially below human or baseline, rising
escalation. Each compares the last `window` weeks with the `window` weeks before, with a minimum sample.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from phasegate.metrics.stats import Stats, mean_drop_significant, rate_rise_significant

COST_DOWN_CSAT_DOWN = "cost_down_csat_down"
AI_CSAT_BELOW = "ai_csat_below"
ESCALATION_RISING = "escalation_rising"

ALARM_TITLES = {
    COST_DOWN_CSAT_DOWN: "Cost falls while CSAT falls",
    AI_CSAT_BELOW: "AI CSAT materially below human or baseline",
    ESCALATION_RISING: "Escalation rate rising",
}


@dataclass(frozen=True)
class AlarmRules:
    """The thresholds of the trend tests (docs/metrics.md explains each)."""

    window_weeks: int = 4
    min_csat_n: int = 20  # CSAT answers needed in each window before a trend is judged
    min_engaged: int = 20  # AI-engaged tickets needed in each window for the escalation trend
    cost_drop: float = 0.05  # relative fall of cost per resolved that counts as "falling"
    csat_drop: float = 0.10  # points on the 1-5 scale, and significant at `confidence`
    escalation_rise: float = 0.05  # absolute rise of the rate, and significant at `confidence`
    confidence: float = 0.95  # one-sided


@dataclass(frozen=True)
class Alarm:
    """One raised alarm: what, where (`overall` or a category), why in words, and the numbers behind it."""

    code: str
    scope: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The alarm's name for people."""
        return ALARM_TITLES.get(self.code, self.code)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of the alarm."""
        return {"code": self.code, "scope": self.scope, "message": self.message, "evidence": self.evidence}


def cost_down_csat_down(scope: str, before: Stats, after: Stats, rules: AlarmRules) -> Alarm | None:
    """Cost per resolved fell by `cost_drop` or more while CSAT fell significantly by `csat_drop` or more."""
    c1, c2 = before.cost_per_resolved, after.cost_per_resolved
    m1, m2 = before.csat_mean, after.csat_mean
    if c1 is None or c2 is None or m1 is None or m2 is None or c1 <= 0:
        return None
    if before.csat_n < rules.min_csat_n or after.csat_n < rules.min_csat_n:
        return None
    cost_change = (c2 - c1) / c1
    if cost_change > -rules.cost_drop or m1 - m2 < rules.csat_drop:
        return None
    if not mean_drop_significant(before, after, level=rules.confidence):
        return None
    return Alarm(
        COST_DOWN_CSAT_DOWN,
        scope,
        f"cost per resolved {c1:.2f} → {c2:.2f} ({cost_change:+.0%}) while CSAT {m1:.2f} → {m2:.2f}",
        {
            "cost_before": c1,
            "cost_after": c2,
            "csat_before": m1,
            "csat_after": m2,
            "csat_n_before": before.csat_n,
            "csat_n_after": after.csat_n,
        },
    )


def escalation_rising(scope: str, before: Stats, after: Stats, rules: AlarmRules) -> Alarm | None:
    """The escalation rate rose by `escalation_rise` or more, significantly."""
    r1, r2 = before.escalation_rate, after.escalation_rate
    if r1 is None or r2 is None:
        return None
    if before.engaged < rules.min_engaged or after.engaged < rules.min_engaged:
        return None
    if r2 - r1 < rules.escalation_rise:
        return None
    if not rate_rise_significant(
        before.escalated, before.engaged, after.escalated, after.engaged, level=rules.confidence
    ):
        return None
    return Alarm(
        ESCALATION_RISING,
        scope,
        f"escalation rate {r1:.0%} → {r2:.0%} of {after.engaged} AI-engaged tickets",
        {
            "rate_before": r1,
            "rate_after": r2,
            "engaged_before": before.engaged,
            "engaged_after": after.engaged,
        },
    )
