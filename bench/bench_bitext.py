"""Bitext customer support (27 intents, synthetic): accuracy overall and on its colloquial (Q), typo and
noise (Z), offensive (W) and keyword-only (K) slices, from the `tags` column.
"""

from __future__ import annotations

import csv
import time

import numpy as np

from _common import dataset, table, train, triage
from phasegate.triage.router import expected_calibration_error


def read(path: str) -> list[dict[str, str]]:
    """Rows of one split."""
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def main() -> None:
    """Train on train.csv, triage test.csv, print accuracy per slice."""
    root = dataset("bitext_customer_support") / "intent_detection"
    tr = read(str(root / "train.csv"))
    te = read(str(root / "test.csv"))
    t0 = time.perf_counter()
    router = train([r["utterance"] for r in tr], [r["intent"] for r in tr])
    train_s = time.perf_counter() - t0
    results = triage(router, [r["utterance"] for r in te])
    gold = np.array([r["intent"] for r in te])
    best = np.array([a.best_guess for a in results])
    routed = np.array([a.category for a in results], dtype=object)
    conf = np.array([a.confidence for a in results])
    tags = [r.get("tags", "") for r in te]
    rows: list[tuple[object, ...]] = [
        ("all", len(te), float((best == gold).mean()), float((routed == gold).mean()))
    ]
    for letter, name in (
        ("Q", "colloquial (Q)"),
        ("Z", "typos/noise (Z)"),
        ("W", "offensive (W)"),
        ("K", "keyword-only (K)"),
    ):
        mask = np.array([letter in t for t in tags])
        if mask.any():
            rows.append(
                (
                    name,
                    int(mask.sum()),
                    float((best[mask] == gold[mask]).mean()),
                    float((routed[mask] == gold[mask]).mean()),
                )
            )
    table(["slice", "n", "accuracy", "accuracy with rejection"], rows)
    print()
    table(
        ["metric", "value"],
        [
            ("ECE", expected_calibration_error(conf, best == gold)),
            ("rejected as out of scope", float((routed == None).mean())),  # noqa: E711
            ("train time, s", round(train_s, 1)),
        ],
    )


if __name__ == "__main__":
    main()
