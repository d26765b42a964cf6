"""The control group: a stable, random share of phase-3-eligible tickets that humans handle instead.

Pure: a salted hash of the ticket id decides, so re-triaging a ticket never moves it between groups.
"""

from __future__ import annotations

import dataclasses
import hashlib

from phasegate.policy.decision import Decision
from phasegate.policy.schema import Policy

#: Hash values are read as integers in [0, 2**64): the share is compared against their fraction.
_SPACE = 2**64


def control_draw(ticket_id: str, salt: str) -> float:
    """The ticket's uniform draw in [0, 1): the first 8 bytes of SHA-256 of salt and id."""
    digest = hashlib.sha256(f"{salt}\x00{ticket_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / _SPACE


def in_control(ticket_id: str, policy: Policy) -> bool:
    """Whether a phase-3-eligible ticket belongs to the control group (humans handle it)."""
    if policy.control_share <= 0.0:
        return False
    return control_draw(ticket_id, policy.control_salt) < policy.control_share


def apply_control(decision: Decision, policy: Policy) -> Decision:
    """The decision with a control ticket routed to a human (no trigger: it is not an escalation)."""
    if decision.route != "autonomous" or not in_control(decision.ticket_id, policy):
        return decision
    return dataclasses.replace(decision, route="human", control=True)
