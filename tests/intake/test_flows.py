"""The intake worker end to end: webhook events in, store and decisions, effects on a fake Zendesk once."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from phasegate.connectors import zendesk
from phasegate.connectors.zendesk import ZendeskConnector, ZendeskSettings
from phasegate.db.base import utcnow
from phasegate.intake import service
from phasegate.intake.flows import Intake
from phasegate.intake.models import Effect, IntakeEvent
from phasegate.intake.runner import build_intake
from phasegate.rollout.flows.triage import Analyzer
from phasegate.rollout.models import Decision
from phasegate.testing import FakeHelpdesk
from phasegate.tickets.models import Message, Ticket
from phasegate.workspace import Workspace
from tests.conftest import DATA

HOOKS = DATA / "webhooks"


def _event(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((HOOKS / name).read_text())
    return data


def _runner(ws: Workspace, fake: FakeHelpdesk, analyzer: Analyzer) -> Intake:
    settings = ZendeskSettings(url=fake.url, email="bot@example.com", api_token="t", handoff_group_id=42)
    return build_intake(
        ws, connectors={"zendesk": ZendeskConnector(settings)}, brief=False, analyzer=analyzer
    )


def _enqueue(ws: Workspace, payload: dict[str, object]) -> bool:
    event = zendesk.parse_event(payload)
    assert event is not None
    with ws.sessions() as s, s.begin():
        return service.enqueue(s, event)[1]


def test_a_webhook_delivered_twice_is_stored_decided_and_tagged_once(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """The same Zendesk event queued twice yields one event, one ticket, one decision and one tag call."""
    assert _enqueue(workspace, _event("zendesk_ticket_created.json"))
    assert not _enqueue(workspace, _event("zendesk_ticket_created.json"))
    runner = _runner(workspace, fake, analyzer)
    assert runner.drain() == 1
    assert runner.drain() == 0
    with workspace.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 1
        assert s.scalar(select(func.count()).select_from(Decision).where(Decision.source == "intake")) == 1
        ticket = s.get(Ticket, "zd-4711")
        assert ticket is not None and (ticket.extra or {})["origin"] == {
            "connector": "zendesk",
            "external_id": "4711",
        }
    tag_calls = fake.calls("PUT", "/api/v2/tickets/4711/tags.json")
    assert len(tag_calls) == 1
    assert any(t.startswith("phasegate_route_") for t in tag_calls[0].body["tags"])


def test_a_new_customer_comment_appends_and_re_decides(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """A comment event adds its message to the stored ticket and plans a second round of effects."""
    _enqueue(workspace, _event("zendesk_ticket_created.json"))
    _enqueue(workspace, _event("zendesk_comment_added.json"))
    _runner(workspace, fake, analyzer).drain()
    with workspace.sessions() as s:
        texts = list(
            s.scalars(select(Message.text).where(Message.ticket_id == "zd-4711").order_by(Message.seq))
        )
        assert len(texts) == 2 and texts[1].startswith("Any news?")
        assert (
            s.scalar(select(func.count()).select_from(Decision).where(Decision.ticket_id == "zd-4711")) == 2
        )
    assert len(fake.calls("PUT", "/tags.json")) == 2


def test_a_comment_arriving_before_its_ticket_loses_nothing(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """Out of order, the comment creates the ticket and the later creation event merges its description in."""
    runner = _runner(workspace, fake, analyzer)
    _enqueue(workspace, _event("zendesk_comment_added.json"))
    runner.drain()
    _enqueue(workspace, _event("zendesk_ticket_created.json"))
    runner.drain()
    with workspace.sessions() as s:
        texts = set(s.scalars(select(Message.text).where(Message.ticket_id == "zd-4711")))
    assert len(texts) == 2 and any(t.startswith("Hi, my order") for t in texts)


def test_a_lapsed_lease_re_delivers_the_event(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """An event claimed by a worker that died is taken again once its lease lapses, and stored once."""
    _enqueue(workspace, _event("zendesk_ticket_created.json"))
    with workspace.sessions() as s, s.begin():
        claimed = service.claim_events(s, worker="dead-worker", lease=30)
        assert len(claimed) == 1
    runner = _runner(workspace, fake, analyzer)
    assert runner.run_once() == 0  # leased to the dead worker: not yet
    with workspace.sessions() as s, s.begin():
        s.execute(update(IntakeEvent).values(lease_until=utcnow() - timedelta(seconds=1)))
    assert runner.run_once() == 1
    with workspace.sessions() as s:
        row = s.scalars(select(IntakeEvent)).one()
        assert row.status == "done" and row.attempts == 2
        assert s.scalar(select(func.count()).select_from(Ticket)) == 1


def test_an_effect_left_sending_by_a_dead_worker_is_never_sent_again(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """A `sending` effect whose lease lapsed becomes `uncertain` and the helpdesk gets no second call."""
    _enqueue(workspace, _event("zendesk_ticket_created.json"))
    runner = _runner(workspace, fake, analyzer)
    runner.refresh()
    with workspace.sessions() as s, s.begin():
        row = service.claim_events(s, worker="w")[0]
        runner.handle(s, row)
    with workspace.sessions() as s, s.begin():
        taken = service.claim_effects(s, lease=30)  # this worker "dies" before calling Zendesk
        assert taken and all(e.status == "sending" for e in taken)
        s.execute(update(Effect).values(lease_until=utcnow() - timedelta(seconds=1)))
    assert runner.perform_effects() == 0
    with workspace.sessions() as s:
        assert set(s.scalars(select(Effect.status))) == {"uncertain"}
    assert fake.calls() == []


def test_a_refused_call_is_retried_and_sent_once(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """A 503 from the helpdesk puts the effect back to pending; the retry sends it exactly once."""
    _enqueue(workspace, _event("zendesk_ticket_created.json"))
    fake.fail_next(1, status=503)
    runner = _runner(workspace, fake, analyzer)
    runner.drain()
    with workspace.sessions() as s:
        assert set(s.scalars(select(Effect.status))) == {"pending"}
        s.execute(update(Effect).values(lease_until=None))
        s.commit()
    runner.perform_effects()
    with workspace.sessions() as s:
        assert set(s.scalars(select(Effect.status))) == {"sent"}
    assert len(fake.calls("PUT", "/tags.json")) == 1


def test_the_worker_posts_the_brief_and_hands_off_with_the_triggers(
    workspace: Workspace, fake: FakeHelpdesk, analyzer: Analyzer
) -> None:
    """With the brief on, a human-routed ticket goes to the hand-off group with a private context note."""
    payload = _event("zendesk_ticket_created.json")
    detail = dict(payload["detail"])  # type: ignore[call-overload]
    detail["description"] = "This jacket gave me a rash and hives. I will call my lawyer."
    payload["detail"] = detail
    _enqueue(workspace, payload)
    settings = ZendeskSettings(url=fake.url, email="bot@example.com", api_token="t", handoff_group_id=42)
    runner = build_intake(workspace, connectors={"zendesk": ZendeskConnector(settings)}, analyzer=analyzer)
    runner.drain()
    updates = [c.body["ticket"] for c in fake.calls("PUT", "/api/v2/tickets/4711.json")]
    assert len(updates) == 1
    assert updates[0]["group_id"] == 42 and updates[0]["comment"]["public"] is False
    assert "phasegate hand-off" in updates[0]["comment"]["body"]


def test_data_dir_holds_the_webhook_samples() -> None:
    """The sample webhook bodies the tests read are files under tests/data/webhooks."""
    assert sorted(p.name for p in Path(HOOKS).glob("*.json")) == [
        "chatwoot_message_created.json",
        "zendesk_comment_added.json",
        "zendesk_ticket_created.json",
    ]
