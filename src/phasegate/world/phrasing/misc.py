"""How customers complain, and everything that fits no other category."""

from __future__ import annotations

from phasegate.world.tables import blocks

COMPLAINT: dict[str, str] = blocks("phrasing/misc", "COMPLAINT")

OTHER: dict[str, str] = blocks("phrasing/misc", "OTHER")
