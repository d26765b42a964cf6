"""The router: training, calibrated confidence, rejection, and the model folder round trip."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from phasegate.taxonomy import CATEGORIES
from phasegate.triage.features import FittedView, ViewSpec
from phasegate.triage.router import META_FILE, Router, RouterError, TrainConfig, train_router
from phasegate.triage.training import load_or_train
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
    config = TrainConfig(folds=2, rejection="quantile")
    a = train_router(texts, labels, config=config)
    b = train_router(texts, labels, config=config)
    c = train_router(texts[:-1], labels[:-1], config=config)
    assert a.version == b.version != c.version


def test_needs_two_categories() -> None:
    """A single category cannot train a router."""
    with pytest.raises(RouterError):
        train_router(["a b c", "d e f"], ["x", "x"])


def test_rejection_comes_from_training_data(small_router: Router) -> None:
    """By default about reject_rate of the out-of-fold training texts fall below the threshold."""
    assert 0.0 < small_router.reject_below < 1.0
    assert abs(small_router.report["oof_rejected"] - small_router.config.reject_rate) <= 0.02


def test_held_out_class_rehearsal() -> None:
    """The rehearsal rule hides categories from cross-validated models and rejects them more than the rest."""
    texts, labels = labelled()
    router = train_router(texts, labels, config=TrainConfig(rejection="held_out_classes"))
    rehearsal = router.report["held_out_classes"]
    assert rehearsal["threshold"] == round(router.reject_below, 4)
    assert rehearsal["hidden_rejected"] > rehearsal["in_scope_rejected"]


def _tiny_file(tmp_path: Path) -> Path:
    """A small labelled ticket file: three categories, five tickets each."""
    texts, labels = labelled()
    keep = [i for i, label in enumerate(labels) if label in ("order_status", "return_request", "other")]
    path = tmp_path / "tiny.jsonl"
    with path.open("w") as fh:
        for i in keep[:15]:
            record = {
                "id": f"T{i}",
                "messages": [{"role": "customer", "text": texts[i]}],
                "category": labels[i],
            }
            fh.write(json.dumps(record) + "\n")
    return path


def test_load_or_train_caches_by_content(tmp_path: Path) -> None:
    """A ticket file is trained on once, then loaded from the cache with the same version."""
    data, cache = _tiny_file(tmp_path), tmp_path / "cache"
    first = load_or_train(data, cache)
    entries = sorted(cache.iterdir())
    again = load_or_train(data, cache)
    assert again.version == first.version
    assert sorted(cache.iterdir()) == entries


def test_a_corrupt_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    """A damaged cached model is retrained instead of failing triage."""
    data, cache = _tiny_file(tmp_path), tmp_path / "cache"
    first = load_or_train(data, cache)
    (folder,) = [p for p in cache.iterdir() if p.name.startswith("router-")]
    (folder / "model.npz").write_bytes(b"not a model")
    assert load_or_train(data, cache).version == first.version


def test_seed_tickets_cover_the_default_taxonomy() -> None:
    """The shipped seed tickets label every default category, so the seed router knows them all."""
    _, labels = labelled()
    assert set(labels) == set(CATEGORIES)


@pytest.mark.parametrize(
    "spec",
    [ViewSpec("stem"), ViewSpec("char_wb", (2, 5), min_df=2), ViewSpec("pairs", min_df=2, weight=0.7)],
)
def test_views_match_scikit_learn(spec: ViewSpec) -> None:
    """The fast transform gives scikit-learn's TF-IDF numbers, empty and unknown texts included."""
    texts, _ = labelled()
    view = FittedView.fit(spec, texts)
    reference = spec.vectorizer()
    reference.fit(texts)
    probe = ["where is my order??", "I want to return the boots. Also where is my refund", "zzzz", ""]
    ours = view.transform(probe).toarray()
    theirs = (reference.transform(probe) * spec.weight).toarray()
    assert np.allclose(ours, theirs, atol=1e-6)


def test_a_rarely_wrong_router_rejects_less() -> None:
    """On separable categories the reject rate drops to twice the out-of-fold error rate."""
    texts = [f"where is my parcel number {i}" for i in range(30)] + [
        f"cancel my order please {i}" for i in range(30)
    ]
    labels = ["order_status"] * 30 + ["order_cancellation"] * 30
    router = train_router(texts, labels)
    assert router.report["oof_accuracy"] == 1.0
    assert router.report["effective_reject_rate"] == 0.0
    assert router.reject_below == 0.0


def _calibration_set() -> tuple[list[str], list[str | None]]:
    """Seed phrasings (a few relabelled, so some guesses are wrong) and text no category fits."""
    texts, labels = labelled()
    cal_t = list(texts[::3])
    cal_l: list[str | None] = list(labels[::3])
    for k in range(0, len(cal_l), 7):
        # Another category's label: the router's guess (the true one) is then wrong.
        other = labels[(3 * k + 40) % len(labels)]
        cal_l[k] = other if other != cal_l[k] else None
    off = [
        "what is the capital of mongolia",
        "write me a poem about the sea",
        "how many calories are in a banana",
        "who won the world cup in 1998",
        "set an alarm for six tomorrow morning",
        "what is the square root of 1764",
        "tell me a joke about programmers",
        "which planet has the most moons",
    ]
    return cal_t + off * 3, cal_l + [None] * (len(off) * 3)


def test_calibrators_round_trip_and_follow_the_off_topic_prior(tmp_router_dir: Path) -> None:
    """Both calibrators survive save/load; a larger assumed share of off-topic text lowers confidence, and the
    rejection threshold stays at or under one half."""
    from phasegate.triage.router import MAX_REJECT

    texts, labels = labelled()
    cal = _calibration_set()
    probe = ["my parcel never arrived, where is it", "I want my money back for the broken lamp"]
    conf = {}
    for prior in (0.02, 0.5):
        router = train_router(
            texts, labels, seed=0, config=TrainConfig(off_topic_prior=prior), calibration=cal
        )
        assert router.calibrator is not None and router.scope_calibrator is not None
        assert router.reject_below <= MAX_REJECT
        conf[prior] = np.array([p.confidence for p in router.predict(probe)])
    assert (conf[0.5] < conf[0.02]).all()
    router.save(tmp_router_dir)
    again = Router.load(tmp_router_dir)
    assert again.config.off_topic_prior == 0.5
    assert np.allclose([p.confidence for p in again.predict(probe)], conf[0.5])
