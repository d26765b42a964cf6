"""The product's own responder for the intake worker: phase-2 drafts from `phasegate.drafts`, phase-3 replies
and hand-offs from the conversation engine (`phasegate.conversations`). `phasegate worker` uses it by default.

The engine answers a helpdesk ticket's first customer message. A follow-up on a ticket it already answered
goes to a person with the packet: the engine's chat state (codes sent, verification) lives in one process,
and replaying the thread would repeat its actions.
"""

from __future__ import annotations

from datetime import UTC, datetime

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.config import Settings, get_settings
from phasegate.intake.flows import Responder, Response
from phasegate.plugins.interfaces import LLMProvider
from phasegate.policy import Decision
from phasegate.tickets.schemas import TicketIn

log = structlog.get_logger(__name__)

#: Conversation ids of helpdesk tickets the engine answered (kept apart from `phasegate converse` runs).
PREFIX = "HD-"


def product_responder(settings: Settings | None = None) -> Responder:
    """The responder that makes every draft and AI reply of the worker with phasegate's own engines."""
    settings = settings or get_settings()
    from phasegate.drafts.providers import from_settings

    provider = from_settings(settings)

    def respond(session: Session, *, ticket: TicketIn, decision: Decision) -> Response | None:
        if decision.route == "draft":
            return _draft(session, ticket, settings, provider)
        if decision.route == "autonomous":
            return _converse(session, ticket, settings)
        return None

    return respond


def _draft(session: Session, ticket: TicketIn, settings: Settings, provider: LLMProvider) -> Response | None:
    """A suggested reply for an agent, only when the guardrails passed it (else the brief note stands)."""
    from phasegate.drafts import flows as drafts
    from phasegate.tickets import reply

    session.flush()  # the ticket the worker just stored must be visible to the drafting queries
    drafts.draft_ticket(session, ticket_id=ticket.id, home=settings.home, provider=provider)
    draft = reply.pending_draft(session, ticket_id=ticket.id)
    if draft is None or not draft.safe:
        return None
    return Response("draft", draft.ai_text)


def _converse(session: Session, ticket: TicketIn, settings: Settings) -> Response:
    """The engine's answer to the ticket's customer message, or a hand-off with its packet."""
    from phasegate.conversations.flows import handoff
    from phasegate.conversations.flows.run import workspace_engine
    from phasegate.conversations.models import Conversation, Handoff

    asked = [m for m in ticket.messages if m.role == "customer"]
    conversation_id = f"{PREFIX}{ticket.id}"
    now = asked[-1].at if asked and asked[-1].at else datetime.now(UTC)
    answered = session.scalar(select(Conversation.id).where(Conversation.id == conversation_id))
    if answered is not None or len(asked) != 1:
        return Response(
            "handoff",
            "A follow-up on a conversation the AI answered: a person takes it from here (the whole thread "
            "is above).",
        )
    engine = workspace_engine(session, settings, policy=None)
    chat = engine.chat(
        session,
        conversation_id=conversation_id,
        customer=ticket.customer,
        prior_ai_contacts=ticket.ai_contacts_on_issue or 0,
        issue_id=ticket.issue_id,
        now=now,
    )
    row = session.get(Conversation, conversation_id)
    if row is not None:
        row.ticket_id = ticket.id  # agents see it as the helpdesk's ticket, not a CV- one
    answer = chat.say(asked[0].text, now=now)
    if chat.escalated or answer is None:
        packet = handoff.packet(chat, ticket_id=ticket.id)
        session.add(
            Handoff(conversation_id=conversation_id, ticket_id=ticket.id, created_at=now, packet=packet)
        )
        reasons = "; ".join(f"{t.code}: {t.detail}" for t in chat.triggers) or "control group"
        log.info("intake.engine_handoff", ticket_id=ticket.id, reasons=reasons)
        return Response("handoff", f"{packet['summary']}\nWhy: {reasons}")
    log.info("intake.engine_reply", ticket_id=ticket.id, actions=[a.kind for a in chat.actions])
    return Response("reply", answer.text)
