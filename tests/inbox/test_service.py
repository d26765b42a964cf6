"""The inbox service on SQLite and PostgreSQL: search over customer, order and message text, open escalations
ordered by how long they have waited, and saved views (each user's own, each role's defaults)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from phasegate.auth import service as auth
from phasegate.auth.schemas import UserRead
from phasegate.inbox import service as inbox
from phasegate.policy.triggers import CRISIS_DETAIL
from phasegate.rollout.models import Decision
from phasegate.store.models import Customer
from phasegate.tickets.models import Message, Ticket

T0 = datetime(2026, 5, 4, 9, 0)


def _ticket(db: Session, tid: str, hours: int, text: str, **kw: object) -> None:
    db.add(
        Ticket(
            id=tid,
            created_at=T0 + timedelta(hours=hours),
            subject=f"Ticket {tid}",
            status=str(kw.pop("status", "open")),
            messages=[Message(seq=0, role="customer", text=text, at=T0 + timedelta(hours=hours))],
            **kw,
        )
    )


def _escalate(db: Session, tid: str, hours: int, detail: str = "shouting") -> None:
    db.add(
        Decision(
            ticket_id=tid,
            phase=3,
            route="human",
            escalate=True,
            category="return_policy",
            triggers=[{"code": "frustration", "detail": detail}],
            source="intake",
            created_at=T0 + timedelta(hours=hours),
        )
    )


def _world(db: Session) -> None:
    db.add(Customer(id="C-STORE", name="Orla Quinn", email="orla.q@example.org"))
    _ticket(db, "T-1", 0, "Where is my parcel?", customer={"name": "Ana Lima", "email": "ana@example.com"})
    _ticket(db, "T-2", 1, "Hello", customer_id="C-STORE")
    _ticket(db, "T-3", 2, "Label please", order_id="W7654321")
    _ticket(db, "T-4", 3, "The zipper on my Ridgeline jacket broke after 100% of one hike")
    _ticket(db, "T-5", 4, "Is this waterproof?")
    _escalate(db, "T-5", 4)
    _escalate(db, "T-3", 2)
    db.flush()


def _ids(db: Session, **kw: object) -> list[str]:
    return [r.id for r in inbox.list_(db, filters=inbox.InboxFilter(**kw))]  # type: ignore[arg-type]


def test_search_finds_customer_name_email_order_id_and_message_text(db: Session) -> None:
    """One search box matches stated and store customer names and emails, order ids and message text."""
    _world(db)
    assert _ids(db, q="ana lima") == ["T-1"]
    assert _ids(db, q="ANA@EXAMPLE") == ["T-1"]
    assert _ids(db, q="orla") == ["T-2"]
    assert _ids(db, q="orla.q@example.org") == ["T-2"]
    assert _ids(db, q="7654321") == ["T-3"]
    assert _ids(db, q="ridgeline") == ["T-4"]
    assert _ids(db, q="T-4") == ["T-4"]


def test_search_treats_like_wildcards_literally(db: Session) -> None:
    """`%` and `_` in a search are characters, not wildcards."""
    _world(db)
    assert _ids(db, q="100%") == ["T-4"]
    assert _ids(db, q="%") == ["T-4"]
    assert _ids(db, q="_") == []


def test_open_escalations_come_first_longest_waiting_first_with_their_age(db: Session) -> None:
    """Escalations lead, the one waiting longest on top with its age; the rest follow newest first."""
    _world(db)
    rows = inbox.list_(db, filters=inbox.InboxFilter(), now=T0 + timedelta(hours=5))
    assert [r.id for r in rows] == ["T-3", "T-5", "T-4", "T-2", "T-1"]
    assert [r.waiting for r in rows[:2]] == ["3 h", "60 min"]
    assert all(r.waiting is None for r in rows[2:])


def test_crisis_escalations_lead_the_queue(db: Session) -> None:
    """An open escalation for crisis language comes before every other, however new: the customer was told
    their message goes to the front of the queue."""
    _world(db)
    _ticket(db, "T-6", 4, "I can't go on")
    _escalate(db, "T-6", 4, detail=f"{CRISIS_DETAIL} ('can't go on')")
    db.flush()
    rows = inbox.list_(db, filters=inbox.InboxFilter(), now=T0 + timedelta(hours=5))
    assert [r.id for r in rows][:3] == ["T-6", "T-3", "T-5"]


def _user(db: Session, username: str, role: str) -> UserRead:
    return UserRead.model_validate(auth.create(db, username=username, password="correct-horse", role=role))


def _names(db: Session, user: UserRead) -> list[str]:
    return [v.name for v in inbox.views_for(db, user)]


def test_role_defaults_are_seeded_and_depend_on_the_role(db: Session) -> None:
    """The migration seeds each role's defaults: agents get "My drafts to review", leads "Resolved by the
    AI"; a view of another role is not applied."""
    agent, lead = _user(db, "ann", "agent"), _user(db, "lee", "lead")
    assert _names(db, agent) == ["All open", "Open escalations", "My drafts to review", "Everything"]
    assert _names(db, lead) == ["All open", "Open escalations", "Resolved by the AI", "Everything"]
    autonomous = next(v for v in inbox.views_for(db, lead) if v.name == "Resolved by the AI")
    assert inbox.view(db, autonomous.id, user=agent) is None
    assert inbox.view(db, "not-a-number", user=agent) is None
    _world(db)
    escalations = next(v for v in inbox.views_for(db, lead) if v.name == "Open escalations")
    assert [r.id for r in inbox.list_(db, filters=escalations.filters)] == ["T-3", "T-5"]


