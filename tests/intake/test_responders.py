"""The worker's default responder is phasegate's own: the conversation engine answers a phase-3 ticket from
the store with one public reply and continues the conversation on a follow-up in any worker; a harm report, a
drifting follow-up or one on a handed-off conversation goes to the hand-off group with a packet."""

from __future__ import annotations

import json

from phasegate.connectors import zendesk
from phasegate.connectors.zendesk import ZendeskConnector, ZendeskSettings
from phasegate.conversations import service as conversations
from phasegate.intake import service
from phasegate.intake.flows import Intake
from phasegate.intake.responders import product_responder
from phasegate.intake.runner import build_intake
from phasegate.rollout import service as rollout
from phasegate.rollout.flows.triage import Analyzer
from phasegate.store import service as store
from phasegate.store.schemas import CustomerIn, OrderIn
from phasegate.testing import FakeHelpdesk
from phasegate.workspace import Workspace
from tests.conftest import DATA

PHASE_3 = "phases: {order_status: 3}\n"


def _ticket(text: str, *, key: str = "c1") -> dict[str, object]:
    payload: dict[str, object] = json.loads((DATA / "webhooks" / "zendesk_ticket_created.json").read_text())
    detail = dict(payload["detail"])  # type: ignore[call-overload]
    detail["description"] = text
    detail["requester_id"] = "77"
    payload["detail"] = detail
    payload["id"] = key
    return payload


def _setup(ws: Workspace, fake: FakeHelpdesk, analyzer: Analyzer) -> Intake:
    """order_status in phase 3, a store whose order is the Zendesk requester's, the product responder."""
    data = json.loads((DATA / "conversations" / "store.json").read_text())
    with ws.sessions() as s, s.begin():
        rollout.apply_policy(s, PHASE_3, author="test")
        customers = [CustomerIn.model_validate(c) for c in data["customers"]]
        customers[0] = customers[0].model_copy(update={"id": "zd-user-77"})
        store.upsert_customers(s, customers)
        orders = [OrderIn.model_validate(o) for o in data["orders"]]
        orders = [
            o.model_copy(update={"customer_id": "zd-user-77"}) if o.customer_id == "C-1" else o
            for o in orders
        ]
        store.upsert_orders(s, orders)
    return _setup_runner(ws, fake, analyzer)


def _setup_runner(ws: Workspace, fake: FakeHelpdesk, analyzer: Analyzer) -> Intake:
    """A worker of its own (a new responder, nothing in memory from another worker)."""
    settings = ZendeskSettings(url=fake.url, email="bot@example.com", api_token="t", handoff_group_id=42)
    return build_intake(
        ws,
        connectors={"zendesk": ZendeskConnector(settings)},
        brief=False,
        analyzer=analyzer,
        responder=product_responder(ws.settings),
    )


def _enqueue(ws: Workspace, payload: dict[str, object]) -> None:
    event = zendesk.parse_event(payload)
    assert event is not None
    with ws.sessions() as s, s.begin():
        service.enqueue(s, event)


def _public_replies(fake: FakeHelpdesk) -> list[str]:
    bodies = [c.body["ticket"] for c in fake.calls("PUT", "/api/v2/tickets/4711.json")]
    return [b["comment"]["body"] for b in bodies if b.get("comment", {}).get("public")]


