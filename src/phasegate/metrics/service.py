"""The metric queries: one row of facts per ticket, summed per week x category x segment, in portable SQL.

The formulas are documented in docs/metrics.md; every choice below (which source wins, which tickets count)
is stated there too. Queries return additive sums; `stats.Stats` turns them into ratios.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
    Select,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from phasegate.drafts.models import Draft
from phasegate.metrics.models import CostEntry, CsatResponse, Resolution
from phasegate.metrics.sql import days_between, week_index
from phasegate.metrics.stats import Stats
from phasegate.policy.phases import Phase
from phasegate.rollout.models import NOT_LIVE_SOURCES, Decision, PhaseChange
from phasegate.tickets.models import Ticket

#: The CSAT scale; an answer outside it is not a CSAT answer and is left out.
CSAT_SCORES = (1, 2, 3, 4, 5)
CellKey = tuple[int, str, str]  # (week, category, segment)
NO_CATEGORY = "(none)"


@dataclass(frozen=True)
class MetricParams:
    """What the formulas are parameterised by."""

    hourly_rate: float = 32.0
    durable_days: float = 7.0


def first_rollout() -> Any:
    """Per category, when it first left phase 0: the end of its pre-AI baseline."""
    return (
        select(PhaseChange.category.label("category"), func.min(PhaseChange.at).label("at"))
        .where(PhaseChange.to_phase >= Phase.ASSIST)
        .group_by(PhaseChange.category)
        .subquery("first_rollout")
    )


def ticket_facts(params: MetricParams) -> Any:
    """One row per dated ticket: week, category, segment and the values every metric sums."""
    rollout = first_rollout()
    res = (
        select(
            Resolution.ticket_id.label("ticket_id"),
            func.count().label("n"),
            func.max(case((Resolution.reopened.is_(False), Resolution.resolved_at))).label("ok_at"),
        )
        .group_by(Resolution.ticket_id)
        .subquery("res")
    )
    amount = cast(CostEntry.amount, Float)
    costs = (
        select(
            CostEntry.ticket_id.label("ticket_id"),
            func.sum(case((CostEntry.kind == "agent_time", amount), else_=0.0)).label("agent"),
            func.sum(case((CostEntry.kind == "model", amount), else_=0.0)).label("model"),
            func.sum(case((CostEntry.kind == "per_resolution", amount), else_=0.0)).label("per_resolution"),
        )
        .where(CostEntry.ticket_id.is_not(None))
        .group_by(CostEntry.ticket_id)
        .subquery("costs")
    )
    ranked = select(
        CsatResponse.ticket_id.label("ticket_id"),
        CsatResponse.score.label("score"),
        func.row_number()
        .over(partition_by=CsatResponse.ticket_id, order_by=(CsatResponse.at.desc(), CsatResponse.id.desc()))
        .label("rn"),
    ).subquery("ranked_csat")
    latest_csat = select(ranked.c.ticket_id, ranked.c.score).where(ranked.c.rn == 1).subquery("csat")

    # A resolutions row is the system's own record and wins; the imported `resolved_at` label is the fallback.
    resolved_at = case((res.c.n > 0, res.c.ok_at), else_=Ticket.resolved_at)
    later = aliased(Ticket, name="later")
    came_back = (
        exists()
        .where(
            later.issue_id == Ticket.issue_id,
            later.id != Ticket.id,
            later.created_at > resolved_at,
            days_between(later.created_at, resolved_at) <= literal(params.durable_days, Float),
        )
        .correlate_except(later)
    )
    durable = case((and_(resolved_at.is_not(None), not_(came_back)), 1), else_=0)
    segment = _segment(rollout)
    # Handle time priced at the configured rate wins over recorded agent_time money, never both.
    agent_cost = case(
        (
            Ticket.handle_seconds.is_not(None),
            cast(Ticket.handle_seconds, Float) * literal(params.hourly_rate / 3600.0, Float),
        ),
        else_=func.coalesce(costs.c.agent, 0.0),
    )
    model_cost = func.coalesce(costs.c.model, 0.0)
    cost = agent_cost + model_cost + func.coalesce(costs.c.per_resolution, 0.0)
    first_response = case(
        (
            and_(Ticket.first_response_at.is_not(None), Ticket.first_response_at >= Ticket.created_at),
            days_between(Ticket.first_response_at, Ticket.created_at) * 24.0,
        )
    )
    return (
        select(
            Ticket.id.label("ticket_id"),
            week_index(Ticket.created_at).label("week"),
            func.coalesce(Ticket.category, NO_CATEGORY).label("category"),
            segment.label("segment"),
            durable.label("durable"),
            cost.label("cost"),
            model_cost.label("model_cost"),
            func.coalesce(latest_csat.c.score, Ticket.csat).label("csat"),
            case((Ticket.handled_by.in_(("ai", "ai_escalated")), 1), else_=0).label("engaged"),
            case((Ticket.handled_by == "ai_escalated", 1), else_=0).label("escalated"),
            case((and_(Ticket.handled_by == "ai", durable == 1), 1), else_=0).label("deflected"),
            first_response.label("first_response_hours"),
        )
        .select_from(Ticket)
        .outerjoin(rollout, rollout.c.category == Ticket.category)
        .outerjoin(res, res.c.ticket_id == Ticket.id)
        .outerjoin(costs, costs.c.ticket_id == Ticket.id)
        .outerjoin(latest_csat, latest_csat.c.ticket_id == Ticket.id)
        .where(Ticket.created_at.is_not(None))
        .subquery("facts")
    )


def ticket_keys() -> Any:
    """One row per dated ticket with only its week, category and segment: what drafts and decisions join on.

    Kept apart from `ticket_facts` so those joins do not recompute costs and durable resolutions.
    """
    rollout = first_rollout()
    return (
        select(
            Ticket.id.label("ticket_id"),
            week_index(Ticket.created_at).label("week"),
            func.coalesce(Ticket.category, NO_CATEGORY).label("category"),
            _segment(rollout).label("segment"),
        )
        .select_from(Ticket)
        .outerjoin(rollout, rollout.c.category == Ticket.category)
        .where(Ticket.created_at.is_not(None))
        .subquery("keys")
    )


def _segment(rollout: Any) -> ColumnElement[str]:
    return case(
        (Ticket.handled_by == "ai", "ai"),
        (Ticket.handled_by == "ai_escalated", "ai_escalated"),
        (Ticket.handled_by == "ai_assisted", "ai_assisted"),
        (
            and_(Ticket.handled_by == "human", rollout.c.at.is_not(None), Ticket.created_at < rollout.c.at),
            "baseline",
        ),
        (Ticket.handled_by == "human", "human"),
        else_="unlabelled",
    )


def _ticket_cells(facts: Any) -> Select[Any]:
    key = (facts.c.week, facts.c.category, facts.c.segment)
    return select(
        *key,
        func.count().label("volume"),
        func.sum(facts.c.durable).label("resolved"),
        func.sum(facts.c.cost).label("cost"),
        *(func.sum(case((facts.c.csat == k, 1), else_=0)).label(f"csat_{k}") for k in CSAT_SCORES),
        func.sum(facts.c.engaged).label("engaged"),
        func.sum(facts.c.escalated).label("escalated"),
        func.sum(facts.c.deflected).label("deflected"),
        func.count(facts.c.first_response_hours).label("first_response_n"),
        func.sum(facts.c.first_response_hours).label("first_response_hours"),
        func.sum(facts.c.model_cost).label("model_cost"),
    ).group_by(*key)


def _draft_cells(facts: Any) -> Select[Any]:
    key = (facts.c.week, facts.c.category, facts.c.segment)
    return (
        select(
            *key,
            func.count(Draft.edit_ratio).label("drafts_n"),
            func.sum(Draft.edit_ratio).label("edit_sum"),
            func.count(Draft.accepted).label("accepted_known"),
            func.sum(case((Draft.accepted.is_(True), 1), else_=0)).label("accepted_n"),
        )
        .select_from(Draft)
        .join(facts, facts.c.ticket_id == Draft.ticket_id)
        .where(Draft.sent_at.is_not(None) | Draft.edit_ratio.is_not(None))
        .group_by(*key)
    )


def _kb_cells(facts: Any) -> Select[Any]:
    key = (facts.c.week, facts.c.category, facts.c.segment)
    return (
        select(
            *key,
            func.count().label("kb_known"),
            func.sum(case((Decision.kb_hit.is_(True), 1), else_=0)).label("kb_hits"),
        )
        .select_from(Decision)
        .join(facts, facts.c.ticket_id == Decision.ticket_id)
        .where(*_kb_counted())
        .group_by(*key)
    )


def _kb_counted() -> tuple[ColumnElement[bool], ...]:
    """Which decisions the KB hit rate counts: live routing decisions whose KB check was recorded."""
    return (Decision.kb_hit.is_not(None), Decision.source.not_in(NOT_LIVE_SOURCES))


def kb_hits(
    session: Session,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    category: str | None = None,
) -> tuple[int, int]:
    """(hits, checked) behind the KB hit rate, the one definition both the dashboard and /kb/gaps show: of
    the live decisions with a recorded KB check on tickets created in [start, end), those that found a
    well-supported passage. The dashboard's cells count the same decisions (`_kb_counted`), week by week."""
    query = (
        select(func.count(), func.sum(case((Decision.kb_hit.is_(True), 1), else_=0)))
        .select_from(Decision)
        .join(Ticket, Ticket.id == Decision.ticket_id)
        .where(*_kb_counted(), Ticket.created_at.is_not(None))
    )
    if start is not None:
        query = query.where(Ticket.created_at >= start)
    if end is not None:
        query = query.where(Ticket.created_at < end)
    if category is not None:
        query = query.where(Ticket.category == category)
    checked, hits = session.execute(query).one()
    return int(hits or 0), int(checked or 0)


