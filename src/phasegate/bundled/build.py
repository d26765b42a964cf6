"""Rebuild the bundled default router: `python -m phasegate.bundled.build [--out DIR]`.

Deterministic: trained on the demo world of `DEFAULT_SEED` at full scale and Bitext's train split mapped to
the taxonomy (bundled/external.py: real phrasing the generated world lacks), through the same training path as
`phasegate router train`. Its confidence is calibrated on text it never trained on and that is not the demo
world: the shipped seed tickets, Bitext's dev split, and CLINC150's training queries as text no category fits.
Bitext's test split stays out of both, for bench/bench_confidence.py.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from phasegate.bundled import ROUTER_DIR, external
from phasegate.triage.router import Router, train_router
from phasegate.triage.training import SEED_TICKETS, read_examples, ticket_text
from phasegate.world.generate import DEFAULT_SEED, before_answers


def world_examples(seed: int = DEFAULT_SEED, scale: float = 1.0) -> tuple[list[str], list[str]]:
    """Router texts and labels of the demo world's tickets, read as `phasegate triage` reads a ticket.

    Only what each customer wrote first (`before_answers`): the world's handling runs the router, so
    training on anything written after it (follow-ups, replies) would train the router on its own decisions.
    """
    texts, labels = [], []
    for opening in before_answers(seed=seed, scale=scale).openings:
        texts.append(ticket_text(opening.ticket()))
        labels.append(opening.plan.category)
    return texts, labels


def calibration_set() -> tuple[list[str], list[str | None]]:
    """Held-out text for the confidence calibrator: seed tickets, Bitext dev, CLINC150 train (off-topic)."""
    seed_ex = read_examples(SEED_TICKETS)
    texts: list[str] = list(seed_ex.texts)
    labels: list[str | None] = list(seed_ex.labels)
    t, lab = external.bitext("dev")
    texts += t
    labels += lab
    # Every 15th query (about 1,000): as many off-topic texts as in-taxonomy ones, so neither side dominates.
    off_topic = external.clinc_off_topic("train")[::15]
    texts += off_topic
    labels += [None] * len(off_topic)
    if len(texts) == len(seed_ex.texts):
        raise SystemExit(
            "bundled build: the shared benchmarks folder (Bitext, CLINC150) is needed to calibrate"
        )
    return texts, labels


def build(seed: int = DEFAULT_SEED, scale: float = 1.0) -> Router:
    """Train the default router on the demo world and Bitext train, calibrated on held-out outside text."""
    texts, labels = world_examples(seed, scale)
    b_texts, b_labels = external.bitext("train")
    return train_router(texts + b_texts, labels + b_labels, seed=0, calibration=calibration_set())


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
