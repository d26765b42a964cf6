"""The never-autonomous and regulated signals, and the request for a human, each with its evidence spans.

The words come from the policy's `keywords` lists (a brand edits them there); this module only knows how to
match them (inflections, word boundaries, look-alikes) and how strongly a hit counts. The seed's "review"
rule is literal: any use of the word fires, and the detail says whether a public-review threat was also in
view. A brand that wants only threats lists phrases instead ("leave a review", "bad review").

Every detector reads the normalised text (triage.normalize: look-alike letters, leetspeak, spaced and
stretched letters undone) and reports evidence on the customer's original characters. Self-harm and crisis
language is built in and cannot be switched off by a policy: a policy list `self_harm` only adds words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from phasegate.policy.schema import Policy, matched_entries
from phasegate.policy.vocabulary import HOUSEHOLD
from phasegate.triage import normalize, other_scripts, squashed
from phasegate.triage.conversation import Conversation
from phasegate.triage.lexicon import Hit, PhraseMatcher, _key_word, inflections, matcher, tokens, words
from phasegate.triage.normalize import best, readings_of
from phasegate.triage.schemas import Signal, Span

#: The keyword-list signals, in the order they are reported.
KEYWORD_SIGNALS = ("legal_threat", "review_threat", "product_harm", "third_party_claim", "emotional_load")
#: `regulated_topic` reads the same way; kept apart because it names a topic rather than a threat.
TOPIC_SIGNALS = ("regulated_topic",)

#: Whether keyword lists are first checked with their matcher's word prefilter; tests switch it off.
PREFILTER = True

#: Policy lists that extend a built-in detector rather than define a signal of their own.
_NOT_SIGNALS = frozenset({"frustration", "human_request", "self_harm", "manipulation", "violence"})

#: Crisis language: a person must answer, whatever the policy says. Phrases, not single words, where a word
#: alone is ordinary ("die", "cut"); hyperbole ("I could kill myself") escalates too, by design.
SELF_HARM: tuple[str, ...] = (
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "end it all",
    "ending it all",
    "take my own life",
    "take my life",
    "want to die",
    "wanna die",
    "wish i was dead",
    "wish i were dead",
    "better off dead",
    "better off without me",
    "don't want to live",
    "don't want to be alive",
    "do not want to live",
    "no reason to live",
    "nothing to live for",
    "not worth living",
    "no point living",
    "no point in living",
    "can't go on like this",
    "can't go on anymore",
    "can't go on living",
    "cannot go on living",
    "harm myself",
    "hurt myself on purpose",
    "want to hurt myself",
    "going to hurt myself",
    "self harm",
    "self-harm",
    "self harming",
    "unalive",
    "overdose",
    "suicidio",
    "suicidarme",
    "quiero morir",
    "me suicider",
    "envie de mourir",
    "selbstmord",
    "suizid",
    "mich umbringen",
    # Indirect ideation: no crisis word, the same risk ("nobody would notice if I was gone"). Venting that
    # customer service hears daily ("I can't take it anymore", "no way out of this contract") is left out:
    # the CRISIS label must stay rare enough to be read.
    "see the point of anything",
    "see the point in anything",
    "no point in anything",
    "want to disappear",
    "wish i could disappear",
    "nobody would miss me",
    "no one would miss me",
    # Not "nobody is going to miss me" and its "'s"/"gonna" forms: those six entries more than doubled the
    # crisis search's cost on demo tickets (39 -> 90 us), by their common words.
    "nobody will miss me",
    "no one will miss me",
    "nobody would notice if",
    "no one would notice if",
    "nobody would even notice if",
    "no one would even notice if",
    "tired of living",
    # "I've been having dark thoughts" (sixteenth session's probes; bare "dark thoughts" is emotional load)
    "having dark thoughts",
    "having really dark thoughts",
    "tired of being alive",
    "don't want to wake up",
    "never wake up",
    "given up on life",
    "give up on life",
    "quiero morirme",
    "no quiero vivir",
    "je veux mourir",
    "je veux en finir",
    "envie d'en finir",
    "besoin d'en finir",
    "en finir avec ma vie",
    "ich will sterben",
    "nicht mehr leben",
    "voglio morire",
    "quero morrer",
    # Asking what the point of going on is, or saying there is none: "what's the point of going on".
    "point of going on",
    "point in going on",
    "point to going on",
    "point of living",
    "point of being alive",
    "point in being alive",
    "point of carrying on",
    "point in carrying on",
    "no point going on",
    "can go on anymore",
    "can go on any longer",
    "done with life",
    "happier without me",
    "thinking about ending things",
    "thinking of ending things",
    "see the point anymore",
    "see the point any more",
    "reason to go on",
    "reason for me to go on",
    "reason for me to live",
    "reason to keep going",
    "reason to keep living",
    "reason to live",
    "nothing left to live for",
    "don't want to go on living",
    "dont want to go on living",
    "can't go on any more",
    "can't go on any longer",
    "can't go on much longer",
    "cannot go on anymore",
    "cannot go on like this",
    "cant go on like this",
    "can't go on",
    "cant go on",
    "cannot go on",
    "cant go on anymore",
    "cant go on living",
    # The same said with "keep going" ("I can't keep going like this", "I don't think I can keep going";
    # "can't keep going anymore" is below); not bare "can't keep going", which customers say of a process
    # ("... back and forth with you").
    "can't keep going like this",
    "cant keep going like this",
    "cannot keep going like this",
    "can keep going anymore",
    "can keep going any longer",
    "don't think i can keep going",
    "dont think i can keep going",
    "don't think i can go on",
    "dont think i can go on",
    "tired of life",
    # Nobody caring whether one lives ("nobody cares if I'm here or not"), as nobody noticing above.
    *(
        f"{who} {cares} if {what}"
        for who in ("nobody", "no one")
        for cares in ("cares", "would care")
        for what in (
            "i'm here",
            "im here",
            "i'm alive",
            "im alive",
            "i live",
            "i died",
            "i was gone",
            "i were gone",
        )
    ),
    "sick of living",
    "sick of life",
    "had enough of life",
    "had enough of living",
    "dont want to live",
    "dont want to be alive",
    "dont want to wake up",
    "do not want to be alive",
    "no longer want to live",
    "don't wanna live",
    "dont wanna live",
    "don't want to exist",
    "dont want to exist",
    "want to stop existing",
    "wish i didn't exist",
    "wish i didnt exist",
    "wish i had never been born",
    "wish i was never born",
    "wish i'd never been born",
    "don't want to be here anymore",
    "dont want to be here anymore",
    "don't want to be here any more",
    "isn't worth living",
    "life isn't worth it",
    "life is not worth it",
    "life's not worth it",
    "life ain't worth it",
    "isnt worth living",
    "life is pointless",
    "life is meaningless",
    "life has no meaning",
    "life has no point",
    "lost the will to live",
    "losing the will to live",
    "no will to live",
    "want it all to stop",
    "want everything to end",
    "want everything to stop",
    # "honestly dont even care anymore if i wake up tmrw" (2026-12-06, eighth session)
    # (Not "don't care if I wake up" alone: "... if I wake up at 6, just deliver it before noon".)
    *(
        f"care if i {wake}"
        for wake in ("ever wake up", "don't wake up", "dont wake up", "never wake up", "wake up tomorrow")
    ),
    "care anymore if i wake up",
    "care any more if i wake up",
    "better off gone",
    "better off not being here",
    "better off not existing",
    "burden to everyone",
    "burden to my family",
    "give up on living",
    # Thirteenth session's probes: "my order never came and I feel like giving up on everything", "I hope I
    # just don't wake up tomorrow" (with look-alikes: "I hope I don't wake up the baby")
    "give up on everything",
    *(f"hope i {dont} wake up" for dont in ("won't", "wont")),
    *(f"hope i just {dont} wake up" for dont in ("don't", "dont", "won't", "wont")),
    "end my own life",
    "kill my self",
    "hang myself",
    "hanging myself",
    "slit my wrists",
    "cut my wrists",
    "shoot myself",
    "drown myself",
    "jump off a bridge",
    "throw myself off",
    "throw myself in front of",
    "too many pills",
    "quitarme la vida",
    # The clitic before the verb: "me voy a quitar la vida"; French slang "je vais me foutre en l'air"
    # (thirteenth session's probes)
    "me voy a quitar la vida",
    "me quiero quitar la vida",
    "me foutre en l'air",
    "me jeter sous un train",
    "acabar con mi vida",
    "no quiero seguir viviendo",
    "no vale la pena vivir",
    "razón para vivir",
    "quiero desaparecer",
    "me quiero matar",
    "mettre fin à mes jours",
    "en finir avec la vie",
    "je ne veux plus vivre",
    "plus envie de vivre",
    "envie de me tuer",
    "je vais me tuer",
    "je veux me tuer",
    "me donner la mort",
    "quiero matarme",
    "voy a matarme",
    "vou me matar",
    "mir das leben nehmen",
    "mich töten",
    "mir etwas antun",
    "selbstmordgedanken",
    "suizidgedanken",
    "suizidal",
    "uccidermi",
    "togliermi la vita",
    "voglio farla finita",
    "non voglio più vivere",
    "quero me matar",
    "tirar minha vida",
    "tirar a minha vida",
    "acabar com a minha vida",
    "não quero mais viver",
    "quero sumir",
    "je veux disparaître",
    "ich will verschwinden",
    "voglio sparire",
    "zelfmoord",
    "ik wil dood",
    "wil niet meer leven",
    "samobójstwo",
    "chcę umrzeć",
    # (fourteenth session's probes: "nie chcę już żyć", "não aguento mais viver")
    "nie chcę już żyć",
    "nie chcę żyć",
    "aguento mais viver",
    "não quero viver",
    "zabiję się",
    "intihar",
    "ölmek istiyorum",
    "kendimi öldüreceğim",
    # (fourteenth session's probes: "kendimi öldürmek istiyorum", I want to kill myself)
    "kendimi öldürmek",
    "canıma kıymak",
    "yaşamak istemiyorum",
    "självmord",
    "selvmord",
    # Polish, Scandinavian, Finnish, Czech, Tagalog, Swahili and Hindi in Latin letters: "I want to die"
    # and the word for suicide ("myślę o samobójstwie", "jag vill dö", "main marna chahta hoon").
    "samobójstwie",
    "samobójczych",
    "jeg vil dø",
    "jeg vil ikke leve",
    "jag vill dö",
    "jag vill inte leva",
    "haluan kuolla",
    "itsemurha",
    "chci umřít",
    "sebevražda",
    "sebevraždu",
    "gusto ko nang mamatay",
    "magpakamatay",
    "nataka kufa",
    "kujiua",
    "marna chahta",
    "marna chahti",
    "khudkushi",
    "aatmhatya",
    "quiero acabar con todo",
    # Indonesian and Malay, Vietnamese (folded: "muon chet"); scripts without Latin letters are read by
    # triage.other_scripts.
    "bunuh diri",
    "ingin mati",
    "mahu mati",
    # Romanian, Hungarian, Czech and Finnish: "vreau să mor", "meg akarok halni", "chci se zabít", "tappaa
    # itseni"
    "vreau să mor",
    "mă sinucid",
    "sinucidere",
    "meg akarok halni",
    "öngyilkos",
    "chci se zabít",
    "zabít se",
    "tappaa itseni",
    "muốn chết",
    # Slang and algospeak, as written online. "kms" only after a verb: alone it is also kilometres ("240
    # kms drive", in the airline tweets).
    "gonna kms",
    "wanna kms",
    "want to kms",
    "going to kms",
    "about to kms",
    # Each entry is looked up by its rarest-looking word: not "i'll kms" nor "literally kms", whose "i'll" and
    # "literally" would run the whole crisis list on most long emails (154 -> 390 us a 2,000-character text).
    "i will kms",
    "imma kms",
    "ima kms",
    "i could kms",
    "kms if this",
    "kms if i",
    "kms if it",
    "kms rn",
    "kms lmao",
    "kms tbh",
    "kms fr",
    "might just kms",
    "might kms",
    "should kms",
    "finna kms",
    "bouta kms",
    "sewerslide",
    "self delete",
    "self-delete",
    # Cutting as a habit; a cut on a product ("been cutting myself on the lid") is harm, below.
    "been cutting myself",
    "started cutting myself",
    "cutting myself again",
    # with no object: "I've been cutting again" (thirteenth session's probes; not "cutting again the fabric")
    "been cutting again",
    "started cutting again",
    "i'm cutting again",
    "im cutting again",
    # Farewells and means: "gonna end it tonight", "goodbye everyone", "I have pills saved up". Not bare "end
    # it" (a subscription) nor "this is goodbye" (a customer leaving the brand).
    "end it tonight",
    "ending it tonight",
    "what's the point anymore",
    "whats the point anymore",
    "what is the point anymore",
    "what's even the point anymore",
    "whats even the point anymore",
    "goodbye everyone",
    "goodbye world",
    "goodbye cruel world",
    # A note left ("I've written my note and I'm ready": last session's noted miss; not "written my note",
    # which a gift message is; "goodbye note" is listed below)
    "farewell note",
    "farewell letter",
    "suicide note",
    "my note and i'm ready",
    "my note and im ready",
    "written my goodbye",
    "pills saved up",
    "saving up pills",
    "stockpiling pills",
    "stockpiled pills",
    "thinking about kms",
    "thinking of kms",
    # A knife or a gun for the verb, after one ("want to 🔪 myself"); not "I cut the cake 🔪 myself".
    *(f"{verb} {sign} myself" for verb in ("to", "gonna", "wanna", "will") for sign in ("🔪", "🔫")),
    # Said around the words above rather than with them (hand-written probes, 2026-12-06): the point of
    # living, an intent to hurt oneself, pills, a height, not being missed or around, wishing to be dead.
    "point in living",
    "point to living",
    "point of existing",
    "point in existing",
    *(
        f"{intent} {act} myself"
        for intent in (
            "thought of",
            "thought about",
            "thinking about",
            "thinking of",
            "urge to",
            "tempted to",
            "plan to",
            "planning to",
            "gonna",
            "wanna",
            "decided to",
            "trying not to",
        )
        for act in ("hurt", "harm")
    ),
    "hurting myself again",
    "been hurting myself",
    *(
        f"{take} all {my} {pills}"
        for take in ("take", "took", "swallow")
        for my in ("my", "of my", "the")
        for pills in ("pills", "meds", "tablets", "sleeping pills")
    ),
    "whole bottle of pills",
    # Pills taken already, and slang for the act (hand-written probes, 2026-12-07: "I've taken a bunch of
    # pills", "I'm going to off myself"; not bare "off myself": "I took the tag off myself")
    # (Each entry starts with a word that is not everywhere: "to off myself" was tried at every "to" of a
    # long e-mail holding "myself", and "took a lot of meds", looked up by "took", on most of them.)
    *(
        f"{took} a {lot} of {pills}"
        for took in ("took", "taken", "swallowed")
        for lot in ("bunch", "handful")
        for pills in ("pills", "meds", "tablets", "sleeping pills")
    ),
    *(
        f"{took} a lot of {pills}"
        for took in ("took", "taken", "swallowed")
        for pills in ("pills", "tablets")
    ),
    *(f"{intent} off myself" for intent in ("gonna", "wanna", "going to", "want to", "gunna")),
    "offing myself",
    "rather be dead",
    "rather not be alive",
    "rather not exist",
    "want to be dead",
    "wanna be dead",
    "wish i could die",
    "wish i would die",
    "wish i was gone",
    "wish i were gone",
    "want to sleep forever",
    "wanna sleep forever",
    "go to sleep forever",
    "wish i could sleep forever",
    "go to sleep and not wake up",
    "hope i don't wake up",
    "hope i dont wake up",
    "if i live or die",
    "whether i live or die",
    *(
        f"care if i {gone}"
        for gone in (
            "was gone",
            "were gone",
            "died",
            "disappeared",
            "wasn't here",
            "weren't here",
            "wasnt here",
            "wasn't around",
            "weren't around",
            "was dead",
            "were dead",
        )
    ),
    *(
        f"{who} be better off {tail}"
        for who in (
            "everyone would",
            "everybody would",
            "family would",
            "kids would",
            "would all",
            "everyone'd",
        )
        for tail in ("without me", "if i", "with me gone")
    ),
    "feel like a burden",
    "feel like such a burden",
    "i'm such a burden",
    "i am such a burden",
    "i'm a burden to",
    "i am a burden to",
    "be here much longer anyway",
    "be around much longer anyway",
    "i won't be alive much longer",
    "i wont be alive much longer",
    "i will not be alive much longer",
    *(f"{intent} end everything" for intent in ("want to", "wanna", "going to", "gonna", "ready to")),
    "want my life to be over",
    "want it all to be over",
    "want it all to end",
    "want my life to end",
    "keep on living",
    *(
        f"{can} keep {going}"
        for can in ("can't", "cant", "cannot")
        for going in ("living", "going anymore", "going any more", "going any longer")
    ),
    "goodbye letter",
    "goodbye note",
    *(
        f"jump {off} {place}"
        for off in ("off", "from")
        for place in ("a building", "the building", "the roof", "a roof", "a cliff", "the bridge")
    ),
    "jump from a bridge",
    "jump in front of a train",
    "step in front of a train",
    "walk into traffic",
    *(
        f"standing on {place}"
        for place in ("the roof", "a roof", "the ledge", "a ledge", "the bridge", "a bridge")
    ),
    # Warning signs said beside an order (eleventh session's probes): affairs put in order, belongings given
    # away, the pain to stop, not being here to use a thing, a rope ready. Not "I'll need it where I'm going"
    # (a trip), nor "the rope" alone (a climbing store sells rope).
    "affairs in order",
    *(f"giving away {what}" for what in ("all my things", "all my stuff", "my belongings", "my possessions")),
    "giving away all my belongings",
    "giving away all my possessions",
    "want the pain to stop",
    "make the pain stop",
    "won't be here to use",
    "wont be here to use",
    "won't be around to use",
    "would be better without me",
    "be better off if i was gone",
    "be better off if i were gone",
    "rope ready",
    "tied a noose",
    # Meme words for it ("I want to commit die"; "sewerslide" and "unalive" are listed above)
    "commit die",
    "commit sudoku",
    "toaster bath",
    # Twelfth session's probes: a last day or a last message, the pills ready, letters left for the family,
    # German "ich bringe mich um". Not "my last day" (a job's), "last message" (a chat's), "the pills" alone.
    "my last day on earth",
    "my last day on this earth",
    "my last day alive",
    "my last night alive",
    "my last message to anyone",
    "my last message ever",
    "the last message i'll ever",
    *(f"{have} the pills ready" for have in ("have", "got", "i've got")),
    "my pills lined up",
    "the pills lined up",
    *(
        f"{wrote} letters to my {who}"
        for wrote in ("written", "wrote")
        for who in ("family", "kids", "children")
    ),
    # Means looked up, goodbyes said, being a burden, the insurance, a car (the twelfth session's last round:
    # "I've been researching ways to die", "I looked up how many pills it takes", "I'm tired of being a
    # burden", "my family would be better off with the insurance money", "I'm going to drive my car off the
    # road").
    # Not "I won't be around to get it" (a traveller), "made my peace" (with a delay), "1000 ways to die" (a
    # television show), "drive my car off to the shop".
    *(
        f"{look} ways to {die}"
        for look in ("researching", "research", "looking up", "looked up", "searching", "googling", "googled")
        for die in ("die", "kill myself", "end my life")
    ),
    "ways to kill myself",
    "how to kill myself",
    "painless way to die",
    "easiest way to die",
    "how many pills it takes",
    "how many pills would it take",
    "how many pills does it take",
    "said my goodbyes",
    "saying my goodbyes",
    "tired of being a burden",
    "sick of being a burden",
    "i'm just a burden",
    "im just a burden",
    "better off with the insurance money",
    "better off with my life insurance",
    "drive my car off the road",
    "drive my car off a",
    "drive off a bridge",
    "drive off a cliff",
    "crash my car on purpose",
    # "2" for "to" ("want 2 die"), a digit leetspeak keeps as a number
    *(f"{want} 2 {act}" for want in ("want", "going", "wanting") for act in ("die", "kill myself", "kms")),
    # "I want to die" or "to kill myself" in Spanish, German, Italian, Portuguese, Dutch, Polish, Swedish,
    # Norwegian and Danish forms the lists above lacked (twelfth session's probes: "Tengo ganas de morir",
    # "Ich möchte sterben", "Mi voglio uccidere", "Quero acabar com tudo", "Ik wil er een eind aan maken",
    # "Chcę się zabić", "Jag vill ta livet av mig")
    "ganas de morir",
    "ganas de morirme",
    "möchte sterben",
    "mi voglio uccidere",
    "voglio ammazzarmi",
    "mi ammazzo",
    "quero acabar com tudo",
    "er een eind aan maken",
    "er een einde aan maken",
    "chcę się zabić",
    "zabić się",
    "ta livet av mig",
    "ta livet av meg",
    "tage livet af mig",
    "tage mit eget liv",
    "bringe mich um",
    "bring mich um",
    # No future seen, a way out felt as none, not being here, a decision taken, a height, the night it ends, a
    # dose asked (the twelfth session's second round). Not "no way out" alone (a contract), "end things" alone
    # (a relationship), "ending it" (a subscription: "I've decided to end it, the plan is too dear" is said
    # daily), "won't be alive to see it" (a slow parcel's joke), "lethal dose" alone (a parent's
    # question about what a child swallowed: regulated, and harm).
    "see a future for myself",
    "see no future for myself",
    "no future for myself",
    "feel like there's no way out",
    "feel like there is no way out",
    "feel like theres no way out",
    "decided to end things",
    "not being here anymore",
    "not being here any more",
    "about not being alive",
    "about not existing",
    *(f"jump off {place}" for place in ("the balcony", "a balcony", "my balcony", "the ledge", "a ledge")),
    *(
        f"{wont} alive {when}"
        for wont in ("i won't be", "i wont be", "i will not be")
        for when in ("next week", "tomorrow", "by the weekend", "after tonight")
    ),
    *(f"{wont} {need} it after tonight" for wont in ("won't", "wont") for need in ("need", "be needing")),
    "won't be here after tonight",
    "wont be here after tonight",
    "cut myself again",
    "cut myself on purpose",
    "what's the lethal dose",
    "whats the lethal dose",
    "what is the lethal dose",
    "how many would it take to die",
    "enough to kill myself",
    *(
        f"{wont} {need} {what} where {im} going"
        for wont in ("won't", "wont")
        for need in ("need", "be needing")
        for what in ("it", "them", "this", "these")
        for im in ("i'm", "im")
    ),
)
#: Product names and idioms that contain a crisis word and are not one (built in, like SELF_HARM).
SELF_HARM_LOOKALIKES = (
    "battery life isn't worth it",
    "battery life is not worth it",
    "battery life's not worth it",
    "been cutting myself on",
    "started cutting myself on",
    "cutting myself again on",
    "been hurting myself on",
    "hurting myself again on",
    *(f"{act} myself {on}" for act in ("hurt", "harm") for on in (
        "on the", "on this", "on that", "on a", "on an", "on your", "on it", "on my", "using", "assembling",
        "with the", "with this", "with that", "with your", "with it", "trying to",
    )),
    # Something cut again, not skin: "I've been cutting again the coupons out", "cutting again my hair"
    *(
        f"{who} cutting again {what}"
        for who in ("been", "started", "i'm", "im")
        for what in ("the", "my", "your", "some", "coupons", "fabric", "hair", "wood", "down", "back")
    ),
    "suicide squad",
    "suicide door",
    "suicide doors",
    # A trip or a website, not a life. Each holds the whole crisis phrase, so that a reading with the spaces
    # ignored, where punctuation is gone too, drops it as well.
    "point of going on holiday",
    "point in going on holiday",
    "point of going on vacation",
    "point in going on vacation",
    "point of going on a trip",
    "reason to go on holiday",
    # A life described, not ended: "sick of living paycheck to paycheck", "tired of living out of boxes".
    *(
        f"{feel} of living {how}"
        for feel in ("sick", "tired")
        for how in ("paycheck", "paycheque", "in", "with", "out of", "on", "next to", "under", "without")
    ),
    # Keeping on with a process, not with life: "I don't think I can keep going with this subscription".
    *(
        f"{can} keep going {where}"
        for can in ("can't", "cant", "cannot", "can")
        for where in (
            "with", "to", "back", "through", "for", "at", "round", "around", "in", "over", "into", "the",
            "your", "my", "this", "that", "a", "an", "it",
        )
    ),
    *(
        f"{can} go on {where}"
        for can in ("can't", "cant", "cannot", "can")
        for where in (
            "the", "your", "my", "a", "an", "it", "there", "that", "this", "line", "holiday", "vacation",
            "waiting", "sale", "facebook", "amazon", "instagram",
        )
    ),
    # A brand, a plan or a membership left, not a life: "I've decided to end things with this brand" (twelfth
    # session)
    *(
        f"{decided} {end} things {what}"
        for decided, end in (
            ("decided to", "end"), ("been thinking about", "ending"), ("thought about", "ending"),
        )
        for what in ("with", "early", "now", "at", "after", "before", "because", "since", "as", "for", "so")
    ),
    # A parcel or a brand given up on, a household left asleep: not a life.
    *(
        f"{give} up on everything {what}"
        for give in ("give", "giving", "gave", "given")
        for what in ("with", "from", "you", "your", "this", "that", "related", "about", "to do", "on", "in")
    ),
    *(
        f"hope i {just}{dont} wake up {what}"
        for just in ("", "just ")
        for dont in ("don't", "dont", "won't", "wont")
        for what in (
            "the", "my", "our", "his", "her", "your", "their", "everyone", "anyone", "anybody", "everybody",
            "late", "early", "at", "before", "in time", "with", "to", "when", "if",
        )
    ),
    # Orders and charges stopped, not a life: "cancel it all, I want everything to stop shipping".
    *(
        f"want {what} to stop {doing}"
        for what in ("it all", "everything")
        for doing in (
            "being", "charging", "billing", "shipping", "sending", "renewing", "arriving", "coming",
            "delivering", "emailing", "texting",
        )
    ),
)  # fmt: skip

#: Look-alikes that must not fire, per signal. These are facts of English, not brand policy, so they live
#: here; a brand adds its own as "!phrase" entries in the policy list.
LOOKALIKES: dict[str, tuple[str, ...]] = {
    "legal_threat": (
        # A capitalised word in a look-alike is a name, matched without inflections (lexicon): "I'm Sue" is
        # no threat, "I'm suing" is.
        "hi Sue",
        "hello Sue",
        "dear Sue",
        "thanks Sue",
        "thank you Sue",
        "this is Sue",
        "i'm Sue",
        "i am Sue",
        "name is Sue",
        "Sue ellen",
        # Sue signing off: "Thanks, Sue", "Best regards, Sue Miller", "Cheers, Sue"
        *(
            f"{sign_off}, Sue"
            for sign_off in (
                "thanks",
                "thank you",
                "best",
                "regards",
                "best regards",
                "kind regards",
                "cheers",
                "sincerely",
                "warmly",
                "many thanks",
                "love",
                "xo",
            )
        ),
    ),
    "product_harm": (
        "burnt orange",
        "burnt sienna",
        "burnt umber",
        "burnt sugar",
        "burnt caramel",
        "burn a cd",
        "burn calories",
        "fat burning",
        "calorie burn",
        "fire red",
        "fire engine red",
        "fire truck",
        "fire tv",
        "fire stick",
        "fire tablet",
        "fire hd",
        "fire pit",
        "fire starter",
        "fire resistant",
        "fire retardant",
        "fire proof",
        "fire safe",
        "fire sale",
        "fire opal",
        "got fired",
        "get fired",
        "was fired",
        "been fired",
        "fired me",
        "hurt my feelings",
        "hurts my feelings",
        "rash decision",
        "rash guard",
        "rash vest",
        "bee hives",
        "hospital scrubs",
        "hospital bed sheets",
        "bleeding edge",
        "choke chain",
        "choke collar",
        "my inbox exploded",
        "sales exploded",
    ),
    "third_party_claim": (
        "shipping insurance",
        "package insurance",
        "parcel insurance",
        "delivery insurance",
        "shipping protection insurance",
        "insurance fee",
        "insurance option",
        "add insurance",
        "buy insurance",
        "purchase insurance",
    ),
    "emotional_load": (
        # A race or a game lost, not a blow: "he beats me to the door", "my husband beats me at chess"
        *(
            f"{who} beats me {how}"
            for who in ("he", *HOUSEHOLD)
            for how in ("to", "at", "in", "every time at", "every time in")
        ),
        "battery died",
        "phone died",
        "laptop died",
        "computer died",
        "charger died",
        "screen died",
        "motor died",
        "it died",
        "it's died",
        "it has died",
        "it just died",
        "died on me",
        "dying to",
        "my late order",
        "my late delivery",
        "my late package",
        "my late parcel",
        "my late shipment",
        "my late payment",
        "my late fee",
        "my late refund",
        "my late return",
        "airport terminal",
        "payment terminal",
        "card terminal",
        "terminal velocity",
        "good grief",
        "memorial day",
    ),
    "regulated_topic": (
        "cure time",
        "curing time",
        "fully cure",
        "fully cured",
        "rash decision",
        "rash guard",
        "rash vest",
        "bee hives",
        "cabin fever",
        "great depression",
    ),
    "review_threat": (),
}

#: Words near a "review" that make it a public-review threat rather than a literal mention.
_REVIEW_THREAT = re.compile(
    r"\b(?:leave|leaving|left|post|posting|write|writing|give|giving|bad|negative|terrible|honest|"
    r"scathing|1[- ]?star|one[- ]star|zero[- ]star|stars?|yelp|google|trustpilot|amazon|facebook|tiktok|"
    r"twitter|reddit|instagram|public|publicly|everyone|world)\b",
    re.IGNORECASE,
)

#: Characters before a harm word searched for a negation: about one short clause ("no one was ... hurt").
NEGATION_WINDOW = 40
#: Characters either side of a review word searched for a threat ("I'll leave a 1-star review on Trustpilot").
REVIEW_CONTEXT = 40
#: Score of a keyword list that matched only negated mentions: visible in the evidence, below any threshold.
NEGATED_SCORE = 0.3
#: Score of a review word with no threat around it: fires (the seed's literal rule), ranks below a threat.
LITERAL_REVIEW_SCORE = 0.7
#: A negation shortly before a harm word ("no one was hurt", "didn't burn") makes it a report of no harm.
_NEGATION = re.compile(
    r"\b(?:no|not|never|nobody|none|without|didn't|didnt|did not|wasn't|wasnt|weren't|isn't|hasn't|"
    r"haven't|doesn't|doesnt|won't|wouldn't|no one|nothing)\b[\w\s',]{0,24}$",
    re.IGNORECASE,
)

#: Built-in ways to ask for a person; a policy list `human_request` adds more.
_HUMAN_REQUEST = (
    r"\b(?:speak|talk|chat|get\s+through|connect)\s+(?:to|with)\s+(?:a|an|the|some|your|ur|yr|real|actual|live)?\s*"
    r"(?:real\s+|actual\s+|live\s+|human\s+)?(?:human|person|people|agent|representative|rep|manager|"
    r"supervisor|someone|somebody|operator|employee|staff|customer\s+service|boss)\b",
    r"\b(?:transfer|put|connect|escalate)\s+(?:me|this|my\s+\w+)\s+(?:to|through\s+to|with)\s+(?:a|an|the|"
    r"your)?\s*(?:real\s+|live\s+)?(?:human|person|agent|representative|manager|supervisor|someone"
    r"|customer\s+service|customer\s+support)\b",
    r"\b(?:real|actual|live)\s+(?:human|person|people|agent)\b",
    r"\bhuman\s+(?:being|agent|please|pls)\b",
    r"\b(?:want|need|get(?:\s+me)?|give\s+me|gimme)\s+(?:a|an|to\s+a|your)\s+(?:real\s+)?(?:human|person|hooman"
    r"|manager|supervisor|rep|representative)\b(?!['’]s|\s+code)",
    r"\b(?:want|need|demand|request)\s+(?:to\s+speak\s+to\s+)?(?:a|an|your|ur|the)\s+(?:manager|supervisor)\b"
    r"(?!['’]s)",
    r"\bescalate\s+(?:this|my|it)\b",
    r"\b(?:call|phone)\s+me\s+back\b",
    r"\bagent\s*(?:please|pls|now)\b",
    # refusing the AI: "I don't want to talk to a bot", "I refuse to deal with a machine"
    r"\b(?:don'?t|do\s+not|won'?t|will\s+not|refuse\s+to)\s+(?:want\s+(?:to\s+)?)?(?:talk|speak|chat|deal)(?:ing)?"
    r"\s+(?:to|with)\s+(?:a|an|the|this|that|your|some|any)?\s*(?:\w+\s+)?"
    r"(?:bot|robot|machine|ai|chatbot|computer|automated\s+(?:system|assistant|agent))s?\b",
    # Spanish, French, Italian, Portuguese and German: "hablar con una persona", "mit einem Menschen sprechen"
    # (and with "your": "hablar con tu supervisor", "parler à votre responsable": fifteenth session's probes)
    r"\b(?:hablar|parler|parlare|falar)\s+(?:con|avec|a|à|com)\s+"
    r"(?:una?|une|um|uma|el|la|le|l'|tu|su|votre|ton|il|lo|o|seu|sua|teu|tua|vostro|tuo|suo)?\s*"
    r"(?:persona|humano|humain|personne|agente|agent|pessoa|atendente|operatore|operador|gerente|encargado|responsable"
    r"|supervisora?|superviseure?|supervisore|manager|alguien|quelqu['’]un|algu[ée]m|qualcuno)(?!\w)",
    r"\bmit\s+(?:einem|einer|jemandem)\s+(?:echten\s+)?(?:menschen|mitarbeiter|mitarbeiterin|person)"
    r"\s+(?:sprechen|reden)\b",
    # Polish, Dutch and Swedish: "rozmawiać z człowiekiem", "een medewerker spreken", "prata med en människa"
    # (tenth session's probes)
    r"\b(?:rozmawia[ćc]|porozmawia[ćc]|pogada[ćc])\s+z\s+(?:\w+\s+)?(?:człowiekiem|czlowiekiem|konsultantem"
    r"|pracownikiem|osobą|osoba|kierownikiem)\b"
    r"|\b(?:een|met\s+een)\s+(?:echte\s+)?(?:medewerker|mens|persoon)\s+(?:spreken|praten)\b"
    r"|\b(?:prata|tala)\s+med\s+(?:en\s+)?(?:riktig\s+)?(?:människa|manniska|person|handläggare|handlaggare)\b",
    # a call or a message from a person asked for: "can someone from your team call me?", "please have a
    # manager contact me" (ninth session's probes)
    r"\b(?:can|could|would|will|have)\s+(?:someone|somebody|a\s+(?:real\s+)?(?:person|human|manager|supervisor"
    r"|rep|representative)|an\s+agent|your\s+manager|a\s+member\s+of\s+(?:your\s+)?staff)\s+"
    r"(?:from\s+(?:your|the)\s+(?:\w+\s+)?\w+\s+)?(?:please\s+)?(?:call|phone|ring|contact|email|e-mail)\s+me\b",
    # a department asked for: "put me through to billing", "transfer me to the returns department"
    r"\b(?:transfer|put|connect)\s+me\s+(?:to|through\s+to|with)\s+(?:the\s+)?(?:billing|sales|returns"
    r"|refunds|support|\w+\s+department|department)\b",
    # "I'd rather deal with a person", "no more bots please"
    # (not "I had to deal with a person at your store who was rude", a complaint)
    r"\b(?:rather|prefer\s+to|want\s+to|need\s+to|like\s+to|wanna)\s+(?:deal|work)\s+with\s+(?:a|an)\s+"
    r"(?:real\s+|actual\s+|live\s+)?(?:human|person)\b",
    r"\bno\s+more\s+(?:bots?|robots?|chatbots?|ai|automated\s+(?:replies|responses|messages|emails))\b",
    # eleventh session's probes: "is there anyone there who isn't a robot", "get someone who can help", "who
    # is your manager"
    r"\b(?:anyone|anybody|someone|somebody)\s+(?:there\s+)?(?:who|that)\s+(?:is\s+not|isn'?t|is\s+n't"
    r"|'?s\s+not)\s+(?:a\s+)?(?:bot|robot|machine|computer|ai)\b",
    r"\bget\s+(?:me\s+)?(?:someone|somebody)\s+(?:who|that)\s+(?:can|could|will)\s+(?:actually\s+|really\s+)?help\b",
    r"\bwho(?:\s*['’]s|\s+is)\s+your\s+(?:manager|supervisor|boss)\b",
    # thirteenth session's probes: "is there a human there" (not "is there a person available to sign")
    r"\b(?:is|are)\s+there\s+(?:a|an|any)\s+(?:humans?|persons?|people)\s+(?:there|here|around|on\s+the\s+other"
    r"\s+end|reading\s+this)\b",
    # fourteenth session's probes: "can a person please look at this instead of a bot", "is anyone actually
    # reading these?", "escalate to tier 2 please" (not "can a person return an item without a receipt")
    r"\b(?:can|could|will|would)\s+(?:a|an|some)\s+(?:real\s+|actual\s+|live\s+)?(?:person|human|employee"
    r"|staff\s+member|agent)\s+(?:please\s+)?(?:look\s+at|check|review|handle|read|answer|reply\s+to|deal\s+with)\b",
    # (not "used my phone instead of the computer": a device)
    r"\binstead\s+of\s+(?:a|an|the|this|your)?\s*(?:bot|robot|ai|chatbot|automated\s+(?:replies|responses"
    r"|messages|emails|system|assistant))\b",
    r"\bis\s+(?:anyone|anybody|someone|somebody|a\s+(?:real\s+)?(?:person|human))\s+(?:actually\s+|even\s+"
    r"|really\s+)?(?:reading|looking\s+at|seeing)\s+(?:these|this|my\s+(?:messages|emails|tickets))\b",
    r"\bescalate\s+(?:this\s+|me\s+|it\s+)?to\s+(?:tier|level|(?:second|2nd|third|3rd)\s+line|a\s+(?:manager"
    r"|supervisor|human|person)|your\s+(?:manager|supervisor|boss))\b",
    # "put your supervisor on", "get a manager on the phone" (sixteenth session's probes)
    r"\b(?:put|get)\s+(?:your|ur|a|the)\s+(?:manager|supervisor|boss|(?:real\s+)?(?:person|human))\s+on"
    r"(?:\s+the\s+(?:phone|line))?(?!\w)",
    # the message's last sentence is the ask alone ("Where is my order? representative": sixteenth session's
    # probes)
    r"(?:(?<=[.!?]\s)|(?<=[.!?]\s\s))(?:(?:agent|human|representative|operator)[\s.,!?]*)+$",
    # the message is the ask alone, said once or over and over: "REPRESENTATIVE", "agent agent agent"
    r"^\s*(?:(?:agent|human|representative|operator|person)[\s.,!?]*)+$",
)
_HUMAN_BRANCHES = tuple(f"(?:{p})" for p in _HUMAN_REQUEST)
#: Any built-in way of asking for a person.
HUMAN_REQUEST = re.compile("|".join(_HUMAN_BRANCHES), re.IGNORECASE | re.MULTILINE)
#: For each phrasing of _HUMAN_REQUEST, the words one of which its every match holds as a whole word run
#: (each is bounded by \b, a space or a line's edge); "agentplease" is one run, "agent please" two.
_HUMAN_KEYS: tuple[frozenset[str], ...] = (
    frozenset({"speak", "talk", "chat", "get", "connect"}),
    frozenset({"transfer", "put", "connect", "escalate"}),
    frozenset({"real", "actual", "live"}),
    frozenset({"human"}),
    frozenset({"want", "need", "get", "give", "gimme"}),
    frozenset({"want", "need", "demand", "request"}),
    frozenset({"escalate"}),
    frozenset({"call", "phone"}),
    frozenset({"agent", "agentplease", "agentpls", "agentnow"}),
    frozenset({"don", "dont", "do", "won", "wont", "will", "refuse"}),
    frozenset({"hablar", "parler", "parlare", "falar"}),
    frozenset({"mit"}),
    frozenset(
        {"rozmawiać", "rozmawiac", "porozmawiać", "porozmawiac", "pogadać", "pogadac", "een", "prata", "tala"}
    ),
    frozenset({"can", "could", "would", "will", "have"}),
    frozenset({"transfer", "put", "connect"}),
    frozenset({"rather", "prefer", "want", "need", "like", "wanna"}),
    frozenset({"no"}),
    frozenset({"anyone", "anybody", "someone", "somebody"}),
    frozenset({"get"}),
    frozenset({"who"}),
    frozenset({"is", "are"}),
    frozenset({"can", "could", "will", "would"}),
    frozenset({"instead"}),
    frozenset({"is"}),
    frozenset({"escalate"}),
    frozenset({"put", "get"}),
    frozenset({"agent", "human", "representative", "operator"}),
    # the whole-line phrasing stays last (_LINE_PHRASING)
    frozenset({"agent", "human", "representative", "operator", "person"}),
)
#: Every built-in phrasing contains one of these words; texts without any skip the regex.
_HUMAN_WORDS = frozenset(
    [
        "human",
        "humans",
        "persons",
        "hooman",
        "person",
        "people",
        "agent",
        "representative",
        "rep",
        "manager",
        "supervisor",
        "boss",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "operator",
        "employee",
        "staff",
        "service",
        "escalate",
        "call",
        "phone",
        "bot",
        "bots",
        "robot",
        "robots",
        "machine",
        "machines",
        "ai",
        "chatbot",
        "chatbots",
        "computer",
        "computers",
        "automated",
        "persona",
        "alguien",
        "quelqu",
        "alguém",
        "alguem",
        "qualcuno",
        "humano",
        "humain",
        "personne",
        "agente",
        "pessoa",
        "atendente",
        "operatore",
        "operador",
        "gerente",
        "encargado",
        "responsable",
        "supervisora",
        "superviseur",
        "superviseure",
        "supervisore",
        "menschen",
        "mitarbeiter",
        "mitarbeiterin",
        "billing",
        "sales",
        "returns",
        "refunds",
        "support",
        "department",
        "człowiekiem",
        "czlowiekiem",
        "konsultantem",
        "pracownikiem",
        "osobą",
        "osoba",
        "kierownikiem",
        "medewerker",
        "mens",
        "persoon",
        "människa",
        "manniska",
        "handläggare",
        "handlaggare",
    ]
)


@lru_cache(maxsize=4096)
def human_request_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """Where a text asks for a person, as (start, end, words); shared by this detector and frustration."""
    return _human_request_spans(text, select=PREFILTER)


def _human_request_spans(text: str, *, select: bool) -> tuple[tuple[int, int, str], ...]:
    """`select`: try only the phrasings whose key words the text holds, only where one of those words or
    (for the one-word phrasing) a line starts. Every match of a phrasing starts there, and one that cannot
    match anywhere changes no match of the alternation, so the spans are those of HUMAN_REQUEST."""
    if not _HUMAN_WORDS & tokens(text):
        return ()
    runs = words(text) if select else None
    if runs is None:  # a case twin (lower-casing may move offsets), or no selection asked for
        return tuple((m.start(), m.end(), m.group(0)) for m in HUMAN_REQUEST.finditer(text))
    which = tuple(i for i, keys in enumerate(_HUMAN_KEYS) if not keys.isdisjoint(runs))
    if not which:
        return ()
    patterns = [_HUMAN_PATTERNS[i] for i in which]
    low = text.lower()
    starts: set[int] = set()
    for key in frozenset().union(*(_HUMAN_KEYS[i] for i in which)) & runs:
        starts.update(_occurrences(low, key))
    if _LINE_PHRASING in which:
        starts.add(0)
        starts.update(at + 1 for at in _occurrences(text, "\n"))
    spans = []
    end = 0
    for at in sorted(starts):
        if at < end:
            continue
        # The alternation's match at a place is its first phrasing, in order, that matches there.
        for pattern in patterns:
            m = pattern.match(text, at)
            if m:
                spans.append((m.start(), m.end(), m.group(0)))
                end = m.end()
                break
    return tuple(spans)


#: The phrasing of _HUMAN_REQUEST that is a whole line ("agent"), anchored at a line's start.
_LINE_PHRASING = len(_HUMAN_REQUEST) - 1


def _occurrences(text: str, part: str) -> list[int]:
    """Where `part` occurs in `text`, overlapping occurrences included."""
    out = []
    at = text.find(part)
    while at >= 0:
        out.append(at)
        at = text.find(part, at + 1)
    return out


#: Each phrasing on its own pattern, tried in order where the text holds its key words: an alternation
#: compiled per subset of phrasings cost milliseconds for each new subset a text brought (about 1 in 10
#: long tickets of a warm process), while ten patterns compile once.
_HUMAN_PATTERNS = tuple(re.compile(b, re.IGNORECASE | re.MULTILINE) for b in _HUMAN_BRANCHES)


@dataclass(frozen=True)
class _Found:
    turn: int
    hit: Hit


#: The built-in look-alikes of each signal as exclusion entries, built once.
_EXCLUSIONS: dict[str, tuple[str, ...]] = {
    name: tuple(f"!{w}" for w in words) for name, words in LOOKALIKES.items()
}


def _entries(policy: Policy, name: str) -> tuple[str, ...]:
    return tuple(matched_entries(name, policy.keywords.get(name, ()))) + _EXCLUSIONS.get(name, ())


#: The matcher of each policy list, by the list object: (the list, its length, the matcher). Building the
#: entries tuple and hashing it to find the matcher cost about 9 µs a ticket over six lists (regulated_topic
#: alone has 337 entries). The list is held, so its id cannot be reused; a policy is frozen, and the length
#: check catches the one change a caller might still make in place (an append).
_LIST_MATCHERS: dict[tuple[int, str], tuple[object, int, PhraseMatcher]] = {}
_NO_WORDS: tuple[str, ...] = ()


def _matcher(policy: Policy, name: str) -> PhraseMatcher:
    """`matcher(_entries(policy, name))`, found by the policy list's identity."""
    words = policy.keywords.get(name, _NO_WORDS)
    key = (id(words), name)
    held = _LIST_MATCHERS.get(key)
    if held is None or held[0] is not words or held[1] != len(words):
        if len(_LIST_MATCHERS) >= 256:
            _LIST_MATCHERS.clear()
        held = _LIST_MATCHERS[key] = (words, len(words), matcher(_entries(policy, name)))
    return held[2]


