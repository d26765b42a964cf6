"""How frustrated the customer is, over the whole conversation, as a score in [0, 1] with its evidence.

Cues (the seed's "keywords, repeated requests, sentiment scores", and what agents know besides): VADER
sentiment, repeated requests ("third time", "again", "already told you"), shouting, punctuation runs,
profanity and anger words, demands for a human, hostility to bots, long waits, follow-ups, and negativity
rising across turns. Each cue adds evidence; the cues combine as independent odds, so one mild cue stays
below the policy threshold and two clear ones cross it. A policy list `frustration` adds anger words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from vaderSentiment.vaderSentiment import NEGATE, SentimentIntensityAnalyzer

from phasegate.triage.conversation import SUBJECT, Conversation
from phasegate.triage.detectors import human_request_spans
from phasegate.triage.lexicon import matcher, may_contain, may_hold, tokens
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
    "rising": 0.9,
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
    r"many\s+times|again|repeatedly|\d+\s+times)"
    r"|already\s+(?:told|asked|sent|explained|gave|provided|said|contacted|emailed|called|wrote|written|"
    r"given|answered)"
    r"|(?:once|yet|over\s+and\s+over)\s+again|again\s+and\s+again|for\s+the\s+(?:last|\w+)\s+time"
    r"|how\s+many\s+(?:more\s+)?times|(?:still|yet\s+again)\s+(?:no|not|nothing|haven't|hasn't|waiting|"
    r"don't|didn't|can't|isn't)|keep\s+(?:asking|telling|getting|sending|saying)|still\s+waiting"
    r"|(?:twice|three\s+times|several\s+times|multiple\s+times|many\s+times|\d+\s+times)\s+(?:now|already)"
    r"|repeat(?:ing)?\s+myself|same\s+(?:answer|response|reply|email|message)|no\s+one\s+(?:has\s+)?"
    r"(?:replied|responded|answered|gotten\s+back|got\s+back)|never\s+(?:heard|got)\s+back"
    r"|(?:nobody|no\s+one)\s+(?:is\s+)?(?:helping|helps|answers|responds))\b",
    re.IGNORECASE,
)
#: "again" on its own is a weaker cue ("could you send it again?"), counted only beside a problem word.
_AGAIN = re.compile(r"\bagain\b", re.IGNORECASE)

_PROFANITY = re.compile(
    r"(?<![\w])(?:f+u+c+k+\w*|f\*+k\w*|f\*\*\*|sh[i1]t+\w*|s\*+t|bullsh\w*|crap+(?:py)?|damn(?:ed|it)?|"
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
_CAPS_RUN = re.compile(r"[A-Z]{3}")

# -- prefilters: words (or, for profanity, pieces) every match of a pattern holds; a turn with none of them
# skips the pattern's scan. tests/triage/test_analysis.py pins that the prefilters change no verdict.

_ORDINAL_WORDS = frozenset(
    ("time", "times", "attempt", "attempts", "email", "emails", "message", "messages", "request",
     "requests", "call", "calls")
)  # fmt: skip
_REPEAT_WORDS = frozenset(
    ("asked", "told", "written", "wrote", "emailed", "called", "contacted", "explained", "sent", "messaged",
     "reached", "already", "again", "time", "times", "still", "keep", "now", "myself", "same", "one", "back",
     "nobody")
)  # fmt: skip
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
_PROFANITY_PARTS = (
    "uc", "f*", "shi", "sh1", "s*", "crap", "damn", "wtf", "wth", "ffs", "stfu", "omfg", "bloody", "hell",
    "ass", "arse", "bastard", "bitch", "piss", "screw", "suck", "scam", "rip", "thie", "clown", "idiot",
    "moron", "stupid", "dumb",
)  # fmt: skip
_PUNCT_PARTS = ("!!", "!?", "?!", "??", "....")

#: Whether the prefilters are used; tests switch them off to compare with the full scans.
PREFILTER = True
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


class FastVader(SentimentIntensityAnalyzer):  # type: ignore[misc]  # vaderSentiment ships no types
    """VADER with the same scores, in time linear in the text: as shipped, two of its checks lower-case the
    whole message again for every word they look at (a 2,000-character email cost tens of milliseconds).
    They read at most three words either side of the word being scored, so they are handed only those
    (tests/triage/test_frustration.py pins equal scores against the stock analyzer)."""

    def _negation_check(self, valence: float, words: list[str], start_i: int, i: int) -> float:
        # Reads words i - 3 .. i; called only with i > start_i, so no index is negative.
        lo = max(0, i - 3)
        out: float = SentimentIntensityAnalyzer._negation_check(valence, words[lo : i + 1], start_i, i - lo)
        return out

    def _special_idioms_check(self, valence: float, words: list[str], i: int) -> float:
        # Reads words i - 3 .. i + 2 and whether i + 1, i + 2 exist; called only with i > 2.
        if i < 3:
            full: float = SentimentIntensityAnalyzer._special_idioms_check(valence, words, i)
            return full
        out: float = SentimentIntensityAnalyzer._special_idioms_check(valence, words[i - 3 : i + 3], 3)
        return out


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    """VADER's lexicon loads once per process (it reads a file)."""
    return FastVader()


@dataclass(frozen=True)
class _Cue:
    name: str
    strength: float
    spans: tuple[Span, ...]


