"""Queries and persistence of the rollout: policy versions, phases and their history, kill switches,
and the decision audit log."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from phasegate.db.base import utcnow
from phasegate.policy import Decision, Policy, floors, parse_policy
from phasegate.policy.phases import Phase, as_phase
from phasegate.rollout.models import (
    NOT_LIVE_SOURCES,
    CategoryPhase,
    KillSwitch,
    KillSwitchEvent,
    PhaseChange,
    PolicyVersion,
)
from phasegate.rollout.models import Decision as DecisionRow
from phasegate.rollout.schemas import GLOBAL, ApplyResult, KillState, PhaseState, PolicyInForce
from phasegate.taxonomy import CATEGORIES

# -- policy versions ------------------------------------------------------------------------------------


def policy_digest(policy: Policy) -> str:
    """A digest of what the policy means (so re-applying a reformatted file is not a new version)."""
    canonical = json.dumps(policy.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def latest_policy_version(session: Session) -> PolicyVersion | None:
    """The version in force: the highest id."""
    return session.scalars(select(PolicyVersion).order_by(PolicyVersion.id.desc()).limit(1)).one_or_none()


def get_policy_version(session: Session, *, version: int) -> PolicyVersion | None:
    """One stored version by id."""
    return session.get(PolicyVersion, version)


def list_policy_versions(session: Session, *, limit: int = 50) -> list[PolicyVersion]:
    """Applied versions, newest first."""
    return list(session.scalars(select(PolicyVersion).order_by(PolicyVersion.id.desc()).limit(limit)))


def policy_in_force(session: Session) -> PolicyInForce:
    """The workspace's policy; the seed's defaults (version None) before any was applied."""
    row = latest_policy_version(session)
    if row is None:
        return PolicyInForce(version=None, policy=Policy())
    # Stored versions were validated when applied; parsing again keeps one code path for defaults.
    return PolicyInForce(version=row.id, policy=parse_policy(row.yaml))


def ensure_policy(session: Session, *, actor: str = "phasegate") -> PolicyInForce:
    """The policy in force, storing the seed's defaults as version 1 when none was ever applied.

    Decisions record the version they were made under, so there must be one before the first is stored.
    """
    current = policy_in_force(session)
    if current.version is not None:
        return current
    result = apply_policy(session, "", author=actor, reason="the seed's defaults (no policy applied yet)")
    return PolicyInForce(version=result.version, policy=Policy())


def apply_policy(
    session: Session,
    text: str,
    *,
    author: str | None,
    reason: str | None = None,
    accept_risk: str | None = None,
) -> ApplyResult:
    """Validate `text` and make it the policy in force; a PolicyError leaves the running one untouched.

    A policy below the safety floors (policy.floors) raises PolicyFloorError unless `accept_risk` gives a
    written reason, which is stored with the version (who and when are the version's author and time).

    Phases move only by evidence (`phase promote`) or demotion, so the file's phases (`phases`, else
    `default_phase`) seed the categories that have no phase yet (logged as kind "initial"); differences for
    the others are reported, not applied.
    """
    policy = parse_policy(text)  # raises before anything is written
    waived = floors.check(policy, accept_risk=accept_risk)
    digest = policy_digest(policy)
    current = latest_policy_version(session)
    state = phase_states(session)
    ignored = {c: (p, state[c].phase) for c, p in policy.phases.items() if c in state and state[c].phase != p}
    if current is not None and current.digest == digest:
        return ApplyResult(version=current.id, created=False, phases_ignored=ignored)
    row = PolicyVersion(author=author, reason=reason, yaml=text, digest=digest)
    if waived:
        row.risk_accepted = accept_risk
        row.floors_waived = [b.describe() for b in waived]
    session.add(row)
    session.flush()
    seeded: dict[str, int] = {}
    for category in sorted(known_categories(policy) - set(state)):
        change_phase(
            session,
            category=category,
            to_phase=policy.phase_of(category),
            actor=author or "phasegate",
            kind="initial",
            reason=f"initial phase from policy version {row.id}",
            evidence=None,
        )
        seeded[category] = policy.phase_of(category)
    return ApplyResult(version=row.id, created=True, seeded=seeded, phases_ignored=ignored)


def known_categories(policy: Policy) -> set[str]:
    """The default taxonomy plus every category the policy names."""
    return set(CATEGORIES) | set(policy.phases) | set(policy.allowlist) | set(policy.never_autonomous)


# -- phases ---------------------------------------------------------------------------------------------


def phase_states(session: Session) -> dict[str, PhaseState]:
    """Every category with a stored phase."""
    return {
        r.category: PhaseState(r.category, r.phase, r.since)
        for r in session.scalars(select(CategoryPhase).order_by(CategoryPhase.category))
    }


def stored_phase(session: Session, category: str | None) -> int | None:
    """The category's stored phase; None without a category or a stored phase."""
    row = session.get(CategoryPhase, category) if category else None
    return row.phase if row else None


def phase_map(session: Session) -> dict[str, int]:
    """Category -> phase, for the categories with a stored phase."""
    return {c: s.phase for c, s in phase_states(session).items()}


def change_phase(
    session: Session,
    *,
    category: str,
    to_phase: int,
    actor: str,
    kind: str,
    reason: str | None,
    evidence: dict[str, Any] | None,
    at: datetime | None = None,
) -> PhaseChange:
    """Move a category to `to_phase` and log who, when, why and the evidence at the time."""
    to_phase = int(as_phase(to_phase))  # a ValueError naming the allowed phases; stored as a plain int
    at = at or utcnow()
    row = session.get(CategoryPhase, category)
    from_phase = row.phase if row is not None else 0
    if row is None:
        row = CategoryPhase(category=category, phase=to_phase, since=at)
        session.add(row)
    else:
        row.phase = to_phase
        row.since = at
    change = PhaseChange(
        category=category,
        from_phase=from_phase,
        to_phase=to_phase,
        at=at,
        actor=actor,
        kind=kind,
        reason=reason,
        evidence=evidence,
    )
    session.add(change)
    session.flush()
    return change