def _find(conv: Conversation, m: PhraseMatcher) -> list[_Found]:
    return [_Found(turn.index, hit) for turn in conv.turns for hit in m.find(turn.text)]


def _span(f: _Found) -> Span:
    return Span(f.turn, f.hit.start, f.hit.end, f.hit.text)


def negated(text: str, start: int) -> bool:
    """Whether a negation stands in the clause before `start` ("no one was hurt", "didn't burn")."""
    return bool(_NEGATION.search(text[max(0, start - NEGATION_WINDOW) : start]))


def keyword_signal(name: str, conv: Conversation, policy: Policy) -> Signal:
    """A keyword-list signal: fires on any non-negated hit of the policy's list `name`, in any reading of
    the normalised text; evidence points at the customer's own words."""
    return best(r.restore(_keyword_signal(name, r.conversation, policy)) for r in readings_of(conv))


def _keyword_signal(name: str, conv: Conversation, policy: Policy) -> Signal:
    found = _find(conv, _matcher(policy, name))
    if not found:
        return Signal(name, 0.0, False)
    texts = {t.index: t.text for t in conv.turns}
    strong: list[_Found] = []
    weak: list[_Found] = []
    for f in found:
        # Only harm is read with negation: "I won't sue" still names a lawyer in the seed's literal rule.
        if name == "product_harm" and negated(texts[f.turn], f.hit.start):
            weak.append(f)
        else:
            strong.append(f)
    spans = tuple(_span(f) for f in strong + weak)
    words = sorted({f.hit.entry for f in strong} or {f.hit.entry for f in weak})
    if not strong:
        return Signal(name, NEGATED_SCORE, False, spans, f"negated mention: {', '.join(words)}")
    score = 1.0
    detail = f"matched: {', '.join(words)}"
    if name == "review_threat":
        threat = any(
            _REVIEW_THREAT.search(
                texts[f.turn][max(0, f.hit.start - REVIEW_CONTEXT) : f.hit.end + REVIEW_CONTEXT]
            )
            for f in strong
        )
        score = 1.0 if threat else LITERAL_REVIEW_SCORE
        detail = ("public-review threat: " if threat else "literal mention (seed rule): ") + ", ".join(words)
    return Signal(name, score, True, spans, detail)


