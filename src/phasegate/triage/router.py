"""The category router: labelled ticket text in, a versioned model out; text in, a calibrated category out.

Linear models over TF-IDF views (words, character n-grams, word pairs). Everything the router decides
about itself comes from its own training data by cross-validation: the temperature that turns scores into
calibrated probabilities, and the rejection rule that says "unlike any trained category" (out of scope).
Saved as a folder of JSON metadata plus an .npz of arrays; loading it runs no pickle.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from phasegate.triage.features import FittedView, ViewSpec, transform

FORMAT = 1
META_FILE = "router.json"
MODEL_FILE = "model.npz"

#: The feature views, chosen by measurement on Banking77's train split (docs/benchmarks.md).
DEFAULT_VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("stem"),
    ViewSpec("char_wb", (2, 5), min_df=2),
    ViewSpec("pairs", min_df=2, weight=0.7),
)


class RouterError(ValueError):
    """A router that cannot be trained or loaded; the message says why."""


@dataclass(frozen=True)
class TrainConfig:
    """How a router is trained; stored with it so a model folder says how it was made."""

    views: tuple[ViewSpec, ...] = DEFAULT_VIEWS
    c: float = 0.5
    folds: int = 5
    #: "quantile": reject the least confident `reject_rate` of out-of-fold training texts. "held_out_classes":
    #: rehearse novelty by hiding whole categories in cross-validation and take the threshold that best
    #: separates them; measured on CLINC150 it is far too strict (hidden sibling categories look in scope),
    #: so it is an option, not the default (docs/benchmarks.md).
    rejection: str = "quantile"
    #: Share of the training examples (out of fold) that the quantile rule may call out of scope; lowered to
    #: twice the out-of-fold error rate when that is smaller.
    reject_rate: float = 0.05
    #: A second ask is reported when a segment's own category reaches this calibrated probability.
    secondary_min: float = 0.5


@dataclass(frozen=True)
class Prediction:
    """The router's verdict on one text: its category (None when rejected) and calibrated confidence."""

    category: str | None
    confidence: float
    best: str
    out_of_scope: bool


