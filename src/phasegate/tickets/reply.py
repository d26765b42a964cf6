"""An agent's reply from the console: stored as a message, ticket resolved, handle time and edits recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher

from sqlalchemy.orm import Session

from phasegate.db.base import utcnow
from phasegate.drafts import service as drafts_service
from phasegate.drafts.acceptance import is_accepted
from phasegate.drafts.models import Draft
from phasegate.metrics.models import Resolution
from phasegate.policy.phases import Phase
from phasegate.rollout import service as rollout_service
from phasegate.rollout.models import Decision
from phasegate.tickets import service
from phasegate.tickets.models import Message

#: A tab left open over lunch is not an hour of work: handle time per reply is capped here (seconds).
MAX_HANDLE_SECONDS = 3600


class ReplyError(ValueError):
    """A reply that cannot be sent; `kind` is `missing`, `resolved` or `empty`, the message says why."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class ReplyResult:
    """What sending the reply recorded."""

    ticket_id: str
    handle_seconds: int | None
    handled_by: str
    edit_ratio: float | None


def edit_ratio(drafted: str, sent: str) -> float:
    """How much of a draft the agent changed: 0 sent as drafted, 1 rewritten (1 - difflib similarity)."""
    return round(1.0 - SequenceMatcher(None, drafted, sent, autojunk=False).ratio(), 4)


def handled_by_for(decision: Decision | None) -> str:
    """Who handled a ticket a human finishes, from how it was routed (docs/metrics.md, "segments")."""
    if decision is None or decision.phase == Phase.OFF:
        return "human"
    codes = {t.get("code") for t in decision.triggers or [] if isinstance(t, dict)}
    if decision.phase == Phase.AUTONOMOUS and decision.route == "human" and codes - {"kill_switch"}:
        return "ai_escalated"
    return "ai_assisted"


def latest_decision(session: Session, *, ticket_id: str) -> Decision | None:
    """The ticket's most recent live routing decision."""
    return rollout_service.latest_live_decision(session, ticket_id=ticket_id)


def pending_draft(session: Session, *, ticket_id: str) -> Draft | None:
    """The newest draft of the ticket that nobody has sent yet."""
    return drafts_service.pending_for(session, ticket_id=ticket_id)


def send(
    session: Session,
    *,
    ticket_id: str,
    text: str,
    agent: str,
    opened_at: datetime | None,
    now: datetime | None = None,
) -> ReplyResult:
    """Store the agent's reply, resolve the ticket, and record handle time, a resolution and draft edits."""
    ticket = service.get(session, ticket_id=ticket_id)
    if ticket is None:
        raise ReplyError("missing", f"no ticket {ticket_id}")
    if ticket.status == "resolved":
        raise ReplyError("resolved", f"ticket {ticket_id} is already resolved")
    body = text.strip()
    if not body:
        raise ReplyError("empty", "the reply is empty")
    now = now or utcnow()
    seq = max((m.seq for m in ticket.messages), default=-1) + 1
    ticket.messages.append(Message(seq=seq, role="agent", text=body, at=now, author=agent))
    handle = None
    if opened_at is not None:
        handle = int(min(max((now - opened_at).total_seconds(), 0), MAX_HANDLE_SECONDS))
        ticket.handle_seconds = (ticket.handle_seconds or 0) + handle
    ticket.first_response_at = ticket.first_response_at or now
    ticket.resolved_at = now
    ticket.status = "resolved"
    ticket.handled_by = ticket.handled_by or handled_by_for(latest_decision(session, ticket_id=ticket_id))
    session.add(Resolution(ticket_id=ticket_id, resolved_at=now, resolved_by="human", agent=agent))
    ratio = None
    draft = pending_draft(session, ticket_id=ticket_id)
    if draft is not None:
        ratio = edit_ratio(draft.ai_text, body)
        draft.sent_text, draft.sent_at, draft.agent = body, now, agent
        draft.edit_ratio, draft.accepted = ratio, is_accepted(ratio)
    session.flush()
    return ReplyResult(
        ticket_id=ticket_id, handle_seconds=handle, handled_by=ticket.handled_by, edit_ratio=ratio
    )
