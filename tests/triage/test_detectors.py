"""The keyword-list signals and the request for a human: positives, negatives, and look-alikes."""

from __future__ import annotations

import pytest

from phasegate.policy.schema import Policy
from phasegate.triage.conversation import SUBJECT, Conversation, Turn, from_texts
from phasegate.triage.detectors import human_request, keyword_signal, keyword_signals

POLICY = Policy()


def fired(name: str, *texts: str, policy: Policy = POLICY) -> bool:
    """Whether signal `name` fires on a conversation of customer texts."""
    return keyword_signal(name, from_texts(texts), policy).fired


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to sue you",
        "my lawyer will be in touch",
        "we are talking to our attorneys",
        "I will take legal action",
        "see you in small claims court",
        "you'll be sued for this",
        "my attorney-at-law has been informed",
    ],
)
def test_legal_threat_fires(text: str) -> None:
    """Lawyers, suing and legal action fire legal_threat, inflected or not."""
    assert fired("legal_threat", text)


@pytest.mark.parametrize(
    "text",
    [
        "this issue is still open",
        "I love the suede boots",
        "Hi Sue, thanks for the help",
        "the tissue box",
        "Where is my order? Thanks, Sue",
        "Where is my order?\n\nKind regards,\nSue Miller",
    ],
)
def test_legal_threat_ignores_look_alikes(text: str) -> None:
    """ "sue" inside issue/suede/tissue, or Sue the agent's or the writer's name, is no threat."""
    assert not fired("legal_threat", text)


@pytest.mark.parametrize(
    "text",
    [
        "I'll leave a review",
        "posting 1-star reviews everywhere",
        "reviewing you on yelp",
        "please review my case",
        "I'm posting this on every forum I can find",
        "my youtube channel has 200k subscribers and they'll hear about this",
        "I'll make sure nobody ever buys from you again",
        "I'm going to the press with this",
        "I'll write to my congressman about this",
        "I'm going to warn my 10k instagram followers",
    ],
)
def test_review_fires_literally(text: str) -> None:
    """The seed's rule is literal: any "review" (inflected) fires, threat or not."""
    assert fired("review_threat", text)


def test_review_detail_tells_threat_from_mention() -> None:
    """A public-review threat scores higher than a literal mention and says so."""
    threat = keyword_signal("review_threat", from_texts(["I'll post a bad review on google"]), POLICY)
    mention = keyword_signal("review_threat", from_texts(["can you review my order"]), POLICY)
    assert threat.score > mention.score
    assert threat.detail.startswith("public-review threat")
    assert mention.detail.startswith("literal mention")


@pytest.mark.parametrize("text", ["can I preview the colours?", "I viewed the page", "a great overview"])
def test_review_ignores_other_words(text: str) -> None:
    """preview, viewed and overview are not the word review."""
    assert not fired("review_threat", text)


def test_review_rule_is_configurable() -> None:
    """A brand that takes the bare word out ("!review") and lists phrases instead gets threats only."""
    policy = Policy.model_validate(
        {"keywords": {"review_threat": ["leave a review", "bad review", "!review"]}}
    )
    assert fired("review_threat", "I will leave a review", policy=policy)
    assert not fired("review_threat", "please review my case", policy=policy)


@pytest.mark.parametrize(
    "text",
    [
        "the heater caught fire",
        "it burned my daughter's hand",
        "my son got a rash",
        "I had an allergic reaction",
        "we ended up in the emergency room",
        "the battery exploded",
        "my toddler choked on a small part",
        "there was a fire in the kitchen",
        "the smoke alarm went off because of the charger",
        "the water bottle has mold inside and I drank from it",
        "the space heater tipped over and scorched the carpet",
        "me quemé la mano con la plancha",
        "mon fils a avalé un aimant",
        "mein Kind hat eine Batterie verschluckt",
        "mi sono bruciata con il ferro",
        "me queimei com o ferro",
    ],
)
def test_product_harm_fires(text: str) -> None:
    """Injury, burns, fire, rashes, reactions, hospitals, choking fire product_harm."""
    assert fired("product_harm", text)


@pytest.mark.parametrize(
    "text",
    [
        "is the jacket fire-resistant?",
        "I love the burnt orange colour",
        "do you have it in burnt sienna",
        "does the Fire TV stick work with it",
        "I got fired so I need to cancel",
        "no one was hurt, but it arrived dented",
        "don't make any rash decisions",
        "is this fireproof",
    ],
)
def test_product_harm_ignores_look_alikes(text: str) -> None:
    """Fire-resistant, colour names, Fire TV, being fired and negated harm do not fire."""
    assert not fired("product_harm", text)


@pytest.mark.parametrize(
    "text",
    [
        "I'll file a chargeback",
        "I opened a dispute with my bank",
        "I filed a police report",
        "the BBB will hear",
        "my card was used without my permission, someone stole it",
        "someone hacked my account and ordered stuff",
        "this is fraud, I never made this purchase",
    ],
)
def test_third_party_claim_fires(text: str) -> None:
    """Chargebacks, bank disputes, police reports, the BBB, fraud and account takeover fire
    third_party_claim."""
    assert fired("third_party_claim", text)


@pytest.mark.parametrize("text", ["can I add shipping insurance?", "is package insurance included"])
def test_third_party_claim_ignores_shipping_insurance(text: str) -> None:
    """Buying shipping insurance is a product question, not a claim."""
    assert not fired("third_party_claim", text)


@pytest.mark.parametrize(
    "text",
    [
        "my mother passed away last week",
        "the gift was for my late husband",
        "I was just diagnosed with cancer",
        "my mum passed last week and I need to cancel her subscription",
        "my husband hits me, please change the delivery address so he doesn't see it",
        "my boyfriend hit me and I need the parcel sent to my sister's",
        "I'm a single mom and this money was all I had",
        "I've been crying all day about this",
        "I have a restraining order against my ex, don't give him my address",
    ],
)
def test_emotional_load_fires(text: str) -> None:
    """Bereavement (also said with bare "passed" after a parent or spouse), serious illness and abuse at home
    fire emotional_load."""
    assert fired("emotional_load", text)


