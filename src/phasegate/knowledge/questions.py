"""What a customer is asking, read from a conversation: sentences, cleaning, and the ask itself.

Deterministic and pure; the brief's summary and the KB checks both use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n+")
_ENTITY = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+\.[\w.]+|#?W\d{6,}|\b[A-Z]{1,4}-?\d{3,}\b|\b\d{9,}\b|\b1Z[0-9A-Z]{10,}\b"
)
#: A street address ("12 Elm St", "4410 NE Jefferson Ave Apt 3"): account data, never a topic.
_ADDRESS = re.compile(
    r"\b\d{1,6}\s+(?:[A-Za-z0-9.'-]+\s+){0,4}"
    r"(?:st|street|ave|avenue|rd|road|dr|drive|blvd|boulevard|ln|lane|ct|court|pl|place|way|ter|terrace|hwy)\b"
    r"(?:,?\s*(?:apt|unit|suite|ste|#)\s*[\w-]+)?",
    re.I,
)
#: Lines mail clients add ("Sent from my iPhone", "Get Outlook for iOS").
_CLIENT_LINE = re.compile(r"^\s*(sent from my|get outlook for|sent via|sent with)\b", re.I)
_SIGN_OFF = re.compile(
    r"^\s*(thanks|thank you|thx|cheers|best|regards|kind regards|best regards|sincerely|many thanks)"
    r"\b[\s,.!]*$",
    re.I,
)
#: "Hi", "Hello team,", "Hey Sam!" at the start: the greeting word, up to two names, then punctuation.
_GREETING = re.compile(
    r"^\s*(?i:hi|hello|hey|dear|good (?:morning|afternoon|evening))"
    r"(?:\s+(?:(?i:there|team|all|folks)|[A-Z][\w'-]*)){0,2}\s*(?:[,.!:;-]+|\n)\s*"
)
_ASK_CUES = (
    "can you",
    "could you",
    "can i",
    "could i",
    "would you",
    "i want",
    "i'd like",
    "i would like",
    "i need",
    "please",
    "how do i",
    "how can i",
    "how long",
    "how much",
    "is it",
    "is there",
    "does ",
    "do you",
    "when will",
    "when is",
    "where is",
    "where's",
    "why ",
    "what is",
    "what's",
    "help me",
    "i'm looking",
    "still waiting",
    "hasn't arrived",
    "has not arrived",
    "not received",
    "never arrived",
    "wrong",
    "broken",
    "damaged",
    "refund",
    "return",
    "cancel",
    "change",
)


#: The ask score a sentence needs to count as part of the request (a question, or a request phrase).
ASK_MIN = 1.5


def sentences(text: str) -> list[str]:
    """The sentences of a text, stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def clean(
    text: str, *, names: Iterable[str] = (), keep_addresses: bool = False, keep_entities: bool = False
) -> str:
    """A message without quoted replies, sign-off, signature, greeting, ids, links, street addresses
    (unless `keep_addresses`, for text shown to a person) and the customer's name. `keep_entities` keeps
    ids, links and addresses too: a summary that says "apply my discount to ?" has lost the point.
    """
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.lstrip().startswith(">") or line.strip() in {"--", "-- "}:
            if line.strip().startswith("--"):
                break
            continue
        if _SIGN_OFF.match(line) or _CLIENT_LINE.match(line):
            break
        lines.append(line)
    out = _GREETING.sub("", "\n".join(lines).strip(), count=1)
    if not keep_entities:
        out = _ENTITY.sub(" ", out if keep_addresses else _ADDRESS.sub(" ", out))
    for name in names:
        if name and len(name) > 1:
            out = re.sub(rf"\b{re.escape(name)}\b", " ", out, flags=re.I)
    return re.sub(r"[ \t]+", " ", out).strip()


def ask_score(sentence: str, position: int) -> float:
    """How much a sentence reads like the customer's request (questions and request phrases score)."""
    low = sentence.lower()
    words = low.split()
    score = 0.0
    if sentence.rstrip().endswith("?"):
        score += 2.0
    score += 1.5 * min(2, sum(1 for cue in _ASK_CUES if cue in low))
    if position == 0:
        score += 0.5
    if len(words) <= 3:
        score -= 3.0
    return score


def opening(turns: Sequence[tuple[str, str]], *, min_words: int = 4) -> list[str]:
    """The customer's opening: their messages before anyone replied, or, when those say almost nothing
    ("Hello?"), on to the next customer messages until they have said something.
    """
    out: list[str] = []
    words = 0
    for role, text in turns:
        if role != "customer":
            if words >= min_words:
                break
            continue
        out.append(text)
        words += len(clean(text).split())
    return out


def ask(
    subject: str | None,
    customer_texts: Sequence[str],
    *,
    names: Iterable[str] = (),
    top: int = 2,
    keep_entities: bool = False,
) -> str:
    """The customer's ask: the subject and the most request-like sentences of their opening messages
    (order ids and addresses kept with `keep_entities`, for a person to read; dropped for retrieval).
    """
    names = list(names)
    found = [
        s for text in customer_texts for s in sentences(clean(text, names=names, keep_entities=keep_entities))
    ]
    scores = [ask_score(s, i) for i, s in enumerate(found)]
    # Only sentences that read as a request; the first one stands in when none does. Story and
    # pleasantries around the ask ("my partner usually handles this") would only blur it.
    chosen = [i for i in sorted(range(len(found)), key=lambda i: (-scores[i], i)) if scores[i] >= ASK_MIN][
        :top
    ]
    if not chosen and found:
        chosen = [0]
    parts = [clean(subject, names=names)] if subject else []
    parts += [found[i] for i in sorted(chosen)]
    return " ".join(p for p in parts if p).strip()
