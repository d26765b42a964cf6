"""Out of scope from in-scope training data alone: the rehearsal rule and the encoder's novelty distance."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from phasegate.triage.router import (
    MAX_REJECT,
    Router,
    RouterError,
    TrainConfig,
    _config_dict,
    _config_from,
    _fit_novelty,
    _novelty_distance,
    _rehearsal_rounds,
    _similar_groups,
    has_static_encoder,
    train_router,
)
from tests.triage.conftest import labelled

#: Asks no seed category fits; the router never sees them in training.
OFF_TOPIC = [
    "what is the capital of mongolia",
    "write me a poem about the sea",
    "how many calories are in a banana",
    "which planet has the most moons",
    "tell me a joke about programmers",
]
IN_SCOPE = [
    "where is my order, it was due last week",
    "I was charged twice for the same order",
    "I want my money back for the broken lamp",
]


@pytest.fixture(scope="module")
def rehearsed() -> Router:
    """A router whose out-of-scope rule is rehearsed on its own seed tickets (no off-topic text given)."""
    texts, labels = labelled()
    return train_router(texts, labels, seed=0, config=TrainConfig(rejection="rehearsal"))


def test_rehearsal_fits_both_calibrators_from_training_data_alone(rehearsed: Router) -> None:
    """With no calibration set, hidden categories stand in for off-topic text: both calibrators are fitted,
    the P(fits) threshold stays at or under one half, and hidden categories are turned away more often than
    held-out texts of the trained ones."""
    assert rehearsed.calibrator is not None and rehearsed.scope_calibrator is not None
    assert 0.0 <= rehearsed.reject_below <= MAX_REJECT
    report = rehearsed.report["rehearsal"]
    assert report["no_category_fits"] > 0
    assert report["hidden_rejected"] > report["in_scope_rejected"]


def test_rehearsal_rejects_off_topic_more_than_in_scope(rehearsed: Router) -> None:
    """Off-topic asks get lower confidence than in-scope ones, and most are called out of scope."""
    off = rehearsed.predict(OFF_TOPIC)
    ins = rehearsed.predict(IN_SCOPE)
    assert max(p.confidence for p in off) < min(p.confidence for p in ins)
    assert sum(p.out_of_scope for p in off) >= 3
    assert not any(p.out_of_scope for p in ins)


def test_rehearsed_router_round_trips(rehearsed: Router, tmp_router_dir: Path) -> None:
    """A rehearsed router saved and loaded gives the same verdicts and keeps its rule and report."""
    rehearsed.save(tmp_router_dir)
    again = Router.load(tmp_router_dir)
    assert again.config.rejection == "rehearsal"
    assert again.report["rehearsal"] == rehearsed.report["rehearsal"]
    probe = OFF_TOPIC + IN_SCOPE
    assert again.predict(probe) == rehearsed.predict(probe)


def test_quantile_rule_is_untouched_by_the_rehearsal_option() -> None:
    """The default rule fits no calibrator and writes no rehearsal report."""
    texts, labels = labelled()
    router = train_router(texts, labels, seed=0)
    assert router.calibrator is None and router.scope_calibrator is None
    assert "rehearsal" not in router.report


def test_rehearsal_on_separable_categories_keeps_the_quantile_rule() -> None:
    """When the rehearsal never guesses a held-out text wrong there is nothing to calibrate: training still
    succeeds, with the quantile rule and a report saying the rehearsal was skipped."""
    asks = ["where is my parcel", "cancel my order please", "reset my password now", "update my card details"]
    texts = [f"{ask} {i}" for ask in asks for i in range(30)]
    labels = [f"c{k}" for k in range(len(asks)) for _ in range(30)]
    router = train_router(texts, labels, config=TrainConfig(rejection="rehearsal"))
    assert router.scope_calibrator is None
    assert "skipped" in router.report["rehearsal"]


def test_large_shrinkage_tends_to_euclidean_distance() -> None:
    """With a large ridge the novelty distance ranks texts as plain Euclidean distance to the nearest category
    mean does; with a small one it does not (the shared covariance reshapes the space)."""
    rng = np.random.default_rng(0)
    # Two categories spread along the first axis only: the covariance is far from round.
    scale = np.array([5.0, 0.2, 0.2, 0.2])
    train = np.vstack([rng.normal(size=(50, 4)) * scale, rng.normal(size=(50, 4)) * scale + [0, 3, 0, 0]])
    y = np.repeat([0, 1], 50)
    probe = rng.normal(size=(40, 4)) * 3
    means = np.stack([train[y == c].mean(axis=0) for c in (0, 1)])
    euclid = ((probe[:, None, :] - means[None]) ** 2).sum(axis=-1).min(axis=1)
    ranks = {}
    for shrinkage in (0.01, 1e6):
        novelty = _fit_novelty(train, y, 2, 0.02, shrinkage)
        ranks[shrinkage] = np.argsort(_novelty_distance(novelty, probe))
    assert (ranks[1e6] == np.argsort(euclid)).all()
    assert not (ranks[0.01] == np.argsort(euclid)).all()


def test_novelty_threshold_is_the_training_quantile() -> None:
    """A share `rate` of the training vectors lies beyond the novelty threshold (distance over it > 1)."""
    rng = np.random.default_rng(1)
    train = rng.normal(size=(400, 8))
    y = np.repeat(np.arange(4), 100)
    novelty = _fit_novelty(train, y, 4, 0.05, 1.0)
    assert abs(float((_novelty_distance(novelty, train) > 1.0).mean()) - 0.05) <= 0.005


def test_novelty_shrinkage_is_stored_with_the_config() -> None:
    """The shrinkage survives the config round trip; a config saved before it existed reads as 0.1."""
    config = TrainConfig(novelty_shrinkage=10.0, rejection="rehearsal")
    assert _config_from(_config_dict(config)) == config
    old = _config_dict(TrainConfig())
    del old["novelty_shrinkage"]
    assert _config_from(old).novelty_shrinkage == 0.1


@pytest.mark.skipif(not has_static_encoder(), reason="no bundled static encoder")
def test_rehearsal_with_an_encoder_uses_the_novelty_distance() -> None:
    """With encoder vectors the rehearsal refits the novelty distance per round and feeds it to P(fits): the
    calibrator's novelty weight is set, and the saved router keeps the shrinkage it was trained with."""
    texts, labels = labelled()
    config = replace(TrainConfig(rejection="rehearsal", encoder="minilm-static"), novelty_shrinkage=10.0)
    router = train_router(texts, labels, seed=0, config=config)
    assert router.novelty is not None and router.scope_calibrator is not None
    # The last feature is the novelty distance; with it all zero the logistic weight would stay zero.
    assert router.scope_calibrator[-1] != 0.0
    off = router.predict(OFF_TOPIC)
    assert sum(p.out_of_scope for p in off) >= 3


