"""Health conditions named by their medical ending fire regulated_topic; everyday words with those endings
do not."""

from __future__ import annotations

import pytest

from phasegate.policy.schema import Policy
from phasegate.triage.analysis import signals
from phasegate.triage.conditions import ORDINARY, condition, spans
from phasegate.triage.conversation import from_texts

POLICY = Policy()


@pytest.mark.parametrize(
    "text",
    [
        "I have tendinitis, which wrist brace do you recommend?",
        "will these insoles fix plantar fasciitis",
        "is the pillow ok with scoliosis",
        "my feet have neuropathy, are the socks seamless?",
        "after my mastectomy which bras fit?",
        "I get neuralgia in the cold, will the scarf help",
        "I'm anaemic, is there iron in the shake? (anaemia runs in the family)",
        "my husband has hemiplegia, can he use the jar opener with one hand?",
    ],
)
def test_conditions_named_by_their_ending_fire(text: str) -> None:
    """A condition no list entry names, but medicine's ending does, is a regulated topic."""
    assert signals(from_texts([f"where is my order 10234? {text}"]), POLICY)["regulated_topic"].fired, text


@pytest.mark.parametrize(
    "text",
    [
        "thanks for your empathy, the agent was lovely",
        "the retro design gives me nostalgia",
        "you have my sympathy, but where is my parcel?",
        "I work in academia and need an invoice with my university's address",
        "I'm writing to you about my order",  # "osis" inside no word
    ],
)
def test_everyday_words_with_a_medical_ending_do_not_fire(text: str) -> None:
    """Words like "empathy" and "nostalgia" end as conditions do and are not ones."""
    assert not condition(from_texts([text]), POLICY).fired, text


def test_ordinary_words_are_left_out_by_name_in_any_case() -> None:
    """Every listed everyday word is left out, shouted or not; a condition beside it still counts."""
    for word in ORDINARY:
        assert spans(f"so much {word.upper()} here") == [], word
    assert [w for _, _, w in spans("EMPATHY for my Arthritis")] == ["Arthritis"]


def test_evidence_is_the_condition_word() -> None:
    """The span is the word itself, on the customer's own characters."""
    text = "Does the brace help with tendinitis?"
    (span,) = condition(from_texts([text]), POLICY).evidence
    assert text[span.start : span.end] == span.text == "tendinitis"


def test_a_brand_list_taking_the_marker_out_turns_the_rule_off() -> None:
    """A brand's own regulated_topic list keeps the rule on; taking "medical advice" out turns it off."""
    own = Policy.model_validate({"keywords": {"regulated_topic": ["firearms"]}})
    assert condition(from_texts(["I have tendinitis"]), own).fired
    policy = Policy.model_validate({"keywords": {"regulated_topic": ["firearms", "!Medical Advice"]}})
    assert not condition(from_texts(["I have tendinitis"]), policy).fired
    assert condition(from_texts(["I have tendinitis"]), POLICY).fired
