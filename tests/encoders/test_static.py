"""The bundled static encoder (all-MiniLM-L6-v2 distilled): offline, unit-length rows, sensible similarity."""

from __future__ import annotations

import numpy as np
import pytest

from phasegate.encoders.static import DEFAULT_PATH, StaticEncoder, default_encoder
from phasegate.plugins.interfaces import Encoder
from phasegate.plugins.registry import factory

pytestmark = pytest.mark.skipif(not DEFAULT_PATH.is_file(), reason="no bundled encoder vectors")


def test_rows_are_unit_length_and_empty_text_is_a_zero_row() -> None:
    """Every encoded text is a unit vector; a text with no token is a zero row."""
    enc = default_encoder()
    assert enc is not None
    vectors = enc.encode(["where is my parcel", "", "reset my password"])
    assert vectors.shape == (3, enc.dim)
    assert np.allclose(np.linalg.norm(vectors[[0, 2]], axis=1), 1.0, atol=1e-5)
    assert not vectors[1].any()


def test_paraphrases_are_closer_than_unrelated_asks() -> None:
    """A paraphrase of an ask lies nearer to it than a different ask does."""
    enc = StaticEncoder()
    a, b, c = enc.encode(["I forgot my password", "cannot log in to my account", "my parcel has not arrived"])
    assert float(a @ b) > float(a @ c)


def test_it_is_an_encoder_plugin() -> None:
    """The static encoder is registered as the `minilm-static` encoder plugin and meets the interface."""
    enc = factory("encoder", "minilm-static")()
    assert isinstance(enc, Encoder)
    assert enc.name == "minilm-static"
