"""Inflection-aware phrase matching on word boundaries, compiled from the policy's keyword lists.

A list entry is a word or phrase ("sue", "legal action"); it matches its regular inflections ("sued", "suing",
"lawsuits", "reviewing") as whole words, never inside another word ("issue", "suede", "preview") nor as part
of a hyphenated compound ("fire-resistant"). An entry starting with "!" is an exclusion: a match that overlaps
an exclusion's match is dropped ("!burnt orange" keeps the colour name from reading as a burn). Entries are
folded like the text (triage.normalize), and a doubled letter may be written single ("atorney"), which is what
is left of "atttorney" once stretched letters are undone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from phasegate.triage.normalize import fold

_VOWELS = frozenset("aeiou")

#: Words that are never inflected inside a phrase ("cut myself" must not become "cut myselves").
_FIXED = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "me",
        "myself",
        "our",
        "your",
        "his",
        "her",
        "their",
        "its",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "and",
        "or",
        "not",
        "no",
        "from",
        "up",
        "out",
        "off",
        "into",
        "about",
        "can't",
        "cannot",
        "don't",
        "won't",
    ]
)

#: Words too common to stand for a phrase in the prefilter ("want to die" is looked for only where "die" is).
_COMMON = frozenset((
    "want", "wanna", "take", "end", "like", "this", "that", "go", "get", "have", "need", "make", "one",
    "all", "know", "do", "be", "is", "are", "was", "were", "will", "would", "can", "could", "should",
    "been", "being", "with", "what", "when", "where", "how", "why", "who", "which", "there", "here",
    "just", "really", "very", "so", "tell", "give", "put", "see", "new", "please", "help", "order",
))  # fmt: skip

#: Irregular forms customers actually write; the regular rules cannot derive these.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "burn": ("burnt",),
    "cut": ("cuts", "cutting"),
    "catch": ("caught", "catches", "catching"),
    "caught": ("catch", "catches", "catching"),
    "sue": ("sued", "sues", "suing"),
    "die": ("died", "dies", "dying"),
    "break": ("broke", "broken"),
    "bleed": ("bled",),
    "choke": ("choked", "choking", "chokes"),
    "explode": ("exploded", "exploding", "explodes"),
    "swallow": ("swallowed",),
    "hurt": ("hurts", "hurting"),
    "shock": ("shocked", "shocking", "shocks"),
}

#: A match is a whole word, not glued to a hyphenated neighbour ("fire-resistant", "non-fire").
_LEFT = r"(?<![\w])(?<![\w]-)"
_RIGHT = r"(?![\w])(?!-\w)"
_DOUBLE = re.compile(r"([a-z])\1")


def _tolerant(form: str) -> str:
    """An escaped word form whose doubled letters may also appear single ("at+orney")."""
    return _DOUBLE.sub(r"\1\1?", re.escape(form).replace("'", "['’]"))


def single_letter_variants(word: str) -> set[str]:
    """The word with each doubled letter kept or written once ("attorney", "atorney")."""
    parts = re.split(r"([a-z])\1", word)
    # re.split with one group alternates text and the doubled letter: t0, l1, t1, l2, t2 ...
    choices = [(p,) if i % 2 == 0 else (p + p, p) for i, p in enumerate(parts)]
    return {"".join(c) for c in product(*choices)} if len(parts) <= 9 else {word}


def inflections(word: str) -> tuple[str, ...]:
    """The word and its regular English inflections (plural/3rd person, past, gerund), most specific first."""
    w = word.lower()
    forms = {w}
    # Already-inflected entries ("choking", "burned") stay as written; their siblings come from _IRREGULAR.
    if len(w) < 3 or w in _FIXED or not w.isalpha() or w.endswith(("ing", "ed")):
        forms.update(_IRREGULAR.get(w, ()))
        return tuple(sorted(forms, key=len, reverse=True))
    last, before = w[-1], w[-2]
    if last == "y" and before not in _VOWELS:
        stem = w[:-1]
        forms.update({stem + "ies", stem + "ied", w + "ing"})
    elif last == "e":
        forms.update({w + "s", w + "d"})
        forms.add(w[:-2] + "ying" if w.endswith("ie") else w[:-1] + "ing")
    elif w.endswith(("s", "x", "z", "ch", "sh")):
        forms.update({w + "es", w + "ed", w + "ing"})
    else:
        forms.update({w + "s", w + "ed", w + "ing"})
        # A short stressed CVC word doubles its last consonant ("stab" -> "stabbed", "chat" -> "chatting").
        if (
            len(w) <= 4
            and last not in _VOWELS
            and last not in "wxy"
            and before in _VOWELS
            and w[-3] not in _VOWELS
        ):
            forms.update({w + last + "ed", w + last + "ing"})
    forms.update(_IRREGULAR.get(w, ()))
    return tuple(sorted(forms, key=len, reverse=True))


def _phrase_pattern(phrase: str) -> str:
    words = re.findall(r"[\w']+|[^\w\s]", phrase.lower().replace("’", "'"))
    parts = []
    for i, word in enumerate(words):
        if not re.match(r"\w", word):
            parts.append(re.escape(word))
            continue
        alternatives = [_tolerant(f) for f in inflections(word)]
        part = "(?:" + "|".join(alternatives) + ")"
        parts.append(part)
        if i < len(words) - 1:
            parts.append(r"[\s\-]+" if re.match(r"\w", words[i + 1]) else r"\s*")
    if not parts:
        return ""
    # Separators were appended only between words; punctuation tokens sit flush.
    return _LEFT + "".join(parts) + _RIGHT


@dataclass(frozen=True)
class Hit:
    """One phrase found in one text: where, what was written, and the list entry that matched."""

    start: int
    end: int
    text: str
    entry: str


class PhraseMatcher:
    """Finds one keyword list's entries (with inflections) in a text; exclusions veto overlapping hits."""

    def __init__(self, entries: Sequence[str]) -> None:
        """Compile the list; blank entries are ignored, "!phrase" entries become exclusions."""
        cleaned = [fold(e).strip() for e in entries]
        include = [e for e in cleaned if e and not e.startswith("!")]
        exclude = [e[1:].strip() for e in cleaned if e.startswith("!")]
        self.entries = tuple(include)
        self._include = _compile(include)
        self._exclude = _compile([e for e in exclude if e])
        # A word every hit of an entry must contain, as a token: most texts contain none, and a set lookup
        # is far cheaper than running the whole alternation. The entry's rarest-looking word (the longest
        # that is not a function word) keeps phrases such as "my doctor" or "is this legal" from passing
        # the filter on every text that says "my" or "is".
        firsts: set[str] = set()
        prefilter = True
        for entry in include:
            words = [
                w for w in re.findall(r"[\w']+|[^\w\s]", entry.lower().replace("’", "'")) if w[0].isalnum()
            ]
            if not words:
                prefilter = False
                break
            key = max(words, key=lambda w: (w not in _FIXED and w not in _COMMON, len(w)))
            for form in inflections(key):
                firsts.update(single_letter_variants(form))
        self._firsts = frozenset(firsts) if prefilter else None

    def may_match(self, text: str) -> bool:
        """False when `text` surely holds no entry (no entry's key word is among its words): a set
        intersection, far cheaper than `find`."""
        if self._include is None:
            return False
        return self._firsts is None or not self._firsts.isdisjoint(tokens(text))

    def find(self, text: str) -> list[Hit]:
        """Every non-overlapping hit in `text`, leftmost-longest, minus those an exclusion overlaps."""
        if self._include is None or not self.may_match(text):
            return []
        hits = []
        for m in self._include.finditer(text):
            entry = self.entries[int(m.lastgroup[1:])] if m.lastgroup else m.group(0)
            hits.append(Hit(m.start(), m.end(), m.group(0), entry))
        if hits and self._exclude is not None:
            vetoes = [(m.start(), m.end()) for m in self._exclude.finditer(text)]
            hits = [h for h in hits if not any(s < h.end and h.start < e for s, e in vetoes)]
        return hits


