"""How frustrated the customer is, over the whole conversation, as a score in [0, 1] with its evidence.

Cues (the seed's "keywords, repeated requests, sentiment scores", and what agents know besides): VADER
sentiment, repeated requests ("third time", "again", "already told you", or the same message sent again),
shouting, punctuation runs, profanity and anger words, the customer stating their feeling ("I'm so
frustrated"), hostility to the company or its people ("you people are impossible to deal with", "f*** you",
"I hate your company", "your service sucks"), exasperation and sarcasm ("seriously??", "great job..."),
demands for a human, hostility to bots, long waits, follow-ups, and negativity rising across turns. A swear
word is no profanity cue when its sentence reads clearly positive without it ("holy shit these are amazing")
or curses the writer's own slip ("damn, I forgot the socks"). Each cue adds evidence; the cues combine as
independent odds, so one mild cue stays below the policy threshold, two clear ones cross it, and so does a
stated feeling or an attack on the company alone. A policy list `frustration` adds anger words. The
sentiment score is triage.sentiment's (VADER's compound, exact, in linear time).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product

from phasegate.policy.schema import Policy
from phasegate.triage import sentiment
from phasegate.triage.conversation import SUBJECT, Conversation, Turn
from phasegate.triage.detectors import human_request_spans
from phasegate.triage.lexicon import (
    PhraseMatcher,
    aligned_lower,
    is_word_char,
    matcher,
    may_contain,
    may_hold,
    word_runs,
    words,
)
from phasegate.triage.normalize import best, readings_of
from phasegate.triage.schemas import Signal, Span

#: Weights are log-odds added to a prior; hand-set on written examples (tests/triage), never on benchmarks.
PRIOR = -2.2
WEIGHTS: dict[str, float] = {
    "sentiment": 2.6,  # times the negativity of the worst turn, in [0, 1]
    "repeat": 3.0,
    "shouting": 1.8,
    "punctuation": 0.8,
    "profanity": 1.9,
    "anger": 1.4,
    "human": 1.3,
    "bot": 2.0,
    "wait": 1.0,
    "followups": 0.7,
    # The same message sent again ("Where is my order 10234?" three times): a repeated request in no words of
    # its own.
    "resent": 3.0,
    "rising": 0.9,
    # The customer saying how they feel ("I'm so frustrated", "I've been more than patient") or attacking the
    # company or its people ("you people are impossible to deal with"): each clear enough to fire alone.
    "feeling": 2.7,
    "hostility": 2.7,
    # Exasperation and sarcasm ("ugh", "seriously??", "great job...", an eye-roll emoji): one is a hint,
    # two together fire, one beside another clear cue adds to it.
    "exasperation": 2.7,
}

#: Shouting: this many all-caps words (acronyms aside) in one turn, or two of them in a short turn ...
SHOUT_MIN_WORDS = 3
#: ... of fewer letters than this ("WHERE is my ORDER" shouts; two caps words in a long mail may not) ...
SHOUT_SHORT_LETTERS = 40
#: ... or, in a turn of at least this many letters, more than this share of them upper case.
SHOUT_MIN_LETTERS = 12
SHOUT_UPPER_SHARE = 0.6
#: Evidence spans kept per cue: enough to show the pattern, few enough to read.
MAX_SPANS = 5
#: Characters after "the third time" searched for an ask ("... I am asking", "... still no answer").
ASK_WINDOW = 40
#: VADER compound below which a turn is unhappy enough that "the second time" counts as a repeated ask.
UNHAPPY_TURN = -0.05
#: VADER compound below which "again" in a turn counts as a weak repeat cue.
NEGATIVE_TURN = -0.2
#: Negativity (minus VADER compound) from which sentiment counts: VADER's own neutral band ends at 0.05.
UNHAPPY_SENTIMENT = 0.05
#: Negativity above the floor at which the sentiment cue is at full strength.
SENTIMENT_SPAN = 0.75
#: Strength each further hit of a cue adds to its first, so three profanities weigh more than one.
PER_EXTRA_HIT = 0.2
#: Strength of "again" or a bare ordinal that is not clearly a repeated ask: a hint, not proof.
WEAK_REPEAT = 0.3
#: Customer turns from which follow-ups count (the third message on one issue), full strength two turns later.
FOLLOWUPS_FROM = 3
#: A customer message resends an earlier one when this share of the longer one's words are in both ...
RESENT_OVERLAP = 0.7
#: ... and it has this many distinct words ("thanks!" twice is no repeated request).
RESENT_MIN_WORDS = 3
#: Customer messages compared, the latest ones.
RESENT_TURNS = 12
#: Strength of each resent message: one may be a double send, two are clear.
RESENT_EACH = 0.5
#: "Rising": sentiment fell by more than this from the first customer turn to the last ...
RISING_DROP = 0.3
#: ... and the last turn is negative (below this compound).
RISING_END = -0.1

#: "the third time", which is a repeated request only when asking or unhappy ("my second time ordering, love
#: it" is not).
_ORDINAL = re.compile(
    r"\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th|\d+(?:st|nd|rd|th)|umpteenth|nth|hundredth|millionth)"
    r"\s+(?:time|attempt|email|message|request|call)s?\b",
    re.IGNORECASE,
)
_ASKING = re.compile(
    r"\b(?:ask|asking|asked|contact|contacting|write|writing|email|emailing|call|calling|request|requesting|"
    r"reach|reaching|tell|telling|chase|chasing|follow|following|happened|happening|explain|explaining|"
    r"message|messaging|try|trying|tried)\b",
    re.IGNORECASE,
)
_REPEAT = re.compile(
    r"\b(?:(?:asked|told|written|wrote|emailed|called|contacted|explained|sent|messaged|reached\s+out)"
    r"(?:\s+\w+){0,4}\s+(?:already|before|twice|three\s+times|several\s+times|multiple\s+times|"
    r"many\s+times|again|repeatedly|\d+\s+times|(?:four|five|six|seven|eight|nine|ten|a\s+dozen|a\s+hundred"
    r"|a\s+million)\s+times)"
    r"|already\s+(?:told|asked|sent|explained|gave|provided|said|contacted|emailed|called|wrote|written|"
    r"given|answered)"
    r"|(?:once|yet|over\s+and\s+over)\s+again|again\s+and\s+again"
    # "for the third time", "for the last time" (not "for the first time", news, nor "for the next time")
    r"|for\s+the\s+(?!first\b|1st\b|next\b)(?:last|\w+)\s+time"
    r"|how\s+many\s+(?:more\s+)?times|(?:still|yet\s+again)\s+(?:no|not|nothing|haven't|hasn't|waiting|"
    r"don't|didn't|can't|isn't)|keep\s+(?:asking|telling|getting|sending|saying)|still\s+waiting"
    r"|(?:twice|three\s+times|several\s+times|multiple\s+times|many\s+times|\d+\s+times)\s+(?:now|already)"
    r"|repeat(?:ing)?\s+myself|same\s+(?:answer|response|reply|email|message)|no\s+one\s+(?:has\s+)?"
    r"(?:replied|responded|answered|gotten\s+back|got\s+back)|never\s+(?:heard|got)\s+back"
    r"|nobody\s+(?:has\s+|ever\s+)?(?:replied|responded|answered|gotten\s+back|got\s+back)"
    r"|(?:nobody|no\s+one)\s+(?:is\s+)?(?:helping|helps|answers|responds))\b",
    re.IGNORECASE,
)
#: The customer's own feeling: "I'm" (or "I feel", "I've been", "getting" ...), up to three adverbs, then a
#: word of anger or frustration. The adverbs come from a closed list, so "I'm sure you're tired of ..." and
#: "I'm not upset" do not read as the customer's feeling.
_FEELING_ADVERBS = (
    "so|really|very|extremely|incredibly|absolutely|honestly|truly|completely|totally|super|beyond|quite|"
    "pretty|getting|becoming|now|just|already|a\\s+bit|a\\s+little|bit|little|slightly|somewhat|kinda|"
    "kind\\s+of|rather|mildly|utterly|seriously|genuinely|increasingly|thoroughly|bloody|fucking|damn|"
    "frankly|feeling|still|also|too|all|starting\\s+to\\s+get|more\\s+than|beyond"
)
_FEELING = re.compile(
    r"\b(?:i\s*['’]?\s*m|i\s+am|i\s+feel|i\s*['’]?ve\s+been|i\s+have\s+been|i\s+get|"
    r"we\s*['’]?re|we\s+are|we\s+feel|feeling|getting)\s+"
    r"(?P<adverbs>(?:(?:" + _FEELING_ADVERBS + r")\s+){0,3})"
    r"(?P<word>frustrated|angry|furious|livid|fuming|outraged|enraged|irate|exasperated|upset|disgusted|"
    r"appalled|pissed(?:\s+off)?|fed\s+up|(?:sick\s+(?:and\s+tired\s+)?|tired\s+)of\s+(?:this|it|that|you|your|"
    r"\w+ing)|over\s+(?:it|this)|"
    r"annoyed|irritated|disappointed|unhappy|patient)\b"
    r"|\b(?:(?:lost|losing|running\s+out\s+of|out\s+of)\s+(?:my\s+|all\s+)?patience"
    r"|done\s+being\s+(?:polite|patient|nice|reasonable)|at\s+(?:my|our|the)\s+wits['’]?\s+end"
    r"|(?:so|totally|completely|absolutely|really|officially|just)\s+done\s+with\s+(?:this|you|your)"
    r"|(?:i\s*['’]?m|i\s+am|we\s*['’]?re|we\s+are)\s+done\s+with\s+(?:you|your|this\s+(?:company|store|shop"
    r"|service|brand)))\b"
    # Spanish, French, German, Italian, Portuguese: "estoy harto", "j'en ai marre", "c'est inadmissible"
    r"|\b(?:estoy|estamos|sono|siamo|estou)\s+(?:muy\s+|tan\s+|molto\s+|tao\s+)?"
    r"(?:hart[oa]s?|stuf[oa]|far?t[oa])\b"
    r"|\bj['’]en\s+ai\s+(?:vraiment\s+)?marre\b|\bc['’]est\s+(?:vraiment\s+)?(?:inadmissible|scandaleux|"
    r"inacceptable|honteux|n'importe\s+quoi)\b"
    r"|\b(?:inaceptable|vergonzoso|una\s+verg(?:ü|u)enza|una\s+vergogna|vergognoso|inaccettabile|inaceitavel"
    r"|inaceitável|absurdo|unversch(?:ä|a)mt|eine\s+frechheit|die\s+nase\s+(?:gestrichen\s+)?voll)\b",
    re.IGNORECASE,
)
#: Strength of a mild feeling word without an intensifier: VADER already reads the word itself.
MILD_FEELING = 0.4
#: Feeling words that are milder alone ("a bit annoyed"), at full strength with an intensifier.
_MILD_FEELINGS = frozenset(("annoyed", "irritated", "disappointed", "unhappy", "patient"))
_INTENSIFIERS = frozenset(
    ("so", "really", "very", "extremely", "incredibly", "absolutely", "honestly", "truly", "completely",
     "totally", "super", "beyond", "utterly", "seriously", "genuinely", "thoroughly", "bloody", "fucking",
     "damn", "more")
)  # fmt: skip
_MITIGATORS = frozenset(("bit", "little", "slightly", "somewhat", "kinda", "kind", "rather", "mildly"))
_FEELING_WORDS = frozenset(
    ("frustrated", "angry", "furious", "livid", "fuming", "outraged", "enraged", "irate", "exasperated",
     "upset", "disgusted", "appalled", "pissed", "fed", "sick", "tired", "over", "annoyed", "irritated",
     "disappointed", "unhappy", "patient", "patience", "done", "wits", "harto", "harta", "hartos", "hartas",
     "stufo", "stufa", "farto", "farta", "fato", "fata", "marre", "inadmissible", "scandaleux",
     "inacceptable",
     "honteux", "importe", "inaceptable", "vergonzoso", "verguenza", "vergogna", "vergognoso",
     "inaccettabile", "inaceitavel", "absurdo", "unverschamt", "frechheit",
     "nase")
)  # fmt: skip
#: Hostility to the company, its service or its people. "you people" alone is a weaker hint.
_HOSTILE_ADJECTIVES = (
    r"(?:(?:so|really|very|absolutely|completely|totally|utterly|just|such|a|an|the|beyond|absolute|complete|"
    r"total|utter|real|bloody|fucking|f\w*ing)\s+){0,3}"
    r"(?:useless|terrible|awful|joke|pathetic|hopeless|disgrace|incompetent|ridiculous|nightmare|worst|"
    r"garbage|rubbish|mess|horrible|clowns|idiots|amateurs|scam|scammers|unbelievable|unacceptable|"
    r"impossible|crooks|liars|thieves|clueless|trash|shit|shite|dogshit|crap|a\s+rip[- ]?off|ripoff)"
)
#: What a customer's hatred or swearing may be aimed at: the brand's company, service, people or site.
_HOSTILE_TARGETS = (
    r"(?:company|service|support|store|shop|team|staff|brand|website|site|app|business|people|agents?"
    r"|customer\s+service)"
)
_AIMED_AT = r"|(?:your|this)\s+(?:\w+\s+)?" + _HOSTILE_TARGETS
_HOSTILE = re.compile(
    r"\b(?:impossible\s+to\s+(?:deal|work|reach|contact|talk|get\s+(?:hold\s+of|through\s+to|an?\s+answer))"
    r"|(?:worst|terrible|awful|horrible|horrendous|pathetic|useless|appalling|abysmal|atrocious|shocking|"
    r"lousy|crappy|rubbish|garbage|shoddy|dreadful|disgraceful|incompetent|clueless)\s+"
    r"(?:customer\s+)?(?:service|support|company|experience|store|shop|business|team|staff|communication|"
    r"people|website|retailer|seller|agents?)"
    r"|(?:your|ur|yr|this)\s+(?:company|service|support|store|shop|team|staff|customer\s+service|website|site|"
    r"app|business|people|agents?)\s+(?:is|are|r)\s+"
    + _HOSTILE_ADJECTIVES
    + r"|you(?:\s+(?:people|guys|lot|all))?(?:\s*['’]\s*re|\s+are|\s+r|\s+re)\s+"
    + _HOSTILE_ADJECTIVES
    + r"|shame\s+on\s+you|how\s+dare\s+you|what\s+is\s+wrong\s+with\s+you|get\s+your\s+act\s+together"
    r"|(?:do|does)\s+(?:you|anyone|anybody)\s+(?:there\s+)?(?:even|actually)\s+(?:read|care|listen)"
    r"|(?:bunch|pack)\s+of\s+(?:clowns|idiots|amateurs|crooks|thieves|liars|incompetents?)"
    r"|thanks\s+for\s+nothing"
    # swearing at the reader ("f*** you", "screw your company"; not "damn you're fast"), hatred of it ("I
    # hate your company", not "I would hate to"), and "your service sucks", "you guys suck"
    r"|(?:fuck|fck|fuk|fk|f\*+(?:c?k)?|f|screw|damn|sod)\s+(?:you(?![’']\w)|u|ya|y['’]?all|off"
    + _AIMED_AT
    + r")|(?:i|we)\s+(?:(?!would\b)\w+\s+)?(?:hate|h8|despise|loathe|detest)\s+(?:you(?![’']\w)|u|y['’]?all"
    + _AIMED_AT
    + r")|(?:your|this)\s+(?:\w+\s+)?"
    + _HOSTILE_TARGETS
    + r"\s+(?:\w+\s+)?(?:sucks|stinks|blows)"
    r"|you(?:\s+(?:guys|people|lot|all))?\s+(?:\w+\s+)?(?:suck|stink)"
    # an insult to the bot: "this bot is garbage", "your AI is useless" (tenth session's probes)
    r"|(?:this|the|your|ur|stupid)\s+(?:bot|robot|ai|chatbot)\s+(?:is|sucks)\s+(?:\w+\s+)?"
    r"(?:garbage|useless|trash|rubbish|stupid|dumb|broken|pointless|worthless|terrible|awful|crap|shit"
    r"|hopeless|pathetic|a\s+joke)"
    # "what a joke of a company"
    r"|what\s+an?\s+(?:absolute\s+|complete\s+|total\s+)?(?:joke|farce|shambles|disgrace|con|scam"
    r"|rip[- ]?off)"
    # name-calling: "where's my parcel you absolute clowns"
    r"|you\s+(?:\w+\s+){0,2}(?:clowns|idiots|morons|amateurs|muppets|imbeciles|incompetents|crooks|thieves"
    r"|scammers|liars|bastards|jokers)"
    r"|you\s+people)\b",
    re.IGNORECASE,
)
#: Exasperation and sarcasm in words: sighs, "seriously??", "are you kidding", "this is a joke", "great
#: job...", "yeah right". A match may end in the sentence mark after its last word.
_EXASPERATION = re.compile(
    r"\b(?:u{1,2}g{1,2}h{1,2}|a{1,2}r{1,2}g{1,2}h{1,2}|smh|fml|jeez|geez|sigh)\b"
    r"|\bseriously\s*(?:[,?!]|\.{3}|…)"
    r"|\bare\s+you\s+(?:kidding|serious|joking)\b|\b(?:got|gotta)\s+(?:to\s+)?be\s+kidding\b"
    r"|\bgive\s+me\s+a\s+break\b|\bcome\s+on\s*(?:[!?]|\.{2,}|…)"
    r"|\bfor\s+(?:god|heaven|pete|christ|goodness)['’]?s\s+sake\b"
    r"|\b(?:this|it)\s+is\s+(?:such\s+|an?\s+(?:absolute|complete|total|real)\s+|a\s+)?"
    r"(?:mess|joke|farce|circus|disaster|fiasco)\b"
    r"|\bsomething\s+(?:always\s+)?goes\s+wrong\b|\byeah\s+right\b"
    r"|\b(?:great|nice|fantastic|wonderful|brilliant|excellent)\s+(?:job|work|service)"
    r"(?:\s+(?:guys|team|folks|everyone|there))?\s*"
    r"(?:\.{3}|…|!{2,}|,?\s*not\b)"
    r"|\b(?:real|very|so|super)\s+helpful\s*(?:\.{3}|…|,?\s*not\b)"
    r"|\bwhat\s+a\s+(?:surprise|shock|shocker)\b|\bsurprise,?\s+surprise\b|\bhow\s+convenient\b"
    r"|\b(?:this|that|it)\s*(?:is|'s|’s)\s+(?:just\s+|absolutely\s+|so\s+|beyond\s+|utterly\s+)?"
    r"(?:ridiculous|absurd|insane|outrageous|unacceptable|unbelievable)\b"
    r"|^\s*(?:ridiculous|absurd|unacceptable|unbelievable|outrageous)\s*[.!?]*\s*$",
    re.IGNORECASE | re.MULTILINE,
)
#: Every match of _EXASPERATION holds one of these words (sighs in every spelling the pattern allows).
_EXASPERATION_WORDS = frozenset(
    ("smh", "fml", "jeez", "geez", "sigh", "seriously", "kidding", "joking", "serious", "break", "come",
     "sake", "mess", "joke", "farce", "circus", "disaster", "fiasco", "goes", "yeah", "job", "work",
     "service", "helpful", "surprise", "shock", "shocker", "convenient", "ridiculous", "absurd", "insane",
     "outrageous", "unacceptable", "unbelievable",
     *("".join(p) for p in product(("u", "uu"), ("g", "gg"), ("h", "hh"))),
     *("".join(p) for p in product(("a", "aa"), ("r", "rr"), ("g", "gg"), ("h", "hh"))))
)  # fmt: skip
#: Exasperation and sarcasm in marks: "/s", "(not)", and the angry or eye-rolling emoji.
_EXASPERATION_MARKS = re.compile(
    r"(?<![\w/])/s\b|\(not\)"
    r"|[\U0001F624\U0001F92C\U0001F621\U0001F620\U0001F644\U0001F4A2\U0001F595\U0001F612\U0001F926]",
    re.IGNORECASE,
)
#: A swear word in a sentence at least this positive without it is emphasis (`_not_anger`): VADER's compound.
EMPHASIS = 0.25
_SENTENCE_ENDS = ".!?\n"
#: Characters either side of a swear word its sentence is read in, at most (a text with no sentence marks
#: is one long sentence).
_CLAUSE_CHARS = 100
#: The writer's own slip, which a swear beside it curses: "I forgot", "I typed the wrong email", "my bad".
_OWN_SLIP = re.compile(
    r"\b(?:i|we)\s+(?:(?:just|accidentally|totally|completely|stupidly)\s+)?(?:forgot|mistyped|misspelled"
    r"|(?:typed|entered|ordered|put|picked|chose|clicked|selected|bought|gave|used|added)\s+(?:in\s+)?the\s+"
    r"wrong)\b"
    r"|\bmy\s+(?:bad|mistake|fault)\b",
    re.IGNORECASE,
)
#: Strength of one exasperation marker; two make the cue whole.
EXASPERATION_HINT = 0.55
#: Strength of a bare "you people": hostile more often than not, yet short of an attack.
HINT_HOSTILITY = 0.6
_BARE_YOU_PEOPLE = re.compile(r"you\s+people", re.IGNORECASE)

#: "again" on its own is a weaker cue ("could you send it again?"), counted only beside a problem word.
_AGAIN = re.compile(r"\bagain\b", re.IGNORECASE)

_PROFANITY = re.compile(
    r"(?<![\w])(?:f+u+c+k+\w*|f\*+k\w*|f\*\*\*|fk|fck\w*|fuk\w*|fkn|fking|effing|effin|sh[i1]t+\w*|s\*+t|"
    r"bullsh\w*|crap+(?:py)?|damn(?:ed|it)?|"
    r"goddamn\w*|wtf+|wth|ffs|stfu|omfg|bloody|hell|ass(?:hole)?s?|arse|bastards?|bitch\w*|piss(?:ed)?|"
    r"screw(?:ed)?\s+(?:you|this|up|over)|sucks?|scam(?:mers?|med)?|rip[- ]?off|thie(?:f|ves)|"
    r"clowns?|idiots?|morons?|stupid|dumb)(?![\w])",
    re.IGNORECASE,
)
_ANGER = (
    "unacceptable",
    "ridiculous",
    "absurd",
    "outrageous",
    "disgrace",
    "disgraceful",
    "disgusted",
    "disgusting",
    "appalling",
    "appalled",
    "furious",
    "livid",
    "fuming",
    "angry",
    "pissed off",
    "fed up",
    "sick of",
    "sick and tired",
    "had enough",
    "enough is enough",
    "last straw",
    "frustrated",
    "frustrating",
    "frustration",
    "infuriating",
    "annoyed",
    "annoying",
    "irritated",
    "useless",
    "pathetic",
    "incompetent",
    "incompetence",
    "joke",
    "worst",
    "terrible",
    "horrible",
    "awful",
    "never again",
    "never order",
    "never buy",
    "never ordering",
    "never buying",
    "never shopping",
    "never coming back",
    "ignored",
    "ignoring me",
    "unbelievable",
    "not happy",
    "very unhappy",
    "extremely unhappy",
    "so disappointed",
    "very disappointed",
    "extremely disappointed",
    "lied",
    "lying",
    "waste of time",
    "waste of money",
    "nightmare",
    "shambles",
    "ripped off",
    "cheated",
    "hopeless",
    "give up",
    "fix this now",
    "right now",
    "immediately",
    "asap",
)
_BOT = re.compile(
    r"\b(?:(?:stupid|useless|dumb|worthless|pointless|idiotic|broken|damn|f\w*ing)\s+(?:bot|robot|ai|"
    r"chatbot|machine|automated\s+\w+|system)"
    r"|(?:are\s+you|is\s+this|you're|you\s+are|am\s+i\s+talking\s+to)\s+(?:a|an|just\s+a|some)?\s*(?:bot|"
    r"robot|ai|machine|computer|automated)"
    r"|not\s+(?:a|another)\s+(?:bot|robot|machine)|no\s+(?:more\s+)?(?:bots?|robots?|ai)\b"
    r"|(?:automated|canned|generic|scripted|template[d]?|copy[- ]?(?:and[- ])?paste[d]?)\s+"
    r"(?:reply|replies|response|responses|answer|answers|message|messages|email|emails)"
    r"|(?:read|reading)\s+my\s+(?:message|email|question|messages|emails)"
    r"|(?:stop|quit)\s+(?:sending|giving)\s+me)\b",
    re.IGNORECASE,
)
_WAIT = re.compile(
    r"\b(?:(?:waited|waiting|been|over|for|almost|nearly|than)\s+(?:(?:\d+|a|an|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|several|many|few|couple\s+of)\s+)(?:whole\s+|full\s+)?(?:hours?|days?|weeks?|"
    r"months?)"
    r"|on\s+hold\s+for|(?:weeks|months|ages|forever)\s+(?:now|later|ago)|taking\s+(?:forever|ages)"
    r"|no\s+(?:reply|response|answer|update|word)\s+(?:yet|since|for)"
    r"|(?:hours|days|weeks|months)\s+(?:without|with\s+no)\s+\w+)\b",
    re.IGNORECASE,
)
_PUNCT = re.compile(r"[!?]{2,}|!{2,}|\?{3,}|\.{4,}")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}(?:'[A-Z]+)?\b")
#: _CAPS_WORD with its leading word boundary read after the first capital (no word character before it): the
#: same matches, but a pattern that starts with a character set lets the scan skip to the next capital.
_CAPS_WORD_FAST = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{2,}(?:'[A-Z]+)?\b")
#: Every byte but the ASCII letters: deleted from a text's UTF-8 bytes, it leaves the letters _LETTERS finds
#: (a character outside ASCII is bytes from 0x80 up, all deleted), counted in C.
_NOT_LETTER_BYTES = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
#: A text's UTF-8 bytes with every ASCII capital made "A" and all else a space: three capitals in a row
#: ("[A-Z]{3}") are b"AAA" in it (a character outside ASCII is bytes from 0x80 up), found in C a few times
#: faster than a regular expression finds them.
_CAPS_BYTES = bytes(65 if 65 <= b <= 90 else 32 for b in range(256))

# -- prefilters: words every match of a pattern holds (for most, word groups per alternative; for profanity,
# the word runs it may begin at); a turn with none of them skips the pattern's scan. tests/triage
# (test_frustration.py, test_analysis.py) pin that the prefilters change no match and no verdict.

_ORDINAL_WORDS = frozenset(
    ("time", "times", "attempt", "attempts", "email", "emails", "message", "messages", "request",
     "requests", "call", "calls")
)  # fmt: skip


class _Groups:
    """A pattern's alternatives as groups of word sets, the key first: every match of an alternative holds a
    word of each set of its group, standing whole (a word run). A turn is scanned when every set of some group
    meets its words, and of a long turn only the pieces holding a key word of such a group; one word alone
    ("now", "one", "time", "service") is often too common to skip a turn on."""

    __slots__ = ("_by_key", "_groups", "words")

    def __init__(self, *groups: tuple[str, ...]) -> None:
        self._groups = tuple(tuple(frozenset(ws.split()) for ws in group) for group in groups)
        #: Every match holds one of these words (the keys).
        self.words: frozenset[str] = frozenset().union(*(group[0] for group in self._groups))
        # The groups (their places) whose key holds a word, so a turn tries only the groups its words key.
        self._by_key = {
            w: tuple(g for g, group in enumerate(self._groups) if w in group[0]) for w in self.words
        }

    def keys(self, held: frozenset[str]) -> frozenset[str]:
        """The key words of the groups whose every word set meets a text's words `held`: empty when the
        pattern cannot match, else words one of which each match holds."""
        hit = self.words & held
        if not hit:
            return _NO_WORDS
        keys = []
        for g in {g for w in hit for g in self._by_key[w]}:
            key, *rest = self._groups[g]
            for words_ in rest:
                if words_.isdisjoint(held):
                    break
            else:
                keys.append(key)
        if len(keys) < 2:
            return keys[0] if keys else _NO_WORDS
        return frozenset().union(*keys)


_NO_WORDS: frozenset[str] = frozenset()
#: "asked ... twice" needs a verb and a count, "still no" both words.
_REPEAT_GROUPS = _Groups(
    ("already before twice times again repeatedly",
     "asked told written wrote emailed called contacted explained sent messaged reached"),
    ("already",
     "told asked sent explained gave provided said contacted emailed called wrote written given answered"),
    ("again", "once yet over and"),
    ("time", "for", "the"),
    ("times", "how", "many"),
    # "still no", "yet again nothing", "still haven't" (a word run ends at the apostrophe)
    ("still again", "no not nothing haven hasn waiting don didn can isn"),
    ("keep", "asking telling getting sending saying"),
    ("twice times", "now already"),
    ("myself", "repeat repeating"),
    ("same", "answer response reply email message"),
    ("replied responded answered gotten got", "one", "no"),
    ("replied responded answered gotten got", "nobody"),
    ("back", "never", "heard got"),
    ("helping helps answers responds", "nobody one"),
)  # fmt: skip
_REPEAT_WORDS = _REPEAT_GROUPS.words
_BOT_TARGETS = ("bot", "robot", "ai", "machine", "computer", "automated")
_BOT_WORDS = frozenset(
    (*_BOT_TARGETS, "chatbot", "system", "bots", "robots", "reply", "replies", "response", "responses",
     "answer", "answers", "message", "messages", "email", "emails", "question", "sending", "giving",
     # "are you abot": the article may touch the word
     *(a + w for a in ("a", "an", "some") for w in _BOT_TARGETS))
)  # fmt: skip
_WAIT_WORDS = frozenset(
    ("hour", "hours", "day", "days", "week", "weeks", "month", "months", "hold", "ages", "forever", "reply",
     "response", "answer", "update", "word")
)  # fmt: skip
#: The lower-cased word runs at which a match of _PROFANITY may begin. Every match starts a run (no word
#: character before it) and, but for the forms below, is that whole run ("hell", "fucking", "sh1tty"); a run
#: "screw"/"screwed" or "rip" (or "ripoff") begins "screw you" and "rip-off"; the run "f" or "s" begins
#: "f*ck" and "s**t", which need a "*" in the text (see `_swear_runs`).
_SWEAR_RUN = re.compile(
    r"f+u+c+k+\w*|fk|fck\w*|fuk\w*|fkn|fking|effing|effin|sh[i1]t+\w*|bullsh\w*|crap+(?:py)?|damn(?:ed|it)?|goddamn\w*|wtf+|wth|ffs|stfu|omfg|bloody|"
    r"hell|ass(?:hole)?s?|arse|bastards?|bitch\w*|piss(?:ed)?|screw(?:ed)?|sucks?|scam(?:mers?|med)?|"
    r"rip(?:off)?|thie(?:f|ves)|clowns?|idiots?|morons?|stupid|dumb"
)
_STARRED = frozenset(("f", "s"))
#: Word runs seen that begin no profanity, and runs seen that may: a turn's runs are checked against them
#: with one set difference (C speed), and only a run never seen before is matched against _SWEAR_RUN.
_CLEAN_RUNS: set[str] = set()
_SWEAR_RUNS: set[str] = set()
#: Runs remembered at most (a few megabytes); past it, new runs are matched every time they come.
MAX_RUNS_KEPT = 50_000
_BOT_GROUPS = _Groups(
    ("bot robot ai chatbot machine automated system",),  # "stupid bot", "f***ing system"
    # "are you a bot", "is this abot", "am I talking to some AI"
    (" ".join(_BOT_WORDS & {*_BOT_TARGETS, *(a + w for a in ("a", "an", "some") for w in _BOT_TARGETS)}),
     "you this am"),
    ("bot bots robot robots ai machine", "not no"),
    # "canned reply", "copy-and-paste answers": the run before the noun ends the adjective
    ("automated canned generic scripted template templated paste pasted copypaste copypasted andpaste "
     "andpasted copyandpaste copyandpasted",
     "reply replies response responses answer answers message messages email emails"),
    ("question message email messages emails", "read reading", "my"),
    ("sending giving", "stop quit", "me"),
)  # fmt: skip
_WAIT_GROUPS = _Groups(
    ("hour hours day days week weeks month months", "waited waiting been over for almost nearly than"),
    ("hold", "on", "for"),
    ("weeks months ages forever", "now later ago"),
    ("forever ages", "taking"),
    ("reply response answer update word", "no", "yet since for"),
    ("hours days weeks months", "without with"),
)
_HOSTILE_GROUPS = _Groups(
    ("impossible", "to"),
    ("worst terrible awful horrible horrendous pathetic useless appalling abysmal atrocious shocking lousy "
     "crappy rubbish garbage shoddy dreadful disgraceful incompetent clueless",
     "service support company experience store shop business team staff communication people website "
     "retailer seller agent agents"),
    # "your company is useless", "you guys are a joke", "you're clowns"
    ("useless terrible awful joke pathetic hopeless disgrace incompetent ridiculous nightmare worst garbage "
     "rubbish mess horrible clowns idiots amateurs scam scammers unbelievable unacceptable impossible crooks "
     "liars thieves clueless trash shit shite dogshit crap rip ripoff",
     "your ur yr this you"),
    ("shame", "on"),
    ("dare", "how"),
    ("wrong", "what", "with"),
    ("act", "together"),
    ("even actually", "do does", "read care listen"),
    ("bunch pack", "of"),
    ("nothing", "thanks"),
    ("people", "you"),
    ("fuck fck fuk fk f screw damn sod", "you u ya y yall off your this"),
    ("hate h8 despise loathe detest", "i we", "you u y yall your this"),
    ("joke farce shambles disgrace con scam rip ripoff", "what"),
    ("garbage useless trash rubbish stupid dumb broken pointless worthless terrible awful crap shit hopeless "
     "pathetic joke", "bot robot ai chatbot", "is sucks"),
    ("sucks stinks blows", "your this"),
    ("suck stink", "you"),
    ("clowns idiots morons amateurs muppets imbeciles incompetents crooks thieves scammers liars bastards "
     "jokers", "you"),
)  # fmt: skip
#: Every hostile match holds one of these words (the adjective, or the alternative's own key word).
_HOSTILE_WORDS = _HOSTILE_GROUPS.words
_EXASPERATION_GROUPS = _Groups(
    ("smh fml jeez geez sigh "
     + " ".join("".join(p) for p in product(("u", "uu"), ("g", "gg"), ("h", "hh")))
     + " "
     + " ".join("".join(p) for p in product(("a", "aa"), ("r", "rr"), ("g", "gg"), ("h", "hh"))),),
    ("seriously",),
    ("kidding serious joking", "you be"),
    ("break", "give"),
    ("come", "on"),
    ("sake",),
    ("mess joke farce circus disaster fiasco", "this it", "is"),
    ("goes", "something", "wrong"),
    ("yeah", "right"),
    # "great job..." and "great job, not": "not" may touch the noun ("great jobnot")
    ("job work service jobnot worknot servicenot guysnot teamnot folksnot everyonenot therenot",
     "great nice fantastic wonderful brilliant excellent"),
    ("helpful helpfulnot", "real very so super"),
    ("surprise",),
    ("shock shocker", "what"),
    ("convenient", "how"),
    ("ridiculous absurd insane outrageous unacceptable unbelievable",),
)  # fmt: skip
#: Ordinals in words; "3rd", "21st" are found by _ORDINAL_NUMBER.
_ORDINALS = frozenset(
    ("second", "third", "fourth", "fifth", "2nd", "3rd", "4th", "5th", "umpteenth", "nth", "hundredth",
     "millionth")
)  # fmt: skip
_ORDINAL_NUMBER = re.compile(r"\d(?:st|nd|rd|th)(?!\w)", re.IGNORECASE)
_DIGITS = "0123456789"
_PUNCT_PARTS = ("!!", "!?", "?!", "??", "....")

#: Whether the prefilters are used; tests switch them off to compare with the full scans.
PREFILTER = True
#: Texts from this many characters are scanned piece by piece between sentence marks (see `_Pieces`).
PIECES_FROM = 200
#: The sentence marks all made ".", so a text's pieces between marks are what splitting it at "." leaves.
_MARKS_AS_DOTS = str.maketrans("!?;", "...")
#: Whether a long turn's pieces are picked by looking needles up in the whole text (`_Pieces.chosen`) rather
#: than by reading each piece's words; tests switch it off to compare.
PIECE_INDEX = True
_AGAIN_WORDS = frozenset(("again",))
_LETTERS = re.compile(r"[A-Za-z]")
#: All-caps tokens customers write that are not shouting.
_ACRONYMS = frozenset(
    [
        "UPS",
        "USPS",
        "DHL",
        "FEDEX",
        "USA",
        "ETA",
        "ASAP",
        "FAQ",
        "SKU",
        "PDF",
        "URL",
        "API",
        "ID",
        "PIN",
        "CVV",
        "OTP",
        "SMS",
        "RMA",
        "UK",
        "US",
        "EU",
        "EUR",
        "USD",
        "GBP",
        "CAD",
        "AUD",
        "ATM",
        "PM",
        "AM",
        "TV",
        "LED",
        "LCD",
        "USB",
        "HDMI",
        "DVD",
        "CD",
        "GPS",
        "XXL",
        "XXXL",
        "XL",
        "BBB",
        "FYI",
        "ASAP",
        "IMO",
        "AKA",
        "TBH",
        "DM",
        "PS",
        "NYC",
        "LA",
        "SF",
        "PO",
        "VIP",
        "CEO",
        "HR",
        "IT",
        "AI",
        "OK",
        "APT",
        "STE",
    ]
)


def _compound(vader: sentiment.FastVader, text: str) -> float:
    """VADER's compound score of a text; the stock computation when prefilters are off (the reference)."""
    if PREFILTER:
        return vader.compound(text)
    return float(vader.polarity_scores(text)["compound"])