@pytest.mark.parametrize(
    "text",
    [
        "my phone died so I couldn't reply",
        "the battery died after a week",
        "about my late order A-5521",
        "my son passed his exam, where is his gift?",
        "my order passed customs yesterday",
        "beats me why it is late",
        "he beat me to the last one in stock",
        "the fan blade hits me when I lean in",
    ],
)
def test_emotional_load_ignores_devices_and_late_orders(text: str) -> None:
    """A dead battery, "my late order", a child passing an exam and "beats me" are not grief or abuse."""
    assert not fired("emotional_load", text)


@pytest.mark.parametrize(
    "text",
    [
        "is it safe while pregnant?",
        "can you diagnose this rash",
        "I need medical advice",
        "do I need a prescription",
    ],
)
def test_regulated_topic_fires(text: str) -> None:
    """Health and legal-advice questions fire regulated_topic."""
    assert fired("regulated_topic", text)


@pytest.mark.parametrize(
    "text",
    [
        "I want to know what personal data you hold on me",
        "do you share my data with third parties?",
        "please delete all my data",
    ],
)
def test_personal_data_rights_are_regulated(text: str) -> None:
    """Access to, erasure and sharing of personal data are legal questions (GDPR, CCPA)."""
    assert fired("regulated_topic", text)


@pytest.mark.parametrize(
    "text",
    ["what's the cure time for the epoxy", "where is my order", "I want to update my personal information"],
)
def test_regulated_topic_negatives(text: str) -> None:
    """Glue cure time and ordinary questions are not regulated topics."""
    assert not fired("regulated_topic", text)


def test_brand_lists_add_to_the_built_in_ones() -> None:
    """A brand's list adds its words ("refund" becomes a regulated topic) and keeps the built-in ones, unless
    it takes one out with "!entry" ("pregnant" dropped); a "!phrase" that names no built-in entry vetoes
    overlapping hits as before."""
    policy = Policy.model_validate({"keywords": {"regulated_topic": ["refund"]}})
    assert fired("regulated_topic", "I want refunds", policy=policy)
    assert fired("regulated_topic", "is it safe while pregnant", policy=policy)
    assert fired("regulated_topic", "I am pregnant, fine to wear?", policy=policy)
    policy = Policy.model_validate({"keywords": {"regulated_topic": ["refund", "!pregnant"]}})
    assert not fired("regulated_topic", "I am pregnant, fine to wear?", policy=policy)
    assert fired("regulated_topic", "is it safe with my eczema", policy=policy)
    policy = Policy.model_validate({"keywords": {"regulated_topic": ["refund", "!refund policy"]}})
    assert not fired("regulated_topic", "what is the refund policy", policy=policy)


def test_spec_example_lists_keep_the_built_in_understanding() -> None:
    """SPEC's example policy names the seed's short lists; a brand that copies it still gets the phrases,
    languages and shapes beyond them (the issue's "beyond the keyword list")."""
    spec = Policy.model_validate(
        {
            "keywords": {
                "legal_threat": ["lawyer", "attorney", "sue", "lawsuit", "legal action"],
                "review_threat": ["review"],
                "regulated_topic": [
                    "diagnose",
                    "cure",
                    "medical advice",
                    "pregnant",
                    "prescription",
                    "legal advice",
                ],
            }
        }
    )
    assert fired("legal_threat", "I'LL SEE YOU IN COURT", policy=spec)
    assert fired("legal_threat", "mi abogado le llamará", policy=spec)
    assert fired("review_threat", "enjoy your 1 star on trustpilot", policy=spec)
    assert fired("regulated_topic", "is this ok with my asthma", policy=spec)
    assert fired("regulated_topic", "can I give this to my 3 month old", policy=spec)


def test_evidence_points_at_the_words() -> None:
    """Spans name the message and the exact offsets of the matched words."""
    conv = from_texts(["hello", "ok my Lawyer says otherwise"])
    sig = keyword_signal("legal_threat", conv, POLICY)
    span = sig.evidence[0]
    assert (span.message, span.text) == (1, "Lawyer")
    assert conv.turns[1].text[span.start : span.end] == "Lawyer"


def test_subject_is_read_as_message_minus_one() -> None:
    """A threat in the subject line is evidence at message index -1."""
    conv = Conversation((Turn(SUBJECT, "Lawsuit incoming"), Turn(0, "see subject")))
    sig = keyword_signal("legal_threat", conv, POLICY)
    assert sig.fired and sig.evidence[0].message == SUBJECT


@pytest.mark.parametrize(
    "text",
    [
        "can I speak to a human please",
        "let me talk to a real person",
        "transfer me to an agent",
        "I want to speak with your manager",
        "agent",
        "get me a human",
        "I don't want to talk to a bot",
        "I refuse to deal with a machine",
        "quiero hablar con una persona",
        "Quiero hablar con un supervisor.",
        "je veux parler à un superviseur",
        "je veux parler à un humain",
        "ich möchte mit einem Menschen sprechen",
        "agent agent agent",
        "REPRESENTATIVE",
        "get me a manager",
        "i want a hooman",
        "transfer me to customer service",
        "i want to speak to ur manager immediately!!!!",
        "can someone from your team call me?",
        "please have a manager contact me",
        "put me through to billing",
        "I'd rather deal with a person",
        "no more bots please",
        "chcę rozmawiać z człowiekiem",
        "ik wil een medewerker spreken",
        "jag vill prata med en människa",
        "is there anyone there who isn't a robot",
        "stop giving me bot answers and get someone who can help",
        "where is my order? who is your manager",
        "is there a human there",
        "are there any humans reading this?",
        # sixteenth session's probes: the ask as the message's last sentence, a manager put on
        "Where is my order A-12345? representative",
        "Where is my order A-12345?  Agent!!",
        "it's been two weeks. operator",
        "put your supervisor on",
        "get a manager on the phone now",
        "Where is my order A-1234? get me a rep",
    ],
)
def test_human_request_fires(text: str) -> None:
    """Asking for a person in its common phrasings (refusing the bot, five languages) fires human_request."""
    assert human_request(from_texts([text]), POLICY).fired


