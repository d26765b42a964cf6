"""Phrases read with the spaces between words ignored: "k i l l m y s e l f", "killmyself", "kill my self",
"end. my. life.".

The normaliser joins spaced-out letters into words, but cannot know where the words of a run written
without gaps begin ("k i l l m y s e l f" reads "killmyself"), nor that "my self" is "myself". For crisis
language a missed phrase is the worst error the product can make, so `self_harm` falls back to this reading
when no phrase matched: every letter of the text in a row, and a phrase (its letters alone) found there only
where it begins at the start of a word (or right after a word's leading "i": "iwanttodie") and ends at the
end of one. That alignment is what keeps "I want to diet" from reading "want to die", and short phrases
(under MIN_LETTERS letters) are not read this way at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from unicodedata import category

import numpy as np

#: Phrases shorter than this (letters alone) are too likely to straddle ordinary words.
MIN_LETTERS = 7
#: Letters of a phrase's start looked up at each word start before any phrase is compared.
_PREFIX = 4


@dataclass(frozen=True)
class Squashed:
    """A text's letters (lower-cased) in a row, where each came from, and where words start and end."""

    letters: str
    positions: tuple[int, ...]
    starts: frozenset[int]
    ends: frozenset[int]


def squash(text: str) -> Squashed:
    """The letters of `text` in a row, a letter repeated next to itself kept once; `starts`/`ends` hold the
    indexes (in `letters`) of word edges."""
    letters: list[str] = []
    positions: list[int] = []
    starts: set[int] = set()
    ends: set[int] = set()
    previous_letter = False
    for i, ch in enumerate(text):
        if ch.isalpha():
            low = ch.lower()
            if letters and letters[-1] == low:
                # A doubled letter reads once, as the normaliser reads "k i l l" ("kil"): phrases too.
                if not previous_letter:
                    starts.add(len(letters) - 1)
                previous_letter = True
                continue
            if not previous_letter:
                starts.add(len(letters))
            elif len(letters) - 1 in starts and letters[-1] == "i":
                # A word glued to the "I" before it starts a phrase too: "iwanttodie", "ihatemylife".
                starts.add(len(letters))
            letters.append(low)
            positions.append(i)
            previous_letter = True
        else:
            if previous_letter:
                ends.add(len(letters))
            # An apostrophe inside a word ("don't") joins its halves.
            previous_letter = previous_letter and ch in "'’"
    if previous_letter:
        ends.add(len(letters))
    return Squashed("".join(letters), tuple(positions), frozenset(starts), frozenset(ends))


def _letters(phrase: str) -> str:
    return squash(phrase).letters


#: str.translate table keeping ASCII letters only, lower-cased: the quick test's view of a text.
_ASCII_LETTERS = {i: None for i in range(128) if not chr(i).isalpha()} | {
    i: chr(i).lower() for i in range(ord("A"), ord("Z") + 1)
}


def indexable(phrase: str) -> bool:
    """Whether a phrase is read squashed: MIN_LETTERS letters or more, and no symbol standing for a word
    ("to 🔪 myself" squashed is "tomyself", everyday words)."""
    return len(_letters(phrase)) >= MIN_LETTERS and not any(category(c)[0] == "S" for c in phrase)


