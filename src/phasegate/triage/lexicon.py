"""Inflection-aware phrase matching on word boundaries, compiled from the policy's keyword lists.

A list entry is a word or phrase ("sue", "legal action"); it matches its regular inflections ("sued", "suing",
"lawsuits", "reviewing") as whole words, never inside another word ("issue", "suede", "preview") nor as part
of a hyphenated compound ("fire-resistant"). An entry starting with "!" is an exclusion: a match that overlaps
an exclusion's match is dropped ("!burnt orange" keeps the colour name from reading as a burn). Entries are
folded like the text (triage.normalize), and a doubled letter may be written single ("atorney"), which is what
is left of "atttorney" once stretched letters are undone.

A text is matched against only the entries whose key word it holds, and only where their first words occur:
the same hits as one alternation of the whole list run at every position (kept as the reference), at a
fraction of the cost on long texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from phasegate.triage.normalize import fold

_VOWELS = frozenset("aeiou")

#: Whether `find` runs only the entries whose key word the text holds; tests and the keyword benchmark switch
#: it off to compare with the whole list's alternation.
SELECT = True

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
        "them",
        "him",
        "these",
        "those",
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
    # Words of ordinary tickets that would select an entry on most of them ("talk to my bank" is looked up by
    # "bank", "nobody is going to miss me" by "miss"): each selection runs the list's patterns, and a new set
    # of selected entries compiles a new alternation (2026-12-06, seventh session: 8% of demo throughput).
    "going", "gonna", "message", "might", "phone", "call", "called", "calling", "contact", "contacted",
    "contacting", "talk", "talked", "talking", "speak", "speaking", "spoke", "report", "one's", "last",
    # The same for entries the ninth session added ("is using my account", "of the customer who", "safe around
    # my cat", "feeling really low"): keyed by "using", "who", "cat", "low" rather than by these
    "account", "customer", "around", "someone", "somebody", "nothing", "feeling", "ready",
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
    """An escaped word form whose doubled letters may also appear single ("at+orney"); not a word of one
    letter repeated, an acronym ("bbb" read as "bb" matched "my BB cream arrived broken")."""
    escaped = re.escape(form).replace("'", "['’]")
    return escaped if _one_letter(form) else _DOUBLE.sub(r"\1\1?", escaped)


def _one_letter(word: str) -> bool:
    """Whether a word is one letter repeated ("bbb", "aaa")."""
    return len(word) > 1 and len(set(word)) == 1


def single_letter_variants(word: str) -> set[str]:
    """The word with each doubled letter kept or written once ("attorney", "atorney"); a word of one letter
    repeated ("bbb") only as written."""
    if _one_letter(word):
        return {word}
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


def _phrase_pattern(phrase: str, names: bool = False) -> str:
    """The pattern of one entry: each word in its inflections, words apart by spaces or hyphens. With `names`
    (look-alikes), a capitalised word is a name, matched as written but for case: "!i'm Sue" vetoes "I'm Sue
    from accounts", not "I'm suing"."""
    written = re.findall(r"[\w']+|[^\w\s]", phrase.replace("’", "'"))
    words = [w.lower() for w in written]
    parts = []
    for i, word in enumerate(words):
        if not re.match(r"\w", word):
            parts.append(re.escape(word))
            if (not word.isascii() or word == ",") and i < len(words) - 1:
                # A symbol standing for a word ("🔪 myself") may have a space after it, as a comma does
                # ("thanks, sue").
                parts.append(r"\s*")
            continue
        name = names and written[i][:1].isupper() and written[i][1:].islower()
        alternatives = [_tolerant(f) for f in ((word,) if name else inflections(word))]
        part = "(?:" + "|".join(alternatives) + ")"
        parts.append(part)
        if i < len(words) - 1:
            parts.append(r"[\s\-]+" if re.match(r"\w", words[i + 1]) else r"\s*")
    if not parts:
        return ""
    # Separators were appended only between words and after symbols; ASCII punctuation sits flush.
    return _LEFT + "".join(parts) + _RIGHT


