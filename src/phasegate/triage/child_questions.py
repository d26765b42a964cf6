"""Whether a product is safe for a small child, asked in shapes a phrase list cannot spell: ages are numbers.

"Can I give this to my 3 month old?", "is it ok for a 2-year-old?", "can my toddler chew on it?" are child
safety questions (a `regulated_topic`) whatever the product. A child named without such a question ("my baby
loves it", "a gift for my 5 year old", "can my son pick it up?") is not one. The shapes belong to the
built-in child-safety vocabulary: they apply while the policy's `regulated_topic` list keeps the entry
"child safety" (built in, so every list but an empty one does), so a brand turns them off with
"!child safety".
"""

from __future__ import annotations

import re

from phasegate.policy.schema import Policy
from phasegate.triage import shapes
from phasegate.triage.conversation import Conversation
from phasegate.triage.lexicon import aligned_lower, first_at, single_letter_variants, word_starts, words
from phasegate.triage.normalize import readings_of
from phasegate.triage.schemas import Signal, Span

#: The entry of the policy's `regulated_topic` list that switches these shapes on.
MARKER = "child safety"

_NUMBER = (
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|twenty|twenty[\s-]four)"
)
#: Up to 17 years: "safe for my 40 year old husband" is an adult's question, sizing more often than safety.
_YEARS = (
    r"(?:1[0-7]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen)"
)
#: A child's age as a noun: "3 month old", "6-week-old", "2 yr old", "4yo", "3 y/o", "18 m/o".
_AGE = (
    rf"(?:{_NUMBER}[\s-]*(?:day|week|wk|month|mth|mo)s?[\s-]*old"
    rf"|{_YEARS}[\s-]*(?:(?:year|yr)s?[\s-]*old|y\.?o\b\.?|y/o)"
    rf"|{_NUMBER}[\s-]*m/o)"
)
#: A word for a baby, not the first word of an event or a list ("baby shower", "baby registry").
_BABY = (
    r"(?:bab(?:y|ies)|infants?|newborns?|toddlers?|preemies?|little\s+ones?)"
    r"(?!\s+(?:showers?|registry|registries|lists?|gifts?|names?|announcements?))"
)
_KID = (
    r"(?:child(?:ren)?|kids?|sons?|daughters?|boys?|girls?|grand(?:child|children|son|sons|daughter|daughters)"
    r"|grandkids?|grandbab(?:y|ies)|nieces?|nephews?)"
)
_WHO = r"(?:(?:my|our|a|an|your|his|her|their|the)\s+)"
#: A baby or small child: an age, or a word for a baby (with its determiner when there is one).
_YOUNG = rf"(?:{_WHO}?(?:little\s+)?(?:{_AGE}|{_BABY})(?![\w/]))"
#: Any child, babies included.
_CHILD = rf"(?:{_WHO}?(?:little\s+|young\s+)?(?:{_AGE}|{_BABY}|{_KID})(?![\w/]))"

#: A minor, by age or by word: "9 year old", "teenager", "minors".
_MINOR = rf"(?:{_AGE}|teen(?:ager)?s?|minors?)(?![\w/])"
#: Buying or holding an account, which a minor's age may bar.
_SIGN_UP = (
    r"(?:order|buy|purchase|shop|sign\s+up|register|use\s+(?:my|your|the|a)\s+(?:card|account|site|app)"
    r"|(?:have|make|open|create)\s+an?\s+account)"
)

