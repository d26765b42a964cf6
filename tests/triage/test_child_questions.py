"""Child-safety questions only a shape can spell (ages are numbers), and child mentions that are not ones."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phasegate.policy.schema import Policy
from phasegate.triage.analysis import signals
from phasegate.triage.child_questions import child_question, spans
from phasegate.triage.conversation import from_texts
from tests.triage.obfuscate import obfuscated

POLICY = Policy()


@pytest.mark.parametrize(
    "text",
    [
        "Can I give this formula to my 3 month old?",
        "is it ok for my 2 year old",
        "Would this be okay for a 2-year-old? She puts everything in her mouth",
        "can my 18 month old have the teething biscuits",
        "should we use the sunscreen on our 6 week old",
        "is it fine for a newborn or should we wait",
        "will my toddler be alright with the magnets in the set",
        "is it safe to give to my 4yo",
        "Is this too young for a 3 y/o",
        "can my son eat the decorations on the cake",
        "what happens if my daughter swallows one of the beads",
        "is this suitable for an 8 month old baby",
        "safe around my grandkids? they're 2 and 4",
        "how much should I give my toddler",
        "can a 2 year old ride the scooter safely?",
        "my daughter is 14, can she use the retinol serum?",
        "My son is 11, can he ride the e-scooter?",
        "my son is 8 - can he take the adult vitamins?",
        "our son just turned 2, is it safe for him?",
        "my 9 year old wants to make an account, is that ok?",
        "can my 14 year old order on my card?",
        "my daughter is 12 can she sign up for an account herself?",
        "are minors allowed to buy from you?",
        "can teens sign up or do I do it for them",
        # a minor telling their own age before buying (ninth session's probes)
        "I'm 14, can I buy this vape?",
        "im 16 and want to order the energy drinks",
        "I am 15 years old, am I allowed to make an account?",
        "where is my order? I'm 17, is that ok to buy the knife?",
        "I'm 15, am I old enough to order the vape?",
        "I'm 15 can I buy the knife?",  # the age right before the ask (fifteenth session's probes)
        "my baby is 6 weeks old, can she sleep in the bouncer overnight?",
        # the age a product is for, and the question in es/pt, fr, de and it (twelfth session's probes)
        "what age is this trampoline for?",
        "¿es seguro este producto para bebés?",
        "¿este producto es seguro para mi hijo?",
        "é seguro para o meu filho?",
        "est-ce sans danger pour mon bébé ?",
        "est-ce que ce produit convient aux enfants de 3 ans",
        "ist das für Kinder geeignet?",
        "ist das sicher für mein Baby?",
        "ist das sicher für mein Kind?",
        "è sicuro per il mio bambino?",
        # a child's age told beside the child, then a purchase wanted (fourteenth session's probes)
        "where is my order? also my daughter (she's 15) wants to buy the hunting knife, is that ok?",
        "my nephew, who is 16, wants to order a vape",
        "my son is 15 and wants to buy the air rifle",
        "my 14 year old wants to order the vape kit",
        "can my 16yo daughter buy the energy drinks",
        "our 16-year-old son keeps asking to buy energy drinks",
        # a minor asking for goods a store may not sell them (sixteenth session's probes)
        "Where is my order A-1234? my 14 year old wants the vape kit",
        "my 15 year old keeps asking me for energy drinks",
        "Where is my order A-1234? I'm 16, can you ship the energy drinks?",
        "I'm 17 and can you send the wine gift set",
    ],
)
def test_child_safety_questions_fire(text: str) -> None:
    """A question whether a product suits or can be given to a small child fires regulated_topic."""
    assert signals(from_texts([text]), POLICY)["regulated_topic"].fired, text


@pytest.mark.parametrize(
    "text",
    [
        "my baby loves it, where is my second order?",
        "I bought this for my 5 year old's birthday and it hasn't arrived",
        "can my son pick up the parcel for me?",
        "can you give my daughter a call back, she placed the order",
        "my laptop is 2 years old, is it still under warranty?",
        "the order is a month old and still not shipped",
        "do you have this jacket in a size for a 10 year old boy?",
        "I'm 40 years old and I can't log in",
        "the stroller arrived with a broken wheel, my toddler was in tears",
        "is it ok for my husband to collect the order?",
        "can I use my gift card to buy something for my baby?",
        "can I put the stroller on my baby registry?",
        "are babies allowed in the store?",
        "my daughter is 14 and she loves the colour, can she get it in blue?",
        "my son is 30, can he use my account?",
        "my daughter is 14. Can she return it without a receipt?",
        "a gift for my 5 year old, where is my order?",
        "I bought this for my 9 year old and want to make an exchange",
        "my 12 year old's order hasn't arrived",
        "the teen sizes are sold out, can I order an adult small?",
        "my account is 3 years old and I can't log in",
        "my son is 11, can he wear the medium or is it too big?",
        "I'm 5 minutes away, can I order ahead?",
        "I'm 5 minutes away, is that ok to order for pickup?",
        "I'm 5 min away can I order ahead?",
        "I'm 30, is that ok to buy the knife?",
        "I'm 25, can I buy this?",
        "I'm 12 hours late with the payment, can I order again?",
        "my baby is 6 weeks old and loves the bouncer, can I order another?",
        "what age is the gift recipient? no idea, it's for my niece",
        "no estoy seguro si es para mi hijo o para mi hija",
        "la taille convient-elle pour mon fils ?",
        "ich bin mir nicht sicher, ob das für mein Kind passt",
        "my 40 year old husband wants to buy a knife",
        "my son is 25 and wants to buy the knife",
        "my daughter (she's 15) loved the jacket, where is my order?",
        "my 14 year old wants the hoodie in blue",
        "I'm 16, can you ship the hoodie?",
        "I'm 30, can you ship the wine?",
        "my 40 year old husband wants the vape kit",
    ],
)
def test_child_mentions_without_a_safety_question_do_not_fire(text: str) -> None:
    """A child named in an order, a gift, a pickup or a sizing ask is not a regulated topic."""
    assert not signals(from_texts([text]), POLICY)["regulated_topic"].fired, text


def test_evidence_quotes_the_question() -> None:
    """The span points at the customer's words, from the ask to the child's age."""
    text = "Hi! Is it OK for my 2-year-old? Thanks"
    sig = child_question(from_texts([text]), POLICY)
    assert sig.fired
    (span,) = sig.evidence
    assert text[span.start : span.end] == span.text == "OK for my 2-year-old"


def test_a_brand_list_taking_the_marker_out_turns_the_shapes_off() -> None:
    """A brand's own regulated_topic list keeps the shapes on; taking "child safety" out turns them off."""
    own = Policy.model_validate({"keywords": {"regulated_topic": ["refund"]}})
    assert child_question(from_texts(["is it ok for my 2 year old"]), own).fired
    policy = Policy.model_validate({"keywords": {"regulated_topic": ["refund", "!child safety"]}})
    assert not child_question(from_texts(["is it ok for my 2 year old"]), policy).fired
    assert child_question(from_texts(["is it ok for my 2 year old"]), POLICY).fired