class Index:
    """A phrase list made ready for `find`, built once per list: the phrases by their first letters for
    the scan, and each phrase's letter trigrams for the quick test."""

    def __init__(self, phrases: tuple[str, ...], lookalikes: tuple[str, ...]) -> None:
        by_prefix: dict[str, dict[str, None]] = {}
        for p in phrases:
            letters = _letters(p)
            if p.startswith("!") or not indexable(p):
                continue
            by_prefix.setdefault(letters[:_PREFIX], {})[letters] = None
        self.by_prefix = {k: tuple(v) for k, v in by_prefix.items()}
        self.lookalikes = tuple(_letters(w) for w in lookalikes)
        # An ASCII text's letters can hold only the phrases spelled in ASCII letters.
        self._ascii = tuple(
            dict.fromkeys(w for ws in self.by_prefix.values() for w in ws if w.isascii() and w.isalpha())
        )
        self._trigrams = _trigram_rows(self._ascii)

    def may_hold(self, text: str) -> bool:
        """False only when `find` cannot find anything (ASCII text; other text is always scanned): no phrase's
        letters occur among the text's.

        The scan compares squashed letters (a run of one letter read once), so the quick test reads the
        text's letters squashed too: on the letters as written, "kiil myself" or "kill mysself" hid the
        phrase from a scan that finds it. A phrase is looked for only when the text holds each of its letter
        trigrams, found for all phrases at once in one table (a substring search per phrase, or per
        anchor word, cost about 0.2 ms on a 2,000-character e-mail)."""
        if not text.isascii():
            return True
        letters = _runs_once(text.translate(_ASCII_LETTERS))
        if len(letters) < MIN_LETTERS or not self._ascii:
            return False
        if len(letters) <= _SHORT_LETTERS:
            # A short text: each place looked up by its first letters (the scan's index) costs less than the
            # table.
            by_prefix = self.by_prefix
            for i in range(len(letters) - MIN_LETTERS + 1):
                found = by_prefix.get(letters[i : i + _PREFIX])
                if found is not None and any(letters.startswith(w, i) for w in found):
                    return True
            return False
        held = np.zeros(_TRIGRAMS + 1, dtype=bool)
        held[_trigrams(letters)] = True
        held[_TRIGRAMS] = True  # the padding of shorter phrases' rows
        return any(self._ascii[i] in letters for i in np.flatnonzero(held[self._trigrams].all(axis=1)))

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) in `text` of each phrase found with spaces ignored and word edges aligned."""
        return self.scan(text) if self.may_hold(text) else []

    def scan(self, text: str) -> list[tuple[int, int]]:
        """`find` without the quick test: every word start of the text tried."""
        if not self.by_prefix:
            return []
        sq = squash(text)
        out: list[tuple[int, int]] = []
        for s in sorted(sq.starts):
            for letters in self.by_prefix.get(sq.letters[s : s + _PREFIX], ()):
                e = s + len(letters)
                if (
                    e in sq.ends
                    and sq.letters.startswith(letters, s)
                    and not _overlaps(sq, s, e, self.lookalikes)
                ):
                    out.append((sq.positions[s], sq.positions[e - 1] + 1))
                    break
        return out


#: Letters up to which a text's places are looked up one by one rather than through the trigram table.
_SHORT_LETTERS = 200
#: Letter trigrams ("aaa" to "zzz") as numbers: 26 ** 3 of them.
_TRIGRAMS = 26**3


def _trigrams(letters: str) -> np.ndarray:
    """The number of each trigram of a string of lower-case ASCII letters (three or more), in order."""
    a = np.frombuffer(letters.encode("ascii"), dtype=np.uint8).astype(np.int64) - ord("a")
    out: np.ndarray = a[:-2] * 676 + a[1:-1] * 26 + a[2:]
    return out


def _trigram_rows(phrases: tuple[str, ...]) -> np.ndarray:
    """One row per phrase (lower-case ASCII letters, three or more): its trigrams, padded with _TRIGRAMS."""
    rows = np.full((len(phrases), max((len(p) - 2 for p in phrases), default=0)), _TRIGRAMS, dtype=np.int64)
    for i, p in enumerate(phrases):
        rows[i, : len(p) - 2] = _trigrams(p)
    return rows


def _runs_once(letters: str) -> str:
    """ASCII letters with each run of one letter kept once: `squash(text).letters` for ASCII text, from the
    translated letters in a few array operations rather than a loop over characters."""
    if len(letters) < 2:
        return letters
    a = np.frombuffer(letters.encode("ascii"), dtype=np.uint8)
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep].tobytes().decode("ascii")


@lru_cache(maxsize=64)
def index(phrases: tuple[str, ...], lookalikes: tuple[str, ...] = ()) -> Index:
    """The `Index` of a phrase list (entries starting with "!" are exclusions, left out)."""
    return Index(phrases, lookalikes)


def may_hold(text: str, phrases: tuple[str, ...]) -> bool:
    """`Index.may_hold` for a phrase list."""
    return index(phrases).may_hold(text)


def find(text: str, phrases: Iterable[str], lookalikes: Iterable[str] = ()) -> list[tuple[int, int]]:
    """(start, end) in `text` of each phrase found with spaces ignored and word edges aligned; a match
    overlapping a look-alike and reaching past it ("suicide squad") is dropped."""
    return index(tuple(phrases), tuple(lookalikes)).find(text)


def scan(text: str, phrases: tuple[str, ...], lookalikes: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """`Index.scan` for a phrase list: `find` without the quick test."""
    return index(phrases, lookalikes).scan(text)


def _overlaps(sq: Squashed, start: int, end: int, lookalikes: tuple[str, ...]) -> bool:
    """Whether a look-alike, aligned on word edges, overlaps the match at [start, end) and reaches past it:
    as the phrase matcher drops a match that overlaps an exclusion ("gonna hurt myself" beside "hurt myself
    on the"), a look-alike need not hold the whole phrase. One lying inside the match drops nothing: spaced
    out, "c a n t g o n a n y m o r e" holds the look-alike "can't go on a" as its first letters."""
    letters = sq.letters
    for w in lookalikes:
        at = letters.find(w, max(0, start - len(w) + 1))
        while at != -1 and at < end:
            if (at < start or at + len(w) > end) and at in sq.starts and at + len(w) in sq.ends:
                return True
            at = letters.find(w, at + 1)
    return False
