"""Chatwoot: the agent-bot webhook's token and parsing, and the API calls sent to a fake Chatwoot."""

from __future__ import annotations

import json

import pytest

from phasegate.connectors import chatwoot
from phasegate.connectors.base import WebhookError
from phasegate.connectors.chatwoot import ChatwootConnector, ChatwootSettings
from phasegate.testing import FakeHelpdesk
from tests.conftest import DATA

BODY = (DATA / "webhooks" / "chatwoot_message_created.json").read_bytes()
SETTINGS = ChatwootSettings(webhook_token="bot-token")


def test_an_incoming_message_parses_to_a_customer_turn_of_the_conversation() -> None:
    """message_created/incoming becomes a customer message of ticket cw-ACCOUNT-CONVERSATION."""
    event = chatwoot.parse_webhook({}, BODY, token="bot-token", settings=SETTINGS)
    assert event is not None and event.message is not None
    assert event.ticket.id == "cw-1-12" and event.message.role == "customer"
    assert event.ticket.customer is not None and event.ticket.customer.email == "ben@example.com"
    assert event.key == "message:1:501" and event.origin is not None and event.origin.external_id == "12"


@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_a_missing_or_wrong_token_is_401(token: str | None) -> None:
    """The bot URL's token must match, compared in constant time."""
    with pytest.raises(WebhookError) as err:
        chatwoot.parse_webhook({}, BODY, token=token, settings=SETTINGS)
    assert err.value.status == 401


def test_private_notes_other_events_and_empty_content_are_ignored() -> None:
    """Only public conversation turns with text are queued."""
    payload = json.loads(BODY)
    assert chatwoot.parse_event(dict(payload, private=True)) is None
    assert chatwoot.parse_event(dict(payload, event="conversation_created")) is None
    assert chatwoot.parse_event(dict(payload, content="")) is None
    assert chatwoot.parse_event(dict(payload, message_type="activity")) is None


def test_outgoing_messages_are_agent_turns_and_bot_messages_ai_turns() -> None:
    """An agent's outgoing message is role agent; the bot's own is role ai (so it is not re-decided)."""
    payload = json.loads(BODY)
    agent = chatwoot.parse_event(dict(payload, message_type="outgoing", sender={"id": 3, "type": "user"}))
    bot = chatwoot.parse_event(dict(payload, message_type="outgoing", sender={"id": 9, "type": "agent_bot"}))
    assert agent is not None and agent.message is not None and agent.message.role == "agent"
    assert bot is not None and bot.message is not None and bot.message.role == "ai"


def test_a_conversation_of_the_wrong_type_is_a_422_naming_it() -> None:
    """A conversation that is not an object is refused with the field."""
    payload = json.loads(BODY)
    payload["conversation"] = "12"
    with pytest.raises(WebhookError) as err:
        chatwoot.parse_event(payload)
    assert err.value.status == 422 and "event.conversation" in str(err.value)


def test_outbound_reply_note_labels_and_handoff() -> None:
    """Replies and notes post messages; hand-off opens the conversation, then posts the private note."""
    with FakeHelpdesk() as fake:
        cw = ChatwootConnector(ChatwootSettings(url=fake.url, account_id=1, api_token="tok"))
        cw.send_reply("12", "Here is your tracking link.")
        cw.add_internal_note("12", "brief")
        cw.add_tags("12", ["phasegate_route_human"])
        cw.assign_to_human("12", note="context")
        calls = fake.calls()
    base = "/api/v1/accounts/1/conversations/12"
    assert [(c.method, c.path) for c in calls] == [
        ("POST", f"{base}/messages"),
        ("POST", f"{base}/messages"),
        ("POST", f"{base}/labels"),
        ("POST", f"{base}/toggle_status"),
        ("POST", f"{base}/messages"),
    ]
    assert calls[0].body == {
        "content": "Here is your tracking link.",
        "message_type": "outgoing",
        "private": False,
    }
    assert calls[1].body["private"] is True and calls[4].body["private"] is True
    assert calls[3].body == {"status": "open"}
    assert calls[0].headers["api_access_token"] == "tok"
