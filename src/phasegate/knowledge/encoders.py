"""The built-in dense encoder: TF-IDF (stemmed words and character n-grams) reduced by LSA.

Fitted on the help center itself, so it works offline with no model download; a pretrained sentence
encoder (the router's, or a plugin) implements the same `Encoder` interface and replaces it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # ships no type information

from phasegate.knowledge.text import terms

#: Upper bound on LSA dimensions; a help center of a few hundred passages needs far fewer.
MAX_COMPONENTS = 256


def _normalise(matrix: NDArray[np.float64]) -> NDArray[np.float32]:
    out: NDArray[np.float32] = normalize(matrix).astype(np.float32)
    return out


class LsaEncoder:
    """TF-IDF over stemmed words (1-2 grams) and character 3-5 grams, projected by truncated SVD."""

    name = "lsa"

    def __init__(self, vectorizers: Sequence[TfidfVectorizer], svd: TruncatedSVD | None = None) -> None:
        self._vectorizers = list(vectorizers)
        self._svd = svd

    @classmethod
    def fit(cls, corpus: Sequence[str], *, max_components: int = MAX_COMPONENTS) -> LsaEncoder:
        """An encoder fitted on the passages it will compare (deterministic).

        A corpus with no usable word (empty, or stop words only) gives an encoder of zero vectors.
        """
        texts = list(corpus)
        fitted: list[TfidfVectorizer] = []
        matrices = []
        for vectorizer in (
            # A callable analyzer ignores ngram_range, so the word side emits its own bigrams.
            TfidfVectorizer(analyzer=_word_ngrams, sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True),
        ):
            try:
                matrices.append(vectorizer.fit_transform(texts))
            except ValueError:  # empty vocabulary
                continue
            fitted.append(vectorizer)
        svd = None
        if matrices:
            stacked = sparse.hstack(matrices).tocsr()
            n_components = min(max_components, stacked.shape[0] - 1, stacked.shape[1] - 1)
            if n_components >= 2:
                svd = TruncatedSVD(n_components=n_components, random_state=0)
                # The matrices are small: BLAS threads only contend with each other (10x slower measured
                # on a busy two-core host), so the fit runs single-threaded.
                with threadpool_limits(limits=1):
                    svd.fit(normalize(stacked))
        return cls(fitted, svd)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Unit-length rows (zero rows for texts with no known word or n-gram)."""
        if not self._vectorizers:
            return np.zeros((len(texts), 1), dtype=np.float32)
        if not texts:
            width = self._svd.n_components if self._svd is not None else 1
            return np.zeros((0, width), dtype=np.float32)
        stacked = normalize(sparse.hstack([v.transform(list(texts)) for v in self._vectorizers]).tocsr())
        if self._svd is None:
            return _normalise(np.asarray(stacked.todense(), dtype=np.float64))
        with threadpool_limits(limits=1):
            projected = self._svd.transform(stacked)
        return _normalise(np.asarray(projected, dtype=np.float64))


def _word_ngrams(text: str) -> list[str]:
    """Stemmed content terms and their adjacent pairs ("return window", "run small")."""
    ts = terms(text)
    return ts + [f"{a} {b}" for a, b in pairwise(ts)]
