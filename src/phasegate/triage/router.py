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
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from phasegate.triage.features import FittedView, ViewSpec, transform
from phasegate.triage.markup import as_text
from phasegate.triage.scope import ScopeModel
from phasegate.triage.signatures import without_sign_off
from phasegate.triage.spelling import respeller


def has_static_encoder() -> bool:
    """Whether this install ships the distilled static encoder."""
    return has_encoder("minilm-static")


def _load_encoder(name: str) -> Any:
    if name == "minilm-static":
        from phasegate.encoders.static import default_encoder

        return default_encoder()
    if name == "minilm":
        from phasegate.encoders.minilm import default_encoder as minilm

        return minilm()
    return None


def has_encoder(name: str) -> bool:
    """Whether this install has the encoder: "minilm-static" (bundled) or "minilm" (optional weights)."""
    return _load_encoder(name) is not None


def get_encoder(name: str) -> Any:
    """The encoder a router was trained with (loaded once per process); RouterError when it is missing."""
    encoder = _load_encoder(name)
    if encoder is None:
        raise RouterError(f"this router needs the {name!r} encoder, which this install does not have")
    return encoder


FORMAT = 1
META_FILE = "router.json"
MODEL_FILE = "model.npz"
#: Confidence ceiling of a text the scope rules call out of scope (gibberish, another language, unknown).
RULED_OUT_CAP = 0.3
#: Highest rejection threshold a calibration set may choose (see `calibrate`).
MAX_REJECT = 0.5

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
    #: so it is an option, not the default (docs/benchmarks.md). "rehearsal": the same rehearsal fits the
    #: calibrators of a calibration set (P(some category fits), with the encoder's distance among its inputs)
    #: when the training data has no off-topic text; an option until measured beyond CLINC150.
    rejection: str = "quantile"
    #: Share of the training examples (out of fold) that the quantile rule may call out of scope; lowered to
    #: twice the out-of-fold error rate when that is smaller.
    reject_rate: float = 0.05
    #: A second ask is reported when a segment's own category reaches this calibrated probability.
    secondary_min: float = 0.5
    #: Dense sentence vectors beside the n-gram views: "minilm-static" (the bundled distillation) or "" (none;
    #: the default until its figures are measured, docs/confidence-and-encoder.md).
    encoder: str = ""
    encoder_weight: float = 1.0
    #: Share of training texts whose encoder distance to the nearest category (Mahalanobis, shared covariance)
    #: is called novel; beyond that distance a ticket is out of scope whatever the classifier says.
    novelty_rate: float = 0.02
    #: Ridge added to the shared covariance of the novelty distance, as a share of its mean variance: small
    #: trusts every direction of the encoder's space, large tends to plain Euclidean distance.
    novelty_shrinkage: float = 0.1
    #: Share of a support inbox assumed to be text no category fits, when a calibration set is given: the
    #: in-scope calibrator's odds are moved from the calibration set's own mix (often half off-topic, so that
    #: both sides are learnt) to this share, by Bayes' rule.
    off_topic_prior: float = 0.1
    #: Which categories a rehearsal round hides together: "random" groups (a hidden category usually has a
    #: visible sibling, so the rehearsal learns to turn away near misses), "similar" groups (whole families
    #: of alike categories hidden at once, as a ticket from another domain would be unlike all of them), or
    #: "both" (five rounds of each, twice the rehearsal's training time).
    rehearsal_groups: str = "random"


