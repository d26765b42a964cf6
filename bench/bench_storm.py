"""Storm on PostgreSQL: 50 concurrent senders deliver 5,000 signed Zendesk webhook events (10% re-deliveries,
retries on refusal) while one of the workers is SIGKILLed twice; then tickets, messages, queue and helpdesk
calls are counted (`phasegate.intake.storm`). Needs a PostgreSQL server (PHASEGATE_TEST_POSTGRES_URL).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from phasegate.intake.storm import run_storm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--senders", type=int, default=50)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    args, _ = parser.parse_known_args()
    try:
        from tests.conftest import _postgres_database

        databases = _postgres_database()
        url = next(databases)
    except BaseException as exc:  # pytest.skip/fail raise BaseException subclasses
        print(f"skipped: no PostgreSQL server ({exc})")
        return 0
    try:
        with tempfile.TemporaryDirectory() as home:
            report = run_storm(
                url,
                Path(home),
                senders=args.senders,
                events=args.events,
                workers=args.workers,
                kills=args.kills,
                timeout=1800,
            )
    finally:
        for _ in databases:  # drops the database
            pass
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    rows = [
        ("senders / workers / kills", f"{report.senders} / {args.workers} / {report.kills}"),
        ("unique events / deliveries", f"{report.unique_events} / {report.deliveries}"),
        ("re-deliveries (duplicates) / retries", f"{report.duplicates} / {report.retries}"),
        (
            "send phase",
            f"{report.seconds:.1f} s ({report.deliveries / max(report.seconds, 1e-9):.0f} deliveries/s)",
        ),
        ("drain after last send", f"{report.drain_seconds:.1f} s"),
        ("tickets stored / expected", f"{report.tickets_stored} / {report.tickets_expected}"),
        ("messages stored / expected", f"{report.messages_stored} / {report.messages_expected}"),
        ("events by status", json.dumps(report.events_by_status)),
        ("effects by status", json.dumps(report.effects_by_status)),
        ("helpdesk calls / public replies", f"{report.helpdesk_calls} / {report.replies_sent}"),
        ("replies sent twice", str(report.replies_duplicated)),
        ("problems", str(len(report.problems))),
    ]
    width = max(len(k) for k, _ in rows)
    print("| measure | value |\n|---|---|")
    for k, v in rows:
        print(f"| {k:<{width}} | {v} |")
    for problem in report.problems[:20]:
        print(f"problem: {problem}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
