"""Handling one intake event: store the ticket, decide it, plan its helpdesk effects, then perform them.

Storing, deciding, planning and marking the event done happen in ONE transaction, so a worker killed
mid-ticket leaves either all of it or none of it (the lease then re-delivers the event). Effects are
performed afterwards through `perform_effects`, each at most once (see `phasegate.intake.models.Effect`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx
import structlog
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from phasegate.intake import service
from phasegate.intake.locks import write_lock
from phasegate.intake.models import IntakeEvent
from phasegate.intake.schemas import EventIn
from phasegate.plugins.interfaces import HelpdeskConnector
from phasegate.policy import Decision, Policy, decide
from phasegate.rollout import service as rollout
from phasegate.rollout.flows.triage import Analyzer, LiveState, WorkspaceWatch, context_for, store_facts
from phasegate.tickets import service as tickets
from phasegate.tickets.models import Ticket
from phasegate.tickets.schemas import CustomerIn, MessageIn, TicketIn

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Response:
    """What a responder (the conversation engine, a draft writer) wants sent for a decided ticket."""

    #: reply (public, autonomous) | draft (suggested reply) | handoff (assign with this note) |
    #: crisis (public: where to get help now, sent though a person takes the ticket)
    kind: str
    text: str


class Responder(Protocol):
    """Writes the customer-facing text of a decided ticket; None when it has nothing to say."""

    def __call__(self, session: Session, *, ticket: TicketIn, decision: Decision) -> Response | None:
        """The response to the ticket's newest customer message, or None."""
        ...


#: Builds the brief note of a ticket (phase 1); the default reads `phasegate.assist`.
BriefWriter = Callable[[Session, str], str | None]


def assist_brief(home: Path) -> BriefWriter:
    """The phase-1 brief of `phasegate.assist`, as plain text for an internal note."""
    from phasegate.assist import flows as assist

    def write(session: Session, ticket_id: str) -> str | None:
        try:
            brief = assist.build(session, ticket_id=ticket_id, home=home)
        except assist.TicketNotFound:
            return None
        return brief_text(brief)

    return write


def brief_text(brief: Any) -> str:
    """A brief as the short text an agent reads in a helpdesk note."""
    s = brief.summary
    lines = [f"phasegate brief — {brief.category or 'uncategorised'}", f"Wants: {s.wants}"]
    lines += [f"Tried: {t}" for t in s.tried]
    lines += [f"Open: {o}" for o in s.open]
    for flag in getattr(brief, "flags", []) or []:
        lines.append(f"Flag: {getattr(flag, 'label', None) or getattr(flag, 'code', flag)}")
    for path in (getattr(brief, "paths", None) or [])[:3]:
        lines.append(f"Path: {getattr(path, 'title', None) or path} — {getattr(path, 'rationale', '')}")
    return "\n".join(lines)


def _same_message(a: MessageIn, b: MessageIn) -> bool:
    return a.role == b.role and a.text == b.text and a.at == b.at


def _stored_as_input(row: Ticket) -> TicketIn:
    return TicketIn(
        id=row.id,
        messages=[MessageIn(role=m.role, text=m.text, at=m.at) for m in row.messages],
        channel=row.channel,
        created_at=row.created_at,
        subject=row.subject,
        customer=CustomerIn.model_validate(row.customer) if row.customer else None,
        order_id=row.order_id,
        issue_id=row.issue_id,
        ai_contacts_on_issue=row.ai_contacts_on_issue,
        category=row.category,
        handled_by=row.handled_by,
        csat=row.csat,
        resolved_at=row.resolved_at,
        handle_seconds=row.handle_seconds,
        **(row.extra or {}),
    )


def merged(stored: Ticket | None, event: EventIn) -> TicketIn:
    """The ticket after the event: fields from the event where it states them, messages never dropped.

    A message event adds its message; a ticket event's messages are merged with the stored ones (same
    role, text and time = the same message), so events arriving out of order lose nothing.
    """
    incoming = event.ticket
    if event.message is not None:
        incoming = incoming.model_copy(update={"messages": [event.message]})
    if stored is None:
        return incoming
    base = _stored_as_input(stored)
    messages = list(base.messages)
    for m in incoming.messages:
        if not any(_same_message(m, seen) for seen in messages):
            messages.append(m)
    stated = incoming.model_dump(exclude_unset=True, exclude={"messages", "id"})
    data = base.model_dump() | stated | {"messages": [m.model_dump() for m in messages]}
    return TicketIn.model_validate(data)


def _serialise_ticket(session: Session, ticket: TicketIn) -> None:
    # Two workers on two messages of one ticket (or two tickets of one new customer) would otherwise
    # race on the read-merge-write; a transaction-scoped advisory lock serialises just those.
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = {ticket.id} | (
        {f"customer:{ticket.customer.id}"} if ticket.customer and ticket.customer.id else set()
    )
    service.advisory_lock(session, keys)


