"""Alarm rules on hand-made sums: each fires on its cause and stays quiet below its minimum sample."""

from __future__ import annotations

from phasegate.metrics import alarms
from phasegate.metrics.alarms import AlarmRules
from phasegate.metrics.stats import Stats


def sample(n: int, mean_pairs: tuple[int, int], *, cost: float = 0.0, resolved: int = 0, **kw: int) -> Stats:
    """Sums of `n` answers alternating between two scores."""
    a, b = mean_pairs
    scores = [a if i % 2 else b for i in range(n)]
    return Stats.of_scores(scores, volume=max(n, resolved), resolved=resolved, cost=cost, **kw)


RULES = AlarmRules()


def test_cost_down_with_csat_down_fires() -> None:
    """Cost per resolved 10 → 6 while CSAT 4.5 → 3.5 on 40 answers each raises the alarm."""
    before = sample(40, (4, 5), cost=400.0, resolved=40)
    after = sample(40, (3, 4), cost=240.0, resolved=40)
    alarm = alarms.cost_down_csat_down("overall", before, after, RULES)
    assert alarm is not None and alarm.code == alarms.COST_DOWN_CSAT_DOWN
    assert alarm.evidence["cost_after"] == 6.0 and alarm.evidence["csat_after"] == 3.5


def test_cost_down_with_csat_steady_is_quiet() -> None:
    """Savings that keep CSAT are what the program is for: no alarm."""
    before = sample(40, (4, 5), cost=400.0, resolved=40)
    after = sample(40, (4, 5), cost=240.0, resolved=40)
    assert alarms.cost_down_csat_down("overall", before, after, RULES) is None


def test_csat_down_with_cost_up_is_not_this_alarm() -> None:
    """CSAT falling while cost rises is bad, but not the cost-chasing pattern this alarm names."""
    before = sample(40, (4, 5), cost=400.0, resolved=40)
    after = sample(40, (3, 4), cost=480.0, resolved=40)
    assert alarms.cost_down_csat_down("overall", before, after, RULES) is None


def test_small_samples_never_raise_trend_alarms() -> None:
    """Below the minimum number of CSAT answers the trend is not judged."""
    before = sample(10, (4, 5), cost=100.0, resolved=10)
    after = sample(10, (1, 2), cost=10.0, resolved=10)
    assert alarms.cost_down_csat_down("overall", before, after, RULES) is None
    assert alarms.cost_down_csat_down("overall", before, after, AlarmRules(min_csat_n=5)) is not None


def test_noisy_csat_drop_is_not_significant() -> None:
    """A 0.2 drop on widely spread answers (1s and 5s) is noise at n=20, so no alarm."""
    before = sample(20, (1, 5), cost=200.0, resolved=20)  # mean 3.0, sd 2
    after = Stats.of_scores([5] * 9 + [1] * 11, volume=20, resolved=20, cost=100.0)
    assert after.csat_mean is not None and before.csat_mean is not None
    assert before.csat_mean - after.csat_mean >= RULES.csat_drop
    assert alarms.cost_down_csat_down("overall", before, after, RULES) is None


def test_escalation_rising_fires_on_significant_rise_only() -> None:
    """10% → 40% of 30 AI-engaged tickets fires; 10% → 13% does not; under 20 engaged is not judged."""
    assert alarms.escalation_rising(
        "x", Stats(engaged=30, escalated=3), Stats(engaged=30, escalated=12), RULES
    )
    assert (
        alarms.escalation_rising("x", Stats(engaged=30, escalated=3), Stats(engaged=30, escalated=4), RULES)
        is None
    )
    assert (
        alarms.escalation_rising("x", Stats(engaged=10, escalated=1), Stats(engaged=10, escalated=8), RULES)
        is None
    )
