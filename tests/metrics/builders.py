"""A deterministic fixture builder: raw outcome rows kept as plain dicts and inserted through the ORM.

Tests compute expected numbers from the dicts with plain Python, independently of the SQL under test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from phasegate.drafts.models import Draft
from phasegate.metrics.models import CostEntry, CsatResponse, Resolution
from phasegate.rollout.models import CategoryPhase, Decision, PhaseChange
from phasegate.tickets.models import Message, Ticket

#: A Monday: week boundaries of the fixtures fall on it.
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    """`day` days after the fixtures' first Monday, at hour:minute UTC."""
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


@dataclass
class Rows:
    """Rows of every outcome table, in insertion order."""

    tickets: list[dict[str, Any]] = field(default_factory=list)
    csat: list[dict[str, Any]] = field(default_factory=list)
    costs: list[dict[str, Any]] = field(default_factory=list)
    drafts: list[dict[str, Any]] = field(default_factory=list)
    resolutions: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    phase_changes: list[dict[str, Any]] = field(default_factory=list)
    phases: dict[str, int] = field(default_factory=dict)

    def ticket(
        self, tid: str, created: datetime | None, category: str | None, handled_by: str | None, **kw: Any
    ) -> None:
        """Add a ticket with one customer message."""
        row = {
            "id": tid,
            "created_at": created,
            "category": category,
            "handled_by": handled_by,
            "csat": None,
            "resolved_at": None,
            "handle_seconds": None,
            "issue_id": None,
            "first_response_at": None,
            "status": "resolved" if kw.get("resolved_at") else "open",
            "subject": f"Ticket {tid}",
        }
        row.update(kw)
        self.tickets.append(row)

    def cost(self, tid: str, kind: str, amount: str) -> None:
        """Add a cost entry."""
        self.costs.append({"ticket_id": tid, "kind": kind, "amount": Decimal(amount)})

    def insert(self, session: Session) -> None:
        """Write every row through the ORM and flush."""
        for t in self.tickets:
            text = t.pop("text", "Where is my order A-12345?")
            session.add(
                Ticket(**t, messages=[Message(seq=0, role="customer", text=text, at=t["created_at"])])
            )
            t["text"] = text
        session.flush()
        session.add_all(CsatResponse(**r) for r in self.csat)
        session.add_all(CostEntry(**r) for r in self.costs)
        session.add_all(Draft(**r) for r in self.drafts)
        session.add_all(Resolution(**r) for r in self.resolutions)
        session.add_all(Decision(**r) for r in self.decisions)
        session.add_all(PhaseChange(actor="test", kind="promote", **r) for r in self.phase_changes)
        session.add_all(CategoryPhase(category=c, phase=p) for c, p in self.phases.items())
        session.flush()


def decision(tid: str, *, kb_hit: bool | None, source: str = "intake", **kw: Any) -> dict[str, Any]:
    """A decision row with the fields the metrics read."""
    row: dict[str, Any] = {
        "ticket_id": tid,
        "phase": 1,
        "route": "assist",
        "escalate": False,
        "triggers": [],
        "kb_hit": kb_hit,
        "source": source,
        "category": "order_status",
    }
    row.update(kw)
    return row


