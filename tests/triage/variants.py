"""Texts the router's fast paths are checked on: the agreement corpus, obfuscated spellings of it, long mails
(and the cut the router reads of them), and texts cut mid-word."""

from __future__ import annotations

from functools import lru_cache
from random import Random

from phasegate.triage.analysis import MAX_ROUTER_CHARS
from tests.triage import corpus
from tests.triage.obfuscate import obfuscate


@lru_cache(maxsize=1)
def texts() -> tuple[str, ...]:
    """Corpus texts, 400 obfuscated spellings, 60 long mails and their router cut, 300 texts cut short."""
    base = corpus.texts()
    rnd = Random(11)
    obfuscated = [obfuscate(rnd, rnd.choice(base)) for _ in range(400)]
    long_mails = []
    for _ in range(60):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 2_000:
            parts.append(rnd.choice(base))
        long_mails.append(" ".join(parts)[:2_000])
    cut = [t[: rnd.randint(1, 40)] for t in rnd.sample(base, 300)]
    return (*base, *obfuscated, *long_mails, *(m[:MAX_ROUTER_CHARS] for m in long_mails), *cut)