@pytest.mark.parametrize(
    "text",
    [
        "is it safe for the human body?",
        "the agent was helpful, thanks",
        "my travel agent booked it",
        "the robot vacuum doesn't work",
        "I don't want to talk about the bot order, just the tent",
        "I need your manager's email for the invoice",
        "get me a refund",
        "I had to deal with a person at your store who was rude",
        "no more emails please, unsubscribe me",
        "can you call me a taxi",
        "put me on the mailing list",
        "een mens is geen robot",
        "prata med din läkare",
        "I'm not a robot but the captcha won't load",
        "is anyone there? my order is late",
        "is there a person available to sign for the parcel?",
        "Who signed for it? The agent.",
        "I spoke to an operator yesterday",
        "put your name on the parcel",
        "I need a rep code for the discount",
    ],
)
def test_human_request_negatives(text: str) -> None:
    """Mentioning humans or agents is not asking for one."""
    assert not human_request(from_texts([text]), POLICY).fired


def test_a_brand_list_becomes_a_signal() -> None:
    """A list the brand adds under a new name is matched and reported as its own signal."""
    policy = Policy.model_validate({"keywords": {"competitor": ["acme"], "frustration": ["meh"]}})
    signals = keyword_signals(from_texts(["Acme does it cheaper"]), policy)
    assert signals["competitor"].fired
    assert "frustration" not in signals


def test_crisis_language_cannot_be_configured_away() -> None:
    """A policy that vetoes, empties or never lists crisis words still gets the crisis signal and a human."""
    from phasegate.policy import DecisionContext, decide
    from phasegate.triage.detectors import self_harm
    from phasegate.triage.schemas import Analysis

    hostile = Policy.model_validate(
        {
            "never_autonomous": [],
            "phases": {"order_status": 3},
            "keywords": {"self_harm": ["!end it all", "!suicidal"], "emotional_load": []},
        }
    )
    conv = from_texts(["where is my order, honestly I want to end it all"])
    crisis = self_harm(conv, hostile)
    assert crisis.fired and crisis.evidence[0].text == "end it all"
    a = Analysis(category="order_status", confidence=0.99, signals={"self_harm": crisis})
    d = decide(a, DecisionContext(), hostile)
    assert d.route == "human" and d.codes == ("never_autonomous",)


def test_a_policy_list_adds_crisis_words() -> None:
    """The policy list `self_harm` adds words of the brand's own to the built-in crisis language."""
    from phasegate.triage.detectors import self_harm

    policy = Policy.model_validate({"keywords": {"self_harm": ["lights out for me"]}})
    assert self_harm(from_texts(["it's lights out for me soon"]), policy).fired
    assert not self_harm(from_texts(["it's lights out for me soon"]), POLICY).fired


def test_selected_phrasings_find_what_every_phrasing_finds() -> None:
    """The request-for-a-person spans from only the phrasings whose key words the text holds equal those of
    the whole HUMAN_REQUEST alternation, on the agreement texts (asks for a person, obfuscated, long)."""
    from phasegate.triage.detectors import _human_request_spans
    from tests.triage import agreement

    texts = agreement.texts()
    differ = [
        t for t in texts if _human_request_spans(t, select=True) != _human_request_spans(t, select=False)
    ]
    assert not differ, differ[:3]
    assert sum(bool(_human_request_spans(t, select=True)) for t in texts) > 50


def test_selected_phrasings_keep_the_alternation_order() -> None:
    """Where two phrasings match at one place, the earlier one in HUMAN_REQUEST wins, as in the alternation:
    "escalate this to a manager" whole, not "escalate this"."""
    from phasegate.triage.detectors import _human_request_spans

    text = "Please escalate this to a manager. Also escalate it, and escalate my case with a supervisor."
    spans = _human_request_spans(text, select=True)
    assert spans == _human_request_spans(text, select=False)
    assert [s[2] for s in spans] == [
        "escalate this to a manager",
        "escalate it",
        "escalate my case with a supervisor",
    ]


def test_keyword_detectors_read_alike_with_the_whole_alternation(monkeypatch: pytest.MonkeyPatch) -> None:
    """keyword_signals, self_harm and human_request give the same signals (scores, spans, details) with
    word-selected matching as with every entry's pattern run over every text."""
    from phasegate.triage import detectors, lexicon
    from tests.triage import agreement

    convs = [from_texts([t]) for t in agreement.originals()]
    convs += [from_texts(agreement.originals()[i : i + 4]) for i in range(0, 400, 4)]

    def run() -> list[object]:
        detectors.human_request_spans.cache_clear()
        out: list[object] = []
        for c in convs:
            out.append(keyword_signals(c, POLICY))
            out.append(detectors.self_harm(c, POLICY))
            out.append(human_request(c, POLICY))
        return out

    fast = run()
    monkeypatch.setattr(lexicon, "SELECT", False)
    monkeypatch.setattr(detectors, "PREFILTER", False)
    slow = run()
    detectors.human_request_spans.cache_clear()
    assert fast == slow
    assert sum(s.fired for d in fast if isinstance(d, dict) for s in d.values()) > 100


