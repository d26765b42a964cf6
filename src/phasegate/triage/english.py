"""English words, as a list the project already ships: the whole words of the bundled sentence encoder's
WordPiece vocabulary (about 22,500 common words, names and places). Used where a reading must tell a real word
from a typo or a disguise: the speller leaves English words alone, and a capital I reads as an l only where
that makes the word English ("pIace") or neither reading does ("kiII"), and a misspelt key word is read only
where no other English word is as near ("lable" may be "label" as well as "liable")."""

from __future__ import annotations

from functools import cache

import numpy as np


@cache
def english_words() -> frozenset[str]:
    """Whole words of the bundled encoder's vocabulary (lower case, ASCII letters only); empty when this
    install has no bundled vectors. Read on first need (about 20 ms)."""
    from phasegate.encoders.static import DEFAULT_PATH

    if not DEFAULT_PATH.is_file():
        return frozenset()
    with np.load(DEFAULT_PATH, allow_pickle=False) as npz:
        return frozenset(w for w in npz["vocab"].tolist() if w.isascii() and w.isalpha())


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