def test_texts_without_a_child_word_are_not_searched() -> None:
    """The prefilter's words hold every shape: a text with none has no span."""
    assert spans("is it safe to use on leather?") == []


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_disguised_words_still_ask(data: st.DataObject) -> None:
    """The asking word or the child word, disguised (leetspeak, homoglyphs, spacing), still fires.

    One of the two at a time: with both disguised, a digit may stand for a different letter in each
    ("su1table for my 1nfant" read with "1" as l in one word, i in the other), and the normaliser reads a
    digit one way per reading (see tests/triage/test_injuries.py for the rate).
    """
    ask = data.draw(st.sampled_from(["safe", "suitable", "okay", "dangerous"]))
    child = data.draw(st.sampled_from(["toddler", "newborn", "baby", "infant"]))
    if data.draw(st.booleans()):
        ask = data.draw(obfuscated(ask))
    else:
        child = data.draw(obfuscated(child))
    text = f"is this {ask} for my {child} please"
    assert child_question(from_texts([text]), POLICY).fired, text


@pytest.mark.parametrize(
    "text", ["is this 5AFE for my b4by", "is it $uitable for my 1nfant", "0kay for my t0ddler?"]
)
def test_both_words_disguised_the_same_way_still_ask(text: str) -> None:
    """Both words disguised, each digit standing for one letter throughout, still fire."""
    assert child_question(from_texts([text]), POLICY).fired, text


def test_trying_only_where_an_opener_stands_finds_what_the_full_scan_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Trying the shapes only where an opening word stands finds exactly the full scan's spans: on the
    corpus, on child questions (as written, doubled letters undone, shouted, glued into long mail)."""
    from phasegate.triage import child_questions as module
    from tests.triage import corpus

    asks = [
        "Can I give this formula to my 3 month old?",
        "is it ok for my 2 year old",
        "Would this be okay for a 2-year-old? She puts everything in her mouth",
        "should we use the sunscreen on our 6 week old",
        "TOO YOUNG FOR A 3 Y/O?? al right for my todler? shal I bathe my newborn",
        "what happens if my daughter swallows one of the beads",
        "safe around my grandkids? they're 2 and 4",
        "Is it okay to feed babies this, does my son chew it, are my kids safe",
        "İs it safe for my baby",  # a case twin: the full scan reads it
        "my 9 year old wants to make an account; can my 14 year old order? are minors able to register?",
    ]
    texts = (
        corpus.texts() + asks + [" ".join(asks[i:] + corpus.texts()[i * 40 : i * 40 + 30]) for i in range(9)]
    )
    fast = [spans(t) for t in texts]
    monkeypatch.setattr(module, "PREFILTER", False)
    slow = [spans(t) for t in texts]
    assert sum(bool(s) for s in slow) >= len(asks)
    assert fast == slow
