"""Degenerate text: does the full analysis of one ticket stay near linear in its length?

Garbage a customer, a bot or an attacker may send (one 200,000-letter word, thousands of order ids, an e-mail
name with no domain, stacked accents, invisible characters, spaced letters, base64) at two lengths, 4x apart:
the time ratio should be near 4 (linear), not 16 (quadratic). Before 2026-12-06 (seventh session) "a" x
200,000 took over a minute and 23 GB before the kernel killed it, and three more families were quadratic.
CPU seconds of this process for one `analyze` each (the bundled router, the default policy); peak RSS is the
process's high-water mark after each family.
"""

from __future__ import annotations

import argparse
import base64
import random
import resource
import string
import time
from collections.abc import Callable

from _common import table
from phasegate.policy.schema import Policy
from phasegate.rollout.routing import default_router
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.analysis import analyze

_RNG = random.Random(0)


def _random(alphabet: str) -> Callable[[int], str]:
    return lambda n: "".join(_RNG.choice(alphabet) for _ in range(n))


#: Each family: n characters (about) of one kind of garbage.
FAMILIES: dict[str, Callable[[int], str]] = {
    "one letter, one run ('aaaa…')": lambda n: "a" * n,
    "one word of random letters": _random(string.ascii_lowercase),
    "random letters and spaces": _random(string.ascii_lowercase + "   "),
    "spaced pairs beside spaced runs ('i n i n l a w   x y')": lambda n: (
        ("i n " * 2 + "l a w   " + "x y   ") * (n // 22 + 1)
    )[:n],
    "an e-mail name with no domain ('a.b-a.b-…@')": lambda n: "a.b-" * (n // 4) + "@",
    "order ids ('A-1234 A-1234 …')": lambda n: ("A-1234 " * (n // 7 + 1))[:n],
    "leetspeak, look-alikes, invisibles ('aA1!.- а\\u200b')": _random("aA1!.- \u0430\u200b"),
    "stacked combining accents": lambda n: ("a" + "\u0301" * 99) * (n // 100),
    "invisible tag characters": lambda n: "".join(chr(0xE0000 + _RNG.randint(0x20, 0x7E)) for _ in range(n)),
    "base64 runs": lambda n: " ".join(base64.b64encode(_RNG.randbytes(30)).decode() for _ in range(n // 41)),
    "words joined by hyphens and dots": _random("ab-."),
    "shouting, repeated": lambda n: ("WHERE IS MY ORDER!!! " * (n // 21 + 1))[:n],
    "a line per letter": lambda n: ("a\n" * (n // 2 + 1))[:n],
}


def main() -> None:
    """Time each family at --short and 4x that, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", type=int, default=50_000, help="characters of the shorter text")
    args = parser.parse_args()
    router, policy = default_router(), Policy()
    analyze(TicketIn(id="warm", messages=[{"role": "customer", "text": "where is my order?"}]), router=router,
            policy=policy)  # fmt: skip
    rows = []
    for name, make in FAMILIES.items():
        times = []
        for n in (args.short, 4 * args.short):
            text = make(n)
            t0 = time.process_time()
            analyze(
                TicketIn(id="x", messages=[{"role": "customer", "text": text}]), router=router, policy=policy
            )
            times.append(time.process_time() - t0)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append(
            (name, f"{times[0]:.2f}", f"{times[1]:.2f}", f"{times[1] / max(times[0], 1e-3):.1f}", peak)
        )
    table(
        [
            "family",
            f"{args.short:,} chars, s",
            f"{4 * args.short:,} chars, s",
            "ratio (4 = linear)",
            "peak RSS, MiB",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
