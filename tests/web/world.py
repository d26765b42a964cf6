"""The console tests' workspace: the alarm-raising trend world, open tickets to work, and two users."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from phasegate.auth import service as users
from phasegate.drafts.models import Draft
from phasegate.evals.models import EvalItem
from phasegate.rollout.models import CategoryPhase, Decision
from phasegate.tickets.models import Message, Ticket
from tests.metrics.builders import Rows, at, trend_world

AGENT = ("ana", "agent-password-1")
EVAL_ITEMS = (
    ("address_update", "Please change the shipping address on my order to 12 Elm St, Portland."),
    ("address_update", "I moved last week, can you send my parcel to my new address instead?"),
    ("order_status", "Where is my order? The tracking has not moved in five days."),
)
LEAD = ("lee", "lead-password-1")


def console_rows() -> Rows:
    """trend_world plus open tickets: an escalated VIP, a phase-2 ticket with a draft, a plain one."""
    rows = trend_world()
    last = max(t["created_at"] for t in rows.tickets)
    rows.ticket(
        "T-ESC",
        last - timedelta(hours=2),
        "return_policy",
        None,
        subject="Return label never came",
        issue_id="ISS-ESC",
        customer={"id": "C-9", "name": "Vera Ip", "email": "vera@example.com", "vip": True},
        customer_id="C-9",
        text="This is the THIRD time I ask. Where is my return label for order A-10045?",
    )
    rows.decisions.append(
        {
            "ticket_id": "T-ESC",
            "phase": 3,
            "route": "human",
            "escalate": True,
            "category": "return_policy",
            "triggers": [
                {"code": "frustration", "detail": "repeated request, shouting"},
                {"code": "vip", "detail": "VIP customer without AI opt-in"},
            ],
            "entities": {"order_ids": ["A-10045"], "emails": []},
            "kb_hit": True,
            "source": "intake",
            "confidence": 0.91,
            "created_at": last - timedelta(hours=2),
        }
    )
    rows.ticket(
        "T-DRAFT",
        last - timedelta(hours=3),
        "address_update",
        None,
        subject="New address",
        customer={"id": "C-10", "name": "Sam Ode"},
        text="Please ship order A-20001 to 12 Elm St instead.",
    )
    rows.decisions.append(
        {
            "ticket_id": "T-DRAFT",
            "phase": 2,
            "route": "draft",
            "escalate": False,
            "category": "address_update",
            "triggers": [],
            "kb_hit": True,
            "source": "intake",
            "confidence": 0.88,
            "created_at": last - timedelta(hours=3),
        }
    )
    rows.drafts.append(
        {
            "ticket_id": "T-DRAFT",
            "ai_text": "Hi Sam, I have updated the shipping address of A-20001 to 12 Elm St.",
            "sent_text": None,
            "edit_ratio": None,
            "accepted": None,
            "sent_at": None,
        }
    )
    rows.phases["address_update"] = 2
    rows.ticket(
        "T-BROWSER",
        last - timedelta(hours=5),
        "return_policy",
        None,
        subject="Refund for my jacket?",
        issue_id="ISS-BR",
        customer_id="C-11",
        customer={"id": "C-11", "name": "Nia Brook", "email": "nia@example.com", "vip": True},
        text="I asked twice already. Can I still return the jacket from A-40004? I will leave a review.",
    )
    rows.decisions.append(
        {
            "ticket_id": "T-BROWSER",
            "phase": 3,
            "route": "human",
            "escalate": True,
            "category": "return_policy",
            "triggers": [
                {"code": "never_autonomous", "detail": "the customer mentions a review"},
                {"code": "vip", "detail": "VIP customer without AI opt-in"},
            ],
            "entities": {"order_ids": ["A-40004"]},
            "kb_hit": None,
            "source": "intake",
            "confidence": 0.86,
            "created_at": last - timedelta(hours=5),
        }
    )
    rows.ticket(
        "T-PLAIN",
        last - timedelta(hours=1),
        "order_status",
        None,
        subject="Tracking?",
        text="Any tracking for A-30003?",
    )
    rows.decisions.append(  # a KB miss, so the KB hit rate is neither 0 nor 1
        {
            "ticket_id": "T-PLAIN",
            "phase": 1,
            "route": "assist",
            "escalate": False,
            "category": "order_status",
            "triggers": [],
            "kb_hit": False,
            "source": "intake",
            "confidence": 0.93,
            "created_at": last - timedelta(hours=1),
        }
    )
    return rows


def populate(session: Session) -> Rows:
    """Write the console world and its users; returns the rows for expected values."""
    rows = console_rows()
    rows.insert(session)
    # Graded eval items, so the phases page has something to measure the router's precision on.
    session.add_all(
        EvalItem(category=category, text=text, grade=5, grader="lee") for category, text in EVAL_ITEMS
    )
    users.create(session, username=AGENT[0], password=AGENT[1], role="agent")
    users.create(session, username=LEAD[0], password=LEAD[1], role="lead")
    session.commit()
    return rows


__all__ = ["AGENT", "LEAD", "CategoryPhase", "Decision", "Draft", "Message", "Ticket", "at", "populate"]
