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
#: Texts `transform` featurises together: enough to spread numpy's per-call cost thin, few enough that the
#: batch's arrays stay in the CPU cache (measured on Bitext tickets and segments: 256 at a time is about a
#: quarter faster than 1,864 at once).
CHUNK_TEXTS = 256
#: Bits of `transform`'s int64 sort keys (text, column, place); a batch that would need more is split.
SORT_KEY_BITS = 62


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
        #: The columns of one whitespace-separated word's character n-grams (char_wb), in analyzer order, as
        #: packed int64 (joined and read in one go, and no work for the garbage collector).
        self._word_columns: dict[str, bytes] = {}
        #: For a stem or pairs view, one whitespace-separated chunk's tokens (`_TOKEN`), each as the packed
        #: int64 the view reads of it (see `_token_value`): tokens never span white space, so a text's
        #: tokens are its chunks' tokens in order, and a chunk seen before is neither tokenised nor stemmed.
        self._chunk_tokens: dict[str, bytes] = {}
        self._pairs: _TermPairs | None = None
        if spec.kind in _PAIR_SEPARATOR:
            # Built here, once per loaded router, rather than by the first ticket it reads (tens of ms for
            # a large vocabulary: the bundled router's pairs view has about 70,000 terms).
            self._lookup(_PAIR_SEPARATOR[spec.kind])

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

    def _lookup(self, sep: str) -> _TermPairs:
        """The view's two-stem terms ("a b" bigrams of a stem view, "a|b" of a pairs view) as integer keys,
        built on first use."""
        table = self._pairs
        if table is None:
            table = self._pairs = _TermPairs(self.terms, sep)
        return table


#: Probe rounds of the hashed term lookup before the keys still unresolved are binary-searched.
_PROBES = 2


