"""Obfuscated and adversarial spellings of trigger words, as hypothesis strategies.

The supported set (what triage.normalize promises to undo), each alone or combined:
- look-alike letters: Cyrillic and Greek homoglyphs, full-width forms, mathematical bold, accents (precomposed
  or combining), strike-through and other combining marks;
- invisible characters between letters: zero-width space/joiners, word joiner, BOM, soft hyphen;
- leetspeak: 4/@ a, 8 b, 3 e, 9 g, 1/! i, 1/| l, 0 o, 5/$ s, 7/+ t; at most one digit per three letters,
  never two digits side by side, a digit first or last only in words of four letters or more (and not
  before a unit: "5min"), and "1" for i or for l, the same letter throughout a phrase;
- letters drawn as others, with "1" for l: a capital I for l after a lower-case letter or
  opening a word before a, e, i or u ("kiII", "Iawyer"), in a phrase not also in random mixed case (there
  an I may be the word's i), and "vv" for w ("lavvyer") but for a w beside a v, even under a combining
  mark, or before another w ("vvv" is a stretched v); none in a word holding "vv" of its own or opening
  with a capital I before a vowel (the reading that draws them reads that "vv" as a w, that I as an l,
  too: "avvl" drawn "AvvI" reads "Awl", "Iaal" drawn "IaaI" reads "laal");
- spaced-out letters with one separator per word (space, dot, hyphen, underscore, star, slash), words kept
  apart by a wider gap, a letter of a spaced-out word written twice, the same character ("l a w w y e r");
  letters stretched to
  three or more (spaced out or not: "n e e e v e r"); any mix of upper and lower case.
Known limits, documented rather than hidden: a one-letter word right after a spaced-out word is read as part
of it; "!" and "|" and "+" inside a spaced-out word end the run; a one-letter word stretched ("III") is
read as an acronym, like "BBB"; a spaced-out word opening with a lone "a" that is no English word whole
("a l a w y e r") is read both as the article and as a letter ("a lawyer", "alawyer"): keyword detectors
read both, but frustration reports the reading that scores higher, which may not be the one holding an
anger cue.
"""

from __future__ import annotations

import re
import unicodedata
from random import Random

from hypothesis import strategies as st

from phasegate.triage.normalize import NUMBER_UNITS, fold

HOMOGLYPHS: dict[str, str] = {
    "a": "аα", "b": "вь", "c": "с", "d": "ԁ", "e": "еε", "h": "һ", "i": "іι", "j": "ј", "k": "κ",
    "l": "ӏ", "m": "м", "n": "п", "o": "оο", "p": "рρ", "q": "ԛ", "s": "ѕ", "t": "т", "u": "υ", "v": "ν",
    "w": "ԝ", "x": "хχ", "y": "у",
}  # fmt: skip
LEET_DIGITS = {"a": "4", "b": "8", "e": "3", "g": "9", "i": "1", "l": "1", "o": "0", "s": "5", "t": "7"}
LEET_SYMBOLS = {"a": "@", "i": "!", "l": "|", "s": "$", "t": "+"}
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
COMBINING = ("\u0301", "\u0308", "\u0336", "\u0335", "\u0332", "\u0303")
PRECOMPOSED = {"a": "áàäâ", "e": "éèëê", "i": "íïî", "o": "óöô", "u": "úüû", "n": "ñ", "c": "ç", "y": "ý"}
SEPARATORS = (" ", ".", "-", "_", "*", "/", ". ", " - ")


def _fullwidth(c: str) -> str:
    return chr(ord(c) - 0x21 + 0xFF01) if "!" <= c <= "~" else c


def _bold(c: str) -> str:
    if "a" <= c <= "z":
        return chr(0x1D41A + ord(c) - ord("a"))
    if "A" <= c <= "Z":
        return chr(0x1D400 + ord(c) - ord("A"))
    return c


def _positions(rnd: Random, allowed: set[int], most: int) -> list[int]:
    if not allowed or most <= 0:
        return []
    return sorted(rnd.sample(sorted(allowed), rnd.randint(0, min(most, len(allowed)))))


