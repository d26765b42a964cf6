"""The 39 weeks of the demo world: when each category was in which phase, and when people write.

Week 1 starts on START (a Monday). Weeks 1-13 are the pre-AI baseline, 14-26 phase 1 everywhere, 27-39 phase 2
in the deflectable categories, and the last six weeks put `order_status` and `return_policy` in phase 3.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Generic, TypeVar

from phasegate.taxonomy import CATEGORIES, DEFLECTABLE

START = datetime(2025, 6, 2, tzinfo=UTC)
WEEKS = 39
PHASE1_WEEK = 14
PHASE2_WEEK = 27
PHASE3_WEEK = 34
PHASE3_CATEGORIES: tuple[str, ...] = ("order_status", "return_policy")

#: The winter Last Chance clearance: final-sale items, and a wave of "can I return sale items?" questions.
LAST_CHANCE_WEEKS: tuple[int, ...] = (37, 38, 39)

#: Relative ticket volume by weekday (Monday first): the weekend backlog lands on Monday.
WEEKDAY_WEIGHT = (1.28, 1.14, 1.04, 1.0, 0.93, 0.64, 0.58)
#: Hour-of-day weights (Pacific): customers write from breakfast to late evening.
HOUR_WEIGHT = (
    0.15,
    0.1,
    0.08,
    0.06,
    0.08,
    0.2,
    0.45,
    0.8,
    1.1,
    1.3,
    1.35,
    1.3,
    1.25,
    1.2,
    1.2,
    1.15,
    1.1,
    1.05,
    1.1,
    1.2,
    1.2,
    1.0,
    0.7,
    0.35,
)
#: Pacific is UTC-7/-8; a fixed offset keeps the world simple and deterministic.
PACIFIC_OFFSET = timedelta(hours=-8)


T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed weighted choice, accumulated once (random.choices re-adds the weights on every call)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self.cum = list(accumulate(weights))

    def pick(self, rng: random.Random) -> T:
        """One item, drawn with the weights."""
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


def phase_of(category: str, week: int) -> int:
    """The phase a category was in during `week` (1-based)."""
    if week < PHASE1_WEEK:
        return 0
    if week >= PHASE3_WEEK and category in PHASE3_CATEGORIES:
        return 3
    if week >= PHASE2_WEEK and category in DEFLECTABLE:
        return 2
    return 1


def week_start(week: int, start: datetime = START) -> datetime:
    """Midnight UTC on the Monday that opens `week`."""
    return start + timedelta(weeks=week - 1)


def week_of(at: datetime, start: datetime = START) -> int:
    """The 1-based week `at` falls in (0 or negative before the world starts)."""
    return math.floor((at - start) / timedelta(weeks=1)) + 1


def phases_in(week: int) -> dict[str, int]:
    """Every category's phase during `week`: the workspace's phase state intake decided under."""
    return {c: phase_of(c, week) for c in CATEGORIES}


def current_phases() -> dict[str, int]:
    """Each category's phase at the end of the history."""
    return {c: phase_of(c, WEEKS) for c in CATEGORIES}


def season(week: int, category: str, start: datetime = START) -> float:
    """A volume multiplier: holiday orders late November and December, returns in January, the clearance."""
    day = week_start(week, start) + timedelta(days=3)
    month, dom = day.month, day.day
    mult = 1.0
    if category in ("order_status", "address_update", "order_cancellation", "damaged_item", "billing_issue"):
        if (month == 11 and dom >= 20) or (month == 12 and dom <= 24):
            mult *= 1.55
        elif month == 12:
            mult *= 1.2
    returns = category in ("return_request", "refund_request", "return_policy", "refund_dispute")
    if returns and ((month == 12 and dom >= 26) or month == 1):
        mult *= 1.5
    if category in ("product_question", "warranty_claim") and month in (6, 7, 8):
        mult *= 1.15  # camping season: more gear questions, more gear broken on trips
    if week in LAST_CHANCE_WEEKS and category in ("return_policy", "product_question"):
        mult *= 1.7 if category == "return_policy" else 1.15
    return mult


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth below 30, a rounded normal above)."""
    if lam <= 0:
        return 0
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                return k
            k += 1
    return max(0, round(rng.gauss(lam, math.sqrt(lam))))


def moment_in_day(rng: random.Random, day: datetime) -> datetime:
    """A time on `day` (UTC midnight) at which a customer in the US would plausibly write."""
    hour = _HOURS.pick(rng)
    local = day + timedelta(hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
    return local - PACIFIC_OFFSET


_HOURS = Weighted(range(24), HOUR_WEIGHT)
WEEKDAYS_W = Weighted(range(7), WEEKDAY_WEIGHT)


def add_business_days(at: datetime, days: int) -> datetime:
    """`at` moved forward by `days` weekdays."""
    out = at
    step = 0
    while step < days:
        out += timedelta(days=1)
        if out.weekday() < 5:
            step += 1
    return out


def business_hours_reply(rng: random.Random, at: datetime, *, fast: bool = False) -> datetime:
    """When an agent first answers a message sent at `at`: minutes on a staffed hour, else next morning."""
    local = at + PACIFIC_OFFSET
    staffed = (local.weekday() < 5 and 6 <= local.hour < 18) or (
        local.weekday() == 5 and 8 <= local.hour < 16
    )
    if staffed:
        wait = rng.expovariate(1 / (900 if fast else 5400))
        return at + timedelta(seconds=60 + wait)
    nxt = local.replace(hour=6, minute=0, second=0, microsecond=0)
    if local.hour >= 6:
        nxt += timedelta(days=1)
    while nxt.weekday() == 6:  # Sunday is unstaffed
        nxt += timedelta(days=1)
    queue = rng.expovariate(1 / (1800 if fast else 7200))
    return nxt - PACIFIC_OFFSET + timedelta(seconds=queue)


def sub_business_days(at: datetime, days: int) -> datetime:
    """`at` moved back by `days` weekdays."""
    out = at
    step = 0
    while step < days:
        out -= timedelta(days=1)
        if out.weekday() < 5:
            step += 1
    return out


def business_days_between(a: datetime, b: datetime) -> int:
    """Weekdays after `a` up to and including `b` (0 when `b` is not after `a`)."""
    count = 0
    cur = a
    while True:
        cur += timedelta(days=1)
        if cur > b:
            return count
        if cur.weekday() < 5:
            count += 1