def test_similar_groups_keep_alike_categories_together() -> None:
    """Three families of four alike categories split into three groups of four, one family each, whatever the
    seed; the groups always partition the categories into near-equal sizes."""
    rng = np.random.default_rng(2)
    family = rng.normal(size=(3, 16))
    means = np.vstack([family[f] + 0.1 * rng.normal(size=16) for f in range(3) for _ in range(4)])
    means /= np.linalg.norm(means, axis=1, keepdims=True)
    for seed in range(5):
        groups = _similar_groups(means, 3, seed)
        assert sorted(np.concatenate(groups).tolist()) == list(range(12))
        assert sorted({frozenset((g // 4).tolist()) for g in groups}, key=min) == [
            frozenset({0}),
            frozenset({1}),
            frozenset({2}),
        ]
    sizes = sorted(len(g) for g in _similar_groups(means[:11], 3, 0))
    assert sizes == [3, 4, 4]


def test_rehearsal_groups_both_rehearses_twice_and_is_saved() -> None:
    """ "both" runs five rounds of random and five of similar hidden groups; each category is hidden once per
    design; the setting survives the config round trip, and an unknown value is refused."""
    texts, labels = labelled()
    names = sorted(set(labels))
    y = np.array([names.index(label) for label in labels])
    config = TrainConfig(rejection="rehearsal", rehearsal_groups="both")
    rounds = _rehearsal_rounds(texts, y, len(names), config, 0)
    assert len(rounds) == 10
    for design in (rounds[:5], rounds[5:]):
        hidden = [set(y[r.out_idx].tolist()) for r in design]
        assert sum(len(h) for h in hidden) == len(set().union(*hidden))
    assert _config_from(_config_dict(config)).rehearsal_groups == "both"
    old = _config_dict(TrainConfig())
    del old["rehearsal_groups"]
    assert _config_from(old).rehearsal_groups == "random"
    with pytest.raises(RouterError, match="rehearsal_groups"):
        _rehearsal_rounds(texts, y, len(names), replace(config, rehearsal_groups="nearby"), 0)