#: Wanting to: what a child told of by age does before buying ("wants to buy", "keeps asking me to order").
_WANTS = (
    r"(?:(?:and\s+)?(?:wants?|needs?|is\s+trying|(?:has\s+)?asked(?:\s+me)?"
    r"|keeps\s+asking(?:\s+me)?)\s+to\s+)"
)
#: Goods a store may not sell to a minor (sixteenth session's probes: "my 14 year old wants the vape kit",
#: "I'm 16, can you ship the energy drinks?").
_RESTRICTED = (
    r"(?:vap(?:e|es|ing)|e-?cig(?:arette)?s?|nicotine|tobacco|cigarettes?|cigars?|hookah|shisha|juul|snus"
    r"|alcohol|wine|beer|liquor|vodka|whiske?y|energy\s+drinks?|knife|knives|machete|pepper\s+spray|bb\s+gun"
    r"|airsoft|air\s+rifle|crossbow|fireworks?|lighter\s+fluid|butane|cbd|kratom|thc|scratch\s+cards?)\b"
)
#: A minor asking for one of them: "wants the vape kit", "keeps asking me for energy drinks".
_ASKS_FOR = (
    r"(?:wants?|needs?|asked\s+(?:me\s+)?for|is\s+asking\s+(?:me\s+)?for|keeps\s+asking\s+(?:me\s+)?for)\s+"
    rf"(?:(?:the|a|an|some|your|this|these|those|that)\s+)?(?:\w+\s+)?{_RESTRICTED}"
)
#: Someone asking whether they may do something: "can I", "should we still", "is it ok to".
_ASK = (
    r"(?:(?:can|could|should|shall|may|do|would|will)\s+(?:i|we|one)\s+(?:\w+\s+)?"
    r"|is\s+it\s+(?:ok|okay|safe|fine|alright|possible)\s+to\s+)"
)

#: A child in Spanish and Portuguese, French, German and Italian.
_NINO = (
    r"(?:beb[eéê]s?|ni[nñ][oa]s?|hij[oa]s?|crian[cç]as?|filh[oa]s?|rec[ié]n\s+nacid[oa]s?"
    r"|rec[eé]m[\s-]nascid[oa]s?)\b"
)
_ENFANT = r"(?:b[eé]b[eé]s?|enfants?|nourrissons?|fils|filles?|tout[\s-]petits?)\b"
_KIND = r"(?:bab(?:y|ys)|kind(?:er)?|kleinkind(?:er)?|s[aä]uglinge?|sohn|tochter|neugeborenen?)\b"
_BIMBO = r"(?:bambin[oaie]|neonat[oaie]|figli[oa]?|figlie|bimb[oaie])\b"
_GEFAHR = r"(?:sicher|unbedenklich|ungef[aä]hrlich|gef[aä]hrlich|geeignet)"
#: Whether a product is safe for a child, asked in es/pt, fr, de and it (twelfth session's probes: "¿es
#: seguro este producto para bebés?", "est-ce que ce produit convient aux enfants de 3 ans", "ist das für
#: Kinder geeignet?"). The safety word after a verb ("es seguro", not "no estoy seguro si es para mi hijo");
#: the milder French words only with a baby or an age ("la taille convient-elle pour mon fils?" is sizing).
_ABROAD = (
    r"\b(?:es|son|sea|sean|ser[aá]|ser[ií]a|est[aá]|é|e|s[aã]o|seja|sejam)\s+(?:\w+\s+){0,3}?"
    rf"(?:segur[oa]s?|peligros[oa]s?|perigos[oa]s?)\s+(?:\w+\s+){{0,3}}?para\s+(?:\w+\s+){{0,2}}?{_NINO}",
    r"\b(?:sans\s+danger|dangereu(?:x|se)|nocif|nocive|toxique)\s+(?:\w+\s+){0,2}?(?:pour|aux?|à)\s+"
    rf"(?:\w+['\s]+){{0,2}}?{_ENFANT}",
    r"\b(?:convien(?:t|nent)|adapt[eé]e?s?|recommand[eé]e?s?)\s+(?:\w+\s+){0,2}?(?:pour|aux?|à)\s+"
    r"(?:\w+['\s]+){0,2}?(?:b[eé]b[eé]s?|nourrissons?|tout[\s-]petits?|enfants?\s+de\s+\d{1,2}\s+(?:ans?|mois))\b",
    rf"\b(?:ist|sind)\s+(?:\w+\s+){{0,3}}?{_GEFAHR}\s+f[uü]r\s+(?:\w+\s+){{0,2}}?{_KIND}",
    rf"\b(?:ist|sind)\s+(?:\w+\s+){{0,3}}?f[uü]r\s+(?:\w+\s+){{0,2}}?{_KIND}\s+(?:\w+\s+){{0,3}}?{_GEFAHR}\b",
    r"\b(?:sicur[oaie]|pericolos[oaie]|nociv[oaie])\s+(?:\w+\s+){0,2}?(?:per|ai|alla|al)\s+"
    rf"(?:\w+\s+){{0,2}}?{_BIMBO}",
)