def test_a_user_saves_lists_replaces_and_deletes_their_own_views(db: Session) -> None:
    """A saved view keeps filters and search, is listed after the role's defaults for its owner alone,
    saving the same name again replaces it, and only its owner may delete it."""
    ann, bob = _user(db, "ann", "agent"), _user(db, "bob", "agent")
    wanted = inbox.InboxFilter(status="all", category="returns", q="ana lima")
    mine = inbox.save_view(db, ann, name="  Ana's   returns ", filters=wanted)
    assert mine.name == "Ana's returns" and not mine.shared
    assert _names(db, ann)[-1] == "Ana's returns" and "Ana's returns" not in _names(db, bob)
    assert inbox.view(db, mine.id, user=ann) == mine and inbox.view(db, mine.id, user=bob) is None
    again = inbox.save_view(db, ann, name="Ana's returns", filters=inbox.InboxFilter(escalated=True))
    assert again.id == mine.id and inbox.view(db, mine.id, user=ann).filters.escalated  # type: ignore[union-attr]
    with pytest.raises(inbox.InboxError, match="No saved view"):
        inbox.delete_view(db, bob, mine.id)
    inbox.delete_view(db, ann, mine.id)
    assert "Ana's returns" not in _names(db, ann)


def test_only_leads_and_admins_edit_a_roles_defaults(db: Session) -> None:
    """A lead adds and removes agents' defaults, seen by every agent; an agent may do neither."""
    ann, lee = _user(db, "ann", "agent"), _user(db, "lee", "lead")
    escalated = inbox.InboxFilter(escalated=True)
    shared = inbox.save_view(db, lee, name="VIP escalations", filters=escalated, for_role="agent")
    assert shared.shared and _names(db, ann)[-1] == "VIP escalations"
    assert "VIP escalations" not in _names(db, lee)
    with pytest.raises(inbox.InboxError, match="Only a lead or an admin"):
        inbox.delete_view(db, ann, shared.id)
    with pytest.raises(inbox.InboxError, match="Only a lead or an admin"):
        inbox.save_view(db, ann, name="Mine for all", filters=inbox.InboxFilter(), for_role="agent")
    with pytest.raises(inbox.InboxError, match="role must be one of"):
        inbox.save_view(db, lee, name="x", filters=inbox.InboxFilter(), for_role="boss")
    inbox.delete_view(db, lee, shared.id)
    assert "VIP escalations" not in _names(db, ann)


def test_a_view_needs_a_short_name_and_unknown_filter_values_fall_back(db: Session) -> None:
    """Blank and over-long names are refused with the reason; stored values the inbox does not know (a
    status or route) read as the defaults."""
    ann = _user(db, "ann", "agent")
    with pytest.raises(inbox.InboxError, match="name"):
        inbox.save_view(db, ann, name="   ", filters=inbox.InboxFilter())
    with pytest.raises(inbox.InboxError, match="at most 60"):
        inbox.save_view(db, ann, name="x" * 61, filters=inbox.InboxFilter())
    f = inbox.filters_of({"status": "weird", "route": "teleport", "q": "  ", "escalated": 1})
    assert f == inbox.InboxFilter(escalated=True)


def test_waiting_reads_in_minutes_hours_then_days() -> None:
    """Ages under two hours in minutes, under two days in hours, then days."""
    assert inbox.waiting_for(T0, T0 + timedelta(minutes=45)) == "45 min"
    assert inbox.waiting_for(T0, T0 + timedelta(hours=5)) == "5 h"
    assert inbox.waiting_for(T0, T0 + timedelta(days=3, hours=1)) == "3 d"
    assert inbox.waiting_for(None, T0) is None
