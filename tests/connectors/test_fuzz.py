"""Fuzzing the webhook parsers: any body yields an event, None, or a 4xx WebhookError, never a traceback."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from phasegate.connectors import chatwoot, zendesk
from phasegate.connectors.base import WebhookError, read_json
from tests.connectors.strategies import SAMPLES, bodies

OK = {"refused", "ignored", "event"}
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(parser: Any, body: bytes) -> str:
    """What a body came to: "refused" (a 4xx naming the problem), "ignored", "event", or what went wrong."""
    try:
        event = parser(read_json(body))
    except WebhookError as exc:
        return "refused" if 400 <= exc.status < 500 and str(exc) else f"bad refusal {exc.status}: {exc!r}"
    if event is None:
        return "ignored"
    return "event" if event.ticket.messages and event.key else "event without messages or key"


@FUZZ
@given(bodies(SAMPLES["zendesk_ticket_created"]))
def test_zendesk_ticket_created_bodies_never_crash(body: bytes) -> None:
    """Mutated ticket.created bodies parse or are refused with a 4xx naming the problem."""
    assert _outcome(zendesk.parse_event, body) in OK


@FUZZ
@given(bodies(SAMPLES["zendesk_comment_added"]))
def test_zendesk_comment_bodies_never_crash(body: bytes) -> None:
    """Mutated comment_added bodies parse or are refused with a 4xx naming the problem."""
    assert _outcome(zendesk.parse_event, body) in OK


@FUZZ
@given(bodies(SAMPLES["chatwoot_message_created"]))
def test_chatwoot_bodies_never_crash(body: bytes) -> None:
    """Mutated agent-bot bodies parse or are refused with a 4xx naming the problem."""
    assert _outcome(chatwoot.parse_event, body) in OK
