"""Plain values read out of the rollout tables: the policy in force, phase state, kill switches."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from phasegate.policy import Policy

#: The scope of the global kill switch in `kill_switches`.
GLOBAL = "*"


@dataclass(frozen=True)
class PolicyInForce:
    """The policy the workspace decides with, and its version (None before any was applied)."""

    version: int | None
    policy: Policy


@dataclass(frozen=True)
class ApplyResult:
    """What `apply_policy` did: the version in force, whether it is new, phases seeded or left alone."""

    version: int
    created: bool
    seeded: dict[str, int] = field(default_factory=dict)
    phases_ignored: dict[str, tuple[int, int]] = field(default_factory=dict)  # category -> (file, workspace)


@dataclass(frozen=True)
class PhaseState:
    """A category's phase now and since when."""

    category: str
    phase: int
    since: datetime | None


@dataclass(frozen=True)
class KillState:
    """Which kill switches are on: the global one and per category."""

    global_on: bool = False
    categories: frozenset[str] = frozenset()
    reasons: dict[str, str | None] = field(default_factory=dict)

    @property
    def any_on(self) -> bool:
        """Whether any switch is on."""
        return self.global_on or bool(self.categories)

    def as_dict(self) -> dict[str, Any]:
        """For `--json` output and the console."""
        return {"global": self.global_on, "categories": sorted(self.categories), "reasons": self.reasons}
