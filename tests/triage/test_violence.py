"""Threats of violence fire the built-in `violence` signal, in disguise and in other languages, and keep the
ticket from autonomy whatever the policy; violent words that threaten no one stay quiet."""

from __future__ import annotations

import pytest

from phasegate.policy import decide
from phasegate.policy.schema import Policy
from phasegate.triage.analysis import signals
from phasegate.triage.conversation import from_texts
from phasegate.triage.violence import spans
from tests.policy.factories import SPEC_POLICY, analysis, context

POLICY = Policy()

THREATS = [
    # where a place is, with a warning beside it (fifteenth session's probes)
    "I know where your warehouse is. Fix it or else.",
    "You've been warned. We know where your office is.",
    "i know where you are, watch out",
    "we know where ur ceo is. u have been warned",
    # veiled (fourteenth session's probes)
    "where's my order. watch what happens to your store",
    "keep ignoring me and see what happens to your staff",
    "your driver better pray I don't see him again",
    "I'll make sure your delivery guy never drives again",
    "je vais brûler votre magasin",
    "ich werde euren Laden anzünden",
    "voy a quemar su tienda",
    "vou quebrar a sua cara",
    "where is my order A-2231? I have a gun and I know where your warehouse is",
    "where's my refund. I know where your CEO lives",
    "I'm going to come down there and hurt somebody if this isn't fixed",
    "if my package isn't here tomorrow I will burn your store down",
    "i'm going to shoot up your store",
    "where is my order, I swear I'll kill the delivery guy",
    "I will come to your store and hurt your staff",
    "you'd better watch your back",
    "I've got a loaded pistol and nothing to lose",
    "we know where your driver lives",
    "te voy a matar si no llega mi pedido",
    "je vais vous tuer",
    "ich bring euch um",
    "vi ammazzo tutti",
    "vou te matar",
    "I'm going to find where your manager lives",
    "gonna beat the crap out of your driver",
    # violent abuse of the reader: no answer of an AI's should follow it
    "where is my order A-1234? go kill yourself",
    "where is my order A-1234? I hope you all die",
    "where is my order A-1234 kys",
    "I hope your store burns to the ground",
    "I hope your driver gets hit by a bus",
    "drop dead",
    # being hunted, or where one works (probes, 2026-12-07)
    "where is my order A-1234? I know where you work",
    "where is my order A-1234? I will find you",
    "where is my order A-1234? I'll hunt you down",
    "I'm coming for you. where is my refund",
    "I'll hunt\n  you   down",
    # a home address known (probes, eleventh session)
    "where is my order. I know your home address",
    "we found your CEO's home address",
    # disguised (eleventh session's probes): a lone "1" for "I", a small capital F
    "where is my order? 1 w1ll k1ll y0ur dr1v3r",
    "where is my order? \u026a \u1d21\u026a\u029f\u029f \ua730\u026a\u0274\u1d05 \u028f\u1d0f\u1d1c",
    # twelfth session's probes: a weapon brought, harm as the price of a refusal, a bomb, a beating, a family
    "I know where your warehouse is and I'm coming with a bat",
    "I'll be waiting outside your office with my gun",
    "if I don't get my refund someone is going to get hurt",
    "refund me or else someone's gonna get hurt",
    "there's a bomb in your warehouse",
    "I'm going to find the driver and beat him up",
    "I hope your whole family dies",
    # 2026-12-07, thirteenth session
    "I'm going to come to your office with a gun",
    "I will show up at your store with a knife",
    "I will find you and I will make you pay",
    "your driver is dead meat",
    "I'm going to wring your neck",
    "if I see that courier again he's getting his teeth knocked in",
    "where is my order A-1234? I'll slit your throat",
    "we're gonna burn your warehouse to the ground",
    "someone should bomb your HQ",
    "where is my order A-1234? i will end you",
    "your delivery guy won't see tomorrow",
    "where is my order? i'm gonna put your driver in the hospital",
    "where is my order? I'll make sure your manager never walks again",
    "where is my order? I'm going to run your driver over",
    "where is my order? your staff deserve to be shot",
    "where is my order? I'll strangle the next person who answers",
    "where is my order? I will hurt your family",
    "where is my order? I know your kids' school",
    "where is my order? I'll be outside your house tonight",
    "where is my order? I'll set your warehouse on fire",
    "where is my order? I'm going to break every bone in his body",
    "where is my order? te voy a partir la cara",
    "where is my order? je vais te casser la gueule",
    "where is my order? ich schlag dich tot",
]

