"""Draft on arrival: when a ticket routes to `draft`, write the reply from its brief, check it, store it.

A ticket is drafted only while its category is in phase 2, its live route is `draft` and no kill switch
covers it; all three are read at the moment of drafting, so a kill switch or a phase change stops new drafts
at once. The draft is stored with the guardrails' verdict; the model's cost becomes a `model` cost entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import structlog
from sqlalchemy.orm import Session, sessionmaker

from phasegate.assist import flows as assist_flows
from phasegate.assist.schemas import Brief
from phasegate.brand import load_facts
from phasegate.db.base import utcnow
from phasegate.drafts import guardrails, prompt
from phasegate.drafts import service as drafts_service
from phasegate.drafts.models import Draft
from phasegate.drafts.providers import draft_reply
from phasegate.metrics.models import CostEntry
from phasegate.plugins.interfaces import LLMProvider
from phasegate.policy import Decision as PolicyDecision
from phasegate.rollout import service as rollout
from phasegate.tickets import reply
from phasegate.tickets import service as tickets_service
from phasegate.tickets.models import Ticket

log = structlog.get_logger(__name__)

DRAFT_PHASE = 2


@dataclass(frozen=True)
class DraftOutcome:
    """What happened to one ticket: `created` with the draft's id and verdict, else `reason` (why not)."""

    ticket_id: str
    created: bool
    reason: str
    draft_id: int | None = None
    safe: bool | None = None
    fallback: str | None = None


def blocked(session: Session, ticket: Ticket) -> str | None:
    """Why this ticket may not get a new draft now (None: it may): resolved, kill switch, phase, route."""
    if ticket.status == "resolved":
        return "resolved"
    in_force = rollout.policy_in_force(session).policy
    kill = rollout.kill_state(session)
    category = ticket.category
    decision = reply.latest_decision(session, ticket_id=ticket.id)
    if decision is not None and decision.category:
        category = decision.category
    if kill.global_on or (category in kill.categories) or in_force.killed(category):
        return "kill_switch"
    phases = rollout.phase_map(session)
    phase = phases.get(category or "", in_force.phase_of(category)) if category else 0
    if phase != DRAFT_PHASE:
        return f"phase_{phase}"
    if decision is not None and decision.route != "draft":
        return f"route_{decision.route}"
    return None


def _first_name(ticket: Ticket, brief_name: str | None) -> str | None:
    name = brief_name or str((ticket.customer or {}).get("name") or "")
    return name.split()[0] if name.strip() else None


def _own_contacts(ticket: Ticket, email: str | None) -> list[str]:
    stated = ticket.customer or {}
    return [str(v) for v in (email, stated.get("email"), stated.get("phone")) if v]


def draft_ticket(
    session: Session,
    *,
    ticket_id: str,
    home: Path,
    provider: LLMProvider,
    force: bool = False,
    brief: Brief | None = None,
) -> DraftOutcome:
    """Draft one ticket if it may be drafted and has no unsent draft (`force`: draft anyway, for replays).

    `brief`: the ticket's brief when the caller has already built it (the console's ticket page shows it
    anyway); else it is built here. Building it is most of a draft's cost.
    """
    ticket = tickets_service.row(session, ticket_id)
    if ticket is None:
        return DraftOutcome(ticket_id, False, "missing")
    if not force:
        why = blocked(session, ticket)
        if why is not None:
            return DraftOutcome(ticket_id, False, why)
        if reply.pending_draft(session, ticket_id=ticket_id) is not None:
            return DraftOutcome(ticket_id, False, "exists")
    if brief is None or brief.ticket_id != ticket_id:
        brief = assist_flows.build(session, ticket_id=ticket_id, home=home)
    fired = next((f.value for f in brief.flags if f.code == "escalation"), None)
    if fired and not force:
        # No logged decision said `draft`, and deciding now fires a trigger: the ticket is a human's.
        return DraftOutcome(ticket_id, False, "route_human")
    policy = rollout.policy_in_force(session).policy
    material = prompt.material_of(
        brief,
        voice=policy.voice,
        brand=load_facts(home).name,
        first_name=_first_name(ticket, brief.account.name),
    )
    turns = [(m.role, m.text) for m in ticket.messages] or [("customer", ticket.subject or "")]
    request = prompt.prompt_for(material, turns, own=_own_contacts(ticket, brief.account.email))
    answer = draft_reply(request, provider)
    report = guardrails.check_draft(answer.reply, prompt.sources_of(material, turns), policy)
    cost = Decimal(str(answer.completion.cost)) if answer.completion.cost else None
    draft = Draft(
        ticket_id=ticket_id,
        created_at=utcnow(),
        ai_text=answer.reply,
        model=answer.completion.model[:80],
        provider=answer.provider[:80],
        fallback=answer.fallback,
        safe=report.safe,
        guardrails=report.as_dict(),
        input_tokens=answer.completion.input_tokens,
        output_tokens=answer.completion.output_tokens,
        cost=cost,
    )
    session.add(draft)
    if cost:
        session.add(CostEntry(ticket_id=ticket_id, kind="model", amount=cost, currency=policy.currency))
    session.flush()
    log.info(
        "drafts.created",
        ticket_id=ticket_id,
        draft_id=draft.id,
        provider=answer.provider,
        safe=report.safe,
        fallback=bool(answer.fallback),
    )
    return DraftOutcome(ticket_id, True, "created", draft.id, report.safe, answer.fallback)


