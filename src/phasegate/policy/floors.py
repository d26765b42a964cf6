"""Safety floors: policy settings that take away a protection the seed guarantees, refused unless whoever
applies the policy accepts the risk in writing (`--accept-risk "reason"`, kept with the policy version).

A floor is not a validation rule: a policy past a floor is well formed, and one applied with the risk accepted
keeps loading. The crisis signal (self-harm language) is not a floor: no policy field can reach it at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from phasegate.policy.schema import Policy, PolicyError

#: Categories that must never be on the autonomous allowlist without an accepted risk.
GUARDED_CATEGORIES = ("product_harm", "refund_dispute")
#: Keyword lists that must keep at least one word.
GUARDED_LISTS = ("legal_threat", "review_threat", "product_harm")
#: Money limits that must stay finite.
GUARDED_AMOUNTS = ("amount", "refund_dispute_amount")


@dataclass(frozen=True)
class Breach:
    """One floor a policy goes below: the field and why that matters."""

    field: str
    reason: str

    def describe(self) -> str:
        """`field: reason`, the form errors and the audit log use."""
        return f"{self.field}: {self.reason}"


class PolicyFloorError(PolicyError):
    """A well-formed policy that goes below a safety floor, applied without an accepted risk."""

    def __init__(self, breaches: tuple[Breach, ...]) -> None:
        self.breaches = breaches
        listed = "; ".join(b.describe() for b in breaches)
        super().__init__(
            f"below the safety floors: {listed} (to apply it anyway, accept the risk in writing: "
            '--accept-risk "reason")'
        )


def breaches(policy: Policy) -> tuple[Breach, ...]:
    """Every safety floor the policy goes below, in a fixed order; empty for the seed's defaults."""
    out: list[Breach] = []
    if not policy.never_autonomous:
        out.append(Breach("never_autonomous", "is empty: every category could be resolved by the AI alone"))
    for category in GUARDED_CATEGORIES:
        if category in policy.allowlist:
            out.append(
                Breach("allowlist", f"names {category}, which the seed keeps from autonomous handling")
            )
    for name in GUARDED_LISTS:
        words = [w for w in policy.keywords.get(name, ()) if w.strip() and not w.strip().startswith("!")]
        if not words:
            out.append(Breach(f"keywords.{name}", "is empty: that trigger could never fire"))
    for name in GUARDED_AMOUNTS:
        value = getattr(policy.thresholds, name)
        if not math.isfinite(value):
            out.append(Breach(f"thresholds.{name}", f"is {value}: no amount would ever count as too much"))
    return tuple(out)


def check(policy: Policy, *, accept_risk: str | None = None) -> tuple[Breach, ...]:
    """The floors the policy goes below, which `accept_risk` (a written reason) waives; raises
    PolicyFloorError when there are some and no reason was given."""
    found = breaches(policy)
    if found and not (accept_risk and accept_risk.strip()):
        raise PolicyFloorError(found)
    return found
