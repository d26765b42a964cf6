"""Rebuild the bundled default router: `python -m phasegate.bundled.build [--out DIR]`.

Deterministic: the demo world of `DEFAULT_SEED` at full scale, plus the triage seed tickets, through the same
training path as `phasegate router train`.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from phasegate.bundled import ROUTER_DIR
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


def build(seed: int = DEFAULT_SEED, scale: float = 1.0) -> Router:
    """Train the default router on the demo world plus the seed tickets."""
    texts, labels = world_examples(seed, scale)
    seed_ex = read_examples(SEED_TICKETS)
    return train_router(texts + seed_ex.texts, labels + seed_ex.labels, seed=0)


def main() -> None:
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
