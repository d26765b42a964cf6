"""Word-level text normalisation shared by indexing and querying: tokens, a light stemmer, stop words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_VOWEL = re.compile(r"[aeiouy]")

#: Function words, plus what customers wrap a question in ("hi", "thanks", "please"); kept short on
#: purpose: words such as "not", "back", "fire" or "bill" carry meaning in support tickets.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again all am an and any are as at be been before being below between both but by
    can could did do does doing done down during each few for from further had has have having he her here
    hers herself him himself his how i i'd i'm i've if in into is it it's its itself just let me more most
    my myself of on once only or other our ours ourselves out over own same she should so some such than
    that that's the their theirs them themselves then there these they this those through to too under
    until up very was we we're were what when where which while who whom why will with would you you're
    your yours yourself yourselves also get got would've ll re ve s t d m
    hi hello hey dear thanks thank thx cheers regards best kind please pls hope hoping wondering wonder
    know let tell ask asking question quick help anyone someone sorry ok okay yes yeah hiya
    don't doesn't didn't isn't aren't wasn't weren't hasn't haven't hadn't can't cannot won't wouldn't
    couldn't shouldn't what's where's there's here's that's let's i'll you'll we'll it'll
    u ur r plz pls thanx ty lol btw
    """.replace("'", "").split()
)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, possessives dropped."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        if tok.endswith("'s"):
            tok = tok[:-2]
        out.append(tok.replace("'", ""))
    return out


@lru_cache(maxsize=1 << 16)  # the same few thousand words are stemmed millions of times in a scan
def stem(word: str) -> str:
    """A light suffix stripper: plurals, -ing, -ed and a final -e, so "shipped", "shipping", "ships"
    and "ship" meet. Deliberately simpler than Porter: it never merges two different common words.
    """
    w = word
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "ches", "shes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        base = w[: -len(suffix)]
        if w.endswith(suffix) and len(base) >= 3 and _VOWEL.search(base):
            w = base
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if w.endswith("e") and len(w) >= 4:
        w = w[:-1]
    return w


def terms(text: str, *, drop: Iterable[str] = ()) -> list[str]:
    """Stemmed content terms of a text, in order, stop words and `drop` words removed."""
    dropped = {t.lower() for t in drop}
    return [stem(t) for t in tokens(text) if t not in STOP_WORDS and t not in dropped]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Corrects a misspelt word to a known one at edit distance 1 ("oder" -> "order", "adress" ->
    "address"), so a typo neither misses a passage nor reads as a new topic. Known words, short words and
    numbers are left alone; among several candidates the most frequent known word wins.
    """

    def __init__(self, counts: dict[str, int], *, min_length: int = 4) -> None:
        self.counts = counts
        self.min_length = min_length
        self._by_delete: dict[str, list[str]] = {}
        for word in counts:
            # Stop words are no targets: "want" must not become "wasn't".
            if len(word) >= min_length - 1 and word not in STOP_WORDS:
                for d in _deletes(word) | {word}:
                    self._by_delete.setdefault(d, []).append(word)

    def correct(self, word: str) -> str:
        """The known word `word` most likely meant (itself when known or unmatched)."""
        if word in self.counts or len(word) < self.min_length or not word.isalpha():
            return word
        candidates = {w for d in _deletes(word) | {word} for w in self._by_delete.get(d, ())}
        # A dropped or doubled letter is the common typo; swapping one letter for another turns too many
        # short real words into each other ("want" -> "cant"), so it is only trusted in longer words.
        candidates = {
            w for w in candidates if abs(len(w) - len(word)) == 1 or (len(w) == len(word) and len(word) >= 6)
        }
        if not candidates:
            return word
        return max(sorted(candidates), key=lambda w: self.counts[w])

    def fix(self, text: str) -> str:
        """The text with each misspelt word corrected (lower-cased tokens joined by spaces)."""
        return " ".join(self.correct(t) for t in tokens(text))