def small() -> Rows:
    """Nine tickets whose every number the tests compute by hand (see tests/metrics/test_service.py)."""
    r = Rows()
    r.phase_changes.append({"category": "order_status", "from_phase": 0, "to_phase": 1, "at": at(7, 0)})
    r.phases["order_status"] = 3
    # week 0: the pre-AI baseline
    r.ticket("T1", at(0), "order_status", "human", handle_seconds=600, csat=4, resolved_at=at(0, 11))
    r.ticket("T2", at(1), "order_status", "human", csat=1, resolved_at=at(1, 12))
    r.cost("T2", "agent_time", "4.00")
    r.resolutions.append({"ticket_id": "T2", "resolved_by": "human", "resolved_at": at(1, 12)})
    r.csat.append({"ticket_id": "T2", "score": 2, "at": at(1, 13)})
    r.csat.append({"ticket_id": "T2", "score": 5, "at": at(2, 9)})
    # week 1: after the rollout
    r.ticket("T3", at(8), "order_status", "ai", issue_id="ISS-1", csat=5, first_response_at=at(8, 10, 6))
    r.cost("T3", "model", "0.05")
    r.cost("T3", "per_resolution", "0.50")
    r.resolutions.append({"ticket_id": "T3", "resolved_by": "ai", "resolved_at": at(8, 10, 5)})
    r.ticket("T4", at(10), "order_status", "ai", issue_id="ISS-1", csat=3, resolved_at=at(10, 11))
    r.cost("T4", "model", "0.05")
    r.ticket("T5", at(9), "order_status", "ai_escalated", handle_seconds=1200, csat=2, resolved_at=at(9, 15))
    r.cost("T5", "model", "0.05")
    r.ticket("T6", at(9), "order_status", "human", handle_seconds=900, first_response_at=at(9, 12))
    r.resolutions.append(
        {"ticket_id": "T6", "resolved_by": "human", "resolved_at": at(9, 13), "reopened": True}
    )
    r.ticket("T7", at(9), "order_status", "ai_assisted", handle_seconds=300, csat=4, resolved_at=at(9, 11))
    r.drafts.append(
        {
            "ticket_id": "T7",
            "ai_text": "Hi",
            "sent_text": "Hi there",
            "edit_ratio": 0.2,
            "accepted": True,
            "sent_at": at(9, 11),
        }
    )
    r.ticket("T8", at(11), "order_status", "ai", issue_id="ISS-2", resolved_at=at(11, 11))
    r.cost("T8", "model", "0.05")
    # week 2: the ISS-2 customer is back, 8 days later: outside the 7-day window, so T8 stays resolved
    r.ticket("T9", at(19, 11, 30), "order_status", None, issue_id="ISS-2")
    # a ticket with no date never lands in a week
    r.ticket("T10", None, "order_status", "human", handle_seconds=60, csat=1)
    r.decisions += [
        decision("T3", kb_hit=True, phase=3, route="autonomous"),
        decision("T4", kb_hit=False, phase=3, route="autonomous"),
        decision("T5", kb_hit=None, phase=3, route="human", escalate=True),
        decision("T7", kb_hit=True, source="backtest"),
    ]
    return r


CATEGORIES = ("order_status", "return_policy", "refund_request")