class _TermPairs:
    """Two-stem terms of a vocabulary as integer keys, for looking up many stem pairs at once in numpy.

    Each stem named in a term gets an id; a term "a<sep>b" gets the key id(a) * size + id(b) (the smaller id
    first for unordered pairs, which is safe because "a|b" is only ever written with a < b).
    """

    __slots__ = ("_bits", "_slots", "_where", "cols", "ids", "keys", "size")

    def __init__(self, terms: Sequence[str], sep: str) -> None:
        # One split of the joined terms rather than one per term: no list per term for the cycle collector
        # to walk while a router loads.
        columns = [j for j, term in enumerate(terms) if term.count(sep) == 1]
        named = sep.join([terms[j] for j in columns]).split(sep) if columns else []
        # Ids in order of first appearance, each term's first stem before its second.
        self.ids: dict[str, int] = {stem: i for i, stem in enumerate(dict.fromkeys(named))}
        self.size = max(len(self.ids), 1)
        both = np.fromiter(map(self.ids.__getitem__, named), dtype=np.int64, count=len(named))
        a, b = both[0::2], both[1::2]
        if sep == "|":
            a, b = np.minimum(a, b), np.maximum(a, b)
        keys = a * self.size + b
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.cols = np.asarray(columns, dtype=np.int64)[order]
        self._hash_keys()

    def _hash_keys(self) -> None:
        """An open-addressing table of the keys (linear probing, at most half full), filled in array
        rounds: a binary search of a batch's ~40,000 candidate pairs in 70,000 sorted keys missed the cache
        at every step (about 3 ms a batch of 256 texts); a hashed lookup reads one or two slots."""
        self._bits = max(4, (2 * len(self.keys)).bit_length())
        size = 1 << self._bits
        self._slots = np.full(size, -1, dtype=np.int64)
        self._where = np.zeros(size, dtype=np.int32)
        slot = self._slot(self.keys)
        pending = np.arange(len(self.keys), dtype=np.int64)
        while len(pending):
            # Of the keys whose slot is free, the first one for each slot takes it; the rest move on.
            free = pending[self._slots[slot[pending]] == -1]
            taken, first = np.unique(slot[free], return_index=True)
            self._slots[taken] = self.keys[free[first]]
            self._where[taken] = free[first]
            placed = np.zeros(len(self.keys), dtype=bool)
            placed[free[first]] = True
            pending = pending[~placed[pending]]
            slot[pending] = (slot[pending] + 1) & (size - 1)

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        """Each key's first slot: Fibonacci hashing, the top bits of the key times 2^64 / golden ratio."""
        mixed = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        return (mixed >> np.uint64(64 - self._bits)).astype(np.int64)

    def _positions(self, keys: np.ndarray) -> np.ndarray:
        """Each key's index in `self.keys`, or -1 when it is not a term."""
        out = np.full(len(keys), -1, dtype=np.int64)
        slot = self._slot(keys)
        todo = np.arange(len(keys), dtype=np.int64)
        mask = (1 << self._bits) - 1
        for _ in range(_PROBES):
            found = self._slots[slot[todo]]
            hit = found == keys[todo]
            out[todo[hit]] = self._where[slot[todo[hit]]]
            # An empty slot ends a key's probe: it is not in the table.
            todo = todo[(found != -1) & ~hit]
            if not len(todo):
                return out
            slot[todo] = (slot[todo] + 1) & mask
        # The few keys still probing (a long run of taken slots) are searched for in the sorted keys: a round
        # per step of the longest run would cost one ticket alone more array calls than it saves.
        out[todo] = self._positions_sorted(keys[todo])
        return out

    def _positions_sorted(self, keys: np.ndarray) -> np.ndarray:
        """`_positions` by binary search in the sorted keys (the reference the hashed lookup must equal)."""
        pos = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[pos] == keys, pos, -1)

    def find(self, a: np.ndarray, b: np.ndarray, *, hashed: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(which of the id pairs (a[i], b[i]) are terms, their columns); ids below 0 are never terms.
        `hashed=False` looks them up by binary search instead (the reference tests compare against)."""
        ok = (a >= 0) & (b >= 0)
        if not len(self.keys):
            return np.zeros(len(a), dtype=bool), np.zeros(0, dtype=np.int64)
        at = np.flatnonzero(ok)
        keys = a[at] * self.size + b[at]
        pos = self._positions(keys) if hashed else self._positions_sorted(keys)
        match = pos >= 0
        ok[at[~match]] = False
        return ok, self.cols[pos[match]]


#: The separator of a two-stem term, by the kind of view whose terms hold them ("a b" bigrams, "a|b" pairs).
_PAIR_SEPARATOR = {"stem": " ", "pairs": "|"}
#: View kinds the batch featuriser computes itself; "word" and "char" go through scikit-learn's analyzer.
_FAST_KINDS = frozenset({"stem", "char_wb", "pairs"})


def transform(views: Sequence[FittedView], texts: Sequence[str]) -> sparse.csr_matrix:
    """All views side by side, each block l2-normalised per row and scaled by its view's weight.

    The same numbers as scikit-learn's TfidfVectorizer.transform (tests pin it, and pin this against
    `transform_reference`, the analyzer-per-view path it replaced), computed for the whole batch at once:
    texts are normalised and split once for all views, each distinct word is stemmed and looked up once,
    and the terms of every text are found, counted and weighed in numpy.
    """
    if len(texts) > CHUNK_TEXTS:
        chunks = [transform(views, texts[i : i + CHUNK_TEXTS]) for i in range(0, len(texts), CHUNK_TEXTS)]
        return sparse.vstack(chunks, format="csr")
    width = sum(len(v.terms) for v in views)
    rows, cols, place = _batch_terms(views, texts)
    # Bit fields of one int64 sort key (text, column, place); shifts and masks, as division is slow.
    place_bits = max(len(cols) - 1, 1).bit_length()
    col_bits = max(width - 1, 1).bit_length()
    if len(texts) > 1 and max(len(texts) - 1, 1).bit_length() + col_bits + place_bits > SORT_KEY_BITS:
        half = len(texts) // 2
        return sparse.vstack([transform(views, texts[:half]), transform(views, texts[half:])], format="csr")
    # Count each (text, column) and keep its first appearance's place: the reference path's Counter keeps
    # that order (view by view, each in its analyzer's order), and norms and scores are summed in it. One
    # sort of the keys groups the repeats, the first appearance leading its group.
    keys = np.sort((((rows << col_bits) | cols) << place_bits) | place)
    group = keys >> place_bits
    starts = np.flatnonzero(np.diff(group, prepend=-1))
    counts = np.diff(np.append(starts, len(keys)))
    # First places are distinct: scattered by place, the groups come out in the reference's order.
    by_place = np.full(max(len(cols), 1), -1, dtype=np.int64)
    by_place[keys[starts] & ((1 << place_bits) - 1)] = np.arange(len(starts), dtype=np.int64)
    order = by_place[by_place >= 0]
    group = group[starts[order]]
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(group >> col_bits, minlength=len(texts)), out=indptr[1:])
    cols = group & ((1 << col_bits) - 1)
    return _weigh(views, len(texts), cols, counts[order].astype(np.float64), indptr)


def _batch_terms(views: Sequence[FittedView], texts: Sequence[str]) -> tuple[np.ndarray, ...]:
    """(text, column, place) of every vocabulary term of every text, repeats kept; place numbers them text
    by text, then view by view, then in the analyzer's order."""
    normalized = [normalize(t) for t in texts]
    chunks: _Split | None = None
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    offset = 0
    for view in views:
        found: list[tuple[np.ndarray, np.ndarray]]
        if view.spec.kind in _FAST_KINDS:
            if chunks is None:
                chunks = _Split(normalized, str.split)
            found = _fast_terms(view, chunks)
        else:
            index = view._index
            terms = [[j for t in view._analyze(text) if (j := index.get(t)) is not None] for text in texts]
            found = [_Split.flatten(terms)]
        parts += [(rows, cols + offset) for rows, cols in found]
        offset += len(view.terms)
    return _placed(parts, len(texts))


