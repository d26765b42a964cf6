"""Chatwoot through the served app on SQLite (inline drain): bot webhook in, reply or hand-off out, once."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from phasegate.connectors.chatwoot import ChatwootConnector, ChatwootSettings
from phasegate.intake import runner
from phasegate.intake.runner import build_intake
from phasegate.rollout import service as rollout
from phasegate.rollout.flows.triage import Analyzer
from phasegate.testing import FakeHelpdesk, ServedApp, echo_responder
from phasegate.web.app import create_app
from phasegate.workspace import Workspace
from tests.conftest import DATA

BODY = json.loads((DATA / "webhooks" / "chatwoot_message_created.json").read_text())


def _work(app: Any, fake: FakeHelpdesk, n: int) -> None:
    """Stand in for a polling worker (on PostgreSQL the app does not drain) until `n` calls arrived."""
    deadline = time.monotonic() + 20
    while len(fake.calls()) < n and time.monotonic() < deadline:
        runner.drain(app)
        time.sleep(0.05)


def test_a_bot_message_is_answered_once_even_when_delivered_twice(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """An autonomous category gets one public reply and one label call, though Chatwoot sent it twice."""
    with workspace.sessions() as s, s.begin():
        rollout.ensure_policy(s)
        for category in ("account_access", "order_status"):
            rollout.change_phase(
                s, category=category, to_phase=3, actor="t", kind="override", reason="test", evidence=None
            )
    connector = ChatwootConnector(ChatwootSettings(url=fake.url, account_id=1, api_token="tok"))
    app = create_app(workspace.settings)
    app.state.intake = build_intake(
        workspace,
        connectors={"chatwoot": connector},
        brief=False,
        analyzer=analyzer,
        responder=echo_responder,
    )
    app.state.chatwoot_settings = ChatwootSettings(webhook_token="bot")
    body = dict(BODY, content="Where is my order A-5521? It has not arrived.")
    with ServedApp(app) as served:
        for _ in range(2):
            r = httpx.post(f"{served.url}/api/v1/webhooks/chatwoot?token=bot", json=body, timeout=30)
            assert r.status_code == 202
        _work(app, fake, 2)
        time.sleep(0.5)  # a second, wrong, send would land in this time
    paths = [c.path for c in fake.calls()]
    assert paths.count("/api/v1/accounts/1/conversations/12/labels") == 1
    replies = [c.body for c in fake.calls("POST", "/messages") if c.body["private"] is False]
    assert len(replies) == 1 and "A-5521" in replies[0]["content"]


def test_a_frustrated_customer_is_handed_to_a_human(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """A trigger routes to a human: the conversation is opened and a private note carries the reasons."""
    connector = ChatwootConnector(ChatwootSettings(url=fake.url, account_id=1, api_token="tok"))
    app = create_app(workspace.settings)
    app.state.intake = build_intake(
        workspace, connectors={"chatwoot": connector}, brief=False, analyzer=analyzer
    )
    app.state.chatwoot_settings = ChatwootSettings(webhook_token="bot")
    body = dict(BODY, content="This is the THIRD time I ask!!! I will call my lawyer about this refund.")
    with ServedApp(app) as served:
        assert (
            httpx.post(f"{served.url}/api/v1/webhooks/chatwoot?token=bot", json=body, timeout=30).status_code
            == 202
        )
        _work(app, fake, 3)
    calls = fake.calls()
    assert any(c.path.endswith("/toggle_status") and c.body == {"status": "open"} for c in calls)
    notes = [c.body["content"] for c in calls if c.path.endswith("/messages") and c.body["private"] is True]
    assert len(notes) == 1 and "phasegate hand-off" in notes[0]
