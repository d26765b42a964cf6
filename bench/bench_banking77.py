"""Banking77: 77 fine-grained banking intents. Accuracy, macro-F1 and calibration of the default router.

Trains on train.csv through `phasegate router train`'s path and triages test.csv; the n-gram baseline of the
issue (word + character TF-IDF, one linear SVM) runs in the same process for the comparison.
"""

from __future__ import annotations

import argparse
import csv
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

from _common import cache_encoder_vectors, dataset, table, train, triage, vector_cache
from phasegate.triage.router import TrainConfig, expected_calibration_error


def read(path: str) -> tuple[list[str], list[str]]:
    """Texts and labels of one split."""
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [r["text"] for r in rows], [r["category"] for r in rows]


def baseline(xtr: list[str], ytr: list[str], xte: list[str]) -> list[str]:
    """The issue's reference: word 1-2 and char_wb 2-5 TF-IDF, one LinearSVC."""
    from scipy.sparse import hstack

    w = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    c = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    a = hstack([w.fit_transform(xtr), c.fit_transform(xtr)]).tocsr()
    t = hstack([w.transform(xte), c.transform(xte)]).tocsr()
    return list(LinearSVC(C=0.5).fit(a, ytr).predict(t))


def main() -> None:
    """Train, triage, print the table. `--encoder minilm` adds the optional contextual encoder's vectors."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--encoder", default="", help="minilm or minilm-static (default: n-grams alone)")
    parser.add_argument("--encoder-weight", type=float, default=1.0)
    args = parser.parse_args()
    config = TrainConfig(encoder=args.encoder, encoder_weight=args.encoder_weight)
    if args.encoder == "minilm":
        cache_encoder_vectors(args.encoder, vector_cache())
    root = dataset("banking77")
    xtr, ytr = read(str(root / "train.csv"))
    xte, yte = read(str(root / "test.csv"))
    t0 = time.perf_counter()
    router = train(xtr, ytr, config=config)
    train_s = time.perf_counter() - t0
    results = triage(router, xte)
    best = np.array([a.best_guess for a in results])
    gold = np.array(yte)
    conf = np.array([a.confidence for a in results])
    correct = best == gold
    routed = np.array([a.category for a in results], dtype=object)
    base = np.array(baseline(xtr, ytr, xte))
    acc = float(correct.mean())
    base_acc = float((base == gold).mean())
    table(
        ["metric", "value"],
        [
            ("test accuracy (top category)", acc),
            ("baseline word+char TF-IDF + LinearSVC, same run", base_acc),
            ("gain over baseline (points)", round(100 * (acc - base_acc), 2)),
            ("macro-F1", float(f1_score(gold, best, average="macro"))),
            ("expected calibration error (15 bins)", expected_calibration_error(conf, correct)),
            ("out-of-fold ECE on train (router.json)", router.report.get("oof_ece", "")),
            ("rejected as out of scope (rule from training data)", float((routed == None).mean())),  # noqa: E711
            ("accuracy counting rejections as wrong", float((routed == gold).mean())),
            (
                "accuracy at confidence >= 0.80 (coverage)",
                f"{correct[conf >= 0.8].mean():.4f} ({(conf >= 0.8).mean():.3f})",
            ),
            ("train time, s (incl. 5-fold calibration)", round(train_s, 1)),
            ("encoder", f"{args.encoder or 'none'} (weight {args.encoder_weight})"),
            ("target", "accuracy >= 0.93"),
        ],
    )


if __name__ == "__main__":
    main()
