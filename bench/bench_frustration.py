"""Frustration on real customer tweets to US airlines (evaluation only: CC BY-NC-SA, personal data; no tweet
is ever printed). Negative-vs-rest precision and recall of the frustration score against VADER alone.

The frustration weights were set by hand on written examples in tests/triage, never on these tweets.
"""

from __future__ import annotations

import csv
import html

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from _common import dataset, table
from phasegate.policy.schema import Policy
from phasegate.triage.conversation import from_texts
from phasegate.triage.frustration import frustration


def prf(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of boolean predictions."""
    tp = float((pred & gold).sum())
    p = tp / pred.sum() if pred.sum() else 0.0
    r = tp / gold.sum() if gold.sum() else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    """Score every tweet both ways and print the comparison."""
    path = dataset("twitter_us_airline_sentiment") / "tweets.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    texts = [html.unescape(r["text"]) for r in rows]
    gold = np.array([r["airline_sentiment"] == "negative" for r in rows])
    confident = np.array([float(r["airline_sentiment_confidence"] or 0) >= 0.9 for r in rows])
    vader = SentimentIntensityAnalyzer()
    compound = np.array([vader.polarity_scores(t)["compound"] for t in texts])
    threshold = Policy().thresholds.frustration
    ours = np.array([frustration(from_texts([t]), threshold).score for t in texts])
    out = []
    for subset, mask in (("all 14,640", np.ones(len(rows), bool)), ("agreement >= 0.9", confident)):
        g = gold[mask]
        for name, pred in (
            ("VADER compound <= -0.05", compound[mask] <= -0.05),
            ("VADER compound <= -0.5", compound[mask] <= -0.5),
            (f"frustration fired (score >= {threshold})", ours[mask] >= threshold),
            ("frustration score >= 0.4", ours[mask] >= 0.4),
            ("frustration score > 0 (any cue)", ours[mask] > 0),
        ):
            p, r, f = prf(pred, g)
            out.append((subset, name, p, r, f, float(pred.mean())))
    table(["tweets", "detector", "precision", "recall", "F1", "flagged share"], out)
    print()
    ranking = []
    for subset, mask in (("all 14,640", np.ones(len(rows), bool)), ("agreement >= 0.9", confident)):
        for name, score in (("VADER -compound", -compound[mask]), ("frustration score", ours[mask])):
            ranking.append(
                (subset, name, roc_auc_score(gold[mask], score), average_precision_score(gold[mask], score))
            )
    table(["tweets", "continuous score", "ROC AUC", "average precision"], ranking)
    print(
        f"\nnegative share: {gold.mean():.3f} of all, {gold[confident].mean():.3f} of high-agreement tweets"
    )


if __name__ == "__main__":
    main()
