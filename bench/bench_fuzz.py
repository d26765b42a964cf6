"""Fuzzing the webhook and API parsers at scale: 10,000+ hypothesis cases, counting outcomes, no traceback.

Webhook bodies go through the Zendesk and Chatwoot parsers; API bodies through the same validation
`POST /api/v1/tickets` runs (the TicketIn model, then the storable-text check). Every case must end as an
accepted event, an ignored one, or a 4xx refusal with a message.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi import HTTPException
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError
from tests.connectors.strategies import SAMPLES, TICKET, bodies

from phasegate.api.routes import storable
from phasegate.connectors import chatwoot, zendesk
from phasegate.connectors.base import WebhookError, read_json
from phasegate.tickets.schemas import TicketIn


def webhook_outcome(parser: Any, body: bytes) -> str:
    try:
        event = parser(read_json(body))
    except WebhookError as exc:
        assert 400 <= exc.status < 500 and str(exc), exc
        return f"refused {exc.status}"
    return "ignored" if event is None else "accepted"


def api_outcome(body: bytes) -> str:
    try:
        data = read_json(body)
        ticket = TicketIn.model_validate(data)
        storable(ticket.model_dump(mode="json"))
    except WebhookError as exc:
        return f"refused {exc.status}"
    except ValidationError as exc:
        assert exc.errors(), exc
        return "refused 422"
    except HTTPException as exc:
        assert 400 <= exc.status_code < 500 and exc.detail
        return f"refused {exc.status_code}"
    return "accepted"


def fuzz(name: str, sample: Any, run: Any, cases: int) -> Counter[str]:
    """Outcome counts of `cases` hypothesis bodies derived from `sample` through `run`."""
    counts: Counter[str] = Counter()

    @settings(max_examples=cases, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(bodies(sample))
    def case(body: bytes) -> None:
        try:
            counts[run(body)] += 1
        except Exception as exc:  # a crash is what this bench looks for: count it, show the first
            counts["crash"] += 1
            if counts["crash"] == 1:
                print(f"crash in {name}: {type(exc).__name__}: {exc} on {body[:120]!r}")

    case()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=2500, help="cases per target (4 targets)")
    args, _ = parser.parse_known_args()
    zd, cw = zendesk.parse_event, chatwoot.parse_event
    targets: list[tuple[str, Any, Any]] = [
        ("zendesk ticket.created", SAMPLES["zendesk_ticket_created"], lambda b: webhook_outcome(zd, b)),
        ("zendesk comment_added", SAMPLES["zendesk_comment_added"], lambda b: webhook_outcome(zd, b)),
        ("chatwoot message_created", SAMPLES["chatwoot_message_created"], lambda b: webhook_outcome(cw, b)),
        ("api ticket body", TICKET, api_outcome),
    ]
    print("| target | cases | accepted | ignored | refused (4xx) | crashes | seconds |")
    print("|---|---|---|---|---|---|---|")
    total = crashes = 0
    for name, sample, run in targets:
        start = time.perf_counter()
        counts = fuzz(name, sample, run, args.cases)
        seconds = time.perf_counter() - start
        refused = sum(n for k, n in counts.items() if k.startswith("refused"))
        n = sum(counts.values())
        total += n
        crashes += counts["crash"]
        cells = [name, n, counts["accepted"], counts["ignored"], refused, counts["crash"], f"{seconds:.1f}"]
        print("| " + " | ".join(map(str, cells)) + " |")
    print(f"\n{total} cases, {crashes} crashes")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
