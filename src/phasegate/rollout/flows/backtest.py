"""Backtest: replay stored tickets under a proposed policy and the current one, and show what changes.

Each ticket is replayed as it arrived (its opening customer messages), with what the store knew at the time
(earlier AI contacts on the issue, the customer, the order). The current side is the policy in force with
the workspace's phases; the proposed side is the file, whose `phases` entries override the workspace's
phase for the categories it names (others keep theirs). Kill switches thrown in the workspace are an
emergency lever, not policy: neither side applies them (each policy's own `kill_switch` field does apply).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from phasegate.policy import Decision, Policy, decide
from phasegate.rollout import service
from phasegate.rollout.analysis_cache import AnalysisCache
from phasegate.rollout.flows.triage import Analyzer, context_for, store_facts
from phasegate.tickets import service as tickets_service
from phasegate.tickets.models import Ticket
from phasegate.tickets.schemas import CustomerIn, MessageIn, TicketIn
from phasegate.triage.schemas import Analysis

BATCH = 500


@dataclass(frozen=True)
class Replayed:
    """One ticket whose route changes under the proposal, with the CSAT it actually got."""

    ticket_id: str
    category: str | None
    before: str
    after: str
    csat: int | None
    handled_by: str | None
    triggers_before: tuple[str, ...]
    triggers_after: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """For `--json`."""
        return {
            "ticket_id": self.ticket_id,
            "category": self.category,
            "before": self.before,
            "after": self.after,
            "csat": self.csat,
            "handled_by": self.handled_by,
            "triggers_before": list(self.triggers_before),
            "triggers_after": list(self.triggers_after),
        }


@dataclass
class BacktestReport:
    """Routes by category and triggers fired, before and after, and the tickets that change."""

    current_version: int | None
    since: datetime | None
    tickets: int = 0
    skipped: int = 0
    routes_before: dict[str, Counter[str]] = field(default_factory=dict)
    routes_after: dict[str, Counter[str]] = field(default_factory=dict)
    triggers_before: Counter[str] = field(default_factory=Counter)
    triggers_after: Counter[str] = field(default_factory=Counter)
    newly_autonomous: list[Replayed] = field(default_factory=list)
    no_longer_autonomous: list[Replayed] = field(default_factory=list)
    changed: int = 0

    @property
    def newly_autonomous_csat(self) -> tuple[float | None, int]:
        """Mean CSAT the newly autonomous tickets actually got (as handled then), and how many answered."""
        scores = [r.csat for r in self.newly_autonomous if r.csat is not None]
        return (round(statistics.fmean(scores), 3) if scores else None, len(scores))

    def as_dict(self) -> dict[str, Any]:
        """For `--json`."""
        mean, n = self.newly_autonomous_csat
        categories = sorted(set(self.routes_before) | set(self.routes_after))
        return {
            "current_version": self.current_version,
            "since": self.since.isoformat() if self.since else None,
            "tickets": self.tickets,
            "skipped": self.skipped,
            "changed": self.changed,
            "routes": {
                c: {
                    "before": dict(self.routes_before.get(c, Counter())),
                    "after": dict(self.routes_after.get(c, Counter())),
                }
                for c in categories
            },
            "triggers": {"before": dict(self.triggers_before), "after": dict(self.triggers_after)},
            "newly_autonomous": {
                "count": len(self.newly_autonomous),
                "csat_mean": mean,
                "csat_n": n,
                "tickets": [r.as_dict() for r in self.newly_autonomous],
            },
            "no_longer_autonomous": {
                "count": len(self.no_longer_autonomous),
                "tickets": [r.as_dict() for r in self.no_longer_autonomous],
            },
        }


def as_arrived(row: Ticket) -> TicketIn | None:
    """A stored ticket as triage first saw it: its opening customer messages (None when it has none)."""
    opening: list[MessageIn] = []
    for m in row.messages:
        if m.role != "customer":
            break
        opening.append(MessageIn(role="customer", text=m.text, at=m.at))
    if not opening:
        return None
    customer = CustomerIn.model_validate(row.customer) if row.customer else None
    return TicketIn(
        id=row.id,
        messages=opening,
        channel=row.channel,
        created_at=row.created_at,
        subject=row.subject,
        customer=customer,
        order_id=row.order_id,
        issue_id=row.issue_id,
        ai_contacts_on_issue=row.ai_contacts_on_issue,
    )


def _batches(session: Session, since: datetime | None) -> Iterator[list[Ticket]]:
    return tickets_service.batches(session, since=since, size=BATCH)


def _reads_text_alike(a: Policy, b: Policy) -> bool:
    """Whether the analysis would come out the same under both (it reads keywords, entities, currency)."""
    return (a.keywords, a.entities, a.currency, a.thresholds.frustration) == (
        b.keywords,
        b.entities,
        b.currency,
        b.thresholds.frustration,
    )


def _tally(report: BacktestReport, side: str, d: Decision) -> None:
    routes = report.routes_before if side == "before" else report.routes_after
    triggers = report.triggers_before if side == "before" else report.triggers_after
    routes.setdefault(d.category or "(out of scope)", Counter())[d.route] += 1
    triggers.update(d.codes)


def backtest(
    session: Session,
    *,
    proposed: Policy,
    analyzer: Analyzer,
    since: datetime | None = None,
    caches: Callable[[Policy], AnalysisCache] | None = None,
) -> BacktestReport:
    """Replay every stored ticket (created since `since`) under the current policy and `proposed`.

    With `caches` (an analysis cache per policy reading), tickets read before under the same router and the
    same reading are not read again: a lead's second what-if on the same history takes seconds.
    """
    current = service.policy_in_force(session)
    cache_before = caches(current.policy) if caches else None
    cache_after = caches(proposed) if caches else None
    phases: Mapping[str, int] = service.phase_map(session)
    proposed_phases = {**phases, **proposed.phases}
    report = BacktestReport(current_version=current.version, since=since)
    same_reading = _reads_text_alike(current.policy, proposed)
    for rows in _batches(session, since):
        pairs = [(r, t) for r in rows if (t := as_arrived(r)) is not None]
        report.skipped += len(rows) - len(pairs)
        tickets = [t for _, t in pairs]
        if not tickets:
            continue
        before_analyses = _analyze(analyzer, cache_before, tickets, current.policy)
        after_analyses = (
            before_analyses if same_reading else _analyze(analyzer, cache_after, tickets, proposed)
        )
        facts = store_facts(session, tickets, before_analyses)
        for (row, ticket), a_before, a_after in zip(pairs, before_analyses, after_analyses, strict=True):
            ctx_before = context_for(ticket, a_before, facts=facts, phases=phases)
            ctx_after = context_for(ticket, a_after, facts=facts, phases=proposed_phases)
            before = decide(a_before, ctx_before, current.policy)
            after = decide(a_after, ctx_after, proposed)
            report.tickets += 1
            _tally(report, "before", before)
            _tally(report, "after", after)
            if before.route == after.route:
                continue
            report.changed += 1
            replayed = Replayed(
                ticket_id=row.id,
                category=after.category,
                before=before.route,
                after=after.route,
                csat=row.csat,
                handled_by=row.handled_by,
                triggers_before=before.codes,
                triggers_after=after.codes,
            )
            if after.route == "autonomous":
                report.newly_autonomous.append(replayed)
            elif before.route == "autonomous":
                report.no_longer_autonomous.append(replayed)
    for cache in {id(c): c for c in (cache_before, cache_after) if c is not None}.values():
        cache.save()
    return report


def _analyze(
    analyzer: Analyzer, cache: AnalysisCache | None, tickets: Sequence[TicketIn], policy: Policy
) -> Sequence[Analysis]:
    return cache.analyze(analyzer, tickets, policy) if cache is not None else analyzer(tickets, policy)
