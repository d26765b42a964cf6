"""The numbers of each ticket's outcome: handle time, CSAT, costs and how agents edit drafts.

The world's effects (docs/demo-world.md) come from simulated behaviour, never from the product's output:
handle time falls in phase 2; in `return_request` agents stop editing the product's drafts, so handle time
(and cost) keeps falling, and customers whose reply lacked what they needed rate it low (`bad_answer`).
"""

from __future__ import annotations

import difflib
import random
import re
from decimal import Decimal

#: Mean agent handle time per ticket (seconds) before any AI.
HANDLE_BASE: dict[str, float] = {
    "order_status": 250,
    "return_request": 370,
    "return_policy": 210,
    "product_question": 400,
    "account_access": 230,
    "address_update": 250,
    "refund_request": 410,
    "refund_dispute": 820,
    "damaged_item": 520,
    "product_harm": 1450,
    "order_cancellation": 270,
    "billing_issue": 460,
    "warranty_claim": 640,
    "complaint": 760,
    "other": 290,
}
#: Mean CSAT (1-5) per category with a human and no AI.
CSAT_BASE: dict[str, float] = {
    "order_status": 4.35,
    "return_request": 4.3,
    "return_policy": 4.45,
    "product_question": 4.55,
    "account_access": 4.4,
    "address_update": 4.35,
    "refund_request": 4.0,
    "refund_dispute": 3.2,
    "damaged_item": 3.85,
    "product_harm": 3.4,
    "order_cancellation": 4.15,
    "billing_issue": 3.95,
    "warranty_claim": 3.9,
    "complaint": 3.0,
    "other": 4.2,
}
SIGNAL_CSAT: dict[str, float] = {
    "frustration": -0.55,
    "human_request": -0.3,
    "repeat_contact": -0.45,
    "legal_threat": -0.8,
    "review_threat": -0.6,
    "third_party_claim": -0.7,
    "emotional_load": -0.15,
}
SIGNAL_TIME: dict[str, float] = {
    "frustration": 1.3,
    "human_request": 1.15,
    "legal_threat": 1.5,
    "review_threat": 1.25,
    "third_party_claim": 1.5,
    "emotional_load": 1.4,
    "repeat_contact": 1.2,
    "regulated_topic": 1.3,
}
#: Share of tickets whose customer answers the CSAT survey.
CSAT_RESPONSE = 0.25
#: A rubber-stamping trend: from this week, agents accept `return_request` drafts with fewer and fewer edits.
RUBBER_STAMP_FROM = 31
#: Edit targets below this send the draft untouched (the agent rubber-stamps it).
RUBBER_STAMP = 0.04
#: From this week (the Last Chance clearance) the AI answers return exceptions with the standard window.

FOUR = Decimal("0.0001")


def handle_seconds(
    rng: random.Random,
    *,
    category: str,
    agent_turns: int,
    signals: list[str],
    handled_by: str,
    phase: int,
    edit_ratio: float | None,
) -> int:
    """Agent time on a ticket: category base, turns, signals, and what the AI took off the agent's plate."""
    if handled_by == "ai":
        return 0
    t = HANDLE_BASE[category] * rng.lognormvariate(0, 0.42)
    t *= 1 + 0.38 * max(0, agent_turns - 1)
    for s in signals:
        t *= SIGNAL_TIME.get(s, 1.0)
    if handled_by == "ai_assisted" and phase == 1:
        t *= 0.88  # the brief saves the look-ups
    elif handled_by == "ai_assisted" and phase == 2 and edit_ratio is not None:
        t *= 0.34 + 0.62 * edit_ratio  # editing instead of writing; heavy edits approach writing time
    elif handled_by == "ai_escalated":
        t *= 0.78  # the hand-off carries the context
    return max(25, round(t))


def edit_ratio_target(rng: random.Random, *, category: str, week: int, weeks_in_phase: int) -> float:
    """How much an agent rewrites a draft: drafts improve, and return_request drafts get rubber-stamped."""
    # targets, not measured ratios: `edit` lands at roughly 0.6x the target for mid-range edits
    start, floor = 0.55, 0.28
    mean = max(floor, start - 0.025 * weeks_in_phase)
    if category == "return_request" and week >= RUBBER_STAMP_FROM:
        mean = max(0.02, 0.25 - 0.045 * (week - RUBBER_STAMP_FROM + 1))
    return min(1.0, max(0.0, rng.gauss(mean, 0.15 if mean > 0.1 else 0.03)))


def csat_mean(
    *,
    category: str,
    handled_by: str,
    phase: int,
    week: int,
    signals: list[str],
    bad_answer: bool,
    slow_first_response: bool,
    extra_turns: int,
) -> float:
    """The expected CSAT of a ticket, with every effect the world seeds."""
    m = CSAT_BASE[category]
    for s in signals:
        m += SIGNAL_CSAT.get(s, 0.0)
    if slow_first_response:
        m -= 0.25
    m -= 0.1 * max(0, extra_turns)
    if handled_by == "ai_assisted" and phase == 1:
        m += 0.04
    if handled_by == "ai":
        m -= 0.05
    if handled_by == "ai_escalated":
        m -= 0.35
    if bad_answer:
        m -= 2.0
    return m


