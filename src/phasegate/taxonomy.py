"""The default category taxonomy of SPEC.md (the demo brand's; a brand can define its own)."""

from __future__ import annotations

#: Allowlist candidates: high volume, policy-driven, low emotional load, verifiable.
DEFLECTABLE: tuple[str, ...] = (
    "order_status",
    "return_request",
    "account_access",
    "return_policy",
    "product_question",
    "address_update",
)

#: Human by default.
HUMAN_BY_DEFAULT: tuple[str, ...] = (
    "refund_request",
    "refund_dispute",
    "damaged_item",
    "product_harm",
    "order_cancellation",
    "billing_issue",
    "warranty_claim",
    "complaint",
    "other",
)

CATEGORIES: tuple[str, ...] = DEFLECTABLE + HUMAN_BY_DEFAULT