def human_request(conv: Conversation, policy: Policy) -> Signal:
    """The customer asks for a person (built-in phrasings plus the policy list `human_request`)."""
    return best(r.restore(_human_request(r.conversation, policy)) for r in readings_of(conv))


def self_harm(conv: Conversation, policy: Policy) -> Signal:
    """Crisis language (SELF_HARM plus the policy list `self_harm`): fires on any mention, never negated and
    never vetoed by a policy exclusion, so no policy can switch it off."""
    policy_words = tuple(policy.keywords.get("self_harm", ()))
    crisis = _self_harm_matcher(policy_words)
    found: list[Span] = []
    for reading in readings_of(conv):
        hits = [_span(f) for f in _find(reading.conversation, crisis)]
        if hits:
            found = list(reading.restore(Signal("self_harm", 1.0, True, tuple(hits))).evidence)
            break
    if not found:
        found = _kms_opening(conv)
    if not found:
        found = _self_harm_squashed(conv, _self_harm_index(policy_words))
    if not found:
        found = list(other_scripts.found("self_harm", conv))
    if not found:
        return Signal("self_harm", 0.0, False)
    words = ", ".join(dict.fromkeys(repr(s.text) for s in found[:3]))
    return Signal("self_harm", 1.0, True, tuple(found), f"possible self-harm or suicide risk: {words}")