class Intake:
    """Consumes intake events: the store, the decision core and the connectors, wired once per process."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        analyzer: Analyzer,
        connectors: dict[str, HelpdeskConnector],
        brief: BriefWriter | None = None,
        responder: Responder | None = None,
        worker: str = "inline",
        lease: float = service.LEASE_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.analyzer = analyzer
        self.connectors = connectors
        self.brief = brief
        self.responder = responder
        self.worker = worker
        self.lease = lease
        self.watch = WorkspaceWatch(sessions)
        self.live: LiveState | None = None
        bind = sessions.kw.get("bind")
        if not isinstance(bind, (Engine, Connection)):
            raise TypeError("the intake needs a session factory bound to an engine or connection")
        self.engine: Engine = bind.engine

    def refresh(self) -> LiveState:
        """Re-read the policy, phases and kill switches (at most once a second), outside any event's
        transaction: on SQLite a second writer inside it would wait on our own lock."""
        self.live = self.watch.state()
        return self.live

    # -- one event ------------------------------------------------------------------------------------

    def _decide(self, session: Session, ticket: TicketIn) -> tuple[Decision, int | None]:
        live = self.live or self.refresh()
        policy: Policy = live.policy
        analysis = self.analyzer([ticket], policy)[0]
        facts = store_facts(session, [ticket], [analysis])
        decision = decide(
            analysis, context_for(ticket, analysis, facts=facts, phases=live.phases, kill=live.kill), policy
        )
        return decision, live.version

    def handle(self, session: Session, row: IntakeEvent) -> str | None:
        """Apply one claimed event in the caller's transaction; the ticket id when it planned effects."""
        event = EventIn.model_validate(row.payload)
        _serialise_ticket(session, event.ticket)
        stored = tickets.get(session, ticket_id=event.ticket.id)
        ticket = merged(stored, event)
        tickets.upsert_many(session, [ticket], source=event.source)
        newest = ticket.messages[-1]
        if newest.role != "customer":
            service.finish_event(session, row)
            return None  # an agent's or the AI's own turn: recorded, nothing to decide
        decision, version = self._decide(session, ticket)
        rollout.store_decisions(session, [decision], policy_version=version, source="intake")
        origin = event.origin or _origin_of(stored)
        if origin is not None:
            self._plan(
                session,
                ticket,
                decision,
                key=event.key,
                connector=origin.connector,
                external_id=origin.external_id,
            )
            if stored is None or not (stored.extra or {}).get("origin"):
                row_ticket = tickets.get(session, ticket_id=ticket.id)
                if row_ticket is not None:
                    row_ticket.extra = (row_ticket.extra or {}) | {"origin": origin.model_dump()}
        service.finish_event(session, row)
        return ticket.id if origin is not None else None

    def _plan(
        self,
        session: Session,
        ticket: TicketIn,
        decision: Decision,
        *,
        key: str,
        connector: str,
        external_id: str,
    ) -> None:
        def plan(kind: str, body: dict[str, Any]) -> None:
            service.plan_effect(
                session,
                ticket_id=ticket.id,
                kind=kind,
                key=key,
                connector=connector,
                external_id=external_id,
                body=body,
            )

        tags = [f"phasegate_route_{decision.route}"] + [
            f"phasegate_trigger_{t.code}" for t in decision.triggers
        ]
        if decision.category:
            tags.append(f"phasegate_category_{decision.category}")
        plan("tags", {"tags": tags})
        response = self.responder(session, ticket=ticket, decision=decision) if self.responder else None
        if decision.route == "autonomous" and response is not None and response.kind == "reply":
            plan("reply", {"text": response.text})
            return
        if decision.route != "human" and response is not None and response.kind == "handoff":
            # The engine handed off what the decision would have let it answer (drift, a follow-up, control).
            plan("handoff", {"text": f"phasegate hand-off\n{response.text}"})
            return
        if decision.route == "human" and response is not None and response.kind == "crisis":
            plan("reply", {"text": response.text})
        if decision.route == "draft" and response is not None and response.kind == "draft":
            plan("draft", {"text": response.text})
        note = self.brief(session, ticket.id) if self.brief else None
        if decision.route == "human":
            reasons = "; ".join(f"{t.code}: {t.detail}" for t in decision.triggers) or "routed to a human"
            handoff = response.text if response is not None and response.kind == "handoff" else (note or "")
            plan("handoff", {"text": f"phasegate hand-off ({reasons})\n{handoff}".strip()})
        elif note:
            plan("note", {"text": note})

    # -- the queue ------------------------------------------------------------------------------------

    def run_once(self, *, limit: int = 10) -> int:
        """Claim and handle up to `limit` events, then perform their effects; how many were handled."""
        with write_lock(self.engine):
            return self._run_once(limit=limit)

    def _run_once(self, *, limit: int) -> int:
        self.refresh()
        with self.sessions() as session, session.begin():
            claimed = [
                (e.id, e.ticket_id)
                for e in service.claim_events(session, worker=self.worker, limit=limit, lease=self.lease)
            ]
        touched: list[str] = []
        for event_id, _ticket in claimed:
            try:
                with self.sessions() as session, session.begin():
                    row = service.get(session, event_id=event_id)
                    if row is None or row.status != "queued":
                        continue
                    tid = self.handle(session, row)
                if tid:
                    touched.append(tid)
            except Exception as exc:  # the event is kept and retried; one bad event never stops the worker
                log.warning(
                    "intake event failed",
                    exc_info=True,
                    event_id=event_id,
                    error=f"{type(exc).__name__}: {exc}",
                )
                with self.sessions() as session, session.begin():
                    service.release_event(session, event_id=event_id, error=f"{type(exc).__name__}: {exc}")
        for tid in dict.fromkeys(touched):
            self._perform_effects(ticket_id=tid, limit=20)
        return len(claimed)

    def perform_effects(self, *, ticket_id: str | None = None, limit: int = 20) -> int:
        """Perform pending effects (of one ticket, or any), each at most once; returns how many were sent."""
        with write_lock(self.engine):
            return self._perform_effects(ticket_id=ticket_id, limit=limit)

    def _perform_effects(self, *, ticket_id: str | None, limit: int) -> int:
        with self.sessions() as session, session.begin():
            if ticket_id is None:
                service.settle_lapsed(session)
            claimed = [
                (e.id, e.kind, e.connector, e.external_id, dict(e.body))
                for e in service.claim_effects(session, ticket_id=ticket_id, limit=limit, lease=self.lease)
            ]
        sent = 0
        for effect_id, kind, connector_name, external_id, body in claimed:
            try:
                connector = self.connectors[connector_name]
            except KeyError:
                with self.sessions() as session, session.begin():
                    service.effect_failed(
                        session,
                        effect_id=effect_id,
                        error=f"no connector {connector_name!r} configured",
                        sent_maybe=False,
                    )
                continue
            try:
                perform(connector, kind=kind, external_id=external_id, body=body)
            except httpx.TransportError as exc:
                # A connect error never reached the helpdesk; a timeout after sending may have.
                maybe = not isinstance(exc, httpx.ConnectError)
                with self.sessions() as session, session.begin():
                    service.effect_failed(session, effect_id=effect_id, error=repr(exc), sent_maybe=maybe)
                continue
            except Exception as exc:  # an HTTP error status: the helpdesk refused it, so it was not applied
                with self.sessions() as session, session.begin():
                    service.effect_failed(session, effect_id=effect_id, error=repr(exc), sent_maybe=False)
                continue
            with self.sessions() as session, session.begin():
                service.effect_done(session, effect_id=effect_id)
            sent += 1
        return sent

    def drain(self, *, max_rounds: int = 1000) -> int:
        """Handle every queued event and pending effect now (the embedded, one-process mode)."""
        total = 0
        for _ in range(max_rounds):
            n = self.run_once(limit=50)
            total += n
            if n == 0:
                break
        self.perform_effects()
        return total


