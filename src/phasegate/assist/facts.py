"""What the brief reads from the brand's policy facts (`phasegate.brand.BrandFacts` satisfies it).

Kept as a Protocol so the flags are pure functions of plain values, testable without a workspace.
"""

from __future__ import annotations

from typing import Protocol


class PolicyFacts(Protocol):
    """The brand rules a flag applies: return and damage windows, warranty terms, cut-offs."""

    @property
    def return_window_days(self) -> int: ...

    @property
    def member_return_window_days(self) -> int: ...

    @property
    def member_program(self) -> str: ...

    @property
    def return_window_starts(self) -> str: ...

    @property
    def address_change_cutoff(self) -> str: ...

    @property
    def damage_report_days(self) -> int: ...

    def warranty_for(self, kind: str | None) -> int:
        """Warranty months for a product kind."""
        ...
