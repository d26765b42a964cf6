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
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.router import Router, train_router
from phasegate.triage.training import SEED_TICKETS, read_examples, ticket_text
from phasegate.world.generate import DEFAULT_SEED, generate


def world_examples(seed: int = DEFAULT_SEED, scale: float = 1.0) -> tuple[list[str], list[str]]:
    """Router texts and labels of the demo world's tickets, read as `phasegate triage` reads a ticket."""
    texts, labels = [], []
    for t in generate(seed=seed, scale=scale).tickets:
        messages = [{"role": m.role, "text": m.text} for m in t.messages if m.text]
        if not messages:
            continue
        ticket = TicketIn(id=t.id, subject=t.subject, messages=messages, category=t.category)
        texts.append(ticket_text(ticket))
        labels.append(t.category)
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
