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

#: The catch-all category: what a ticket is when it is none of the others (never a second ask).
CATCH_ALL = "other"

#: Who handled a ticket (`tickets.handled_by`), the basis of every segment on the dashboard.
HANDLED_BY: dict[str, str] = {
    "human": "a human alone, no AI involved (phase 0, or before the rollout)",
    "ai_assisted": "a human with an AI brief (phase 1) or an AI draft (phase 2)",
    "ai": "the AI alone, end to end (phase 3)",
    "ai_escalated": "the AI engaged (phase 3), then handed to a human",
}
#: The pre-AI baseline segment is `human` tickets created before the category's first move out of phase 0
#: (its first `phase_changes` row with `to_phase >= 1`).