#: "kms" ("kill myself") opening a message or a sentence: "kms honestly where is my package". The list
#: holds it only after a verb ("gonna kms"); kilometres follow a number ("240 kms drive"), never open one.
_KMS_OPENING = re.compile(
    r"(?:^|[.!?;:,\n(])[ \t\"'“]*(kms)\b(?![ \t]*[)\]:/=])"
    r"(?![ \t]*(?:away|from|to|per|of|north|south|east|west|drive|ride)\b)",
    re.IGNORECASE,
)


def _kms_opening(conv: Conversation) -> list[Span]:
    """Where "kms" opens a turn or a sentence of the primary reading (`_KMS_OPENING`), as evidence."""
    reading = readings_of(conv)[0]
    spans = [
        Span(turn.index, m.start(1), m.end(1), m.group(1))
        for turn in reading.conversation.turns
        if "kms" in turn.text.lower()
        for m in _KMS_OPENING.finditer(turn.text)
    ]
    return list(reading.restore(Signal("self_harm", 1.0, True, tuple(spans))).evidence) if spans else []


def _self_harm_squashed(conv: Conversation, phrases: squashed.Index) -> list[Span]:
    """Crisis phrases read with the spaces between words ignored ("k i l l m y s e l f", "kill my self"),
    on the primary reading; see triage.squashed."""
    reading = readings_of(conv)[0]
    turns = reading.conversation.turns
    # One quick test for all the turns (a phrase found in none of them may still straddle two once joined,
    # so the joined text can only let more through): most tickets are ruled out by one test, not several.
    if len(turns) > 1 and not phrases.may_hold("\n".join(t.text for t in turns)):
        return []
    for turn in turns:
        hits = phrases.find(turn.text)
        if hits:
            spans = tuple(Span(turn.index, a, b, turn.text[a:b]) for a, b in hits)
            return list(reading.restore(Signal("self_harm", 1.0, True, spans)).evidence)
    return []