_SHAPES = (
    # "safe for my kids", "too young for a 3 year old", "dangerous around children"
    rf"\b(?:safe|safer|dangerous|harmful|hazardous|appropriate|too\s+young|old\s+enough)\s+"
    rf"(?:to\s+(?:use|give|wear)\s+)?(?:for|on|to|with|around|near)\s+{_CHILD}",
    # "ok for my 2 year old", "suitable for a newborn": the milder words only with a baby or an age
    rf"\b(?:ok|okay|alright|all\s+right|fine|suitable|recommended)\s+(?:to\s+(?:use|give)\s+)?"
    rf"(?:for|on|to|with)\s+{_YOUNG}",
    # "can I give this formula to my 3 month old", "is it ok to feed babies", "should I bathe my newborn"
    rf"\b{_ASK}(?:give|feed|let|bathe|wash)\b[^.?!\n]{{0,40}}?(?<!\w){_YOUNG}",
    # "should we use it on the baby", "can I put the cream on my 6 month old" (not "a gift card for my baby")
    rf"\b{_ASK}(?:use|apply|put|rub|spray|try)\b[^.?!\n]{{0,30}}?\b(?:on|with|around)\s+{_YOUNG}",
    # "can my 18 month old have this", "will my baby be ok", "is my toddler old enough"
    rf"\b(?:can|could|should|may|will|would|is|are|does|do)\s+{_YOUNG}\s+(?:\w+\s+)?"
    rf"(?:have|eat|drink|take|use|wear|sleep|play|chew|try|ride|sit|climb|be|safely|swallow|lick|mouth|safe|ok|okay|"
    rf"old\s+enough|too\s+young)\b",
    # "can my son eat it", "is it safe if my daughter swallows one": what a child may put in its mouth
    rf"\b(?:can|could|should|may|will|would|if|does|do)\s+{_CHILD}\s+(?:\w+\s+)?"
    rf"(?:eat|eats|drink|drinks|chew|chews|swallow|swallows|lick|licks|ingest|ingests)\b",
    # "my daughter is 14, can she use the retinol serum?", "our son just turned 2, is it safe for him?", "my
    # son is 11, can he ride the e-scooter?" (riding one is an age limit's question, not sizing's), "my baby
    # is 6 weeks old, can she sleep in the bouncer overnight?" (tenth session's probes): the age told first,
    # the question asked of "she", "he" or "they" in the same sentence
    rf"\b(?:{_KID}|{_BABY})\s+(?:is|turned|just\s+turned|is\s+only|is\s+just)\s+(?:{_AGE}|{_YEARS})(?![\w/])"
    rf"[^?.\n]{{0,40}}?\b(?:(?:can|could|should|may)\s+(?:she|he|they)\s+(?:\w+\s+)?"
    rf"(?:use|take|eat|drink|apply|chew|swallow|ride|operate|drive|sleep|sit|{_SIGN_UP})\b"
    rf"|(?:is\s+it|is\s+this|is\s+that|it's)\s+(?:ok|okay|safe|fine|alright|suitable)\s+for\s+(?:her|him|them)\b"
    rf"|{_WANTS}{_SIGN_UP}\b)",
    # The age told beside the child, then a purchase wanted: "my daughter (she's 15) wants to buy the hunting
    # knife", "my nephew, who is 16, wants to order a vape" (fourteenth session's probes)
    rf"\b{_KID}\s*(?:\(\s*(?:(?:she|he|they)\s*(?:['’]s|is|are)\s*)?(?:{_AGE}|{_YEARS})\s*\)"
    rf"|,\s*(?:who\s*['’]s|who\s+is|(?:she|he)\s*['’]s|(?:she|he)\s+is|aged?)\s+(?:{_AGE}|{_YEARS})\s*,)"
    rf"[^.?!\n]{{0,40}}?\b(?:{_WANTS}|(?:can|could|may)\s+(?:she|he|they)\s+){_SIGN_UP}\b",
    # A minor by age wanting to buy: "my 14 year old wants to order the vape kit", "our 16-year-old son keeps
    # asking to buy energy drinks"
    rf"\b{_MINOR}\s+(?:{_KID}\s+)?(?:{_WANTS}{_SIGN_UP}\b|{_ASKS_FOR})",
    # A minor buying or holding an account (contracts with minors, children's data): "my 9 year old wants to
    # make an account", "can my 14 year old order on my card?", "is a minor allowed to sign up?"
    rf"\b{_MINOR}\s+(?:\w+\s+){{0,2}}?(?:make|create|open|have|get|set\s+up)\s+"
    rf"(?:an?\s+|her\s+|his\s+|their\s+)?(?:own\s+)?account\b",
    rf"\b(?:can|could|may|is|are)\s+(?:{_WHO}?{_MINOR})\s+(?:{_KID}\s+)?(?:be\s+)?(?:allowed\s+to\s+|able\s+to\s+)?"
    rf"{_SIGN_UP}\b",
    # The age a product is for ("what age is this trampoline for?", twelfth session's probes)
    r"\bwhat\s+ages?\s+(?:is|are)\s+(?:this|it|these|they|that|the|your)\b[^.?!\n]{0,30}?"
    r"\b(?:for|suitable|meant|designed|recommended|appropriate|safe|ok|okay)\b",
    *_ABROAD,
)
#: A doubled letter may be written single ("todler"): what is left of a stretched "toddddler" once normalised.
_QUESTION = re.compile(re.sub(r"([a-z])\1", r"\1{1,2}", "|".join(f"(?:{s})" for s in _SHAPES)), re.IGNORECASE)

