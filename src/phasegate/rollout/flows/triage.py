"""Triage runs: analyse tickets, gather what the workspace knows about them, decide, and keep the audit log.

A run is either *live* (the workspace's policy in force, phase state and kill switches, decisions stored with
the policy version) or a *what-if* (a policy file used as given, its phases and kill switch; nothing stored).
Both stream: tickets are handled in batches, and a live run re-reads the workspace at most once a second, so
a kill switch thrown elsewhere is honoured within a second without a restart.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from phasegate.ingest.report import RowError
from phasegate.policy import Decision, DecisionContext, Policy, decide
from phasegate.policy.control import apply_control
from phasegate.rollout import service
from phasegate.rollout.schemas import KillState
from phasegate.store import service as store_service
from phasegate.tickets import service as tickets_service
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.schemas import Analysis

#: Analyses a batch of tickets under a policy (the router's `analyze_many`, or a fake in tests).
Analyzer = Callable[[Sequence[TicketIn], Policy], Sequence[Analysis]]

#: `tickets.handled_by` values in which the AI spoke to the customer (an AI contact on the issue).
AI_CONTACT_SEGMENTS = ("ai", "ai_escalated")

BATCH = 256


@dataclass(frozen=True)
class StoreFacts:
    """What the store knows about a batch: customers (vip, ai_opt_in), AI contacts, order values."""

    customers: Mapping[str, tuple[bool, bool]] = field(default_factory=dict)
    ai_contacts: Mapping[str, int] = field(default_factory=dict)  # ticket id -> earlier AI tickets on issue
    order_values: Mapping[str, Decimal] = field(default_factory=dict)


def store_facts(session: Session, tickets: Sequence[TicketIn], analyses: Sequence[Analysis]) -> StoreFacts:
    """Look up, in a few queries per batch, the customers, earlier AI contacts and orders the tickets name."""
    customer_ids = {t.customer.id for t in tickets if t.customer and t.customer.id}
    emails = {t.customer.email for t in tickets if t.customer and t.customer.email and not t.customer.id}
    customers: dict[str, tuple[bool, bool]] = {}
    if customer_ids or emails:
        for cid, email, vip, opt_in in store_service.customer_flags(session, ids=customer_ids, emails=emails):
            customers[cid] = (vip, opt_in)
            if email:
                customers.setdefault(f"email:{email}", (bool(vip), bool(opt_in)))

    issues = {t.issue_id for t in tickets if t.issue_id}
    contacts: dict[str, int] = {}
    if issues:
        rows = tickets_service.on_issues(session, issues=issues, handled_by=AI_CONTACT_SEGMENTS)
        for t in tickets:
            if not t.issue_id:
                continue
            when = t.created_at or next((m.at for m in t.messages if m.at), None)
            contacts[t.id] = sum(
                1
                for tid, issue, at in rows
                if issue == t.issue_id and tid != t.id and (when is None or at is None or at < when)
            )

    order_ids = {t.order_id for t in tickets if t.order_id}
    for a in analyses:
        order_ids.update(a.entities.order_ids)
    values: dict[str, Decimal] = {}
    if order_ids:
        for oid, total in store_service.order_totals(session, order_ids):
            if total is not None:
                values[oid] = Decimal(total)
    return StoreFacts(customers=customers, ai_contacts=contacts, order_values=values)


def context_for(
    ticket: TicketIn,
    analysis: Analysis,
    *,
    facts: StoreFacts | None = None,
    phases: Mapping[str, int] | None = None,
    kill: KillState | None = None,
) -> DecisionContext:
    """A ticket's decision context: its own fields, overridden or completed by the store when there is one.

    VIP is what either says; opt-in is the store's when it knows the customer (its record is the source of
    truth). AI contacts are the most of the ticket's own count and the store's earlier AI-handled tickets on
    the issue plus the AI turns already in this conversation.
    """
    facts = facts or StoreFacts()
    customer = ticket.customer
    vip = bool(customer and customer.vip)
    opt_in = bool(customer and customer.ai_opt_in)
    known = None
    if customer is not None:
        known = facts.customers.get(customer.id or "") or facts.customers.get(f"email:{customer.email}")
    if known is not None:
        vip, opt_in = vip or known[0], known[1]
    ai_turns = sum(1 for m in ticket.messages[:-1] if m.role == "ai")
    contacts = max(ticket.ai_contacts_on_issue or 0, facts.ai_contacts.get(ticket.id, 0) + ai_turns)
    order_ids = ([ticket.order_id] if ticket.order_id else []) + list(analysis.entities.order_ids)
    values = [facts.order_values[o] for o in order_ids if o in facts.order_values]
    return DecisionContext(
        ticket_id=ticket.id,
        vip=vip,
        ai_opt_in=opt_in,
        ai_contacts_on_issue=contacts,
        order_value=max(values) if values else None,
        phases=phases,
        kill_switch=bool(kill and kill.global_on),
        killed=kill.categories if kill else frozenset(),
    )


@dataclass(frozen=True)
class LiveState:
    """The workspace as a live run sees it: policy in force, phases, kill switches."""

    version: int | None
    policy: Policy
    phases: Mapping[str, int]
    kill: KillState


class WorkspaceWatch:
    """Re-reads the policy in force, phases and kill switches at most once per `ttl` seconds."""

    def __init__(self, sessions: sessionmaker[Session], *, ttl: float = 1.0) -> None:
        self._sessions = sessions
        self._ttl = ttl
        self._state: LiveState | None = None
        self._read_at = 0.0

    def state(self) -> LiveState:
        """The workspace as of at most `ttl` seconds ago (the first call stores the defaults if needed)."""
        now = time.monotonic()
        if self._state is None or now - self._read_at >= self._ttl:
            with self._sessions() as session, session.begin():
                current = service.ensure_policy(session)
                version = current.version
                policy = current.policy
                if self._state is not None and self._state.version == version:
                    policy = self._state.policy  # unchanged: skip parsing the YAML again
                self._state = LiveState(
                    version=version,
                    policy=policy,
                    phases=service.phase_map(session),
                    kill=service.kill_state(session),
                )
            self._read_at = now
        return self._state


Parsed = tuple[int, TicketIn | list[RowError]]


class TriageRun:
    """Decides tickets in batches, live on a workspace or as a what-if of a policy file."""

    def __init__(
        self,
        *,
        analyzer: Analyzer,
        policy: Policy | None = None,
        sessions: sessionmaker[Session] | None = None,
        record: bool = True,
        source: str = "triage",
        batch_size: int = BATCH,
        on_stored: Callable[[Sequence[Decision]], object] | None = None,
    ) -> None:
        """`policy` given: a what-if with that file as given (store facts still read, nothing stored).
        `policy` None: live on the workspace of `sessions`, storing decisions when `record`.
        `on_stored` is called with each stored batch (phase 2 drafts the tickets routed `draft`)."""
        if policy is None and sessions is None:
            raise ValueError("a triage run needs a policy file or a workspace")
        self.analyzer = analyzer
        self.what_if = policy
        self.sessions = sessions
        self.record = record and policy is None
        self.source = source
        self.batch_size = batch_size
        self.on_stored = on_stored
        self.watch = WorkspaceWatch(sessions) if sessions is not None and policy is None else None
        self.stored = 0
        self.policy_version: int | None = None

    def decide_batch(self, tickets: Sequence[TicketIn]) -> list[Decision]:
        """Analyse, gather context, decide and (live) store one batch."""
        if not tickets:
            return []
        live = self.watch.state() if self.watch is not None else None
        policy = live.policy if live is not None else self.what_if
        assert policy is not None
        self.policy_version = live.version if live is not None else None
        analyses = self.analyzer(tickets, policy)
        facts = None
        if self.sessions is not None:
            with self.sessions() as session:
                facts = store_facts(session, tickets, analyses)
        # The control group is drawn after decide(): only a ticket that would go autonomous can join it.
        decisions = [
            apply_control(
                decide(
                    a,
                    context_for(
                        t,
                        a,
                        facts=facts,
                        phases=live.phases if live is not None else None,
                        kill=live.kill if live is not None else None,
                    ),
                    policy,
                ),
                policy,
            )
            for t, a in zip(tickets, analyses, strict=True)
        ]
        if self.record and self.sessions is not None and live is not None:
            with self.sessions() as session, session.begin():
                self.stored += service.store_decisions(
                    session, decisions, policy_version=live.version, source=self.source
                )
            if self.on_stored is not None:
                self.on_stored(decisions)
        return decisions

    def run(self, parsed: Iterable[Parsed]) -> Iterator[tuple[int, Decision | list[RowError]]]:
        """Decisions and input errors in input order, batch by batch."""
        pending: list[Parsed] = []

        def flush() -> Iterator[tuple[int, Decision | list[RowError]]]:
            tickets = [p for _, p in pending if isinstance(p, TicketIn)]
            decided = iter(self.decide_batch(tickets))
            for line, item in pending:
                yield line, (item if isinstance(item, list) else next(decided))
            pending.clear()

        for line, item in parsed:
            pending.append((line, item))
            if len(pending) >= self.batch_size:
                yield from flush()
        yield from flush()