def _guard(lists: Iterable[Sequence[str]]) -> None:
    """Have the normaliser read these lists' key words written with a letter doubled ("laawyer", "suue"):
    each entry's rarest word (the one its matcher looks up), in all its inflections; and every word of their
    entries with letters masked or all in leetspeak ("k*ll myself", "5u1c1d3"), in all its inflections."""
    entries = _listed(lists)
    normalize.guard(_key_forms(entries))
    normalize.guard_spelled(form for e in entries for word in tokens(e) for form in inflections(word))


def _guard_slips(lists: Iterable[Sequence[str]]) -> None:
    """Have the normaliser read these lists' key words misspelt by one slip ("chargback", "fraudulant"): the
    lists a doubled letter would read wrongly ("latte" as "late" in "my late husband"), but where a slip is
    read only when no other English word is as near (normalize, step 3g)."""
    normalize.guard_slips(_key_forms(_listed(lists)))


def _listed(lists: Iterable[Sequence[str]]) -> list[str]:
    """The entries of these lists, look-alikes ("!...") left out."""
    return [e for entries in lists for e in entries if not e.strip().startswith("!")]


def _key_forms(entries: Iterable[str]) -> Iterator[str]:
    """Each entry's rarest word (the one its matcher looks up), in all its inflections."""
    return (form for e in entries if (key := _key_word(e)) is not None for form in inflections(key))


