"""Calibrating "well supported": the support threshold that best separates questions the help center
answers from questions it does not, measured by taking each question's article out of the index.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from phasegate.knowledge.chunking import Chunk
from phasegate.knowledge.retrieval import Retriever

#: Used until a workspace is calibrated on its own help center (`phasegate kb calibrate`). The value is
#: the Youden-optimal threshold of the leave-article-out calibration on the fixture help center's 40
#: questions (tests/data/kb_questions.jsonl; AUC 0.79), see docs/benchmarks-retrieval.md.
DEFAULT_THRESHOLD = 0.25
#: How many passages count when asking whether a question is supported.
SUPPORT_K = 5


@dataclass(frozen=True)
class Calibration:
    """A chosen threshold and how well it separates answered from unanswered questions."""

    threshold: float
    auc: float
    hit_rate_answerable: float
    hit_rate_unanswerable: float
    questions: int
    source: str = ""


def leave_article_out(
    chunks: Sequence[Chunk],
    questions: Sequence[tuple[str, str]],
    *,
    build: Callable[[Sequence[Chunk]], Retriever] = Retriever,
) -> list[tuple[float, bool]]:
    """(support, answerable) for each question twice: with its article indexed, and with it removed."""
    full = build(chunks)
    without: dict[str, Retriever] = {}
    out: list[tuple[float, bool]] = []
    for question, article in questions:
        out.append((full.support(question, k=SUPPORT_K)[0], True))
        if article not in without:
            without[article] = build([c for c in chunks if c.article_id != article])
        out.append((without[article].support(question, k=SUPPORT_K)[0], False))
    return out


def auc(scored: Sequence[tuple[float, bool]]) -> float:
    """Probability that an answerable question outscores an unanswerable one (ties count half)."""
    pos = [s for s, y in scored if y]
    neg = [s for s, y in scored if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def choose(scored: Sequence[tuple[float, bool]], *, source: str = "") -> Calibration:
    """The threshold with the best Youden's J (hit rate on answerable minus on unanswerable questions)."""
    pos = [s for s, y in scored if y]
    neg = [s for s, y in scored if not y]
    best = (-2.0, DEFAULT_THRESHOLD, 0.0, 0.0)
    for t in sorted({s for s, _ in scored}):
        tpr = sum(s >= t for s in pos) / max(len(pos), 1)
        fpr = sum(s >= t for s in neg) / max(len(neg), 1)
        if tpr - fpr > best[0]:
            best = (tpr - fpr, t, tpr, fpr)
    _, threshold, tpr, fpr = best
    return Calibration(
        threshold=round(threshold, 4),
        auc=round(auc(scored), 4),
        hit_rate_answerable=round(tpr, 4),
        hit_rate_unanswerable=round(fpr, 4),
        questions=len(pos),
        source=source,
    )


def _path(home: Path) -> Path:
    return home / "kb" / "calibration.json"


def save(home: Path, calibration: Calibration) -> Path:
    """Keep a workspace's own calibration beside its index."""
    path = _path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(calibration), indent=2), encoding="utf-8")
    return path


def threshold(home: Path | None) -> float:
    """The support threshold in force: the workspace's calibration, else the default.

    Read once per file version (path and modification time): every brief asks, a recalibration is picked up.
    """
    if home is None or not _path(home).exists():
        return DEFAULT_THRESHOLD
    path = _path(home)
    return _threshold(str(path.resolve()), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _threshold(path: str, stamp: int) -> float:
    # `stamp` is only part of the cache key: a rewritten file has a new modification time.
    return float(json.loads(Path(path).read_text(encoding="utf-8"))["threshold"])
