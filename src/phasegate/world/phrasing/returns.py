"""How customers ask to return or exchange, about the return policy, for refunds, and to dispute them."""

from __future__ import annotations

from phasegate.world.tables import blocks

RETURN_REQUEST: dict[str, str] = blocks("phrasing/returns", "RETURN_REQUEST")

RETURN_POLICY: dict[str, str] = blocks("phrasing/returns", "RETURN_POLICY")

REFUND_REQUEST: dict[str, str] = blocks("phrasing/returns", "REFUND_REQUEST")

REFUND_DISPUTE: dict[str, str] = blocks("phrasing/returns", "REFUND_DISPUTE")
