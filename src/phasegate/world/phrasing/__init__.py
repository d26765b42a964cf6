"""Customer phrasing: every framing per category and situation, how often each situation occurs.

The framings are hand-written, in `orders`, `returns`, `products`, `accounts` and `misc`; the rest of the
package adds the noise (`noise`), the escalation signals (`signals`), subjects and second asks (`extras`).
"""

from __future__ import annotations

from phasegate.world.phrasing import accounts, misc, orders, products, returns
from phasegate.world.phrasing.render import GROUPS, Framing, build_registry

_BLOCKS: dict[str, dict[str, str]] = {
    "order_status": orders.ORDER_STATUS,
    "address_update": orders.ADDRESS_UPDATE,
    "order_cancellation": orders.ORDER_CANCELLATION,
    "return_request": returns.RETURN_REQUEST,
    "return_policy": returns.RETURN_POLICY,
    "refund_request": returns.REFUND_REQUEST,
    "refund_dispute": returns.REFUND_DISPUTE,
    "product_question": products.PRODUCT_QUESTION,
    "damaged_item": products.DAMAGED_ITEM,
    "product_harm": products.PRODUCT_HARM,
    "warranty_claim": products.WARRANTY_CLAIM,
    "account_access": accounts.ACCOUNT_ACCESS,
    "billing_issue": accounts.BILLING_ISSUE,
    "complaint": misc.COMPLAINT,
    "other": misc.OTHER,
}

#: category -> situation -> its framings.
FRAMINGS: dict[str, dict[str, list[Framing]]] = {}
for _category, _blocks in _BLOCKS.items():
    FRAMINGS[_category] = {}
    for _f in build_registry(_category, _blocks):
        FRAMINGS[_category].setdefault(_f.situation, []).append(_f)

#: How often each situation of a category occurs (relative weights).
SITUATION_WEIGHTS: dict[str, dict[str, float]] = {
    "order_status": {
        "not_shipped": 0.13,
        "label_created": 0.09,
        "in_transit": 0.33,
        "late": 0.2,
        "delivered_missing": 0.1,
        "intl_customs": 0.03,
        "any": 0.12,
    },
    "address_update": {"before_ship": 0.68, "after_ship": 0.22, "account_address": 0.1},
    "order_cancellation": {"before_ship": 0.76, "after_ship": 0.24},
    "return_request": {
        "standard": 0.46,
        "exchange": 0.27,
        "label": 0.12,
        "late_window": 0.08,
        "final_sale": 0.07,
    },
    "return_policy": {
        "window": 0.36,
        "member": 0.12,
        "final_sale": 0.12,
        "worn": 0.14,
        "footwear": 0.07,
        "international": 0.06,
        "exceptions": 0.13,
    },
    "refund_request": {
        "return_pending": 0.45,
        "cancelled": 0.12,
        "price_adjustment": 0.15,
        "promo_missed": 0.08,
        "refund_instead": 0.12,
        "shipping_refund": 0.08,
    },
    "refund_dispute": {
        "short_refund": 0.3,
        "denied": 0.25,
        "never_received": 0.2,
        "return_lost": 0.1,
        "charge_dispute": 0.15,
    },
    "product_question": {
        "sizing": 0.2,
        "waterproof": 0.1,
        "warmth": 0.1,
        "weight": 0.05,
        "capacity": 0.07,
        "dishwasher": 0.05,
        "care": 0.07,
        "battery": 0.04,
        "fuel": 0.03,
        "materials": 0.05,
        "compare": 0.06,
        "use_case": 0.08,
        "stock": 0.05,
        "general": 0.05,
    },
    "damaged_item": {"shipping_damage": 0.35, "defective": 0.35, "wrong_item": 0.18, "missing_item": 0.12},
    "product_harm": {"stove": 0.3, "electrical": 0.2, "skin": 0.15, "structural": 0.25, "other": 0.1},
    "warranty_claim": {"leak": 0.3, "zipper": 0.25, "structure": 0.3, "process": 0.15},
    "account_access": {
        "forgot_password": 0.3,
        "no_email": 0.18,
        "link_expired": 0.1,
        "locked": 0.12,
        "wrong_email": 0.08,
        "guest": 0.1,
        "login_error": 0.09,
        "security": 0.03,
    },
    "billing_issue": {
        "double_charge": 0.22,
        "pending_after_cancel": 0.1,
        "promo_issue": 0.2,
        "wrong_amount": 0.15,
        "payment_failed": 0.1,
        "foreign_fee": 0.05,
        "receipt": 0.08,
        "gift_card": 0.1,
    },
    "complaint": {
        "service": 0.3,
        "quality": 0.2,
        "shipping": 0.15,
        "policy": 0.12,
        "marketing": 0.08,
        "website": 0.05,
        "general": 0.1,
    },
    "other": {
        "business": 0.15,
        "stores": 0.12,
        "brand": 0.18,
        "feedback": 0.15,
        "misc": 0.15,
        "team_orders": 0.12,
        "gift_cards": 0.13,
    },
}

#: Product kinds a situation is about when its framing does not say.
SITUATION_KINDS: dict[tuple[str, str], tuple[str, ...]] = {
    **{("product_question", topic): kinds for topic, kinds in products.TOPIC_KINDS.items()},
    ("product_harm", "stove"): ("stove",),
    ("product_harm", "electrical"): ("headlamp", "lantern"),
    ("product_harm", "skin"): ("base_layer", "shirt", "fleece", "socks"),
    ("product_harm", "structural"): ("backpack", "daypack", "trekking_poles", "tent", "boots"),
    ("product_harm", "other"): ("bottle", "mug", "stove", "tent"),
    ("warranty_claim", "leak"): ("rain_jacket", "pants", "tent", "boots"),
    ("warranty_claim", "zipper"): GROUPS["zippered"],
    ("warranty_claim", "structure"): (
        "tent",
        "boots",
        "backpack",
        "bottle",
        "headlamp",
        "stove",
        "insulated_jacket",
        "trekking_poles",
    ),
}

#: Situations that no help-center article answers (see helpcenter.UNCOVERED_TOPICS).
KB_GAPS: dict[tuple[str, str], str] = {
    ("billing_issue", "gift_card"): "gift_cards",
    ("other", "gift_cards"): "gift_cards",
    ("other", "team_orders"): "team_orders",
    ("product_question", "stock"): "preorders",
}


def framing_counts() -> dict[str, int]:
    """How many distinct framings each category has."""
    return {c: sum(len(v) for v in by_sit.values()) for c, by_sit in FRAMINGS.items()}