#: The child words of _ABROAD, as word runs (accented and folded).
_CHILD_ABROAD = (
    "bebe", "bebes", "bebé", "bebés", "bebê", "bebês", "nino", "nina", "ninos", "ninas", "niño", "niña",
    "niños", "niñas", "hijo", "hija", "hijos", "hijas", "crianca", "criança", "criancas", "crianças", "filho",
    "filha", "filhos", "filhas", "recien", "recién", "recem", "recém", "bébé", "bébés", "enfant", "enfants",
    "nourrisson", "nourrissons", "fils", "fille", "filles", "petit", "petits", "baby", "babys",
    "kinder", "kleinkind", "kleinkinder", "saugling", "säugling", "sauglinge", "säuglinge", "sohn", "tochter",
    "neugeborene", "neugeborenen", "bambino", "bambina", "bambini", "bambine", "neonato", "neonata",
    "neonati", "neonate", "figlio", "figlia", "figli", "figlie", "bimbo", "bimba", "bimbi", "bimbe",
)  # fmt: skip

#: Every shape holds one of these as a whole word run (doubled letters may be single): "old" of "3-month-old",
#: "o" of "3 y/o" and "18 m/o", a child word. A text without any (nor a run like "4yo") is not searched.
_RUNS = frozenset(
    variant
    for word in (
        "old", "o", "baby", "babies", "infant", "infants", "newborn", "newborns", "toddler", "toddlers",
        "preemie", "preemies", "little", "child", "children", "kid", "kids", "son", "sons", "daughter",
        "daughters", "boy", "boys", "girl", "girls", "grandchild", "grandchildren", "grandkid", "grandkids",
        "grandson", "grandsons", "granddaughter", "granddaughters", "grandbaby", "grandbabies", "niece",
        "nieces", "nephew", "nephews", "teen", "teens", "teenager", "teenagers", "minor", "minors",
        "age", "ages", *_CHILD_ABROAD,
    )
    for variant in single_letter_variants(word)
)  # fmt: skip
#: German "Kind" is English "kind" ("Kind regards"): a child only beside "für" ("sicher für mein Kind").
_FUR = frozenset(("für", "fur"))
#: A word run that is an age in years ("3yo"), found in the text rather than run by run.
_AGE_WORD = re.compile(r"(?<!\w)\d{1,2}yo(?!\w)", re.IGNORECASE)


