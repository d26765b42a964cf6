"""Asking whether a product may go aboard a plane fires regulated_topic (dangerous goods); a parcel on a plane
does not."""

from __future__ import annotations

import pytest

from phasegate.policy.schema import Policy
from phasegate.triage.air_travel import dangerous_goods
from phasegate.triage.analysis import signals
from phasegate.triage.conversation import from_texts

POLICY = Policy()


@pytest.mark.parametrize(
    "text",
    [
        "can I bring the camping stove fuel on a plane?",
        "is it ok to pack the power bank in my checked luggage?",
        "can I fly with the bear spray?",
        "can I take the tent pegs through airport security?",
        "c4n I br1ng the stove fuel on a plane?",
    ],
)
def test_a_product_asked_about_aboard_a_plane_fires(text: str) -> None:
    """Whether the writer may carry something aboard is a dangerous-goods question, the product in between."""
    assert signals(from_texts([f"where is my order A-1234? {text}"]), POLICY)["regulated_topic"].fired, text


@pytest.mark.parametrize(
    "text",
    [
        "where is my order? it says it's on a plane to the UK",
        "I'll take it on my flight home, will it fit in the overhead bin?",
        "do I need to check the parcel at airport security",
        "my flight was cancelled so I need to change the delivery address",
        # seen on CLINC150 and airline tweets: luggage asked about, not a product
        "what step do i take if my bag got lost on the flight",
        "how many carry ons can i take on a flight with delta",
        "never again will I fly with them",
        "should I check in my awesome bag on my flight or carry it on",
    ],
)
def test_a_parcel_or_a_trip_on_a_plane_does_not_fire(text: str) -> None:
    """A parcel flown, or a trip told, asks nothing about what may fly."""
    assert not dangerous_goods(from_texts([text]), POLICY).fired, text


def test_evidence_and_the_marker() -> None:
    """The span is the ask on the customer's own characters; "!dangerous goods" turns the shapes off."""
    text = "hi, can I bring the stove fuel on a plane?"
    (span,) = dangerous_goods(from_texts([text]), POLICY).evidence
    assert text[span.start : span.end] == span.text == "can I bring the stove fuel on a plane"
    off = Policy.model_validate({"keywords": {"regulated_topic": ["refund", "!dangerous goods"]}})
    assert not dangerous_goods(from_texts([text]), off).fired
    own = Policy.model_validate({"keywords": {"regulated_topic": ["refund"]}})
    assert dangerous_goods(from_texts([text]), own).fired