def prepare(policy: Policy) -> None:
    """Compile every list these detectors read under `policy` (see triage.analysis.prepare)."""
    names = {*KEYWORD_SIGNALS, *TOPIC_SIGNALS, *policy.keywords} - _NOT_SIGNALS
    _guard(policy.keywords.get(name, ()) for name in _GUARDED_LISTS)
    _guard_slips(policy.keywords.get(name, ()) for name in _SLIP_LISTS)
    for name in sorted(names):
        _matcher(policy, name).prepare()
    words = tuple(policy.keywords.get("self_harm", ()))
    _self_harm_matcher(words).prepare()
    _self_harm_index(words)
    if policy.keywords.get("human_request"):
        _matcher(policy, "human_request").prepare()
    normalize.prepare()


@lru_cache(maxsize=64)
def _self_harm_index(policy_words: tuple[str, ...]) -> squashed.Index:
    """The crisis list made ready for the spaces-ignored reading, once per policy list (keyed by the policy's
    few words, not the whole list, so a ticket does not hash two hundred phrases to find it)."""
    return squashed.Index(_self_harm_entries(policy_words), SELF_HARM_LOOKALIKES)


@lru_cache(maxsize=64)
def _self_harm_matcher(policy_words: tuple[str, ...]) -> PhraseMatcher:
    """The crisis list's matcher, by the policy's few words (hashing the whole list per ticket cost more)."""
    return matcher(_self_harm_entries(policy_words))


