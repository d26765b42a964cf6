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


class FittedView:
    """A view with its learned vocabulary and idf weights; transforms texts to rows of a sparse matrix."""

    def __init__(self, spec: ViewSpec, terms: Sequence[str], idf: np.ndarray) -> None:
        """Rebuild the vectorizer from plain data (no pickle)."""
        self.spec = spec
        self.terms = list(terms)
        self.idf = np.asarray(idf, dtype=np.float64)
        self._index = {t: i for i, t in enumerate(self.terms)}
        # scikit-learn's analyzer (preprocessing + n-grams) is a pure function of the view's parameters.
        self._analyze: Callable[[str], list[str]] = spec.vectorizer().build_analyzer()

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


def transform(views: Sequence[FittedView], texts: Sequence[str]) -> sparse.csr_matrix:
    """All views side by side, each block l2-normalised per row and scaled by its view's weight.

    The same numbers as scikit-learn's TfidfVectorizer.transform (tests pin it), computed in one pass into
    one matrix: its input validation and the sparse stacking cost milliseconds per call, which was most of
    the time spent on a single ticket.
    """
    offsets = np.cumsum([0] + [len(v.terms) for v in views])
    indptr = [0]
    indices: list[int] = []
    counts: list[int] = []
    sizes: list[int] = []  # entries per (row, view) block, for per-block norms
    for text in texts:
        for k, view in enumerate(views):
            index, offset = view._index, int(offsets[k])
            # Counter counts in C; only the distinct terms are then looked up.
            found = [
                (j, n) for t, n in Counter(view._analyze(text)).items() if (j := index.get(t)) is not None
            ]
            indices.extend(j + offset for j, _ in found)
            counts.extend(n for _, n in found)
            sizes.append(len(found))
        indptr.append(len(indices))
    cols = np.asarray(indices, dtype=np.int32)
    idf = np.concatenate([v.idf for v in views]) if views else np.zeros(0)
    weight = np.asarray([v.spec.weight for v in views], dtype=np.float64)
    data = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * idf[cols]
    block = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    norms = np.sqrt(np.bincount(block, weights=data * data, minlength=len(texts) * len(views)))
    if len(data):
        data = data * weight[block % len(views)] / norms[block]
    return sparse.csr_matrix(
        (data.astype(np.float32), cols, np.asarray(indptr, dtype=np.int64)),
        shape=(len(texts), int(offsets[-1])),
        dtype=np.float32,
    )
