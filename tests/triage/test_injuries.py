"""Injuries only a shape can spell (a hurt verb with a body part, a fall, a thing landing on someone), and the
idioms and negations that are not ones."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phasegate.policy.schema import Policy
from phasegate.triage.analysis import signals
from phasegate.triage.conversation import from_texts
from phasegate.triage.injuries import injury, spans
from tests.triage.obfuscate import obfuscated

POLICY = Policy()


@pytest.mark.parametrize(
    "text",
    [
        "the bottle shattered and cut my palm",
        "I slipped on the mat and broke my ankle",
        "the dresser tipped over onto my son",
        "the chair collapsed under me and I hurt my back",
        "the stroller folded up with my baby in it",
        "my daughter got her hand caught in the hinge",
        "the pressure cooker lid blew off and hit me in the face",
        "the strap snapped and I fell down the stairs",
        "the ladder collapsed and I fell.",
        "the blender blade came off and cut me",
        "my toddler got into the detergent pods",
        "my eyes are burning after using the cleaner",
        "the spray went straight in my eyes",
        "the lid slammed shut on my finger",
        "my son's finger got trapped in the folding mechanism",
        "she tripped over the loose cable and sprained her wrist",
        "the toaster shocked me",
        "I got shocked by the kettle",
        "the charger gave my son a nasty shock",
        "it gave me a shock when I touched the metal casing",
        "the cream gave me blisters",
        "the new detergent left my son with welts",
        "this face mask broke me out in bumps",
        "the puppy ate part of the chew toy",
        "my son chewed off a piece of the teether",
        "my daughter put a bead up her nose",
        "he got a dried pea stuck in his nostril",
        "the dog chewed on the squeaker and swallowed it",
        "the kettle's lid popped off and boiling water went all over my arm",
        "hot coffee poured onto my lap when the travel mug leaked",
        "the pot handle broke and hot soup splashed onto my daughter",
        "the dog food you sold me made my dog vomit all night",
        "the new formula is making the baby sick",
        "the ladder wobbled and I nearly fell.",
        # tenth session's probes: a pet hurt, someone unwell now
        "my dog ate one of the chew toys and now he's limping",
        "my cat got her paw stuck in the scratching post and it's swollen",
        "she keeps vomiting since she ate the treats you sent",
        "the baby is choking on a piece of the rattle",
    ],
)
def test_injuries_told_without_a_harm_word_fire(text: str) -> None:
    """A person hurt, told with a verb and a body part or a fall, fires product_harm with no list word."""
    assert signals(from_texts([f"where is my order 10234? {text}"]), POLICY)["product_harm"].fired, text


@pytest.mark.parametrize(
    "text",
    [
        "this jacket caught my eye, is it in stock in blue?",
        "I fell in love with the colour, do you have it in a medium?",
        "I fell asleep waiting on hold",
        "the button fell off after one wash",
        "my hands are full today, can you call me tomorrow?",
        "the courier cut me off mid sentence",
        "please cut me some slack, the payment is coming",
        "luckily nobody cut their hand on it but the glass is broken",
        "she didn't fall, but the gate does not latch",
        "I fell behind on the payments, can I get an extension?",
        "can you hand me over to billing",
        "the back of the parcel was torn",
        "I'd like to exchange the face cream for the eye cream",
        "your prices shocked me",
        "I was shocked by the reply from support",
        "the bill gave me a shock",
        "what a shock when I touched base with support",
        "these boots gave me blisters, can I swap for a bigger size?",
        "the scarf made my outfit so ill lol",
        "I nearly fell asleep waiting on hold",
        "the new colour made my day, so happy",
        "the oil caused a reaction with the paint",
        "the cream left no residue and gave me great results",
        "I ate half of the cookies and they were stale",
        "my husband ate part of the cake before the party",
        "the bag has sparkly beads on it, are they sewn on?",
        "my dog loves the chew toy, do you have a bigger one",
        "I spilled hot coffee all over my new keyboard",
        "I poured hot water into the mug and it cracked",
        "the tail of the kite ripped in the wind",
        "he was limping before, the boots are for his recovery",
    ],
)
def test_idioms_and_negations_do_not_fire(text: str) -> None:
    """A body part or a fall with no one hurt, or a hurt that did not happen, is not product harm."""
    assert not injury(from_texts([text]), POLICY).fired, text


def test_evidence_quotes_the_telling() -> None:
    """The span points at the customer's words, from the verb to the body part."""
    text = "Hi, the lid snapped and cut my thumb. Order A-1234"
    sig = injury(from_texts([text]), POLICY)
    assert sig.fired
    (span,) = sig.evidence
    assert text[span.start : span.end] == span.text == "cut my thumb"


def test_a_brand_list_taking_the_marker_out_turns_the_shapes_off() -> None:
    """A brand's own product_harm list keeps the shapes on; taking "injury" out turns them off."""
    own = Policy.model_validate({"keywords": {"product_harm": ["recall"]}})
    assert injury(from_texts(["it cut my palm"]), own).fired
    policy = Policy.model_validate({"keywords": {"product_harm": ["recall", "!injury"]}})
    assert not injury(from_texts(["it cut my palm"]), policy).fired
    assert injury(from_texts(["it cut my palm"]), POLICY).fired


def test_texts_without_a_body_part_or_a_fall_are_not_searched() -> None:
    """The prefilter's words hold every shape: a text with none has no span."""
    assert spans("where is my order, it was due on monday") == []


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_disguised_words_still_tell_an_injury(data: st.DataObject) -> None:
    """The hurt verb or the body part, disguised (leetspeak, homoglyphs, spacing, masks), still fires.

    One of the two at a time: with both disguised, a digit may stand for a different letter in each ("spra1ned
    my ank1e"), and the normaliser reads a digit one way per reading (about 2 in 1,000 such pairs missed).
    """
    verb = data.draw(st.sampled_from(["sliced", "sprained", "crushed", "scratched", "scalded"]))
    part = data.draw(st.sampled_from(["finger", "ankle", "thumb", "wrist", "elbow"]))
    if data.draw(st.booleans()):
        verb = data.draw(obfuscated(verb))
    else:
        part = data.draw(obfuscated(part))
    text = f"the hinge {verb} my {part} yesterday"
    assert injury(from_texts([text]), POLICY).fired, text


@pytest.mark.parametrize("text", ["it sl*ced my f1ng3r", "the lid 5l1c3d my thumb", "SCALDED MY HAAAND"])
def test_both_words_disguised_the_same_way_fire(text: str) -> None:
    """Both words disguised, each digit standing for one letter throughout, still fire."""
    assert injury(from_texts([text]), POLICY).fired, text