#: The words a shape's match opens with, each standing whole (a word edge before, white space after), with
#: a doubled letter also written once as _QUESTION allows ("to" of "too young", "al right").
_OPENERS = frozenset(
    variant
    for word in (
        "safe", "safer", "dangerous", "harmful", "hazardous", "appropriate", "too", "old",  # shape 1
        "ok", "okay", "alright", "all", "fine", "suitable", "recommended",  # shape 2
        "can", "could", "should", "shall", "may", "do", "would", "will", "is",  # shapes 3 and 4 (_ASK)
        "are", "does", "if",  # shapes 5 and 6, besides the words of _ASK
        # shape 7
        "child", "children", "kid", "kids", "son", "sons", "daughter", "daughters", "boy", "boys", "girl",
        "girls", "grandchild", "grandchildren", "grandson", "grandsons", "granddaughter", "granddaughters",
        "grandkid", "grandkids", "grandbaby", "grandbabies", "niece", "nieces", "nephew", "nephews",
        "baby", "babies", "infant", "infants", "newborn", "newborns", "toddler", "toddlers", "preemie",
        "preemies", "little",
        # shape 8: a minor by age (a number or its word) or by word
        *(str(n) for n in range(1, 25)), "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "twenty", "teen", "teens", "teenager", "teenagers", "minor", "minors",
        "what",  # the age a product is for
        # _ABROAD: a verb, or the safety word, that opens the question
        "es", "son", "sea", "sean", "será", "sera", "sería", "seria", "está", "esta", "é", "e", "são", "sao",
        "seja", "sejam", "sans", "dangereux", "dangereuse", "nocif", "nocive", "toxique", "convient",
        "conviennent", "adapté", "adapte", "adaptée", "adaptee", "adaptés", "adaptes", "adaptées", "adaptees",
        "recommandé", "recommande", "recommandée", "recommandee", "recommandés", "recommandes",
        "recommandées", "recommandees", "ist", "sind", "sicuro", "sicura", "sicuri", "sicure", "pericoloso",
        "pericolosa", "pericolosi", "pericolose", "nocivo", "nociva", "nocivi",
    )
    for variant in single_letter_variants(word)
)  # fmt: skip
#: Most openers tried one by one; past this one scan of the whole text is cheaper.
_MOST_OPENERS = 200
#: Whether matches are tried only where an opener stands; tests switch it off to compare.
PREFILTER = True


