"""The fast featuriser gives exactly the features of the scikit-learn analyzer path it replaced, so routers
trained before it stay valid."""

from __future__ import annotations

import numpy as np
import pytest

from phasegate.bundled import ROUTER_DIR
from phasegate.triage import features
from phasegate.triage.features import FittedView, ViewSpec, transform, transform_reference
from phasegate.triage.router import Router
from tests.triage import corpus, variants


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


def test_bundled_router_features_are_identical_on_variants() -> None:
    """Obfuscated spellings, 2,000-character mails, the router's cut of them and texts cut mid-word: the
    batch featuriser equals the reference bit for bit."""
    assert _differences(Router.load(ROUTER_DIR).views, list(variants.texts())) == []


def test_a_texts_row_does_not_depend_on_its_batch() -> None:
    """Featurised alone, in a small batch or in the whole batch, a text gets the same row, bit for bit."""
    views = Router.load(ROUTER_DIR).views
    texts = list(variants.texts())[::7]
    whole = transform(views, texts)
    for i in range(0, len(texts), 37):
        alone = transform(views, [texts[i]])
        assert (alone != whole[i]).nnz == 0
        assert np.array_equal(alone.indices, whole[i].indices), texts[i]
    few = transform(views, texts[5:9])
    assert np.array_equal(few.data, whole[5:9].data) and np.array_equal(few.indices, whole[5:9].indices)


def test_other_views_and_settings_are_identical() -> None:
    """Views fitted with other n-gram ranges, document counts and weights, alone or mixed with the
    analyzer-only kinds, in any order, equal the reference."""
    texts = corpus.texts()
    fitted = texts[:400]
    views = [
        FittedView.fit(ViewSpec("pairs", min_df=1, weight=1.3), fitted),
        FittedView.fit(ViewSpec("char_wb", (1, 3)), fitted),
        FittedView.fit(ViewSpec("word", (1, 2), min_df=2), fitted),
        FittedView.fit(ViewSpec("stem", min_df=3, weight=0.5), fitted),
    ]
    assert _differences(views, list(variants.texts())[::3]) == []
    assert _differences(views[:1], texts) == []
    assert _differences([], texts[:5]) == []
    assert transform(views, []).shape == (0, sum(len(v.terms) for v in views))


def test_the_sort_key_never_overflows(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch too large for one sort key is featurised in parts, with the same result."""
    views = Router.load(ROUTER_DIR).views
    texts = corpus.texts()[:60]
    whole = transform(views, texts)
    monkeypatch.setattr(features, "SORT_KEY_BITS", 20)
    split = transform(views, texts)
    assert np.array_equal(split.indptr, whole.indptr)
    assert np.array_equal(split.indices, whole.indices) and np.array_equal(split.data, whole.data)


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


def test_remembered_chunk_tokens_give_the_same_features() -> None:
    """Tokens and stems remembered per whitespace chunk give the analyzer's features, first seen and
    again, for chunks whose tokens are cut by apostrophes, digits, punctuation and letters outside a-z."""
    views = Router.load(ROUTER_DIR).views
    texts = [
        "can't won't o'neil's abc'd'ef don’t 'quoted' rock'n'roll x''y",
        "hello,world refund/return order#123 3rd 2x-faster A-5521 e-mail __x__ naïve ﬁle café's",
        "cancel my order please, I can't find the refund. refund refund! cancel-order cancel_order",
    ]
    texts += [t.upper() for t in texts] + corpus.texts()[:50]
    assert _differences(views, texts) == []
    assert _differences(views, texts[::-1]) == []
    assert all(v._chunk_tokens for v in views if v.spec.kind in ("stem", "pairs"))


def test_two_stem_term_tables_are_built_when_a_view_is() -> None:
    """A loaded stem or pairs view has its two-stem term table ready (the first ticket does not build it),
    and the table finds each two-stem term at its own column."""
    for view in Router.load(ROUTER_DIR).views:
        if view.spec.kind not in ("stem", "pairs"):
            continue
        table = view._pairs
        assert table is not None
        sep = " " if view.spec.kind == "stem" else "|"
        two = [(j, t.split(sep)) for j, t in enumerate(view.terms) if t.count(sep) == 1][::50]
        a = np.asarray([table.ids[x] for _, (x, _) in two], dtype=np.int64)
        b = np.asarray([table.ids[y] for _, (_, y) in two], dtype=np.int64)
        if sep == "|":
            a, b = np.minimum(a, b), np.maximum(a, b)
        ok, cols = table.find(a, b)
        assert ok.all() and cols.tolist() == [j for j, _ in two]


def test_hashed_pair_lookup_finds_what_the_sorted_keys_find() -> None:
    """The open-addressing lookup of two-stem terms gives the binary search's answers, term or not, on the
    bundled router's tables (stem bigrams, pairs) and on empty and one-term tables."""
    rng = np.random.default_rng(7)
    views = Router.load(ROUTER_DIR).views
    tables = [
        v._lookup(features._PAIR_SEPARATOR[v.spec.kind]) for v in views if v.spec.kind in ("stem", "pairs")
    ]
    tables += [
        features._TermPairs([], "|"),
        features._TermPairs(["a|b"], "|"),
        features._TermPairs(["a b"], " "),
    ]
    for table in tables:
        n = 50_000
        known = table.keys[rng.integers(0, len(table.keys), n)] if len(table.keys) else np.zeros(n, np.int64)
        a = np.concatenate([known // table.size, rng.integers(-2, table.size + 1, n)])
        b = np.concatenate([known % table.size, rng.integers(-2, table.size + 1, n)])
        fast_ok, fast_cols = table.find(a.copy(), b.copy())
        slow_ok, slow_cols = table.find(a.copy(), b.copy(), hashed=False)
        assert np.array_equal(fast_ok, slow_ok) and np.array_equal(fast_cols, slow_cols)
        assert not len(table.keys) or fast_ok.sum() >= n
