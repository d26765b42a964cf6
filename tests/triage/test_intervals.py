"""Spans: the overlap test by bisection answers as testing every span would."""

from __future__ import annotations

from random import Random

from phasegate.triage.intervals import Spans


def test_overlaps_agrees_with_testing_every_span() -> None:
    """Random non-overlapping spans, added in any order, and random queries (empty ones too)."""
    rng = Random(7)
    for _ in range(300):
        spans, at = [], 0
        for _ in range(rng.randint(0, 12)):
            at += rng.randint(0, 4)
            end = at + rng.randint(1, 5)
            spans.append((at, end))
            at = end
        rng.shuffle(spans)
        kept = Spans(spans[: len(spans) // 2])
        for s, e in spans[len(spans) // 2 :]:
            kept.add(s, e)
        assert list(kept) == sorted(spans)
        for _ in range(30):
            a = rng.randint(0, at + 3)
            b = a + rng.randint(0, 6)
            assert kept.overlaps(a, b) == any(s < b and a < e for s, e in spans), (spans, a, b)
