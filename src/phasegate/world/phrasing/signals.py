"""Phrases that carry the escalation signals of SPEC.md, injected at realistic rates.

Each signal has its own pool so the world can record exactly which signals a ticket carries. Phrases are
written as customers write them: most are a sentence placed before or after the ask.
"""

from __future__ import annotations

from phasegate.world.tables import table

#: Frustration: impatience, anger, repeated asks, shouting.
FRUSTRATION: tuple[str, ...] = table("phrasing/signals", "FRUSTRATION")

#: Asking for a person (a frustration signal in SPEC's terms).
HUMAN_REQUEST: tuple[str, ...] = table("phrasing/signals", "HUMAN_REQUEST")

#: Legal words: lawyer, attorney, sue, small claims.
LEGAL_THREAT: tuple[str, ...] = table("phrasing/signals", "LEGAL_THREAT")

#: The word "review" as a threat.
REVIEW_THREAT: tuple[str, ...] = table("phrasing/signals", "REVIEW_THREAT")

#: Third-party claims: banks, card disputes, consumer bodies, insurers.
THIRD_PARTY_CLAIM: tuple[str, ...] = table("phrasing/signals", "THIRD_PARTY_CLAIM")

#: Bereavement and distress: emotionally loaded, never for the AI alone.
EMOTIONAL_LOAD: tuple[str, ...] = table("phrasing/signals", "EMOTIONAL_LOAD")

#: Regulated topics: health and medical questions the brand does not answer.
REGULATED_TOPIC: tuple[str, ...] = table("phrasing/signals", "REGULATED_TOPIC")

#: Mentions of a repeated contact about the same issue.
REPEAT_CONTACT: tuple[str, ...] = table("phrasing/signals", "REPEAT_CONTACT")

#: A VIP customer reminding support who they are.
VIP_MENTION: tuple[str, ...] = table("phrasing/signals", "VIP_MENTION")

POOLS: dict[str, tuple[str, ...]] = {
    "frustration": FRUSTRATION,
    "human_request": HUMAN_REQUEST,
    "legal_threat": LEGAL_THREAT,
    "review_threat": REVIEW_THREAT,
    "third_party_claim": THIRD_PARTY_CLAIM,
    "emotional_load": EMOTIONAL_LOAD,
    "regulated_topic": REGULATED_TOPIC,
    "repeat_contact": REPEAT_CONTACT,
    "vip_mention": VIP_MENTION,
}

#: Share of tickets that get each injected signal, before the per-category lift below.
BASE_RATES: dict[str, float] = {
    "frustration": 0.07,
    "human_request": 0.03,
    "legal_threat": 0.008,
    "review_threat": 0.018,
    "third_party_claim": 0.009,
    "emotional_load": 0.008,
    "regulated_topic": 0.004,
}

#: Categories where a signal is more (or less) likely than the base rate.
LIFT: dict[str, dict[str, float]] = {
    "frustration": {
        "complaint": 4.0,
        "refund_dispute": 3.5,
        "order_status": 1.3,
        "damaged_item": 1.6,
        "billing_issue": 1.5,
        "product_question": 0.2,
        "return_policy": 0.4,
        "other": 0.3,
    },
    "human_request": {
        "complaint": 2.5,
        "refund_dispute": 2.0,
        "account_access": 1.2,
        "product_question": 0.3,
    },
    "legal_threat": {
        "refund_dispute": 5.0,
        "product_harm": 8.0,
        "complaint": 3.0,
        "damaged_item": 1.5,
        "product_question": 0.1,
        "return_policy": 0.2,
    },
    "review_threat": {"complaint": 4.0, "refund_dispute": 3.0, "damaged_item": 1.5, "product_question": 0.1},
    "third_party_claim": {
        "refund_dispute": 8.0,
        "billing_issue": 4.0,
        "product_harm": 3.0,
        "order_status": 0.8,
        "product_question": 0.0,
        "return_policy": 0.0,
        "account_access": 0.2,
    },
    "emotional_load": {
        "order_cancellation": 3.0,
        "return_request": 1.5,
        "refund_request": 1.5,
        "product_question": 0.3,
    },
    "regulated_topic": {"product_question": 3.0, "product_harm": 4.0, "order_status": 0.0},
}