@dataclass(frozen=True)
class _Cue:
    name: str
    strength: float
    spans: tuple[Span, ...]


def _feeling_strength(said: str) -> float:
    """How strongly a feeling statement counts: 1, or MILD_FEELING for a mild word ("annoyed") without an
    intensifier ("so", "really"); halved by a softener ("a bit", "slightly")."""
    m = _FEELING.fullmatch(said)
    if m is None or m.group("word") is None:
        return 1.0  # "lost my patience", "at my wits' end"
    adverbs = set(m.group("adverbs").lower().split())
    word = m.group("word").lower()
    strength = MILD_FEELING if word in _MILD_FEELINGS and adverbs.isdisjoint(_INTENSIFIERS) else 1.0
    return strength * 0.5 if not adverbs.isdisjoint(_MITIGATORS) else strength


def _shouting(index: int, text: str) -> tuple[float, list[Span]]:
    if PREFILTER and b"AAA" not in text.encode("utf-8", "surrogatepass").translate(_CAPS_BYTES):
        return 0.0, []  # no three capitals in a row: no caps word, no upper-case share
    caps = [
        m
        for m in (_CAPS_WORD_FAST if PREFILTER else _CAPS_WORD).finditer(text)
        if m.group(0) not in _ACRONYMS
    ]
    if PREFILTER and not caps:
        return 0.0, []  # no caps word: nothing upper case counts towards the share either
    if PREFILTER:
        letters = len(text.encode("utf-8", "surrogatepass").translate(None, _NOT_LETTER_BYTES))
    else:
        letters = len(_LETTERS.findall(text))
    upper = sum(len(m.group(0)) for m in caps)
    if (
        len(caps) >= SHOUT_MIN_WORDS
        or (letters >= SHOUT_MIN_LETTERS and upper / letters > SHOUT_UPPER_SHARE)
        or (len(caps) >= SHOUT_MIN_WORDS - 1 and letters < SHOUT_SHORT_LETTERS)
    ):
        strength = min(1.0, 0.5 + 0.1 * len(caps) + (upper / letters if letters else 0.0) * 0.5)
        return strength, [Span(index, m.start(), m.end(), m.group(0)) for m in caps[:MAX_SPANS]]
    return 0.0, []


