"""The hand-written framings: how many per category, that every slot exists, and that none is borrowed."""

from __future__ import annotations

import re

import pytest

from phasegate.taxonomy import CATEGORIES
from phasegate.world.phrasing import FRAMINGS, SITUATION_WEIGHTS, framing_counts
from phasegate.world.phrasing.extras import SECONDARY, SUBJECTS
from phasegate.world.threads import Context
from tests.conftest import BENCHMARKS

#: The high-volume categories get at least 40 distinct framings, every other one at least 20.
BIG = (
    "order_status",
    "return_request",
    "return_policy",
    "product_question",
    "refund_request",
    "damaged_item",
    "account_access",
)


def test_every_category_has_many_distinct_framings() -> None:
    """40+ framings for the big categories, 20+ for the rest, using exactly the taxonomy's category names."""
    counts = framing_counts()
    assert set(counts) == set(CATEGORIES)
    for cat, n in counts.items():
        assert n >= (40 if cat in BIG else 20), (cat, n)
    texts = [f.text for by_sit in FRAMINGS.values() for fs in by_sit.values() for f in fs]
    assert len(set(texts)) == len(texts), "a framing is repeated"


def test_every_slot_a_framing_uses_can_be_filled() -> None:
    """Each {slot} of every framing, subject and second ask is a slot the ticket context knows how to fill."""
    slot = re.compile(r"\{([a-z_]+)\}")
    texts = [f.text for by_sit in FRAMINGS.values() for fs in by_sit.values() for f in fs]
    texts += [t for pool in (*SUBJECTS.values(), *SECONDARY.values()) for t in pool]
    for text in texts:
        for name in slot.findall(text):
            assert hasattr(Context, f"_{name}"), (name, text)


def test_situation_weights_match_the_framings() -> None:
    """Every situation that can be drawn has framings, and every framing's situation can be drawn."""
    for cat in CATEGORIES:
        assert set(SITUATION_WEIGHTS[cat]) == set(FRAMINGS[cat]), cat


#: A run this long shared with a dataset would be copying, not a common way of asking.
COPY_RUN = 10


@pytest.mark.slow
@pytest.mark.skipif(not BENCHMARKS.exists(), reason="shared benchmarks not beside the checkout")
def test_no_framing_is_copied_from_the_benchmarks() -> None:
    """No run of ten literal words of any framing appears in a benchmark dataset we are judged on."""
    runs: set[tuple[str, ...]] = set()
    for by_sit in FRAMINGS.values():
        for framings in by_sit.values():
            for f in framings:
                for part in re.split(r"\{[a-z_]+\}|\[[^\]]*\]", f.text):
                    words = _words(part)
                    runs.update(tuple(words[i : i + COPY_RUN]) for i in range(len(words) - COPY_RUN + 1))
    firsts = {r[0] for r in runs}
    for path in BENCHMARKS.rglob("*"):
        if not (path.is_file() and path.suffix in (".csv", ".json", ".jsonl", ".md", ".txt")):
            continue
        words = _words(path.read_text("utf-8", "ignore"))
        for i, w in enumerate(words):
            if w in firsts:
                assert tuple(words[i : i + COPY_RUN]) not in runs, (
                    path.name,
                    " ".join(words[i : i + COPY_RUN]),
                )


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z' ]", " ", text.lower()).split()
