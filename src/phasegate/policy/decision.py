"""The values a decision is made of: what the workspace knows beyond the text, triggers, and the decision."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from phasegate.policy.phases import PHASES
from phasegate.policy.phases import Route as Route  # re-exported: callers import Route from here
from phasegate.policy.schema import Policy
from phasegate.triage.schemas import Entities

#: How much the AI does on its own, least first; monotonicity is stated in this order.
AUTONOMY: tuple[Route, ...] = tuple(info.route for info in PHASES.values())

#: SPEC.md's trigger codes, in the order decisions list them.
TRIGGER_CODES: tuple[str, ...] = (
    "low_confidence",
    "frustration",
    "regulated_topic",
    "vip",
    "repeated_ai_contact",
    "amount_threshold",
    "never_autonomous",
    "not_allowlisted",
    "phase_not_earned",
    "out_of_scope",
    "kill_switch",
)


def autonomy_rank(route: Route) -> int:
    """Position of a route in the autonomy order (human 0 ... autonomous 3)."""
    return AUTONOMY.index(route)


@dataclass(frozen=True)
class Trigger:
    """One escalation reason: a SPEC.md code and a sentence a person can read."""

    code: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        """The decision contract's `{"code", "detail"}` object."""
        return {"code": self.code, "detail": self.detail}


@dataclass(frozen=True)
class DecisionContext:
    """What the workspace knows about a ticket beyond its text.

    `phases` is the workspace's phase state (None: the policy's own `phases`, as in a what-if run);
    `kill_switch`/`killed` are switches thrown outside the policy file (global, per category);
    `order_value` is the value of the order the ticket is about, when the store knows it.
    """

    ticket_id: str = ""
    vip: bool = False
    ai_opt_in: bool = False
    ai_contacts_on_issue: int = 0
    order_value: Decimal | None = None
    phases: Mapping[str, int] | None = None
    kill_switch: bool = False
    killed: frozenset[str] = frozenset()

    def phase(self, category: str | None, policy: Policy) -> int:
        """The phase a category is in: the workspace's state when known, else the policy's; 0 if none."""
        if category is None:
            return 0
        if self.phases is not None and category in self.phases:
            return self.phases[category]
        return policy.phase_of(category)

    def killed_for(self, category: str | None, policy: Policy) -> bool:
        """Whether a kill switch (the policy's or one thrown in the workspace) covers this category."""
        if self.kill_switch or policy.killed(category):
            return True
        return category is not None and category in self.killed


@dataclass(frozen=True)
class Decision:
    """Where one ticket goes and why: SPEC.md's triage decision, plus what the audit log keeps."""

    ticket_id: str
    category: str | None
    confidence: float
    phase: int
    route: Route
    escalate: bool
    triggers: tuple[Trigger, ...]
    entities: Entities = field(default_factory=Entities)
    secondary: tuple[tuple[str, float], ...] = ()
    router_version: str | None = None
    control: bool = False  # phase-3 eligible, sent to a human as the control group (policy.control)

    @property
    def codes(self) -> tuple[str, ...]:
        """The trigger codes that fired, in SPEC.md order."""
        return tuple(t.code for t in self.triggers)

    def as_json(self) -> dict[str, Any]:
        """Exactly SPEC.md's decision object (the JSON Lines contract of `phasegate triage`).

        A control-group ticket adds `"control": true` after SPEC's keys; no other ticket carries the key.
        """
        out: dict[str, Any] = {
            "ticket_id": self.ticket_id,
            "category": self.category,
            "confidence": round(self.confidence, 4),
            "phase": self.phase,
            "route": self.route,
            "escalate": self.escalate,
            "triggers": [t.as_dict() for t in self.triggers],
            "entities": self.entities.as_dict(),
        }
        if self.control:
            out["control"] = True
        return out