@dataclass
class Router:
    """A trained router: feature views, one linear model, a temperature and a rejection threshold."""

    labels: tuple[str, ...]
    views: list[FittedView]
    coef: np.ndarray
    intercept: np.ndarray
    temperature: float
    reject_below: float
    config: TrainConfig
    version: str
    created_at: str
    training_size: int
    class_counts: dict[str, int] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)

    # -- inference ------------------------------------------------------------------------------------------
    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Raw linear scores, one row per text, one column per label."""
        x = transform(self.views, texts)
        out: np.ndarray = np.asarray(x @ self.coef.T) + self.intercept
        return out

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated class probabilities, one row per text."""
        return _softmax(self.scores(texts) * self.temperature)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Category and confidence per text; below the rejection threshold the category is None."""
        return self.predictions(self.proba(texts))

    def predictions(self, proba: np.ndarray) -> list[Prediction]:
        """Turn calibrated probabilities into verdicts (rejection applied)."""
        best = proba.argmax(axis=1)
        out = []
        for row, i in zip(proba, best, strict=True):
            conf = float(row[i])
            rejected = conf < self.reject_below
            label = self.labels[int(i)]
            out.append(Prediction(None if rejected else label, conf, label, rejected))
        return out

    # -- persistence ----------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the model folder: router.json (metadata) and model.npz (arrays)."""
        path.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {"coef": self.coef, "intercept": self.intercept}
        for i, view in enumerate(self.views):
            arrays[f"view{i}_terms"] = np.array(view.terms, dtype=np.str_)
            arrays[f"view{i}_idf"] = view.idf
        np.savez_compressed(path / MODEL_FILE, **arrays)  # type: ignore[arg-type]
        meta = {
            "format": FORMAT,
            "version": self.version,
            "created_at": self.created_at,
            "labels": list(self.labels),
            "training_size": self.training_size,
            "class_counts": self.class_counts,
            "calibration": {"method": "temperature", "temperature": self.temperature},
            "rejection": {
                "rule": "max calibrated probability below threshold is out of scope",
                "method": self.config.rejection,
                "threshold": self.reject_below,
            },
            "config": _config_dict(self.config),
            "report": self.report,
            "model_file": MODEL_FILE,
        }
        (path / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Router:
        """Read a model folder written by `save`; raises RouterError when it is missing or malformed."""
        meta_path = path / META_FILE
        if not meta_path.is_file():
            raise RouterError(f"{path}: no {META_FILE} (not a router folder)")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT:
                raise RouterError(f"{meta_path}: format {meta.get('format')!r}, expected {FORMAT}")
            config = _config_from(meta["config"])
            with np.load(path / meta.get("model_file", MODEL_FILE), allow_pickle=False) as npz:
                views = [
                    FittedView(spec, npz[f"view{i}_terms"].tolist(), npz[f"view{i}_idf"])
                    for i, spec in enumerate(config.views)
                ]
                coef, intercept = npz["coef"].astype(np.float32), npz["intercept"]
        except (OSError, KeyError, ValueError, TypeError) as exc:
            if isinstance(exc, RouterError):
                raise
            raise RouterError(f"{path}: cannot read router: {exc}") from exc
        return cls(
            labels=tuple(meta["labels"]),
            views=views,
            coef=coef,
            intercept=intercept,
            temperature=float(meta["calibration"]["temperature"]),
            reject_below=float(meta["rejection"]["threshold"]),
            config=config,
            version=str(meta["version"]),
            created_at=str(meta["created_at"]),
            training_size=int(meta["training_size"]),
            class_counts={str(k): int(v) for k, v in meta.get("class_counts", {}).items()},
            report=dict(meta.get("report", {})),
        )


def _config_dict(config: TrainConfig) -> dict[str, Any]:
    d = asdict(config)
    d["views"] = [asdict(v) for v in config.views]
    return d


def _config_from(d: dict[str, Any]) -> TrainConfig:
    views = tuple(
        ViewSpec(v["kind"], tuple(v["ngram"]), int(v["min_df"]), float(v["weight"])) for v in d["views"]
    )
    return TrainConfig(
        views=views,
        c=float(d["c"]),
        folds=int(d["folds"]),
        rejection=str(d.get("rejection", "quantile")),
        reject_rate=float(d["reject_rate"]),
        secondary_min=float(d["secondary_min"]),
    )


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


def _fit_linear(x: Any, y: np.ndarray, n_labels: int, c: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest linear SVM; returns (coef, intercept) with a row for every label, even unseen ones."""
    model = LinearSVC(C=c, random_state=seed)
    model.fit(x, y)
    coef = np.zeros((n_labels, x.shape[1]), dtype=np.float64)
    intercept = np.full(n_labels, -10.0)
    classes = model.classes_.astype(int)
    if len(classes) == 2:
        # scikit-learn keeps one row for two classes; spell out both sides.
        coef[classes[1]], intercept[classes[1]] = model.coef_[0], model.intercept_[0]
        coef[classes[0]], intercept[classes[0]] = -model.coef_[0], -model.intercept_[0]
    else:
        coef[classes], intercept[classes] = model.coef_, model.intercept_
    # float32 halves the model's memory and file size; scores only need a few significant digits.
    return coef.astype(np.float32), intercept


def _fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising out-of-fold log loss (temperature scaling)."""

    def nll(log_t: float) -> float:
        p = _softmax(scores * np.exp(log_t))
        return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)).mean())

    res = minimize_scalar(nll, bounds=(-3.0, 5.0), method="bounded")
    return float(np.exp(res.x))


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 15) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width confidence bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        mask = (confidence > lo) & (confidence <= hi)
        if mask.any():
            total += mask.mean() * abs(float(correct[mask].mean()) - float(confidence[mask].mean()))
    return total


def _held_out_class_threshold(
    texts: Sequence[str], y: np.ndarray, n_labels: int, config: TrainConfig, seed: int, temperature: float
) -> tuple[float, dict[str, Any]]:
    """Rehearse out-of-scope traffic with the training data alone, and pick the threshold it suggests.

    Each round hides a fifth of the categories entirely and a fifth of the examples of the rest, trains on
    what is left, and scores both: the hidden categories play tickets "unlike any trained category". The
    threshold maximises (in-scope accuracy counting rejections as wrong) + (share of hidden-category texts
    rejected), the two numbers a brand cares about, weighted equally.
    """
    rng = np.random.default_rng(seed)
    rounds = 5
    groups = np.array_split(rng.permutation(n_labels), rounds)
    fold = np.zeros(len(y), dtype=int)
    splitter = StratifiedKFold(n_splits=rounds, shuffle=True, random_state=seed + 1)
    for k, (_, test_idx) in enumerate(splitter.split(np.zeros(len(y)), y)):
        fold[test_idx] = k
    in_conf: list[np.ndarray] = []
    in_ok: list[np.ndarray] = []
    out_conf: list[np.ndarray] = []
    for k in range(rounds):
        hidden = np.isin(y, groups[k])
        train_idx = np.flatnonzero(~hidden & (fold != k)).tolist()
        in_idx = np.flatnonzero(~hidden & (fold == k)).tolist()
        out_idx = np.flatnonzero(hidden & (fold == k)).tolist()
        views = [FittedView.fit(spec, [texts[i] for i in train_idx]) for spec in config.views]
        coef, intercept = _fit_linear(
            transform(views, [texts[i] for i in train_idx]), y[train_idx], n_labels, config.c, seed
        )
        for idx, sink in ((in_idx, in_conf), (out_idx, out_conf)):
            scores = np.asarray(transform(views, [texts[i] for i in idx]) @ coef.T) + intercept
            proba = _softmax(scores * temperature)
            sink.append(proba.max(axis=1))
            if sink is in_conf:
                in_ok.append(proba.argmax(axis=1) == y[idx])
    conf_in, ok_in, conf_out = np.concatenate(in_conf), np.concatenate(in_ok), np.concatenate(out_conf)
    candidates = np.unique(np.concatenate([[0.0], np.quantile(conf_in, np.linspace(0, 0.5, 101))]))
    best_tau, best = 0.0, -1.0
    for tau in candidates:
        value = float((ok_in & (conf_in >= tau)).mean() + (conf_out < tau).mean())
        if value > best:
            best_tau, best = float(tau), value
    details = {
        "rounds": rounds,
        "threshold": round(best_tau, 4),
        "in_scope_accuracy": round(float((ok_in & (conf_in >= best_tau)).mean()), 4),
        "hidden_rejected": round(float((conf_out < best_tau).mean()), 4),
        "in_scope_rejected": round(float((conf_in < best_tau).mean()), 4),
    }
    return best_tau, details


