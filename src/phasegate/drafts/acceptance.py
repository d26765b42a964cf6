"""When a sent draft counts as accepted: one cut-off for the console, the gates and the demo world."""

from __future__ import annotations

#: A draft sent with at most this edit ratio counts as accepted ("sent with no or light edits").
ACCEPT_AT = 0.2


def is_accepted(edit_ratio: float) -> bool:
    """Whether a draft sent with this edit ratio (0 as drafted, 1 rewritten) counts as accepted."""
    return edit_ratio <= ACCEPT_AT