def test_the_engine_answers_a_phase_three_ticket_once_from_the_store(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """A tracking question from the order's owner gets one public reply with the store's tracking number."""
    runner = _setup(workspace, fake, analyzer)
    _enqueue(workspace, _ticket("Hi, where is my order TR-100101? It hasn't arrived yet."))
    runner.drain()
    replies = _public_replies(fake)
    assert len(replies) == 1 and "1Z999AA10123456784" in replies[0] and "AI assistant" in replies[0]
    runner.drain()
    assert len(_public_replies(fake)) == 1


def test_a_harm_report_goes_to_the_handoff_group_with_a_packet(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """Harm is never answered by the AI: no public reply, an assignment to the hand-off group."""
    runner = _setup(workspace, fake, analyzer)
    _enqueue(workspace, _ticket("Where is TR-100101? Also the last jacket's zipper burned my hand."))
    runner.drain()
    assert _public_replies(fake) == []
    updates = [c.body["ticket"] for c in fake.calls("PUT", "/api/v2/tickets/4711.json")]
    assert any(u.get("group_id") == 42 for u in updates)


def _comment(text: str, *, key: str) -> dict[str, object]:
    payload: dict[str, object] = json.loads((DATA / "webhooks" / "zendesk_comment_added.json").read_text())
    event = json.loads(json.dumps(payload["event"]))
    event["comment"]["body"] = text
    event["comment"]["id"] = key
    payload["event"] = event
    payload["id"] = f"comment-{key}"
    return payload


def test_a_follow_up_continues_the_conversation_in_another_worker(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """After the engine's answer, a follow-up handled by a fresh worker (no memory of the first) is the
    conversation's second turn: a second public reply from the store, no hand-off."""
    _setup(workspace, fake, analyzer).drain()
    _enqueue(workspace, _ticket("Hi, where is my order TR-100101? It hasn't arrived yet."))
    _setup_runner(workspace, fake, analyzer).drain()
    _enqueue(workspace, _comment("Any news? Which carrier is it with?", key="9901"))
    _setup_runner(workspace, fake, analyzer).drain()
    replies = _public_replies(fake)
    assert len(replies) == 2 and "AI assistant" not in replies[1]
    assert "1Z999AA10123456784" in replies[1]
    updates = [c.body["ticket"] for c in fake.calls("PUT", "/api/v2/tickets/4711.json")]
    assert not any(u.get("group_id") == 42 for u in updates)
    with workspace.sessions() as s:
        row = conversations.get(s, conversation_id="HD-zd-4711")
        assert row is not None and [t.role for t in row.turns] == ["customer", "ai", "customer", "ai"]


def test_a_follow_up_that_drifts_goes_to_a_person_with_the_packet(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """A follow-up turning into a harm report is handed off at the conversation's second turn."""
    runner = _setup(workspace, fake, analyzer)
    _enqueue(workspace, _ticket("Hi, where is my order TR-100101? It hasn't arrived yet."))
    runner.drain()
    _enqueue(
        workspace, _comment("It finally came and the zipper burned my hand, I needed a doctor.", key="1")
    )
    runner.drain()
    assert len(_public_replies(fake)) == 1
    updates = [c.body["ticket"] for c in fake.calls("PUT", "/api/v2/tickets/4711.json")]
    assert any(u.get("group_id") == 42 for u in updates)
    with workspace.sessions() as s:
        row = conversations.get(s, conversation_id="HD-zd-4711")
        assert row is not None and row.status == "escalated" and row.escalated_at_turn == 2
        assert conversations.handoff_for_ticket(s, ticket_id="zd-4711") is not None


def test_a_follow_up_on_an_escalated_conversation_stays_with_the_person(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """Once handed off, the customer's next message goes to the person again, never back to the AI."""
    runner = _setup(workspace, fake, analyzer)
    _enqueue(workspace, _ticket("Hi, where is my order TR-100101? It hasn't arrived yet."))
    runner.drain()
    _enqueue(
        workspace, _comment("It finally came and the zipper burned my hand, I needed a doctor.", key="1")
    )
    runner.drain()
    _enqueue(workspace, _comment("Where is my order TR-100101?", key="2"))
    _setup_runner(workspace, fake, analyzer).drain()
    assert len(_public_replies(fake)) == 1
    with workspace.sessions() as s:
        row = conversations.get(s, conversation_id="HD-zd-4711")
        assert row is not None and row.status == "escalated" and row.escalated_at_turn == 2
        # the customer's third message is on the record; the AI's only turns are its answer and the hand-off
        assert [t.role for t in row.turns] == ["customer", "ai", "customer", "ai", "customer"]


def test_crisis_language_gets_where_to_find_help_at_once_and_goes_to_a_person(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """A ticket with crisis language is never answered by the AI, yet the customer is sent the crisis
    resources at once (one public reply, once however often the event comes) and a person is assigned."""
    runner = _setup(workspace, fake, analyzer)
    _enqueue(workspace, _ticket("My order TR-100101 is late and honestly I just want to end it all."))
    runner.drain()
    runner.drain()
    replies = _public_replies(fake)
    assert len(replies) == 1 and "988" in replies[0] and "read your message first" in replies[0]
    updates = [c.body["ticket"] for c in fake.calls("PUT", "/api/v2/tickets/4711.json")]
    assert any(u.get("group_id") == 42 for u in updates)


def test_crisis_language_in_spanish_gets_where_to_find_help_in_spanish_first(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """The crisis reply of a Spanish ticket opens with "call your local emergency number now" in Spanish,
    then the brand's own resources as written."""
    from phasegate.conversations.flows import languages

    runner = _setup(workspace, fake, analyzer)
    _enqueue(workspace, _ticket("Mi pedido TR-100101 no llega y ya no puedo más, quiero morir."))
    runner.drain()
    replies = _public_replies(fake)
    assert len(replies) == 1 and replies[0].startswith(languages.CRISIS["es"]) and "988" in replies[0]
