"""The `elsewhere` signal: asks about another company's or institution's account, order or service."""

from __future__ import annotations

import random

import pytest

from phasegate.policy.schema import Policy
from phasegate.triage.conversation import from_texts
from phasegate.triage.elsewhere import elsewhere, reference_spans, spans


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("How do I reset my gmail password?", "gmail password"),
        ("My Netflix password isn't working", "Netflix password"),
        ("where is my amazon order", "amazon order"),
        ("I forgot my bank PIN", "bank PIN"),
        ("how do I cancel my spotify subscription", "spotify subscription"),
        ("my instagram account got hacked", "instagram account"),
        ("what is the return policy at target", "return policy at target"),
        ("target's return policy is better", "target's return policy"),
        ("How do I change my address with the post office?", "address with the post office"),
        ("how do I change my address on my driving licence", "address on my driving licence"),
        ("How do I update the address book on my iPhone?", "address book on my iPhone"),
        ("what's the password for my wifi", "password for my wifi"),
        ("how do i track a package from amazon", "package from amazon"),
        ("can you help me return something I bought at walmart", "bought at walmart"),
        ("I ordered it off ebay last week", "ordered it off ebay"),
        ("can't log into my gmail", "log into my gmail"),
        ("where is my tax refund", "tax refund"),
        ("how do I pay a parking ticket", "parking ticket"),
        ("can you check the status of my walmart pickup order", "walmart pickup order"),
        ("what's the return window at best buy", "return window at best buy"),
        ("how do I reset the PIN on my debit card", "PIN on my debit card"),
        ("how do I get a refund from the airline", "refund from the airline"),
        ("I need to change the shipping address on my ebay listing", "shipping address on my ebay"),
        ("how do I edit my etsy shop listing", "etsy shop listing"),
        ("what time does the apple store close", "apple store close"),
        ("what are walmart's opening hours", "walmart's opening hours"),
        ("the DMV sent my license to the wrong address", "DMV"),
        ("my phone carrier charged me twice", "phone carrier"),
        ("why is my electric bill so high this month", "electric bill"),
    ],
)
def test_an_ask_about_something_that_is_not_the_stores_fires_with_its_words(text: str, words: str) -> None:
    """Each shape (a name and its noun, a noun before a name, bought elsewhere, logging into something else,
    a thing that is nobody's store business) fires on its words."""
    assert [w for _, _, w in spans(text)] == [words]
    assert spans(text) == reference_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "I paid with my bank card",
        "please refund it to my bank account",
        "the refund isn't on my bank statement yet",
        "I signed up with my gmail address",
        "log in with google doesn't work on your site",
        "I can't log in on my iphone",
        "the amazon driver left it at the door",
        "the iphone case I ordered is the wrong size",
        "can I pay with apple pay",
        "Do you ship to Amazon lockers?",
        "your app on the app store keeps crashing",
        "I ordered the blender through your Amazon store and it arrived broken",
        "Your instagram account said there was a sale",
        "the target delivery date was monday",
        "I'll chase up the order with the courier",
        "ship it to the post office address please",
        "I want to update the phone number on my account",
        "Is this charger compatible with my iPhone 14?",
        "I'd like to cancel my order, I found it cheaper at walmart",
        "is sales tax included in the price?",
        "id like to return the talus boots from order tr-109852. it doesnt fit.",
        "does the tv cabinet have storage space?",
        "Can you send my refund back to my PayPal instead of my card?",
        "the charge is on my credit card statement twice",
        "my amazon box was open when it arrived",
        "what time does your store close",
        "the carrier lost my parcel",
        "my phone bill shows a charge from your store",
    ],
)
def test_a_stores_own_ask_naming_another_company_stays_quiet(text: str) -> None:
    """A name alone is no ask about it: payment and shipping methods, the customer's devices and bank as the
    store's refunds and products meet them, and the store's own pages ("your instagram account")."""
    assert spans(text) == [] == reference_spans(text)


def test_a_brand_takes_a_name_out_and_adds_its_own() -> None:
    """`keywords.elsewhere`: "!amazon" for a brand selling on Amazon; other entries are other businesses."""
    policy = Policy.model_validate({"keywords": {"elsewhere": ["!amazon", "Acme Outlet"]}})
    assert spans("where is my amazon order", policy) == []
    assert spans("where is my ebay order", policy) != []
    assert [w for _, _, w in spans("I bought it at Acme Outlet", policy)] == ["bought it at Acme Outlet"]
    assert spans("I bought it at Acme Outlet") == []


def test_the_signal_points_at_the_customers_words_in_the_thread() -> None:
    """Evidence sits in the turn that asked, and the detail names the words."""
    conv = from_texts(["hi, my order came", "also how do I reset my gmail password?"])
    found = elsewhere(conv, Policy())
    assert found.fired and "'gmail password'" in found.detail
    (span,) = found.evidence
    assert span.message == conv.turns[1].index and span.text == "gmail password"
    assert not elsewhere(from_texts(["where is my order A-1234?"]), Policy()).fired


def test_the_demo_worlds_store_tickets_never_fire() -> None:
    """Not one ticket of a generated demo world (a store's own asks) reads as an ask about somewhere else."""
    from phasegate.world.generate import generate

    world = generate(seed=3, scale=0.05)
    texts = ["\n".join(m.text for m in t.messages if m.role == "customer") for t in world.tickets]
    assert len(texts) > 200
    assert [t for t in texts if spans(t)] == []


def test_the_fast_path_finds_what_the_reference_scan_finds() -> None:
    """`spans` looks only where a name stands; on texts that hold names in and out of the shapes, at any
    place and case, it reports what one scan of every shape everywhere reports."""
    rng = random.Random(5)
    pieces = [
        "my gmail password", "the return policy at Target", "bought it at walmart's", "log into my Netflix",
        "your amazon store", "the phone company bill", "pay with apple pay", "my bank", "refund to my bank",
        "tax refund", "phone number", "at&t bill", "wi-fi password", "password for my wifi", "AMAZON ORDER",
        "chase's credit limit", "address with the post office", "ordered these off ebay", "sign in to steam",
        "where is it", "thanks", "target date", "lowe's order", "my instagram account", "the",
        "bank of america pin", "bank of", "google account", "account recovery", "recovery for", "ordered",
        "bought", "off", "at", "your",
    ]  # fmt: skip
    policy = Policy.model_validate({"keywords": {"elsewhere": ["!amazon", "Acme"]}})
    for _ in range(1000):
        text = rng.choice([" ", "\n", ", "]).join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        assert spans(text) == reference_spans(text), text
        assert spans(text, policy) == reference_spans(text, policy), text