@dataclass(frozen=True, slots=True)
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
    #: Word-likeness and known-vocabulary rules; None for a router saved before they existed.
    scope: ScopeModel | None = None
    #: Logistic weights (intercept first) over ScopeModel.features: probability that the best guess is right
    #: for a text some category fits, fitted on held-out in-scope text; None means the temperature-scaled
    #: probability is the confidence.
    calibrator: np.ndarray | None = None
    #: Logistic weights (intercept first, prior-corrected) over the same features: probability that some
    #: category fits the text at all. Confidence is the product of the two; None means in scope is assumed.
    scope_calibrator: np.ndarray | None = None
    #: Category means of the encoder vectors and a whitening matrix (Mahalanobis), with the novelty threshold.
    novelty: dict[str, np.ndarray] | None = None

    # -- inference ------------------------------------------------------------------------------------------
    def dense(self, texts: Sequence[str]) -> np.ndarray | None:
        """The encoder's vectors for texts, or None for a router without an encoder."""
        if not self.config.encoder:
            return None
        out: np.ndarray = get_encoder(self.config.encoder).encode(texts)
        return out

    def scores(self, texts: Sequence[str], dense: np.ndarray | None = None) -> np.ndarray:
        """Raw linear scores, one row per text, one column per label."""
        x = transform(self.views, texts)
        width = x.shape[1]
        out: np.ndarray = np.asarray(x @ self._ngram_coef(width)) + self.intercept
        if self.config.encoder:
            vectors = self.dense(texts) if dense is None else dense
            assert vectors is not None
            out += (vectors * self.config.encoder_weight) @ self.coef[:, width:].T
        return out

    def _ngram_coef(self, width: int) -> np.ndarray:
        """The n-gram block of the weights, transposed and contiguous, kept: the sparse product would copy
        a strided view of every weight on each call (milliseconds, whatever the number of texts)."""
        cached = self.__dict__.get("_coef_t")
        if cached is None or cached[0] is not self.coef or cached[1].shape[0] != width:
            cached = self.__dict__["_coef_t"] = (self.coef, np.ascontiguousarray(self.coef[:, :width].T))
        out: np.ndarray = cached[1]
        return out

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated class probabilities, one row per text."""
        return _softmax(self.scores(texts) * self.temperature)

    def assess(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(class probabilities, novelty) per text; novelty is the encoder distance over its threshold."""
        dense = self.dense(texts)
        proba = _softmax(self.scores(texts, dense) * self.temperature)
        return proba, self.novelty_of(dense, len(texts))

    def novelty_of(self, dense: np.ndarray | None, n: int) -> np.ndarray:
        """Squared Mahalanobis distance to the nearest category mean over the novelty threshold (1 = edge)."""
        if dense is None or self.novelty is None:
            return np.zeros(n)
        return _novelty_distance(self.novelty, dense)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Category and confidence per text, each read as `read` reads it (as triage does); below the
        rejection threshold the category is None."""
        read = [self.read(t) for t in texts]
        proba, novelty = self.assess(read)
        return self.predictions(proba, read, novelty)

    def read(self, text: str) -> str:
        """A message as the router reads it: an HTML body as its text (`markup`), without the writer's
        sign-off ("Best, Tomasz Kowalczyk"), whose unfamiliar name would make a plain ask look unlike
        training (`signatures`), and with its typos respelt ("refnud" -> "refund", `spelling`). Without a
        scope model no word is known to be a name, so bare names stay."""
        text = without_sign_off(as_text(text), self.scope.knows if self.scope is not None else _knows_all)
        respell = self._respell()
        return text if respell is None else respell(text)

    def _respell(self) -> Callable[[str], str] | None:
        """The router's speller, built on first need and kept (its index takes a few milliseconds)."""
        cached = self.__dict__.get("_respell_for")
        if cached is None or cached[0] is not self.views:
            cached = self.__dict__["_respell_for"] = (self.views, respeller(self.views, self.training_size))
        out: Callable[[str], str] | None = cached[1]
        return out

    def confidence(
        self, texts: Sequence[str], proba: np.ndarray, novelty: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(confidence that the best guess is right, out of scope by rule) per text."""
        conf = proba.max(axis=1) if len(proba) else np.zeros(0)
        novelty = np.zeros(len(conf)) if novelty is None else novelty
        ruled = novelty > 1.0
        if self.scope is None or not len(texts):
            return conf, ruled
        measures, ceilings = self.scope.measures_and_ceilings(texts)
        if self.calibrator is not None:
            feats = self.scope.features(texts, proba, novelty, measures)
            conf = _logistic(feats, self.calibrator)
            if self.scope_calibrator is not None:
                fits = _logistic(feats, self.scope_calibrator)
                conf = conf * fits
                # Out of scope means no category fits, not "unsure which of two fits": the threshold is on
                # P(fits); an in-scope ask the classifier splits keeps its category at low confidence.
                ruled = ruled | (fits < self.reject_below)
        out, cap = self.scope.gate_many(measures)
        cap = np.minimum(cap, ceilings)
        ruled = ruled | out
        # np.minimum picks the same number as min(); written back in conf's own dtype as before.
        conf[:] = np.minimum(conf, np.where(ruled, RULED_OUT_CAP, cap))
        return conf, ruled

    def predictions(
        self, proba: np.ndarray, texts: Sequence[str] | None = None, novelty: np.ndarray | None = None
    ) -> list[Prediction]:
        """Turn calibrated probabilities into verdicts; with the texts, scope rules and calibrator apply."""
        best = proba.argmax(axis=1)
        if texts is None:
            conf, ruled = proba.max(axis=1), np.zeros(len(proba), dtype=bool)
        else:
            conf, ruled = self.confidence(texts, proba, novelty)
        below = conf.astype(np.float64) < self.reject_below
        rejected = ruled | below if self.scope_calibrator is None else ruled
        labels = [self.labels[i] for i in best.tolist()]
        return [
            Prediction(None if r else label, c, label, r)
            for c, r, label in zip(conf.tolist(), rejected.tolist(), labels, strict=True)
        ]

    # -- persistence ----------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the model folder: router.json (metadata) and model.npz (arrays)."""
        path.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {"coef": self.coef, "intercept": self.intercept}
        for i, view in enumerate(self.views):
            arrays[f"view{i}_terms"] = np.array(view.terms, dtype=np.str_)
            arrays[f"view{i}_idf"] = view.idf
        if self.scope is not None:
            arrays.update(self.scope.arrays())
        if self.calibrator is not None:
            arrays["calibrator"] = self.calibrator
        if self.scope_calibrator is not None:
            arrays["scope_calibrator"] = self.scope_calibrator
        if self.novelty is not None:
            arrays.update({f"novelty_{k}": v for k, v in self.novelty.items()})
        np.savez_compressed(path / MODEL_FILE, **arrays)  # type: ignore[arg-type]
        meta = {
            "format": FORMAT,
            "version": self.version,
            "created_at": self.created_at,
            "labels": list(self.labels),
            "training_size": self.training_size,
            "class_counts": self.class_counts,
            "calibration": {
                "method": "temperature" if self.calibrator is None else "temperature+logistic",
                "temperature": self.temperature,
                "logistic": None
                if self.calibrator is None
                else [round(float(w), 6) for w in self.calibrator],
                "in_scope_logistic": None
                if self.scope_calibrator is None
                else [round(float(w), 6) for w in self.scope_calibrator],
            },
            "rejection": {
                "rule": "max calibrated probability below threshold is out of scope"
                if self.scope_calibrator is None
                else "probability that some category fits below threshold is out of scope",
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
                scope = ScopeModel.from_arrays(npz) if "scope_trigrams" in npz else None
                calibrator = npz["calibrator"].astype(np.float64) if "calibrator" in npz else None
                scope_calibrator = (
                    npz["scope_calibrator"].astype(np.float64) if "scope_calibrator" in npz else None
                )
                novelty = (
                    {k: npz[f"novelty_{k}"] for k in ("means", "whiten", "threshold")}
                    if "novelty_means" in npz
                    else None
                )
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
            scope=scope,
            calibrator=calibrator,
            scope_calibrator=scope_calibrator,
            novelty=novelty,
        )


def _knows_all(word: str) -> bool:
    return True


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
        # Routers saved before the encoder existed have none.
        encoder=str(d.get("encoder", "")),
        encoder_weight=float(d.get("encoder_weight", 1.0)),
        novelty_rate=float(d.get("novelty_rate", 0.02)),
        novelty_shrinkage=float(d.get("novelty_shrinkage", 0.1)),
        off_topic_prior=float(d.get("off_topic_prior", 0.1)),
        rehearsal_groups=str(d.get("rehearsal_groups", "random")),
    )


def _logistic(features: np.ndarray, weights: np.ndarray) -> np.ndarray:
    # The dot product column by column, not through BLAS: BLAS sums a row differently depending on how many
    # rows there are, and a text's confidence must not depend on the batch it came in.
    z = np.zeros(len(features))
    for k in range(features.shape[1]):
        z += features[:, k] * weights[k + 1]
    out: np.ndarray = 1.0 / (1.0 + np.exp(-(z + weights[0])))
    return out


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


def _stack(x: Any, dense: np.ndarray | None, weight: float) -> Any:
    """The n-gram block with the encoder's vectors (times their weight) appended as dense columns."""
    if dense is None:
        return x
    return sparse.hstack([x, sparse.csr_matrix(dense * weight)], format="csr")


def _rows(dense: np.ndarray | None, idx: Any) -> np.ndarray | None:
    return None if dense is None else dense[np.asarray(idx, dtype=int)]


def _fit_novelty(
    dense: np.ndarray, y: np.ndarray, n_labels: int, rate: float, shrinkage: float = 0.1
) -> dict[str, np.ndarray]:
    """Category means, a shared-covariance whitening matrix, and the distance `rate` of training exceeds."""
    means = np.zeros((n_labels, dense.shape[1]))
    for c in range(n_labels):
        if (y == c).any():
            means[c] = dense[y == c].mean(axis=0)
    centred = dense - means[y]
    cov = np.cov(centred, rowvar=False)
    # Shrinkage keeps the inverse stable where a direction barely varies.
    cov += np.eye(len(cov)) * shrinkage * float(np.trace(cov)) / len(cov)
    whiten = np.linalg.cholesky(np.linalg.inv(cov))
    z, m = dense @ whiten, means @ whiten
    d = ((z * z).sum(axis=1)[:, None] - 2.0 * z @ m.T + (m * m).sum(axis=1)[None, :]).min(axis=1)
    return {
        "means": m.astype(np.float32),
        "whiten": whiten.astype(np.float32),
        "threshold": np.array([float(np.quantile(d, 1.0 - rate))]),
    }


@dataclass
class _Round:
    """One rehearsal round: the texts trained on, those of visible categories held out (in) and of hidden
    categories (out), and the raw scores of the model trained on the first for the other two."""

    train_idx: list[int]
    in_idx: list[int]
    out_idx: list[int]
    scores_in: np.ndarray
    scores_out: np.ndarray


def _rehearsal_rounds(
    texts: Sequence[str],
    y: np.ndarray,
    n_labels: int,
    config: TrainConfig,
    seed: int,
    dense: np.ndarray | None = None,
) -> list[_Round]:
    """Rehearse out-of-scope traffic with the training data alone: five rounds, each hiding a fifth of the
    categories entirely and a fifth of the examples of the rest, training on what is left and scoring both.
    The hidden categories play tickets "unlike any trained category"; `config.rehearsal_groups` says which
    categories are hidden together (with "both", two sets of five rounds)."""
    rng = np.random.default_rng(seed)
    rounds = 5
    partitions = []
    if config.rehearsal_groups in ("random", "both"):
        partitions.append(np.array_split(rng.permutation(n_labels), rounds))
    if config.rehearsal_groups in ("similar", "both"):
        partitions.append(_similar_groups(_category_means(texts, y, n_labels, config, dense), rounds, seed))
    if not partitions:
        raise RouterError(
            f"rehearsal_groups must be random, similar or both, not {config.rehearsal_groups!r}"
        )
    fold = np.zeros(len(y), dtype=int)
    splitter = StratifiedKFold(n_splits=rounds, shuffle=True, random_state=seed + 1)
    for k, (_, test_idx) in enumerate(splitter.split(np.zeros(len(y)), y)):
        fold[test_idx] = k
    out: list[_Round] = []
    w = config.encoder_weight
    for groups in partitions:
        for k in range(rounds):
            hidden = np.isin(y, groups[k])
            train_idx = np.flatnonzero(~hidden & (fold != k)).tolist()
            in_idx = np.flatnonzero(~hidden & (fold == k)).tolist()
            out_idx = np.flatnonzero(hidden & (fold == k)).tolist()
            views = [FittedView.fit(spec, [texts[i] for i in train_idx]) for spec in config.views]
            coef, intercept = _fit_linear(
                _stack(transform(views, [texts[i] for i in train_idx]), _rows(dense, train_idx), w),
                y[train_idx],
                n_labels,
                config.c,
                seed,
            )
            scored = []
            for idx in (in_idx, out_idx):
                xi = _stack(transform(views, [texts[i] for i in idx]), _rows(dense, idx), w)
                scored.append(np.asarray(xi @ coef.T) + intercept)
            out.append(_Round(train_idx, in_idx, out_idx, scored[0], scored[1]))
    return out


def _category_means(
    texts: Sequence[str], y: np.ndarray, n_labels: int, config: TrainConfig, dense: np.ndarray | None
) -> np.ndarray:
    """Each category's mean feature vector, unit length: the encoder's vectors when there are any, else the
    first n-gram view's."""
    if dense is None:
        view = FittedView.fit(config.views[0], texts)
        rows = transform([view], texts)
        means = np.vstack([np.asarray(rows[y == c].mean(axis=0)).ravel() for c in range(n_labels)])
    else:
        means = np.vstack([dense[y == c].mean(axis=0) for c in range(n_labels)])
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    out: np.ndarray = means / np.where(norms > 0, norms, 1.0)
    return out


def _similar_groups(means: np.ndarray, k: int, seed: int, restarts: int = 8) -> list[np.ndarray]:
    """Split the categories into k groups of near-equal size, alike categories together: k-means on the unit
    category means (cosine), each pass assigning the closest (category, centre) pairs first while the centre
    has room, so no group swallows the rest; the best of a few seeded starts (most similarity to centres)."""
    n = len(means)
    sizes = [len(g) for g in np.array_split(np.arange(n), k)]
    rng = np.random.default_rng(seed)
    best, best_fit = np.zeros(n, dtype=int), -np.inf
    for _ in range(restarts):
        # k-means++ seeding: each next centre drawn far from those chosen.
        chosen = [means[rng.integers(n)]]
        while len(chosen) < k:
            d = np.min(1.0 - means @ np.array(chosen).T, axis=1).clip(min=0)
            chosen.append(means[rng.choice(n, p=d / d.sum()) if d.sum() > 0 else rng.integers(n)])
        centres = np.array(chosen)
        assign = np.full(n, -1)
        for _ in range(20):
            new = np.full(n, -1)
            room = list(sizes)
            for flat in np.argsort(-(means @ centres.T), axis=None):
                i, j = divmod(int(flat), k)
                if new[i] < 0 and room[j] > 0:
                    new[i], room[j] = j, room[j] - 1
            if (new == assign).all():
                break
            assign = new
            for j in range(k):
                centre = means[assign == j].mean(axis=0)
                centres[j] = centre / max(float(np.linalg.norm(centre)), 1e-12)
        fit = float((means * centres[assign]).sum())
        if fit > best_fit:
            best, best_fit = assign, fit
    return [np.flatnonzero(best == j) for j in range(k)]


def _novelty_distance(novelty: dict[str, np.ndarray], dense: np.ndarray) -> np.ndarray:
    """Squared Mahalanobis distance to the nearest category mean over the novelty threshold (1 = edge)."""
    z = dense @ novelty["whiten"]
    m = novelty["means"]
    d = (z * z).sum(axis=1)[:, None] - 2.0 * z @ m.T + (m * m).sum(axis=1)[None, :]
    out: np.ndarray = d.min(axis=1) / float(novelty["threshold"][0])
    return out


def _held_out_class_threshold(
    y: np.ndarray, rounds: list[_Round], temperature: float
) -> tuple[float, dict[str, Any]]:
    """The maximum-probability threshold the rehearsal suggests.

    It maximises (in-scope accuracy counting rejections as wrong) + (share of hidden-category texts
    rejected), the two numbers a brand cares about, weighted equally.
    """
    in_conf: list[np.ndarray] = []
    in_ok: list[np.ndarray] = []
    out_conf: list[np.ndarray] = []
    for r in rounds:
        proba = _softmax(r.scores_in * temperature)
        in_conf.append(proba.max(axis=1))
        in_ok.append(proba.argmax(axis=1) == y[r.in_idx])
        out_conf.append(_softmax(r.scores_out * temperature).max(axis=1))
    conf_in, ok_in, conf_out = np.concatenate(in_conf), np.concatenate(in_ok), np.concatenate(out_conf)
    candidates = np.unique(np.concatenate([[0.0], np.quantile(conf_in, np.linspace(0, 0.5, 101))]))
    best_tau, best = 0.0, -1.0
    for tau in candidates:
        value = float((ok_in & (conf_in >= tau)).mean() + (conf_out < tau).mean())
        if value > best:
            best_tau, best = float(tau), value
    details = {
        "rounds": len(rounds),
        "threshold": round(best_tau, 4),
        "in_scope_accuracy": round(float((ok_in & (conf_in >= best_tau)).mean()), 4),
        "hidden_rejected": round(float((conf_out < best_tau).mean()), 4),
        "in_scope_rejected": round(float((conf_in < best_tau).mean()), 4),
    }
    return best_tau, details


def _rehearsed_calibration(
    router: Router, texts: Sequence[str], y: np.ndarray, rounds: list[_Round], dense: np.ndarray | None
) -> None:
    """Fit the two calibrators and the P(fits) threshold on the rehearsal (in place): the hidden categories'
    texts play text no category fits, the held-out texts of the visible ones play in-scope tickets.

    Everything a round's texts are measured with is refitted on that round's training texts alone (word
    shapes and vocabulary, the encoder's category means), so a hidden category's words and sentences are as
    unseen as an off-topic ticket's would be.
    """
    feats, correct, known, ruled, conf_cap = [], [], [], [], []
    for r in rounds:
        train_texts = [texts[i] for i in r.train_idx]
        scope = ScopeModel.fit(train_texts)
        n, cfg = len(router.labels), router.config
        model = (
            None
            if dense is None
            else _fit_novelty(dense[r.train_idx], y[r.train_idx], n, cfg.novelty_rate, cfg.novelty_shrinkage)
        )
        for idx, scores, is_known in ((r.in_idx, r.scores_in, True), (r.out_idx, r.scores_out, False)):
            part = [texts[i] for i in idx]
            proba = _softmax(scores * router.temperature)
            novelty = (
                np.zeros(len(idx)) if dense is None or model is None else _novelty_distance(model, dense[idx])
            )
            gates = [scope.gate(t) for t in part]
            feats.append(scope.features(part, proba, novelty))
            correct.append(proba.argmax(axis=1) == y[idx])
            known.append(np.full(len(idx), is_known))
            ruled.append((novelty > 1.0) | np.array([g[0] for g in gates], dtype=bool))
            conf_cap.append(np.array([g[1] for g in gates]))
    x, ok, kn, out = np.vstack(feats), np.concatenate(correct), np.concatenate(known), np.concatenate(ruled)
    _fit_calibrators(router, x, ok, kn)
    _choose_fits_threshold(router, x, ok, kn, out)
    assert router.calibrator is not None and router.scope_calibrator is not None
    conf = _logistic(x, router.calibrator) * _logistic(x, router.scope_calibrator)
    conf = np.minimum(conf, np.where(out, RULED_OUT_CAP, np.concatenate(conf_cap)))
    fits = _logistic(x, router.scope_calibrator)
    turned = out | (fits < router.reject_below)
    report = _calibration_report(router, conf, ok, kn)
    report.update(
        {
            "source": "rehearsal: hidden categories play text no category fits",
            "in_scope_accuracy": round(float((ok & ~turned)[kn].mean()), 4),
            "hidden_rejected": round(float(turned[~kn].mean()), 4),
            "in_scope_rejected": round(float(turned[kn].mean()), 4),
        }
    )
    router.report["rehearsal"] = report


def _version(texts: Sequence[str], labels: Sequence[str], config: TrainConfig, seed: int) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(_config_dict(config), sort_keys=True).encode())
    h.update(str(seed).encode())
    for t, label in zip(texts, labels, strict=True):
        h.update(label.encode() + b"\x1f" + t.encode() + b"\x1e")
    return "r1-" + h.hexdigest()[:12]