def draft_many(
    sessions: sessionmaker[Session], ticket_ids: Iterable[str], *, home: Path, provider: LLMProvider
) -> list[DraftOutcome]:
    """Draft each ticket in its own transaction; one ticket's failure is logged and never stops the rest."""
    outcomes = []
    for ticket_id in ticket_ids:
        try:
            with sessions() as session, session.begin():
                outcomes.append(draft_ticket(session, ticket_id=ticket_id, home=home, provider=provider))
        except Exception as exc:  # the ticket stays in the queue undrafted; the agent still answers it
            log.exception("drafts.failed", ticket_id=ticket_id, error=str(exc))
            outcomes.append(DraftOutcome(ticket_id, False, f"error: {type(exc).__name__}: {exc}"[:300]))
    return outcomes


def draft_decided(
    sessions: sessionmaker[Session],
    decisions: Sequence[PolicyDecision],
    *,
    home: Path,
    provider: LLMProvider,
) -> list[DraftOutcome]:
    """Draft the tickets among `decisions` that routed to `draft` and are stored in the workspace."""
    wanted = [d.ticket_id for d in decisions if d.route == "draft"]
    if not wanted:
        return []
    with sessions() as session:
        stored = tickets_service.existing_ids(session, wanted)
    return draft_many(sessions, [t for t in wanted if t in stored], home=home, provider=provider)


def open_to_draft(session: Session) -> list[str]:
    """Open tickets with no unsent draft whose category is in phase 2 now (the candidates to draft)."""
    rows = tickets_service.open_categories(session)
    policy = rollout.policy_in_force(session).policy
    phases = rollout.phase_map(session)
    candidates = [tid for tid, cat in rows if cat and phases.get(cat, policy.phase_of(cat)) == DRAFT_PHASE]
    if not candidates:
        return []
    pending = drafts_service.unsent_ticket_ids(session, candidates)
    return sorted(t for t in candidates if t not in pending)


def draft_open(sessions: sessionmaker[Session], *, home: Path, provider: LLMProvider) -> list[DraftOutcome]:
    """Draft every open phase-2 ticket that has none yet (after an import, or a workspace built offline)."""
    with sessions() as session:
        ids = open_to_draft(session)
    return draft_many(sessions, ids, home=home, provider=provider)


@dataclass(frozen=True)
class DraftView:
    """What the reply box shows: the text to prefill and the flagged sentences the agent must see."""

    draft: Draft
    prefill: str
    flagged: list[dict[str, object]]
    safe: bool


def view(draft: Draft) -> DraftView:
    """The reply box for a draft: a safe draft prefilled as written; an unsafe one without its flagged
    sentences, which are listed with their reasons instead (never sent as-is by a tired click).
    """
    report = draft.guardrails or {}
    flagged = list(report.get("flagged") or [])
    if draft.safe is not False or not flagged:
        return DraftView(draft, draft.ai_text, flagged, draft.safe is not False)
    bad = [str(f.get("text", "")) for f in flagged]
    kept = draft.ai_text
    for sentence in bad:
        kept = kept.replace(sentence, "")
    kept = "\n".join(line.rstrip() for line in kept.splitlines())
    while "\n\n\n" in kept:
        kept = kept.replace("\n\n\n", "\n\n")
    return DraftView(draft, kept.strip(), flagged, False)


def for_console(
    session: Session,
    *,
    ticket_id: str,
    home: Path,
    provider: LLMProvider | None,
    brief: Brief | None = None,
) -> DraftView | None:
    """The ticket's unsent draft for the reply box, written now if the ticket may be drafted and has none
    (a ticket imported before phase 2, or routed while the drafter was down). None when it may not.
    `brief`: the page's brief of this ticket, so writing the draft does not build it a second time.
    """
    ticket = tickets_service.row(session, ticket_id)
    if ticket is None or blocked(session, ticket) is not None:
        return None
    pending = reply.pending_draft(session, ticket_id=ticket_id)
    if pending is None and provider is not None:
        outcome = draft_ticket(session, ticket_id=ticket_id, home=home, provider=provider, brief=brief)
        pending = drafts_service.get(session, outcome.draft_id) if outcome.draft_id is not None else None
    return view(pending) if pending is not None else None