def _fast_terms(view: FittedView, chunks: _Split) -> list[tuple[np.ndarray, np.ndarray]]:
    """(text, column) parts of a char_wb, stem or pairs view, from the batch's whitespace-separated chunks,
    each distinct chunk read once per view and remembered (up to WORD_MEMO_SIZE of them)."""
    memo = view._word_columns if view.spec.kind == "char_wb" else view._chunk_tokens
    if len(memo) + len(chunks.distinct) > WORD_MEMO_SIZE:
        memo.clear()
    missing = [chunk for chunk in chunks.distinct if chunk not in memo]
    if view.spec.kind == "char_wb":
        index = view._index
        for word in missing:
            found_cols = [j for t in view._char_wb(word) if (j := index.get(t)) is not None]
            memo[word] = np.asarray(found_cols, dtype=np.int64).tobytes()
        return [chunks.gather([memo[word] for word in chunks.distinct])]
    if missing:
        value = _token_value(view)
        for chunk in missing:
            memo[chunk] = np.asarray(
                [value(token) for token in _TOKEN.findall(chunk)], dtype=np.int64
            ).tobytes()
    rows, values = chunks.gather([memo[chunk] for chunk in chunks.distinct])
    if view.spec.kind == "stem":
        return _stem_terms(view, rows, values)
    return [_pairs(view._lookup(_PAIR_SEPARATOR["pairs"]), rows, values)]


#: Bits of a stem view's token value (`_token_value`) that hold its bigram-table id.
_ID_BITS = 32
#: A pairs view's token value for a stop word, which word_pairs drops before pairing.
_STOP = -2


def _token_value(view: FittedView) -> Callable[[str], int]:
    """What a stem or pairs view reads of one token, as one int64. Stem view: its stem's column plus one
    above _ID_BITS, its stem's id in the bigram table plus one below (0: not in the vocabulary). Pairs
    view: its stem's id in the pair table (-1: none), or _STOP for a stop word."""
    if view.spec.kind == "stem":
        index, ids = view._index, view._lookup(_PAIR_SEPARATOR["stem"]).ids

        def stem_value(token: str) -> int:
            s = stem(token)
            return ((index.get(s, -1) + 1) << _ID_BITS) | (ids.get(s, -1) + 1)

        return stem_value
    pair_ids = view._lookup(_PAIR_SEPARATOR["pairs"]).ids
    return lambda token: _STOP if token in STOP_WORDS else pair_ids.get(stem(token), -1)


def _placed(parts: Sequence[tuple[np.ndarray, np.ndarray]], n: int) -> tuple[np.ndarray, ...]:
    """Rows, columns and places of (rows, columns) parts, each in text order: a text's terms are placed part
    by part (the views, in order), each part's in its own order."""
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    rows = np.concatenate([rows for rows, _ in parts])
    cols = np.concatenate([cols for _, cols in parts])
    if n == 1:
        return rows, cols, np.arange(len(rows), dtype=np.int64)
    # The parts laid end to end, then ordered by text with ties kept in that order (a stable sort, which
    # merges the parts' already sorted runs): a term's rank there is its place.
    places = np.empty(len(rows), dtype=np.int64)
    places[np.argsort(rows, kind="stable")] = np.arange(len(rows), dtype=np.int64)
    return rows, cols, places