def _number(value: Any, kind: type[int] | type[float]) -> Any:
    # PostgreSQL returns Decimal for SUM over integers and numerics; normalise to plain Python numbers.
    return kind(value) if value is not None else kind(0)


def cells(session: Session, *, params: MetricParams) -> dict[CellKey, Stats]:
    """Every metric's sums for each week x category x segment that has tickets."""
    facts = ticket_facts(params)
    out: dict[CellKey, Stats] = {}

    def cell(row: Any) -> Stats:
        key = (int(row.week), str(row.category), str(row.segment))
        return out.setdefault(key, Stats())

    for row in session.execute(_ticket_cells(facts)):
        s = cell(row)
        s.volume = _number(row.volume, int)
        s.resolved = _number(row.resolved, int)
        s.cost = _number(row.cost, float)
        for k in CSAT_SCORES:
            setattr(s, f"csat_{k}", _number(getattr(row, f"csat_{k}"), int))
        s.engaged = _number(row.engaged, int)
        s.escalated = _number(row.escalated, int)
        s.deflected = _number(row.deflected, int)
        s.first_response_n = _number(row.first_response_n, int)
        s.first_response_hours = _number(row.first_response_hours, float)
        s.model_cost = _number(row.model_cost, float)
    keys = ticket_keys()
    for row in session.execute(_draft_cells(keys)):
        s = cell(row)
        s.drafts_n = _number(row.drafts_n, int)
        s.edit_sum = _number(row.edit_sum, float)
        s.accepted_known = _number(row.accepted_known, int)
        s.accepted_n = _number(row.accepted_n, int)
    for row in session.execute(_kb_cells(keys)):
        s = cell(row)
        s.kb_known = _number(row.kb_known, int)
        s.kb_hits = _number(row.kb_hits, int)
    return out


