"""Whether a product may fly, asked in shapes a phrase list cannot spell: the product is named in between.

"Can I bring the camping stove fuel on a plane?", "is it ok to pack the power bank in my checked luggage?",
"can I fly with the bear spray?" ask about dangerous goods (a `regulated_topic`: airlines' and aviation
authorities' rules, not the brand's to state), whatever the product; the list's "allowed on a plane" needs the
words side by side. "My order is on a plane" or "I'll take it on my flight home, will it fit in the overhead
bin?" ask nothing of the kind: a shape needs the writer asking whether they may carry something aboard. The
shapes belong to the built-in entry "dangerous goods" of the policy's `regulated_topic` list:
"!dangerous goods" turns them off.
"""

from __future__ import annotations

import re

from phasegate.policy.schema import Policy
from phasegate.triage import shapes
from phasegate.triage.conversation import Conversation
from phasegate.triage.lexicon import words
from phasegate.triage.schemas import Signal

#: The entry of the policy's `regulated_topic` list that switches the shapes on.
MARKER = "dangerous goods"

_ASK = (
    r"(?:(?:can|could|may|should|do)\s+(?:i|we|you|one)\s+(?:still\s+|legally\s+)?"
    r"|is\s+it\s+(?:ok|okay|safe|allowed|possible|legal|fine)\s+to\s+|am\s+i\s+allowed\s+to\s+)"
)
_ABOARD = (
    r"(?:on|onto|aboard|in|into|through)\s+(?:a\s+|an\s+|the\s+|my\s+|our\s+)?(?:plane|planes|flight|flights"
    r"|airplane|aeroplane|aircraft|carry[\s-]?on|hand\s+(?:luggage|baggage)|cabin\s+(?:bag|baggage|luggage)"
    r"|checked\s+(?:bag|bags|baggage|luggage)|airport\s+security)\b"
)
_SHAPE = re.compile(
    # "can I bring the camping stove fuel on a plane?", "is it ok to pack the power bank in my checked bag"
    # (an object named, no clause between: not "how many carry ons can I take on a flight", "what step do I
    # take if my bag got lost on the flight")
    rf"\b{_ASK}(?:bring|take|carry|pack|check|put)\s+(?!(?:on|onto|in|into|aboard|through|with)\b)"
    rf"(?:(?!\b(?:if|when|because|after|before|since|so|and|or|but)\b)[^.?!\n]){{1,50}}?\b{_ABOARD}"
    # "can I fly with the bear spray?" ("can I fly with my dog" too: an airline's rule, for a person)
    rf"|\b{_ASK}fly\s+with\s+(?:a|an|the|this|these|that|those|my|our|it|them)\b",
    re.IGNORECASE,
)
#: A word every match holds, looked up in the text's words (remembered for every detector) before the
#: pattern runs: most texts hold none.
_NEEDLES = frozenset({
    "plane", "planes", "flight", "flights", "airplane", "aeroplane", "aircraft", "carry", "luggage",
    "baggage", "security", "fly",
})  # fmt: skip


def spans(text: str) -> list[tuple[int, int, str]]:
    """Where a text asks whether something may go aboard a plane, as (start, end, words)."""
    runs = words(text)
    if runs is not None and _NEEDLES.isdisjoint(runs):
        return []
    return [(m.start(), m.end(), m.group(0)) for m in _SHAPE.finditer(text)]


def dangerous_goods(conv: Conversation, policy: Policy) -> Signal:
    """The regulated-topic verdict of the shapes alone, on the customer's own characters; not fired when the
    policy's list lacks MARKER."""
    return shapes.switched_rule(policy, "regulated_topic", MARKER, conv, spans, "dangerous goods on a plane")


def widen(signal: Signal, conv: Conversation, policy: Policy) -> Signal:
    """The keyword list's `regulated_topic` verdict, or the shapes' when the list found nothing that fired."""
    return shapes.widen(signal, lambda: dangerous_goods(conv, policy))
