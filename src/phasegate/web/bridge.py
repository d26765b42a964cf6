"""The console's one point of contact with the rollout, assist and knowledge modules.

Pages call these functions only; each calls the owning module's service so the console never re-implements a
rule (promotion gates, the kill switch, the brief, KB gaps).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from phasegate.assist import flows as assist_flows
from phasegate.assist.schemas import Brief
from phasegate.knowledge import flows as knowledge_flows
from phasegate.knowledge.flows import GapReport
from phasegate.knowledge.models import Article
from phasegate.policy import PolicyError
from phasegate.rollout import service as rollout
from phasegate.rollout.flows import promotion
from phasegate.rollout.flows.evidence import latest_ticket_at
from phasegate.rollout.flows.promotion import GateStatus, PromotionRefused
from phasegate.rollout.models import KillSwitch, KillSwitchEvent, PhaseChange
from phasegate.rollout.schemas import GLOBAL
from phasegate.tickets.models import Ticket

#: The assist module's Jinja partial for the phase-1 brief.
BRIEF_PARTIAL = "partials/brief.html"
GLOBAL_SCOPE = GLOBAL


@dataclass(frozen=True)
class SwitchState:
    """A kill switch as the phases page shows it."""

    scope: str
    on: bool
    updated_at: datetime | None
    actor: str | None
    reason: str | None


def kill_switches(session: Session) -> dict[str, SwitchState]:
    """Every kill switch that was ever set, by scope (`*` is global)."""
    return {
        k.scope: SwitchState(k.scope, k.on, k.updated_at, k.actor, k.reason)
        for k in session.scalars(select(KillSwitch))
    }


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


def gate_statuses(session: Session) -> list[GateStatus]:
    """Every category's phase and the evidence for its next one, as `phasegate phase status` measures it."""
    return promotion.all_gate_status(session, policy=rollout.policy_in_force(session).policy)


@dataclass(frozen=True)
class Outcome:
    """What a lead's action did, in words, and whether it was done."""

    ok: bool
    message: str


def promote(session: Session, *, category: str, actor: str, reason: str, override: bool) -> Outcome:
    """Promote a category one phase through the rollout's gate; refused without evidence unless overridden."""
    policy = rollout.policy_in_force(session).policy
    try:
        move = promotion.promote(
            session, category=category, policy=policy, actor=actor, override=override, reason=reason or None
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


def kb_gaps(session: Session, *, home: Path, days: int = 28, category: str | None = None) -> GapsView:
    """What the help center could not back in the last `days` of tickets, clustered by the knowledge module.

    Read-only (`save=False`): opening a page does not rewrite the recorded KB hits.
    """
    if session.scalar(select(func.count()).select_from(Article)) == 0:
        return GapsView(
            None, None, "No help-center articles yet: ingest them with `phasegate kb ingest DIR`."
        )
    latest = latest_ticket_at(session)
    if latest is None:
        return GapsView(None, None, "No tickets yet.")
    since = latest - timedelta(days=days)
    report = knowledge_flows.gap_report(session, home, since=since, category=category, save=False)
    return GapsView(report, since)