@lru_cache(maxsize=1)
def _vader_triggers() -> frozenset[str]:
    """Tokens without which VADER cannot score a text below zero: its negative words, negations, and the
    words of its negative idioms ("yeah right", "kiss of death", "broken heart")."""
    negative = {w for w, v in _vader().lexicon.items() if v < 0}
    return frozenset(negative | {w.lower() for w in NEGATE} | {"least", "right", "death", "heart"})


def _needs_vader(text: str) -> bool:
    """Whether VADER could find this text negative; only negativity counts here, and VADER is the slowest
    cue, so a text with none of its triggers (nor emoji, which it reads as words) is scored 0 unread."""
    triggers = _vader_triggers()
    words = tokens(text)
    if triggers & words or any("n't" in w for w in words):
        return True
    if triggers & set(text.lower().split()):  # emoticons such as ":(" are whitespace tokens
        return True
    return any(ord(c) > 0x2000 for c in text)


def _shouting(index: int, text: str) -> tuple[float, list[Span]]:
    if PREFILTER and not _CAPS_RUN.search(text):
        return 0.0, []  # no three capitals in a row: no caps word, no upper-case share
    caps = [m for m in _CAPS_WORD.finditer(text) if m.group(0) not in _ACRONYMS]
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


def _spans(index: int, pattern: re.Pattern[str], text: str, skip: bool = False) -> list[Span]:
    if skip and PREFILTER:
        return []
    return [Span(index, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def frustration(conv: Conversation, threshold: float, extra_words: tuple[str, ...] = ()) -> Signal:
    """The frustration signal: a calibrated-looking score in [0, 1], fired at `threshold`, read on the
    normalised text with evidence on the customer's own words."""
    return best(r.restore(_frustration(r.conversation, threshold, extra_words)) for r in readings_of(conv))


def _frustration(conv: Conversation, threshold: float, extra_words: tuple[str, ...]) -> Signal:
    vader = _vader()
    cues: list[_Cue] = []
    compounds: list[float] = []
    worst: tuple[float, Span | None] = (0.0, None)
    found: dict[str, list[Span]] = {k: [] for k in ("repeat", "profanity", "anger", "bot", "wait", "punct")}
    shout_strength = 0.0
    shout_spans: list[Span] = []
    weak_again: list[Span] = []
    anger = matcher(_ANGER + tuple(extra_words))
    deferred_first: str | None = None
    for turn in conv.turns:
        text = turn.text
        if not text.strip():
            continue
        first = turn.index != SUBJECT and not compounds and len(conv.messages) > 1
        if _needs_vader(text):
            compound = float(vader.polarity_scores(text)["compound"])
        else:
            # VADER cannot score this text below zero, so it counts only as the start of "rising": that
            # score is read at the end, and only when the last turn is negative enough for it to matter.
            compound = 0.0
            if first and not PREFILTER:
                compound = float(vader.polarity_scores(text)["compound"])
            elif first:
                deferred_first = text
        if turn.index != SUBJECT:
            compounds.append(compound)
        if -compound > worst[0]:
            worst = (-compound, Span(turn.index, 0, len(text), text[:80]))
        found["repeat"].extend(_spans(turn.index, _REPEAT, text, not may_hold(text, _REPEAT_WORDS)))
        ordinals = _ORDINAL.finditer(text) if not PREFILTER or may_hold(text, _ORDINAL_WORDS) else ()
        for m in ordinals:
            asking = _ASKING.search(text[m.start() : m.end() + ASK_WINDOW]) or _ASKING.search(text[:80])
            (found["repeat"] if asking or compound < UNHAPPY_TURN else weak_again).append(
                Span(turn.index, m.start(), m.end(), m.group(0))
            )
        found["profanity"].extend(
            _spans(turn.index, _PROFANITY, text, not may_contain(text, _PROFANITY_PARTS))
        )
        found["anger"].extend(Span(turn.index, h.start, h.end, h.text) for h in anger.find(text))
        found["bot"].extend(_spans(turn.index, _BOT, text, not may_hold(text, _BOT_WORDS)))
        found["wait"].extend(_spans(turn.index, _WAIT, text, not may_hold(text, _WAIT_WORDS)))
        found["punct"].extend(_spans(turn.index, _PUNCT, text, not any(p in text for p in _PUNCT_PARTS)))
        strength, spans = _shouting(turn.index, text)
        if strength > shout_strength:
            shout_strength, shout_spans = strength, spans
        if compound < NEGATIVE_TURN:
            weak_again.extend(_spans(turn.index, _AGAIN, text, not may_hold(text, frozenset(("again",)))))
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
    if weak_again and not found["repeat"]:
        cues.append(_Cue("repeat", WEAK_REPEAT, tuple(weak_again[:3])))
    if shout_strength:
        cues.append(_Cue("shouting", shout_strength, tuple(shout_spans)))
    human = [Span(t.index, a, b, w) for t in conv.turns for a, b, w in human_request_spans(t.text)]
    if human:
        cues.append(_Cue("human", 1.0, tuple(human[:3])))
    customer_turns = len(compounds)
    if customer_turns >= FOLLOWUPS_FROM:
        cues.append(_Cue("followups", min(1.0, (customer_turns - FOLLOWUPS_FROM + 1) / 2), ()))
    if deferred_first is not None and customer_turns >= 2 and compounds[-1] < RISING_END:
        compounds[0] = float(vader.polarity_scores(deferred_first)["compound"])
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
