"""Conversations over HTTP on a real app (SQLite workspace): run one, read it back, and the ticket page and
`/api/tickets/{id}/handoff` show the packet to a signed-in agent; signed-out callers get nothing."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from phasegate.auth import service as users
from phasegate.config import Settings
from phasegate.rollout import service as rollout
from phasegate.store import service as store
from phasegate.store.schemas import CustomerIn, OrderIn
from phasegate.web.app import create_app
from tests.assist.test_routes import Client
from tests.conversations.conftest import STORE


class ApiClient(Client):
    """The signed-in client, plus JSON posts carrying the session's CSRF token."""

    def post_json(self, path: str, body: dict[str, Any]) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://test", cookies=self.cookies
            ) as c:
                page = (await c.get("/inbox")).text
                token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
                return await c.post(path, json=body, headers={"X-CSRF-Token": token})

        return asyncio.run(go())


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> ApiClient:
    """An app on a workspace with the fixture store and order_status in phase 3."""
    home: Path = tmp_path_factory.mktemp("ws")
    app = create_app(Settings(home=home, secret_key="test-secret-key-for-conversations"))
    data = json.loads(STORE.read_text(encoding="utf-8"))
    with app.state.workspace.sessions() as session:
        store.upsert_customers(session, [CustomerIn.model_validate(c) for c in data["customers"]])
        store.upsert_orders(session, [OrderIn.model_validate(o) for o in data["orders"]])
        rollout.change_phase(
            session,
            category="order_status",
            to_phase=3,
            actor="test",
            kind="override",
            reason="t",
            evidence=None,
        )
        users.create(session, username="agent", password="agent-password", role="agent")
        session.commit()
    c = ApiClient(app)
    c.sign_in("agent", "agent-password")
    return c


ANA = {"id": "C-1", "email": "ana@example.com", "name": "Ana Ruiz"}


def test_a_tracking_conversation_is_resolved_over_the_api(client: ApiClient) -> None:
    """POST /api/conversations answers with the contract; the stored conversation has the sourced reply."""
    r = client.post_json(
        "/api/conversations", {"id": "API-1", "customer": ANA, "turns": ["Where is my order TR-100101?"]}
    )
    assert r.status_code == 200, r.text
    line = r.json()
    assert line["escalated"] is False and line["actions"][0]["status"] == "done"
    stored = client.get("/api/conversations/API-1").json()
    assert stored["status"] == "resolved" and stored["handoff"] is None
    ai = [t for t in stored["turns"] if t["role"] == "ai"]
    assert ai and any(s["kind"] == "store" for s in ai[0]["sources"])
    assert client.get("/api/tickets/CV-API-1/handoff").status_code == 404


def test_a_handed_off_conversation_shows_its_packet_to_the_agent(client: ApiClient) -> None:
    """A drift to harm is handed off: the ticket page shows the packet, the JSON route returns it."""
    turns = [
        "Where is my order TR-100101?",
        "The jacket zipper sparked and burned my hand, I went to urgent care.",
    ]
    r = client.post_json("/api/conversations", {"id": "API-2", "customer": ANA, "turns": turns})
    assert r.json()["escalated_at_turn"] == 2
    packet = client.get("/api/tickets/CV-API-2/handoff").json()
    assert packet["facts"]["order_ids"] == ["TR-100101"] and "never_autonomous" in [
        t["code"] for t in packet["triggers"]
    ]
    page = client.get("/tickets/CV-API-2").text
    assert 'data-testid="handoff"' in page and "never_autonomous" in page and "TR-100101" in page


def test_signed_out_callers_get_nothing(tmp_path: Path) -> None:
    """The conversation routes sit behind the sign-in gate like the other JSON routes."""
    app = create_app(Settings(home=tmp_path, secret_key="k" * 32))
    anonymous = Client(app)
    assert anonymous.get("/api/conversations/API-1").status_code == 401


def test_a_conversation_continues_turn_by_turn_over_the_api(client: ApiClient) -> None:
    """POST /api/conversations/{id}/turns continues the stored conversation: the third AI contact escalates
    across requests; an unknown conversation is 404 and an empty turn 422."""
    at = "2026-03-10T15:00:00Z"
    r = client.post_json(
        "/api/conversations", {"id": "API-3", "customer": ANA, "at": at, "turns": ["Where is TR-100101?"]}
    )
    assert r.status_code == 200 and r.json()["escalated"] is False
    r = client.post_json(
        "/api/conversations/API-3/turns",
        {"text": "Which carrier has my package?", "at": "2026-03-10T15:01:00Z"},
    )
    assert r.status_code == 200, r.text
    assert len(r.json()["replies"]) == 2 and r.json()["escalated"] is False
    r = client.post_json(
        "/api/conversations/API-3/turns",
        {"text": "When will the package arrive?", "at": "2026-03-10T15:02:00Z"},
    )
    line = r.json()
    assert line["escalated_at_turn"] == 3 and line["handoff"] is not None
    assert "repeated_ai_contact" in [t["code"] for t in line["triggers"]]
    assert client.post_json("/api/conversations/NOPE/turns", {"text": "hi"}).status_code == 404
    assert client.post_json("/api/conversations/API-3/turns", {"text": "  "}).status_code == 422