def _not_anger(vader: sentiment.FastVader, text: str, swear: Span) -> bool:
    """Whether a swear word is no anger at the brand: emphasis in a sentence that reads clearly positive
    without it ("holy shit these boots are amazing", "this is damn good"), or a curse at the writer's own
    slip ("damn, I forgot the socks", "oh shit I entered the wrong address"). It adds no profanity cue."""
    low = max(swear.start - _CLAUSE_CHARS, 0)
    start = max(max(text.rfind(c, low, swear.start) for c in _SENTENCE_ENDS) + 1, low)
    high = min(swear.end + _CLAUSE_CHARS, len(text))
    ends = [e for c in _SENTENCE_ENDS if (e := text.find(c, swear.end, high)) >= 0]
    end = min(ends, default=high)
    if not text[swear.end : end].strip(" ,-"):
        # the swear is its own sentence ("Shit. I typed the wrong email"): read it with the next
        high = min(end + 1 + _CLAUSE_CHARS, len(text))
        ends = [e for c in _SENTENCE_ENDS if (e := text.find(c, end + 1, high)) >= 0]
        end = min(ends, default=high)
    sentence = _PROFANITY.sub(" ", text[start:end])
    return _OWN_SLIP.search(sentence) is not None or _compound(vader, sentence) >= EMPHASIS