@lru_cache(maxsize=64)
def _self_harm_entries(policy_words: tuple[str, ...]) -> tuple[str, ...]:
    extra = tuple(w for w in policy_words if not w.strip().startswith("!"))
    return SELF_HARM + extra + tuple(f"!{w}" for w in SELF_HARM_LOOKALIKES)


def _human_request(conv: Conversation, policy: Policy) -> Signal:
    spans: list[Span] = []
    for turn in conv.turns:
        spans.extend(Span(turn.index, a, b, t) for a, b, t in human_request_spans(turn.text))
    extra = policy.keywords.get("human_request")
    if extra:
        spans.extend(_span(f) for f in _find(conv, _matcher(policy, "human_request")))
    if not spans:
        return Signal("human_request", 0.0, False)
    return Signal("human_request", 1.0, True, tuple(spans), f"asked for a person: {spans[0].text!r}")


def keyword_signals(
    conv: Conversation, policy: Policy, names: Sequence[str] | None = None
) -> dict[str, Signal]:
    """Every keyword-list signal, plus one per extra list the brand names in its policy (same matching)."""
    if names is None:
        known = KEYWORD_SIGNALS + TOPIC_SIGNALS
        extra = tuple(k for k in policy.keywords if k not in known and k not in _NOT_SIGNALS)
        names = known + extra
    texts = [t.text for r in readings_of(conv) for t in r.conversation.turns]
    # One set of every reading's words, looked up once per list (a list may match if it may in any text).
    found = tokens(texts[0]) if len(texts) == 1 else frozenset().union(*map(tokens, texts))
    out = {}
    for name in names:
        # Most tickets name no keyword of most lists: the matcher's word prefilter says so without a scan.
        if not PREFILTER or _matcher(policy, name).may_match_tokens(found):
            out[name] = keyword_signal(name, conv, policy)
        else:
            out[name] = Signal(name, 0.0, False)
    return out


#: The lists whose key words are read with a doubled letter written once: threats, harm and crisis, where a
#: miss costs most. Not the topic and emotional lists: their key words collide with ordinary spellings
#: ("latte" would read "late", as in "my late husband"; "career" would read "carer").
_GUARDED_LISTS = ("legal_threat", "review_threat", "product_harm", "self_harm")
#: Lists whose key words are read misspelt only (see `_guard_slips`).
_SLIP_LISTS = ("third_party_claim", "emotional_load", "regulated_topic")
# The built-in lists guarded from the start, whether or not a worker prepares its policy.
_guard([*(Policy().keywords.get(name, ()) for name in _GUARDED_LISTS), SELF_HARM])
_guard_slips(Policy().keywords.get(name, ()) for name in _SLIP_LISTS)
# Who a customer asks for, read glued to the ask too ("canispeaktoahuman").
normalize.guard_glued(("human", "person", "agent", "representative", "manager", "supervisor", "someone"))
