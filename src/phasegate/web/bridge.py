"""The console's one point of contact with the rollout, assist and knowledge modules.

Pages call these functions only; each calls the owning module's service so the console never re-implements a
rule (promotion gates, the kill switch, the brief, KB gaps).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from phasegate.assist import flows as assist_flows
from phasegate.assist import service as assist_service
from phasegate.assist.schemas import Brief
from phasegate.config import Settings
from phasegate.knowledge import flows as knowledge_flows
from phasegate.knowledge import service as knowledge_service
from phasegate.knowledge.flows import GapReport
from phasegate.metrics import service as metrics_service
from phasegate.metrics.sql import week_of, week_start
from phasegate.policy import PolicyError
from phasegate.rollout import service as rollout
from phasegate.rollout.flows import promotion
from phasegate.rollout.flows.evidence import Classify, latest_ticket_at
from phasegate.rollout.flows.promotion import GateStatus, PromotionRefused
from phasegate.rollout.models import KillSwitchEvent, PhaseChange
from phasegate.rollout.routing import RouterUnavailable, resolve_router, workspace_router_dir
from phasegate.rollout.schemas import GLOBAL
from phasegate.tickets.models import Ticket

if TYPE_CHECKING:  # scikit-learn loads only when a page measures eval precision
    from phasegate.scheduler.service import JobState
    from phasegate.triage.router import Router

#: The assist module's Jinja partial for the phase-1 brief.
BRIEF_PARTIAL = "partials/brief.html"
GLOBAL_SCOPE = GLOBAL


def killed(session: Session, category: str | None) -> bool:
    """Whether a kill switch (thrown in the console or set in the policy) stops AI drafts and sends here."""
    state = rollout.kill_state(session)
    policy = rollout.policy_in_force(session).policy
    return (
        state.global_on or (category is not None and category in state.categories) or policy.killed(category)
    )


def brief(session: Session, ticket: Ticket, *, home: Path) -> Brief | None:
    """The assist module's phase-1 brief of a ticket, for its partial; None when the ticket is gone."""
    try:
        return assist_flows.build(session, ticket_id=ticket.id, home=home)
    except assist_flows.TicketNotFound:
        return None


def brief_version(session: Session, ticket_id: str) -> tuple[object, ...] | None:
    """What the ticket's brief reads, as a cache key (None when the ticket is gone): the brief is built again
    when these inputs move, not on every write anywhere in the workspace."""
    return assist_service.inputs_version(session, ticket_id)


@dataclass(frozen=True)
class PolicyRow:
    """One applied policy version."""

    id: int
    created_at: datetime
    author: str | None
    reason: str | None
    yaml: str
    risk_accepted: str | None = None


def policy_history(session: Session, *, limit: int = 50) -> list[PolicyRow]:
    """Applied policy versions, newest (the one in force) first."""
    return [
        PolicyRow(r.id, r.created_at, r.author, r.reason, r.yaml, r.risk_accepted)
        for r in rollout.list_policy_versions(session, limit=limit)
    ]


_ROUTER_LOCK = threading.Lock()
_ROUTERS: dict[tuple[str, int], Router] = {}
#: Predictions per router version and text: eval items rarely change, so a page view re-classifies nothing.
_PREDICTIONS: dict[str, dict[str, tuple[str | None, float]]] = {}


def _router(settings: Settings) -> Router:
    """The workspace's router (else the bundled one), loaded once per process and again when retrained."""
    folder = workspace_router_dir(settings)
    key = (str(folder.resolve()), folder.stat().st_mtime_ns) if folder.is_dir() else ("bundled", 0)
    with _ROUTER_LOCK:
        if key not in _ROUTERS:
            _ROUTERS.clear()
            _ROUTERS[key] = resolve_router(None, settings)
        return _ROUTERS[key]


def router_version(settings: Settings) -> str | None:
    """The version of the router the gate evidence classifies with; None when none can be loaded."""
    try:
        return _router(settings).version
    except (RouterUnavailable, OSError):
        return None


