"""The hand-off packet: the whole conversation, reasoning per turn, account, flags and every fact; persisted
with a ticket so the console shows it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from phasegate.conversations import service
from phasegate.conversations.flows import handoff
from phasegate.conversations.flows.run import finish
from phasegate.tickets import service as tickets
from tests.conversations.conftest import ANA, SAMPLE_AT, NewChat

T = SAMPLE_AT


def _escalated(new_chat: NewChat):  # type: ignore[no-untyped-def]
    chat = new_chat("H-1", customer=ANA)
    chat.say("Where is order TR-100101? I paid $30 for faster shipping. My email is ana@example.com", now=T)
    chat.say(
        "It is late. Please refund $25 and send future orders to 42 Pine Street, Portland, OR 97201",
        now=T + timedelta(minutes=1),
    )
    assert chat.escalated
    return chat


def test_the_packet_holds_everything_collected(new_chat: NewChat) -> None:
    """Order ids, emails, addresses and amounts (per turn, with their total) are in the packet's facts."""
    packet = handoff.packet(_escalated(new_chat))
    facts = packet["facts"]
    assert facts["order_ids"] == ["TR-100101"]
    assert "ana@example.com" in facts["emails"]
    assert facts["addresses"] == ["42 Pine Street, Portland, OR 97201"]
    assert [(a["turn"], a["value"]) for a in facts["amounts"]] == [(1, "30"), (2, "25")]
    assert facts["amount_total"] == "55"


def test_the_packet_explains_the_reasoning(new_chat: NewChat) -> None:
    """Per turn: category, confidence, triggers with detail; plus the account, flags and actions."""
    packet = handoff.packet(_escalated(new_chat))
    assert [r["turn"] for r in packet["reasoning"]] == [1, 2]
    assert all("confidence" in r and "category" in r for r in packet["reasoning"])
    assert packet["reasoning"][-1]["triggers"] and all(t["detail"] for t in packet["triggers"])
    assert packet["account"]["customer"]["id"] == "C-1"
    assert [o["id"] for o in packet["account"]["orders"]] == ["TR-100101"]
    assert packet["policy_flags"]["money_asked"] == ["refund"]
    assert [m["role"] for m in packet["conversation"]] == ["customer", "ai", "customer", "ai"]
    assert "TR-100101" in packet["summary"] and "amount_threshold" in packet["summary"]


def test_an_escalated_conversation_becomes_a_ticket_with_its_packet(
    new_chat: NewChat, seeded: Session
) -> None:
    """Persisted: the conversation, its turns, the packet, a ticket handled_by ai_escalated, still open."""
    chat = _escalated(new_chat)
    packet = finish(seeded, chat, now=T + timedelta(minutes=2))
    assert packet is not None
    stored = service.handoff_for_ticket(seeded, ticket_id="CV-H-1")
    assert stored is not None and stored.packet["facts"]["order_ids"] == ["TR-100101"]
    ticket = tickets.get(seeded, ticket_id="CV-H-1")
    assert ticket is not None and ticket.handled_by == "ai_escalated" and ticket.status == "open"
    assert [m.role for m in ticket.messages] == ["customer", "ai", "customer", "ai"]
    row = service.get(seeded, conversation_id="H-1")
    assert row is not None and row.status == "escalated" and row.escalated_at_turn == 2
    assert [t.role for t in row.turns] == ["customer", "ai", "customer", "ai"]
    assert row.turns[1].sources and row.turns[0].category is not None


def test_a_resolved_conversation_is_an_ai_ticket(new_chat: NewChat, seeded: Session) -> None:
    """A conversation the AI resolved is a resolved ticket handled by `ai`, with no packet."""
    chat = new_chat("H-2", customer=ANA)
    chat.say("Where is my order TR-100101?", now=T)
    assert finish(seeded, chat, now=T) is None
    ticket = tickets.get(seeded, ticket_id="CV-H-2")
    assert ticket is not None and ticket.handled_by == "ai" and ticket.status == "resolved"
    assert service.handoff_for_ticket(seeded, ticket_id="CV-H-2") is None


def test_crisis_language_gets_where_to_find_help_first_and_no_office_hours_wait(new_chat: NewChat) -> None:
    """A hand-off for crisis language opens with the brand's crisis resources and promises no reply
    "within 4 business hours"; an ordinary hand-off keeps the usual wait."""
    chat = new_chat("H-C", customer=ANA)
    chat.say("Where is order TR-100101?", now=T)
    reply = chat.say("honestly I just want to end it all", now=T + timedelta(minutes=1))
    assert chat.escalated and reply is not None
    resources = chat.engine.brand.crisis_resources
    assert reply.text.index(resources) < reply.text.index("passing this conversation")
    assert "988" in reply.text and "business hours" not in reply.text
    ordinary = _escalated(new_chat).replies[-1].text
    assert "business hours" in ordinary and resources not in ordinary