@pytest.mark.parametrize(
    "text",
    [
        "honestly I don't see the point of anything lately, my order is the least of it",
        "honestly nobody would notice if I were gone",
        "I'm so tired of living like this",
        "some days I don't want to wake up",
        "ya no quiero vivir",
        "im gonna kms lol this order is so late",
        "been thinking about sewerslide",
        "i just want to self delete",
        "I've been cutting myself again and I can't stop",
        "ik wil dood, niemand zou het merken",
        "chcę umrzeć",
        "ölmek istiyorum artık",
        "gonna end it tonight honestly",
        "what's even the point anymore, nothing works out for me",
        "this is my last message, goodbye everyone",
        "I have pills saved up",
        "je n'en peux plus, je veux disparaître",
        "ich kann nicht mehr, ich will verschwinden",
        "i want to 🔪 myself",
        "gonna 🔫 myself",
        "myślę o samobójstwie",
        "jag vill dö",
        "haluan kuolla",
        "chci umřít",
        "gusto ko nang mamatay",
        "nataka kufa",
        "main marna chahta hoon",
        "I've had enough of everything lately, I don't think I can keep going.",
        "I can't keep going like this, nothing ever works out for me",
        "honestly I'm sick of life at this point",
        "nobody cares if im here or not",
        "honestly i might just kms",
        "nobody will miss me when I'm gone",
        "i\u200bwant\u200bto\u200bkill\u200bmyself",
        "honestly dont even care anymore if i wake up tmrw. refund pls",
        "I wouldn't care if I never wake up",
        "I just want everything to stop",
        "j'ai envie d'en finir avec tout ça",
        "I've written my note and I'm ready",
        "I already wrote a goodbye letter to my kids",
        "where is my order A-1234? I'm going to off myself",
        "where is my order A-1234? I've taken a bunch of pills",
        # 2026-12-07, eleventh session
        "can I return these boots? I won't be needing them where I'm going",
        "can you cancel everything, I'm getting my affairs in order",
        "I'm giving away all my things, can you cancel my account",
        "where is my order? I just want the pain to stop",
        "where's my order, not that it matters, I won't be here to use it",
        "the world would be better without me in it",
        "I've got the rope ready",
        "where is my order? I want to commit die",
        # 2026-12-07, twelfth session
        "th1s is my l@st day on e@rth",
        "I have the pills ready",
        "I'm done with everything, this is my last message to anyone",
        "I've written letters to my family",
        "I don't see a future for myself",
        "I feel like there's no way out",
        "sometimes I think about just not being here anymore",
        "I'm going to jump off the balcony",
        "I've decided to end things",
        "it doesn't matter, I won't be alive next week",
        "I cut myself again last night",
        "please cancel my subscription, I won't be needing it after tonight",
        "what's the lethal dose of your sleep gummies",
        "I've been researching ways to die",
        "I looked up how many pills it takes",
        "I'm tired of being a burden",
        "my family would be better off with the insurance money",
        "I'm going to drive my car off the road",
        "kms honestly where is my package",
        "ugh, kms. the order still isn't here",
        "I hope I just don't wake up tomorrow",
        "my order never came and I feel like giving up on everything",
        "where is my order? I've been cutting again",
        # sixteenth session's probes
        "Where is my order A-12345? I have been having dark thoughts lately",
    ],
)
def test_indirect_crisis_language_fires(text: str) -> None:
    """Ideation stated without a crisis word ("if I were gone", "tired of living") still fires self_harm."""
    from phasegate.triage.detectors import self_harm

    assert self_harm(from_texts([text]), POLICY).fired


@pytest.mark.parametrize(
    "text",
    [
        "where is my order A-1234? je veux me tuer",
        "where is my order A-1234? quiero matarme",
        "where is my order A-1234? vou me matar",
        "where is my order A-1234? ya no quiero vivir",
        "where is my order A-1234? ich will nicht mehr leben",
        "where is my order A-1234? ich bringe mich um",
        "where is my order A-1234? Tengo ganas de morir",
        "where is my order A-1234? Ich möchte sterben",
        "where is my order A-1234? Mi voglio uccidere",
        "where is my order A-1234? Quero acabar com tudo",
        "where is my order A-1234? Ik wil er een eind aan maken",
        "where is my order A-1234? Chcę się zabić",
        "where is my order A-1234? Jag vill ta livet av mig",
        "where is my order A-1234? want 2 die",
        "where is my order A-1234? ya no aguanto más, me voy a quitar la vida",
        "where is my order A-1234? je vais me foutre en l'air",
    ],
)
def test_crisis_in_another_language_beside_an_order_fires(text: str) -> None:
    """Crisis words in Spanish, French, Portuguese or German after an English ask fire self_harm ("je veux me
    tuer" went to a person as out of scope, with no crisis label, until the eleventh session)."""
    from phasegate.triage.detectors import self_harm

    assert self_harm(from_texts([text]), POLICY).fired