@dataclass(frozen=True, slots=True)
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
        self._include = _Alternation(include)
        self._exclude = _Alternation([e for e in exclude if e], names=True)
        # A word every hit of an entry must contain, as a token: most texts contain none, and a set lookup
        # is far cheaper than running the whole alternation. The entry's rarest-looking word (the longest
        # that is not a function word) keeps phrases such as "my doctor" or "is this legal" from passing
        # the filter on every text that says "my" or "is".
        firsts: set[str] = set()
        prefilter = True
        for entry in include:
            key = _key_word(entry)
            if key is None:
                prefilter = False
                break
            for form in inflections(key):
                firsts.update(single_letter_variants(form))
        self._firsts = frozenset(firsts) if prefilter else None

    def prepare(self) -> None:
        """Compile every entry's pattern now rather than on the first text that needs it (about 0.15 ms
        each): a long-running process pays once at start instead of on a customer's ticket."""
        self._include.prepare()
        self._exclude.prepare()

    def may_match(self, text: str) -> bool:
        """False when `text` surely holds no entry (no entry's key word is among its words): a set
        intersection, far cheaper than `find`."""
        return self.may_match_tokens(tokens(text))

    def may_match_tokens(self, found: frozenset[str]) -> bool:
        """`may_match` for a text whose `tokens` are `found`; for several texts, the union of theirs."""
        if self._include.empty:
            return False
        return self._firsts is None or not self._firsts.isdisjoint(found)

    def find(self, text: str) -> list[Hit]:
        """Every non-overlapping hit in `text`, leftmost-longest, minus those an exclusion overlaps."""
        if not SELECT:
            return self._find_full(text)
        if not self.may_match(text):
            return []
        return self._hits(text, self._include.finditer(text), self._exclude.finditer)

    def _find_full(self, text: str) -> list[Hit]:
        """`find` through the whole list's one alternation: the reference the fast path must equal."""
        if not self.may_match(text):
            return []
        return self._hits(text, self._include.finditer_full(text), self._exclude.finditer_full)

    def _hits(
        self,
        text: str,
        found: Iterable[re.Match[str]],
        vetoes_of: Callable[[str], Iterable[re.Match[str]]],
    ) -> list[Hit]:
        hits = []
        for m in found:
            entry = self.entries[int(m.lastgroup[1:])] if m.lastgroup else m.group(0)
            hits.append(Hit(m.start(), m.end(), m.group(0), entry))
        if hits and not self._exclude.empty:
            vetoes = [(m.start(), m.end()) for m in vetoes_of(text)]
            hits = [h for h in hits if not any(s < h.end and h.start < e for s, e in vetoes)]
        return hits


def _key_word(entry: str) -> str | None:
    """The word every hit of `entry` contains (its rarest-looking one), or None when it has no word."""
    found: list[str] = [
        w for w in re.findall(r"[\w']+|[^\w\s]", entry.lower().replace("’", "'")) if w[0].isalnum()
    ]
    if not found:
        return None
    return max(found, key=lambda w: (w not in _FIXED and w not in _COMMON, len(w)))


#: Most entries a text's words may select before the whole alternation is cheaper than compiling a subset.
_MOST_SELECTED = 48
#: Most positions tried one by one; past this a subset's alternation is compiled and scans the whole text.
#: Trying is cheap and compiling is not: on 2,000-character e-mails the crisis list's 30-44 selected entries
#: had 66-79 places to try (0.25-0.36 ms by `first_at`) and each new subset cost 3-6 ms to compile, in one
#: e-mail of 14 (2026-12-06, fifth session: most of the 2,000-character p99).
_MOST_STARTS = 256
#: Subset patterns kept per list; past this the cache starts over (a policy's texts repeat few subsets).
_SUBSETS_KEPT = 512


