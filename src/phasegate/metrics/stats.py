"""Additive sums per cell (week x category x segment) and the ratios, intervals and tests derived from them.

SQL returns sums only, so any roll-up (a category over four weeks, all categories in one week) is exact:
add the sums, then divide. Nothing here touches the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from statistics import NormalDist
from typing import Any

#: The dashboard's segments, from `tickets.handled_by` (taxonomy.HANDLED_BY) and the category's rollout date.
SEGMENTS: tuple[str, ...] = ("ai", "ai_escalated", "ai_assisted", "human", "baseline")
SEGMENT_LABELS: dict[str, str] = {
    "ai": "AI-handled",
    "ai_escalated": "AI, escalated",
    "ai_assisted": "AI-assisted human",
    "human": "Human",
    "baseline": "Pre-AI baseline",
    "all": "All tickets",
    "unlabelled": "Not yet handled",
}


@dataclass
class Stats:
    """The additive sums of one cell; add two to get the sums of their union."""

    volume: int = 0
    resolved: int = 0  # durably resolved
    cost: float = 0.0
    # CSAT as a histogram of the 1-5 scores: additive, and it keeps every test (t, rank) exact.
    csat_1: int = 0
    csat_2: int = 0
    csat_3: int = 0
    csat_4: int = 0
    csat_5: int = 0
    engaged: int = 0  # tickets the AI engaged: handled_by ai or ai_escalated
    escalated: int = 0  # handled_by ai_escalated
    deflected: int = 0  # handled_by ai and durably resolved
    first_response_n: int = 0
    first_response_hours: float = 0.0
    model_cost: float = 0.0
    drafts_n: int = 0  # drafts an agent sent (edit_ratio known)
    edit_sum: float = 0.0
    accepted_known: int = 0
    accepted_n: int = 0
    kb_known: int = 0
    kb_hits: int = 0

    def __iadd__(self, other: Stats) -> Stats:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def __add__(self, other: Stats) -> Stats:
        total = Stats()
        total += self
        total += other
        return total

    @classmethod
    def of_scores(cls, scores: list[int], **kw: Any) -> Stats:
        """Sums holding these CSAT scores (and any other field given)."""
        out = cls(**kw)
        for score in scores:
            name = f"csat_{score}"
            setattr(out, name, getattr(out, name) + 1)
        return out

    @property
    def csat_counts(self) -> tuple[int, int, int, int, int]:
        """How many answers gave 1, 2, 3, 4 and 5."""
        return (self.csat_1, self.csat_2, self.csat_3, self.csat_4, self.csat_5)

    @property
    def csat_scores(self) -> list[int]:
        """Every answer, in score order (for tests that need the sample itself)."""
        return [score for score, count in enumerate(self.csat_counts, start=1) for _ in range(count)]

    @property
    def csat_n(self) -> int:
        """Number of CSAT answers."""
        return sum(self.csat_counts)

    @property
    def csat_sum(self) -> int:
        """Sum of the CSAT scores."""
        return sum(score * count for score, count in enumerate(self.csat_counts, start=1))

    @property
    def csat_sumsq(self) -> int:
        """Sum of the squared CSAT scores."""
        return sum(score * score * count for score, count in enumerate(self.csat_counts, start=1))

    @property
    def cost_per_resolved(self) -> float | None:
        """Everything spent on the cell's tickets, resolved or not, over the durably resolved ones."""
        return self.cost / self.resolved if self.resolved else None

    @property
    def csat_mean(self) -> float | None:
        """Mean CSAT score (1-5)."""
        return self.csat_sum / self.csat_n if self.csat_n else None

    @property
    def csat_sd(self) -> float | None:
        """Sample standard deviation of CSAT."""
        if self.csat_n < 2:
            return None
        mean = self.csat_sum / self.csat_n
        var = (self.csat_sumsq - self.csat_n * mean * mean) / (self.csat_n - 1)
        return math.sqrt(max(var, 0.0))  # float rounding can make an all-equal sample slightly negative

    @property
    def csat_ci95(self) -> tuple[float, float] | None:
        """The 95% confidence interval of the mean (Student's t), clipped to the 1-5 scale."""
        return mean_ci(self.csat_mean, self.csat_sd, self.csat_n)

    @property
    def escalation_rate(self) -> float | None:
        """Share of AI-engaged tickets that were handed to a human."""
        return self.escalated / self.engaged if self.engaged else None

    @property
    def resolution_rate(self) -> float | None:
        """Share of tickets durably resolved."""
        return self.resolved / self.volume if self.volume else None

    @property
    def deflection_rate(self) -> float | None:
        """Share of tickets the AI resolved durably with no human."""
        return self.deflected / self.volume if self.volume else None

    @property
    def first_response_mean_hours(self) -> float | None:
        """Mean hours from the ticket's creation to its first reply."""
        return self.first_response_hours / self.first_response_n if self.first_response_n else None

    @property
    def model_cost_per_ticket(self) -> float | None:
        """Model spend over every ticket of the cell."""
        return self.model_cost / self.volume if self.volume else None

    @property
    def edit_rate(self) -> float | None:
        """Mean edit ratio of sent drafts (0 = sent as drafted, 1 = rewritten)."""
        return self.edit_sum / self.drafts_n if self.drafts_n else None

    @property
    def acceptance_rate(self) -> float | None:
        """Share of sent drafts accepted (sent with no or light edits)."""
        return self.accepted_n / self.accepted_known if self.accepted_known else None

    @property
    def kb_hit_rate(self) -> float | None:
        """Share of routing decisions that found a knowledge-base answer, among those where it is known."""
        return self.kb_hits / self.kb_known if self.kb_known else None


