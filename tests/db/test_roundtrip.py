"""Every table stores and reads back its values, timestamps in UTC, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from phasegate.drafts.models import Draft
from phasegate.knowledge.models import Article, ArticleVersion
from phasegate.metrics.models import CostEntry, CsatResponse, Resolution
from phasegate.rollout.models import CategoryPhase, Decision, KillSwitch, PhaseChange, PolicyVersion
from phasegate.tickets.models import Message, Ticket


def test_ticket_and_outcomes_round_trip(db: Session) -> None:
    """A ticket with messages, a draft, resolution, CSAT and costs reads back equal."""
    at = datetime(2026, 3, 2, 10, 15, tzinfo=UTC)
    db.add(
        Ticket(
            id="RT-1",
            created_at=at,
            category="order_status",
            messages=[Message(seq=0, role="customer", text="hi")],
        )
    )
    db.flush()
    db.add_all(
        [
            Draft(ticket_id="RT-1", ai_text="Hello", sent_text="Hello there", edit_ratio=0.3, accepted=True),
            Resolution(ticket_id="RT-1", resolved_by="ai", resolved_at=at),
            CsatResponse(ticket_id="RT-1", score=4, at=at),
            CostEntry(ticket_id="RT-1", kind="model", amount=Decimal("0.0123")),
        ]
    )
    db.flush()
    db.expire_all()
    t = db.get(Ticket, "RT-1")
    assert t is not None and t.created_at == at and t.messages[0].text == "hi"
    cost = db.query(CostEntry).filter_by(ticket_id="RT-1").one()
    assert cost.amount == Decimal("0.0123")


def test_rollout_state_round_trips(db: Session) -> None:
    """Policy versions, phases, phase history, kill switches and decisions keep their JSON and values."""
    db.add_all(
        [
            PolicyVersion(yaml="currency: USD\n", digest="x" * 64, author="lead"),
            CategoryPhase(category="order_status", phase=3),
            PhaseChange(
                category="order_status",
                from_phase=2,
                to_phase=3,
                actor="lead",
                kind="promote",
                evidence={"csat_ai": 4.5, "n": 120},
            ),
            KillSwitch(scope="*", on=True, reason="incident"),
            Decision(
                ticket_id="RT-9",
                phase=3,
                route="human",
                escalate=True,
                triggers=[{"code": "vip", "detail": "VIP without opt-in"}],
                entities={"order_ids": ["A-1"]},
            ),
            Article(
                id="returns",
                title="Returns",
                versions=[ArticleVersion(version=1, body="# Returns", digest="d")],
            ),
        ]
    )
    db.flush()
    db.expire_all()
    decision = db.query(Decision).filter_by(ticket_id="RT-9").one()
    assert decision.triggers == [{"code": "vip", "detail": "VIP without opt-in"}]
    change = db.query(PhaseChange).one()
    assert change.evidence == {"csat_ai": 4.5, "n": 120}
    assert db.get(KillSwitch, "*").on is True  # type: ignore[union-attr]
    assert db.get(Article, "returns").versions[0].body == "# Returns"  # type: ignore[union-attr]
