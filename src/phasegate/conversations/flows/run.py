"""Running whole conversations: a scripted one (the `phasegate converse` contract), and building the engine
from a workspace or, with none, from the bundled router and an empty temporary store migrated to head.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import structlog
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from phasegate.aftercare import reopen, surveys
from phasegate.brand import BrandFacts, load_facts
from phasegate.config import Settings
from phasegate.conversations import outbox, service
from phasegate.conversations.flows import handoff
from phasegate.conversations.flows.engine import Chat, Engine
from phasegate.conversations.schemas import ConversationIn
from phasegate.db.migrate import upgrade
from phasegate.db.session import make_engine, session_factory
from phasegate.ingest.report import RowError, errors_from_validation
from phasegate.plugins.interfaces import LLMProvider
from phasegate.policy import Policy
from phasegate.store import service as store
from phasegate.taxonomy import DEFLECTABLE

log = structlog.get_logger(__name__)

#: In a scripted conversation this stands for the code the customer finds in their inbox (the outbox).
CODE_PLACEHOLDER = "{{code}}"
#: Scripted turns are this far apart on the conversation's clock.
TURN_GAP = timedelta(minutes=1)


def default_policy() -> Policy:
    """With no workspace and no policy file: the seed's defaults with the allowlist in phase 3 (SPEC.md's
    example policy), since a phase-3 engine with no phase-3 category would only ever hand off."""
    return Policy(phases=dict.fromkeys(DEFLECTABLE, 3))


def contract(chat: Chat, packet: dict[str, Any] | None) -> dict[str, Any]:
    """SPEC.md's output line for one conversation."""
    return {
        "conversation_id": chat.id,
        "replies": [r.text for r in chat.replies],
        "escalated": chat.escalated,
        "escalated_at_turn": chat.escalated_at,
        "triggers": [t.as_dict() for t in chat.triggers],
        "actions": [a.as_json() for a in chat.actions],
        "handoff": packet,
    } | ({"control": True} if chat.control else {})


def finish(session: Session, chat: Chat, *, now: datetime) -> dict[str, Any] | None:
    """Persist a conversation (turns, ticket, packet); returns the packet when it escalated."""
    ticket_id = service.ticket_id_for(chat.id)
    packet = handoff.packet(chat, ticket_id=ticket_id) if chat.escalated else None
    row = service.save(
        session,
        conversation_id=chat.id,
        messages=list(chat.messages),
        reasoning=[r.as_dict() for r in chat.reasoning],
        sources=[[f.as_dict() for f in r.sources] for r in chat.replies],
        customer=chat.customer,
        category=chat.reasoning[-1].category if chat.reasoning else None,
        escalated_at_turn=chat.escalated_at,
        verified=sorted(chat.access.verified),
        pending=chat.pending is not None,
        issue_id=chat.issue_id,
        prior_ai_contacts=chat.prior_ai_contacts,
        packet=packet,
        now=now,
    )
    policy = chat.engine.policy
    _log_decision(session, chat, ticket_id=ticket_id)
    if chat.issue_id:
        # A customer back on an issue the AI resolved: that resolution did not hold (durable resolution).
        reopen.new_ticket_on_issue(session, ticket_id=ticket_id, policy=policy)
    if row.status == "resolved":
        # Resolved by the AI alone: the customer is asked for CSAT like after a human's answer.
        surveys.request_survey(session, ticket_id=ticket_id, policy=policy, now=now)
    return packet


def _log_decision(session: Session, chat: Chat, *, ticket_id: str) -> None:
    """The conversation's outcome in the decision audit log, like a triaged ticket's (so the ticket page,
    the inbox, the metrics and the weekly review read it): the last reading, with what the engine decided."""
    from phasegate.rollout import service as rollout

    last = chat.last_decision
    if last is None:
        return
    decision = dataclasses.replace(
        last,
        ticket_id=ticket_id,
        route="human" if chat.escalated else "autonomous",
        escalate=bool(chat.triggers),
        triggers=tuple(chat.triggers),
        control=chat.control,
    )
    version = rollout.latest_policy_version(session)
    rollout.store_decisions(
        session, [decision], policy_version=version.id if version else None, source="conversation"
    )


def run_script(engine: Engine, session: Session, item: ConversationIn, *, now: datetime) -> dict[str, Any]:
    """Play one scripted conversation turn by turn and return its contract line (persisted on `session`)."""
    start = item.at or now
    if item.store is not None:
        store.upsert_customers(session, item.store.customers)
        store.upsert_orders(session, item.store.orders)
    chat = engine.chat(
        session,
        conversation_id=item.id,
        customer=item.customer,
        prior_ai_contacts=item.ai_contacts_on_issue,
        issue_id=item.issue_id,
        now=start,
    )
    clock = start
    for i, text in enumerate(item.turns):
        clock = start + TURN_GAP * i
        if CODE_PLACEHOLDER in text:
            code = outbox.latest_code(session, conversation_id=item.id) or "no code received"
            text = text.replace(CODE_PLACEHOLDER, code)
        chat.say(text, now=clock)
    packet = finish(session, chat, now=clock)
    return contract(chat, packet)


def parse_line(number: int, raw: str) -> ConversationIn | list[RowError]:
    """One input line, or why it was refused (`line N: field: reason`)."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        return [RowError(number, "(line)", f"invalid JSON: {exc.msg} at column {exc.colno}")]
    if not isinstance(record, dict):
        return [RowError(number, "(line)", "expected a JSON object")]
    try:
        return ConversationIn.model_validate(record)
    except ValidationError as exc:
        return errors_from_validation(number, exc)


@contextmanager
def temporary_store() -> Iterator[sessionmaker[Session]]:
    """An empty SQLite store migrated to head, deleted afterwards: the same code paths as a workspace."""
    with tempfile.TemporaryDirectory(prefix="phasegate-converse-") as folder:
        db = make_engine(f"sqlite:///{Path(folder) / 'converse.db'}")
        upgrade(db)
        try:
            yield session_factory(db)
        finally:
            db.dispose()


def workspace_engine(
    session: Session,
    settings: Settings,
    *,
    policy: Policy | None,
    provider: LLMProvider | None = None,
) -> Engine:
    """The engine of a workspace: its router, the policy in force (or `policy` as given), phases, kill
    switches, brand facts and help center."""
    from phasegate.knowledge import calibration, index
    from phasegate.rollout import service as rollout
    from phasegate.rollout.routing import resolve_router

    phases: dict[str, int] | None = None
    if policy is None:
        policy = rollout.policy_in_force(session).policy
        phases = rollout.phase_map(session) or None
    kill = rollout.kill_state(session)
    retriever = None
    try:
        retriever = index.load(session, settings.home)
    except Exception as exc:  # a help center that cannot be read leaves replies to store and brand facts
        log.warning("converse.kb_unavailable", error=str(exc))
    return Engine(
        router=resolve_router(None, settings),
        policy=policy,
        phases=phases,
        kill_switch=kill.global_on,
        killed=kill.categories,
        brand=load_facts(settings.home),
        retriever=retriever,
        kb_min_support=calibration.threshold(settings.home),
        provider=provider,
    )


def standalone_engine(*, policy: Policy | None, provider: LLMProvider | None = None) -> Engine:
    """The engine with no workspace: the bundled router, the brand defaults, no help center."""
    from phasegate.rollout.routing import default_router

    return Engine(
        router=default_router(), policy=policy or default_policy(), brand=BrandFacts(), provider=provider
    )


def now_utc() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(UTC)