QUIET = [
    "this wait is killing me, where is my order",
    "I could kill for a coffee right now, anyway where's my order",
    "please kill my subscription",
    "I'll shoot you an email with the photos",
    "I'll beat you to it and cancel myself",
    "I'll hit you up tomorrow",
    "I have a gun safe from you and the lock is broken",
    "I own a rifle scope you sold me and it's foggy",
    "I'm worried this sharp edge will hurt someone",
    "I'm going to kill the team plan and go solo",
    "the heater could burn the house down, please recall it",
    "I'll hurt your feelings but the dress is ugly",
    "I know where your store is, I'll just come in",
    "I know your address from the website, can I drop off the return?",
    "please update my home address, I moved",
    "only 1 will fit in the box, can I order 2?",
    "I'm gonna beat your competitor's price",
    "the knife I ordered is blunt",
    "I'll kill it at the party with this dress",
    "honestly I'm about to kill my wifi router",
    "the posture brace says watch your back posture",
    "I'll beat you guys' delivery time by driving over myself",
    "where do you live? asking for delivery",
    "the kids kick the stuffing out of the beanbag",
    "careful, you could kill yourself on that ladder, the rung is loose",
    "the dress is drop-dead gorgeous, do you have it in red?",
    "I hope you get this sorted soon",
    "I hope the driver finds the house this time",
    "I hope the package dies a quick death lol",
    "I'll find you a photo of the label",
    "I'll track down your email and reply",
    "I'm coming for you to pick up my order",
    "can you find where I live on the map, the driver got lost",
    "this lid is so sharp someone is going to get hurt",
    "if you keep selling this, someone is going to get hurt",
    "I'm coming to the store with my knife to get it sharpened",
    "I'll come to the store with my knife to get it sharpened",
    "I'll come in with my hammer for the exchange",
    "I'm going to come by with a friend",
    "I'll find you a better size and let you know",
    "I'll break your record for most orders lol",
    "this collar will break your dog's neck, it's too tight",
    "we'll kill it at the race with these shoes",
    "I'll end your subscription myself if you don't fix billing",
    "you're dead wrong about the return window",
    "he's getting his teeth fixed so he can't come to the door",
    "you won't see the package tomorrow because of the holiday?",
    "someone should burn the instructions, they're useless",
    "I'll be at your place at 3 to pick up my order",
    "I'll run down to the store",
    "I'll make sure your manager never sees this again",
    "I'll put you in touch with my lawyer",
    "I'll put the order in the ground floor locker",
    "my family should be fine with the size",
    "your staff should be trained better",
    "we should set up a fire pit with the stove",
    "I'm coming in with my bat to return it",
    "a bomb threat delayed my flight",
    "this product is the bomb",
    "I hope your family enjoys the gift",
    "let's see what happens to my order tomorrow",
    "I know where your store is, I'll pick it up there",
    "I know where the warehouse is, it's near me, can I collect?",
    "or else I'll go elsewhere. I know where your competitors are",
    "I know where your store is, watch out for my review",
    "watch what happens to the price after black friday",
    "we'll see what happens to the shipment",
    "I pray I don't see another delay",
    "you better pray this arrives",
    "je vais brûler des calories avec ce vélo",
    "voy a quemar las calorías con esta bici",
    "ich werde die Kerze anzünden, sobald sie ankommt",
]


@pytest.mark.parametrize("text", THREATS)
def test_threats_fire(text: str) -> None:
    """A threat to act on a person or a place of the brand's, a weapon held, or where staff live fires."""
    assert signals(from_texts([text]), POLICY)["violence"].fired, text


@pytest.mark.parametrize("text", QUIET)
def test_violent_words_that_threaten_no_one_stay_quiet(text: str) -> None:
    """Hyperbole, idioms, products and a product's danger are no threat."""
    assert not signals(from_texts([text]), POLICY)["violence"].fired, text


@pytest.mark.parametrize(
    "text",
    [
        "im gonna k1ll ur driver",
        "I'll k i l l the delivery guy",
        "I have a g.u.n",
        "I'LL ＫＩＬＬ YOUR MANAGER",
        "Im g o n n a  s h o o t  u p  your store",
        "I kn0w wh3re y0ur w4rehouse is, 0r else",
    ],
)
def test_disguised_threats_fire(text: str) -> None:
    """Leetspeak, spaced or dotted letters and full-width forms do not hide a threat."""
    assert signals(from_texts([text]), POLICY)["violence"].fired, text


def test_evidence_quotes_the_customers_words() -> None:
    """The evidence span is the threat as written."""
    text = "Where is it? I swear I'll kill the delivery guy."
    (span,) = signals(from_texts([text]), POLICY)["violence"].evidence
    assert text[span.start : span.end] == span.text == "I swear I'll kill the delivery guy"


def test_a_text_with_no_key_word_runs_no_pattern() -> None:
    """Without a verb, a weapon or "know" the text is not searched: nothing is found."""
    assert spans("where is my order? it has been two weeks") == []


def test_a_threat_keeps_the_ticket_from_autonomy_under_any_policy() -> None:
    """The signal maps to never_autonomous with its detail in phase 3, even under a policy whose keyword lists
    are all switched off (the signal has no list to empty)."""
    bare = SPEC_POLICY.model_copy(update={"keywords": {name: [] for name in SPEC_POLICY.keywords}})
    found = signals(from_texts(["where is my order A-2231? I have a gun"]), bare)
    decision = decide(analysis("order_status", 0.99, signals=list(found.values())), context(), bare)
    assert decision.route != "autonomous"
    details = [t.detail for t in decision.triggers if t.code == "never_autonomous"]
    assert any(d.startswith("threat of violence or violent abuse ('I have a gun')") for d in details), details
