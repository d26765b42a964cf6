"""How customers ask about signing in and about charges."""

from __future__ import annotations

from phasegate.world.tables import blocks

ACCOUNT_ACCESS: dict[str, str] = blocks("phrasing/accounts", "ACCOUNT_ACCESS")

BILLING_ISSUE: dict[str, str] = blocks("phrasing/accounts", "BILLING_ISSUE")