def _ordinal_number(text: str) -> bool:
    """Whether the text holds an ordinal in digits ("3rd", "21st"); an ASCII text without a digit is
    answered by a few substring searches, far cheaper than the search through a long text."""
    if text.isascii() and not any(map(text.__contains__, _DIGITS)):
        return False
    return _ORDINAL_NUMBER.search(text) is not None


def _swear_runs(held: frozenset[str] | None, text: str) -> frozenset[str] | None:
    """The word runs of a text (`held`, its `words`) at which a profanity may begin (see _SWEAR_RUN): empty
    when none may, None when every piece of the text must be read (no words, or a run that is not ASCII,
    which a piece lower-cased alone may spell otherwise: a Greek final sigma)."""
    if held is None:
        return None
    unknown = held - _CLEAN_RUNS
    new = unknown - _SWEAR_RUNS if unknown else unknown
    if new:
        clean = frozenset(w for w in new if not _SWEAR_RUN.fullmatch(w))
        if len(_CLEAN_RUNS) + len(_SWEAR_RUNS) < MAX_RUNS_KEPT:
            _CLEAN_RUNS.update(clean)
            _SWEAR_RUNS.update(new - clean)
        unknown -= clean
    if unknown and not all(map(str.isascii, unknown)):
        return None
    if "*" in text and not _STARRED.isdisjoint(held):
        return unknown | (held & _STARRED)
    return unknown


