"""How customers ask where their order is, to change its address, or to cancel it."""

from __future__ import annotations

from phasegate.world.tables import blocks

ORDER_STATUS: dict[str, str] = blocks("phrasing/orders", "ORDER_STATUS")

ADDRESS_UPDATE: dict[str, str] = blocks("phrasing/orders", "ADDRESS_UPDATE")

ORDER_CANCELLATION: dict[str, str] = blocks("phrasing/orders", "ORDER_CANCELLATION")
