"""The escalation policy as data, and the pure decision: (analysis, context, policy) -> Decision.

Imports no web framework, database or network code (a test pins this).
"""

from phasegate.policy.decide import decide, route_for
from phasegate.policy.decision import (
    AUTONOMY,
    TRIGGER_CODES,
    Decision,
    DecisionContext,
    Route,
    Trigger,
    autonomy_rank,
)
from phasegate.policy.schema import Policy, PolicyError, dump_policy, parse_policy
from phasegate.policy.triggers import TRIGGERS, amounts_at_stake

__all__ = [
    "AUTONOMY",
    "TRIGGERS",
    "TRIGGER_CODES",
    "Decision",
    "DecisionContext",
    "Policy",
    "PolicyError",
    "Route",
    "Trigger",
    "amounts_at_stake",
    "autonomy_rank",
    "decide",
    "dump_policy",
    "parse_policy",
    "route_for",
]