def _old_spans(index: int, pattern: re.Pattern[str], text: str, skip: bool = False) -> list[Span]:
    if skip and PREFILTER:
        return []
    return [Span(index, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


class _Pieces:
    """A turn's text, and for a long one its pieces between sentence marks: no cue pattern matches across
    ".", "!", "?" or ";", so a pattern runs only on the pieces that hold one of its words instead of the
    whole text. The marks are neither word characters nor hyphens, so word boundaries and look-arounds read
    the same at a piece's edge as in the whole text."""

    __slots__ = ("_low", "_marked", "_split", "_starts", "_words", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._split: list[tuple[int, str]] | None = None
        self._marked: list[tuple[int, str]] | None = None
        self._words: dict[str, frozenset[str] | None] = {}
        self._low: str | None = None
        self._starts: list[int] = []

    def chosen(self, needles: frozenset[str] | None, parts: tuple[str, ...] | None) -> list[int] | None:
        """Which pieces (their places in `split`, in order) hold a word of `needles` standing whole and one
        of `parts`: the pieces `_piece_passes` lets through, or more, never fewer. Found by looking the few
        needles and parts the whole text holds up in the lower-cased text (a word or part never spans a
        sentence mark), rather than reading every piece's words. None when the lower-cased text does not
        line up with the text character for character, or holds a case twin: then each piece is read.
        (Lower-casing a piece alone differs from lower-casing it in the text only at a Greek final sigma,
        which no needle or part, all ASCII, holds.)"""
        low = self._lower()
        if not low:
            return None
        if not self._starts:
            self._starts = [at for at, _ in self.split()]
        chosen: set[int] | None = None
        if needles is not None:
            held = words(self.text)
            if held is None:
                return None
            chosen = self._holding(low, needles & held, True)
        if parts is not None:
            found = self._holding(low, [p for p in parts if p in low], False)
            chosen = found if chosen is None else chosen & found
        return sorted(chosen) if chosen is not None else list(range(len(self._starts)))

    def places(self, needles: frozenset[str]) -> list[int] | None:
        """Where in the text a word of `needles` stands whole, in order; None when the lower-cased text does
        not line up with the text (see `chosen`)."""
        low = self._lower()
        held = words(self.text) if low else None
        if held is None:
            return None
        return sorted(at for needle in needles & held for at in _places(low, needle, True))

    def _lower(self) -> str:
        """The lower-cased text when it lines up with the text (lexicon.aligned_lower), else ""."""
        if self._low is None:
            self._low = aligned_lower(self.text) or ""
        return self._low

    def _holding(self, low: str, needles: Iterable[str], whole: bool) -> set[int]:
        """The pieces where a needle occurs in `low`, standing whole (no word character either side) if
        `whole`."""
        starts = self._starts
        return {bisect_right(starts, at) - 1 for needle in needles for at in _places(low, needle, whole)}

    def words(self, piece: str) -> frozenset[str] | None:
        """A piece's word runs (lexicon.word_runs), found once however many patterns ask."""
        if piece not in self._words:
            self._words[piece] = word_runs(piece)
        return self._words[piece]

    def marked(self) -> list[tuple[int, str]]:
        """The pieces, each with the sentence marks that follow it, for patterns whose match may end in
        one ("seriously??"): a match still starts on a word, so it lies within one such piece."""
        if self._marked is None:
            split = self.split()
            if not split:  # nothing but sentence marks
                return []
            ends = [at for at, _ in split[1:]] + [len(self.text)]
            self._marked = [(at, self.text[at:end]) for (at, _), end in zip(split, ends, strict=True)]
        return self._marked

    def split(self) -> list[tuple[int, str]]:
        """(offset, piece) pairs covering every character a match may use; the whole text when short."""
        if self._split is None:
            text = self.text
            if len(text) < PIECES_FROM or not PREFILTER:
                self._split = [(0, text)]
            else:
                # Each part is the text between two marks as written (only marks were changed), one
                # character past the last part's end; a run of marks leaves empty parts.
                out, at = [], 0
                for part in text.translate(_MARKS_AS_DOTS).split("."):
                    if part:
                        out.append((at, part))
                    at += len(part) + 1
                self._split = out
        return self._split


def _places(low: str, needle: str, whole: bool) -> Iterator[int]:
    """Where `needle` occurs in `low`, standing whole (no word character either side) if `whole`."""
    end = len(low)
    at = low.find(needle)
    while at >= 0:
        after = at + len(needle)
        if not whole or (
            (at == 0 or not is_word_char(low[at - 1])) and (after == end or not is_word_char(low[after]))
        ):
            yield at
        at = low.find(needle, at + 1)


def _passes(text: str, needles: frozenset[str] | None, parts: tuple[str, ...] | None) -> bool:
    if not PREFILTER:
        return True
    if needles is not None and not may_hold(text, needles):
        return False
    return parts is None or may_contain(text, parts)


def _matches(
    pattern: re.Pattern[str],
    pieces: _Pieces,
    needles: frozenset[str] | None = None,
    parts: tuple[str, ...] | None = None,
    marks: bool = False,
    begins: bool = False,
) -> list[tuple[int, int, str]]:
    """Every match of `pattern` in the text, as (start, end, text), scanning only pieces that pass the
    prefilter (words one of which every match holds, or substrings one of which it contains). With
    `begins`, every match begins where a word of `needles` stands whole, and the pattern is tried there
    alone: a long alternation costs a hundred nanoseconds or more at each character it is tried at."""
    if not _passes(pieces.text, needles, parts):
        return []
    if begins and needles is not None and PIECE_INDEX:
        places = pieces.places(needles)
        if places is not None:
            # finditer's matches: the leftmost from where the last one ended, none starting elsewhere.
            out, end, text = [], 0, pieces.text
            for at in places:
                if at >= end and (m := pattern.match(text, at)) is not None:
                    out.append((m.start(), m.end(), m.group(0)))
                    end = m.end()
            return out
    split = pieces.marked() if marks else pieces.split()
    if len(split) == 1 and split[0][0] == 0:
        return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(pieces.text)]
    # A marked piece is its piece with the marks that follow it: the same words and parts, the same place.
    chosen = pieces.chosen(needles, parts) if PIECE_INDEX else None
    if chosen is not None:
        return [
            (at + m.start(), at + m.end(), m.group(0))
            for at, piece in (split[k] for k in chosen)
            for m in pattern.finditer(piece)
        ]
    return [
        (at + m.start(), at + m.end(), m.group(0))
        for at, piece in split
        if _piece_passes(pieces, piece, needles, parts)
        for m in pattern.finditer(piece)
    ]


def _piece_passes(
    pieces: _Pieces, piece: str, needles: frozenset[str] | None, parts: tuple[str, ...] | None
) -> bool:
    """`_passes` for one piece of a long turn, its words found once for all patterns."""
    if needles is not None:
        found = pieces.words(piece)
        if found is not None and needles.isdisjoint(found):
            return False
    return parts is None or may_contain(piece, parts)


def _spans(
    index: int,
    pattern: re.Pattern[str],
    pieces: _Pieces,
    needles: frozenset[str] | None = None,
    parts: tuple[str, ...] | None = None,
    marks: bool = False,
    begins: bool = False,
) -> list[Span]:
    return [Span(index, a, b, t) for a, b, t in _matches(pattern, pieces, needles, parts, marks, begins)]


_WORD = re.compile(r"\w+")


def _said(text: str) -> frozenset[str]:
    """A message's lower-cased words: `lexicon.words`, read once per text for the prefilters already (read
    here only for a text holding a case twin, which it leaves to None)."""
    runs = words(text)
    return runs if runs is not None else frozenset(_WORD.findall(text.lower()))


def _again(said: frozenset[str], before: Iterable[frozenset[str]]) -> bool:
    return len(said) >= RESENT_MIN_WORDS and any(
        len(said & b) >= RESENT_OVERLAP * max(len(said), len(b)) for b in before
    )


def says_again(text: str, earlier: Iterable[str]) -> bool:
    """Does `text` say again, nearly word for word, what one of the `earlier` messages said?"""
    return _again(_said(text), (_said(e) for e in earlier))


def _resent(turns: Sequence[Turn]) -> list[Span]:
    """Customer messages that say again what an earlier one said, nearly word for word."""
    seen: list[frozenset[str]] = []
    out: list[Span] = []
    for turn in turns[-RESENT_TURNS:]:
        said = _said(turn.text)
        if _again(said, seen):
            out.append(Span(turn.index, 0, len(turn.text), turn.text[:80]))
        if said:
            seen.append(said)
    return out


def prepare(policy: Policy) -> None:
    """Compile the anger list with the policy's `frustration` words now (see triage.analysis.prepare): the
    first ticket holding an anger word paid it before."""
    _anger_matcher(tuple(policy.keywords.get("frustration", ()))).prepare()


@lru_cache(maxsize=64)
def _anger_matcher(extra_words: tuple[str, ...]) -> PhraseMatcher:
    """The matcher of the anger words and a policy's own, found by the policy's few words (a ticket no
    longer builds and hashes the whole list of some seventy to find it)."""
    return matcher(_ANGER + extra_words if extra_words else _ANGER)


def frustration(conv: Conversation, threshold: float, extra_words: tuple[str, ...] = ()) -> Signal:
    """The frustration signal: a calibrated-looking score in [0, 1], fired at `threshold`, read on the
    normalised text with evidence on the customer's own words."""
    readings = readings_of(conv)
    if len(readings) == 1:  # most conversations: the best of one is that one
        return readings[0].restore(_frustration(readings[0].conversation, threshold, extra_words))
    # A reading changes letters, not their case, so every reading shouts as loud as the first: "II1IISSS5SS"
    # read as "IILIIS" is no capitalised word the customer wrote, and its shouting outscored the anger cue of
    # "enough is enough" in the first reading; nor does "APP4L1LL1LING", longer read with its 1s as i, shout
    # louder than its reading "APPALING" that holds the anger word (both found by the obfuscation property
    # test). The first reading's shouting evidence goes with whichever reading scores best.
    primary = readings[0]
    loudest, spans = max((_shouting(t.index, t.text) for t in primary.conversation.turns), key=lambda s: s[0])
    first = primary.restore(_frustration(primary.conversation, threshold, extra_words))
    chosen = best(
        [first]
        + [r.restore(_frustration(r.conversation, threshold, extra_words, loudest)) for r in readings[1:]]
    )
    if chosen is first or not spans:
        return chosen
    shouted = primary.restore(Signal("frustration", 0.0, False, tuple(spans))).evidence
    return replace(chosen, evidence=chosen.evidence + tuple(s for s in shouted if s not in chosen.evidence))


def _frustration(
    conv: Conversation, threshold: float, extra_words: tuple[str, ...], loudest: float | None = None
) -> Signal:
    """The frustration signal of one reading; `loudest`, when given, is its shouting (see `frustration`)."""
    vader = sentiment.vader()
    cues: list[_Cue] = []
    compounds: list[float] = []
    worst: tuple[float, Span | None] = (0.0, None)
    found: dict[str, list[Span]] = {
        k: []
        for k in (
            "repeat",
            "profanity",
            "anger",
            "bot",
            "wait",
            "punct",
            "feeling",
            "hostility",
            "exasperation",
        )
    }
    shout_strength = 0.0
    shout_spans: list[Span] = []
    weak_again: list[Span] = []
    anger = _anger_matcher(tuple(extra_words))
    deferred_first: str | None = None
    for turn in conv.turns:
        text = turn.text
        if not text.strip():
            continue
        first = turn.index != SUBJECT and not compounds and len(conv.messages) > 1
        pieces = _Pieces(text)
        i = turn.index
        # The word prefilters, read here once: most turns hold none of a pattern's words.
        held = words(text) if PREFILTER else None
        swear = _swear_runs(held, text)
        swears = _spans(i, _PROFANITY, pieces, swear, begins=True) if swear is None or swear else []
        # (Three swear words or more in a turn are read as anger, unchecked: each check scores a sentence.)
        kept = [s for s in swears if not _not_anger(vader, text, s)] if len(swears) < 3 else swears
        found["profanity"].extend(kept)
        if swears and not kept:
            # Only swearing for joy ("hell yeah it came early!"): the turn's mood is its words' without it.
            compound = _compound(vader, _PROFANITY.sub(" ", text))
        elif sentiment.needs_vader(text):
            compound = _compound(vader, text)
        else:
            # VADER cannot score this text below zero, so it counts only as the start of "rising": that
            # score is read at the end, and only when the last turn is negative enough for it to matter.
            compound = 0.0
            if first and not PREFILTER:
                compound = _compound(vader, text)
            elif first:
                deferred_first = text
        if turn.index != SUBJECT:
            compounds.append(compound)
        if -compound > worst[0]:
            worst = (-compound, Span(turn.index, 0, len(text), text[:80]))
        keys = _REPEAT_WORDS if held is None else _REPEAT_GROUPS.keys(held)
        if keys:
            found["repeat"].extend(_spans(i, _REPEAT, pieces, keys))
        if held is None or (
            not _ORDINAL_WORDS.isdisjoint(held) and (not _ORDINALS.isdisjoint(held) or _ordinal_number(text))
        ):
            for a, b, what in _matches(_ORDINAL, pieces, _ORDINAL_WORDS):
                asking = _ASKING.search(text[a : b + ASK_WINDOW]) or _ASKING.search(text[:80])
                (found["repeat"] if asking or compound < UNHAPPY_TURN else weak_again).append(
                    Span(i, a, b, what)
                )
        if anger.may_match(text) or not PREFILTER:
            # The whole text at once: for a long one, the matcher picks its entries by the text's words
            # faster than it reads each piece's words (no entry of plain words matches across a sentence
            # mark, so piece by piece found the same).
            found["anger"].extend(Span(i, h.start, h.end, h.text) for h in anger.find(text))
        keys = _BOT_WORDS if held is None else _BOT_GROUPS.keys(held)
        if keys:
            found["bot"].extend(_spans(i, _BOT, pieces, keys))
        keys = _WAIT_WORDS if held is None else _WAIT_GROUPS.keys(held)
        if keys:
            found["wait"].extend(_spans(i, _WAIT, pieces, keys))
        if held is None or not _FEELING_WORDS.isdisjoint(held):
            found["feeling"].extend(_spans(i, _FEELING, pieces, _FEELING_WORDS))
        keys = _HOSTILE_WORDS if held is None else _HOSTILE_GROUPS.keys(held)
        if keys:
            found["hostility"].extend(_spans(i, _HOSTILE, pieces, keys))
        keys = _EXASPERATION_WORDS if held is None else _EXASPERATION_GROUPS.keys(held)
        if keys:
            found["exasperation"].extend(_spans(i, _EXASPERATION, pieces, keys, marks=True))
        if not PREFILTER or not text.isascii() or "/s" in text or "(" in text:
            found["exasperation"].extend(_old_spans(i, _EXASPERATION_MARKS, text))
        if not PREFILTER or "!" in text or "?" in text or "...." in text:
            found["punct"].extend(_old_spans(i, _PUNCT, text, not any(p in text for p in _PUNCT_PARTS)))
        strength, spans = _shouting(turn.index, text) if loudest is None else (loudest, [])
        if strength > shout_strength:
            shout_strength, shout_spans = strength, spans
        if compound < NEGATIVE_TURN:
            weak_again.extend(_spans(i, _AGAIN, pieces, _AGAIN_WORDS))
    if worst[0] > UNHAPPY_SENTIMENT and worst[1] is not None:
        # Sentiment counts from mildly negative up; a neutral or positive conversation adds nothing.
        cues.append(_Cue("sentiment", min(1.0, (worst[0] - UNHAPPY_SENTIMENT) / SENTIMENT_SPAN), (worst[1],)))
    for name, key, per_hit in (
        ("repeat", "repeat", 1.0),
        ("profanity", "profanity", 0.8),
        ("anger", "anger", 0.6),
        ("bot", "bot", 1.0),
        ("wait", "wait", 0.8),
        ("punctuation", "punct", 0.6),
    ):
        spans = found[key]
        if spans:
            cues.append(
                _Cue(name, min(1.0, per_hit + PER_EXTRA_HIT * (len(spans) - 1)), tuple(spans[:MAX_SPANS]))
            )
    for name, strengths in (
        ("feeling", [_feeling_strength(s.text) for s in found["feeling"]]),
        (
            "hostility",
            [HINT_HOSTILITY if _BARE_YOU_PEOPLE.fullmatch(s.text) else 1.0 for s in found["hostility"]],
        ),
    ):
        if strengths:
            strength = min(1.0, max(strengths) + PER_EXTRA_HIT * (len(strengths) - 1))
            cues.append(_Cue(name, strength, tuple(found[name][:MAX_SPANS])))
    if found["exasperation"]:
        # One marker is a hint; two of them say it as clearly as a stated feeling.
        strength = min(1.0, EXASPERATION_HINT * len(found["exasperation"]))
        cues.append(_Cue("exasperation", strength, tuple(found["exasperation"][:MAX_SPANS])))
    if weak_again and not found["repeat"]:
        cues.append(_Cue("repeat", WEAK_REPEAT, tuple(weak_again[:3])))
    if shout_strength:
        cues.append(_Cue("shouting", shout_strength, tuple(shout_spans)))
    human = [Span(t.index, a, b, w) for t in conv.turns for a, b, w in human_request_spans(t.text)]
    if human:
        cues.append(_Cue("human", 1.0, tuple(human[:3])))
    resent = _resent(conv.messages) if len(conv.messages) > 1 else []
    if resent:
        cues.append(_Cue("resent", min(1.0, RESENT_EACH * len(resent)), tuple(resent[:MAX_SPANS])))
    customer_turns = len(compounds)
    if customer_turns >= FOLLOWUPS_FROM:
        cues.append(_Cue("followups", min(1.0, (customer_turns - FOLLOWUPS_FROM + 1) / 2), ()))
    if deferred_first is not None and customer_turns >= 2 and compounds[-1] < RISING_END:
        compounds[0] = _compound(vader, deferred_first)
    if customer_turns >= 2 and compounds[-1] - compounds[0] < -RISING_DROP and compounds[-1] < RISING_END:
        cues.append(_Cue("rising", min(1.0, (compounds[0] - compounds[-1]) / 1.0), ()))
    logit = PRIOR + sum(WEIGHTS[c.name] * c.strength for c in cues)
    score = 1.0 / (1.0 + math.exp(-logit))
    if not cues:
        score = 0.0
    spans_out = tuple(s for c in cues for s in c.spans)
    ranked = sorted(cues, key=lambda c: WEIGHTS[c.name] * c.strength, reverse=True)
    detail = ", ".join(f"{c.name} {c.strength:.2f}" for c in ranked[:4])
    return Signal("frustration", round(score, 4), score >= threshold, spans_out, detail)
