"""Subject lines, second requests in the same message, and what customers write back."""

from __future__ import annotations

from phasegate.world.tables import table

SUBJECTS: dict[str, tuple[str, ...]] = table("phrasing/extras", "SUBJECTS")

#: Generic subjects people use whatever they write about.
GENERIC_SUBJECTS: tuple[str, ...] = table("phrasing/extras", "GENERIC_SUBJECTS")

#: A second ask, added after the first in about one message in ten.
SECONDARY: dict[str, tuple[str, ...]] = table("phrasing/extras", "SECONDARY")

#: How the second ask is joined to the first.
JOINERS: tuple[str, ...] = table("phrasing/extras", "JOINERS")

#: Customer replies after an answer that worked.
THANKS: tuple[str, ...] = table("phrasing/extras", "THANKS")

#: Customer replies when something is still wrong.
STILL_WRONG: tuple[str, ...] = table("phrasing/extras", "STILL_WRONG")

#: What customers say when asked for their order number or email.
GIVE_DETAILS: tuple[str, ...] = table("phrasing/extras", "GIVE_DETAILS")