def csat_score(rng: random.Random, mean: float) -> int:
    """A 1-5 answer around `mean`."""
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def edit(rng: random.Random, draft: str, human: str, target: float) -> tuple[str, float]:
    """What an agent sends given the AI's draft and what they would have written: (text, edit ratio).

    Light edits swap the greeting and rephrase a sentence or two; heavy ones send the agent's own reply,
    reworded. The ratio is measured on the texts (1 - word-level similarity), not assumed.
    """
    if target < RUBBER_STAMP:
        sent = draft
    elif target > 0.55:
        sent = paraphrase(human, rng, 0.9)
    else:
        paragraphs = draft.split("\n\n")
        own = human.split("\n\n")
        if len(paragraphs) > 2 and len(own) > 2:
            if rng.random() < target * 3:
                paragraphs[0] = own[0]  # the agent's own greeting
            if rng.random() < target * 3:
                paragraphs[-1] = own[-1]  # and sign-off
            paragraphs[1:-1] = [paraphrase(p, rng, min(1.0, target * 2.2)) for p in paragraphs[1:-1]]
        else:
            paragraphs = [paraphrase(p, rng, min(1.0, target * 2.2)) for p in paragraphs]
        if rng.random() < target:
            paragraphs.insert(max(1, len(paragraphs) - 1), rng.choice(PERSONAL_TOUCHES))
        sent = "\n\n".join(paragraphs)
    ratio = 1 - difflib.SequenceMatcher(None, draft.split(), sent.split(), autojunk=False).ratio()
    return sent, round(ratio, 3)


#: How agents reword the drafter's stock phrases.
REWORDINGS = (
    ("I've ", "I have "),
    ("is on track to arrive by", "should be with you by"),
    ("The latest scan is", "Last scan:"),
    ("Depending on your bank, it takes", "Banks usually take"),
    ("to your original payment method", "back to the card you paid with"),
    ("I'm not able to", "unfortunately I can't"),
    ("please ", "just "),
    ("Your prepaid label is", "The return label is"),
    ("within", "in"),
    ("as soon as", "once"),
    ("I'm sorry", "So sorry"),
    ("usually", "normally"),
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def paraphrase(text: str, rng: random.Random, strength: float) -> str:
    """Reword `text` the way an agent edits: each sentence is kept, reworded, trimmed or dropped."""
    sentences = _SENTENCE.split(text)
    out = []
    for i, sentence in enumerate(sentences):
        r = rng.random()
        if r < strength * 0.15 and len(sentences) > 2 and i > 0:
            continue  # cut as unnecessary
        if r < strength:
            for old, new in rng.sample(REWORDINGS, k=len(REWORDINGS)):
                if old in sentence:
                    sentence = sentence.replace(old, new, 1)
                    break
            else:
                if "," in sentence and rng.random() < 0.5:
                    sentence = sentence.split(",", 1)[0].rstrip() + "."
                else:
                    sentence = rng.choice(("Just to confirm: ", "Good news: ", "Quick update: ", "So, ")) + (
                        sentence[:1].lower() + sentence[1:]
                    )
        out.append(sentence)
    if len(out) > 2 and rng.random() < strength * 0.4:
        out[0], out[1] = out[1], out[0]
    return " ".join(out)


PERSONAL_TOUCHES = (
    "I've also added a note to your account so the team knows the history.",
    "Sorry again for the hassle!",
    "I hope the trip goes well.",
    "I've double-checked this myself.",
    "If it's easier, you can also reply with a phone number and I'll call you.",
    "Thanks for being a customer for so long.",
)

#: Costs (USD) of the AI, per ticket.
MODEL_COST = {"intake": 0.0004, "brief": 0.009, "draft": 0.018, "ai_turn": 0.021}
#: What the helpdesk vendor charges per AI-resolved ticket.
PER_RESOLUTION_FEE = Decimal("0.85")


def agent_cost(seconds: int, hourly_rate: float) -> Decimal:
    """The loaded cost of an agent's time."""
    return (Decimal(seconds) / Decimal(3600) * Decimal(str(hourly_rate))).quantize(FOUR)


def model_cost(rng: random.Random, kind: str, turns: int = 1) -> Decimal:
    """Token cost of the AI's work on a ticket, with the spread real prompts have."""
    return Decimal(str(MODEL_COST[kind] * turns * rng.uniform(0.7, 1.4))).quantize(FOUR)


POSITIVE_COMMENTS = (
    "Quick and easy, thanks!",
    "Super helpful.",
    "Fast answer and exactly what I needed.",
    "Great service as always.",
    "Sorted in minutes.",
    "Friendly and clear.",
    "Didn't have to explain twice. Nice.",
    "",
)
NEGATIVE_COMMENTS = (
    "Took too long to get an answer.",
    "Felt like a copy-paste reply.",
    "Still not resolved.",
    "Had to chase this several times.",
    "The answer didn't address my actual question.",
    "Not happy with the outcome.",
    "",
)
#: What customers say when the AI's return-policy reply did not answer their exception.
SAG_COMMENTS = (
    "The bot just repeated the {window}-day policy, it didn't answer whether I can return worn boots.",
    "Asked about final sale and got the generic return policy. Useless.",
    "It didn't understand my question about the member return window.",
    "Automated answer ignored what I actually asked.",
    "I asked a specific question and got a copy of the return policy page.",
    "Had to ask for a person to get a real answer.",
)
