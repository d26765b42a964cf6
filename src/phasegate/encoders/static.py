"""A static sentence encoder: a text's vector is the weighted mean of its WordPiece tokens' vectors.

The token vectors are all-MiniLM-L6-v2's own output for each vocabulary token alone, reduced by PCA and
stored as int8 (bundled/build_encoder.py makes them; model2vec's recipe). Encoding is a table look-up and a
mean, so it is fast and needs neither PyTorch nor a download; a bigger model can replace it through the
`Encoder` plugin interface.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from phasegate.encoders.wordpiece import WordPiece

#: The bundled distillation: one .npz with the vocabulary, int8 token vectors, their scales and weights.
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "bundled" / "minilm_static.npz"


class StaticEncoder:
    """Static token vectors of a distilled sentence encoder; rows of `encode` are unit length."""

    name = "minilm-static"

    def __init__(self, path: Path | None = None) -> None:
        """Load the vocabulary and the token vectors of an .npz (the bundled one by default)."""
        with np.load(path or DEFAULT_PATH, allow_pickle=False) as npz:
            self.tokenizer = WordPiece(npz["vocab"].tolist())
            vectors = npz["vectors"].astype(np.float32) * npz["scale"].astype(np.float32)[:, None]
            weights = npz["weights"].astype(np.float32)
        # Token weights (a smooth inverse frequency) are folded into the table once.
        self.table: NDArray[np.float32] = vectors * weights[:, None]
        self.dim = int(self.table.shape[1])

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One unit-length row per text (a zero row for a text with no known token)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for k, text in enumerate(texts):
            ids = self.tokenizer.ids(text)
            if ids:
                out[k] = self.table[ids].sum(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


@cache
def default_encoder() -> StaticEncoder | None:
    """The bundled static encoder, or None when this install has no distilled vectors."""
    if not DEFAULT_PATH.is_file():
        return None
    return StaticEncoder()
