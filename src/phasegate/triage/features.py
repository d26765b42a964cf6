"""Text to sparse features: TF-IDF views (stemmed words, character n-grams, word pairs) fitted on text.

A fitted view is plain data (its terms and their idf weights), saved in an .npz without pickle, so loading a
model folder never runs code from it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import snowballstemmer  # type: ignore[import-untyped]  # ships no type information
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_DIGITS = re.compile(r"\d")
#: Function words that add nothing to a word pair ("my|card" is no more telling than "card").
STOP_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "mine",
        "a",
        "an",
        "the",
        "to",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "will",
        "should",
        "this",
        "that",
        "these",
        "those",
        "you",
        "your",
        "with",
        "what",
        "how",
        "why",
        "when",
        "where",
        "there",
        "please",
        "hi",
        "hello",
        "hey",
        "thanks",
        "thank",
        "so",
        "just",
    ]
)


def normalize(text: str) -> str:
    """Lower-case, fold accents and curly quotes, and mask digits (an order number says nothing of intent)."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").lower()
    return _DIGITS.sub("0", text)


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-case word: "arrived", "arriving" -> "arriv"."""
    return str(_stemmer().stemWord(word))


def stem_ngrams(text: str) -> list[str]:
    """Stemmed words and stemmed word bigrams: "cards arrived" -> card, arriv, "card arriv"."""
    stems = [stem(w) for w in _words(normalize(text))]
    return stems + [f"{a} {b}" for a, b in itertools.pairwise(stems)]


def word_pairs(text: str, window: int = 5) -> list[str]:
    """Unordered pairs of stemmed content words within `window` of each other, in any order."""
    words = [stem(w) for w in _words(normalize(text)) if w not in STOP_WORDS]
    out = []
    for i, a in enumerate(words):
        for b in words[i + 1 : i + 1 + window]:
            if a != b:
                out.append(f"{a}|{b}" if a < b else f"{b}|{a}")
    return out


@dataclass(frozen=True)
class ViewSpec:
    """One feature view: an analyzer kind, its n-gram range, the minimum document count, and its weight."""

    kind: str  # "word" | "stem" | "char_wb" | "char" | "pairs"
    ngram: tuple[int, int] = (1, 1)
    min_df: int = 1
    weight: float = 1.0

    def vectorizer(self, vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
        """A scikit-learn vectorizer configured for this view (fitted elsewhere, or given its vocabulary)."""
        common: dict[str, Any] = {"sublinear_tf": True, "dtype": np.float32, "vocabulary": vocabulary}
        if vocabulary is None:
            common["min_df"] = self.min_df
        if self.kind == "word":
            analyzer: str | Callable[[str], list[str]] = "word"
            return TfidfVectorizer(
                analyzer=analyzer,
                preprocessor=normalize,
                token_pattern=_TOKEN.pattern,
                ngram_range=self.ngram,
                **common,
            )
        if self.kind == "stem":
            return TfidfVectorizer(analyzer=stem_ngrams, **common)
        if self.kind in ("char_wb", "char"):
            return TfidfVectorizer(
                analyzer=self.kind, preprocessor=normalize, ngram_range=self.ngram, **common
            )
        if self.kind == "pairs":
            return TfidfVectorizer(analyzer=word_pairs, **common)
        raise ValueError(f"unknown feature view kind {self.kind!r}")


#: Distinct words whose character n-gram columns a view remembers; past it the memo starts afresh.
WORD_MEMO_SIZE = 100_000


class FittedView:
    """A view with its learned vocabulary and idf weights; transforms texts to rows of a sparse matrix."""

    def __init__(self, spec: ViewSpec, terms: Sequence[str], idf: np.ndarray) -> None:
        """Rebuild the vectorizer from plain data (no pickle)."""
        self.spec = spec
        self.terms = list(terms)
        self.idf = np.asarray(idf, dtype=np.float64)
        self._index = {t: i for i, t in enumerate(self.terms)}
        # scikit-learn's analyzer (preprocessing + n-grams) is a pure function of the view's parameters; the
        # reference path and the views the fast path does not cover ("word", "char") use it.
        vectorizer = spec.vectorizer()
        self._analyze: Callable[[str], list[str]] = vectorizer.build_analyzer()
        self._char_wb: Callable[[str], list[str]] = vectorizer._char_wb_ngrams
        #: Per column offset, the columns of one whitespace-separated word's character n-grams (char_wb), in
        #: analyzer order.
        self._word_columns: dict[int, dict[str, list[int]]] = {}

    @classmethod
    def fit(cls, spec: ViewSpec, texts: Sequence[str]) -> FittedView:
        """Learn the vocabulary and idf of `spec` from texts."""
        vec = spec.vectorizer()
        try:
            vec.fit(texts)
        except ValueError:
            # Too little text for this view (e.g. no word pair seen twice): it contributes no columns.
            return cls(spec, [], np.zeros(0))
        vocab: dict[str, int] = vec.vocabulary_
        terms = [""] * len(vocab)
        for term, i in vocab.items():
            terms[i] = term
        return cls(spec, terms, vec.idf_)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF rows of this view alone (sublinear tf, l2-normalised, times the view's weight)."""
        return transform([self], texts)

    def columns(self, text: str, prepared: _Prepared | None = None, offset: int = 0) -> list[int]:
        """The vocabulary columns (plus `offset`) of the text's terms, with repeats, in the order the analyzer
        yields them, terms outside the vocabulary left out: what `Counter(analyzer(text))` counts, looked up.

        The fast path: the text is normalised and split once for all views (`prepared`), and a word's
        character n-grams are looked up once per distinct word.
        """
        kind = self.spec.kind
        index = self._index
        if kind not in _FAST_KINDS:
            return [j + offset for t in self._analyze(text) if (j := index.get(t)) is not None]
        p = prepared if prepared is not None else _Prepared(text)
        if kind == "char_wb":
            memo = self._word_columns.get(offset)
            if memo is None or len(memo) >= WORD_MEMO_SIZE:
                memo = self._word_columns[offset] = {}
            out: list[int] = []
            for word in p.normalized.split():
                cols = memo.get(word)
                if cols is None:
                    cols = memo[word] = [
                        j + offset for t in self._char_wb(word) if (j := index.get(t)) is not None
                    ]
                out += cols
            return out
        get = index.get
        if kind == "stem":
            stems = p.stems
            found = [j + offset for t in stems if (j := get(t)) is not None]
            found += [j + offset for a, b in itertools.pairwise(stems) if (j := get(f"{a} {b}")) is not None]
            return found
        return [j + offset for t in p.pairs() if (j := get(t)) is not None]


