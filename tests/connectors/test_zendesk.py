"""Zendesk: webhook signature and replay window, event parsing, and the REST calls sent to a fake Zendesk."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from phasegate.connectors import zendesk
from phasegate.connectors.base import WebhookError
from phasegate.connectors.zendesk import ZendeskConnector, ZendeskSettings, sign
from phasegate.plugins import registry
from phasegate.plugins.interfaces import HelpdeskConnector
from phasegate.testing import FakeHelpdesk
from tests.conftest import DATA

CREATED = (DATA / "webhooks" / "zendesk_ticket_created.json").read_bytes()
COMMENT = (DATA / "webhooks" / "zendesk_comment_added.json").read_bytes()
SECRET = "s3cret"
NOW = datetime(2026, 3, 2, 10, 15, 30, tzinfo=UTC)
SETTINGS = ZendeskSettings(webhook_secret=SECRET)


def _headers(body: bytes, when: datetime = NOW, secret: str = SECRET) -> dict[str, str]:
    stamp = when.isoformat().replace("+00:00", "Z")
    return {zendesk.SIGNATURE_HEADER: sign(secret, stamp, body), zendesk.TIMESTAMP_HEADER: stamp}


def test_the_signature_matches_zendesks_documented_formula() -> None:
    """base64(HMAC-SHA256(secret, timestamp + body)), as `openssl dgst -sha256 -hmac key -binary` gives."""
    assert sign("key", "2026-01-01T00:00:00Z", b"{}") == "pEOBDfwDgL/8urpWG0ZvEuUZzp8bpWyyzesiqDkAsdc="


def test_a_signed_ticket_created_event_parses_to_a_ticket() -> None:
    """A signed ticket.created delivery becomes a ticket event with the description as the customer's turn."""
    event = zendesk.parse_webhook(_headers(CREATED), CREATED, settings=SETTINGS, now=NOW)
    assert event is not None and event.kind == "ticket"
    assert event.ticket.id == "zd-4711" and event.ticket.messages[0].role == "customer"
    assert event.origin is not None and event.origin.external_id == "4711"
    assert event.key == "ticket:4711:created"


def test_a_comment_event_parses_to_a_message_keyed_by_the_comment() -> None:
    """comment_added from a non-staff author is a customer message keyed by its comment id."""
    event = zendesk.parse_webhook(_headers(COMMENT), COMMENT, settings=SETTINGS, now=NOW)
    assert event is not None and event.kind == "message" and event.message is not None
    assert event.message.role == "customer" and event.key == "comment:4711:9901"


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "required"),
        (_headers(CREATED, secret="other"), "does not match"),
        (_headers(CREATED, when=NOW - timedelta(minutes=10)), "outside"),
        (_headers(b"{}"), "does not match"),
    ],
)
def test_bad_signatures_and_replays_are_refused_with_401(headers: dict[str, str], reason: str) -> None:
    """Missing headers, a wrong secret, a stale timestamp or a changed body each give 401 and say why."""
    with pytest.raises(WebhookError) as err:
        zendesk.parse_webhook(headers, CREATED, settings=SETTINGS, now=NOW)
    assert err.value.status == 401 and reason in str(err.value)


def test_an_unconfigured_secret_refuses_every_delivery() -> None:
    """Without PHASEGATE_ZENDESK_WEBHOOK_SECRET nothing is accepted (503, saying what to set)."""
    with pytest.raises(WebhookError) as err:
        zendesk.parse_webhook(_headers(CREATED), CREATED, settings=ZendeskSettings(), now=NOW)
    assert err.value.status == 503 and "WEBHOOK_SECRET" in str(err.value)


def test_ignored_event_types_and_private_comments_yield_nothing() -> None:
    """Other event types and internal notes are acknowledged but not queued."""
    assert zendesk.parse_event({"type": "zen:event-type:ticket.status_changed", "detail": {}}) is None
    payload = json.loads(COMMENT)
    payload["event"]["comment"]["is_public"] = False
    assert zendesk.parse_event(payload) is None


def test_a_wrongly_typed_field_is_a_422_naming_it() -> None:
    """A number where text belongs is refused with the field's path."""
    payload = json.loads(CREATED)
    payload["detail"]["description"] = 42
    with pytest.raises(WebhookError) as err:
        zendesk.parse_event(payload)
    assert err.value.status == 422 and "detail.description" in str(err.value)


def test_outbound_calls_hit_the_documented_endpoints() -> None:
    """Notes, drafts, replies, tags and hand-off land on Zendesk's ticket and tags endpoints as recorded."""
    with FakeHelpdesk() as fake:
        zd = ZendeskConnector(ZendeskSettings(url=fake.url, email="a@b.c", api_token="t", handoff_group_id=7))
        zd.add_internal_note("4711", "brief")
        zd.suggest_reply("4711", "draft text")
        zd.send_reply("4711", "resolved!")
        zd.add_tags("4711", ["phasegate_route_autonomous"])
        zd.assign_to_human("4711", note="context")
        calls = fake.calls()
    assert [(c.method, c.path) for c in calls] == [
        ("PUT", "/api/v2/tickets/4711.json"),
        ("PUT", "/api/v2/tickets/4711.json"),
        ("PUT", "/api/v2/tickets/4711.json"),
        ("PUT", "/api/v2/tickets/4711/tags.json"),
        ("PUT", "/api/v2/tickets/4711.json"),
    ]
    note, draft, reply, tags, handoff = (c.body for c in calls)
    assert note["ticket"]["comment"] == {"body": "brief", "public": False}
    assert (
        draft["ticket"]["comment"]["public"] is False and "draft text" in draft["ticket"]["comment"]["body"]
    )
    assert reply["ticket"]["comment"] == {"body": "resolved!", "public": True}
    assert tags == {"tags": ["phasegate_route_autonomous"]}
    assert handoff["ticket"]["group_id"] == 7 and handoff["ticket"]["status"] == "open"
    assert calls[0].headers["authorization"].startswith("Basic ")


def test_zendesk_is_a_registered_helpdesk_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry finds Zendesk and its factory builds a HelpdeskConnector from the environment."""
    monkeypatch.setenv("PHASEGATE_ZENDESK_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("PHASEGATE_ZENDESK_EMAIL", "a@b.c")
    monkeypatch.setenv("PHASEGATE_ZENDESK_API_TOKEN", "t")
    assert "zendesk" in registry.names("helpdesk")
    connector = registry.factory("helpdesk", "zendesk")()
    assert isinstance(connector, HelpdeskConnector) and connector.name == "zendesk"