def _origin_of(stored: Ticket | None) -> Any:
    from phasegate.intake.schemas import Origin

    raw = (stored.extra or {}).get("origin") if stored is not None else None
    return Origin.model_validate(raw) if isinstance(raw, dict) else None


def perform(connector: HelpdeskConnector, *, kind: str, external_id: str, body: dict[str, Any]) -> None:
    """One effect through a connector (the hook every outbound action goes through)."""
    text_ = str(body.get("text", ""))
    if kind == "reply":
        connector.send_reply(external_id, text_)
    elif kind == "note":
        connector.add_internal_note(external_id, text_)
    elif kind == "handoff":
        connector.assign_to_human(external_id, note=text_)
    elif kind == "draft":
        suggest = getattr(connector, "suggest_reply", None)
        if suggest is not None:
            suggest(external_id, text_)
        else:
            connector.add_internal_note(external_id, "Suggested reply (draft):\n" + text_)
    elif kind == "tags":
        add_tags = getattr(connector, "add_tags", None)
        if add_tags is not None:
            add_tags(external_id, list(body.get("tags", [])))
    else:
        raise ValueError(f"unknown effect kind {kind!r}")


def send_through_connector(
    sessions: sessionmaker[Session],
    connectors: dict[str, HelpdeskConnector],
    *,
    ticket_id: str,
    kind: str,
    key: str,
    text_: str,
) -> bool:
    """Send a reply, hand-off or note through a ticket's helpdesk, at most once per (ticket, kind, key).

    The hook for code outside the intake worker (the conversation engine): records the effect, then performs
    it. Returns False when the ticket has no helpdesk origin or the effect was already recorded.
    """
    with sessions() as session, session.begin():
        stored = tickets.get(session, ticket_id=ticket_id)
        origin = _origin_of(stored)
        if origin is None:
            return False
        created = service.plan_effect(
            session,
            ticket_id=ticket_id,
            kind=kind,
            key=key,
            connector=origin.connector,
            external_id=origin.external_id,
            body={"text": text_},
        )
    if created:
        Intake(sessions, analyzer=_no_analysis, connectors=connectors).perform_effects(ticket_id=ticket_id)
    return created


def _no_analysis(tickets_: Sequence[TicketIn], policy: Policy) -> Sequence[Any]:
    raise RuntimeError("sending an effect needs no analysis")