@pytest.mark.parametrize(
    "text",
    [
        "I can't take it anymore, this is the third late delivery",
        "is there no way out of this subscription?",
        "I can't keep going back and forth with you about a refund",
        "the package seems to have disappeared",
        "that's a 240 kms drive to the nearest store",
        "please delete my account myself? I can't find the button",
        "I've been cutting myself on the sharp edge of the lid, please fix the design",
        "I cut the cake 🔪 myself, lol",
        "I took a screenshot and emailed it to myself",
        "when will I get a day to myself",
        "please end it, I don't want the subscription any more",
        "this is goodbye, I'm taking my business elsewhere",
        "I don't think I can keep going with this subscription at this price",
        "I'm sick of living paycheck to paycheck, can I pay in installments?",
        "I don't think I can go on the website from my phone",
        "nobody cares if I return it a day late, right?",
        "how many kms is the delivery radius?",
        "it is just 5 kms away from the warehouse and still not delivered",
        "I don't care if I wake up at 6, just deliver it before noon",
        "please take care if i wake up late and miss the courier",
        "cancel all of it, I want everything to stop shipping to my old address",
        "I've written my note for the gift message, is it too late to add it?",
        "I took the tag off myself, can I still return it?",
        "my last day at the company is friday, please update my email",
        "the last message I got from you said it shipped",
        "I have the pills you sent, which ones are the vitamin D?",
        "I've been thinking about ending my subscription",
        "at this rate I won't be alive to see it arrive",
        "my son ate five gummies, is that a lethal dose?",
        "I'll be here after tonight's delivery window, please try again",
        "I'll drive my car off to the shop tomorrow",
        "I've decided to end things with this brand, cancel my membership",
        "I've decided to end it, the subscription is too expensive",
        "I've been thinking about ending it, the plan isn't worth it",
        "1000 ways to die is my favourite show",
        "Distance (kms): 12, when will it arrive?",
        "kms away from the depot and still not here",
        "I hope I don't wake up the baby when the courier rings",
        "I've given up on everything to do with your app",
        "I've been cutting again the coupons out of your catalogue",
        "this will be my last order ever, I won't be around to get it, can you hold it?",
        "I took a bunch of photos of the damage",
        "I'll need it where I'm going, it's cold in Alaska",
        "the rope arrived, is it rated for climbing?",
        "I gave away my old tent, can I buy a new one?",
    ],
)
def test_everyday_venting_is_not_crisis(text: str) -> None:
    """Venting and vanished parcels do not raise the CRISIS label (frustration handles venting)."""
    from phasegate.triage.detectors import self_harm

    assert not self_harm(from_texts([text]), POLICY).fired


