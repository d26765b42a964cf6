"""Rebuild the bundled default router: `python -m phasegate.bundled.build [--out DIR]`.

Deterministic: trained on the demo world of `DEFAULT_SEED` at full scale, Bitext's train split mapped to the
taxonomy (bundled/external.py: real phrasing the generated world lacks) and the shipped seed tickets, through
the same training path as `phasegate router train`. Its confidence is calibrated on text that is not the demo
world and that the scoring model never trained on: Bitext's dev split, CLINC150's training queries as text no
category fits, and the seed tickets *cross-fitted*: each half of them is scored by a router trained on
everything but that half, so they teach the calibrator without being scored by a model that has seen them.
Bitext's test split and CLINC150's test split stay out of all of it, for bench/bench_confidence.py.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from phasegate.bundled import ROUTER_DIR, external
from phasegate.triage.router import Router, calibrate, train_router
from phasegate.triage.training import SEED_TICKETS, read_examples, ticket_text
from phasegate.world.generate import DEFAULT_SEED, before_answers


def world_examples(
    seed: int = DEFAULT_SEED, scale: float = 1.0, *, second_asks: bool = True
) -> tuple[list[str], list[str]]:
    """Router texts and labels of the demo world's tickets, read as `phasegate triage` reads a ticket.

    Only what each customer wrote first (`before_answers`): the world's handling runs the router, so
    training on anything written after it (follow-ups, replies) would train the router on its own decisions.
    Without `second_asks`, the openings that hold a second request are left out: their text asks for two
    categories under the first one's label, which taught the router that a second ask's words ("the shirt
    also arrived with a tear in it.") speak *against* their own category (out of scope at 0.15 alone).
    """
    texts, labels = [], []
    for opening in before_answers(seed=seed, scale=scale).openings:
        if opening.plan.secondary and not second_asks:
            continue
        texts.append(ticket_text(opening.ticket()))
        labels.append(opening.plan.category)
    return texts, labels


def calibration_set() -> tuple[list[str], list[str | None]]:
    """Held-out outside text for the confidence calibrator: Bitext dev, CLINC150 train (off-topic)."""
    texts, labels = external.bitext("dev")
    out: list[str | None] = list(labels)
    # Every 15th query (about 1,000): as many off-topic texts as in-taxonomy ones, so neither side dominates;
    # the calibrator then moves the odds to `TrainConfig.off_topic_prior`.
    off_topic = external.clinc_off_topic("train")[::15]
    if not texts or not off_topic:
        raise SystemExit(
            "bundled build: the shared benchmarks folder (Bitext, CLINC150) is needed to calibrate"
        )
    return texts + off_topic, out + [None] * len(off_topic)


def build(seed: int = DEFAULT_SEED, scale: float = 1.0) -> Router:
    """Train the default router on the demo world, Bitext train and the seed tickets; calibrate it on held-out
    outside text and the cross-fitted seed tickets."""
    texts, labels = world_examples(seed, scale, second_asks=False)
    b_texts, b_labels = external.bitext("train")
    seeds = read_examples(SEED_TICKETS)
    base_t, base_l = texts + b_texts, labels + b_labels
    router = train_router(base_t + list(seeds.texts), base_l + list(seeds.labels), seed=0)
    cal_t, cal_l = calibration_set()
    proba, novelty = router.assess(cal_t)
    # Cross-fitting: each half of the seed tickets is scored by a router trained without it (no
    # cross-validation inside: the full router's temperature is used, so its scores are on the same scale).
    quick = replace(router.config, folds=1)
    for half in (0, 1):
        held = [i for i in range(len(seeds.texts)) if i % 2 == half]
        kept = [i for i in range(len(seeds.texts)) if i % 2 != half]
        other = train_router(
            base_t + [seeds.texts[i] for i in kept],
            base_l + [seeds.labels[i] for i in kept],
            seed=0,
            config=quick,
        )
        other.temperature = router.temperature
        p, n = other.assess([seeds.texts[i] for i in held])
        cal_t += [seeds.texts[i] for i in held]
        cal_l += [seeds.labels[i] for i in held]
        proba, novelty = np.vstack([proba, p]), np.concatenate([novelty, n])
    calibrate(router, cal_t, cal_l, assessed=(proba, novelty))
    router.report["calibration_set"]["cross_fitted_seed_tickets"] = len(seeds.texts)
    return router


def main() -> None:
    """Command-line entry: train the router and swap it into `--out`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROUTER_DIR)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    router = build(scale=args.scale)
    staging = Path(tempfile.mkdtemp(prefix="router-"))
    router.save(staging / "router")
    shutil.rmtree(args.out, ignore_errors=True)
    shutil.copytree(staging / "router", args.out)
    shutil.rmtree(staging, ignore_errors=True)


if __name__ == "__main__":
    main()
