"""Shared fixtures for the triage tests: a small hand-written labelled set and a router trained on it once."""

from __future__ import annotations

from pathlib import Path

import pytest

from phasegate.policy.schema import Policy
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.router import Router, train_router

#: Hand-written tickets in the demo brand's taxonomy, phrased the way customers write.
EXAMPLES: dict[str, list[str]] = {
    "order_status": [
        "where is my order? it was supposed to arrive monday",
        "my package hasn't arrived yet, can you check the tracking",
        "order A-5521 still says processing after a week",
        "has my order shipped yet?",
        "tracking hasn't updated in 4 days, where is my parcel",
        "when will my order be delivered",
        "the delivery date keeps moving, is my order lost?",
        "can I get an update on my shipment",
    ],
    "return_request": [
        "i want to return the boots i bought, they are too small",
        "how do i send these jeans back, need a return label",
        "please send me a return label for my order",
        "I'd like to return this jacket, it doesn't fit",
        "can I start a return for the shoes I got last week",
        "the dress is the wrong size and I want to send it back",
        "return label please, the item isn't what I expected",
        "how do I return an item I bought online",
    ],
    "account_access": [
        "I forgot my password and the reset email never comes",
        "can't log in to my account",
        "my account is locked after too many login attempts",
        "password reset link says expired",
        "I can't sign in, it says my email is not recognised",
        "how do I reset my password",
        "locked out of my account, please help me get back in",
        "the login page keeps rejecting my password",
    ],
    "return_policy": [
        "what is your return policy?",
        "how many days do I have to return something",
        "do you accept returns on sale items",
        "is return shipping free?",
        "can I return something without the receipt",
        "what's the return window for gifts",
        "are final sale items returnable",
        "do you charge a restocking fee on returns",
    ],
    "product_question": [
        "is the wool sweater machine washable?",
        "does this jacket run small or true to size",
        "what material are the boots made of",
        "will the blue dress be back in stock",
        "are these headphones compatible with iphone",
        "what are the dimensions of the backpack",
        "is the rain jacket waterproof or just water resistant",
        "does the lamp come with a bulb",
    ],
    "address_update": [
        "I need to change the shipping address on my order",
        "can you update my delivery address, I moved",
        "wrong address on my order, please fix it before it ships",
        "please send my order to my work address instead",
        "I typed the wrong zip code in my address",
        "can I change where my package is delivered",
        "update my address to 12 Oak Street please",
        "I moved last week, change my address on file",
    ],
    "refund_request": [
        "I returned the item two weeks ago, where is my refund",
        "I want my money back for this order",
        "can I get a refund instead of store credit",
        "please refund my order, I cancelled it",
        "when will I get my refund",
        "I'd like a refund for the broken lamp",
        "refund hasn't shown up on my card yet",
        "how long do refunds take to process",
    ],
    "refund_dispute": [
        "you refunded me $20 but I paid $80, that's wrong",
        "my refund was denied and I don't agree",
        "the refund amount is less than what I paid",
        "you only gave me a partial refund, I want the full amount",
        "why was my refund rejected? I sent the item back",
        "I was charged a fee on my refund that I never agreed to",
        "the refund you issued is missing the shipping cost",
        "I dispute the refund decision on my return",
    ],
    "damaged_item": [
        "my order arrived damaged, the box was crushed",
        "the mug came broken in pieces",
        "the screen is cracked on arrival",
        "item arrived with a big scratch on it",
        "the package was soaked and the shirt is ruined",
        "parts are missing and the frame is bent",
        "it came broken, what do I do",
        "the zipper was torn when it arrived",
    ],
    "product_harm": [
        "the heater caught fire in my living room",
        "my son got a rash from the pyjamas",
        "the charger burned my hand",
        "I had an allergic reaction to the lotion",
        "the blender blade cut me and I needed stitches",
        "the toy broke and my kid was choking on a piece",
        "the kettle exploded and hurt my wife",
        "I ended up in hospital after using the product",
    ],
    "order_cancellation": [
        "please cancel my order",
        "I want to cancel order A-7781 before it ships",
        "can I still cancel my order, I ordered by mistake",
        "cancel my purchase please",
        "I changed my mind, please cancel the order",
        "how do I cancel an order I just placed",
        "stop my order, I don't want it anymore",
        "I need to cancel the second item in my order",
    ],
    "billing_issue": [
        "I was charged twice for the same order",
        "there's a charge on my card I don't recognise",
        "my promo code didn't apply and I paid full price",
        "why was I billed for shipping",
        "the invoice amount is wrong",
        "I was charged but the order never went through",
        "payment failed but money left my account",
        "you charged my old card instead of the new one",
    ],
    "warranty_claim": [
        "my watch stopped working after 6 months, is it under warranty",
        "I'd like to make a warranty claim for the vacuum",
        "the headphones broke within the warranty period",
        "does the warranty cover a broken hinge",
        "the zipper failed after two months, warranty replacement please",
        "my blender motor died, it's still under warranty",
        "how do I claim the two year warranty",
        "the stitching came apart, is this covered by warranty",
    ],
    "complaint": [
        "your customer service is terrible",
        "I am very unhappy with how I was treated in your store",
        "the delivery driver was rude to me",
        "this is the worst shopping experience I've had",
        "I want to complain about the agent I spoke to",
        "I'm disappointed with the quality of your products lately",
        "your website is a mess and nobody helps",
        "I waited on hold for an hour, unacceptable service",
    ],
    "other": [
        "do you have a store in Chicago",
        "are you hiring for the holidays",
        "can I buy a gift card",
        "do you offer student discounts",
        "how do I unsubscribe from your emails",
        "do you ship to Canada",
        "can I collaborate with your brand on instagram",
        "what are your opening hours",
    ],
}


def labelled() -> tuple[list[str], list[str]]:
    """The hand-written set as parallel text and label lists."""
    texts = [t for ts in EXAMPLES.values() for t in ts]
    labels = [c for c, ts in EXAMPLES.items() for _ in ts]
    return texts, labels


def ticket(*texts: str, roles: tuple[str, ...] | None = None, **fields: object) -> TicketIn:
    """A ticket whose messages are `texts` (customer turns unless `roles` says otherwise)."""
    roles = roles or ("customer",) * len(texts)
    messages = [{"role": r, "text": t} for r, t in zip(roles, texts, strict=True)]
    return TicketIn.model_validate({"id": "T-1", "messages": messages, **fields})


@pytest.fixture(scope="session")
def small_router() -> Router:
    """A router trained once on the hand-written set (fast: about a hundred texts)."""
    texts, labels = labelled()
    return train_router(texts, labels, seed=0)


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The seed's default policy."""
    return Policy()


@pytest.fixture()
def tmp_router_dir(tmp_path: Path) -> Path:
    """A fresh folder for a saved router."""
    return tmp_path / "router"
