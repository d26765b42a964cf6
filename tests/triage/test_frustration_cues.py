"""The frustration cues for stated feelings, hostility to the company and exasperation, with calm look-alikes.

Written by hand for this test, not taken from any benchmark: each cue must fire on its own phrasing and stay
quiet on calm sentences that share its words.
"""

from __future__ import annotations

import pytest

from phasegate.triage.conversation import from_texts
from phasegate.triage.frustration import frustration
from phasegate.triage.schemas import Signal

THRESHOLD = 0.6


def signal(*texts: str) -> Signal:
    """The frustration signal of a conversation of customer turns."""
    return frustration(from_texts(texts), THRESHOLD)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Honestly I'm beyond frustrated with this order", "feeling"),
        ("We are extremely disappointed with how this was handled", "feeling"),
        ("I'm losing my patience here, where is the refund", "feeling"),
        ("I am done being polite about this.", "feeling"),
        ("I'm tired of waiting for this refund", "feeling"),
        ("i have been very patient but the parcel is still not here", "feeling"),
        ("Your customer service is an absolute joke", "hostility"),
        ("you guys are clueless, nobody knows where my parcel is", "hostility"),
        ("worst company I have ever ordered from", "hostility"),
        ("Is anyone there? Do you even read these messages?", "hostility"),
        ("thanks for nothing", "hostility"),
        ("What a surprise, another delay 🙄", "exasperation"),
        ("are you kidding me? for god's sake, just ship it", "exasperation"),
        ("I'm so done with this company", "feeling"),
        ("estoy harto de esperar", "feeling"),
        ("j'en ai marre, c'est inadmissible", "feeling"),
        ("ich habe die Nase voll", "feeling"),
        ("sono stufo di aspettare", "feeling"),
        # swearing at the reader, hatred of the brand, name-calling (probes, 2026-12-07)
        ("F*** you, where is my refund", "hostility"),
        ("screw you and your company. refund my money", "hostility"),
        ("i hate you all, where is my order", "hostility"),
        ("I hate this company so much. where is my order A-1234", "hostility"),
        ("your company sucks, where is my package", "hostility"),
        ("where's my parcel you absolute clowns", "hostility"),
        ("fk u guys, refund me", "hostility"),
        ("i h8 u, where is my parcel", "hostility"),
        ("ur company is trash, refund me", "hostility"),
        ("this store is a rip off, refund A-1234", "hostility"),
        ("what a joke of a company, where is my order", "hostility"),
        ("I'm done with you people. cancel everything.", "feeling"),
        ("where is my order A-1234? this bot is garbage", "hostility"),
        ("where is my order A-1234? nobody has replied to me, this is my 3rd email", "repeat"),
    ],
)
def test_feeling_hostility_and_exasperation_fire(text: str, cue: str) -> None:
    """A stated feeling, an attack on the company or its people, or two exasperation markers fire alone,
    and the detail names the cue."""
    sig = signal(text)
    assert sig.fired, (sig.score, sig.detail)
    assert cue in sig.detail


@pytest.mark.parametrize(
    "text",
    [
        "I'm not angry, I just want to know the delivery date",
        "I'm sure you're tired of hearing from me, but where is my order?",
        "I was tired of my old shoes, so I ordered yours!",
        "I'm over the moon with these boots",
        "I'm a patient at the clinic and need the invoice",
        "I am getting a new phone, will my account move over?",
        "I'm so happy with the jacket, the service was amazing",
        "You guys are awesome, thanks!",
        "Your team is always so helpful, thank you",
        "thank you so much for your help",
        "Seriously good value, thanks",
        "it is a bit of a mess in my account, can you help me tidy the addresses?",
        "Is this jacket suitable for very cold weather?",
        "Great job on the new website, it is much faster",
        "I'm done with the setup, thanks!",
        "is this price ridiculous or what, love it",
        # swearing for joy is emphasis, not anger; "damn you're fast" praises
        "hell yeah it arrived early! can I change the colour of my next order?",
        "holy shit these boots are amazing. do you have them in size 10?",
        "this is damn good, ordering another",
        "damn you're fast, thanks!",
        "I would hate you to think I'm ungrateful, the boots are great",
        # a curse at one's own slip is no anger at the brand
        "damn, I forgot to add the socks. can I add them to order A-1234?",
        "oh shit I entered the wrong address, can you change it to 5 Main St?",
        "Shit. I typed the wrong email, please change it",
        "I hate to bother you but where is my order?",
        "I hate this colour, can I exchange it?",
        "this vacuum sucks up everything, love it! do you sell spare bags?",
        "what a mess the box was in, but the mug survived",
        "the system is easy to set up, thanks",
    ],
)
def test_calm_sentences_with_the_same_words_stay_below(text: str) -> None:
    """Negated or borrowed feelings, praise and ordinary asks that share the cues' words do not fire."""
    sig = signal(text)
    assert not sig.fired, (sig.score, sig.detail)


def test_one_exasperation_marker_is_a_hint_and_two_fire() -> None:
    """A single sigh or sarcastic aside raises the score without firing; a second marker fires."""
    calm = signal("Where is my order?").score
    one = signal("Where is my order? Sigh").score
    two = signal("Where is my order? Sigh. Are you kidding me").score
    assert calm < one < THRESHOLD <= two


def test_softened_and_bare_forms_weigh_less() -> None:
    """'a bit annoyed' weighs less than 'really annoyed', and a bare 'you people' less than an attack."""
    assert signal("I'm a bit annoyed").score < signal("I'm really annoyed").score
    assert signal("you people").score < THRESHOLD <= signal("you people are useless").score


def test_evidence_quotes_the_customers_words() -> None:
    """The evidence of a new cue is the customer's own phrase, in the turn that said it."""
    sig = signal("Hi, where is my order?", "You people are impossible to deal with.")
    assert sig.fired
    quoted = {(s.message, s.text.lower()) for s in sig.evidence}
    assert (1, "you people are impossible") in quoted


@pytest.mark.parametrize(
    "text", ["this is ridiculous", "Unacceptable.", "I have asked you FIVE times for a refund"]
)
def test_short_verdicts_and_counted_asks_fire(text: str) -> None:
    """A one-line verdict on the service and an ask repeated a counted number of times (in words) fire."""
    assert signal(text).fired