class _Alternation:
    """One list's phrase patterns as a single leftmost, longest-entry-first alternation, run only over the
    entries whose key word the text holds.

    Each entry's every match contains one of its key word's forms as a whole run of word characters (the
    patterns put a non-word character or the text's edge either side of every word), so an entry whose forms
    are not among the text's runs cannot match anywhere, and leaving it out of the alternation changes no
    match: at each position the same entries succeed, and the first of them in the list's order still wins.
    """

    def __init__(self, entries: Sequence[str], names: bool = False) -> None:
        self._entries = tuple(entries)
        self._names = names
        # Longer phrases first so "caught fire" wins over "fire" at the same position.
        order = sorted(enumerate(entries), key=lambda p: len(p[1]), reverse=True)
        self._bodies: dict[int, str] = {}
        for i, entry in order:
            pattern = _phrase_pattern(entry, names)
            if pattern:
                # Every pattern opens with the same look-behinds: checked once for all of them.
                self._bodies[i] = pattern[len(_LEFT) :]
        self.empty = not self._bodies
        self._rank = {i: r for r, i in enumerate(self._bodies)}
        always: set[int] = set()
        by_form: dict[str, set[int]] = {}
        for i in self._bodies:
            key = _key_word(entries[i])
            forms = inflections(key) if key is not None else ()
            if key is None or any(not _selectable(f) for f in forms):
                always.add(i)
                continue
            for form in forms:
                for variant in single_letter_variants(form):
                    by_form.setdefault(variant, set()).add(i)
        self._always = frozenset(always)
        self._anchors = {i: _anchors(entries[i]) for i in self._bodies}
        # Each first-word spelling, and the entries (in the list's order) whose match may start with it.
        spelled: dict[str, list[int]] = {}
        for i in self._bodies:
            for spelling in self._anchors[i] or ():
                spelled.setdefault(spelling, []).append(i)
        self._spelled = {s: tuple(ids) for s, ids in spelled.items()}
        self._by_form = {form: frozenset(ids) for form, ids in by_form.items()}
        self._forms = frozenset(by_form)
        self._subsets: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._singles: dict[int, re.Pattern[str]] = {}
        self._full: re.Pattern[str] | None = None

    def finditer_full(self, text: str) -> Iterable[re.Match[str]]:
        """The matches of the whole alternation, every entry tried at every position (the reference)."""
        if self.empty:
            return ()
        if self._full is None:
            self._full = _compile(self._entries, self._names)
        return self._full.finditer(text) if self._full is not None else ()

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        """The matches of the whole alternation, found by the entries the text's words select."""
        if self.empty:
            return ()
        runs = words(text)
        if runs is None:  # a case twin: runs do not show what an ignore-case pattern matches
            return self.finditer_full(text)
        selected = set(self._always)
        for form in self._forms.intersection(runs):
            selected.update(self._by_form[form])
        if not selected:
            return ()
        subset = tuple(sorted(selected, key=self._rank.__getitem__))
        starts = self._starts(text, subset)
        if starts is not None:
            # Tried where an entry may start, each entry on its own in the list's order: what the alternation
            # does at a position (its first alternative that matches wins), without compiling one per subset
            # (a new subset's alternation cost ~2 ms to compile; an entry's pattern is compiled once). So
            # however many entries are selected: the whole alternation of the crisis list took about 10 ms
            # on a 150-character text that said "nobody" and "care" (2026-12-06, eighth session).
            return self._tried(text, starts, selected)
        if len(selected) > _MOST_SELECTED:
            return self.finditer_full(text)
        pattern = self._subsets.get(subset)
        if pattern is None:
            if len(self._subsets) >= _SUBSETS_KEPT:
                self._subsets.clear()
            pattern = self._subsets[subset] = self._compile(subset)
        return pattern.finditer(text)

    def prepare(self) -> None:
        """Compile each entry's own pattern (the ones `finditer` tries one by one)."""
        for i in self._bodies:
            self._single(i)

    def _single(self, i: int) -> re.Pattern[str]:
        pattern = self._singles.get(i)
        if pattern is None:
            pattern = self._singles[i] = self._compile((i,))
        return pattern

    def _starts(self, text: str, subset: tuple[int, ...]) -> dict[int, list[str]] | None:
        """Every position where an entry of `subset` may start, with the first-word spellings found there;
        None when an entry has no such word or the positions are too many to try one by one."""
        anchors: set[str] = set()
        for i in subset:
            first = self._anchors[i]
            if first is None:
                return None
            anchors.update(first)
        # Without case twins (see `words`), lower-casing keeps every character's offset.
        return spelled_starts(text.lower(), anchors, _MOST_STARTS)

    def _tried(self, text: str, starts: dict[int, list[str]], subset: set[int]) -> Iterator[re.Match[str]]:
        """`first_at` over the subset's patterns, each tried only where its own first word is spelled: an
        entry cannot match where its first word does not start (the premise of `_starts`), so the matches
        are the same, for a fraction of the tries (a long e-mail's "i" and "my" start a few entries of a
        list each, not all of the forty its words select)."""
        rank = self._rank.__getitem__

        def spelled_at(at: int) -> list[re.Pattern[str]]:
            ids = {i for s in starts[at] for i in self._spelled[s] if i in subset}
            return [self._single(i) for i in sorted(ids, key=rank)]

        return first_at(spelled_at, text, sorted(starts))

    def _compile(self, subset: tuple[int, ...]) -> re.Pattern[str]:
        alternatives = "|".join(f"(?P<e{i}>{self._bodies[i]})" for i in subset)
        return re.compile(f"{_LEFT}(?:{alternatives})", re.IGNORECASE)


