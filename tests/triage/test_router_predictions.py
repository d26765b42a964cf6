"""The router's batch verdicts (scope measures, calibrators, gate, rejection) equal the text-by-text rules
they replaced, to the bit, whatever batch a text comes in."""

from __future__ import annotations

import numpy as np
import pytest

from phasegate.bundled import ROUTER_DIR
from phasegate.triage.router import RULED_OUT_CAP, Prediction, Router, _logistic
from phasegate.triage.scope import ceiling
from tests.triage import variants


def _reference(
    router: Router, proba: np.ndarray, texts: list[str], novelty: np.ndarray | None
) -> list[Prediction]:
    """One text at a time, as `Router.predictions` used to run: `measures`, `gate` and `ceiling` per text."""
    assert router.scope is not None
    out = []
    for k, text in enumerate(texts):
        p = proba[k : k + 1]
        nov = np.zeros(1) if novelty is None else novelty[k : k + 1]
        conf = float(p.max())
        ruled = bool(nov[0] > 1.0)
        if router.calibrator is not None:
            n, likeness, coverage = router.scope.measures(text)
            measures = (np.array([n]), np.array([likeness]), np.array([coverage]))
            feats = router.scope.features([text], p, nov, measures)
            conf = float(_logistic(feats, router.calibrator)[0])
            if router.scope_calibrator is not None:
                fits = float(_logistic(feats, router.scope_calibrator)[0])
                conf *= fits
                ruled = ruled or fits < router.reject_below
        rule_out, cap = router.scope.gate(text)
        cap = min(cap, ceiling(text))
        ruled = ruled or rule_out
        conf = min(conf, RULED_OUT_CAP if ruled else cap)
        rejected = ruled or (router.scope_calibrator is None and conf < router.reject_below)
        label = router.labels[int(p.argmax())]
        out.append(Prediction(None if rejected else label, conf, label, rejected))
    return out


@pytest.mark.parametrize("which", ["bundled", "small"])
def test_batch_predictions_equal_text_by_text(which: str, small_router: Router) -> None:
    """Calibrated (bundled) and temperature-only (seed-trained) routers: the same category, confidence and
    out-of-scope flag for every text of the corpus variants, with and without encoder novelty."""
    router = Router.load(ROUTER_DIR) if which == "bundled" else small_router
    texts = list(variants.texts())
    proba = router.proba(texts)
    novelty = np.random.default_rng(3).uniform(0.0, 1.3, len(texts))
    for nov in (None, novelty):
        assert router.predictions(proba, texts, nov) == _reference(router, proba, texts, nov)
    # Without texts only the probabilities and the rejection threshold speak.
    plain = router.predictions(proba)
    assert [p.confidence for p in plain] == proba.max(axis=1).tolist()


def test_logistic_does_not_depend_on_the_batch() -> None:
    """A row's calibrated probability is the same computed alone or among thousands (BLAS would differ)."""
    rng = np.random.default_rng(5)
    feats, weights = rng.normal(size=(3000, 6)), rng.normal(size=7)
    whole = _logistic(feats, weights)
    cuts = np.cumsum(rng.integers(1, 9, size=1000))
    parts = [_logistic(chunk, weights) for chunk in np.split(feats, cuts[cuts < len(feats)])]
    assert np.array_equal(whole, np.concatenate(parts))
