"""Hybrid retrieval over help-center passages: BM25 and a dense encoder fused by reciprocal rank.

Each hit carries a support score in [0, 1] (how much of the question the passage covers), which is what
"well supported" means for KB hits and gaps. Pure: no database, no web framework.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import bm25s
import numpy as np
from numpy.typing import NDArray

from phasegate.knowledge.chunking import Chunk
from phasegate.knowledge.encoders import LsaEncoder
from phasegate.knowledge.text import Speller, terms, tokens
from phasegate.plugins.interfaces import Encoder

#: The usual constant of reciprocal rank fusion (Cormack et al. 2009); it damps the top ranks' weight.
RRF_K = 60
#: How many passages each side contributes to the fusion.
CANDIDATES = 50
#: Dense score rows kept per retriever, by query text: one brief searches its question three or four times
#: (the KB check, the answering passages, the playbook's topical articles), and encoding is most of a search.
QUERY_MEMO = 2048


@dataclass(frozen=True)
class Passage:
    """A retrieved passage: its chunk, fused score, support and the score of each side."""

    chunk: Chunk
    score: float
    support: float
    bm25: float
    dense: float
    rank: int

    @property
    def article_id(self) -> str:
        """Id of the article the passage comes from."""
        return self.chunk.article_id

    @property
    def title(self) -> str:
        """Title of the article the passage comes from."""
        return self.chunk.title

    @property
    def heading(self) -> str:
        """Heading of the section the passage sits under."""
        return self.chunk.heading

    @property
    def text(self) -> str:
        """The passage text."""
        return self.chunk.text

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the API, the CLI and the brief."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "heading": self.heading,
            "version": self.chunk.version,
            "passage_id": self.chunk.id,
            "text": self.text,
            "score": round(self.score, 6),
            "support": round(self.support, 4),
            "rank": self.rank,
        }


def rrf(rankings: Sequence[Sequence[int]], *, k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion: each ranking adds 1 / (k + rank) to the items it lists (rank from 1)."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


class Retriever:
    """BM25 plus a dense encoder over a fixed set of passages.

    The encoder defaults to the built-in LSA fitted on the passages; any `Encoder` (a pretrained sentence
    model) can replace it, with `embeddings` passed in when they were cached.
    """

    def __init__(
        self,
        chunks: Sequence[Chunk],
        *,
        encoder: Encoder | None = None,
        embeddings: NDArray[np.float32] | None = None,
        rrf_k: int = RRF_K,
    ) -> None:
        self.chunks: list[Chunk] = list(chunks)
        self.rrf_k = rrf_k
        texts = [c.indexed_text for c in self.chunks]
        self.speller = Speller(dict(Counter(tok for t in texts for tok in tokens(t))))
        self._terms = [terms(t) for t in texts]
        self._term_sets = [frozenset(ts) for ts in self._terms]
        self._bm25: bm25s.BM25 | None = None
        if self.chunks:
            self._bm25 = bm25s.BM25()
            # bm25s rejects an empty document; a placeholder token keeps positions aligned.
            self._bm25.index([ts or ["_"] for ts in self._terms], show_progress=False)
        self.encoder: Encoder = encoder if encoder is not None else LsaEncoder.fit(texts)
        if embeddings is not None and len(embeddings) == len(self.chunks):
            self._vectors = embeddings
        else:
            self._vectors = self.encoder.encode(texts) if self.chunks else np.zeros((0, 1), np.float32)
        n = len(self.chunks)
        df = Counter(t for s in self._term_sets for t in s)
        self._idf = {t: _idf(n, d) for t, d in df.items()}
        self._unseen_idf = _idf(n, 0)
        self._dense_memo: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._memo_lock = threading.Lock()

    @property
    def embeddings(self) -> NDArray[np.float32]:
        """The passage vectors (to cache them beside the index)."""
        return self._vectors

    def __len__(self) -> int:
        return len(self.chunks)

    def knows(self, term: str) -> bool:
        """Whether any passage uses this stemmed term."""
        return term in self._idf

    def idf(self, term: str) -> float:
        """Inverse document frequency of a stemmed term; unseen terms weigh the most."""
        return self._idf.get(term, self._unseen_idf)

    def coverage(self, query_terms: Iterable[str], index: int) -> float:
        """Share of the query's IDF weight whose terms the passage contains (0 to 1)."""
        wanted = set(query_terms)
        if not wanted:
            return 0.0
        total = sum(self.idf(t) for t in wanted)
        have = sum(self.idf(t) for t in wanted if t in self._term_sets[index])
        return have / total if total else 0.0

    def _bm25_scores(self, query_terms: list[str]) -> NDArray[np.float32]:
        if self._bm25 is None or not query_terms:
            return np.zeros(len(self.chunks), dtype=np.float32)
        scores: NDArray[np.float32] = np.asarray(self._bm25.get_scores(query_terms), dtype=np.float32)
        return scores

    def _dense_matrix(self, queries: Sequence[str]) -> NDArray[np.float32]:
        """Similarity of every query (rows) to every passage (columns), in one encoder call."""
        if not self.chunks or not queries:
            return np.zeros((len(queries), len(self.chunks)), dtype=np.float32)
        with self._memo_lock:
            known = {q: self._dense_memo[q] for q in queries if q in self._dense_memo}
            for q in known:
                self._dense_memo.move_to_end(q)
        missing = [q for q in dict.fromkeys(queries) if q not in known]
        if missing:
            fresh: NDArray[np.float32] = self.encoder.encode(missing) @ self._vectors.T
            rows = dict(zip(missing, fresh, strict=True))
            known.update(rows)
            with self._memo_lock:
                self._dense_memo.update(rows)
                while len(self._dense_memo) > QUERY_MEMO:
                    self._dense_memo.popitem(last=False)
        scores: NDArray[np.float32] = np.stack([known[q] for q in queries]).astype(np.float32, copy=False)
        return scores

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        distinct_articles: bool = True,
        drop: Iterable[str] = (),
        articles: Iterable[str] | None = None,
        sides: Sequence[str] = ("bm25", "dense"),
    ) -> list[Passage]:
        """The best `k` passages for a question, best first.

        `distinct_articles` keeps the best passage of each article (what an agent wants to open);
        `drop` removes words from the query (a customer's own name); `articles` limits the search;
        `sides` picks the rankings fused (one side alone is the benchmark's ablation).
        """
        return self.search_many(
            [query], k=k, distinct_articles=distinct_articles, drop=drop, articles=articles, sides=sides
        )[0]

    def search_many(
        self,
        queries: Sequence[str],
        *,
        k: int = 5,
        distinct_articles: bool = True,
        drop: Iterable[str] = (),
        articles: Iterable[str] | None = None,
        sides: Sequence[str] = ("bm25", "dense"),
    ) -> list[list[Passage]]:
        """`search` for many questions at once: the dense side encodes them in one call (the scan's path)."""
        if not self.chunks:
            return [[] for _ in queries]
        drop = [d for d in drop if d]
        if drop:
            pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, drop))})\b", re.I)
            queries = [pattern.sub(" ", q) for q in queries]
        # Customers misspell; their typos would miss passages and count as words the help center lacks.
        queries = [self.speller.fix(q) for q in queries]
        allowed = None if articles is None else set(articles)
        eligible = np.array([allowed is None or c.article_id in allowed for c in self.chunks], dtype=bool)
        dense_all = self._dense_matrix(queries) if "dense" in sides else None
        results = []
        for row, query in enumerate(queries):
            query_terms = terms(query)
            bm25 = self._bm25_scores(query_terms)
            dense = dense_all[row] if dense_all is not None else np.zeros(len(self.chunks), dtype=np.float32)
            results.append(self._fuse(query_terms, bm25, dense, eligible, k, distinct_articles, sides))
        return results

    def _fuse(
        self,
        query_terms: list[str],
        bm25: NDArray[np.float32],
        dense: NDArray[np.float32],
        eligible: NDArray[np.bool_],
        k: int,
        distinct_articles: bool,
        sides: Sequence[str],
    ) -> list[Passage]:
        rankings = []
        for side, scores in (("bm25", bm25), ("dense", dense)):
            if side not in sides:
                continue
            candidates = np.flatnonzero((scores > 0) & eligible)
            order = candidates[np.argsort(-scores[candidates], kind="stable")]
            rankings.append([int(i) for i in order[:CANDIDATES]])
        fused = rrf(rankings, k=self.rrf_k)
        ranked = sorted(fused, key=lambda i: (-fused[i], i))
        out: list[Passage] = []
        seen: set[str] = set()
        for i in ranked:
            chunk = self.chunks[i]
            if distinct_articles and chunk.article_id in seen:
                continue
            seen.add(chunk.article_id)
            out.append(
                Passage(
                    chunk=chunk,
                    score=fused[i],
                    support=self.support_at(query_terms, i, float(dense[i])),
                    bm25=float(bm25[i]),
                    dense=float(dense[i]),
                    rank=len(out) + 1,
                )
            )
            if len(out) == k:
                break
        return out

    def support_at(self, query_terms: Sequence[str], index: int, dense: float = 0.0) -> float:
        """How well one passage supports a question, in [0, 1]: the IDF-weighted share of the question's
        terms the passage contains. A question about something the help center never mentions keeps its
        rare words uncovered, so it scores low whatever else matches; `dense` is kept for encoders that
        are semantic enough to add evidence (the built-in LSA is not, measured in the benchmark).
        """
        return round(self.coverage(query_terms, index), 6)

    def support(self, query: str, *, k: int = 5, drop: Iterable[str] = ()) -> tuple[float, Passage | None]:
        """The best support any of the top `k` passages gives a question, and that passage."""
        hits = self.search(query, k=k, drop=drop)
        best = max(hits, key=lambda p: (p.support, -p.rank), default=None)
        return (best.support if best else 0.0), best


def _idf(n: int, df: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))
