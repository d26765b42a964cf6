"""The integration API: token auth and scopes, idempotent writes, reads, webhooks, OpenAPI docs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from phasegate.api import service
from phasegate.connectors.zendesk import ZendeskSettings, sign
from phasegate.intake import runner
from phasegate.intake.models import IntakeEvent
from phasegate.intake.runner import build_intake
from phasegate.metrics.models import CsatResponse
from phasegate.rollout.flows.triage import Analyzer
from phasegate.testing import ServedApp
from phasegate.web.app import create_app
from phasegate.workspace import Workspace
from tests.conftest import DATA
from tests.connectors.strategies import bodies

TICKET = {
    "id": "T-9001",
    "channel": "email",
    "subject": "Where is my order?",
    "customer": {"id": "C-17", "email": "ana@example.com"},
    "messages": [{"role": "customer", "text": "Hi, where is my order A-5521?", "at": "2026-03-02T10:15:00Z"}],
}
SECRET = "zendesk-signing-secret"


class Client(httpx.Client):
    """An HTTP client on the served app that can drain the app's intake queue."""

    app: Any

    def drain(self) -> None:
        """Handle what the app queued (the same lock as its own after-response drain)."""
        runner.drain(self.app)


@pytest.fixture
def client(workspace: Workspace, analyzer: Analyzer) -> Iterator[Client]:
    """The app served on localhost, with a shared analyzer and a known Zendesk signing secret."""
    app = create_app(workspace.settings)
    app.state.intake = build_intake(workspace, connectors={}, brief=False, analyzer=analyzer)
    app.state.zendesk_settings = ZendeskSettings(webhook_secret=SECRET)
    with ServedApp(app) as served, Client(base_url=served.url, timeout=30) as c:
        c.app = app
        yield c


@pytest.fixture(scope="module")
def fuzz_client(module_workspace: Workspace, analyzer: Analyzer) -> Iterator[Client]:
    """One served app for every fuzzed example (hypothesis runs many examples per test call)."""
    app = create_app(module_workspace.settings)
    app.state.intake = build_intake(module_workspace, connectors={}, brief=False, analyzer=analyzer)
    with module_workspace.sessions() as s, s.begin():
        token = service.create(s, name="fuzz", scopes=["tickets:write"]).token
    with ServedApp(app) as served, Client(base_url=served.url, timeout=30) as c:
        c.app = app
        c.headers["authorization"] = f"Bearer {token}"
        yield c


def _token(ws: Workspace, *scopes: str, name: str = "it") -> str:
    with ws.sessions() as s, s.begin():
        return service.create(s, name=name, scopes=list(scopes)).token


