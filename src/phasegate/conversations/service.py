"""Persistence of conversations: the conversation row, its turns, the hand-off packet, and the ticket agents
see it as (so the console's `/tickets/{id}` shows the packet)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from phasegate.conversations.models import (
    Conversation,
    ConversationAction,
    ConversationTurn,
    Handoff,
    VerificationCode,
)
from phasegate.tickets import service as tickets
from phasegate.tickets.schemas import CustomerIn, MessageIn, TicketIn

#: Tickets made from conversations carry this prefix, so they never collide with imported ones.
TICKET_PREFIX = "CV-"


def ticket_id_for(conversation_id: str) -> str:
    """The id of the ticket a conversation is shown as."""
    return f"{TICKET_PREFIX}{conversation_id}"


def start(
    session: Session, *, conversation_id: str, customer: CustomerIn | None, now: datetime
) -> Conversation:
    """A fresh conversation row; a conversation run again under the same id replaces the earlier run."""
    old = session.get(Conversation, conversation_id)
    if old is not None:
        session.execute(delete(ConversationTurn).where(ConversationTurn.conversation_id == conversation_id))
        session.execute(
            delete(ConversationAction).where(ConversationAction.conversation_id == conversation_id)
        )
        session.execute(delete(Handoff).where(Handoff.conversation_id == conversation_id))
        session.execute(delete(VerificationCode).where(VerificationCode.conversation_id == conversation_id))
        session.delete(old)
        session.flush()
    row = Conversation(
        id=conversation_id,
        ticket_id=ticket_id_for(conversation_id),
        customer_id=customer.id if customer else None,
        customer=customer.model_dump(mode="json") if customer else None,
        status="open",
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def save(
    session: Session,
    *,
    conversation_id: str,
    messages: list[MessageIn],
    reasoning: list[dict[str, Any]],
    sources: list[list[dict[str, str]]],
    customer: CustomerIn | None,
    category: str | None,
    escalated_at_turn: int | None,
    verified: list[str],
    pending: bool,
    issue_id: str | None,
    prior_ai_contacts: int,
    packet: dict[str, Any] | None,
    now: datetime,
) -> Conversation:
    """Write the turns, the outcome, the hand-off packet and the conversation's ticket."""
    row = session.get(Conversation, conversation_id)
    if row is None:
        row = start(session, conversation_id=conversation_id, customer=customer, now=now)
    stored = session.scalars(
        select(ConversationTurn.text)
        .where(ConversationTurn.conversation_id == conversation_id)
        .order_by(ConversationTurn.seq)
    ).all()
    if list(stored) != [m.text for m in messages]:
        # The engine stores its turns as they happen; only a transcript written another way is replaced.
        _write_turns(session, conversation_id, messages, reasoning, sources)
    escalated = escalated_at_turn is not None
    row.status = "escalated" if escalated else ("open" if pending else "resolved")
    row.escalated_at_turn = escalated_at_turn
    row.verified_customer_id = verified[0] if verified else None
    row.updated_at = now
    if packet is not None:
        session.execute(delete(Handoff).where(Handoff.conversation_id == conversation_id))
        session.add(
            Handoff(conversation_id=conversation_id, ticket_id=row.ticket_id, created_at=now, packet=packet)
        )
    ticket = TicketIn(
        id=ticket_id_for(conversation_id),
        channel="chat",
        created_at=messages[0].at if messages else now,
        subject=(messages[0].text[:120] if messages else None),
        customer=customer,
        issue_id=issue_id,
        ai_contacts_on_issue=prior_ai_contacts,
        category=category,
        handled_by="ai_escalated" if escalated else "ai",
        resolved_at=now if row.status == "resolved" else None,
        messages=messages,
    )
    tickets.upsert_many(session, [ticket], source="conversation")
    session.flush()
    return row


def _write_turns(
    session: Session,
    conversation_id: str,
    messages: list[MessageIn],
    reasoning: list[dict[str, Any]],
    sources: list[list[dict[str, str]]],
) -> None:
    session.execute(delete(ConversationTurn).where(ConversationTurn.conversation_id == conversation_id))
    by_turn = {r["turn"]: r for r in reasoning}
    n_customer = n_ai = 0
    for seq, m in enumerate(messages):
        turn = ConversationTurn(conversation_id=conversation_id, seq=seq, role=m.role, text=m.text, at=m.at)
        if m.role == "customer":
            n_customer += 1
            read = by_turn.get(n_customer)
            if read is not None:
                turn.category = read["category"]
                turn.confidence = read["confidence"]
                turn.triggers = read["triggers"] or None
                turn.reasoning = read
        else:
            turn.sources = sources[n_ai] if n_ai < len(sources) else None
            n_ai += 1
        session.add(turn)
    session.flush()


def get(session: Session, *, conversation_id: str) -> Conversation | None:
    """One conversation with its turns and actions, or None."""
    return session.scalars(
        select(Conversation)
        .options(selectinload(Conversation.turns), selectinload(Conversation.actions))
        .where(Conversation.id == conversation_id)
    ).one_or_none()


def handoff_for_ticket(session: Session, *, ticket_id: str) -> Handoff | None:
    """The newest hand-off packet of a ticket, or None."""
    return session.scalars(
        select(Handoff).where(Handoff.ticket_id == ticket_id).order_by(Handoff.id.desc())
    ).first()


def handoff_for_conversation(session: Session, *, conversation_id: str) -> Handoff | None:
    """The newest hand-off packet of a conversation, or None."""
    return session.scalars(
        select(Handoff).where(Handoff.conversation_id == conversation_id).order_by(Handoff.id.desc())
    ).first()


def row(session: Session, *, conversation_id: str) -> Conversation | None:
    """The conversation row alone (from the session's identity map when it is already loaded), or None."""
    return session.get(Conversation, conversation_id)


def lock(session: Session, *, conversation_id: str) -> Conversation | None:
    """The conversation row, fresh from the database and locked until the transaction ends (one turn at a
    time per conversation across workers; SQLite's single writer gives the same)."""
    return session.scalars(
        select(Conversation)
        .where(Conversation.id == conversation_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()


def turns(session: Session, *, conversation_id: str) -> list[ConversationTurn]:
    """A conversation's stored turns in order."""
    return list(
        session.scalars(
            select(ConversationTurn)
            .where(ConversationTurn.conversation_id == conversation_id)
            .order_by(ConversationTurn.seq)
        ).all()
    )


def actions_taken(session: Session, *, conversation_id: str) -> list[ConversationAction]:
    """The actions a conversation recorded, in the order they were taken."""
    return list(
        session.scalars(
            select(ConversationAction)
            .where(ConversationAction.conversation_id == conversation_id)
            .order_by(ConversationAction.id)
        ).all()
    )


def verified_customers(session: Session, *, conversation_id: str) -> set[str]:
    """Ids of the customers a conversation verified with a one-time code."""
    return set(
        session.scalars(
            select(VerificationCode.customer_id).where(
                VerificationCode.conversation_id == conversation_id,
                VerificationCode.verified_at.is_not(None),
            )
        ).all()
    )
