"""The hook other code (the conversation engine) calls to act on a helpdesk ticket: at most once per key."""

from __future__ import annotations

import json

from phasegate.connectors import zendesk
from phasegate.connectors.zendesk import ZendeskConnector, ZendeskSettings
from phasegate.intake import service
from phasegate.intake.flows import send_through_connector
from phasegate.intake.runner import build_intake
from phasegate.rollout.flows.triage import Analyzer
from phasegate.testing import FakeHelpdesk
from phasegate.workspace import Workspace
from tests.conftest import DATA


def test_send_through_connector_sends_once_per_key_and_only_for_helpdesk_tickets(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """A reply under one key reaches Zendesk once however often asked; a ticket with no origin is refused."""
    event = zendesk.parse_event(json.loads((DATA / "webhooks" / "zendesk_ticket_created.json").read_text()))
    assert event is not None
    with workspace.sessions() as s, s.begin():
        service.enqueue(s, event)
    connectors = {
        "zendesk": ZendeskConnector(ZendeskSettings(url=fake.url, email="a@b.c", api_token="t")),
    }
    build_intake(workspace, connectors=connectors, brief=False, analyzer=analyzer).drain()
    before = len(fake.calls())
    for _ in range(3):
        send_through_connector(
            workspace.sessions,
            connectors,
            ticket_id="zd-4711",
            kind="reply",
            key="turn-2",
            text_="On its way!",
        )
    replies = [c for c in fake.calls()[before:] if c.body["ticket"]["comment"]["public"] is True]
    assert len(replies) == 1 and replies[0].body["ticket"]["comment"]["body"] == "On its way!"
    assert not send_through_connector(
        workspace.sessions, connectors, ticket_id="T-none", kind="reply", key="k", text_="x"
    )