def train_router(
    texts: list[str],
    labels: list[str],
    *,
    seed: int = 0,
    config: TrainConfig | None = None,
    calibration: tuple[Sequence[str], Sequence[str | None]] | None = None,
) -> Router:
    """Train a router on labelled texts; calibration and rejection are set from out-of-fold predictions.

    With `calibration` (held-out texts and their categories, None for a text no category fits), the
    confidence is instead a logistic calibrator fitted on those texts, and so is the rejection threshold.
    """
    config = config or TrainConfig()
    if config.encoder == "minilm-static" and not has_static_encoder():
        # An install without the distilled vectors trains on the n-gram views alone, and says so.
        config = replace(config, encoder="")
    if config.encoder and not has_encoder(config.encoder):
        raise RouterError(f"encoder {config.encoder!r} is not installed (docs/confidence-and-encoder.md)")
    if len(texts) != len(labels):
        raise RouterError(f"{len(texts)} texts but {len(labels)} labels")
    counts = Counter(labels)
    if len(counts) < 2:
        raise RouterError("need at least two categories to train a router")
    names = tuple(sorted(counts))
    index = {name: i for i, name in enumerate(names)}
    y = np.array([index[label] for label in labels])

    views = [FittedView.fit(spec, texts) for spec in config.views]
    # Encoded once; every fold takes its rows.
    dense = get_encoder(config.encoder).encode(texts) if config.encoder else None
    w = config.encoder_weight
    x = _stack(transform(views, texts), dense, w)
    coef, intercept = _fit_linear(x, y, len(names), config.c, seed)

    folds = min(config.folds, min(counts.values()))
    report: dict[str, Any] = {"folds": folds}
    rounds: list[_Round] = []
    if folds >= 2:
        oof = np.zeros((len(texts), len(names)))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        for train_idx, test_idx in splitter.split(np.zeros(len(y)), y):
            # Views are refitted per fold so unseen words stay unseen, as they will be in production.
            fold_views = [FittedView.fit(spec, [texts[i] for i in train_idx]) for spec in config.views]
            xf = _stack(transform(fold_views, [texts[i] for i in train_idx]), _rows(dense, train_idx), w)
            c_f, b_f = _fit_linear(xf, y[train_idx], len(names), config.c, seed)
            xt = _stack(transform(fold_views, [texts[i] for i in test_idx]), _rows(dense, test_idx), w)
            oof[test_idx] = np.asarray(xt @ c_f.T) + b_f
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
        if config.rejection in ("held_out_classes", "rehearsal") and len(names) >= 4:
            rounds = _rehearsal_rounds(texts, y, len(names), config, seed, dense)
        if config.rejection == "held_out_classes" and rounds:
            reject_below, rehearsal = _held_out_class_threshold(y, rounds, temperature)
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

    router = Router(
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
        scope=ScopeModel.fit(texts),
        novelty=None
        if dense is None
        else _fit_novelty(dense, y, len(names), config.novelty_rate, config.novelty_shrinkage),
    )
    if calibration is not None:
        calibrate(router, list(calibration[0]), list(calibration[1]))
    elif config.rejection == "rehearsal" and rounds:
        try:
            _rehearsed_calibration(router, texts, y, rounds, dense)
        except RouterError as exc:
            # Categories so separable that the rehearsal never guesses wrong teach no calibrator: the
            # quantile rule stays, and the report says why.
            router.report["rehearsal"] = {"skipped": str(exc)}
    return router


