"""Health conditions named by the shape of their word: medicine's suffixes ("tendinitis", "scoliosis",
"neuralgia", "anaemia", "neuropathy", "mastectomy").

A list of conditions is never complete, but medicine names most of them with a few Greek endings, which
ordinary words seldom share: "I have tendinitis, which wrist brace do you recommend?" or "will the insoles fix
plantar fasciitis" ask a product about a condition (a `regulated_topic`) though no list entry names it. The
few everyday words with those endings ("empathy", "nostalgia", "academia", "diagnosis" is kept: it is
medical) are left out by name. The rule belongs to the built-in health vocabulary: it applies while the
policy's `regulated_topic` list keeps the entry "medical advice" (built in: every list but an empty one or
one with "!medical advice" does).
"""

from __future__ import annotations

import re

from phasegate.policy.schema import Policy
from phasegate.triage import shapes
from phasegate.triage.conversation import Conversation
from phasegate.triage.lexicon import words
from phasegate.triage.schemas import Signal

#: The entry of the policy's `regulated_topic` list that switches the rule on.
MARKER = "medical advice"

#: Endings of condition and procedure names: inflammation, condition, pain, blood, disease, removal,
#: paralysis.
SUFFIXES = ("itis", "osis", "algia", "emia", "aemia", "pathy", "ectomy", "plegia")
#: Letters a word has before its ending, at least: "osis" alone is not a word, "ptosis" is.
_STEM = 2
#: Everyday words with a medical ending.
ORDINARY = frozenset({
    "empathy", "sympathy", "apathy", "antipathy", "telepathy", "nostalgia", "academia", "bohemia",
    "osmosis", "metamorphosis", "apotheosis", "symbiosis", "hypnosis",
})  # fmt: skip


def _named(word: str) -> bool:
    return (
        word.endswith(SUFFIXES)
        and word not in ORDINARY
        and any(len(word) - len(s) >= _STEM for s in SUFFIXES if word.endswith(s))
    )


def spans(text: str) -> list[tuple[int, int, str]]:
    """Where a text names a condition by its ending, as (start, end, word)."""
    if text.isascii():  # substring scans (0.5 us; a regex alternation took 4): most texts hold no ending
        low = text.lower()
        if not any(s in low for s in SUFFIXES):
            return []
    runs = words(text)
    named = [w for w in runs if _named(w)] if runs is not None else None
    if named == []:
        return []
    pattern = (
        re.compile(r"\b(?:" + "|".join(map(re.escape, named)) + r")\b", re.IGNORECASE)
        if named is not None
        else re.compile(r"\b[^\W\d_]{2,}(?:" + "|".join(SUFFIXES) + r")\b", re.IGNORECASE)
    )
    return [
        (m.start(), m.end(), m.group(0)) for m in pattern.finditer(text) if m.group(0).lower() not in ORDINARY
    ]


def condition(conv: Conversation, policy: Policy) -> Signal:
    """The regulated-topic verdict of the rule alone, on the customer's own characters; not fired when the
    policy's list lacks MARKER."""
    return shapes.switched_rule(policy, "regulated_topic", MARKER, conv, spans, "health condition")


def widen(signal: Signal, conv: Conversation, policy: Policy) -> Signal:
    """The keyword list's `regulated_topic` verdict, or the rule's when the list found nothing that fired."""
    return shapes.widen(signal, lambda: condition(conv, policy))