def _auth(token: str, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return headers


def _drain(client: Client) -> None:
    client.drain()


def test_no_token_a_wrong_token_and_a_revoked_token_get_401(client: Client, workspace: Workspace) -> None:
    """Without a valid, unrevoked bearer token every API route answers 401 (never the console's redirect)."""
    assert client.get("/api/v1/tickets/T-1").status_code == 401
    assert client.get("/api/v1/tickets/T-1", headers=_auth("pgi_nope")).status_code == 401
    token = _token(workspace, "tickets:read")
    assert client.get("/api/v1/tickets/T-1", headers=_auth(token)).status_code == 404
    with workspace.sessions() as s, s.begin():
        service.revoke(s, name="it")
    response = client.get("/api/v1/tickets/T-1", headers=_auth(token))
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


def test_a_token_without_the_scope_gets_403(client: Client, workspace: Workspace) -> None:
    """A read-only token may not ingest; the refusal names the missing scope."""
    token = _token(workspace, "tickets:read")
    response = client.post("/api/v1/tickets", json=TICKET, headers=_auth(token, "k1"))
    assert response.status_code == 403 and "tickets:write" in response.json()["detail"]


def test_ingest_stores_decides_and_serves_the_ticket(client: Client, workspace: Workspace) -> None:
    """An ingested ticket is queued (202), handled by the worker, then readable with its decision."""
    token = _token(workspace, "tickets:write", "tickets:read", "decisions:read")
    response = client.post("/api/v1/tickets", json=TICKET, headers=_auth(token, "ingest-1"))
    assert response.status_code == 202, response.text
    assert response.json()["ticket_id"] == "T-9001"
    _drain(client)
    event = client.get(f"/api/v1/events/{response.json()['event_id']}", headers=_auth(token))
    assert event.json()["status"] == "done"
    ticket = client.get("/api/v1/tickets/T-9001", headers=_auth(token)).json()
    assert ticket["messages"][0]["text"].startswith("Hi, where is my order")
    decisions = client.get("/api/v1/tickets/T-9001/decisions", headers=_auth(token)).json()
    assert len(decisions) == 1 and decisions[0]["source"] == "intake"
    assert decisions[0]["route"] in ("autonomous", "draft", "assist", "human")
    more = {"role": "customer", "text": "Any news?", "at": "2026-03-02T11:00:00Z"}
    added = client.post("/api/v1/tickets/T-9001/messages", json=more, headers=_auth(token, "msg-1"))
    assert added.status_code == 202
    _drain(client)
    ticket = client.get("/api/v1/tickets/T-9001", headers=_auth(token)).json()
    assert [m["text"] for m in ticket["messages"]][-1] == "Any news?"
    assert client.get("/api/v1/tickets/T-9001/drafts", headers=_auth(token)).json() == []


def test_a_retry_with_the_same_key_replays_and_has_no_second_effect(
    client: Client, workspace: Workspace
) -> None:
    """The same key and body twice: identical response, one queued event, marked as replayed."""
    token = _token(workspace, "tickets:write")
    first = client.post("/api/v1/tickets", json=TICKET, headers=_auth(token, "same"))
    second = client.post("/api/v1/tickets", json=TICKET, headers=_auth(token, "same"))
    assert first.json() == second.json()
    assert second.headers.get("idempotent-replayed") == "true"
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(IntakeEvent)) == 1


def test_the_same_key_with_another_body_is_422_and_no_key_is_400(
    client: Client, workspace: Workspace
) -> None:
    """Reusing a key for a different request is refused; a write without a key is refused."""
    token = _token(workspace, "tickets:write")
    assert client.post("/api/v1/tickets", json=TICKET, headers=_auth(token, "k")).status_code == 202
    other = dict(TICKET, subject="Something else")
    response = client.post("/api/v1/tickets", json=other, headers=_auth(token, "k"))
    assert response.status_code == 422 and "different request" in response.json()["detail"]
    response = client.post("/api/v1/tickets", json=TICKET, headers=_auth(token))
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["detail"]


def test_invalid_ticket_gets_422_naming_the_field(client: Client, workspace: Workspace) -> None:
    """A ticket with no messages is refused with the field in the error, and nothing is queued."""
    token = _token(workspace, "tickets:write")
    response = client.post("/api/v1/tickets", json={"id": "T-1", "messages": []}, headers=_auth(token, "bad"))
    assert response.status_code == 422
    assert "messages" in json.dumps(response.json()["detail"])
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(IntakeEvent)) == 0


def test_csat_and_reply_are_recorded_once_per_key(client: Client, workspace: Workspace) -> None:
    """CSAT posted twice under one key is one answer; the agent reply resolves the ticket once."""
    token = _token(workspace, "tickets:write", "tickets:read", "csat:write", "replies:write")
    client.post("/api/v1/tickets", json=TICKET, headers=_auth(token, "t"))
    _drain(client)
    for _ in range(2):
        response = client.post(
            "/api/v1/tickets/T-9001/csat", json={"score": 4}, headers=_auth(token, "csat-1")
        )
        assert response.status_code == 201
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(CsatResponse)) == 1
    body = {"text": "It ships tomorrow.", "agent": "sam"}
    first = client.post("/api/v1/tickets/T-9001/replies", json=body, headers=_auth(token, "reply-1"))
    again = client.post("/api/v1/tickets/T-9001/replies", json=body, headers=_auth(token, "reply-1"))
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    ticket = client.get("/api/v1/tickets/T-9001", headers=_auth(token)).json()
    assert ticket["status"] == "resolved" and ticket["csat"] == 4
    assert [m["role"] for m in ticket["messages"]].count("agent") == 1
    late = client.post("/api/v1/tickets/T-9001/replies", json=body, headers=_auth(token, "reply-2"))
    assert late.status_code == 409