def calibrate(
    router: Router,
    texts: list[str],
    labels: list[str | None],
    assessed: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """Fit the two calibrators and the rejection threshold on held-out texts (in place).

    `assessed` gives (class probabilities, novelty) per text when they come from elsewhere than this router:
    cross-fitting, where texts the router trains on are scored by routers trained without them.

    Confidence = P(some category fits) x P(the best guess is right | some category fits). The second factor
    is fitted on the held-out texts that have a category only, so texts no category fits do not teach it that
    an in-scope but ambiguous ask is probably wrong. The first is fitted on all of them, and its odds moved
    from the calibration set's mix of in-scope and off-topic text to `config.off_topic_prior` (Bayes' rule):
    a set that is half off-topic, so that both sides are learnt, is not an inbox that is half off-topic.
    """
    assert router.scope is not None
    proba, novelty = router.assess(texts) if assessed is None else assessed
    best = np.array([router.labels[i] for i in proba.argmax(axis=1)], dtype=object)
    gold = np.array(labels, dtype=object)
    correct = best == gold
    known = np.array([g is not None for g in labels], dtype=bool)
    feats = router.scope.features(texts, proba, novelty)
    _fit_calibrators(router, feats, correct, known)
    router.reject_below = 0.0
    conf, ruled = router.confidence(texts, proba, novelty)
    _choose_fits_threshold(router, feats, correct, known, ruled)
    router.report["calibration_set"] = _calibration_report(router, conf, correct, known)


def _fit_calibrators(router: Router, feats: np.ndarray, correct: np.ndarray, known: np.ndarray) -> None:
    """P(the best guess is right | some category fits) on the known texts; P(some category fits) on all,
    its odds moved to `config.off_topic_prior`."""
    from sklearn.linear_model import LogisticRegression

    if known.all() or not correct[known].any() or correct[known].all():
        raise RouterError("a calibration set needs right and wrong guesses, and texts no category fits")
    right = LogisticRegression(C=1.0, max_iter=1000).fit(feats[known], correct[known].astype(int))
    router.calibrator = np.concatenate([right.intercept_, right.coef_[0]]).astype(np.float64)
    fits = LogisticRegression(C=1.0, max_iter=1000).fit(feats, known.astype(int))
    prior = router.config.off_topic_prior
    shift = float(np.log((1.0 - prior) / prior) - np.log(known.sum() / (~known).sum()))
    router.scope_calibrator = np.concatenate([fits.intercept_ + shift, fits.coef_[0]]).astype(np.float64)


def _choose_fits_threshold(
    router: Router, feats: np.ndarray, correct: np.ndarray, known: np.ndarray, ruled: np.ndarray
) -> None:
    """The threshold on P(some category fits) that best serves both sides: right answers kept (among texts
    some category fits) and texts no category fits turned away, weighted equally. It stays at or under one
    half: a text more likely in scope than not is never "no category fits"."""
    assert router.scope_calibrator is not None
    fits = _logistic(feats, router.scope_calibrator)
    best_tau, best_value = 0.0, -1.0
    for tau in np.linspace(0.0, MAX_REJECT, 51):
        kept = correct & ~ruled & (fits >= tau)
        turned = ruled | (fits < tau)
        value = float(kept[known].mean()) + float(turned[~known].mean())
        if value > best_value:
            best_tau, best_value = float(tau), value
    router.reject_below = best_tau


def _calibration_report(
    router: Router, conf: np.ndarray, correct: np.ndarray, known: np.ndarray
) -> dict[str, Any]:
    return {
        "texts": len(known),
        "no_category_fits": int((~known).sum()),
        "off_topic_prior": router.config.off_topic_prior,
        "best_guess_accuracy": round(float(correct[known].mean()), 4),
        "ece_in_scope_in_sample": round(float(expected_calibration_error(conf[known], correct[known])), 4),
        "reject_below": round(router.reject_below, 4),
    }
