"""Customer phrasing: every framing per category and situation, how often each situation occurs.

The framings are hand-written text in `world/data/phrasing/*.txt`, exposed by `orders`, `returns`,
`products`, `accounts` and `misc`; the rest of the package adds the noise (`noise`), the escalation signals
(`signals`), subjects and second asks (`extras`).
"""

from __future__ import annotations

from phasegate.world.phrasing import accounts, misc, orders, products, returns
from phasegate.world.phrasing.render import GROUPS, Framing, build_registry
from phasegate.world.tables import table

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
SITUATION_WEIGHTS: dict[str, dict[str, float]] = table("phrasing/situations", "SITUATION_WEIGHTS")

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
