"""The console's own reads that serve no single product package: database reachability, the stored totals
behind `/metrics`, and the data version the page caches key on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from phasegate.aftercare.models import ReviewItem
from phasegate.drafts.models import Draft
from phasegate.evals.models import EvalItem
from phasegate.knowledge.models import Article, ArticleVersion
from phasegate.metrics.models import CostEntry, CsatResponse, Resolution
from phasegate.rollout.models import CategoryPhase, Decision, KillSwitch, PhaseChange, PolicyVersion
from phasegate.store.models import Customer, Order, Product, Refund, Return, ShipmentEvent
from phasegate.tickets.models import Message, Ticket


def ping(session: Session) -> None:
    """One round trip to the database; raises when it cannot be reached."""
    session.execute(text("SELECT 1"))


@dataclass(frozen=True)
class StoredTotals:
    """Counts of what is stored, by label: what `/metrics` exposes as gauges."""

    routes: list[tuple[Any, int]]
    triggers: list[tuple[str, int]]
    drafts: list[tuple[Any, int]]
    tickets: list[tuple[Any, int]]
    switches: list[tuple[Any, bool]]


def trigger_counts(session: Session) -> Iterable[tuple[str, int]]:
    """How many stored decisions carry each trigger code (the JSON list unrolled in SQL)."""
    if session.get_bind().dialect.name == "postgresql":
        query = text(
            "SELECT t->>'code' AS code, count(*) FROM decisions, json_array_elements(decisions.triggers) t "
            "GROUP BY 1"
        )
    else:
        query = text(
            "SELECT json_extract(t.value, '$.code') AS code, count(*) FROM decisions, "
            "json_each(decisions.triggers) t GROUP BY 1"
        )
    return [(str(code), int(n)) for code, n in session.execute(query) if code is not None]


def stored_totals(session: Session) -> StoredTotals:
    """Decisions by route and by trigger code, drafts by state, tickets by status, the kill switches."""
    draft_state = case(
        (Draft.sent_at.is_(None), "pending"),
        (Draft.accepted.is_(True), "sent_accepted"),
        else_="sent_edited",
    )
    return StoredTotals(
        routes=[
            (r, int(n))
            for r, n in session.execute(select(Decision.route, func.count()).group_by(Decision.route))
        ],
        triggers=list(trigger_counts(session)),
        drafts=[
            (s, int(n)) for s, n in session.execute(select(draft_state, func.count()).group_by(draft_state))
        ],
        tickets=[
            (s, int(n))
            for s, n in session.execute(select(Ticket.status, func.count()).group_by(Ticket.status))
        ],
        switches=[(s, bool(on)) for s, on in session.execute(select(KillSwitch.scope, KillSwitch.on))],
    )


def _signature_columns() -> list[Any]:
    """(table, aggregate) pairs whose values move whenever the report's inputs do."""
    per_table: list[tuple[Any, list[Any]]] = [
        (
            Ticket,
            [
                func.count(),
                func.max(Ticket.imported_at),
                func.count(Ticket.resolved_at),
                func.count(Ticket.first_response_at),
                func.sum(func.coalesce(Ticket.handle_seconds, 0) + func.coalesce(Ticket.csat, 0)),
            ],
        ),
        (Message, [func.count(), func.max(Message.id)]),
        (Decision, [func.count(), func.max(Decision.id)]),
        (
            Draft,
            [
                func.count(),
                func.max(Draft.id),
                func.count(Draft.sent_at),
                func.count(Draft.accepted),
                func.sum(func.coalesce(Draft.edit_ratio, 0)),
            ],
        ),
        (Resolution, [func.count(), func.max(Resolution.id)]),
        (CsatResponse, [func.count(), func.max(CsatResponse.id)]),
        (CostEntry, [func.count(), func.max(CostEntry.id)]),
        (PolicyVersion, [func.max(PolicyVersion.id)]),
        (PhaseChange, [func.count(), func.max(PhaseChange.id)]),
        (CategoryPhase, [func.count(), func.max(CategoryPhase.since)]),
        (Article, [func.count(), func.sum(Article.current_version)]),
        (ArticleVersion, [func.count()]),
        # The gate evidence reads these: graded eval items, sampled-review verdicts.
        (EvalItem, [func.count(), func.max(EvalItem.id), func.count(EvalItem.grade)]),
        (ReviewItem, [func.count(), func.max(ReviewItem.id), func.count(ReviewItem.verdict)]),
        # The brief reads these: the kill switches, the customer's account and orders, the catalog.
        (KillSwitch, [func.count(), func.max(KillSwitch.updated_at)]),
        (Customer, [func.count()]),
        (Order, [func.count()]),
        (ShipmentEvent, [func.count()]),
        (Return, [func.count()]),
        (Refund, [func.count()]),
        (Product, [func.count()]),
    ]
    return [
        select(agg).select_from(table).scalar_subquery().label(f"v{i}_{j}")
        for i, (table, aggs) in enumerate(per_table)
        for j, agg in enumerate(aggs)
    ]


def data_version(session: Session) -> tuple[Any, ...]:
    """A signature that changes whenever the report's inputs do (one round trip)."""
    return tuple(session.execute(select(*_signature_columns())).one())


def warm_candidates(session: Session, limit: int) -> list[str]:
    """Ticket ids whose briefs are worth building ahead: open ones newest first, then the newest others."""
    is_open = case((Ticket.status == "resolved", 1), else_=0)
    query = select(Ticket.id).order_by(is_open, Ticket.created_at.desc().nulls_last(), Ticket.id).limit(limit)
    return list(session.scalars(query))
