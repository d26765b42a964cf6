"""What the brief reads from the brand's policy facts (`phasegate.brand.BrandFacts` satisfies it).

Kept as a Protocol so the flags are pure functions of plain values, testable without a workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


class PolicyFacts(Protocol):
    """The brand rules a flag applies: return and damage windows, warranty terms, cut-offs."""

    @property
    def return_window_days(self) -> int:
        """How many days a return is accepted, counted from `return_window_starts`."""
        ...

    @property
    def member_return_window_days(self) -> int:
        """The longer return window of loyalty-programme members, in days."""
        ...

    @property
    def member_program(self) -> str:
        """Name of the loyalty programme."""
        ...

    @property
    def return_window_starts(self) -> str:
        """The event the return window counts from: delivery or purchase."""
        ...

    @property
    def address_change_cutoff(self) -> str:
        """Until when a shipping address can still be changed."""
        ...

    @property
    def damage_report_days(self) -> int:
        """Days after delivery within which damage must be reported."""
        ...

    def warranty_for(self, kind: str | None) -> int:
        """Warranty months for a product kind."""
        ...


@dataclass(frozen=True)
class SimpleFacts:
    """Plain policy facts: for tests, and for a brand that states only these rules."""

    return_window_days: int = 30
    member_return_window_days: int = 60
    member_program: str = "members"
    return_window_starts: str = "delivery"
    address_change_cutoff: str = "before_shipment"
    damage_report_days: int = 14
    warranty_months: dict[str, int] = field(default_factory=dict)
    default_warranty_months: int = 12

    def warranty_for(self, kind: str | None) -> int:
        """Warranty months for a product kind (the default when the kind is not listed)."""
        return self.warranty_months.get(kind or "", self.default_warranty_months)


def load(home: Path) -> PolicyFacts:
    """The workspace's brand facts (`<home>/brand.yaml`, else the demo brand's defaults)."""
    from phasegate.brand import load_facts

    return load_facts(home)