def _anchors(entry: str) -> frozenset[str] | None:
    """The lower-case spellings an entry's match starts with (its first word's forms and their single-letter
    variants, or what precedes the apostrophe of "don't"), or None when it starts with punctuation."""
    first = re.findall(r"[\w']+|[^\w\s]", entry.lower().replace("’", "'"))[:1]
    if not first or not re.match(r"\w", first[0]):
        return None
    if "'" in first[0]:
        # "don't" matches "don't" and "don’t" only (no inflections): every match starts with "don".
        head = first[0].split("'")[0]
        return frozenset(single_letter_variants(head)) if head else None
    # Found by substring search on the lower-cased text, so a form need not be ASCII ("razón").
    forms = inflections(first[0])
    return frozenset(v for f in forms for v in single_letter_variants(f))


def word_starts(low: str, spellings: Iterable[str], most: int) -> list[int] | None:
    """Where one of `spellings` starts a word of the lower-cased text `low` (no word character before it), in
    order; None past `most` places (one scan of the whole text is then cheaper than trying each)."""
    found = spelled_starts(low, spellings, most)
    return None if found is None else sorted(found)


def spelled_starts(low: str, spellings: Iterable[str], most: int) -> dict[int, list[str]] | None:
    """`word_starts`, each place with the spellings found there."""
    starts: dict[int, list[str]] = {}
    for spelling in spellings:
        at = low.find(spelling)
        while at >= 0:
            # Only where a word starts: "i" inside "ship" is no start, so short words stay under the cap.
            if at == 0 or not is_word_char(low[at - 1]):
                here = starts.get(at)
                if here is not None:
                    here.append(spelling)
                elif len(starts) == most:
                    return None
                else:
                    starts[at] = [spelling]
            at = low.find(spelling, at + 1)
    return starts


def first_at(
    patterns: tuple[re.Pattern[str], ...] | Callable[[int], Iterable[re.Pattern[str]]],
    text: str,
    starts: list[int],
) -> Iterator[re.Match[str]]:
    """The alternation of `patterns` (in order) run as `finditer` when every match starts at one of `starts`
    (sorted): at each start the first pattern that matches there wins, and the scan goes on past its end.
    `patterns` may instead give, for each start, the patterns that can match there."""
    end = 0
    for at in starts:
        if at < end:
            continue
        for pattern in patterns(at) if callable(patterns) else patterns:
            m = pattern.match(text, at)
            if m:
                yield m
                end = m.end()
                break


def _selectable(form: str) -> bool:
    """Whether the text's lower-cased word runs show every spelling the form's pattern matches: an ASCII
    word, no apostrophe (its pattern spans two runs), every doubled-letter variant listed."""
    return form.isascii() and "'" not in form and len(_DOUBLE.findall(form)) <= 4


_WORD = re.compile(r"\w+(?:'\w+)?")


#: Whether `tokens` and `word_runs` read an ASCII text by translating and splitting it (the same words, in C
#: at a few times the speed of the regular expressions); tests switch it off to compare.
SPLIT_ASCII = True
#: ASCII characters that `\w` does not match, mapped to a space; with the apostrophe kept (for _WORD).
_NON_WORD = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
_NON_WORD_BUT_APOSTROPHE = {c: s for c, s in _NON_WORD.items() if chr(c) != "'"}


