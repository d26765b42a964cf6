"""The router: training, calibrated confidence, rejection, and the model folder round trip."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from phasegate.triage.router import META_FILE, Router, RouterError, TrainConfig, train_router
from tests.triage.conftest import labelled


def test_routes_held_out_phrasings(small_router: Router) -> None:
    """Unseen phrasings of trained categories land in the right category."""
    cases = {
        "where's my package, it hasn't come yet": "order_status",
        "i need a return label for the sneakers": "return_request",
        "please cancel my order before it ships": "order_cancellation",
        "I got charged twice on my card": "billing_issue",
    }
    got = [p.best for p in small_router.predict(list(cases))]
    assert got == list(cases.values())


def test_probabilities_are_distributions(small_router: Router) -> None:
    """Calibrated probabilities are non-negative and sum to one per text."""
    proba = small_router.proba(["where is my order", "cancel it"])
    assert proba.shape == (2, len(small_router.labels))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert (proba >= 0).all()


def test_save_load_round_trip(small_router: Router, tmp_router_dir: Path) -> None:
    """A saved router loads with the same version and the same probabilities."""
    small_router.save(tmp_router_dir)
    meta = json.loads((tmp_router_dir / META_FILE).read_text())
    assert meta["version"] == small_router.version
    assert meta["training_size"] == small_router.training_size
    assert set(meta) >= {"created_at", "labels", "calibration", "rejection"}
    loaded = Router.load(tmp_router_dir)
    texts = ["my parcel is late", "what's the weather like"]
    assert loaded.version == small_router.version
    assert np.allclose(loaded.proba(texts), small_router.proba(texts))


def test_load_refuses_a_folder_without_metadata(tmp_path: Path) -> None:
    """Loading something that is not a router folder says so."""
    with pytest.raises(RouterError, match="not a router folder"):
        Router.load(tmp_path)


def test_version_is_deterministic() -> None:
    """The same data and seed give the same version; other data a different one."""
    texts, labels = labelled()
    config = TrainConfig(folds=2)
    a = train_router(texts, labels, config=config)
    b = train_router(texts, labels, config=config)
    c = train_router(texts[:-1], labels[:-1], config=config)
    assert a.version == b.version != c.version


def test_needs_two_categories() -> None:
    """A single category cannot train a router."""
    with pytest.raises(RouterError):
        train_router(["a b c", "d e f"], ["x", "x"])


def test_rejection_comes_from_training_data(small_router: Router) -> None:
    """The rejection threshold is set so about reject_rate of out-of-fold training texts fall below it."""
    assert 0.0 < small_router.reject_below < 1.0
    assert small_router.report["oof_rejected"] <= small_router.config.reject_rate + 0.02