def total(items: list[Stats] | tuple[Stats, ...]) -> Stats:
    """The sum of several cells."""
    out = Stats()
    for item in items:
        out += item
    return out


def mean_ci(
    mean: float | None, sd: float | None, n: int, *, level: float = 0.95
) -> tuple[float, float] | None:
    """Student's t interval of a 1-5 mean; None below two answers."""
    if mean is None or sd is None or n < 2:
        return None
    half = _t_quantile(0.5 + level / 2, n - 1) * sd / math.sqrt(n)
    return (max(1.0, mean - half), min(5.0, mean + half))


def mean_drop_significant(before: Stats, after: Stats, *, level: float = 0.95) -> bool:
    """Whether `after`'s CSAT mean is below `before`'s at a one-sided Welch t-test of `level`."""
    m1, m2, s1, s2 = before.csat_mean, after.csat_mean, before.csat_sd, after.csat_sd
    if m1 is None or m2 is None or s1 is None or s2 is None:
        return False
    n1, n2 = before.csat_n, after.csat_n
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    se = math.sqrt(v1 + v2)
    if se == 0:
        return m2 < m1  # both samples constant: any gap is certain
    dof = (v1 + v2) ** 2 / ((v1 * v1 / (n1 - 1)) + (v2 * v2 / (n2 - 1))) if v1 + v2 else n1 + n2 - 2
    t = (m1 - m2) / se
    return bool(t > _t_quantile(level, dof))


def rate_rise_significant(
    before_hits: int, before_n: int, after_hits: int, after_n: int, *, level: float = 0.95
) -> bool:
    """Whether the after-rate is above the before-rate at a one-sided two-proportion z-test of `level`."""
    if before_n == 0 or after_n == 0:
        return False
    p1, p2 = before_hits / before_n, after_hits / after_n
    pooled = (before_hits + after_hits) / (before_n + after_n)
    se = math.sqrt(pooled * (1 - pooled) * (1 / before_n + 1 / after_n))
    if se == 0:
        return p2 > p1
    return bool((p2 - p1) / se > NormalDist().inv_cdf(level))


def _t_quantile(p: float, dof: float) -> float:
    """Student's t quantile; scipy.special is imported here, not at module load, to keep the CLI fast."""
    from scipy.special import stdtrit

    return float(stdtrit(dof, p))