def _stem_terms(
    view: FittedView, rows: np.ndarray, values: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """stem_ngrams for the batch, as two parts: each text's known stems in order, then its known bigrams;
    from each token's text (`rows`) and stem-view value (`_token_value`), in text order."""
    unigram = (values >> _ID_BITS) - 1
    hit = unigram >= 0
    ids = (values & ((1 << _ID_BITS) - 1)) - 1
    same = rows[1:] == rows[:-1]
    ok, cols = view._lookup(_PAIR_SEPARATOR["stem"]).find(np.where(same, ids[:-1], -1), ids[1:])
    return [(rows[hit], unigram[hit]), (rows[:-1][ok], cols)]


def _pairs(
    table: _TermPairs, rows: np.ndarray, values: np.ndarray, window: int = 5
) -> tuple[np.ndarray, np.ndarray]:
    """word_pairs for the batch: content words' stems paired with the next `window`, in word_pairs' order;
    from each token's text (`rows`) and pairs-view value (`_token_value`), in text order."""
    content = values != _STOP
    ids = values[content]
    row = rows[content]
    # Candidate (word i, word i + d) for d = 1..window, i-major then d: word_pairs' order.
    first = np.repeat(np.arange(len(ids), dtype=np.int64), window)
    second = first + np.tile(np.arange(1, window + 1, dtype=np.int64), len(ids))
    inside = second < len(ids)
    first, second = first[inside], second[inside]
    a, b = ids[first], ids[second]
    # Unknown stems (id -1) are never terms, nor is a stem paired with itself ("a|a" is never written).
    ok, cols = table.find(np.where(row[first] == row[second], np.minimum(a, b), -1), np.maximum(a, b))
    return row[first][ok], cols


class _Split:
    """The pieces (words, or whitespace-separated chunks) of a batch of texts: each distinct piece once, and
    per occurrence its distinct piece and its text."""

    __slots__ = ("distinct", "occurrence", "row")

    def __init__(self, texts: Sequence[str], split: Callable[[str], list[str]]) -> None:
        pieces = [split(t) for t in texts]
        flat = list(itertools.chain.from_iterable(pieces))
        self.distinct = list(dict.fromkeys(flat))
        ids = {piece: i for i, piece in enumerate(self.distinct)}
        self.occurrence = np.fromiter(map(ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        self.row = np.repeat(np.arange(len(texts), dtype=np.int64), [len(p) for p in pieces])

    def gather(self, packed: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """(text, value) for every value of every occurrence's packed int64 values (packed[i] belongs to
        distinct[i])."""
        lengths = np.asarray([len(x) for x in packed], dtype=np.int64) // 8
        starts = np.cumsum(lengths) - lengths
        values = np.frombuffer(b"".join(packed), dtype=np.int64)
        n = lengths[self.occurrence]
        # Output k belongs to some occurrence o: it is value starts[o] + (k - where o's values begin).
        shift = np.repeat(starts[self.occurrence] - (np.cumsum(n) - n), n)
        return np.repeat(self.row, n), values[shift + np.arange(int(n.sum()), dtype=np.int64)]

    @staticmethod
    def flatten(parts: Sequence[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """(text, value) for lists given per text."""
        rows = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p) for p in parts])
        flat = itertools.chain.from_iterable(parts)
        return rows, np.fromiter(flat, dtype=np.int64, count=len(rows))


def transform_reference(views: Sequence[FittedView], texts: Sequence[str]) -> sparse.csr_matrix:
    """`transform` through scikit-learn's analyzers, one view and one text at a time, counted by a Counter:
    the slow path the fast one must equal exactly (tests compare them), kept so a trained router's features
    can be checked."""
    offsets = [0]
    for v in views:
        offsets.append(offsets[-1] + len(v.terms))
    indptr = [0]
    indices: list[int] = []
    counts: list[int] = []
    for text in texts:
        row: list[int] = []
        for view, offset in zip(views, offsets, strict=False):
            index = view._index
            row += [j + offset for t in view._analyze(text) if (j := index.get(t)) is not None]
        # Counter counts in order of first appearance: view by view, each in its analyzer's order.
        found = Counter(row)
        indices += found
        counts += found.values()
        indptr.append(len(indices))
    return _weigh(
        views,
        len(texts),
        np.asarray(indices, dtype=np.int64),
        np.asarray(counts, dtype=np.float64),
        np.asarray(indptr, dtype=np.int64),
    )


@lru_cache(maxsize=8)
def _tables(views: tuple[FittedView, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(each view's end column, every column's idf, each view's weight), built once per set of views: the
    idf of the bundled router's 131,000 columns cost a 1 MB copy, about 50 µs, on every call."""
    offsets = np.cumsum([len(v.terms) for v in views], dtype=np.int64)
    idf = np.concatenate([v.idf for v in views]) if views else np.zeros(0)
    weight = np.asarray([v.spec.weight for v in views], dtype=np.float64)
    return offsets, idf, weight


def _weigh(
    views: Sequence[FittedView], n: int, cols: np.ndarray, counts: np.ndarray, indptr: np.ndarray
) -> sparse.csr_matrix:
    """The CSR matrix of term counts: sublinear tf times idf, each (text, view) block l2-normalised and
    scaled by the view's weight."""
    offsets, idf, weight = _tables(tuple(views))
    width = int(offsets[-1]) if len(offsets) else 0
    data = (1.0 + np.log(counts)) * idf[cols]
    # Each (row, view) block is normalised on its own: its id is row * len(views) + view.
    row_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    view_of = np.searchsorted(offsets, cols, side="right")
    block = row_of * len(views) + view_of
    norms = np.sqrt(np.bincount(block, weights=data * data, minlength=n * len(views)))
    if len(data):
        data = data * weight[view_of] / norms[block]
    return sparse.csr_matrix(
        (data.astype(np.float32), cols.astype(np.int32), indptr),
        shape=(n, width),
        dtype=np.float32,
    )