def _version(texts: Sequence[str], labels: Sequence[str], config: TrainConfig, seed: int) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(_config_dict(config), sort_keys=True).encode())
    h.update(str(seed).encode())
    for t, label in zip(texts, labels, strict=True):
        h.update(label.encode() + b"\x1f" + t.encode() + b"\x1e")
    return "r1-" + h.hexdigest()[:12]


def train_router(
    texts: list[str], labels: list[str], *, seed: int = 0, config: TrainConfig | None = None
) -> Router:
    """Train a router on labelled texts; calibration and rejection are set from out-of-fold predictions."""
    config = config or TrainConfig()
    if len(texts) != len(labels):
        raise RouterError(f"{len(texts)} texts but {len(labels)} labels")
    counts = Counter(labels)
    if len(counts) < 2:
        raise RouterError("need at least two categories to train a router")
    names = tuple(sorted(counts))
    index = {name: i for i, name in enumerate(names)}
    y = np.array([index[label] for label in labels])

    views = [FittedView.fit(spec, texts) for spec in config.views]
    x = transform(views, texts)
    coef, intercept = _fit_linear(x, y, len(names), config.c, seed)

    folds = min(config.folds, min(counts.values()))
    report: dict[str, Any] = {"folds": folds}
    if folds >= 2:
        oof = np.zeros((len(texts), len(names)))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        for train_idx, test_idx in splitter.split(np.zeros(len(y)), y):
            # Views are refitted per fold so unseen words stay unseen, as they will be in production.
            fold_views = [FittedView.fit(spec, [texts[i] for i in train_idx]) for spec in config.views]
            xf = transform(fold_views, [texts[i] for i in train_idx])
            c_f, b_f = _fit_linear(xf, y[train_idx], len(names), config.c, seed)
            oof[test_idx] = np.asarray(transform(fold_views, [texts[i] for i in test_idx]) @ c_f.T) + b_f
        temperature = _fit_temperature(oof, y)
        proba = _softmax(oof * temperature)
        confidence = proba.max(axis=1)
        correct = proba.argmax(axis=1) == y
        # A router that is rarely wrong out of fold need not turn away a full reject_rate of its own kind of
        # ticket: reject at most twice its out-of-fold error rate (on near-separable categories the 5th
        # percentile sits at 0.997 and would send confident, correct tickets to a human as "out of scope").
        rate = min(config.reject_rate, 2.0 * float(1.0 - correct.mean()))
        quantile_rule = float(np.quantile(confidence, rate)) if rate > 0 else 0.0
        reject_below = quantile_rule
        report["effective_reject_rate"] = round(rate, 4)
        if config.rejection == "held_out_classes" and len(names) >= 4:
            reject_below, rehearsal = _held_out_class_threshold(
                texts, y, len(names), config, seed, temperature
            )
            report["held_out_classes"] = rehearsal
        report["threshold_quantile_rule"] = round(quantile_rule, 4)
        report.update(
            {
                "oof_accuracy": round(float(correct.mean()), 4),
                "oof_ece": round(float(expected_calibration_error(confidence, correct)), 4),
                "oof_rejected": round(float((confidence < reject_below).mean()), 4),
                # What other rejection rates would have chosen, for an operator weighing the trade-off.
                "oof_confidence_quantiles": {
                    str(q): round(float(np.quantile(confidence, q)), 4)
                    for q in (0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3)
                },
            }
        )
    else:
        # Too few examples per category to cross-validate: an uncalibrated softmax, and no rejection.
        temperature, reject_below = 1.0, 0.0
        report["note"] = "too few examples per category for cross-validation: no calibration, no rejection"

    return Router(
        labels=names,
        views=views,
        coef=coef,
        intercept=intercept,
        temperature=temperature,
        reject_below=reject_below,
        config=config,
        version=_version(texts, labels, config, seed),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        training_size=len(texts),
        class_counts={name: counts[name] for name in names},
        report=report,
    )
