"""Backtest: stored tickets replayed under a proposal and the current policy, what changes, and its CSAT."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from phasegate.policy import Policy
from phasegate.rollout import service
from phasegate.rollout.flows.backtest import as_arrived, backtest
from phasegate.tickets.models import Message, Ticket
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.schemas import Analysis
from tests.policy.factories import analysis

CURRENT = """
phases: {order_status: 3, return_request: 3, product_question: 2}
thresholds: {amount: 50}
"""


def text_analyzer(tickets: Sequence[TicketIn], policy: Policy) -> list[Analysis]:
    """Reads 'cat=<category> amount=<n>' from the text: a stand-in router for replay tests."""
    out = []
    for t in tickets:
        cat = re.search(r"cat=(\w+)", t.text)
        amount = re.search(r"amount=(\d+)", t.text)
        out.append(
            analysis(cat.group(1) if cat else None, amounts=[float(amount.group(1))] if amount else None)
        )
    return out


def _ticket(
    db: Session, tid: str, text: str, *, csat: int | None, handled_by: str = "human", day: int = 1
) -> None:
    db.add(
        Ticket(
            id=tid,
            category=None,
            handled_by=handled_by,
            csat=csat,
            created_at=datetime(2026, 2, day, tzinfo=UTC),
            messages=[
                Message(seq=0, role="customer", text=text),
                Message(seq=1, role="agent", text="done"),
                Message(seq=2, role="customer", text="cat=complaint thanks"),
            ],
        )
    )


def _history(db: Session) -> None:
    service.apply_policy(db, CURRENT, author="lead")
    _ticket(db, "R-1", "cat=return_request amount=120", csat=5)
    _ticket(db, "R-2", "cat=return_request amount=90", csat=3)
    _ticket(db, "R-3", "cat=return_request amount=400", csat=4)
    _ticket(db, "O-1", "cat=order_status", csat=5)
    _ticket(db, "P-1", "cat=product_question", csat=None, day=20)
    db.add(Ticket(id="X-1", messages=[Message(seq=0, role="agent", text="outbound note")]))
    db.flush()


def test_raising_the_amount_threshold_lists_the_newly_autonomous_with_their_csat(db: Session) -> None:
    """Returns of $120 and $90 go autonomous at a $200 limit; $400 stays human; their CSAT is reported."""
    _history(db)
    proposed = service.policy_in_force(db).policy.model_copy(
        update={"thresholds": Policy().thresholds.model_copy(update={"amount": 200.0})}
    )
    report = backtest(db, proposed=proposed, analyzer=text_analyzer)
    assert (report.tickets, report.skipped, report.changed) == (5, 1, 2)
    assert sorted(r.ticket_id for r in report.newly_autonomous) == ["R-1", "R-2"]
    assert report.newly_autonomous_csat == (4.0, 2)
    assert report.routes_before["return_request"] == {"human": 3}
    assert report.routes_after["return_request"] == {"autonomous": 2, "human": 1}
    assert report.triggers_before["amount_threshold"] == 3 and report.triggers_after["amount_threshold"] == 1
    as_json = report.as_dict()
    assert as_json["newly_autonomous"]["count"] == 2 and as_json["routes"]["order_status"]["after"] == {
        "autonomous": 1
    }


def test_file_phases_override_the_workspace_for_the_categories_they_name(db: Session) -> None:
    """Naming product_question: 3 in the file makes its tickets newly autonomous; others keep their phase."""
    _history(db)
    proposed = Policy.model_validate({"phases": {"product_question": 3}, "thresholds": {"amount": 50}})
    report = backtest(db, proposed=proposed, analyzer=text_analyzer)
    assert [r.ticket_id for r in report.newly_autonomous] == ["P-1"]
    assert report.newly_autonomous_csat == (None, 0)
    assert report.routes_after["order_status"] == {"autonomous": 1}


def test_since_limits_the_replay(db: Session) -> None:
    """Only tickets created on or after --since are replayed."""
    _history(db)
    report = backtest(db, proposed=Policy(), analyzer=text_analyzer, since=datetime(2026, 2, 10, tzinfo=UTC))
    assert report.tickets == 1


def test_a_ticket_is_replayed_as_it_arrived(db: Session) -> None:
    """Only the opening customer messages are replayed: later turns did not exist at intake."""
    _history(db)
    row = db.get(Ticket, "R-1")
    assert row is not None
    arrived = as_arrived(row)
    assert arrived is not None and [m.text for m in arrived.messages] == ["cat=return_request amount=120"]
    outbound = db.get(Ticket, "X-1")
    assert outbound is not None and as_arrived(outbound) is None