_WORD = re.compile(r"\w+(?:'\w+)?")


@lru_cache(maxsize=4096)
def tokens(text: str) -> frozenset[str]:
    """The lower-cased words of a text, with and without their apostrophe tails ("can't", "sue's", "sue")."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    return frozenset(words) | frozenset(w.split("'", 1)[0] for w in words if "'" in w)


_RUN = re.compile(r"\w+")
#: Letters that an ignore-case pattern matches to an ASCII letter they do not lower-case to ("ſ" is "s",
#: the Kelvin sign is "k", dotless and dotted I are "i"): a text holding one gets no word prefilter.
_CASE_TWINS = frozenset("\u017f\u212a\u0131\u0130")


@lru_cache(maxsize=4096)
def words(text: str) -> frozenset[str] | None:
    """The lower-cased maximal word runs of a text (`\\w+`), for prefilters: a pattern whose every match
    holds one of some words, each standing whole (word boundaries or spaces either side), cannot match a text
    whose runs hold none of them. None when the text holds a case twin (see _CASE_TWINS): no prefilter."""
    if not text.isascii() and not _CASE_TWINS.isdisjoint(text):
        return None
    return frozenset(_RUN.findall(text.lower()))


def may_hold(text: str, needles: frozenset[str]) -> bool:
    """False only when no word of `needles` stands whole in the text (see `words`)."""
    found = words(text)
    return found is None or not needles.isdisjoint(found)


def may_contain(text: str, parts: tuple[str, ...]) -> bool:
    """False only when none of the lower-case `parts` occurs in the text, whatever its case."""
    if not text.isascii() and not _CASE_TWINS.isdisjoint(text):
        return True
    low = text.lower()
    return any(p in low for p in parts)


def _compile(entries: Iterable[str]) -> re.Pattern[str] | None:
    # Longer phrases first so "caught fire" wins over "fire" at the same position.
    indexed = sorted(enumerate(entries), key=lambda p: len(p[1]), reverse=True)
    alternatives = []
    for i, entry in indexed:
        pattern = _phrase_pattern(entry)
        if pattern:
            alternatives.append(f"(?P<e{i}>{pattern})")
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


@lru_cache(maxsize=256)
def matcher(entries: tuple[str, ...]) -> PhraseMatcher:
    """A compiled matcher for a keyword list, cached because policies are reused across tickets."""
    return PhraseMatcher(entries)
