"""The fast featuriser gives exactly the features of the scikit-learn analyzer path it replaced, so routers
trained before it stay valid."""

from __future__ import annotations

import numpy as np
import pytest

from phasegate.bundled import ROUTER_DIR
from phasegate.triage import features
from phasegate.triage.features import FittedView, ViewSpec, transform, transform_reference
from phasegate.triage.router import Router
from tests.triage import corpus


def _differences(views: list[FittedView], texts: list[str]) -> list[str]:
    """Where the fast featuriser's matrix differs from the reference's (empty when bit-identical)."""
    fast, slow = transform(views, texts), transform_reference(views, texts)
    if fast.shape != slow.shape:
        return [f"shape {fast.shape} != {slow.shape}"]
    return [
        part
        for part, a, b in (
            ("indptr", fast.indptr, slow.indptr),
            ("indices", fast.indices, slow.indices),
            ("data", fast.data, slow.data),
        )
        if not np.array_equal(a, b)
    ]


def test_bundled_router_features_are_identical_on_the_corpus() -> None:
    """Seed tickets, demo world, Bitext and hard cases: same columns, same order, bit-identical values."""
    router = Router.load(ROUTER_DIR)
    texts = corpus.texts()
    assert _differences(router.views, texts) == []
    # Router texts are whole tickets, subject and turns joined; the cap cuts words in half.
    assert (
        _differences(router.views, ["\n".join(t) for t in zip(texts[::2], texts[1::2], strict=False)]) == []
    )
    assert _differences(router.views, [t[:37] for t in texts]) == []


def test_word_and_char_views_go_through_the_analyzer() -> None:
    """Views the fast path does not cover ("word", "char") still equal the reference."""
    texts = corpus.texts()[:300]
    views = [
        FittedView.fit(ViewSpec("word", (1, 2)), texts),
        FittedView.fit(ViewSpec("char", (2, 4), weight=0.5), texts),
    ]
    assert _differences(views, texts) == []
    assert (
        _differences([FittedView.fit(ViewSpec("pairs", min_df=5), texts[:3])], texts) == []
    )  # an empty view


def test_word_memo_forgets_past_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full word memo starts afresh and the features stay the same."""
    monkeypatch.setattr(features, "WORD_MEMO_SIZE", 5)
    assert _differences(Router.load(ROUTER_DIR).views, corpus.texts()[:200]) == []