def phase_history(session: Session, *, category: str | None = None, limit: int = 100) -> list[PhaseChange]:
    """Phase changes, newest first."""
    query = select(PhaseChange)
    if category:
        query = query.where(PhaseChange.category == category)
    return list(session.scalars(query.order_by(PhaseChange.at.desc(), PhaseChange.id.desc()).limit(limit)))


def first_ai_phase_at(session: Session, *, category: str) -> datetime | None:
    """When the category first left phase 0: the end of its pre-AI baseline."""
    return session.scalar(
        select(func.min(PhaseChange.at)).where(
            PhaseChange.category == category, PhaseChange.to_phase >= Phase.ASSIST
        )
    )


def last_phase_entry(session: Session, *, category: str, phase: int) -> datetime | None:
    """When the category last moved into `phase` (None: never)."""
    return session.scalar(
        select(func.max(PhaseChange.at)).where(
            PhaseChange.category == category, PhaseChange.to_phase == phase, PhaseChange.from_phase != phase
        )
    )


# -- kill switches --------------------------------------------------------------------------------------


def set_kill_switch(
    session: Session, *, on: bool, category: str | None = None, actor: str | None, reason: str
) -> KillSwitch:
    """Turn the global (category None) or a category's kill switch on or off, with an audit event."""
    if not reason.strip():
        raise ValueError("a kill switch change needs a reason")
    scope = category or GLOBAL
    at = utcnow()
    row = session.get(KillSwitch, scope)
    if row is None:
        row = KillSwitch(scope=scope)
        session.add(row)
    row.on, row.updated_at, row.actor, row.reason = on, at, actor, reason
    session.add(KillSwitchEvent(scope=scope, on=on, at=at, actor=actor, reason=reason))
    session.flush()
    return row


def kill_state(session: Session) -> KillState:
    """The switches that are on now."""
    rows = list(session.scalars(select(KillSwitch).where(KillSwitch.on.is_(True))))
    return KillState(
        global_on=any(r.scope == GLOBAL for r in rows),
        categories=frozenset(r.scope for r in rows if r.scope != GLOBAL),
        reasons={r.scope: r.reason for r in rows},
    )


def kill_switch_events(session: Session, *, limit: int = 50) -> list[KillSwitchEvent]:
    """The audit of switch flips, newest first."""
    return list(
        session.scalars(
            select(KillSwitchEvent)
            .order_by(KillSwitchEvent.at.desc(), KillSwitchEvent.id.desc())
            .limit(limit)
        )
    )


class KillSwitchWatch:
    """Reads the kill switches at most once per `ttl` seconds, so every process honours a flip within it.

    Each read opens its own short session: a long-lived one could keep seeing an old snapshot.
    """

    def __init__(self, sessions: sessionmaker[Session], *, ttl: float = 1.0) -> None:
        self._sessions = sessions
        self._ttl = ttl
        self._state = KillState()
        self._read_at: float | None = None

    def state(self) -> KillState:
        """The switches as of at most `ttl` seconds ago."""
        now = time.monotonic()
        if self._read_at is None or now - self._read_at >= self._ttl:
            with self._sessions() as session:
                self._state = kill_state(session)
            self._read_at = now
        return self._state


# -- decisions (the audit log) --------------------------------------------------------------------------


def store_decisions(
    session: Session,
    decisions: Iterable[Decision],
    *,
    policy_version: int | None,
    source: str = "triage",
) -> int:
    """Append decisions to the audit log with the policy version they were made under; returns the count."""
    rows = [
        {
            "ticket_id": d.ticket_id,
            "category": d.category,
            "confidence": d.confidence,
            "phase": d.phase,
            "route": d.route,
            "escalate": d.escalate,
            "triggers": [t.as_dict() for t in d.triggers],
            "entities": d.entities.as_dict(),
            "secondary": [[c, s] for c, s in d.secondary] or None,
            "policy_version": policy_version,
            "router_version": d.router_version,
            "source": source,
            "created_at": utcnow(),
            "control": d.control,
        }
        for d in decisions
    ]
    if rows:
        # One executemany: the audit log must not be what slows a triage run down.
        session.execute(insert(DecisionRow), rows)
    return len(rows)


def list_decisions(
    session: Session, *, ticket_id: str | None = None, limit: int = 100
) -> Sequence[DecisionRow]:
    """Stored decisions, newest first."""
    query = select(DecisionRow)
    if ticket_id:
        query = query.where(DecisionRow.ticket_id == ticket_id)
    return list(session.scalars(query.order_by(DecisionRow.id.desc()).limit(limit)))


def latest_live_decision(session: Session, *, ticket_id: str) -> DecisionRow | None:
    """The ticket's most recent live routing decision (backtests and replays left out)."""
    return session.scalars(
        select(DecisionRow)
        .where(DecisionRow.ticket_id == ticket_id, DecisionRow.source.not_in(NOT_LIVE_SOURCES))
        .order_by(DecisionRow.created_at.desc(), DecisionRow.id.desc())
        .limit(1)
    ).first()


def newest_decision(session: Session, *, ticket_id: str) -> DecisionRow | None:
    """The ticket's most recent stored decision of any source."""
    return session.scalars(
        select(DecisionRow)
        .where(DecisionRow.ticket_id == ticket_id)
        .order_by(DecisionRow.created_at.desc(), DecisionRow.id.desc())
    ).first()
