"""Crisis language and regulated questions worded the way customers write them, beyond the list entries, and
the look-alikes that must stay quiet; read through `analysis.signals`, the product's own path."""

from __future__ import annotations

import pytest

from phasegate.policy.schema import Policy
from phasegate.triage.analysis import signals
from phasegate.triage.conversation import from_texts
from phasegate.triage.detectors import SELF_HARM

POLICY = Policy()


def fires(name: str, text: str) -> bool:
    """Whether the default policy's signal `name` fires on one customer message."""
    return signals(from_texts([text]), POLICY)[name].fired


@pytest.mark.parametrize(
    "text",
    [
        "I just don't see the point of going on anymore",
        "honestly what is the point in going on, nothing works out",
        "sorry for the rant. I don't know what the point of living is some days",
        "I can't go on. the refund was my last hope",
        "i cant go on like this much longer",
        "there's no reason for me to go on",
        "I really don't want to be here anymore, not just on this website",
        "sometimes I wish I'd never been born",
        "my family would be better off without me and the debt",
        "I have lost the will to live",
        "ive got nothing left to live for since the divorce",
        "I keep thinking about taking too many pills",
        "dont want to be alive tbh",
        "I don't think I can go on anymore",
        "i'm so done with life",
        "everyone would be happier without me",
        "ya no quiero seguir viviendo",
        "je ne veux plus vivre comme ça",
        "ich habe Suizidgedanken",
        "non voglio più vivere",
        "não quero mais viver",
        "life isn't worth it anymore",
        "I don't see the point in living anymore",
        "I've been having thoughts of hurting myself",
        "no one cares if I live or die",
        "I'm thinking about taking all my pills",
        "I'd rather be dead than deal with this",
        "there's no reason to keep on living",
        "I feel like such a burden, everyone would be better off",
        "nobody would care if i was gone",
        "I'm not going to be here much longer anyway",
        "I wrote a goodbye letter to my family",
        "i want to jump off a building",
        "I'm standing on the roof right now",
        "I can't keep living like this",
        "I've been hurting myself again",
    ],
)
def test_indirect_crisis_language_fires(text: str) -> None:
    """Ideation said without the obvious words still raises the crisis signal."""
    assert fires("self_harm", text), text


@pytest.mark.parametrize(
    "text",
    [
        "I can't go on the website, it keeps crashing",
        "I can't go on waiting for this parcel forever",
        "what's the point of the tracking page if it never updates?",
        "is there any reason to keep my subscription?",
        "the point of going on holiday was to wear these shoes",
        "I'm so done with this company",
        "I can't take it anymore, third late delivery",
        "give up on the order, just refund me",
        "I want to end my subscription",
        "the phone died and will not wake up",
        "I'm done with living in this flat, cancel my broadband",
        "I can go on the website now, thanks",
        "the battery life isn't worth it for the price",
        "I'm gonna hurt myself on this ladder, the step is loose",
        "I keep hurting myself on the sharp corner of the table",
        "I could sleep forever on this mattress",
        "my phone battery won't be alive much longer, can you rush the charger",
        "everyone would be better off if you just fixed your website",
        "I can't keep going back and forth with your support",
        "this delay is killing me",
        "I'm dying to get my hands on the new collection",
        "what is the point of life, asking for a friend",
    ],
)
def test_everyday_venting_is_not_crisis(text: str) -> None:
    """Venting, cancellations and dead devices do not raise the crisis signal."""
    assert not fires("self_harm", text), text


@pytest.mark.parametrize(
    "text",
    [
        "Can I give this formula to my 3 month old who has reflux?",
        "my little one gets colic, will the anti-colic bottles help?",
        "does the cream help with acne scars?",
        "I get migraines from strong smells, is the candle scented?",
        "I take warfarin, can I use the turmeric capsules?",
        "is the gel ok with blood thinners",
        "my son has ADHD, will the weighted blanket help?",
        "she's on insulin, are the gummies sugar free?",
        "I'm in my first trimester, can I use the massage oil?",
        "I'm still breast feeding, is the tea ok?",
        "is the necklace a choking risk for a baby?",
        "the toy says small parts warning, what age is it suitable for?",
        "does the remote use a button battery? I have a toddler",
        "is the paint on the crib lead paint free?",
        "does the granola contain peanuts?",
        "my daughter is allergic to latex, are the gloves latex free?",
        "I had surgery last week, can I wear the compression socks?",
        "the sleeping bag is sold for babies, is it safe sleep approved?",
        "is it against the law to sell used car seats?",
        "can you legally keep my deposit?",
        "am I within my rights to cancel after the cooling off period?",
        "are you liable if the courier damaged it?",
        "is it even lawful to charge a restocking fee?",
        "does the law require you to refund the postage?",
        "do I have a legal right to a refund for a faulty item?",
        "es legal cobrar dos veces?",
        "are the kids pajamas flame resistant",
        "is my stroller part of the recall?",
        "has this car seat been recalled",
    ],
)
def test_regulated_questions_fire(text: str) -> None:
    """Health conditions, medicines, pregnancy, child safety and legal questions fire regulated_topic."""
    assert fires("regulated_topic", text), text


