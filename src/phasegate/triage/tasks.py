"""Text tasks a store does not do: a poem, a joke, code, homework, a translation, general knowledge, advice.

"Can you translate 'where is my order' into French?" routed `order_status` at 0.96 and went autonomous, and
"Where is my order? Also, what is the capital of Mongolia and write a poem about cats" at 1.00 (hand-written
probes, 2026-12-07, fifteenth session): the store's words in them carry the router, and an AI that answers
alone either ignores half the ask or answers what no store should. Such an ask widens the `elsewhere` signal
(an ask that is not the store's), which the policy chain turns into an `out_of_scope` trigger naming the
words; asked alone, the router already finds them unlike any category.

What fires is an ask, never a word alone:
- writing something that is no store's business: "write me a poem", "compose a haiku about socks", "write a
  python script", "make up a story", "write my cover letter";
- a joke, a story or a riddle told: "tell me a joke about shipping";
- a translation asked of the reader: "can you translate this into French?", "please translate 'thank you'
  to Spanish" (not "I translated this into English with an app");
- homework and general knowledge: "help me with my homework", "what is the capital of Mongolia";
- general knowledge, advice and chores, each behind its own words (`_ASIDES`): a letter to the landlord, the
  plot of a book summarised, who the president is, a film recommended, an equation solved, a recipe, an
  opinion on the election, a credit card or a stock to buy.

"Write a review", "write a gift message", "give me a discount code", "the story of your brand", "a joke gift
for my brother" stay quiet. Built in, like `violence`; a brand whose shop does such things (a bookshop that
writes custom poems) reads the `elsewhere` evidence in the decision's trigger and allowlists nothing it
cannot do.
"""

from __future__ import annotations

import re

from phasegate.triage import shapes
from phasegate.triage.conversation import Conversation
from phasegate.triage.schemas import Signal, Span