def leet(rnd: Random, word: str, *, symbols: bool = True, one_for: str = "i") -> str:
    """Some letters written as digits or symbols, within the supported rules (module docstring); "1"
    stands for `one_for` only."""
    chars = list(word)
    n = len(chars)

    def digit_ok(i: int) -> bool:
        c = chars[i].lower()
        if c not in LEET_DIGITS or (c in "il" and c != one_for):
            return False
        if i == 0:  # "5min", "1st" are numbers
            return n >= 4 and word[1:].lower() not in NUMBER_UNITS
        return i < n - 1 or n >= 4

    used: set[int] = set()
    allowed = {i for i in range(n) if digit_ok(i)}
    for i in _positions(rnd, allowed, max(1, n // 3) if n >= 3 else 0):
        if i - 1 in used or i + 1 in used:
            continue  # two digits side by side read as a number
        chars[i] = LEET_DIGITS[chars[i].lower()]
        used.add(i)
    if symbols:
        sym_ok = {
            i
            for i in range(n)
            if chars[i].isalpha()
            and chars[i].lower() in LEET_SYMBOLS
            and (chars[i].lower() != "i" or 0 < i < n - 1)  # a trailing "!" is punctuation
            and not ({i - 1, i + 1} & used)  # "$5" reads as money
        }
        for i in _positions(rnd, sym_ok, 1):
            chars[i] = LEET_SYMBOLS[chars[i].lower()]
    return "".join(chars) if sum(c.isalpha() for c in chars) >= 2 else word


def homoglyphs(rnd: Random, word: str) -> str:
    """Some letters swapped for Cyrillic or Greek look-alikes."""
    chars = list(word)
    ok = {i for i, c in enumerate(chars) if c.lower() in HOMOGLYPHS}
    for i in _positions(rnd, ok, len(chars)):
        chars[i] = rnd.choice(HOMOGLYPHS[chars[i].lower()])
    return "".join(chars)


def accents(rnd: Random, word: str) -> str:
    """Accented letters, precomposed or with combining marks (strike-through included)."""
    out = []
    for c in word:
        if c.isalpha() and rnd.randint(0, 3) == 0:
            if c.lower() in PRECOMPOSED and rnd.random() < 0.5:
                out.append(rnd.choice(PRECOMPOSED[c.lower()]))
                continue
            out.append(c + rnd.choice(COMBINING))
        else:
            out.append(c)
    return "".join(out)


def invisible(rnd: Random, word: str) -> str:
    """Zero-width and other invisible characters between letters (an empty text stays empty)."""
    if not word:
        return word
    out = [word[0]]
    for c in word[1:]:
        if rnd.random() < 0.5:
            out.append(rnd.choice(INVISIBLE))
        out.append(c)
    return "".join(out)


def width(rnd: Random, word: str) -> str:
    """Full-width or mathematical-bold letters."""
    kind = rnd.choice(("full", "bold"))
    return "".join(_fullwidth(c) if kind == "full" else _bold(c) for c in word)


def stretch(rnd: Random, word: str) -> str:
    """One letter (or two) written three to six times."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 2 or re.search(r"(\w)\1\1", word, re.IGNORECASE):
        return word  # "III" or "BBB" alone is an acronym, not a stretched word
    chosen = set(rnd.sample(letters, rnd.randint(1, 2)))
    return "".join(c * rnd.randint(3, 6) if i in chosen else c for i, c in enumerate(word))


#: Leetspeak read back, "1" as i or as l: what a doubled letter becomes next to its disguised twin.
_READ_AS_I = str.maketrans({d: c for c, d in {**LEET_DIGITS, **LEET_SYMBOLS, "i": "1"}.items()})
_READ_AS_L = str.maketrans({d: c for c, d in {**LEET_DIGITS, **LEET_SYMBOLS, "l": "1"}.items()})


def double(rnd: Random, word: str) -> str:
    """One letter written twice (spaced out, "l a w w y e r" is no stretch: the letters stand apart)."""
    letters = [i for i, c in enumerate(word) if c.isalpha() and not unicodedata.combining(c)]
    if not letters:
        return word
    i = rnd.choice(letters)
    out = word[: i + 1] + word[i] + word[i + 1 :]
    # A triple would be a stretch ("bbb" doubled is "bbbb", read as an acronym like "BBB": a known limit).
    plain = fold(out).lower()
    readings = (plain.translate(_READ_AS_I), plain.translate(_READ_AS_L))
    return word if any(re.search(r"(\w)\1\1", r) for r in readings) else out


def case(rnd: Random, word: str, *, mixed: bool = True) -> str:
    """Upper, lower, title, or (when `mixed`) mixed case."""
    kind = rnd.choice(("upper", "lower", "mixed", "title") if mixed else ("upper", "lower", "title"))
    if kind == "upper":
        return word.upper()
    if kind == "lower":
        return word.lower()
    if kind == "title":
        return word[:1].upper() + word[1:]
    return "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in word)


def _graphemes(word: str) -> list[str]:
    """A word's letters, each with the combining marks written over it."""
    out: list[str] = []
    for c in word:
        if out and unicodedata.combining(c):
            out[-1] += c
        else:
            out.append(c)
    return out


def spaced(rnd: Random, words: list[str]) -> str:
    """Each word's letters split by one separator; words kept apart by a wider gap."""
    sep = rnd.choice(SEPARATORS)
    gap = "    " if sep.strip() == "" else "   "
    return gap.join(sep.join(_graphemes(w)) for w in words)


def drawn(rnd: Random, word: str) -> str:
    """Letters drawn as others, read in the "1 is l" reading: a capital I for an l after a lower-case
    letter or opening a word before a, e, i or u ("kiII", "Iawyer"), "vv" for w ("lavvyer")."""
    folded = fold(word)
    if "vv" in folded.lower() or (len(folded) > 1 and folded[0] == "I" and folded[1].lower() in "aeiu"):
        return word  # the reading drawing them would read this "vv" as a w, or this opening I as an l
    chars = list(word)
    for i, c in enumerate(chars):
        after_lower = i > 0 and chars[i - 1].isascii() and chars[i - 1].islower()
        opening = (
            i == 0 and len(chars) > 2 and chars[1] in "aeiu" and chars[2].isascii() and chars[2].islower()
        )
        if c == "l" and (after_lower or opening) and rnd.random() < 0.7:
            chars[i] = "I"
        elif (
            c == "w"
            # Beside no v (nor a w about to be drawn, or a v under a combining mark: as the reading sees it)
            and fold("".join(chars[:i])).lower()[-1:] != "v"
            and fold(word[i + 1 :]).lower()[:1] not in ("v", "w")
            and rnd.random() < 0.7
        ):
            chars[i] = "vv"
    return "".join(chars)


def obfuscate(rnd: Random, phrase: str) -> str:
    """One spelling of `phrase` from the supported set: any combination of the transformations above.

    Tokens that are not plain words (digits, apostrophes) keep their spelling apart from case and width.
    """
    words = phrase.split()
    plain = [w.isalpha() and w.isascii() for w in words]
    use_spacing = rnd.random() < 0.5 and all(plain)
    one_for = rnd.choice("il")  # "1" is the same letter throughout a phrase
    # A capital I for l only in lower-case or capitalised words: in a word of mixed case an I may be its i.
    draw = one_for == "l" and not use_spacing and rnd.random() < 0.5
    out: list[str] = []
    for word, ok in zip(words, plain, strict=True):
        w = case(rnd, word, mixed=not draw)
        if ok:
            stretched = rnd.random() < 0.5
            if stretched:
                w = stretch(rnd, w)
            if rnd.random() < 0.5:
                w = leet(rnd, w, symbols=not use_spacing, one_for=one_for)
            if rnd.random() < 0.5:
                w = homoglyphs(rnd, w)
            elif rnd.random() < 0.5:
                w = accents(rnd, w)
            if use_spacing and not stretched and rnd.random() < 0.5:
                w = double(rnd, w)  # the same character twice, as a keyboard repeats it
            if draw and not stretched and rnd.random() < 0.5:
                w = drawn(rnd, w)
        out.append(w)
    text = spaced(rnd, out) if use_spacing else " ".join(out)
    if rnd.randint(0, 3) == 0:
        text = width(rnd, text)
    if rnd.random() < 0.5:
        text = invisible(rnd, text)
    return text


def obfuscated(phrase: str) -> st.SearchStrategy[str]:
    """A hypothesis strategy of spellings of `phrase`: one drawn seed per example keeps it fast (each call on
    a hypothesis-backed Random would be a draw of its own)."""
    return st.integers(0, 2**32 - 1).map(lambda seed: obfuscate(Random(seed), phrase))
