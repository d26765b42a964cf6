"""The keyword detectors' fast paths against their reference paths, in one run, on one core.

Times `PhraseMatcher.find` (entries selected by the text's words, against the whole list's alternation) for
every default keyword list and the crisis list, and the detectors the lists feed (`keyword_signals`,
`self_harm`, `human_request`, the readings they share), on Bitext utterances as they are and joined into
2,000-character texts, in CPU seconds of this process, the two paths alternating round by round. The ratio is
the figure to read: the machine is shared and absolute timings are noisy.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import csv  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from functools import lru_cache, partial  # noqa: E402

from _common import dataset, long_texts, table  # noqa: E402
from phasegate.policy.schema import Policy  # noqa: E402
from phasegate.triage import detectors, lexicon, normalize  # noqa: E402
from phasegate.triage.conversation import Conversation, from_texts  # noqa: E402

ROUNDS = 3
SHORT = 3_000
LONG = 300


FAST_SPANS = detectors.human_request_spans
#: The request-for-a-person spans through the whole alternation, cached as the fast ones are.
FULL_SPANS = lru_cache(maxsize=4096)(partial(detectors._human_request_spans, select=False))


def set_fast(fast: bool) -> None:
    """Switch the fast paths on or off, and forget what the caches hold from the other mode. The keyword
    lists' word prefilter (detectors.PREFILTER) predates this work and stays on in both."""
    lexicon.SELECT = fast
    normalize.PREFILTER = fast
    detectors.human_request_spans = FAST_SPANS if fast else FULL_SPANS  # type: ignore[assignment]
    for cached in (
        lexicon.tokens,
        lexicon.words,
        normalize.normalize,
        normalize.readings,
        normalize.readings_of,
        FAST_SPANS,
        FULL_SPANS,
    ):
        cached.cache_clear()


def cpu(fast: bool, work: Callable[[], object]) -> float:
    """CPU seconds of one run of `work` with the fast paths on or off (caches emptied first)."""
    set_fast(fast)
    start = time.process_time()
    work()
    return time.process_time() - start


def compare(work: Callable[[], object]) -> tuple[float, float]:
    """Best-of-ROUNDS CPU seconds of `work`, reference then fast, alternating."""
    cpu(True, work)  # warm the compiled patterns of both modes
    cpu(False, work)
    old, new = [], []
    for _ in range(ROUNDS):
        old.append(cpu(False, work))
        new.append(cpu(True, work))
    return min(old), min(new)


def finds(texts: Sequence[str], policy: Policy) -> Callable[[], object]:
    """Every default list's and the crisis list's matcher over the primary reading of every text."""
    matchers = [lexicon.matcher(detectors._entries(policy, name)) for name in policy.keywords]
    matchers.append(lexicon.matcher(detectors._self_harm_entries(())))
    read = [normalize._normalize(t).text for t in texts]
    return lambda: [m.find(t) for t in read for m in matchers]


def keyword_detectors(convs: Sequence[Conversation], policy: Policy) -> Callable[[], object]:
    """What analysis.signals asks of this module: keyword signals, self-harm, the request for a person."""

    def work() -> None:
        for c in convs:
            detectors.keyword_signals(c, policy)
            detectors.self_harm(c, policy)
            detectors.human_request(c, policy)

    return work


def main() -> None:
    with (dataset("bitext_customer_support") / "intent_detection" / "test.csv").open(encoding="utf-8") as fh:
        utterances = [r["utterance"] for r in csv.DictReader(fh)]
    policy = Policy()
    shorts = [utterances[i % len(utterances)] + f" Order A-{1000 + i}." for i in range(SHORT)]
    longs = long_texts(utterances, LONG)
    rows = []
    for label, texts in (("short (Bitext utterances)", shorts), ("2,000 characters", longs)):
        convs = [from_texts([t]) for t in texts]
        for what, work in (
            ("PhraseMatcher.find, 7 lists", finds(texts, policy)),
            ("keyword_signals + self_harm + human_request", keyword_detectors(convs, policy)),
        ):
            old, new = compare(work)
            n = len(texts)
            rows.append((label, what, n, 1e6 * old / n, 1e6 * new / n, old / new))
    table(("texts", "work", "n", "reference µs/text", "fast µs/text", "speed-up"), rows)


if __name__ == "__main__":
    main()
