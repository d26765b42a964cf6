"""How one person's writing differs from another's: greetings, sign-offs, context, typos, case and emoji.

Every customer has a writing style (kept across their tickets); the style decides how often each
transformation applies.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from phasegate.world.tables import table

OPENERS: tuple[str, ...] = table("phrasing/noise", "OPENERS")

#: Chat and social openers: nobody starts a chat with "To whom it may concern".
CHAT_OPENERS: tuple[str, ...] = table("phrasing/noise", "CHAT_OPENERS")

CLOSERS: tuple[str, ...] = table("phrasing/noise", "CLOSERS")

SIGNATURES: tuple[str, ...] = table("phrasing/noise", "SIGNATURES")

#: Context people put before the ask, in long messages.
PREAMBLES: tuple[str, ...] = table("phrasing/noise", "PREAMBLES")

EMOJI: tuple[str, ...] = ("🙂", "😊", "🙏", "😅", "👍", "⛺", "🥾", "😩", "🤞", "❤️", "😬", "🏔️")
ANGRY_EMOJI: tuple[str, ...] = ("😡", "🤬", "😤", "🙄")

MISSPELLINGS: dict[str, tuple[str, ...]] = table("phrasing/noise", "MISSPELLINGS")
_CONTRACTIONS = re.compile(r"\b(I'm|don't|can't|won't|isn't|it's|didn't|doesn't|haven't|I've|I'd|that's)\b")


@dataclass(frozen=True)
class Style:
    """How a person writes: how often they greet, sign, misspell, skip capitals and use emoji."""

    name: str
    opener: float
    closer: float
    signature: float
    preamble: float
    typo: float  # chance per message of each typo pass
    lower: float
    emoji: float
    no_punct: float


STYLES: dict[str, Style] = {
    "formal": Style("formal", 0.95, 0.9, 0.85, 0.35, 0.03, 0.0, 0.0, 0.0),
    "plain": Style("plain", 0.6, 0.55, 0.45, 0.2, 0.12, 0.03, 0.04, 0.03),
    "casual": Style("casual", 0.45, 0.4, 0.15, 0.15, 0.3, 0.3, 0.15, 0.15),
    "sloppy": Style("sloppy", 0.2, 0.2, 0.05, 0.1, 0.75, 0.7, 0.1, 0.5),
    "terse": Style("terse", 0.05, 0.1, 0.02, 0.0, 0.2, 0.4, 0.02, 0.3),
}
STYLE_WEIGHTS: dict[str, float] = {"formal": 0.2, "plain": 0.38, "casual": 0.24, "sloppy": 0.1, "terse": 0.08}


def misspell(text: str, rng: random.Random, passes: int = 1) -> str:
    """Swap a few words for the way people actually type them, or slip a finger."""
    words = text.split(" ")
    for _ in range(passes):
        candidates = [i for i, w in enumerate(words) if w.lower().strip(".,?!") in MISSPELLINGS]
        if candidates and rng.random() < 0.7:
            i = rng.choice(candidates)
            core = words[i].lower().strip(".,?!")
            tail = words[i][len(words[i].rstrip(".,?!")) :]
            words[i] = rng.choice(MISSPELLINGS[core]) + tail
            continue
        long_words = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
        if not long_words:
            continue
        i = rng.choice(long_words)
        w = words[i]
        j = rng.randrange(1, len(w) - 1)
        kind = rng.random()
        if kind < 0.4:  # transposed letters
            w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        elif kind < 0.7:  # dropped letter
            w = w[:j] + w[j + 1 :]
        else:  # doubled letter
            w = w[:j] + w[j] + w[j:]
        words[i] = w
    return " ".join(words)


def strip_apostrophes(text: str) -> str:
    """dont, cant, im: how fast typists write contractions."""
    return _CONTRACTIONS.sub(lambda m: m.group(1).replace("'", ""), text)


def drop_punctuation(text: str) -> str:
    """Run-on writing: no full stops, no question marks (ids and amounts keep theirs)."""
    text = re.sub(r"(?<=[a-zA-Z])[.!]+(\s|$)", r" \1", text)
    text = re.sub(r"(?<=[a-zA-Z])\?+(\s|$)", r" \1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def lower_case(text: str) -> str:
    """all lower case, ids included (people type order numbers in lower case too)."""
    return text.lower()
