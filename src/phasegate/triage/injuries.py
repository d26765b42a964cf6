"""Injuries told in shapes a phrase list cannot spell: a hurt verb and a body part, a fall, a thing landing on
someone.

"The bottle shattered and cut my palm", "her hand got caught in the hinge", "the dresser tipped over onto my
son", "I slipped on the mat and broke my ankle" name no word of the harm list, yet each reports a person hurt
by a product (a `product_harm`). The list cannot hold every verb with every body part; these shapes can. A
body part or a fall without harm is not one ("it caught my eye", "I fell in love with the colour", "my hands
are full", "the button fell off"), and a negated one ("luckily nobody cut their hand", "she didn't fall") is
a report of no harm. The shapes belong to the built-in harm vocabulary: they apply while the policy's
`product_harm` list keeps the entry "injury" (built in, so every list but an empty one does), so a brand
turns them off with "!injury".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from phasegate.policy.schema import Policy
from phasegate.triage import shapes
from phasegate.triage.conversation import Conversation
from phasegate.triage.detectors import negated
from phasegate.triage.normalize import guard, guard_spelled
from phasegate.triage.schemas import Signal

#: The entry of the policy's `product_harm` list that switches these shapes on.
MARKER = "injury"

_PARTS = (
    "hand", "hands", "finger", "fingers", "fingertip", "fingertips", "thumb", "thumbs", "palm", "palms",
    "wrist", "wrists", "arm", "arms", "elbow", "elbows", "shoulder", "shoulders", "neck", "back", "spine",
    "head", "face", "forehead", "eye", "eyes", "eyelid", "eyelids", "ear", "ears", "nose", "mouth", "lip",
    "lips", "tongue", "tooth", "teeth", "gum", "gums", "jaw", "chin", "cheek", "cheeks", "throat", "chest",
    "stomach", "belly", "tummy", "hip", "hips", "leg", "legs", "knee", "knees", "ankle", "ankles", "foot",
    "feet", "toe", "toes", "heel", "heels", "skin", "scalp", "nail", "nails", "rib", "ribs",
    # a pet's ("my cat got her paw stuck in the scratching post")
    "paw", "paws", "tail", "snout", "muzzle", "beak", "claw", "claws", "hoof", "hooves",
)  # fmt: skip
#: People hurt, beside the pronouns: "my son", "the baby", "my elderly mother".
_PEOPLE = (
    "son", "sons", "daughter", "daughters", "kid", "kids", "child", "children", "baby", "toddler", "boy",
    "girl", "husband", "wife", "partner", "mom", "mum", "mother", "dad", "father", "grandma", "grandmother",
    "grandpa", "grandfather", "friend", "brother", "sister", "nephew", "niece", "grandson", "granddaughter",
)  # fmt: skip


def _any(words: Sequence[str]) -> str:
    return "(?:" + "|".join(w.replace(" ", r"\s+") for w in words) + ")"


#: Verbs that hurt a body part they take as object ("cut my palm", "sprained her ankle").
_HURTS = (
    "cut", "cuts", "burn", "burned", "burnt", "burns", "scald", "scalded", "scalds", "hurt", "hurts", "broke",
    "breaks", "bruise", "bruised", "sprain", "sprained", "sprains", "twisted", "fractured", "scratched",
    "scraped", "crushed", "pinched", "smashed", "jammed", "sliced", "singed", "stung", "injured", "gashed",
    "punctured", "dislocated", "blistered", "grazed", "nicked", "skinned",
)  # fmt: skip
#: What a hurt body part is or became ("my eyes are burning", "her finger got trapped").
_STATES = (
    "cut", "burned", "burnt", "burning", "scalded", "bleeding", "swollen", "swelling", "blistered",
    "blistering", "bruised", "broken", "crushed", "trapped", "caught", "stuck", "pinched", "jammed",
    "stinging", "numb", "peeling", "raw", "sore", "itchy", "itching", "infected", "sliced", "scratched",
    "injured", "hurt", "hurting", "throbbing",
)  # fmt: skip
#: What a body part got caught in ("got her hand caught").
_CAUGHT = ("caught", "stuck", "trapped", "pinched", "crushed", "jammed", "burned", "burnt", "cut")
_FALLS = ("fell", "tripped", "slipped", "tumbled", "toppled")
#: Verbs that hurt a person they take as object ("it cut me", "scalded my son").
_HARMS = (
    "cut", "burned", "burnt", "scalded", "electrocuted", "zapped", "stung", "sliced", "gashed", "singed",
    "injured",
)  # fmt: skip
#: A thing landing on someone ("tipped over onto my son", "collapsed under me").
_LANDS = (
    "tipped", "toppled", "fell", "collapsed", "came down", "crashed", "landed", "slammed", "snapped shut",
    "closed", "folded",
)  # fmt: skip
_FOLDS = ("folded", "collapsed", "closed")
_HITS = ("hit", "hitting", "struck", "smacked", "whacked", "slapped")
_SPLASHES = ("got", "went", "sprayed", "splashed", "squirted", "spilled", "spilt", "leaked")
_SPLASHED = ("eye", "eyes", "face", "mouth", "skin")
#: Hazards a child gets into ("my toddler got into the detergent pods").
_HAZARDS = (
    "detergent", "bleach", "pod", "pods", "pill", "pills", "tablet", "tablets", "medicine", "medication",
    "cleaner", "cleaning", "battery", "batteries", "magnet", "magnets", "chemical", "chemicals", "laundry",
    "dishwasher", "antifreeze", "silica", "lighter fluid", "bead", "beads", "squeaker", "stuffing", "coin",
    "coins", "marble", "marbles", "desiccant",
)  # fmt: skip
#: Who swallows a piece of a product or pushes one up a nose: small children and pets ("the puppy ate part
#: of the chew toy", "my daughter put a bead up her nose"); an adult eating part of a cake is a meal.
_SMALL = (
    "son", "daughter", "kid", "child", "baby", "toddler", "boy", "girl", "nephew", "niece", "grandson",
    "granddaughter", "dog", "puppy", "pup", "cat", "kitten", "pet", "parrot", "bird", "rabbit", "hamster",
)  # fmt: skip
_BITES = ("ate", "eaten", "swallowed", "chewed", "bit", "bitten")
_PUSHES = ("put", "stuck", "pushed", "shoved", "got")
#: Things that shock a person ("the toaster shocked me"); with no such thing named, "shocked" is surprise
#: ("the price shocked me", "I was shocked by the reply").
_ELECTRIC = (
    "toaster", "kettle", "charger", "cable", "cord", "plug", "outlet", "socket", "lamp", "wire", "wires",
    "wiring", "adapter", "adaptor", "appliance", "heater", "iron", "dryer", "microwave", "fridge", "switch",
    "blender", "mixer", "fan", "battery", "router", "console", "laptop", "phone", "tv", "light", "metal",
    "casing", "handle", "machine", "oven", "stove", "hob", "cooker", "washer", "dishwasher", "vacuum",
    "straightener", "straighteners", "curler", "razor", "shaver", "toothbrush",
)  # fmt: skip
_SHOCKS = ("shocked", "zapped", "shock", "shocks", "zaps")
#: What goes on skin or in the wash ("the cream gave me blisters"); new boots giving blisters is a fit.
_TOPICALS = (
    "cream", "creams", "lotion", "serum", "gel", "spray", "soap", "shampoo", "conditioner", "detergent",
    "cleaner", "oil", "mask", "dye", "polish", "deodorant", "sunscreen", "suncream", "moisturiser",
    "moisturizer", "ointment", "balm", "toner", "cleanser", "perfume", "makeup", "foundation", "mascara",
    "wax", "wipes", "powder", "patch", "patches", "bleach", "peel", "scrub", "retinol", "formula", "fabric",
)  # fmt: skip
_CAUSES = ("gave", "given", "caused", "causing", "left", "brought", "broke")
_REACTIONS = (
    "blisters", "blister", "blistering", "welts", "sores", "hives", "burns", "burn", "rash", "rashes",
    "bumps", "boils", "swelling", "redness", "reaction", "eczema", "dermatitis", "scabs",
)  # fmt: skip
#: Hot liquids that scald where they land ("boiling water went all over my arm").
_HOT = ("boiling", "scalding", "hot")
_LIQUIDS = ("water", "coffee", "tea", "oil", "soup", "milk", "liquid", "wax", "steam", "grease", "broth")
#: What a product made someone ("the dog food made my dog vomit all night"); "made me sick" is on the list.
_MADE = ("made", "makes", "making")
_ILL = ("sick", "ill", "vomit", "throw up", "puke", "poorly")
_INGESTS = ("got into", "drank", "drunk", "ate", "eaten", "licked", "bit into", "chewed on", "chewed")
#: What a person or pet is doing when hurt or poisoned ("now he's limping", "she keeps vomiting").
_UNWELL = (
    "limping", "bleeding", "vomiting", "throwing up", "choking", "wheezing", "convulsing", "seizing",
    "unconscious", "unresponsive", "foaming",
)  # fmt: skip
#: Who is unwell: "he", "she", "my son", "the puppy" (not "it": "the printer is choking on paper").
_SUFFERER = rf"(?:he|she|they|(?:my|our|the)\s+(?:\w+\s+)?(?:{_any(_PEOPLE)}|{_any(_SMALL)}))"

_PART = _any(_PARTS)
_PERSON = _any(_PEOPLE)
#: Whose: "my", "her", "the baby's", "my son's".
_WHOSE = rf"(?:my|her|his|their|our|your|the\s+baby's|(?:my|our|the)\s+{_PERSON}'s)"
#: Someone hurt, as an object: "me", "him", "my son", "the baby".
_SOMEONE = rf"(?:me|him|her|them|us|(?:my|our|the|a)\s+(?:\w+\s+)?{_PERSON})"
#: Someone who falls: "I", "she", "my son", "the baby".
_FALLER = rf"(?:i|he|she|we|they|{_WHOSE}\s+(?:\w+\s+)?{_PERSON}|the\s+baby)"


def _gate(*sets: Sequence[str]) -> tuple[frozenset[str], ...]:
    """The words a shape cannot do without: a word (the first word of a phrase) of each set."""
    return tuple(frozenset(w.split()[0] for w in words) for words in sets)


#: (gate, shape): a shape runs only on a text whose words open its gate, so an ordinary email runs none.
_SHAPES: tuple[tuple[tuple[frozenset[str], ...], str], ...] = (
    # "cut my palm", "sprained her left ankle", "burned the baby's hand" (not "caught my eye": an idiom)
    (_gate(_HURTS, _PARTS), rf"\b{_any(_HURTS)}\s+{_WHOSE}\s+(?:\w+\s+)?{_PART}\b"),
    # "my eyes are burning", "her finger got trapped", "my son's hand was badly cut"
    (
        _gate(_PARTS, _STATES),
        rf"\b{_WHOSE}\s+(?:\w+\s+)?{_PART}\s+(?:got|gets|was|were|is|are|has\s+been|have\s+been|became|"
        rf"started|keeps|kept|went)\s+(?:\w+\s+)?(?:{_any(_STATES)}|red\s+and\s+\w+)\b",
    ),
    # "got her hand caught in the hinge"
    (_gate(("got",), _PARTS, _CAUGHT), rf"\bgot\s+{_WHOSE}\s+(?:\w+\s+)?{_PART}\s+{_any(_CAUGHT)}\b"),
    # "I slipped on the mat", "my son fell off the scooter", "the ladder collapsed and I fell." (not "fell
    # asleep", "fell in love", "fell for it", "fell behind")
    (
        _gate(_FALLS),
        rf"\b{_FALLER}\s+(?:\w+\s+)?{_any(_FALLS)}\s+"
        r"(?:down|off|over|on|onto|out|from|backwards?|and|head\s+first|hard|through\s+the)\b"
        rf"|\b{_FALLER}\s+(?:nearly\s+|almost\s+)?(?:fell|tripped|slipped)\s*(?:[.,;!]|$)",
    ),
    # "my baby rolled off the changing table" (ninth session's probes; not "she rolled over", a milestone)
    (
        _gate(("rolled",), ("off",)),
        rf"\b{_FALLER}\s+(?:\w+\s+)?rolled\s+(?:right\s+)?off\s+(?:the|a|our|my|his|her)\b",
    ),
    # "the blade came off and cut me", "it scalded my son" (not "cut me off", "cut me some slack")
    (
        _gate(_HARMS),
        rf"\b{_any(_HARMS)}\s+(?:me|him|her|us|them|(?:my|our|the)\s+(?:\w+\s+)?{_PERSON})\b"
        r"(?!\s+(?:off|some|a|an|short|out|in|loose|down|up|back|deep)\b)",
    ),
    # "the dresser tipped over onto my son", "the chair collapsed under me", "the lid slammed on my finger"
    (
        _gate(_LANDS, ("on", "onto", "under", "beneath")),
        rf"\b{_any(_LANDS)}\s+(?:over\s+|down\s+|shut\s+|up\s+)?(?:on|onto|on\s+top\s+of|under|beneath)\s+"
        rf"(?:{_SOMEONE}|{_WHOSE}\s+(?:\w+\s+)?{_PART})\b",
    ),
    # "the stroller folded up with my baby in it"
    (_gate(_FOLDS, ("with",)), rf"\b{_any(_FOLDS)}\s+(?:up\s+)?with\s+{_SOMEONE}\s+(?:in|on|inside)\b"),
    # "the lid blew off and hit me in the face"
    (
        _gate(_HITS, _PARTS),
        rf"\b{_any(_HITS)}\s+{_SOMEONE}\s+(?:right\s+)?(?:in|on)\s+the\s+{_PART}\b",
    ),
    # "the spray went in my eyes", "got the cleaner in her eye", "it splashed all over my face"
    (
        _gate(_SPLASHES, _SPLASHED),
        rf"\b{_any(_SPLASHES)}\s+(?:\w+\s+){{0,2}}?(?:in|into|on|all\s+over)\s+{_WHOSE}\s+{_any(_SPLASHED)}\b",
    ),
    # "boiling water went all over my arm", "hot coffee poured onto my son's lap" (2026-12-06, eighth session)
    (
        _gate(_HOT, _LIQUIDS),
        rf"\b{_any(_HOT)}\s+(?:\w+\s+)?{_any(_LIQUIDS)}\b[^.?!\n]{{0,40}}?\b(?:on|onto|all\s+over|over|into)\s+"
        rf"(?:{_SOMEONE}\b|{_WHOSE}\s+(?:\w+\s+)?(?:{_PART}|lap|legs?)\b)",
    ),
    # "the toaster shocked me", "the kettle gave my son a shock", "I got shocked by the charger"
    (
        # (the shock word first: the quick pass keys on a shape's first set, and "phone" or "light" is common)
        _gate(_SHOCKS, _ELECTRIC),
        rf"\b{_any(_ELECTRIC)}\s+(?:\w+\s+){{0,2}}?(?:shocked|zapped|shocks|zaps)\s+{_SOMEONE}\b"
        rf"|\b{_any(_ELECTRIC)}\s+(?:\w+\s+){{0,2}}?(?:gave|gives|has\s+given)\s+{_SOMEONE}\s+(?:a|an)\s+"
        r"(?:\w+\s+)?shock\b"
        rf"|\b(?:got|gotten|was|were|been|get)\s+(?:\w+\s+)?(?:shocked|zapped)\s+(?:by|from|off|when\s+\w+\s+"
        rf"touched)\s+(?:the|my|this|that|your|a|an|our)\s+(?:\w+\s+)?{_any(_ELECTRIC)}\b",
    ),
    # "it gave me a shock when I touched the casing", "got a nasty shock plugging it in"
    (
        _gate(
            ("shock", "shocks"),
            ("touched", "touching", "touch", "plugged", "plugging", "unplugged", "unplugging"),
        ),
        r"\bshocks?\s+(?:\w+\s+)?(?:when|as|while|after)?\s*(?:i|he|she|we|they|my\s+\w+)?\s*"
        r"(?:touched|touching|touch|plugged|plugging|unplugged|unplugging)\b(?!\s+base)",
    ),
    # "the cream gave me blisters", "the new detergent left my son with welts", "it broke me out in hives"
    (
        _gate(_REACTIONS, _CAUSES, _TOPICALS),
        rf"\b{_any(_TOPICALS)}\b[^.?!\n]{{0,40}}?\b(?:gave|has\s+given|caused|left|brought\s+out|broke)\s+"
        rf"(?:\w+\s+){{0,2}}?(?:me|him|her|us|them|{_WHOSE})\b[^.?!\n]{{0,30}}?\b{_any(_REACTIONS)}\b"
        rf"|\b{_any(_TOPICALS)}\b[^.?!\n]{{0,40}}?\b(?:caused|brought\s+out|left)\s+(?:\w+\s+){{0,2}}?"
        rf"{_any(_REACTIONS)}\s+(?:on|all\s+over|across)\s+{_WHOSE}\b",
    ),
    # "the puppy ate part of the chew toy", "my son swallowed a piece of the rattle"
    (
        _gate(_BITES, _SMALL),
        rf"\b{_any(_SMALL)}\s+(?:\w+\s+)?{_any(_BITES)}\s+(?:off\s+|up\s+)?(?:part|parts|a\s+piece|pieces|"
        r"some|half|a\s+chunk|chunks|a\s+bit|bits)\s+of\b",
    ),
    # "my daughter put a bead up her nose", "he got a pea stuck in his nostril"
    (
        _gate(_PUSHES, ("nose", "nostril", "nostrils")),
        rf"\b{_any(_PUSHES)}\s+(?:\w+\s+){{0,3}}?(?:up|in|into)\s+{_WHOSE}\s+(?:nose|nostril|nostrils)\b",
    ),
    # "the food made my dog vomit", "it's making the kids ill" (ninth session's probes)
    (
        _gate(_ILL, _MADE),
        rf"\b{_any(_MADE)}\s+(?:him|her|them|us|(?:my|our|the)\s+(?:\w+\s+)?(?:{_PERSON}|{_any(_SMALL)}))\s+"
        rf"(?:really\s+|very\s+|so\s+)?{_any(_ILL)}\b",
    ),
    # "my dog ate one of the chew toys and now he's limping", "the baby is choking" (tenth session's probes;
    # not "the printer is choking on paper", nor a past "he was bleeding" told as a recovered story: the
    # shape wants the present)
    (
        _gate(_UNWELL),
        rf"\b{_SUFFERER}\s*(?:['’]s|is|are|['’]re|keeps|kept|started|has\s+been|have\s+been|won['’]t\s+stop)\s+"
        rf"(?:now\s+|still\s+|badly\s+|constantly\s+)?{_any(_UNWELL)}\b",
    ),
    # "my toddler got into the detergent pods", "the dog chewed on one of the batteries"
    (
        _gate(_INGESTS, _HAZARDS),
        rf"\b{_any(_INGESTS)}\s+(?:the|some|a|an|my|our|one\s+of\s+the|one\s+of\s+my)\s+(?:\w+\s+)?"
        rf"{_any(_HAZARDS)}\b",
    ),
)
_COMPILED = tuple((gate, re.compile(shape, re.IGNORECASE | re.MULTILINE)) for gate, shape in _SHAPES)
#: Every shape's first gate words: a text holding none of them runs no shape.
_KEYS = frozenset().union(*(gate[0] for gate, _ in _SHAPES))
# The normaliser reads the shapes' words disguised ("s1iced my vvrist", "cr*shed", "fiinger"), as it reads
# the harm list's (triage.detectors).
_WORDS = {
    w
    for words in (
        _PARTS,
        _HURTS,
        _STATES,
        _FALLS,
        _HARMS,
        _LANDS,
        _HITS,
        _HAZARDS,
        _SMALL,
        _UNWELL,
        _BITES,
        _SHOCKS,
        _TOPICALS,
        _REACTIONS,
    )
    for w in words
}
guard(_WORDS)
guard_spelled(_WORDS)


def spans(text: str) -> list[tuple[int, int, str]]:
    """Where a text tells of a person hurt, as (start, end, words); negated tellings left out."""
    found = [
        (m.start(), m.end(), m.group(0))
        for m in shapes.gated_matches(text, _COMPILED, _KEYS)
        if not negated(text, m.start())
    ]
    return sorted(found)


def injury(conv: Conversation, policy: Policy) -> Signal:
    """The product-harm verdict of the shapes alone, with evidence on the customer's own characters; not fired
    when the policy's list lacks MARKER. Each reading of the text is tried in turn (the text as written, then
    with leetspeak, look-alikes and spacing undone)."""
    return shapes.switched_rule(policy, "product_harm", MARKER, conv, spans, "injury told")


def widen(signal: Signal, conv: Conversation, policy: Policy) -> Signal:
    """The keyword list's `product_harm` verdict, or the shapes' when the list found nothing that fired."""
    return shapes.widen(signal, lambda: injury(conv, policy))
