"""Conversations over HTTP (signed in, like every route): run one, read one, read a ticket's hand-off; and the
console's simulator, where one types customer turns and sees the replies, the actions and the hand-off."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from phasegate.conversations import outbox, service
from phasegate.conversations.flows import run
from phasegate.conversations.schemas import ConversationIn, TurnIn
from phasegate.tickets.schemas import CustomerIn
from phasegate.web.deps import CurrentUser, DbSession, TemplatesDep, WorkspaceDep

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


@router.post("/api/conversations/{conversation_id}/turns")
def continue_conversation(
    conversation_id: str, item: TurnIn, db: DbSession, workspace: WorkspaceDep, user: CurrentUser
) -> dict[str, Any]:
    """The customer's next turn of a stored conversation, continued from the database in whichever process
    serves it; the contract's output line for the whole conversation so far."""
    engine = run.workspace_engine(db, workspace.settings, policy=None)
    chat = engine.resume(db, conversation_id=conversation_id)
    if chat is None:
        raise HTTPException(status_code=404, detail=f"no conversation {conversation_id}")
    now = item.at or run.now_utc()
    last = next((m.at for m in reversed(chat.messages) if m.at is not None), None)
    if last is not None and now < last:
        raise HTTPException(status_code=422, detail=f"at: {now.isoformat()} is before the last turn")
    chat.say(item.text, now=now)
    packet = run.finish(db, chat, now=now)
    db.commit()
    return run.contract(chat, packet)


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


# --- the console simulator: type customer turns, see replies, actions and the hand-off --------------------
# Conversations in progress live in the database: each turn rebuilds the engine's state from the tables
# (`Engine.resume`), so the simulator works with any number of server processes and across restarts.


@router.get("/simulator", response_class=HTMLResponse, include_in_schema=False)
def simulator_start(request: Request, templates: TemplatesDep, user: CurrentUser) -> HTMLResponse:
    """The simulator's first page: who the customer is and their first message."""
    return templates.TemplateResponse(request, "simulator.html", {"user": user, "chat": None, "row": None})


@router.post("/simulator", include_in_schema=False)
def simulator_new(
    db: DbSession,
    workspace: WorkspaceDep,
    user: CurrentUser,
    text: Annotated[str, Form()],
    customer_id: Annotated[str, Form()] = "",
    customer_email: Annotated[str, Form()] = "",
) -> Response:
    """Start a conversation with the workspace's engine and answer its first turn."""
    stated = None
    if customer_id.strip() or customer_email.strip():
        stated = CustomerIn(id=customer_id.strip() or None, email=customer_email.strip() or None)
    engine = run.workspace_engine(db, workspace.settings, policy=None)
    now = run.now_utc()
    conversation_id = f"SIM-{secrets.token_hex(3).upper()}"
    chat = engine.chat(db, conversation_id=conversation_id, customer=stated, now=now)
    chat.say(text, now=now)
    run.finish(db, chat, now=now)
    db.commit()
    return RedirectResponse(f"/simulator/{conversation_id}", status_code=303)


@router.get("/simulator/{conversation_id}", response_class=HTMLResponse, include_in_schema=False)
def simulator_page(
    conversation_id: str, request: Request, db: DbSession, templates: TemplatesDep, user: CurrentUser
) -> HTMLResponse:
    """A simulated conversation: its turns, actions, the customer's inbox, and the hand-off link."""
    row = service.get(db, conversation_id=conversation_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"No conversation {conversation_id}.")
    context = {
        "user": user,
        "row": row,
        "chat": row.status != "escalated",
        "inbox": outbox.list_(db, conversation_id=conversation_id),
    }
    return templates.TemplateResponse(request, "simulator.html", context)


@router.post("/simulator/{conversation_id}", include_in_schema=False)
def simulator_say(
    conversation_id: str,
    db: DbSession,
    workspace: WorkspaceDep,
    user: CurrentUser,
    text: Annotated[str, Form()],
) -> Response:
    """The customer's next turn, continued from the stored conversation (whichever process served it)."""
    engine = run.workspace_engine(db, workspace.settings, policy=None)
    chat = engine.resume(db, conversation_id=conversation_id)
    if chat is None:
        raise HTTPException(status_code=404, detail=f"No conversation {conversation_id}.")
    now = run.now_utc()
    chat.say(text, now=now)
    run.finish(db, chat, now=now)
    db.commit()
    return RedirectResponse(f"/simulator/{conversation_id}", status_code=303)
