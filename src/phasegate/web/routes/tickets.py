"""The ticket page: the conversation, the routing flags, the phase-1 brief, and the agent's reply."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import structlog
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, TimestampSigner

from phasegate.conversations import service as conversations
from phasegate.drafts import flows as drafts
from phasegate.drafts.providers import from_settings as llm_from_settings
from phasegate.policy.phases import Phase
from phasegate.rollout import service as rollout
from phasegate.store import service as store
from phasegate.tickets import reply, service
from phasegate.web import bridge, warm
from phasegate.web.deps import CurrentUser, DbSession, SettingsDep, TemplatesDep, WorkspaceDep, release
from phasegate.web.report_cache import ReportCache

router = APIRouter(include_in_schema=False)
log = structlog.get_logger(__name__)


def _signer(request: Request) -> TimestampSigner:
    # Handle time starts when the page was served; the signature keeps the form from back-dating it.
    return TimestampSigner(request.app.state.secret_key, salt="ticket-opened")


@router.get("/tickets/{ticket_id}", response_class=HTMLResponse)
def ticket_page(
    ticket_id: str,
    request: Request,
    db: DbSession,
    workspace: WorkspaceDep,
    templates: TemplatesDep,
    user: CurrentUser,
    settings: SettingsDep,
) -> HTMLResponse:
    """One ticket with everything an agent needs to answer it once."""
    ticket = service.get(db, ticket_id=ticket_id)
    if ticket is None:
        raise HTTPException(status_code=404, detail=f"No ticket {ticket_id}.")
    decision = reply.latest_decision(db, ticket_id=ticket_id)
    stored = rollout.stored_phase(db, ticket.category)
    phase = stored if stored is not None else (decision.phase if decision else Phase.OFF)
    killed = bridge.killed(db, ticket.category)
    # Phase 0 means no AI at all: no brief, no draft. The kill switch stops drafts, not the read-only brief.
    brief = None
    if phase >= Phase.ASSIST:
        # Built once per ticket, its inputs' version and the workspace files (router, playbooks, facts, KB
        # index): drafts and replies on other tickets do not throw it away.
        cache: ReportCache = request.app.state.view_cache
        # The server warms the briefs agents are about to open under the same key (phasegate.web.warm).
        key = warm.brief_key(db, ticket_id, cache, workspace.home)
        brief = cache.get(key, lambda: bridge.brief(db, ticket, home=workspace.home))
    draft = None
    if phase >= Phase.SUGGEST and not killed and ticket.status != "resolved":
        try:
            # The page's brief goes into the draft: a draft written on first view does not build it again.
            draft = drafts.for_console(
                db,
                ticket_id=ticket_id,
                home=workspace.home,
                provider=llm_from_settings(settings),
                brief=brief,
            )
            db.commit()  # a draft written on first view is kept, whatever the agent does next
        except Exception:  # the agent can always answer by hand: a drafting failure never blocks the page
            db.rollback()
            log.exception("console.draft_failed", ticket_id=ticket_id)
    context = {
        "t": ticket,
        "decision": decision,
        "phase": phase,
        "killed": killed,
        "customer": store.get_customer(db, ticket.customer_id),
        "brief": brief,
        "brief_partial": bridge.BRIEF_PARTIAL,
        "handoff": conversations.handoff_for_ticket(db, ticket_id=ticket_id),
        "draft": draft,
        "opened": _signer(request).sign(ticket_id).decode(),
        "sent": request.query_params.get("sent") == "1",
        "user": user,
    }
    release(db)
    return templates.TemplateResponse(request, "ticket.html", context)


@router.post("/tickets/{ticket_id}/reply")
def send_reply(
    ticket_id: str,
    request: Request,
    db: DbSession,
    user: CurrentUser,
    text: Annotated[str, Form()],
    opened: Annotated[str, Form()] = "",
) -> Response:
    """Store the reply, resolve the ticket, record handle time; back to the ticket."""
    opened_at = None
    try:
        value, stamp = _signer(request).unsign(opened, return_timestamp=True)
        if value.decode() == ticket_id:
            opened_at = stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    except BadSignature:
        opened_at = None  # no trustworthy start: record the reply without a handle time
    try:
        reply.send(
            db,
            ticket_id=ticket_id,
            text=text,
            agent=user.username,
            opened_at=opened_at,
            now=datetime.now(UTC),
        )
    except reply.ReplyError as exc:
        status = {"missing": 404, "resolved": 409}.get(exc.kind, 400)
        raise HTTPException(status_code=status, detail=str(exc)) from exc
    db.commit()
    return RedirectResponse(f"/tickets/{ticket_id}?sent=1", status_code=303)
