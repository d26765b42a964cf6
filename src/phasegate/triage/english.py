"""English words, as a list the project already ships: the whole words of the bundled sentence encoder's
WordPiece vocabulary (about 22,500 common words, names and places). Used where a reading must tell a real word
from a typo or a disguise: the speller leaves English words alone, and a capital I reads as an l only where
that makes the word English ("pIace") or neither reading does ("kiII"), and a misspelt key word is read only
where no other English word is as near ("lable" may be "label" as well as "liable"). And the one-letter
edits both readings measure typos by (`one_edit`, `deletes`)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

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
