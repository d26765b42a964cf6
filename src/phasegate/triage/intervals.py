"""Spans of a text that never overlap, kept sorted: whether a new span overlaps one, by bisection.

Normalisation (spaced-out pairs against the runs already joined) and entities (a match against the entities
already found) both ask this for every candidate; testing each span in turn made a ticket of thousands of them
quadratic (minutes on 200,000 characters of garbage).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator


class Spans:
    """Half-open spans [start, end) that do not overlap one another, sorted by start."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a span: the span starting last before `end` ends last of those that
        do (none overlap), so if it ends by `start`, all do."""
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start

    def add(self, start: int, end: int) -> None:
        """Keep [start, end), which must overlap none of the spans."""
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends, strict=True)