#: What a store does not write: verse, stories, essays, code, a job seeker's papers.
_WRITINGS = (
    r"(?:poems?|poetry|haikus?|limericks?|sonnets?|songs?|raps?|lyrics|stor(?:y|ies)|essays?|novels?|jokes?"
    r"|riddles?|(?:python|javascript|java|sql|bash|c\+\+)\s+(?:scripts?|code|programs?|functions?|queries)"
    r"|(?:computer\s+)?programs?|cover\s+letters?|resumes?|résumés?|cvs?|speeches|speech|book\s+reports?"
    r"|term\s+papers?|homework|assignments?)"
)
#: The languages a translation is asked into.
_LANGUAGES = (
    r"(?:english|french|spanish|german|italian|portuguese|dutch|polish|turkish|russian|chinese|mandarin"
    r"|cantonese|japanese|korean|arabic|hindi|hebrew|greek|swedish|danish|norwegian|finnish|latin|klingon"
    r"|pig\s+latin|vietnamese|thai|indonesian|tagalog|urdu|bengali|persian|farsi|ukrainian|czech|romanian)"
)
_SHAPES = re.compile(
    # "write me a poem", "can you compose a haiku about socks", "write a python script", "write my cover
    # letter" (not "write a review", "write a gift message": no such writing is named)
    rf"\b(?:write|compose|generate|create|draft|make\s+up|come\s+up\s+with)\s+(?:me\s+|us\s+|for\s+me\s+)?"
    rf"(?:a|an|some|one|my|another|the)\s+(?:\w+\s+){{0,2}}?{_WRITINGS}\b"
    # "tell me a joke about shipping", "tell us a story" (not "tell me the story of your brand")
    r"|\btell\s+(?:me|us)\s+(?:a|an|another|some)\s+(?:\w+\s+)?(?:jokes?|stor(?:y|ies)|riddles?|fun\s+facts?)\b"
    # "can you translate this into French?", "please translate 'thank you' to Spanish", "Translate into
    # German: ..." (not "I translated this into English with an app": asked of the reader, or opening a
    # sentence)
    rf"|(?:\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?|\b(?:please|pls|plz)\s+|(?:^|[.!?]\s+)\s*)"
    rf"translate\b[^.?!\n]{{0,60}}?\b(?:in|into|to)\s+{_LANGUAGES}\b"
    # "help me with my homework", "do my homework for me"
    r"|\b(?:help\s+me\s+(?:with|do|finish)|do|finish|solve)\s+(?:my|our)\s+(?:math\s+|maths\s+|science\s+)?"
    r"(?:homework|assignment|essay)\b"
    # "what is the capital of Mongolia" (general knowledge, asked)
    r"|\bwhat(?:['’]s|\s+is|\s+was)\s+the\s+capital\s+(?:city\s+)?of\b",
    re.IGNORECASE | re.MULTILINE,
)
#: Who a letter or an e-mail a store would not write is to ("help me write an email to my landlord").
_ADDRESSEES = (
    r"(?:landlord|landlady|boss|teacher|professor|ex|girlfriend|boyfriend|wife|husband|mom|mum|dad|friend"
    r"|doctor|employer|coworker|colleague|neighbou?r|school|principal|congressman|senator|mp|councillor"
    r"|councilor)"
)
#: General knowledge, advice and chores a store does not give, each behind its own words (sixteenth session's
#: probes: "Where is my order? Also can you help me write an email to my landlord?", "… summarize the plot of
#: Hamlet", "… who is the president of France?", "… Can you recommend a good movie?", "… Can you solve this
#: for x: 2x + 3 = 7", "… give me a recipe for lasagna", "… What's the best credit card for travel rewards?",
#: "… What's your opinion on the election?" went autonomous at 1.00).
_ASIDES: tuple[shapes.Gated, ...] = (
    # asked of the reader (not "I need to write an email to my boss about this", "write a letter to your CEO",
    # "an email to my husband's address")
    (
        (frozenset({"write", "draft", "compose"}), frozenset({"email", "letter", "message", "text", "note"})),
        re.compile(
            r"(?:\bhelp\s+me\s+|\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:help\s+me\s+)?"
            r"|\b(?:please|pls|also|and|btw),?\s+|(?:^|[.!?]\s+)\s*)"
            r"(?:write|draft|compose)\s+(?:me\s+)?(?:an?\s+)?(?:e-?mail|letter|message|text|note)\s+to\s+"
            rf"(?:my|our)\s+{_ADDRESSEES}\b(?!['’])",
            re.IGNORECASE,
        ),
    ),
    (
        (frozenset({"summarize", "summarise", "summary"}),),
        re.compile(
            r"\b(?:summari[sz]e|(?:give\s+me\s+)?a\s+summary\s+of)\s+(?:the|this)\s+(?:plot|book|novel|article"
            r"|movie|film|chapter|play|paper|video|episode|show|series)\b",
            re.IGNORECASE,
        ),
    ),
    (
        (frozenset({"who"}),),
        re.compile(
            r"\bwho(?:['’]s|\s+is|\s+was|\s+won)\s+(?:the\s+)?(?:current\s+)?(?:president|prime\s+minister|king|queen"
            r"|chancellor|pope|governor|mayor|super\s+bowl|world\s+cup|election|game)\b",
            re.IGNORECASE,
        ),
    ),
    # (not "recommend a good boot for hiking": a store's goods)
    (
        (frozenset({"recommend", "suggest"}),),
        re.compile(
            r"\b(?:recommend|suggest)\s+(?:me\s+)?(?:a|an|some|any)\s+(?:good\s+|great\s+|nice\s+|new\s+)?"
            r"(?:movies?|films?|tv\s+shows?|netflix\s+shows?|series|podcasts?|restaurants?|bars?|video\s+games?"
            r"|anime|songs?|dentists?|doctors?|lawyers?|hotels?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        (frozenset({"solve", "times", "plus", "minus", "divided"}),),
        re.compile(
            r"\bsolve\s+(?:this\s+)?(?:for\s+[a-z]\b|(?:this\s+|the\s+)?(?:equation|integral|math\s+problem))"
            r"|\bwhat(?:['’]s|\s+is)\s+\d+\s*(?:times|plus|minus|divided\s+by)\s*\d+",
            re.IGNORECASE,
        ),
    ),
    (
        (frozenset({"recipe"}),),
        re.compile(r"\b(?:give|send|tell|write)\s+(?:me|us)\s+a\s+recipe\b", re.IGNORECASE),
    ),
    (
        (frozenset({"opinion", "thoughts", "views", "view", "take", "vote", "voting"}),),
        re.compile(
            r"\b(?:opinion|thoughts|views?|take)\s+on\s+(?:the\s+)?(?:election|politics|president|war|abortion"
            r"|immigration|religion|government)\b|\bwho\s+(?:should\s+i|do\s+you|would\s+you|will\s+you)\s+vote\b",
            re.IGNORECASE,
        ),
    ),
    (
        (frozenset({"credit", "stock", "stocks", "crypto", "bitcoin", "invest"}),),
        re.compile(
            r"\bbest\s+credit\s+cards?\s+(?:for|to\s+get)\s+(?:travel|rewards|cash\s*back|miles|points|balance|students?"
            r"|bad\s+credit|building\s+credit)\b|\bshould\s+i\s+(?:buy|sell|invest\s+in)\s+(?:\w+\s+)?(?:stocks?|shares"
            r"|crypto|bitcoin|ethereum)\b",
            re.IGNORECASE,
        ),
    ),
)
#: A word every match holds, looked up in the text's words (remembered for every detector) before the
#: pattern runs: most texts hold none.
_NEEDLES = frozenset(
    [
        "write",
        "compose",
        "generate",
        "create",
        "draft",
        "make",
        "come",
        "tell",
        "translate",
        "homework",
        "assignment",
        "essay",
        "capital",
    ]
)
#: The shapes and their gates, as `shapes.gated_matches` takes them.
_GATED: tuple[shapes.Gated, ...] = (((_NEEDLES,), _SHAPES), *_ASIDES)
#: Every gate's first words: a text holding none runs no shape.
_KEYS = _NEEDLES.union(*(gate[0] for gate, _ in _ASIDES))
#: What the `elsewhere` detail says before the words found.
LABEL = "asks for a task a store does not do"


def spans(text: str) -> list[tuple[int, int, str]]:
    """Where a text asks for a text task a store does not do, as (start, end, words)."""
    return [(m.start(), m.end(), m.group(0)) for m in shapes.gated_matches(text, _GATED, _KEYS)]


def widen(signal: Signal, conv: Conversation) -> Signal:
    """The `elsewhere` verdict of the names when it fired, else this module's when a customer turn asks for a
    task a store does not do (evidence on the turn's own characters), else the names'."""
    return shapes.widen(signal, lambda: _asked(signal.name, conv))


def _asked(name: str, conv: Conversation) -> Signal:
    """Signal `name` fired by the text tasks the customer's turns ask for, or not fired."""
    found = tuple(Span(t.index, a, b, s) for t in conv.turns for a, b, s in spans(t.text))
    if not found:
        return Signal(name, 0.0, False)
    named = ", ".join(dict.fromkeys(repr(s.text) for s in found[:3]))
    return Signal(name, 1.0, True, found, f"{LABEL}: {named}")