#: View kinds `FittedView.columns` computes itself; "word" and "char" go through scikit-learn's analyzer.
_FAST_KINDS = frozenset({"stem", "char_wb", "pairs"})


class _Prepared:
    """One text normalised, tokenised and stemmed once, shared by every view of a transform."""

    __slots__ = ("_stems", "_words", "normalized")

    def __init__(self, text: str) -> None:
        self.normalized = normalize(text)
        self._words: list[str] | None = None
        self._stems: list[str] | None = None

    @property
    def words(self) -> list[str]:
        """Token-pattern words."""
        if self._words is None:
            self._words = _TOKEN.findall(self.normalized)
        return self._words

    @property
    def stems(self) -> list[str]:
        """The stems of the words (stem_ngrams' unigrams)."""
        if self._stems is None:
            self._stems = [stem(w) for w in self.words]
        return self._stems

    def pairs(self, window: int = 5) -> list[str]:
        """word_pairs(text), from the shared words and stems."""
        words = [s for w, s in zip(self.words, self.stems, strict=True) if w not in STOP_WORDS]
        out = []
        for i, a in enumerate(words):
            for b in words[i + 1 : i + 1 + window]:
                if a != b:
                    out.append(f"{a}|{b}" if a < b else f"{b}|{a}")
        return out


def transform(views: Sequence[FittedView], texts: Sequence[str]) -> sparse.csr_matrix:
    """All views side by side, each block l2-normalised per row and scaled by its view's weight.

    The same numbers as scikit-learn's TfidfVectorizer.transform (tests pin it, and pin this against
    `transform_reference`, the analyzer-per-view path it replaced), computed in one pass into one matrix:
    each text is normalised and tokenised once for all views, and the numbers are done in numpy per batch.
    """
    return _assemble(views, texts, FittedView.columns)


def transform_reference(views: Sequence[FittedView], texts: Sequence[str]) -> sparse.csr_matrix:
    """`transform` through scikit-learn's analyzers, one view at a time: the slow path the fast one must
    equal exactly (tests compare them), kept so a trained router's features can be checked."""

    def cols(view: FittedView, text: str, _p: _Prepared | None, offset: int) -> list[int]:
        index = view._index
        return [j + offset for t in view._analyze(text) if (j := index.get(t)) is not None]

    return _assemble(views, texts, cols, prepare=False)


def _assemble(
    views: Sequence[FittedView],
    texts: Sequence[str],
    columns: Callable[[FittedView, str, _Prepared | None, int], list[int]],
    *,
    prepare: bool = True,
) -> sparse.csr_matrix:
    offsets = [0]
    for v in views:
        offsets.append(offsets[-1] + len(v.terms))
    placed = list(zip(views, offsets, strict=False))
    indptr = [0]
    indices: list[int] = []
    counts: list[int] = []
    for text in texts:
        p = _Prepared(text) if prepare else None
        row: list[int] = []
        for view, offset in placed:
            row += columns(view, text, p, offset)
        # Counter counts in C, in order of first appearance: view by view, each in its analyzer's order.
        found = Counter(row)
        indices += found
        counts += found.values()
        indptr.append(len(indices))
    cols = np.asarray(indices, dtype=np.int64)
    idf = np.concatenate([v.idf for v in views]) if views else np.zeros(0)
    weight = np.asarray([v.spec.weight for v in views], dtype=np.float64)
    data = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * idf[cols]
    # Each (row, view) block is normalised on its own: its id is row * len(views) + view.
    per_row = [b - a for a, b in itertools.pairwise(indptr)]
    row_of = np.repeat(np.arange(len(texts), dtype=np.int64), per_row)
    view_of = np.searchsorted(np.asarray(offsets[1:], dtype=np.int64), cols, side="right")
    block = row_of * len(views) + view_of
    norms = np.sqrt(np.bincount(block, weights=data * data, minlength=len(texts) * len(views)))
    if len(data):
        data = data * weight[view_of] / norms[block]
    return sparse.csr_matrix(
        (data.astype(np.float32), cols.astype(np.int32), np.asarray(indptr, dtype=np.int64)),
        shape=(len(texts), offsets[-1]),
        dtype=np.float32,
    )
