"""Typos as the router reads them: a misspelt word becomes the frequent word one keystroke away.

"I need a refnud", "my adress changed", "i recieved the wrong item": the router knows each word spelt right,
but a misspelling is a word it never met (or met once, in another customer's typo), so the text looks unlike
training and goes out of scope. On Bitext's test texts with two generated typos each, a fifth went out of
scope (bench/bench_confidence.py, "two typos"). The speller reads a word as a typo of a known one when:

- the word is not English (`english.is_english`: a word of the list or an inflection of one, "brownies",
  "mowing"). A real word the router never met ("flight", "song", "score") is left alone: it says the text is
  about something else;
- it has at least MIN_LETTERS letters (four-letter words have too many neighbours: "bake", "wifi");
- a stem one edit away from the word, its stem or the word without an ending ("chraged": "chrag" is a swap
  from "charg"; a letter dropped, added, changed, or two swapped; never the first letter) was met in
  at least MIN_DOCUMENTS training texts and RATIO times as many as the word's own stem. Of several, the most
  frequent wins, as in SymSpell.

And apostrophes customers leave out: "wheres", "cant", "im" read as "where's", "can't", "i'm" (a closed
list of English contractions, `CONTRACTIONS`; not "its", "ill", "id", "lets", which are words too).

Only the router reads the respelt text. The detectors read the customer's own words through their own
normaliser (`triage.normalize`), which reads misspelt key words of the safety lists by stricter rules of its
own (docs/policy.md, "Normalisation before the detectors", step 11).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable

from phasegate.triage.english import deletes, english_words, is_english, one_edit
from phasegate.triage.features import STOP_WORDS, FittedView, stem

#: Words shorter than this are never respelt.
MIN_LETTERS = 5
#: Longer words are read as written: no word here is that long, and the keys of a word (each with a letter
#: left out) cost its length squared: a 200,000-letter "word" of gibberish took gigabytes.
MAX_LETTERS = 30
#: A stem shorter than this is not compared by its stem ("herpes" -> "herp" is one edit from "help").
MIN_STEM = 5
#: A correction's stem must be in at least this many training texts...
MIN_DOCUMENTS = 5
#: ... and in this many times as many as the word's own stem (0 for a stem never met).
RATIO = 20

#: English contractions written without their apostrophe, and the spelling the router was trained on.
CONTRACTIONS = {
    "arent": "aren't",
    "cant": "can't",
    "couldnt": "couldn't",
    "couldve": "could've",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "dont": "don't",
    "hadnt": "hadn't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "hows": "how's",
    "im": "i'm",
    "isnt": "isn't",
    "itll": "it'll",
    "ive": "i've",
    "shouldnt": "shouldn't",
    "thats": "that's",
    "theres": "there's",
    "theyre": "they're",
    "theyve": "they've",
    "wasnt": "wasn't",
    "werent": "weren't",
    "weve": "we've",
    "whats": "what's",
    "whens": "when's",
    "wheres": "where's",
    "whos": "who's",
    "wont": "won't",
    "wouldnt": "wouldn't",
    "youll": "you'll",
    "youre": "you're",
    "youve": "you've",
}
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
#: Endings taken off a word to compare what is left with the known stems.
_ENDINGS = ("ing", "ed", "es", "s")
#: Distinct words whose reading a speller remembers; past it the memo starts afresh.
MEMO_SIZE = 100_000


def _stands_whole(low: str, at: int, end: int) -> bool:
    """Whether low[at:end] is a whole match of _WORD there: no letter, nor an apostrophe joining a letter,
    on either side ("cant" stands whole in "'cant'", not in "scant" nor "x'cant")."""
    n = len(low)
    if at and (low[at - 1] in _LETTERS or (low[at - 1] == "'" and at > 1 and low[at - 2] in _LETTERS)):
        return False
    return not (
        end < n and (low[end] in _LETTERS or (low[end] == "'" and end + 1 < n and low[end + 1] in _LETTERS))
    )


class Speller:
    """Respells the typos of a text towards the words of one router's training texts."""

    def __init__(self, documents: dict[str, float], english: frozenset[str]) -> None:
        """`documents`: training texts holding each stem; `english`: words that are never typos."""
        self.documents = documents
        self.english = english
        # SymSpell's index: every frequent-enough stem under itself and each of its one-letter deletions, so
        # a word's own deletions find the stems one edit away without trying the alphabet at each place.
        self._index: dict[str, list[str]] = {}
        for s, n in documents.items():
            if len(s) >= MIN_LETTERS - 1 and n >= MIN_DOCUMENTS:
                for key in (s, *deletes(s)):
                    self._index.setdefault(key, []).append(s)
        self._memo: dict[str, str | None] = {}

    @classmethod
    def of_view(cls, view: FittedView, training_size: int) -> Speller:
        """A speller from a stem view's single-stem terms, their document counts read back from the idf
        (scikit-learn's smoothed idf = ln((1 + n) / (1 + df)) + 1)."""
        documents = {
            term: (1 + training_size) / math.exp(float(idf) - 1.0) - 1.0
            for term, idf in zip(view.terms, view.idf.tolist(), strict=True)
            if " " not in term
        }
        return cls(documents, english_words())

    def respell(self, text: str) -> str:
        """The text with each typo replaced by the stem it misspells and each contraction given its
        apostrophe; other words as written (so is a word chained to others by two apostrophes, "y'all'd")."""
        memo = self._memo
        fixes: dict[str, str] = {}
        # The distinct words first, each looked up once (most remembered), then only the words to replace
        # found: a substitution calling back into Python for every word cost 0.4 ms on a 2,000-character
        # email, and a pattern of the words to replace is a new compile for most long emails.
        for word in set(" ".join(_WORD.findall(text)).lower().split()):
            fixed = memo[word] if word in memo else self.correction(word)
            if fixed is not None:
                fixes[word] = fixed
        if not fixes:
            return text
        if not text.isascii():  # lower-casing may move or make letters ("İ", the Kelvin sign)
            return _WORD.sub(lambda m: fixes.get(m.group().lower(), m.group()), text)
        low = text.lower()
        places: list[tuple[int, int, str]] = []
        for word, fixed in fixes.items():
            at = low.find(word)
            while at >= 0:
                end = at + len(word)
                if _stands_whole(low, at, end):
                    places.append((at, end, fixed))
                at = low.find(word, end)
        places.sort()
        pieces: list[str] = []
        last = 0
        for at, end, fixed in places:
            pieces += (text[last:at], fixed)
            last = end
        pieces.append(text[last:])
        return "".join(pieces)

    def respell_reference(self, text: str) -> str:
        """`respell` one word at a time, as first written: tests compare the two."""
        return _WORD.sub(lambda m: self.correction(m.group().lower()) or m.group(), text)

    def correction(self, word: str) -> str | None:
        """What a lower-case word reads as, or None when it is read as written."""
        memo = self._memo
        if word in memo:
            return memo[word]
        if len(memo) > MEMO_SIZE:
            memo.clear()
        out = memo[word] = CONTRACTIONS.get(word) or self._typo_of(word)
        return out

    def _typo_of(self, word: str) -> str | None:
        if not MIN_LETTERS <= len(word) <= MAX_LETTERS or not word.isalpha() or word in STOP_WORDS:
            return None
        if self._is_english(word):
            return None
        own = stem(word)
        if own in STOP_WORDS:
            return None
        at_least = max(RATIO * self.documents.get(own, 0.0), MIN_DOCUMENTS)
        # Besides the word, its stem and the word without an ending ("chraged" -> "chrag", one swap from
        # "charg"): a typo's stem is often no stem at all.
        bases = {word[: -len(e)] for e in _ENDINGS if word.endswith(e) and len(word) - len(e) >= MIN_STEM}
        keys = ({own} | bases) - {word}
        found: set[str] = set()
        for key in (word, *keys):
            for k in (key, *deletes(key)):
                found.update(self._index.get(k, ()))
        best = None
        for candidate in found:
            if (
                candidate != own
                and candidate[0] == word[0]
                and self.documents[candidate] >= at_least
                and (
                    one_edit(candidate, word)
                    or any(len(k) >= MIN_STEM and one_edit(candidate, k) for k in keys)
                )
                and (best is None or (self.documents[candidate], candidate) > (self.documents[best], best))
            ):
                best = candidate
        return best

    def _is_english(self, word: str) -> bool:
        return stem(word) in self.english or is_english(word, self.english)


def respeller(views: Iterable[FittedView], training_size: int) -> Callable[[str], str] | None:
    """The `respell` of a router with a stem view, or None for one without (nothing to count words by)."""
    for view in views:
        if view.spec.kind == "stem" and view.terms:
            return Speller.of_view(view, training_size).respell
    return None
