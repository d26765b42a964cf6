"""The default keyword lists hold on threats, harms, claims and hardship phrased beyond the seed's words."""

from __future__ import annotations

import pytest

from phasegate.policy import vocabulary
from phasegate.policy.schema import Policy
from phasegate.triage.conversation import from_texts
from phasegate.triage.detectors import keyword_signals

POLICY = Policy()


def fired(text: str) -> set[str]:
    """The keyword signals the default policy fires on one customer message."""
    return {name for name, s in keyword_signals(from_texts([text]), POLICY).items() if s.fired}


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Je vais porter plainte contre votre magasin", "legal_threat"),
        ("you will hear from my solicitor, and we'll settle this in court", "legal_threat"),
        ("I am filing a complaint with the attorney general tomorrow", "legal_threat"),
        ("Everyone on social media is going to hear about this", "review_threat"),
        ("I'm going public with how terrible you are", "review_threat"),
        ("my toddler swallowed a button battery from the remote", "product_harm"),
        ("the kettle burst into flames on the counter", "product_harm"),
        ("the cream made my daughter sick, she threw up twice", "product_harm"),
        ("we had to call an ambulance after the ladder collapsed", "product_harm"),
        ("is this safe to take with my blood thinners?", "regulated_topic"),
        ("she was diagnosed last month, can she still use the balm?", "regulated_topic"),
        ("ist das in der Schwangerschaft ok? bin schwanger", "regulated_topic"),
        ("I opened a PayPal dispute already", "third_party_claim"),
        ("I'm writing on behalf of my father, who can't use email", "third_party_claim"),
        ("this is a police officer, we need the delivery address for an order", "third_party_claim"),
        ("my insurer wants the receipt for the insurance claim", "third_party_claim"),
        ("my grandmother passed on and I'm sorting her accounts", "emotional_load"),
        ("we're going through a divorce and I need my own account", "emotional_load"),
        ("I've been in hospital for two weeks so I missed the delivery", "emotional_load"),
        ("fine, we'll let a judge decide who's right", "legal_threat"),
        ("I'm going to press charges over this", "legal_threat"),
        ("Voy a demandarlos por esto", "legal_threat"),
        ("ich verklage euch alle", "legal_threat"),
        ("my son cut his finger on the lid and needed stitches", "product_harm"),
        ("there were shards of glass in the jar", "product_harm"),
        ("my husband ended up in the ER after the ladder gave way", "product_harm"),
        ("we lost the baby, please cancel the crib", "emotional_load"),
        ("I opened a case with PayPal yesterday", "third_party_claim"),
        ("my bank is reversing the payment", "third_party_claim"),
        ("I will open a dispute with PayPal", "third_party_claim"),
        ("my atty will contact you about this", "legal_threat"),
        ("where is my order, I have been waiting two weeks now, pozwę was do sądu", "legal_threat"),
        ("where is my order, I have been waiting two weeks, mahkemeye gideceğim", "legal_threat"),
        ("waar is mijn bestelling, ik stap naar de rechter", "legal_threat"),
        ("min advokat kommer att kontakta er", "legal_threat"),
        ("my face swelled up after using the serum", "product_harm"),
        ("there was a piece of metal in the granola", "product_harm"),
        ("baby got her finger trapped in the crib hinge", "product_harm"),
        ("my toddler ate a battery from the remote you sent", "product_harm"),
        ("I think my dog ingested some of the packing beads", "product_harm"),
        ("The stove I bought leaks gas, I can smell it in the tent", "product_harm"),
        ("it smells like gas whenever the heater is on", "product_harm"),
        ("the lantern leaks fuel all over the table", "product_harm"),
    ],
)
def test_default_lists_fire_beyond_the_seed_words(text: str, signal: str) -> None:
    """Hand-written threats, harms, claims and hardship fire the signal a CX lead expects."""
    assert signal in fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "my account is disabled, how do I log back in?",
        "I bought it through your Instagram shop, where is it?",
        "can I change the address on order A-5521?",
        "the dress is a lovely colour, do you have it in a 12?",
        "how long does standard shipping take to Ohio?",
        "I'd like to return the shoes, they're too small",
        "does the camp stove take gas canisters or liquid fuel?",
    ],
)
def test_plain_asks_fire_nothing(text: str) -> None:
    """Everyday asks that share words with the lists (account, shop, address) fire no keyword signal."""
    assert fired(text) == set()


def test_lists_hold_no_duplicates() -> None:
    """Each extension list names each phrase once (a duplicate is a sign of a careless merge)."""
    for name in (
        "LEGAL_THREAT",
        "REVIEW_THREAT",
        "PRODUCT_HARM",
        "REGULATED_TOPIC",
        "THIRD_PARTY_CLAIM",
        "EMOTIONAL_LOAD",
    ):
        entries = getattr(vocabulary, name)
        assert len(entries) == len(set(entries)), name
