"""An agent's reply: message stored, ticket resolved, handle time capped, draft edits measured, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.drafts.acceptance import ACCEPT_AT
from phasegate.drafts.models import Draft
from phasegate.metrics.models import Resolution
from phasegate.rollout.models import Decision
from phasegate.tickets import reply
from phasegate.tickets.models import Message, Ticket
from tests.metrics.builders import at


def _ticket(db: Session, tid: str = "R-1", **kw: object) -> Ticket:
    t = Ticket(id=tid, created_at=at(0), category="order_status", **kw)
    t.messages = [Message(seq=0, role="customer", text="Where is A-12345?")]
    db.add(t)
    db.flush()
    return t


def _decision(db: Session, tid: str, *, phase: int, route: str, codes: list[str]) -> None:
    db.add(
        Decision(
            ticket_id=tid,
            phase=phase,
            route=route,
            escalate=bool(codes),
            triggers=[{"code": c, "detail": ""} for c in codes],
            created_at=at(0),
        )
    )
    db.flush()


def test_reply_resolves_and_records_everything(db: Session) -> None:
    """The reply is the next agent message; status, first response, handle time and a resolution follow."""
    _ticket(db)
    result = reply.send(
        db, ticket_id="R-1", text="  On its way!  ", agent="ana", opened_at=at(0, 10), now=at(0, 10, 4)
    )
    t = db.get(Ticket, "R-1")
    assert t is not None and t.status == "resolved" and t.resolved_at == at(0, 10, 4)
    assert (t.messages[-1].seq, t.messages[-1].role, t.messages[-1].text) == (1, "agent", "On its way!")
    assert t.first_response_at == at(0, 10, 4) and t.handle_seconds == 240 == result.handle_seconds
    assert result.handled_by == "human"  # no routing decision: no AI was involved
    res = db.scalars(select(Resolution).where(Resolution.ticket_id == "R-1")).one()
    assert (res.resolved_by, res.agent) == ("human", "ana")


def test_handle_time_is_capped_and_needs_a_start(db: Session) -> None:
    """A tab open for a day counts one hour; without a trustworthy start no handle time is recorded."""
    _ticket(db, "R-2")
    assert (
        reply.send(db, ticket_id="R-2", text="hi", agent="a", opened_at=at(0), now=at(1)).handle_seconds
        == 3600
    )
    _ticket(db, "R-3")
    assert (
        reply.send(db, ticket_id="R-3", text="hi", agent="a", opened_at=None, now=at(1)).handle_seconds
        is None
    )
    t = db.get(Ticket, "R-3")
    assert t is not None and t.handle_seconds is None


def test_draft_edits_are_measured(db: Session) -> None:
    """Sending a lightly edited draft marks it accepted; a rewrite is not accepted."""
    _ticket(db, "R-4")
    db.add(Draft(ticket_id="R-4", ai_text="Your order A-12345 ships tomorrow.", created_at=at(0)))
    _ticket(db, "R-5")
    db.add(Draft(ticket_id="R-5", ai_text="Your order A-12345 ships tomorrow.", created_at=at(0)))
    db.flush()
    light = reply.send(
        db, ticket_id="R-4", text="Your order A-12345 ships tomorrow!", agent="a", opened_at=None
    )
    heavy = reply.send(
        db, ticket_id="R-5", text="Sorry, we lost it; refund issued.", agent="a", opened_at=None
    )
    assert light.edit_ratio is not None and light.edit_ratio < ACCEPT_AT
    assert heavy.edit_ratio is not None and heavy.edit_ratio > 0.5
    d4 = db.scalars(select(Draft).where(Draft.ticket_id == "R-4")).one()
    d5 = db.scalars(select(Draft).where(Draft.ticket_id == "R-5")).one()
    assert (d4.accepted, d5.accepted) == (True, False) and d4.sent_text and d4.agent == "a"
    assert reply.edit_ratio("same", "same") == 0.0


@pytest.mark.parametrize(
    ("phase", "route", "codes", "expected"),
    [
        (0, "human", [], "human"),
        (1, "assist", [], "ai_assisted"),
        (2, "draft", [], "ai_assisted"),
        (3, "human", ["frustration"], "ai_escalated"),
        (3, "human", ["kill_switch"], "ai_assisted"),
    ],
)
def test_handled_by_follows_the_routing(
    db: Session, phase: int, route: str, codes: list[str], expected: str
) -> None:
    """Who handled it comes from the latest live decision; a kill-switched ticket is not an AI failure."""
    _ticket(db, "R-6")
    _decision(db, "R-6", phase=phase, route=route, codes=codes)
    assert reply.send(db, ticket_id="R-6", text="done", agent="a", opened_at=None).handled_by == expected


def test_refusals_name_their_reason(db: Session) -> None:
    """Missing ticket, empty reply and an already resolved ticket are refused with their kind."""
    with pytest.raises(reply.ReplyError) as missing:
        reply.send(db, ticket_id="NOPE", text="x", agent="a", opened_at=None)
    assert missing.value.kind == "missing"
    _ticket(db, "R-7")
    with pytest.raises(reply.ReplyError) as empty:
        reply.send(db, ticket_id="R-7", text="   ", agent="a", opened_at=None)
    assert empty.value.kind == "empty"
    reply.send(db, ticket_id="R-7", text="ok", agent="a", opened_at=None, now=at(0) + timedelta(hours=1))
    with pytest.raises(reply.ReplyError) as again:
        reply.send(db, ticket_id="R-7", text="ok", agent="a", opened_at=None)
    assert again.value.kind == "resolved"