def is_durable(session: Session, *, params: MetricParams, ticket_id: str) -> bool:
    """Whether one ticket counts as durably resolved."""
    facts = ticket_facts(params)
    value: ColumnElement[Any] = facts.c.durable
    return bool(session.scalar(select(value).where(facts.c.ticket_id == ticket_id)))


def arm_facts(
    session: Session,
    *,
    params: MetricParams,
    start: datetime | None = None,
    end: datetime | None = None,
    category: str | None = None,
) -> list[tuple[Any, Any, Any, Any]]:
    """(control, cost, durable, csat) of the tickets created in [start, end) whose latest live decision put
    them in the control group or routed them autonomously (the two arms of the control comparison)."""
    ranked = (
        select(
            Decision.ticket_id.label("ticket_id"),
            Decision.route.label("route"),
            Decision.control.label("control"),
            func.row_number()
            .over(partition_by=Decision.ticket_id, order_by=(Decision.created_at.desc(), Decision.id.desc()))
            .label("rn"),
        )
        .where(Decision.source.not_in(NOT_LIVE_SOURCES))
        .subquery("ranked_decisions")
    )
    facts = ticket_facts(params)
    query = (
        select(ranked.c.control, facts.c.cost, facts.c.durable, facts.c.csat)
        .select_from(ranked)
        .join(facts, facts.c.ticket_id == ranked.c.ticket_id)
        .join(Ticket, Ticket.id == ranked.c.ticket_id)
        .where(ranked.c.rn == 1, or_(ranked.c.control.is_(True), ranked.c.route == "autonomous"))
    )
    if start is not None:
        query = query.where(Ticket.created_at >= start)
    if end is not None:
        query = query.where(Ticket.created_at < end)
    if category is not None:
        query = query.where(Ticket.category == category)
    return [(control, cost, durable, csat) for control, cost, durable, csat in session.execute(query)]
