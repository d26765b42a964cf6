"""Phrases that carry the escalation signals of SPEC.md, injected at realistic rates.

Each signal has its own pool so the world can record exactly which signals a ticket carries. Phrases are
written as customers write them: most are a sentence placed before or after the ask.
"""

from __future__ import annotations

#: Frustration: impatience, anger, repeated asks, shouting.
FRUSTRATION: tuple[str, ...] = (
    "This is ridiculous.",
    "I'm honestly so frustrated right now.",
    "Absolutely unacceptable.",
    "I've been more than patient.",
    "Seriously??",
    "What a joke.",
    "I am not happy.",
    "Why is this so hard?",
    "This is the worst experience I've had with an online store.",
    "I expect a lot better for what I paid.",
    "I'm losing my patience here.",
    "Nobody seems to care.",
    "I'm fed up.",
    "This is getting beyond annoying.",
    "Come on, guys.",
    "I can't believe I have to chase this.",
    "Frankly I'm disgusted with how this has gone.",
    "I'm so over this.",
    "Just fix it please, I'm exhausted.",
    "How hard can it be?!",
    "I've wasted hours on this already.",
    "Extremely disappointed.",
    "Ugh.",
    "This is a mess.",
    "Not impressed AT ALL.",
    "I'm really upset about this.",
    "I'm sick of getting the runaround.",
    "FIX THIS.",
    "I NEED AN ANSWER TODAY.",
    "WHY IS THIS STILL NOT SORTED",
    "Pathetic service.",
    "Every time I order from you something goes wrong.",
    "Do better.",
    "I'm done being polite about it.",
    "I'm furious.",
    "You people are impossible to deal with.",
)

#: Asking for a person (a frustration signal in SPEC's terms).
HUMAN_REQUEST: tuple[str, ...] = (
    "Can I please talk to a real person?",
    "I want to speak to a human, not a bot.",
    "Please don't send me another automated answer.",
    "Get me a manager.",
    "Is there an actual human reading this?",
    "agent please",
    "I'd like to speak with a supervisor.",
    "Can someone call me? I'm done typing.",
    "Please have a real person look at this.",
    "No more copy-paste replies please.",
)

#: Legal words: lawyer, attorney, sue, small claims.
LEGAL_THREAT: tuple[str, ...] = (
    "If this isn't resolved I will be contacting my lawyer.",
    "My attorney will be in touch.",
    "I'm prepared to take this to small claims court.",
    "I'll take legal action if I have to.",
    "I'm talking to a lawyer about this.",
    "Don't make me sue over a jacket.",
    "I know my consumer rights and I will use them, including legal action.",
    "I've already spoken to an attorney.",
    "Consider this a formal notice before I file a lawsuit.",
)

#: The word "review" as a threat.
REVIEW_THREAT: tuple[str, ...] = (
    "I'll be leaving a 1-star review.",
    "You can expect an honest review about this.",
    "I'm going to post a review on Trustpilot about this experience.",
    "My review will reflect how this was handled.",
    "Everyone is going to read about this in my review.",
    "I'm writing a review on every site I can find.",
    "Fix this or I'm leaving a review that warns people off.",
    "I had planned to leave a good review. Not anymore.",
    "I'll be sharing this in a Google review and on Reddit.",
)

#: Third-party claims: banks, card disputes, consumer bodies, insurers.
THIRD_PARTY_CLAIM: tuple[str, ...] = (
    "I've opened a dispute with my bank.",
    "If I don't hear back I'm doing a chargeback.",
    "My credit card company is already involved.",
    "I've filed a complaint with the Better Business Bureau.",
    "I'm going to file a PayPal dispute.",
    "My insurance company needs a letter from you about this.",
    "I've reported this to consumer protection.",
    "I'll have my bank reverse the charge.",
    "I already filed a claim with the carrier myself and they told me to contact you.",
    "I filed a police report about the stolen package, here's the number.",
)

#: Bereavement and distress: emotionally loaded, never for the AI alone.
EMOTIONAL_LOAD: tuple[str, ...] = (
    "My dad passed away last month and these were meant for his birthday.",
    "Sorry if I'm short, my wife died recently and I'm trying to sort out her orders.",
    "This was for my brother's memorial hike. He passed in the spring.",
    "I'm going through chemo right now and I just don't have the energy to deal with this.",
    "My mom is in hospice and I bought this to take her outside one last time.",
    "We lost our son this year and this trip was supposed to help us grieve.",
    "I'm grieving and honestly everything feels like too much right now.",
    "Please be patient with me, I've just had a miscarriage and I'm not in a good place.",
    "My husband's funeral is this week, so please bear with me.",
    "I'm really struggling lately and this on top of it is making me cry.",
)

#: Regulated topics: health and medical questions the brand does not answer.
REGULATED_TOPIC: tuple[str, ...] = (
    "I'm pregnant. Is it safe to use this around me?",
    "My doctor wants to know what chemicals are in the fabric, I have a skin condition.",
    "Can you give me medical advice on whether this will help my back pain?",
    "I have a prescription for compression garments, does this count?",
    "Will the merino cure my eczema like someone online said?",
)

#: Mentions of a repeated contact about the same issue.
REPEAT_CONTACT: tuple[str, ...] = (
    "This is my second time writing about this.",
    "I wrote on {weekday} and never heard back.",
    "Third message about the same thing.",
    "I already contacted you about this last week.",
    "Following up again.",
    "As I said in my last email,",
    "Still waiting on an answer to my previous message.",
    "I'm writing again because nothing has changed.",
    "Re-sending this since I didn't get a reply.",
    "Your colleague said this would be fixed by now.",
    "I've explained this twice already.",
)

#: A VIP customer reminding support who they are.
VIP_MENTION: tuple[str, ...] = (
    "I've spent thousands with you over the years.",
    "I've been a loyal customer since the beginning.",
    "I buy gear for my whole family from you.",
)

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