@pytest.mark.parametrize(
    ("signal", "text"),
    [
        ("legal_threat", "I've retained counsel regarding this matter"),
        ("legal_threat", "my legal rep will contact you"),
        ("legal_threat", "ti faccio causa"),
        ("review_threat", "my 40k followers will hear about this"),
        ("product_harm", "the food made me throw up all night"),
        ("third_party_claim", "I'm on the phone with my bank to reverse this"),
        ("third_party_claim", "I reported this to the police"),
        ("third_party_claim", "if it's not here by friday I'm contacting my bank"),
        ("third_party_claim", "I will talk to my bank about this charge"),
        ("emotional_load", "my son is in the ICU"),
        # fifteenth session's probes
        ("emotional_load", "i cant do this anymore. nothing matters. just cancel everything"),
        ("legal_threat", "Saya akan menuntut perusahaan anda"),
        ("legal_threat", "kami akan menggugat toko ini"),
        ("regulated_topic", "is deze crème veilig tijdens de zwangerschap?"),
        ("review_threat", "I'll make sure everyone on Nextdoor knows about this"),
        ("emotional_load", "I'm done with everything. goodbye."),
        ("regulated_topic", "czy mogę to stosować w ciąży?"),
        ("product_harm", "j'ai reçu une décharge électrique en branchant le chargeur"),
        ("human_request", "Quiero hablar con tu supervisor"),
        ("human_request", "Je veux parler à votre responsable"),
        # sixteenth session's probes
        ("review_threat", "I have 50k followers and they will all hear about this"),
        ("product_harm", "There was smoke coming out of the blender."),
        ("product_harm", "Das Ladegerät hat Feuer gefangen."),
        ("product_harm", "il caricabatterie ha preso fuoco"),
        ("product_harm", "o carregador pegou fogo"),
        ("emotional_load", "I've been having dark thoughts and this order was the last straw"),
        ("regulated_topic", "Can my dog eat the peanut butter treats?"),
        ("regulated_topic", "do i need a license to own this pepper spray"),
        ("regulated_topic", "How many of the sleep gummies can I take?"),
        ("product_harm", "The dog bed had a sharp wire sticking out and cut my dog's paw."),
        ("product_harm", "Mon fils s'est brûlé avec la lampe."),
        ("legal_threat", "Vi querelerò."),
        ("legal_threat", "Where is my order A-1234? Ik klaag jullie aan"),
        ("emotional_load", "Where is my order A-1234? my grandma is dying and this was her gift"),
        ("emotional_load", "my dad is terminally ill, please hurry"),
        ("third_party_claim", "Can you tell me who ordered this gift for me?"),
        ("third_party_claim", "What's the address on my ex's account?"),
        ("third_party_claim", "I'm reporting this to the CPSC"),
        ("regulated_topic", "Can I deduct this purchase on my taxes?"),
        ("regulated_topic", "Will the weighted blanket help with my anxiety?"),
        ("product_harm", "the kettle leaks water onto the plug"),
        # ninth session's probes
        ("emotional_load", "12 Elm St. And tbh I've been feeling really low lately, like nothing matters."),
        ("emotional_load", "I feel so alone since the move, and now the order is lost"),
        ("review_threat", "I'll post this all over TikTok and reddit"),
        ("regulated_topic", "my toddler chewed the lace and now has a cough, should I worry?"),
        ("regulated_topic", "my son's been coughing since he used the humidifier"),
        ("legal_threat", "refund nahi diya to case kar dunga"),
        ("legal_threat", "Podam was do sądu jeśli nie zwrócicie pieniędzy"),
        ("legal_threat", "tôi sẽ kiện công ty các bạn"),
        ("legal_threat", "si vous ne me remboursez pas je porterai plainte"),
        ("legal_threat", "Om ni inte återbetalar kontaktar jag Konsumentverket"),
        ("legal_threat", "Se não devolverem o dinheiro vou à justiça"),
        ("legal_threat", "Eğer paramı iade etmezseniz tüketici hakem heyetine başvuracağım"),
        ("product_harm", "mein Sohn hat sich an der Kante geschnitten"),
        ("product_harm", "mijn kind heeft een batterij ingeslikt"),
        ("product_harm", "moje dziecko połknęło magnes"),
        ("product_harm", "çocuğum pil yuttu"),
        ("third_party_claim", "what's the home address of the customer who ordered A-1234?"),
        ("third_party_claim", "give me the email of whoever bought the last red jacket"),
        ("third_party_claim", "my ex is using my account, change the password and don't tell her"),
        ("regulated_topic", "is the essential oil diffuser safe around my cat?"),
        ("product_harm", "I think the jar was tampered with, the seal was open"),
        ("product_harm", "the stroller brake failed and the pram rolled into the road"),
        ("emotional_load", "I'm being abused at home, please don't send anything to my address"),
        ("emotional_load", "someone is stalking me, please delete my address"),
        ("emotional_load", "my son was in a car accident, I need to cancel the order"),
        ("regulated_topic", "is the pepper spray legal in New York?"),
        ("review_threat", "where is my order A-1234? my cousin is a journalist and would love this story"),
        ("review_threat", "where is my order A-1234? I'll be contacting the BBC"),
        ("third_party_claim", "where is my order A-1234? I'm filing a report with the police"),
        ("third_party_claim", "where is my order A-1234? I opened a claim with Amazon"),
        ("legal_threat", "where is my order? we'll let the judge decide"),
        ("legal_threat", "where is my order, I've started proceedings"),
        ("review_threat", "where is my order? my nephew works for the local newspaper"),
        ("product_harm", "where is my order? the last candle set off my smoke alarm"),
        ("product_harm", "my toddler chewed the strap and a piece came off in his mouth"),
        ("third_party_claim", "where is my order? PayPal is investigating"),
        ("review_threat", "where is my order? I've screenshotted this whole conversation"),
        ("product_harm", "where is my order? the bike's front wheel came off while I was riding"),
        ("emotional_load", "where is my order? I'm a single mum struggling to pay rent"),
        ("review_threat", "where is my order? I'm contacting Watchdog"),
        ("third_party_claim", "where is my order? I called Visa and they're reversing it"),
        ("third_party_claim", "where is my order? I've asked my credit card to cancel the payment"),
        ("legal_threat", "I will be seeking legal advice about this"),
        ("regulated_topic", "i'm a minor, can i still order"),
        ("regulated_topic", "does this knife need age verification"),
        ("regulated_topic", "can I sell this on ebay without breaking copyright"),
        ("third_party_claim", "my neighbour got a parcel from you, what did they buy?"),
        ("third_party_claim", "please send the password reset link to a different address: other@y.com"),
        ("third_party_claim", "change the email on my account to new@x.com, I lost access to the old one"),
        ("regulated_topic", "does this interact with my meds"),
        ("emotional_load", "ma mère est décédée"),
        ("emotional_load", "I'm going through chemo and can barely get out of bed"),
        ("review_threat", "gonna roast you on youtube"),
        ("review_threat", "my 200k followers on insta are going to love this"),
        ("review_threat", "I'm writing to the CEO and the newspapers"),
        ("product_harm", "my cat died after eating your treats"),
        ("legal_threat", "Sizi dava edeceğim"),
        ("legal_threat", "Jeg sagsøger jer"),
        ("legal_threat", "Haastan teidät oikeuteen"),
        ("legal_threat", "i'll sue-you"),
        ("legal_threat", "my l4wy€r will call"),
        ("regulated_topic", "delete all my personal information"),
        ("emotional_load", "please don't send anything here, my husband checks the mail and he'll hurt me"),
        ("emotional_load", "I can't afford food this week, can I get my refund faster"),
        ("emotional_load", "I'm drowning in debt, please cancel everything"),
        ("emotional_load", "my house was flooded and everything is ruined"),
        ("emotional_load", "we lost our home in the wildfire"),
        ("product_harm", "my kid's lips turned blue after chewing the toy"),
        ("product_harm", "my baby stopped breathing for a few seconds in the sleeper"),
        ("product_harm", "the car seat buckle came undone while driving"),
        ("product_harm", "my husband had a seizure after using the massage gun"),
        ("product_harm", "the smoke detector you sold didn't go off during a fire"),
        ("product_harm", "we all got headaches and nausea from the new rug"),
        ("third_party_claim", "I'm John's wife, he asked me to check on his order"),
        ("third_party_claim", "change the address on order A-1234 to 5 Other St, it's my friend's order"),
        ("third_party_claim", "please remove two-factor authentication from my account, I lost my phone"),
        ("third_party_claim", "someone keeps trying to log into my account"),
        ("third_party_claim", "I got a text saying my account was locked and to click a link, was that you?"),
        ("regulated_topic", "is the camping stove fuel allowed on a plane?"),
        ("regulated_topic", "how much of the fish oil should my kid take?"),
        ("regulated_topic", "is the massage gun ok to use on my varicose veins?"),
        ("product_harm", "my throat feels tight after using the nasal spray you sold me"),
        ("product_harm", "there are bugs crawling in the flour I bought"),
        ("product_harm", "found a hair in my protein bar"),
        ("product_harm", "I was nearly electrocuted by the lamp"),
        ("regulated_topic", "my dog ate the whole bag of treats, is that dangerous?"),
        ("regulated_topic", "is the knife legal to carry in the UK?"),
        ("product_harm", "my baby rolled off the changing table, is the strap meant to hold her?"),
        ("self_harm", "honestly I don't see the point in anything anymore"),
        ("emotional_load", "I won't be here much longer"),
        ("review_threat", "everyone on facebook is going to hear about this"),
        ("review_threat", "rating you 0/10 everywhere I can"),
        ("review_threat", "you'll be on consumer watchdog shows"),
        ("product_harm", "mio figlio si è fatto male"),
        ("product_harm", "meu filho se machucou"),
        ("third_party_claim", "my card was skimmed and someone bought stuff on your site"),
        ("third_party_claim", "I didn't place this order, it wasn't me"),
        ("third_party_claim", "my ex has been logging into my account"),
        ("regulated_topic", "does this contain latex, I'm allergic"),
        ("product_harm", "my kid got a nosebleed from the humidifier"),
        ("emotional_load", "mio padre è morto"),
        ("emotional_load", "minha mãe faleceu"),
        ("review_threat", "je vais laisser un avis négatif"),
        ("regulated_topic", "¿es seguro para mi bebé de 3 meses?"),
        ("regulated_topic", "est-ce sans danger pendant la grossesse ?"),
        ("regulated_topic", "ist das für Schwangere geeignet?"),
        ("regulated_topic", "will this help me lose weight"),
        ("regulated_topic", "can this detox my liver"),
        ("regulated_topic", "does it prevent hair loss"),
        ("review_threat", "ik ga een slechte recensie schrijven"),
        ("review_threat", "kötü yorum yapacağım"),
        ("emotional_load", "mijn vader is overleden"),
        ("emotional_load", "mój ojciec zmarł"),
        # 2026-12-06
        ("legal_threat", "Farei causa contro di voi"),
        ("legal_threat", "Zal een advocaat inschakelen"),
        ("legal_threat", "jag ska stämma er"),
        ("legal_threat", "vi ses i retten"),
        ("self_harm", "kms if this order doesnt come lol"),
        ("product_harm", "The stove leaked gas and my kids got dizzy"),
        ("product_harm", "the jacket smells like chemicals and gave me a headache"),
        ("product_harm", "the heater fumes made my husband pass out"),
        ("review_threat", "I'm posting this everywhere"),
        ("review_threat", "this is going on my blog"),
        ("review_threat", "I will let the whole internet know"),
        ("review_threat", "I'm posting this on r/camping"),
        ("third_party_claim", "My son used my card without permission to buy this"),
        ("emotional_load", "I got laid off and can't afford this, please refund"),
        ("emotional_load", "My house burned down and I lost everything"),
        # 2026-12-07, thirteenth session
        ("emotional_load", "my husband beats me, please don't send anything to the house"),
        ("product_harm", "mon bébé a fait une réaction allergique au lait en poudre"),
        ("product_harm", "mi hija tuvo una reacción alérgica a la crema"),
        ("legal_threat", "l🔥a🔥w🔥y🔥e🔥r will handle this order"),
        ("product_harm", "the lid blew off the pressure cooker"),
        ("product_harm", "the candle singed my hair"),
        ("product_harm", "the power bank blew up in my bag"),
        ("legal_threat", "I'm taking this to arbitration"),
        ("legal_threat", "you are in breach of contract"),
        ("third_party_claim", "I'm the executor of my mom's estate, I need her order history"),
        ("review_threat", "I'll make sure nobody shops here again"),
        ("legal_threat", "I'm suing"),
        ("legal_threat", "I'm filing suit tomorrow"),
        ("review_threat", "my video about this will get millions of views"),
        ("review_threat", "I'll post the screenshots on instagram"),
        ("review_threat", "you'll be famous for the wrong reasons"),
        ("review_threat", "my blog has 50k readers"),
        # 2026-12-07, fourteenth session: glued words, star glyphs, a rating out of five
        ("legal_threat", "if it doesn't come tomorrow i will talk to mylawyer"),
        ("legal_threat", "#SeeYouInCourt"),
        ("legal_threat", "im gonna sueyou"),
        ("legal_threat", "talktomyattorney about this"),
        ("product_harm", "my kid swallowedabattery from your toy"),
        ("review_threat", "refund not processed ★☆☆☆☆"),
        ("review_threat", "☆☆☆☆☆ never again"),
        ("review_threat", "1 out of 5 if this isn't fixed"),
        ("review_threat", "giving you 1/5 stars everywhere I can"),
        ("review_threat", "I'd give you negative stars if I could"),
        ("self_harm", "kendimi öldürmek istiyorum"),
        ("self_harm", "artık yaşamak istemiyorum"),
        ("product_harm", "Mi figlio ha ingerito un pezzo del giocattolo"),
        ("regulated_topic", "ist das Nahrungsergänzungsmittel für Diabetiker geeignet?"),
        ("regulated_topic", "est-ce que ce coussin aide pour la sciatique ?"),
        ("regulated_topic", "mi hijo es celíaco, ¿las galletas tienen gluten?"),
        ("human_request", "can a person please look at this instead of a bot"),
        ("human_request", "is anyone actually reading these?"),
        ("human_request", "escalate to tier 2 please"),
        ("human_request", "let me speak with your boss"),
        ("emotional_load", "my husband just passed, the account is in his name"),
        ("emotional_load", "my house flooded and everything I ordered is ruined"),
        ("review_threat", "I'm a journalist writing about your delivery delays"),
        ("review_threat", "I'm going to do a whole thread on x about this"),
        ("human_request", "je veux parler à quelqu'un"),
        ("human_request", "¿puedo hablar con alguien?"),
        ("human_request", "quero falar com alguém"),
        ("self_harm", "nie chcę już żyć"),
        ("self_harm", "não aguento mais viver"),
    ],
)
def test_phrasings_found_by_hand_written_probes_fire(signal: str, text: str) -> None:
    """Phrasings a round of hand-written probes (2026-12-05) found silent now fire their signal."""
    from phasegate.triage.analysis import signals

    assert signals(from_texts([f"where is my order 10234? {text}"]), POLICY)[signal].fired, text


