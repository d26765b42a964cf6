"""Conversations over HTTP (signed in, like every JSON route): run one, read one, read a ticket's hand-off."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from phasegate.conversations import service
from phasegate.conversations.flows import run
from phasegate.conversations.schemas import ConversationIn
from phasegate.web.deps import CurrentUser, DbSession, WorkspaceDep

router = APIRouter(tags=["conversations"])


@router.post("/api/conversations")
def run_conversation(
    item: ConversationIn, db: DbSession, workspace: WorkspaceDep, user: CurrentUser
) -> dict[str, Any]:
    """Play a conversation's customer turns through the engine on this workspace; the contract's output."""
    if item.store is not None:
        raise HTTPException(status_code=422, detail="store: only used with no workspace (import the store)")
    engine = run.workspace_engine(db, workspace.settings, policy=None)
    line = run.run_script(engine, db, item, now=run.now_utc())
    db.commit()
    return line


@router.get("/api/conversations/{conversation_id}")
def get_conversation(conversation_id: str, db: DbSession) -> dict[str, Any]:
    """A stored conversation: status, turns (with what the engine read and each reply's sources), actions,
    and its hand-off packet (null when the AI resolved it)."""
    row = service.get(db, conversation_id=conversation_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no conversation {conversation_id}")
    handoff = service.handoff_for_conversation(db, conversation_id=conversation_id)
    return {
        "id": row.id,
        "ticket_id": row.ticket_id,
        "status": row.status,
        "escalated_at_turn": row.escalated_at_turn,
        "turns": [
            {
                "seq": t.seq,
                "role": t.role,
                "text": t.text,
                "at": t.at.isoformat() if t.at else None,
                "category": t.category,
                "confidence": t.confidence,
                "triggers": t.triggers or [],
                "sources": t.sources or [],
            }
            for t in row.turns
        ],
        "actions": [
            {
                "actor": a.actor,
                "kind": a.kind,
                "args": a.args,
                "status": a.status,
                "result": a.result,
                "at": a.at.isoformat(),
            }
            for a in row.actions
        ],
        "handoff": handoff.packet if handoff is not None else None,
    }


@router.get("/api/tickets/{ticket_id}/handoff")
def get_ticket_handoff(ticket_id: str, db: DbSession) -> dict[str, Any]:
    """The hand-off packet of a ticket the engine escalated."""
    row = service.handoff_for_ticket(db, ticket_id=ticket_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no hand-off for ticket {ticket_id}")
    return row.packet