@pytest.mark.parametrize(
    "text",
    [
        "my baby loves the blanket, can I order another colour?",
        "do you have the rash guard in a medium?",
        "we keep bee hives, do you sell smokers?",
        "is the laptop battery replaceable?",
        "I had cabin fever so I ordered three puzzles",
        "the liver-coloured leather looks brown in the photo",
        "the kidney bean pack was missing from my delivery",
        "the formula on the invoice is wrong, the total is off",
        "my 10 year old son wants the blue one, is it in stock?",
        "can I return a gift I gave to my nephew?",
        "what's the point of a loyalty card if it never works?",
        "I can't recall my password",
    ],
)
def test_regulated_look_alikes_stay_quiet(text: str) -> None:
    """Product names and everyday asks that share a word with the new entries fire no regulated_topic."""
    assert not fires("regulated_topic", text), text


def test_crisis_list_holds_no_duplicates() -> None:
    """SELF_HARM names each phrase once."""
    assert len(SELF_HARM) == len(set(SELF_HARM))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("legal_threat", "I've already spoken to a legal advisor"),
        ("legal_threat", "consider this a formal notice before I take further steps"),
        ("legal_threat", "this is your final warning before I escalate to the courts"),
        ("legal_threat", "you will receive a letter before action from me"),
        ("third_party_claim", "I've reported my card stolen, there's a charge I didn't make"),
        ("third_party_claim", "there's an order I didn't place on my account"),
        ("emotional_load", "my wife left me and took the card, please cancel the order she placed"),
    ],
)
def test_threats_and_claims_worded_without_the_seed_words_fire(name: str, text: str) -> None:
    """Counsel consulted, formal notice, the courts, a stolen card or a charge the customer did not make."""
    assert fires(name, text), text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("legal_threat", "does this shoe grip well on the courts near my house?"),
        ("third_party_claim", "I didn't make it home in time for the delivery, can you redeliver?"),
        ("emotional_load", "my husband left me a note saying the parcel came"),
    ],
)
def test_look_alikes_of_the_new_threat_entries_stay_quiet(name: str, text: str) -> None:
    """Everyday sentences sharing words with the new entries fire nothing."""
    assert not fires(name, text), text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("legal_threat", "where is my order? if it isn't here by friday I'll contact my lawer"),
        ("legal_threat", "my laywer will be in touch"),
        ("legal_threat", "where is my order? my lawyr says you owe me"),
        ("legal_threat", "where is my order? I'll see you in cuort"),
        ("legal_threat", "I am speaking to an attorny today"),
        ("legal_threat", "my lawyar has the emails"),
        ("review_threat", "where is my order, or I'm leaving a bad reveiw"),
        ("product_harm", "the cream gave my daughter an alergic reaction"),
        ("self_harm", "honestly I want to kill mysef"),
        ("self_harm", "i've been feeling sucidal since I lost my job"),
        ("third_party_claim", "where is my order? i'm filing a chargback with my bank"),
        ("third_party_claim", "where is my order? this is fraudulant"),
        ("emotional_load", "where is my order? it was for the funral"),
        ("regulated_topic", "is this lotion safe while pregant?"),
    ],
)
def test_a_misspelt_key_word_still_fires(name: str, text: str) -> None:
    """A letter left out, two swapped or a vowel changed in a key word of five letters or more: these sent
    "where is my order? ... I'll contact my lawer" autonomous before (the word read as written)."""
    assert fires(name, text), text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("legal_threat", "the top layer of the cake stand came off"),
        ("legal_threat", "can you count the items in my order again"),
        ("legal_threat", "the power cord is too short"),
        ("legal_threat", "is there a lower price for the court shoes?"),
        ("review_threat", "can I preview the item before I buy?"),
        ("self_harm", "can I change the size myself?"),
        ("legal_threat", "the lable for the courier is liable to peel off"),
        ("product_harm", "do you sell the hot dog buns too"),
    ],
)
def test_words_one_letter_from_a_key_word_that_are_words_stay_quiet(name: str, text: str) -> None:
    """English words a slip away from a key word ("layer", "count", "cord", "lower", "buns") are read as
    written, and so is a misspelling as near another English word ("lable": "label" or "liable")."""
    assert not fires(name, text), text


def test_a_misspelt_key_word_is_shown_as_the_customer_wrote_it() -> None:
    """The evidence is the customer's own characters, not the word read in their place."""
    text = "where is my order? my Lawer will call you"
    sig = signals(from_texts([text]), POLICY)["legal_threat"]
    assert [e.text for e in sig.evidence] == ["Lawer"]