def test_brief_is_served_and_handoff_packets_come_from_the_engine(
    client: Client, workspace: Workspace
) -> None:
    """The brief of a stored ticket comes back; a ticket never handed off has no packet (a clean 404), and a
    conversation the engine handed to a person returns its packet."""
    from phasegate.conversations.flows.run import run_script, standalone_engine
    from phasegate.conversations.schemas import ConversationIn

    token = _token(workspace, "tickets:write", "tickets:read")
    client.post("/api/v1/tickets", json=TICKET, headers=_auth(token, "t"))
    _drain(client)
    brief = client.get("/api/v1/tickets/T-9001/brief", headers=_auth(token))
    assert brief.status_code == 200 and brief.json()["ticket_id"] == "T-9001"
    handoff = client.get("/api/v1/tickets/T-9001/handoff", headers=_auth(token))
    assert handoff.status_code == 404 and "no hand-off packet" in handoff.json()["detail"]
    script = ConversationIn(
        id="API-1", turns=["My tent pole snapped and cut my son's hand, he needed stitches."]
    )
    with workspace.sessions() as s:
        line = run_script(standalone_engine(policy=None), s, script, now=datetime(2026, 3, 2, tzinfo=UTC))
        s.commit()
    assert line["escalated"]
    packet = client.get("/api/v1/tickets/CV-API-1/handoff", headers=_auth(token))
    assert packet.status_code == 200 and packet.json()["ticket_id"] == "CV-API-1"
    assert packet.json()["conversation"]


def test_the_zendesk_webhook_checks_the_signature_and_dedupes(client: Client, workspace: Workspace) -> None:
    """A signed delivery is queued, its duplicate is acknowledged as such, a bad signature is 401."""
    body = (DATA / "webhooks" / "zendesk_ticket_created.json").read_bytes()
    stamp = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    headers = {
        "X-Zendesk-Webhook-Signature": sign(SECRET, stamp, body),
        "X-Zendesk-Webhook-Signature-Timestamp": stamp,
        "Content-Type": "application/json",
    }
    first = client.post("/api/v1/webhooks/zendesk", content=body, headers=headers)
    again = client.post("/api/v1/webhooks/zendesk", content=body, headers=headers)
    assert first.status_code == again.status_code == 202
    assert (first.json()["status"], again.json()["status"]) == ("queued", "duplicate")
    forged = dict(headers, **{"X-Zendesk-Webhook-Signature": sign("wrong", stamp, body)})
    assert client.post("/api/v1/webhooks/zendesk", content=body, headers=forged).status_code == 401


def test_the_api_needs_no_csrf_token_and_the_cookie_does_not_authenticate_it(
    client: Client, workspace: Workspace
) -> None:
    """A token write passes without a CSRF token; a console route still refuses a write without one."""
    token = _token(workspace, "tickets:write")
    assert client.post("/api/v1/tickets", json=TICKET, headers=_auth(token, "x")).status_code == 202
    assert client.post("/api/v1/tickets", json=TICKET, headers={"Idempotency-Key": "y"}).status_code == 401
    assert client.post("/api/tickets", json={}).status_code in (401, 403, 405)


def test_openapi_documents_the_api_with_tags_and_schemas(client: Client) -> None:
    """The v1 OpenAPI document lists the routes under their tags with the ticket schema; /docs renders it."""
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert "/api/v1/tickets" in paths and "/api/v1/webhooks/zendesk" in paths
    assert paths["/api/v1/tickets"]["post"]["tags"] == ["ingest"]
    assert "TicketIn" in spec.json()["components"]["schemas"]
    assert "swagger" in client.get("/api/v1/docs").text.lower()
    assert "/api/v1/tickets/{ticket_id}/decisions" in client.app.openapi()["paths"]  # and the console's /docs


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=bodies(TICKET))
def test_fuzzed_ingest_bodies_get_a_clear_4xx_or_202_never_a_500(body: bytes, fuzz_client: Client) -> None:
    """Arbitrary bodies on POST /api/v1/tickets: 202, or 4xx with a detail; the server never fails."""
    token = fuzz_client.headers["authorization"]
    key = hashlib.sha256(body).hexdigest()
    response = fuzz_client.post(
        "/api/v1/tickets",
        content=body,
        headers={"Authorization": token, "Idempotency-Key": key, "Content-Type": "application/json"},
    )
    assert response.status_code == 202 or (400 <= response.status_code < 500 and response.json()["detail"])
