"""English words, as a list the project already ships: the whole words of the bundled sentence encoder's
WordPiece vocabulary (about 22,500 common words, names and places). Used where a reading must tell a real word
from a typo or a disguise: the speller leaves English words alone, and a capital I reads as an l only where
that makes the word English ("pIace") or neither reading does ("kiII"), and a misspelt key word is read only
where no other English word is as near ("lable" may be "label" as well as "liable"). And the one-letter
edits both readings measure typos by (`one_edit`, `deletes`)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache, lru_cache

import numpy as np


@cache
def _whole_words() -> tuple[str, ...]:
    """Whole words of the bundled encoder's vocabulary (lower case, ASCII letters only), in its order; none
    when this install has no bundled vectors. Read on first need (about 20 ms)."""
    from phasegate.encoders.static import DEFAULT_PATH

    if not DEFAULT_PATH.is_file():
        return ()
    with np.load(DEFAULT_PATH, allow_pickle=False) as npz:
        return tuple(w for w in npz["vocab"].tolist() if w.isascii() and w.isalpha())


@cache
def english_words() -> frozenset[str]:
    """Whole words of the bundled encoder's vocabulary; empty when this install has no bundled vectors."""
    return frozenset(_whole_words())


#: How many of the vocabulary's first whole words count as common (`common_words`): "jury" and "court" are
#: among them, "yer", "tor" and "dose" are not.
COMMON_WORDS = 8_000


@cache
def common_words() -> frozenset[str]:
    """The COMMON_WORDS first whole words of the bundled encoder's vocabulary, which lists them about as
    often as they are written ("the", "in", "jury" early; "yer", "tor" late); empty without bundled vectors.
    What tells a phrase ("in jury") from a word cut in two ("law yer")."""
    return frozenset([w for w in _whole_words() if len(w) > 1][:COMMON_WORDS])


#: Endings of inflected forms, and what each replaces: "brownies" is "brownie" + s, "mowing" is "mow" + ing.
#: Not "er": "lawer" would be "law" + er.
_INFLECTIONS = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
)


def is_english(word: str, english: frozenset[str] | None = None) -> bool:
    """Whether a lower-case word is in `english` (by default `english_words()`) or is an inflection of a
    word there ("buns", "mowing")."""
    if english is None:
        english = english_words()
    return word in english or any(
        word.endswith(ending) and len(word) - len(ending) >= 3 and word[: -len(ending)] + base in english
        for ending, base in _INFLECTIONS
    )


def one_edit(a: str, b: str) -> bool:
    """Whether b is a one letter dropped, added or changed, or two neighbours swapped (or is a itself)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def deletes(word: str, first: int = 0) -> Iterator[str]:
    """The word with one letter left out, from position `first` on (SymSpell's index keys)."""
    return (word[:i] + word[i + 1 :] for i in range(first, len(word)))


#: Words of one or two letters a glued run may hold (`segment`): "i", "a" and the little words written
#: glued to the next one ("my", "to", "in"); not "ed", "re", "de", which cut "overbooked" into "over book ed".
_SHORT_PIECES = frozenset(
    ("i", "a", "my", "me", "to", "in", "of", "on", "at", "we", "us", "it", "is", "be", "do", "go", "so", "no",
     "up", "an", "or", "by", "he", "am", "as", "if", "ok", "ur")
)  # fmt: skip
#: The longest run `segment` reads: past it, a run is no words glued but a hash, a key or a keyboard mash.
LONGEST_GLUED = 40


@cache
def _ranks() -> dict[str, int]:
    """Each common word (`common_words`) and short piece by its place in the vocabulary: its cost in a cut."""
    whole = [w for w in _whole_words() if len(w) > 2 or w in _SHORT_PIECES]
    out = {w: k for k, w in enumerate(whole[:COMMON_WORDS])}
    for w in _SHORT_PIECES:
        out.setdefault(w, 0)
    return out


def segment(run: str, also: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """The words a run of lower-case letters glues together ("seeyouincourt" -> see, you, in, court), the
    cheapest cut by the words' places in the vocabulary (a rarer word costs more, each piece a little more: a
    word-frequency cut, as spell checkers split "thankyou"); None when no cut into two or more such words
    exists or the run is longer than LONGEST_GLUED. Pieces are common words (`common_words`), the little
    words of _SHORT_PIECES, or words of `also` (costed as the rarest common word: "bbb")."""
    if len(run) > LONGEST_GLUED or not _whole_words():
        return None
    return _cut(run, also)


@lru_cache(maxsize=8192)
def _cut(run: str, also: frozenset[str]) -> tuple[str, ...] | None:
    ranks = _ranks()
    n = len(run)
    cost = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - 20), j):
            if cost[i] == math.inf:
                continue
            piece = run[i:j]
            rank = ranks.get(piece, COMMON_WORDS if piece in also else None)
            if rank is None:
                continue
            c = cost[i] + math.log(rank + 2) + 1
            if c < cost[j]:
                cost[j], back[j] = c, i
    if cost[n] == math.inf:
        return None
    pieces = []
    j = n
    while j:
        pieces.append(run[back[j] : j])
        j = back[j]
    return tuple(reversed(pieces)) if len(pieces) > 1 else None