def classifier(settings: Settings) -> Classify | None:
    """The router's classifier for eval precision, as `phasegate phase status` uses it, predictions cached per
    router version; None when no router can be loaded."""
    try:
        router = _router(settings)
    except (RouterUnavailable, OSError):
        return None
    memo = _PREDICTIONS.setdefault(router.version, {})

    def classify(texts: Sequence[str]) -> list[tuple[str | None, float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in memo]
        if missing:
            for text, p in zip(missing, router.predict(missing), strict=True):
                memo[text] = (p.category, p.confidence)
        return [memo[t] for t in texts]

    return classify


def gate_statuses(session: Session, settings: Settings | None = None) -> list[GateStatus]:
    """Every category's phase and the evidence for its next one, as `phasegate phase status` measures it
    (eval precision with the workspace's router, else the bundled one)."""
    classify = classifier(settings) if settings is not None else None
    return promotion.all_gate_status(
        session, policy=rollout.policy_in_force(session).policy, classify=classify
    )


@dataclass(frozen=True)
class Outcome:
    """What a lead's action did, in words, and whether it was done."""

    ok: bool
    message: str


def promote(
    session: Session,
    *,
    category: str,
    actor: str,
    reason: str,
    override: bool,
    settings: Settings | None = None,
) -> Outcome:
    """Promote a category one phase through the rollout's gate; refused without evidence unless overridden."""
    policy = rollout.policy_in_force(session).policy
    try:
        move = promotion.promote(
            session,
            category=category,
            policy=policy,
            actor=actor,
            override=override,
            reason=reason or None,
            classify=classifier(settings) if settings is not None else None,
        )
    except PromotionRefused as exc:
        return Outcome(False, f"Refused: {exc}")
    except ValueError as exc:
        return Outcome(False, str(exc))
    overridden = ", ".join(c.name for c in move.overridden)
    extra = f" (override of {overridden})" if overridden else ""
    return Outcome(True, f"{category} moved to phase {move.change.to_phase}{extra}.")


def demote(session: Session, *, category: str, actor: str, reason: str) -> Outcome:
    """Demote a category one phase through the rollout (needs only a reason)."""
    policy = rollout.policy_in_force(session).policy
    try:
        change = promotion.demote(session, category=category, policy=policy, actor=actor, reason=reason)
    except ValueError as exc:
        return Outcome(False, str(exc))
    return Outcome(True, f"{category} moved to phase {change.to_phase}.")


def set_kill_switch(session: Session, *, scope: str, on: bool, actor: str, reason: str) -> Outcome:
    """Throw or release the global (`*`) or a category's kill switch through the rollout."""
    try:
        rollout.set_kill_switch(
            session, on=on, category=None if scope == GLOBAL_SCOPE else scope, actor=actor, reason=reason
        )
    except ValueError as exc:
        return Outcome(False, str(exc))
    where = "everywhere" if scope == GLOBAL_SCOPE else f"for {scope}"
    verb = "on: no autonomous replies and no drafts" if on else "off"
    return Outcome(True, f"Kill switch {verb} {where}.")


def kill_switch_events(session: Session, *, limit: int = 20) -> list[KillSwitchEvent]:
    """The audit of switch flips, newest first."""
    return rollout.kill_switch_events(session, limit=limit)


def apply_policy(session: Session, *, text: str, actor: str, reason: str, accept_risk: str = "") -> Outcome:
    """Validate and apply a policy through the rollout; a broken one, or one below the safety floors without
    a written accepted risk, is refused and the running one kept."""
    try:
        result = rollout.apply_policy(
            session, text, author=actor, reason=reason or None, accept_risk=accept_risk.strip() or None
        )
    except PolicyError as exc:
        return Outcome(False, f"Refused, the policy in force is unchanged: {exc}")
    if not result.created:
        return Outcome(True, f"Same policy as version {result.version}: nothing changed.")
    ignored = ", ".join(f"{c} (file {f}, now {w})" for c, (f, w) in result.phases_ignored.items())
    note = f" Phases move only by promotion; not applied: {ignored}." if ignored else ""
    return Outcome(True, f"Policy version {result.version} is in force.{note}")


def phase_changes(session: Session, *, limit: int = 100) -> list[PhaseChange]:
    """Phase history, newest first."""
    return rollout.phase_history(session, limit=limit)


@dataclass(frozen=True)
class GapsView:
    """The KB gap report of recent tickets, or why there is none."""

    report: GapReport | None
    since: datetime | None
    note: str = ""
    #: (hits, checked) of the KB hit rate over the same whole weeks the dashboard's default window covers.
    kb: tuple[int, int] = (0, 0)
    kb_from: datetime | None = None
    kb_to: datetime | None = None


def kb_gaps(session: Session, *, home: Path, days: int = 28, category: str | None = None) -> GapsView:
    """What the help center could not back in the last `days` of tickets, clustered by the knowledge module.

    Read-only (`save=False`): opening a page does not rewrite the recorded KB hits.
    """
    latest = latest_ticket_at(session)
    if latest is None:
        return GapsView(None, None, "No tickets yet.")
    # The KB hit rate has one definition (metrics.service.kb_hits) and the dashboard's weeks: the last
    # `days // 7` whole weeks with tickets, so both pages show the same number for the same weeks.
    last = week_of(latest)
    start, end = week_start(last - max(1, days // 7) + 1), week_start(last + 1)
    kb = metrics_service.kb_hits(session, start=start, end=end, category=category)
    if knowledge_service.article_count(session) == 0:
        note = "No help-center articles yet: ingest them with `phasegate kb ingest DIR`."
        return GapsView(None, None, note, kb, start, end - timedelta(days=1))
    since = latest - timedelta(days=days)
    report = knowledge_flows.gap_report_cached(session, home, since=since, category=category)
    return GapsView(report, since, "", kb, start, end - timedelta(days=1))


def scheduled_jobs(session: Session) -> list[JobState]:
    """The recurring jobs with their last run (time, result, error) and when each is next due."""
    from phasegate.db.base import utcnow
    from phasegate.scheduler import service as scheduler
    from phasegate.scheduler.jobs import register_builtin
    from phasegate.scheduler.registry import registered

    register_builtin()
    return scheduler.states(session, every={j.name: j.every for j in registered()}, now=utcnow())
