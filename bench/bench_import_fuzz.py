"""Fuzzing the ticket import parsers at scale: hypothesis generates files mixing valid tickets with junk
(bad JSON and bytes, odd field types, NUL, lone surrogates, huge numbers, NaN, open CSV quotes) and checks
that nothing raises and no valid line is lost. Default: 10,000 cases across JSONL, CSV and Zendesk.

    python bench/bench_import_fuzz.py [--cases 10000]
"""

from __future__ import annotations

import argparse
import contextlib
import time
from typing import Any

from hypothesis import HealthCheck, given, settings

from phasegate.tickets import fuzzing

SHARE = {"jsonl": 0.4, "csv": 0.3, "zendesk": 0.3}


def fuzz(fmt: str, strategy: Any, cases: int) -> tuple[dict[str, int], list[str], float]:
    """Run `cases` examples of one format; (counts, violations, seconds)."""
    counts = {"cases": 0, "lines": 0, "valid": 0}
    problems: list[str] = []

    @settings(max_examples=cases, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(case: fuzzing.Case) -> None:
        counts["cases"] += 1
        counts["lines"] += case.data.count(b"\n") + 1
        counts["valid"] += len(case.valid)
        found = fuzzing.violations(fmt, case)
        if found:
            problems.extend(found)
            raise AssertionError(found)

    began = time.perf_counter()
    with contextlib.suppress(AssertionError):  # the violations are reported, not raised
        run()
    return counts, problems, time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument(
        "--formats", default="jsonl,csv,zendesk", help="Comma-separated subset (cases split by share)."
    )
    args, _ = parser.parse_known_args()  # run_all passes its own arguments to every script
    strategies = {"jsonl": fuzzing.jsonl_case(), "csv": fuzzing.csv_case(), "zendesk": fuzzing.zendesk_case()}
    print("| format | cases | lines | valid lines | failures | seconds |")
    print("|---|---:|---:|---:|---:|---:|")
    failed = 0
    total = 0
    chosen = [f for f in args.formats.split(",") if f in strategies]
    weight = sum(SHARE[f] for f in chosen)
    for fmt in chosen:
        counts, problems, seconds = fuzz(fmt, strategies[fmt], round(args.cases * SHARE[fmt] / weight))
        failed += bool(problems)
        total += counts["cases"]
        print(
            f"| {fmt} | {counts['cases']:,} | {counts['lines']:,} | {counts['valid']:,} | "
            f"{len(problems)} | {seconds:.0f} |"
        )
        for problem in problems[:5]:
            print(f"  {problem}")
    print(f"\n{total:,} cases in all; {'no failures' if not failed else 'FAILURES above'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
