"""The product's own responder for the intake worker: phase-2 drafts from `phasegate.drafts`, phase-3 replies
and hand-offs from the conversation engine (`phasegate.conversations`). `phasegate worker` uses it by default.

The engine answers a helpdesk ticket's first customer message and continues the conversation on every
follow-up, in whichever worker process gets it: the engine's state (turns, actions, codes sent, whom a code
verified, the pending action) is rebuilt from the database (`Engine.resume`), with the conversation's row
locked for the turn. A follow-up the ticket's decision sends to a person, or one on a conversation a person
already has, is recorded in the conversation and goes to the person, never back to the AI.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.config import Settings, get_settings
from phasegate.intake.flows import Responder, Response
from phasegate.plugins.interfaces import LLMProvider
from phasegate.policy import Decision
from phasegate.tickets.schemas import MessageIn, TicketIn

if TYPE_CHECKING:
    from phasegate.conversations.flows.engine import Chat

log = structlog.get_logger(__name__)

#: Conversation ids of helpdesk tickets the engine answered (kept apart from `phasegate converse` runs).
PREFIX = "HD-"


def product_responder(settings: Settings | None = None) -> Responder:
    """The responder that makes every draft and AI reply of the worker with phasegate's own engines."""
    settings = settings or get_settings()
    from phasegate.drafts.providers import from_settings

    provider = from_settings(settings)

    def respond(session: Session, *, ticket: TicketIn, decision: Decision) -> Response | None:
        if _conversation_of(session, ticket) is not None:
            response = _continue(session, ticket, decision, settings)
            return _crisis_reply(decision, settings, ticket) or response
        crisis = _crisis_reply(decision, settings, ticket)
        if crisis is not None:
            return crisis
        if decision.route == "draft":
            return _draft(session, ticket, settings, provider)
        if decision.route == "autonomous":
            return _converse(session, ticket, settings)
        return None

    return respond


def _crisis_reply(decision: Decision, settings: Settings, ticket: TicketIn) -> Response | None:
    """For a ticket a person takes because of crisis language: where to get help now, sent to the customer
    at once (the inbox lists these tickets first, so the promise holds)."""
    from phasegate.brand import load_facts
    from phasegate.conversations.flows import languages
    from phasegate.policy.triggers import is_crisis

    if decision.route != "human" or not is_crisis(decision.triggers):
        return None
    brand = load_facts(settings.home)
    text = f"{brand.crisis_resources} A person on the {brand.name} team will read your message first."
    # In the customer's language first, when it is one the engine knows a few words of (flows/languages.py).
    lang = languages.language(" ".join(m.text for m in ticket.messages if m.role == "customer"))
    if lang is not None:
        text = f"{languages.CRISIS[lang]} {text}"
    return Response("crisis", text)


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


def _conversation_of(session: Session, ticket: TicketIn) -> str | None:
    from phasegate.conversations.models import Conversation

    return session.scalar(select(Conversation.id).where(Conversation.id == f"{PREFIX}{ticket.id}"))


def _continue(session: Session, ticket: TicketIn, decision: Decision, settings: Settings) -> Response | None:
    """The ticket's new customer messages as the next turns of its conversation, rebuilt from the database."""
    from phasegate.conversations.flows.run import workspace_engine

    engine = workspace_engine(session, settings, policy=None)
    chat = engine.resume(session, conversation_id=f"{PREFIX}{ticket.id}")
    if chat is None:
        return None
    asked = [m for m in ticket.messages if m.role == "customer"]
    new = asked[chat.customer_turns :]
    if not new:
        return None  # nothing the conversation has not seen (a re-delivered event)
    if chat.escalated:
        for m in new:
            chat.hand_over(m.text, triggers=[], now=_at(m))
        log.info("intake.follow_up_to_person", ticket_id=ticket.id)
        return Response(
            "handoff",
            "A follow-up on a conversation a person already has: it stays with them (the whole thread is "
            "above).",
        )
    replies = []
    for m in new:
        if decision.route == "autonomous":
            replies.append(chat.say(m.text, now=_at(m)))
        else:
            chat.hand_over(m.text, triggers=list(decision.triggers), now=_at(m))
        if chat.escalated:
            break
    if chat.escalated:
        return _handed_off(session, chat, ticket, now=_at(new[-1]))
    log.info("intake.engine_reply", ticket_id=ticket.id, actions=[a.kind for a in chat.actions])
    return Response("reply", "\n\n".join(r.text for r in replies if r is not None))


def _at(message: MessageIn) -> datetime:
    return message.at or datetime.now(UTC)


def _converse(session: Session, ticket: TicketIn, settings: Settings) -> Response:
    """The engine's answer to the ticket's customer message, or a hand-off with its packet."""
    from phasegate.conversations.flows.run import workspace_engine
    from phasegate.conversations.models import Conversation

    asked = [m for m in ticket.messages if m.role == "customer"]
    conversation_id = f"{PREFIX}{ticket.id}"
    now = _at(asked[-1]) if asked else datetime.now(UTC)
    if len(asked) != 1:
        return Response(
            "handoff",
            "A thread the AI did not start (several customer messages before its first turn): a person "
            "takes it from here (the whole thread is above).",
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
        return _handed_off(session, chat, ticket, now=now)
    log.info("intake.engine_reply", ticket_id=ticket.id, actions=[a.kind for a in chat.actions])
    return Response("reply", answer.text)


def _handed_off(session: Session, chat: Chat, ticket: TicketIn, *, now: datetime) -> Response:
    """The packet stored for the ticket, and the hand-off note the person gets."""
    from phasegate.conversations.flows import handoff
    from phasegate.conversations.models import Handoff

    packet = handoff.packet(chat, ticket_id=ticket.id)
    session.add(Handoff(conversation_id=chat.id, ticket_id=ticket.id, created_at=now, packet=packet))
    reasons = "; ".join(f"{t.code}: {t.detail}" for t in chat.triggers) or "control group"
    log.info("intake.engine_handoff", ticket_id=ticket.id, reasons=reasons)
    return Response("handoff", f"{packet['summary']}\nWhy: {reasons}")