@pytest.mark.parametrize(
    ("signal", "text"),
    [
        ("regulated_topic", "@JetBlue *cough* #awkward!"),
        ("regulated_topic", "sprinted to gate E, coughed up a lung but made it"),
        ("legal_threat", "kiện hàng của tôi ở đâu?"),  # Vietnamese "where is my parcel?"
        ("legal_threat", "this case karaoke mic stopped working"),
        ("review_threat", "paint got all over the box, it's a mess"),
        ("third_party_claim", "I'm the customer who called yesterday about the sofa"),
        ("product_harm", "my baby rolled over on the play mat, so cute"),
        ("product_harm", "the parcel rolled off the porch"),
        ("regulated_topic", "is this dog bed safe for dogs that chew?"),
        ("legal_threat", "I made a pro/con list before buying"),
        ("product_harm", "there are bugs in the app when I check out"),
        ("product_harm", "I almost fell for a phishing email pretending to be you"),
        ("product_harm", "die Hose ist sehr klein geschnitten"),  # German "the trousers run small"
        ("third_party_claim", "my bb cream arrived broken"),  # "bbb" is read as written, not as "bb"
        ("third_party_claim", "aaaaaaa bbbbb ccccc"),
        ("third_party_claim", "my neighbor ordered the same jacket and loved it, do you have it in blue?"),
        ("third_party_claim", "please send the reset link to my email again"),
        ("third_party_claim", "the reset link to my email never arrives"),
        ("self_harm", "my last day at the company is friday, please update my email"),
        ("legal_threat", "can you give me legal advice on returns?"),
        ("third_party_claim", "my son's order hasn't arrived"),
        ("third_party_claim", "someone else's item was in the box"),
        ("third_party_claim", "I can't get the 2fa code to my phone"),
        ("third_party_claim", '"Too many login attempts" - seriously? I need to get into my account'),
        ("third_party_claim", "I checked the email you have on file for me and it is correct"),
        ("third_party_claim", "I'm trying to access my account but the password reset isn't working"),
        ("third_party_claim", "is there a credit on the account for my last return?"),
        ("emotional_load", "lost my house keys in the box lol"),
        ("emotional_load", "I lost my home address on the form"),
        ("emotional_load", "what if the house was flooded, does the tent float"),
        ("review_threat", "I'm a content creator with 40k followers on Instagram, want to partner up?"),
        ("emotional_load", "he beats me to the door every time the courier comes"),
        ("product_harm", "my phone blew up with your spam texts"),
        ("product_harm", "the wind blew off the package from my porch"),
        ("third_party_claim", "I'm a real estate agent, do you do bulk orders?"),
        ("review_threat", "nobody shops here anymore, is the store closing?"),
        ("legal_threat", "Hi, I'm Sue from accounts, where is my order?"),
        ("legal_threat", "I want to return the suit I bought, where do I file the claim?"),
        ("emotional_load", "my husband beats me at chess, can you gift-wrap a board for him?"),
        ("review_threat", "loved it ★★★★★ where is my second order"),
        ("product_harm", "is the Firelight 0 warm enough for Iceland?"),
        ("product_harm", "my Campfire Mug came with a dent"),
        ("regulated_topic", "i must procure a car rental for the 10th"),
        ("regulated_topic", "define epicurean"),
        ("human_request", "can a person return an item without a receipt?"),
        ("human_request", "Used phone instead of computer and it worked!! Thx again!"),
        ("human_request", "is anyone else's order late too?"),
        ("emotional_load", "my order just passed customs"),
        ("emotional_load", "what if the house was flooded, does the tent float"),
        ("review_threat", "I'm a journalism student, where is my textbook?"),
        ("review_threat", "⭐ customer since 2019 ⭐"),
        ("review_threat", "1 out of 5 glasses arrived broken"),
        ("review_threat", "my order was due 1/5 and nothing"),
        ("legal_threat", "@CourtneyLawyerson where is my order"),
        # sixteenth session's look-alikes
        ("product_harm", "the necklace has a wire sticking out, can I exchange it?"),
        ("product_harm", "does the smoke grey colour come in a large?"),
        ("regulated_topic", "do you sell the gummies in a bigger bag?"),
        ("regulated_topic", "can my dog bed be washed in the machine?"),
        ("review_threat", "I hope you all hear about this new colour, it's great"),
        ("product_harm", "I plugged the charger into the socket and nothing happens"),
        ("third_party_claim", "who sent this email? is it really from you?"),
        ("emotional_load", "my battery is dying after two hours, is that normal?"),
    ],
)
def test_look_alikes_of_the_ninth_sessions_phrasings_stay_quiet(signal: str, text: str) -> None:
    """The look-alikes of those phrasings fire nothing: a cough as a joke, a parcel, paint all over a box."""
    from phasegate.triage.analysis import signals

    assert not signals(from_texts([text]), POLICY)[signal].fired, text


