"""Tables of the rollout: policy versions, phases, kill switches and the decision audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from phasegate.db.base import Base, utcnow


class PolicyVersion(Base):
    """One applied policy (the YAML as written); the highest active id is in force."""

    __tablename__ = "policy_versions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    author: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)
    yaml: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    #: The written reason given to apply a policy below the safety floors (policy.floors), and which ones.
    risk_accepted: Mapped[str | None] = mapped_column(Text)
    floors_waived: Mapped[list[Any] | None]


class CategoryPhase(Base):
    """The phase (0-3) a category is in now."""

    __tablename__ = "category_phases"

    category: Mapped[str] = mapped_column(String(60), primary_key=True)
    phase: Mapped[int] = mapped_column(default=0)
    since: Mapped[datetime] = mapped_column(default=utcnow)


class PhaseChange(Base):
    """One change of a category's phase: who, when, why, and the evidence at the time."""

    __tablename__ = "phase_changes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    category: Mapped[str] = mapped_column(String(60), index=True)
    from_phase: Mapped[int]
    to_phase: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))  # promote | demote | override | auto_demote | initial
    reason: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[dict[str, Any] | None]


class KillSwitch(Base):
    """A kill switch: scope `*` is global, otherwise a category."""

    __tablename__ = "kill_switches"

    scope: Mapped[str] = mapped_column(String(60), primary_key=True)
    on: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)


class KillSwitchEvent(Base):
    """Audit of every flip of a kill switch."""

    __tablename__ = "kill_switch_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(60))
    on: Mapped[bool]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)


class Decision(Base):
    """The audit log: every triage/route decision with its triggers and the policy version it used."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    category: Mapped[str | None] = mapped_column(String(60))
    confidence: Mapped[float | None]
    phase: Mapped[int]
    route: Mapped[str] = mapped_column(String(20))
    escalate: Mapped[bool]
    triggers: Mapped[list[Any]]
    entities: Mapped[dict[str, Any] | None]
    secondary: Mapped[list[Any] | None]
    policy_version: Mapped[int | None]
    router_version: Mapped[str | None] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(20), default="triage")  # triage | intake | backtest | sim
    kb_hit: Mapped[bool | None]
    # Phase-3 eligible but sent to a human as the control group (policy `control_share`).
    control: Mapped[bool] = mapped_column(default=False, server_default=false())


#: Decision sources that are not live routing (what-if backtests, simulations): metrics, the inbox and the
#: reply flow read live decisions only.
NOT_LIVE_SOURCES = ("backtest", "sim")

Index("ix_decisions_ticket_created", Decision.ticket_id, Decision.created_at)
