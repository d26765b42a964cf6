"""The four rollout phases as one type, and the one table of their names and default routes.

An `IntEnum`, so stored values, policy YAML and the SPEC's JSON (`"phase": 3`) stay plain integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

Route = Literal["human", "assist", "draft", "autonomous"]


class Phase(IntEnum):
    """How far the AI goes in a category: off, read-only assist, drafts agents edit, autonomous replies."""

    OFF = 0
    ASSIST = 1
    SUGGEST = 2
    AUTONOMOUS = 3

    def __str__(self) -> str:
        """The bare number, as the CLI, templates and JSON always printed it."""
        return str(int(self))

    @property
    def label(self) -> str:
        """The phase's name in the CLI and console (off, assist, suggest, autonomous)."""
        return PHASES[self].label

    @property
    def route(self) -> Route:
        """The route a ticket of this phase gets when no trigger fired."""
        return PHASES[self].route

    @property
    def next(self) -> Phase | None:
        """The phase a promotion leads to; None at the top."""
        return None if self is Phase.AUTONOMOUS else Phase(self + 1)


@dataclass(frozen=True)
class PhaseInfo:
    """One row of the name table: what a phase is called and where its tickets go by default."""

    label: str
    route: Route


#: The one name table: every label or default route of a phase is read from here.
PHASES: dict[Phase, PhaseInfo] = {
    Phase.OFF: PhaseInfo("off", "human"),
    Phase.ASSIST: PhaseInfo("assist", "assist"),
    Phase.SUGGEST: PhaseInfo("suggest", "draft"),
    Phase.AUTONOMOUS: PhaseInfo("autonomous", "autonomous"),
}


def as_phase(value: int) -> Phase:
    """`value` as a Phase, or a ValueError naming the allowed values."""
    try:
        return Phase(value)
    except ValueError:
        raise ValueError(f"phase must be 0, 1, 2 or 3, got {value}") from None