#: The writer's own age under 18, told before asking to buy or to hold an account: "I'm 14, can I buy this
#: vape?", "im 16 and want to order" (ninth session's probes), "I'm 17, is that ok to buy the knife?", "I'm
#: 15, am I old enough to order?" (eleventh session's), "I'm 15 can I buy the knife?" (fifteenth session's).
#: A bare number counts only as a clause of its own or right before the ask ("I'm 5 minutes away, can I
#: order" is no age).
_OWN_AGE = re.compile(
    rf"\b(?:i\s*['’]?m|i\s+am|im)\s+(?:only\s+|just\s+)?"
    rf"(?:{_AGE}|{_YEARS}(?=\s*(?:[,.!?;]|and\b|but\b|so\b|$)|\s+(?:can|could|may|am)\s+i\b))"
    rf"(?:[^.?!\n]{{0,40}}?\b(?:(?:can|could|may)\s+i\s+(?:still\s+)?(?:be\s+allowed\s+to\s+)?"
    rf"|(?:am\s+i|is\s+(?:it|that|this)\s+(?:ok|okay|legal|possible|allowed)\s+(?:for\s+me\s+)?)\s*"
    rf"(?:allowed\s+|able\s+|old\s+enough\s+)?to\s+"
    rf"|(?:want|need|wanna|trying)\s+to\s+){_SIGN_UP}\b"
    # or asks a store to sell, ship or send one of the goods a minor may not have
    rf"|[^.?!\n]{{0,20}}?\b(?:can|could|will|would)\s+(?:you|u)\s+(?:\w+\s+)?(?:sell|ship|send|deliver)\b"
    rf"[^.?!\n]{{0,40}}?\b{_RESTRICTED})",
    re.IGNORECASE | re.MULTILINE,
)
#: The runs "I'm", "im" and "I am" leave, one of which _OWN_AGE needs.
_I_AM = frozenset({"m", "im", "am"})
#: A run of a text that may tell an age under 18: what _OWN_AGE needs before it is tried.
_MINOR_RUNS = frozenset(str(n) for n in range(1, 18)) | frozenset(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen")
)  # fmt: skip


def spans(text: str) -> list[tuple[int, int, str]]:
    """Where a text asks whether something is safe for a small child, or a minor asks to buy, as (start, end,
    words)."""
    runs = words(text)
    own = (
        [(m.start(), m.end(), m.group(0)) for m in _OWN_AGE.finditer(text)]
        if runs is None or (not _MINOR_RUNS.isdisjoint(runs) and not _I_AM.isdisjoint(runs))
        else []
    )
    return sorted(set(_child_spans(text, runs) + own)) if own else _child_spans(text, runs)


def _child_spans(text: str, runs: frozenset[str] | None) -> list[tuple[int, int, str]]:
    if (
        runs is not None
        and _RUNS.isdisjoint(runs)
        and not ("kind" in runs and not _FUR.isdisjoint(runs))
        and not _AGE_WORD.search(text)
    ):
        return []
    low = aligned_lower(text) if PREFILTER and runs is not None else None
    starts = (
        word_starts(low, _OPENERS.intersection(runs), _MOST_OPENERS) if low is not None and runs else None
    )
    if starts is None:
        return [(m.start(), m.end(), m.group(0)) for m in _QUESTION.finditer(text)]
    # finditer's scan, tried only where a match can start: six shapes tried at every character of a
    # 2,000-character email cost about half a millisecond.
    return [(m.start(), m.end(), m.group(0)) for m in first_at((_QUESTION,), text, starts)]


def child_question(conv: Conversation, policy: Policy) -> Signal:
    """The regulated-topic verdict of the shapes alone, with evidence on the customer's own characters; not
    fired when the policy's list lacks MARKER. The text as written is read first (normalising reads a spaced
    "3 y/o" as spaced-out letters), then each normalised reading (leetspeak, look-alikes, spacing undone)."""
    if not shapes.switched_on(policy, "regulated_topic", MARKER):
        return Signal("regulated_topic", 0.0, False)
    found = _found(conv)
    if not found:
        for reading in readings_of(conv):
            if reading.conversation.turns == conv.turns:  # nothing normalised: already searched
                continue
            found = _found(reading.conversation)
            if found:
                found = reading.restore(Signal("regulated_topic", 1.0, True, found)).evidence
                break
    if not found:
        return Signal("regulated_topic", 0.0, False)
    words = ", ".join(dict.fromkeys(repr(s.text) for s in found[:3]))
    return Signal("regulated_topic", 1.0, True, found, f"child safety question: {words}")


def _found(conv: Conversation) -> tuple[Span, ...]:
    return tuple(Span(turn.index, a, b, t) for turn in conv.turns for a, b, t in spans(turn.text))


def widen(signal: Signal, conv: Conversation, policy: Policy) -> Signal:
    """The keyword list's `regulated_topic` verdict, or the shapes' when the list found nothing."""
    return shapes.widen(signal, lambda: child_question(conv, policy))