def test_a_keyword_set_off_by_em_dashes_fires() -> None:
    """ "my attorney—Mr. Blake—will be in touch": the dashes part the words (as a hyphen they made one
    compound, "attorney-Mr", that no entry matched)."""
    conv = from_texts(["my attorney—Mr. Blake—will be in touch"])
    assert keyword_signals(conv, Policy())["legal_threat"].fired


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("I'm 15, can I buy this with my mom's card?", True),
        ("can I pay with my dad’s card", True),
        ("my mom's cardigan is too small, can I return it?", False),
    ],
)
def test_paying_with_a_family_members_card_is_a_third_party_claim(text: str, fires: bool) -> None:
    """The card's holder is party to the purchase; a word that merely starts like "card" is not one."""
    assert keyword_signals(from_texts([text]), Policy())["third_party_claim"].fired is fires


def test_the_whole_line_phrasing_is_the_one_the_selection_anchors_at_line_starts() -> None:
    """The selected search tries the whole-line phrasing ("REPRESENTATIVE") at line starts by its index: it
    must stay the last phrasing, and each phrasing has its key words."""
    from phasegate.triage.detectors import _HUMAN_KEYS, _HUMAN_REQUEST, _LINE_PHRASING

    assert _HUMAN_REQUEST[_LINE_PHRASING].startswith("^")
    assert len(_HUMAN_KEYS) == len(_HUMAN_REQUEST)