@lru_cache(maxsize=4096)
def tokens(text: str) -> frozenset[str]:
    """The lower-cased words of a text, with and without their apostrophe tails ("can't", "sue's", "sue")."""
    if SPLIT_ASCII and text.isascii():
        low = text.lower()
        if "'" not in low:
            return frozenset(low.translate(_NON_WORD).split())  # the word runs (word_runs)
        # No match of _WORD holds a space, nor a character mapped to one: a chunk without an apostrophe is
        # one word, and a chunk with one is read by the regular expression, as the whole text would be.
        chunks = low.translate(_NON_WORD_BUT_APOSTROPHE).split()
        words = [c for c in chunks if "'" not in c]
        for chunk in chunks:
            if "'" in chunk:
                words += _WORD.findall(chunk)
    else:
        words = _WORD.findall(text.lower().replace("’", "'"))
    return frozenset(words) | frozenset(w.split("'", 1)[0] for w in words if "'" in w)


_RUN = re.compile(r"\w+")
#: Letters that an ignore-case pattern matches to an ASCII letter they do not lower-case to ("ſ" is "s",
#: the Kelvin sign is "k", dotless and dotted I are "i"): a text holding one gets no word prefilter.
_CASE_TWINS = frozenset("\u017f\u212a\u0131\u0130")


def word_runs(text: str) -> frozenset[str] | None:
    """The lower-cased maximal word runs of a text (`\\w+`), for prefilters: a pattern whose every match
    holds one of some words, each standing whole (word boundaries or spaces either side), cannot match a text
    whose runs hold none of them. None when the text holds a case twin (see _CASE_TWINS): no prefilter."""
    if SPLIT_ASCII and text.isascii():
        # The maximal runs of word characters are what is left between the others, turned to spaces.
        return frozenset(text.lower().translate(_NON_WORD).split())
    if not text.isascii() and not _CASE_TWINS.isdisjoint(text):
        return None
    return frozenset(_RUN.findall(text.lower()))


#: `word_runs`, remembered for the texts detectors see again and again (whole turns and their readings).
words = lru_cache(maxsize=4096)(word_runs)


def aligned_lower(text: str) -> str | None:
    """The lower-cased text when it lines up with the text character for character and holds no case twin
    (see _CASE_TWINS), so a place found in it is the same place in the text; else None."""
    low = text.lower()
    if len(low) != len(text) or (not text.isascii() and not _CASE_TWINS.isdisjoint(text)):
        return None
    return low


def is_word_char(char: str) -> bool:
    """Whether the regular expression `\\w` matches the character (str patterns: alphanumerics and "_")."""
    return char.isalnum() or char == "_"


def may_hold(text: str, needles: frozenset[str]) -> bool:
    """False only when no word of `needles` stands whole in the text (see `words`)."""
    found = words(text)
    return found is None or not needles.isdisjoint(found)


def may_contain(text: str, parts: tuple[str, ...]) -> bool:
    """False only when none of the lower-case `parts` occurs in the text, whatever its case."""
    if not text.isascii() and not _CASE_TWINS.isdisjoint(text):
        return True
    # map over the bound method runs the loop in C: this is called on every ticket.
    return any(map(text.lower().__contains__, parts))


def _compile(entries: Iterable[str], names: bool = False) -> re.Pattern[str] | None:
    """The whole list as one alternation, longest entry first (the reference path, and the fallback)."""
    # Longer phrases first so "caught fire" wins over "fire" at the same position.
    indexed = sorted(enumerate(entries), key=lambda p: len(p[1]), reverse=True)
    alternatives = []
    for i, entry in indexed:
        pattern = _phrase_pattern(entry, names)
        if pattern:
            alternatives.append(f"(?P<e{i}>{pattern})")
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


@lru_cache(maxsize=256)
def matcher(entries: tuple[str, ...]) -> PhraseMatcher:
    """A compiled matcher for a keyword list, cached because policies are reused across tickets."""
    return PhraseMatcher(entries)
