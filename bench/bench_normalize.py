"""What normalisation before the detectors costs: the detectors alone (`analysis.signals`) on demo-like
tickets, and `normalize` alone, on one core.

Run from a checkout without triage.normalize (an older commit, PYTHONPATH pointing at its src/) it times the
detectors as they were, which is how docs/benchmarks.md states the cost before and after.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import csv  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

from _common import dataset, table  # noqa: E402
from phasegate.policy.schema import Policy  # noqa: E402
from phasegate.triage.analysis import signals  # noqa: E402
from phasegate.triage.conversation import from_texts  # noqa: E402

N = 5_000
EXTRAS = [
    "",
    " My order is A-{n}.",
    " Tracking 1Z999AA1{n}0123456 hasn't moved.",
    " You can reach me at cust{n}@example.com or (415) 555-{n:04d}.",
    " I paid ${n}.99 on 03/02/2026.",
    " THIS IS THE THIRD TIME I ASK!!!",
]


def texts(utterances: list[str], n: int, seed: int = 0) -> list[list[str]]:
    """n conversations of one or two customer turns, the same mix as bench_throughput."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        turns = [rng.choice(utterances) + rng.choice(EXTRAS).format(n=rng.randint(1000, 9999))]
        if rng.random() < 0.3:
            turns.append(rng.choice(utterances))
        out.append(turns)
    return out


def main() -> None:
    """Time the detectors over N conversations (best of three), then normalize alone over their turns."""
    root = dataset("bitext_customer_support") / "intent_detection"
    with (root / "train.csv").open(encoding="utf-8") as fh:
        utterances = [r["utterance"] for r in csv.DictReader(fh)]
    convs = texts(utterances, N)
    policy = Policy()
    signals(from_texts(convs[0]), policy)  # compile matchers, load VADER
    best = float("inf")
    for _ in range(3):
        # Fresh Conversation objects and cleared caches, so no run is served from the previous one.
        fresh = [from_texts(list(c)) for c in convs]
        _clear_caches()
        t0 = time.perf_counter()
        for conv in fresh:
            signals(conv, policy)
        best = min(best, time.perf_counter() - t0)
    rows: list[tuple[str, object]] = [
        ("conversations", N),
        ("detectors (analysis.signals), conversations/s", N / best),
        ("detectors, ms per conversation", 1000 * best / N),
    ]
    try:
        from phasegate.triage import normalize as norm
    except ImportError:
        rows.append(("normalize", "not in this checkout"))
    else:
        turns = [t for c in convs for t in c]
        norm.fold_table()
        _clear_caches()
        t0 = time.perf_counter()
        changed = sum(norm._normalize(t).changed for t in turns)
        spent = time.perf_counter() - t0
        rows += [
            ("normalize alone, turns/s", len(turns) / spent),
            ("normalize alone, microseconds per turn", 1e6 * spent / len(turns)),
            ("turns that normalising changes", f"{changed} of {len(turns)}"),
        ]
    table(["measure (one core)", "value"], rows)


def _clear_caches() -> None:
    from phasegate.triage import detectors, lexicon

    lexicon.tokens.cache_clear()
    detectors.human_request_spans.cache_clear()
    try:
        from phasegate.triage import normalize as norm
    except ImportError:
        return
    norm.normalize.cache_clear()
    norm.readings.cache_clear()
    norm.readings_of.cache_clear()


if __name__ == "__main__":
    main()