def random_world(seed: int = 7, weeks: int = 12, per_week: int = 40) -> Rows:
    """A seeded world of every segment, with returns, reopenings, CSAT revisions and both cost sources."""
    rng = random.Random(seed)
    r = Rows()
    rollout_week = {"order_status": 3, "return_policy": 5}  # refund_request never rolls out
    for cat, w in rollout_week.items():
        r.phase_changes.append({"category": cat, "from_phase": 0, "to_phase": 1, "at": at(7 * w, 0)})
        r.phase_changes.append({"category": cat, "from_phase": 1, "to_phase": 2, "at": at(7 * w + 14, 0)})
        r.phases[cat] = 2
    r.phases["refund_request"] = 0
    n = 0
    for week in range(weeks):
        for _ in range(per_week):
            n += 1
            tid = f"R{n:05d}"
            cat = rng.choice(CATEGORIES)
            created = at(7 * week + rng.randrange(7), rng.randrange(24), rng.randrange(60))
            rolled = cat in rollout_week and week >= rollout_week[cat]
            handled = rng.choice(["ai", "ai", "ai_escalated", "ai_assisted", "human"]) if rolled else "human"
            if rng.random() < 0.04:
                handled = None
            issue = f"I{rng.randrange(n // 2 + 1)}" if rng.random() < 0.5 else None
            kw: dict[str, Any] = {"issue_id": issue}
            if handled in ("human", "ai_assisted", "ai_escalated") and rng.random() < 0.85:
                kw["handle_seconds"] = rng.randrange(60, 1800)
            if rng.random() < 0.7:
                kw["csat"] = rng.randint(1, 5)
            if rng.random() < 0.8:
                kw["first_response_at"] = created + timedelta(minutes=rng.randrange(1, 600))
            if rng.random() < 0.1:
                kw["first_response_at"] = created - timedelta(minutes=5)  # clock skew: ignored
            if handled and rng.random() < 0.85:
                resolved = created + timedelta(hours=rng.randrange(1, 72))
                if rng.random() < 0.5:
                    kw["resolved_at"] = resolved
                else:
                    r.resolutions.append(
                        {
                            "ticket_id": tid,
                            "resolved_by": "ai" if handled == "ai" else "human",
                            "resolved_at": resolved,
                            "reopened": rng.random() < 0.15,
                        }
                    )
                    if rng.random() < 0.3:
                        r.resolutions.append(
                            {
                                "ticket_id": tid,
                                "resolved_by": "human",
                                "resolved_at": resolved + timedelta(hours=5),
                                "reopened": rng.random() < 0.5,
                            }
                        )
            r.ticket(tid, created, cat, handled, **kw)
            if "handle_seconds" not in kw and handled in ("human", "ai_assisted", "ai_escalated"):
                r.cost(tid, "agent_time", f"{rng.uniform(1, 9):.4f}")
            elif rng.random() < 0.2:
                r.cost(tid, "agent_time", f"{rng.uniform(1, 9):.4f}")  # ignored: handle_seconds wins
            if handled in ("ai", "ai_escalated", "ai_assisted"):
                r.cost(tid, "model", f"{rng.uniform(0.001, 0.09):.4f}")
            if handled == "ai" and rng.random() < 0.7:
                r.cost(tid, "per_resolution", "0.9000")
            if rng.random() < 0.05:
                r.cost(tid, "platform", "3.0000")  # not attributed to tickets
            for _ in range(rng.choice([0, 0, 1, 2])):
                r.csat.append(
                    {
                        "ticket_id": tid,
                        "score": rng.randint(1, 5),
                        "at": created + timedelta(hours=rng.randrange(1, 200)),
                    }
                )
            if handled == "ai_assisted" and rng.random() < 0.7:
                ratio = round(rng.random(), 3)
                sent = rng.random() < 0.9
                r.drafts.append(
                    {
                        "ticket_id": tid,
                        "ai_text": "draft",
                        "sent_text": "sent" if sent else None,
                        "edit_ratio": ratio if sent else None,
                        "accepted": (ratio < 0.3) if sent else None,
                        "sent_at": created + timedelta(hours=1) if sent else None,
                    }
                )
            if rng.random() < 0.8:
                r.decisions.append(
                    decision(
                        tid,
                        kb_hit=rng.choice([True, False, None]),
                        source=rng.choice(["intake", "intake", "triage", "backtest"]),
                        category=cat,
                    )
                )
    return r


def trend_world() -> Rows:
    """Eight weeks, 30 tickets a week per category, built so that each alarm has one clear cause.

    order_status (human): handle time halves in weeks 4-7 (cost falls) while CSAT goes from 4.5 to 3.5.
    return_policy (phase 3 from week 0): escalations go from 3 to 12 of 30 in weeks 4-7, and AI CSAT sits
    at 2.5 against 4.5 for its human tickets.
    product_question (phase 3): steady, no alarm.
    """
    r = Rows()
    for cat in ("return_policy", "product_question"):
        r.phase_changes.append({"category": cat, "from_phase": 0, "to_phase": 3, "at": at(-30, 0)})
        r.phases[cat] = 3
    r.phases["order_status"] = 0
    n = 0
    for week in range(8):
        late = week >= 4
        for i in range(30):
            day = 7 * week + i % 7
            n += 1
            r.ticket(
                f"OS{n}",
                at(day, 9),
                "order_status",
                "human",
                handle_seconds=300 if late else 600,
                csat=(3 + i % 2) if late else (4 + i % 2),
                resolved_at=at(day, 12),
            )
            escalated = i < (12 if late else 3)
            r.ticket(
                f"RP{n}",
                at(day, 10),
                "return_policy",
                "ai_escalated" if escalated else "ai",
                handle_seconds=400 if escalated else None,
                csat=2 + i % 2,
                resolved_at=at(day, 11),
            )
            r.cost(f"RP{n}", "model", "0.02")
            r.ticket(
                f"RH{n}",
                at(day, 10),
                "return_policy",
                "human",
                handle_seconds=500,
                csat=4 + i % 2,
                resolved_at=at(day, 12),
            )
            r.ticket(
                f"PQ{n}",
                at(day, 10),
                "product_question",
                "ai_escalated" if i < 3 else "ai",
                handle_seconds=400 if i < 3 else None,
                csat=4 + i % 2,
                resolved_at=at(day, 11),
            )
            r.cost(f"PQ{n}", "model", "0.02")
    return r
