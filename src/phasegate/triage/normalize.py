"""What the detectors read: the customer's text with look-alike letters, invisible characters, leetspeak,
spaced-out letters and stretched letters undone, plus a map back to the customer's own characters.

Pure and cheap: str.translate tables and precompiled regexes; plain ASCII text with no obfuscation costs
three short regex scans that find nothing (spaced letters, a letter beside a digit or symbol, a tripled
letter), and a conversation with nothing to undo is read as it is. Case is kept (shouting is a frustration
cue), and so are digits that are numbers ("3rd time", "5pm", "A-5521"): only digits and symbols inside words
are read as letters.
"""

from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise, product

from phasegate.triage.conversation import Conversation, Turn
from phasegate.triage.english import common_words, deletes, english_words, is_english, one_edit, segment
from phasegate.triage.intervals import Spans
from phasegate.triage.schemas import Signal, Span

#: Whether steps first check, without a regex scan, that the text holds what they undo; tests and the
#: keyword benchmark switch it off.
PREFILTER = True

# -- 1. character folding (one character in, one or none out) ------------------------------------------

#: Letters that look Latin but are not, and that Unicode's compatibility decomposition does not fold
#: (Cyrillic and Greek homoglyphs, a few Latin letters with bars or strokes, IPA and small capitals).
CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ӏ": "l", "ɡ": "g", "ь": "b", "п": "n", "г": "r", "А": "A", "В": "B", "Е": "E", "Ё": "E",
    "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S",
    "І": "I", "Ї": "I", "Ј": "J", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Һ": "H", "Ӏ": "I", "З": "3",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ω": "w", "ς": "s", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I",
    "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin letters without a decomposition, and look-alike marks
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ŧ": "t",
    "Ŧ": "T", "ƚ": "l", "ɩ": "i", "ɑ": "a", "ɒ": "a", "ǀ": "l", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d",
    "ᴇ": "e", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o",
    "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ꜰ": "f", "ꞯ": "q", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y",
    "ᴢ": "z",
    "‘": "'", "’": "'", "ʼ": "'", "‐": "-", "‑": "-", "‒": "-", "–": "-", "⁃": "-",
    # An em dash or a horizontal bar sets words apart ("my attorney—Mr. Blake—will call"); as a hyphen it
    # would join them into one compound, which no keyword matches.
    "—": " ", "―": " ",
}  # fmt: skip

#: Blocks whose characters compatibility-decompose to one ASCII letter or digit: accented Latin, full-width
#: forms, mathematical alphanumerics, circled and parenthesised letters, super- and subscripts.
_FOLD_BLOCKS = (
    (0x00C0, 0x0250),
    (0x02B0, 0x02E5),  # modifier letters ("ʰ")
    (0x1D2C, 0x1D6B),  # superscript capitals and small letters ("ᴸᴬᵂᵞᴱᴿ")
    (0x1D9B, 0x1DC0),
    (0x1E00, 0x1F00),
    (0x2070, 0x20A0),
    (0x2100, 0x2150),
    (0x2460, 0x2500),
    (0xFF01, 0xFF5F),
    (0x1D400, 0x1D800),
    (0x1F130, 0x1F18A),
)

#: Characters that render as nothing (zero-width, joiners, bidi controls, tags, variation selectors) or as
#: a mark over the previous letter (combining diacritics, strike-through overlays): dropped.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x0300, 0x036F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x20D0, 0x20FF),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xE0000, 0xE007F),
    (0xE0100, 0xE01EF),
)
_INVISIBLE = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _INVISIBLE_RANGES) + "]")

#: The first of each run of 26 letter symbols, A to Z, that Unicode does not decompose.
_LETTER_SYMBOLS = (0x1F150, 0x1F170, 0x1F1E6)

#: Unicode spaces read as a plain space.
_SPACES = (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str | None]:
    """The str.translate table of step 1, built on first use (a few milliseconds) rather than at import."""
    table: dict[int, str | None] = {}
    for lo, hi in _FOLD_BLOCKS:
        for cp in range(lo, hi):
            ch = chr(cp)
            plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            plain = CONFUSABLES.get(plain, plain)  # "ᵞ" is a small Greek gamma, which reads "y"
            if len(plain) == 1 and plain.isascii() and plain.isprintable() and plain != ch:
                table[cp] = plain
    for src, dst in CONFUSABLES.items():
        table[ord(src)] = dst
    # Negative circled and squared letters and regional indicators ("🅻🅰🆆", "🇱🇦🇼") have no decomposition.
    for first in _LETTER_SYMBOLS:
        for i in range(26):
            table[first + i] = chr(ord("A") + i)
    for cp in _SPACES:
        table[cp] = " "
    for lo, hi in _INVISIBLE_RANGES:
        for cp in range(lo, hi + 1):
            table[cp] = None
    return table


def fold(text: str) -> str:
    """Step 1 alone: look-alike, full-width and accented letters to ASCII, invisible characters dropped.

    Keyword entries go through it too, so a brand's "Anwälte" matches a customer's "Anwalte" and "Anwälte".
    """
    return text if text.isascii() else text.translate(fold_table())


#: Currency signs that stand for a letter when they touch one ("l4wy€r", "k!ll mys€lf"); beside a number
#: ("€50", "50€") they stay money. One character for one, so no offsets move.
_SIGN_LETTERS = {"€": "e", "¢": "c", "¥": "y"}
_SIGN_LETTER = re.compile(r"(?<=[A-Za-z])[€¢¥]|[€¢¥](?=[A-Za-z])")


#: Addresses are never threats ("sue.baker@example.com" names no lawsuit): masked one for one.
#: An e-mail address is looked for only where its name starts: tried at every character of a long run with no
#: domain after its "@", the scan took seconds.
_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)


def _mask_addresses(text: str) -> str:
    if "@" not in text and "://" not in text and "www." not in text and "WWW." not in text:
        return text
    return _ADDRESS.sub(lambda m: "_" * len(m.group(0)), text)


#: Pictographs, dingbats, stars, hearts, arrows and shapes: a customer may space letters out with them
#: ("l🔥a🔥w🔥y🔥e🔥r", "s★u★e"). One code point each (an emoji's variation selector is dropped as invisible).
_PICTURE_RANGES = ((0x2190, 0x21FF), (0x25A0, 0x27BF), (0x2B00, 0x2BFF), (0x1F300, 0x1FAFF))
_PICTURE = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _PICTURE_RANGES)
#: Three or more single characters joined by one repeated picture, standing alone: a spaced-out word.
_PICTURE_SPACED = re.compile(
    rf"(?<![\w@$])[A-Za-z0-9@$]([{_PICTURE}])[A-Za-z0-9@$](?:\1[A-Za-z0-9@$])+(?![\w@$])"
)


def _unpicture(text: str) -> str:
    """A picture spacing a word's letters out read as a dot, one character for one, so step 2 joins them as
    it joins "l.a.w.y.e.r"; pictures anywhere else stay (a clapping "YOU👏NEED👏TO" is words already)."""
    return _PICTURE_SPACED.sub(lambda m: m.group(0).replace(m.group(1), "."), text)


# -- 2. spaced-out letters ("l a w y e r", "l.a.w.y.e.r", "l-a-w-y-e-r") -------------------------------

_ELEMENT = r"[A-Za-z0-9@$]"
_SEP = r"(?:[ \t]{1,3}|[ \t]?[.\-_*/~·•][ \t]?|[ \t]*\r?\n[ \t]*)"
#: Three or more single characters joined by one repeated separator, standing alone (not inside a word, not
#: a contraction's end: the "m" of "i'm"); a change of separator ("e.g. a") ends the run, and so does a word
#: masked after it: "i'm a b*rden" is "i'm", "a" and "b*rden", not "i'mab*rden" (the crisis entry "i'm a
#: burden to" went unread so). A leetspeak symbol joined to a letter keeps it in its word too ("FI|E A
#: d!spute" is "file a dispute", not "FI|" and a run "E A d").
_NOT_AFTER = r"(?<![\w@$|!+])(?<!\w['’])"
#: Where a run ends: no letter, digit or masked letter goes on past it.
_RUN_END = r"(?![\w@$])(?![.\-_*/~·•|!+]\w)"
_SPACED = re.compile(rf"{_NOT_AFTER}{_ELEMENT}({_SEP}){_ELEMENT}(?:\1{_ELEMENT})+{_RUN_END}")
#: Two single characters: part of a spaced-out phrase only beside a longer run.
_SPACED_PAIR = re.compile(rf"{_NOT_AFTER}(?=({_ELEMENT}{_SEP}{_ELEMENT})(?![\w@$]))")  # overlapping
#: Two pairs or more kept apart by a wider gap ("m y    m p", "m.y   m.p"): spaced-out words of two letters
#: each, with no longer run beside them to show they are spaced out.
_PAIR_PHRASE = re.compile(
    rf"{_NOT_AFTER}{_ELEMENT}({_SEP}){_ELEMENT}(?:[ \t]{{2,}}{_ELEMENT}\1{_ELEMENT})+{_RUN_END}"
)
#: A wider gap and a pair after it: what every _PAIR_PHRASE holds, found far faster (its first character is
#: a space or tab, not a look-behind tried at every character).
_GAP_THEN_PAIR = re.compile(rf"[ \t]{{2,}}{_ELEMENT}{_SEP}{_ELEMENT}(?![\w@$])")
_ELEMENT_CHAR = re.compile(_ELEMENT)
_LETTER = re.compile(r"[A-Za-z]")
#: A single character and a separator just before a run, or a separator and a single character just after
#: it: what glues the run's end to a spaced-out word beside it (_gap_run).
_GLUED_BEFORE = re.compile(rf"(?<![\w@$]){_ELEMENT}{_SEP}$")
_GLUED_AFTER = re.compile(rf"{_SEP}{_ELEMENT}(?![\w@$])")


def _gap_run(text: str, start: int, end: int, sep: str) -> bool:
    """Whether the run text[start:end], spaced by `sep`, is the gaps between spaced-out words rather than a
    word: its separator is a wide space (two or three) and a letter at one of its ends belongs to a word
    beside it, spaced by another separator. In "o. f   a   j. u. d. g. e" the wider gap keeps the words "of",
    "a" and "judge" apart; read as a run, "f   a   j" would join the ends of two words and the article."""
    if len(sep) < 2 or not sep.isspace():
        return False
    return bool(_GLUED_BEFORE.search(text, max(0, start - 4), start) or _GLUED_AFTER.match(text, end))


def _spaced_runs(text: str) -> list[re.Match[str]]:
    """The spaced-out runs of a text (_SPACED), gaps between spaced-out words left out (_gap_run): a run so
    left out is looked for again from its second character."""
    runs = []
    pos = 0
    while (m := _SPACED.search(text, pos)) is not None:
        if _gap_run(text, m.start(), m.end(), m.group(1)):
            pos = m.start() + 1
            continue
        runs.append(m)
        pos = m.end()
    return runs


#: A lone "a" or "I" before a space is more often the article or pronoun than a spaced-out letter.
_ARTICLE = frozenset("aAI")

# -- 3. leetspeak (one character in, one out) -----------------------------------------------------------

#: Symbols read as letters inside a word; "1" is "i" in the primary reading, "l" in an alternate one.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a",
         "$": "s", "|": "l", "!": "i", "+": "t"}  # fmt: skip
_LEET_ALT = {**_LEET, "1": "l"}
_LEET_CHARS = "".join(_LEET)
_LEET_PRIMARY = str.maketrans(_LEET)
_LEET_SECOND = str.maketrans(_LEET_ALT)
_LEET_UPPER = str.maketrans({k: v.upper() for k, v in _LEET.items()})
_LEET_UPPER_ALT = str.maketrans({k: v.upper() for k, v in _LEET_ALT.items()})
_LC = r"A-Za-z0-9@$|!+"
#: A word in which a letter touches a digit or symbol: the only places leetspeak is looked for.
_LEET_WORD = re.compile(rf"(?<![{_LC}])[{_LC}]*(?:[A-Za-z][0-9@$|!+]|[0-9@$|+][A-Za-z])[{_LC}]*")
#: What follows a leading digit and makes it a number, not a disguised letter ("3rd", "5pm", "2kg").
NUMBER_UNITS = frozenset(
    ("st", "nd", "rd", "th", "am", "pm", "kg", "mg", "ml", "cm", "mm", "km", "gb", "mb", "tb", "hr", "hrs",
     "min", "mins", "sec", "secs", "day", "days", "wk", "wks", "yr", "yrs", "mo", "star", "stars", "pack",
     "pcs", "pc", "oz", "lb", "lbs", "ft", "in", "x", "k", "g", "l", "m", "s", "h", "d", "w", "v", "hz",
     "mah", "inch")
)  # fmt: skip
_NUMBER_SUFFIX = re.compile(r"(\d+)([A-Za-z]+)")
_SUFFIX_NUMBER = re.compile(r"([A-Za-z]+)(\d+)")
_MONEY = re.compile(r"\$\d|\d\$")
#: A letter touching a digit or symbol: every `_LEET_WORD` holds one, and most texts none.
_LEET_TOUCH = re.compile(r"[A-Za-z][0-9@$|!+]|[0-9@$|+][A-Za-z]")
#: Every ASCII character as `_LEET_TOUCH` sees it: a letter "a", a digit or symbol "1", "!" (a symbol only
#: after a letter) itself, anything else a space; other characters stay as they are, none of them these.
_TOUCH_CLASSES = {
    c: "a" if chr(c).isalpha() else "1" if chr(c) in "0123456789@$|+" else "!" if chr(c) == "!" else " "
    for c in range(128)
}


def _leet_touch(text: str) -> bool:
    """Whether `_LEET_TOUCH` matches in the text, read from the character classes in C (the expression
    tries two alternatives at every letter: about 60 us on a 2,000-character email, this a sixth)."""
    classes = text.translate(_TOUCH_CLASSES)
    return "a1" in classes or "a!" in classes or "1a" in classes


# -- 4. stretched letters ("lawyyyerrr") ---------------------------------------------------------------

#: Three or more of the same letter inside a word: English has almost no triple letters, so this is
#: stretching. A word that is only the run ("BBB", "AAA", "www") is an acronym and stays.
#: Letters an ignore-case pattern matches to an ASCII letter they do not lower-case to (see lexicon).
_CASE_TWINS = frozenset("\u017f\u212a\u0131\u0130")
_TRIPLE = re.compile(r"([a-z])\1\1")
_STRETCH = re.compile(r"(?<=[A-Za-z])([A-Za-z])\1{2,}|([A-Za-z])\2{2,}(?=[A-Za-z])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A text as the detectors read it, with where each of its characters came from in the original.

    `offsets[i]` is the index in `original` of `text[i]`; None means the two are the same string.
    """

    original: str
    text: str
    offsets: tuple[int, ...] | None = None

    @property
    def changed(self) -> bool:
        """Whether normalising changed anything."""
        return self.offsets is not None or self.text != self.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normalised span [start, end): the customer's own characters."""
        if self.offsets is None or end <= start:
            return start, end
        # Up to the next kept character, so dropped stretch letters or marks stay inside the span.
        stop = self.offsets[end] if end < len(self.offsets) else len(self.original)
        first = self.offsets[start]
        if stop <= first or self.offsets[end - 1] < first:
            # Characters read in another order than written (a right-to-left override): cover them all.
            inside = self.offsets[start:end]
            last = max(inside)
            return min(inside), stop if stop > last else last + 1
        return first, stop


def _drop(text: str, offsets: list[int] | None, spans: Iterable[tuple[int, int]]) -> tuple[str, list[int]]:
    """Delete the sorted, disjoint `spans` of `text`, carrying each kept character's original offset."""
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for start, end in spans:
        pieces.append(text[last:start])
        kept.extend(offsets[last:start] if offsets is not None else range(last, start))
        last = end
    pieces.append(text[last:])
    kept.extend(offsets[last:] if offsets is not None else range(last, len(text)))
    return "".join(pieces), kept


def _beside(text: str, a: int, b: int, starts: set[int], ends: set[int]) -> bool:
    """Whether a run ends before [a, b), or starts after it, with nothing but white space between, or white
    space around one word of one letter: in "i.s   A   j.o.u.r.n.a.l.i.s.t" the article stands between."""
    return _run_at(text, a, -1, ends) or _run_at(text, b, 1, starts)


def _run_at(text: str, at: int, step: int, edges: set[int]) -> bool:
    """Whether walking from `at` (-1: leftwards, 1: rightwards) over white space, and over at most one lone
    letter with white space on both of its sides, reaches a run's edge."""
    lone = False
    while True:
        if at in edges:
            return True
        i = at - 1 if step < 0 else at  # the next character of the walk
        if not 0 <= i < len(text):
            return False
        if text[i].isspace():
            at += step
            continue
        beyond = i + step
        if (
            lone
            or not text[i - step].isspace()  # no white space walked yet: a letter of the pair's own word
            or not _ELEMENT_CHAR.match(text[i])
            or not (0 <= beyond < len(text) and text[beyond].isspace())
        ):
            return False
        lone = True
        at += step


def _join_spaced(
    text: str,
    offsets: list[int] | None,
    *,
    keep_article: bool,
    regions: list[tuple[int, int]] | None = None,
) -> tuple[str, list[int] | None]:
    """Remove the separators of spaced-out words; `keep_article` leaves a leading lone "a"/"I" apart.
    `regions` receives each joined run as (first, last) offsets in the original text.

    A run of three or more characters is a spaced-out word; a pair ("i n", "m y") only when a longer run
    stands beside it with nothing but space between, as in "s e e   y o u   i n   c o u r t".
    """
    runs = [(m.start(), m.group(0)) for m in _spaced_runs(text) if len(_LETTER.findall(m.group(0))) >= 2]
    if ("  " in text or "\t" in text) and _GAP_THEN_PAIR.search(text):  # (most texts hold no wider gap)
        runs += _pair_phrases(text, runs)
    if not runs:
        return text, offsets
    spans = sorted((start, start + len(run)) for start, run in runs)
    held = Spans(spans)
    pairs = [
        (m.start(1), m.group(1))
        for m in _SPACED_PAIR.finditer(text)
        if len(_LETTER.findall(m.group(1))) == 2
        and not held.overlaps(m.start(1), m.end(1))
        and not _gap_run(text, m.start(1), m.end(1), m.group(1)[1:-1])
    ]
    # Where a joined run starts and ends: a pair joins when one stands right beside it, nothing but white
    # space between (looked up by place: testing every run for every pair took seconds on garbled texts).
    starts, ends = {s for s, _ in spans}, {e for _, e in spans}
    grew = True
    while pairs and grew:  # "i s   i t   l e g a l": a pair beside a joined pair joins too
        grew = False
        for a, pair in list(pairs):
            b = a + len(pair)
            if _beside(text, a, b, starts, ends):
                runs.append((a, pair))
                spans.append((a, b))
                starts.add(a)
                ends.add(b)
                pairs.remove((a, pair))
                grew = True
    drops: list[tuple[int, int]] = []
    for base, run in sorted(runs):
        elements = [i for i, c in enumerate(run) if _ELEMENT_CHAR.match(c)]
        plain_space = len(elements) > 1 and not run[1 : elements[1]].strip()
        if (
            keep_article
            and run[0] in _ARTICLE
            and plain_space
            and len(elements) >= 4
            and not _english_whole("".join(run[i] for i in elements).lower())
        ):
            # "a l a w y e r" reads "a lawyer", but "a g a i n" reads "again": a run that is an English
            # word whole ("again", "about", "away") opens with its own letter, not the article.
            elements = elements[1:]
        for a, b in pairwise(elements):
            if b > a + 1:
                drops.append((base + a + 1, base + b))
    if regions is not None:
        at = offsets if offsets is not None else range(len(text))
        regions.extend((at[base], at[base + len(run) - 1]) for base, run in runs)
    return _drop(text, offsets, drops) if drops else (text, offsets)


def _english_whole(letters: str) -> bool:
    """Whether a spaced-out run's characters spell an English word, leetspeak read ("ag4in") and a letter
    written two or more times in a row read once or twice ("aaaaactttt" is "act", "issuess" "issues"); at
    most 16 such readings are tried for each way of reading the leetspeak."""
    english = english_words()
    for table in (_LEET_PRIMARY, _LEET_SECOND):  # read as leetspeak will read it: "ag4in" is "again"
        runs = [m.group(0) for m in _RUN_OF_ONE.finditer(letters.translate(table))]
        if sum(len(r) > 1 for r in runs) > 4:
            continue
        choices = [(r[0],) if len(r) == 1 else (r[0], r[:2]) for r in runs]
        if any("".join(c) in english for c in product(*choices)):
            return True
    return False


#: A run of one character, however long.
_RUN_OF_ONE = re.compile(r"(.)\1*")


def _pair_phrases(text: str, runs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The pairs of each phrase of spaced-out pairs (_PAIR_PHRASE) whose gaps are wider than the pairs' own
    separator, each as a run of its own; none that a run already holds."""
    out: list[tuple[int, str]] = []
    held = Spans((a, a + len(run)) for a, run in runs)
    for m in _PAIR_PHRASE.finditer(text):
        if held.overlaps(m.start(), m.end()):
            continue
        phrase, sep = m.group(0), m.group(1)
        elements = [i for i, c in enumerate(phrase) if _ELEMENT_CHAR.match(c)]
        pairs = list(zip(elements[::2], elements[1::2], strict=True))
        gaps = [phrase[b + 1 : a] for (_, b), (a, _) in pairwise(pairs)]
        if sep.isspace() and any(len(gap) <= len(sep) for gap in gaps):
            continue
        out += [(m.start() + a, phrase[a : b + 1]) for a, b in pairs]
    return out


def _decode_word(word: str, table: dict[int, str], upper: dict[int, str]) -> str:
    """A word with its disguised letters read, or the word itself when its digits are a number."""
    core = word.rstrip("!")
    letters = sum(c.isalpha() for c in core)
    if letters < 2:
        return word
    m = _NUMBER_SUFFIX.fullmatch(core)
    if m and (len(m.group(1)) > 1 or len(m.group(2)) < 3 or m.group(2).lower() in NUMBER_UNITS):
        return word  # "3rd", "10am", "5star", "2kg"
    m = _SUFFIX_NUMBER.fullmatch(core)
    if m and (len(m.group(2)) > 1 or len(m.group(1)) < 3):
        return word  # "covid19", "A5521", "mp3"
    if sum(c.isdigit() for c in core) > letters or _MONEY.search(core):
        return word  # tracking numbers, hex ids, "US$50"
    shouting = all(c.isupper() for c in core if c.isalpha())
    decoded = core.translate(upper if shouting else table)
    return decoded + word[len(core) :]


def _decode_leet(text: str, *, alternate: bool) -> str:
    if PREFILTER and not _leet_touch(text):
        return text
    if not any(c in text for c in _LEET_CHARS):
        return text
    table, upper = (_LEET_SECOND, _LEET_UPPER_ALT) if alternate else (_LEET_PRIMARY, _LEET_UPPER)
    return _LEET_WORD.sub(lambda m: _decode_word(m.group(0), table, upper), text)


def _undouble(
    text: str, offsets: list[int] | None, regions: list[tuple[int, int]]
) -> tuple[str, list[int] | None]:
    """A letter written exactly twice inside a spaced-out word ("l a w w y e r") reads once: spaced apart
    it is no stretch, and keyword entries match a doubled letter written once ("a p p l e" reads "aple",
    still "apple"). Runs last, once leetspeak is read and stretches undone ("7 e l l" reads "tel")."""
    at = offsets if offsets is not None else range(len(text))
    low = text.lower()
    # The joined runs do not overlap: the one that may hold a pair is the last to start at or before it.
    ordered = sorted(regions)
    firsts = [lo for lo, _ in ordered]

    def inside(a: int, b: int) -> bool:
        k = bisect_right(firsts, a) - 1
        return k >= 0 and b <= ordered[k][1]

    drops = [
        (i, i + 1)
        for i in range(1, len(text))
        if low[i] == low[i - 1]
        and text[i].isalpha()
        and (i < 2 or low[i - 2] != low[i])
        and (i + 1 == len(text) or low[i + 1] != low[i])
        and inside(at[i - 1], at[i])
    ]
    return _drop(text, offsets, drops) if drops else (text, offsets)


def _may_stretch(text: str) -> bool:
    """False only when no letter stands three times in a row, whatever its case: one scan of the lower-cased
    text, several times cheaper than _STRETCH's look-behind at every position."""
    if not text.isascii() and not _CASE_TWINS.isdisjoint(text):
        return True
    return _TRIPLE.search(text.lower()) is not None


def _unstretch(text: str, offsets: list[int] | None) -> tuple[str, list[int] | None]:
    if PREFILTER and not _may_stretch(text):
        return text, offsets
    drops = [(m.start() + 1, m.end()) for m in _stretches(text)]
    if not drops:
        return text, offsets
    return _drop(text, offsets, drops)


def _stretches(text: str) -> list[re.Match[str]]:
    """`_STRETCH.finditer(text)`, tried only inside runs of three or more of one letter (every match is
    such a run, or part of one): the look-behind made the pattern try every character, about 0.15 ms on a
    2,000-character email with one "sooo" in it, paid once per reading."""
    low = text.lower()
    if not PREFILTER or len(low) != len(text) or (not text.isascii() and not _CASE_TWINS.isdisjoint(text)):
        return list(_STRETCH.finditer(text))
    found: list[re.Match[str]] = []
    end = 0
    # Each run is walked once: the next search starts past it ("a" * 200,000 is one run, not 66,666 triples
    # each walked to the run's end, which took minutes and gigabytes).
    triple = _TRIPLE.search(low)
    while triple is not None:
        letter, stop = low[triple.start()], triple.end()
        while stop < len(low) and low[stop] == letter:
            stop += 1
        for at in range(max(triple.start(), end), stop):
            if at >= end and (m := _STRETCH.match(text, at)):
                found.append(m)
                end = m.end()
        triple = _TRIPLE.search(low, stop)
    return found


# -- 3b. letters drawn as others, read in an alternate reading only ("Iawyer", "kiII", "lavvyer") --------

#: A capital I standing for a lower-case l: after a lower-case letter ("kiII", "wiII"), or opening a word
#: before a vowel no English word opens with after "I" ("Iawyer", "Iegal", "Iiable"), in a word otherwise
#: in lower case but for its first letter; and "vv" for "w".
_CAPITAL_I_AS_L = re.compile(r"(?<=[a-z])I+|\bI(?=[aeiu][a-z])")
#: Exactly two: a longer run of v is a stretch, read as such. Alone, the word "w" (Polish "in": "vv sądzie").
_VV = re.compile(r"(?<![vV])(?:(?<=[A-Za-z])vv(?![vV])|vv(?=[A-UW-Za-uw-z]))|\bvv\b")


#: A word with at most its first letter upper-case besides its I's: where a capital I can stand for an l.
_WORD_WITH_I = re.compile(r"[A-Za-z]*I[A-Za-z]*")
_LOWER_BUT_I = re.compile(r"[A-Z]?[a-zI]*")


#: Two or more i's closed by one capital I.
_STRETCHED_I = re.compile(r"ii+I(?!I)")
#: Three or more i's in any case ("IiI").
_I_RUN = re.compile(r"[iI]{3,}")


def _undraw_word(m: re.Match[str]) -> str:
    word = m.group(0)
    if not _LOWER_BUT_I.fullmatch(word):
        return word  # "ADVERTIiSING", "morIre": mixed case, its I may be its i
    drawn = _CAPITAL_I_AS_L.sub(lambda i: "l" * len(i.group(0)), word)
    if drawn == word:
        return word
    # Judged as step 3c reads it after, stretches once ("wIiiith" is "with", not "wliiith").
    as_is, as_drawn = _STRETCH.sub(r"\1\2", word).lower(), _STRETCH.sub(r"\1\2", drawn).lower()
    if as_is in english_words() and as_drawn not in english_words() and "iI" not in word:
        # "dId", "tIme": a word in mixed case whose I is its i; "pIace", "kiII" read as l. Not after an i:
        # English doubles an i almost never, so "viI" is "vil" (Norwegian "will"), not the numeral "vii".
        return word
    if as_drawn not in english_words() and (
        _STRETCHED_I.search(word) or (as_is in english_words() and _I_RUN.search(word))
    ):
        # One capital I closing a run of i's is the stretch's last copy ("iiiI!snt" is "isnt", not "ilisnt"),
        # and so is a capital I in any run of i's that read once makes a word ("IiIt" is "it"; deep property
        # searches, twelfth and thirteenth sessions), unless drawing it makes a word ("kiII" is "kill"; not
        # "stockpiIing", whose run read once makes no word).
        return word
    return drawn


#: Whether _CAPITAL_I_AS_L matches somewhere, written to start with its "I" (so the search jumps from one
#: "I" to the next; with a look-behind first it was tried at every character: 80 µs on a 2,000-character
#: email, which holds an "I" as often as not). An "I" after a lower-case letter, or one standing at a word
#: start before a vowel and a letter.
_CAPITAL_I_AS_L_ANYWHERE = re.compile(r"I(?:(?<=[a-z]I)|(?<!\wI)(?=[aeiu][a-z]))")


def _may_draw(text: str) -> bool:
    """Whether step 3b has anything to read: most texts hold neither a stray capital I nor a "vv"."""
    return "vv" in text or ("I" in text and _CAPITAL_I_AS_L_ANYWHERE.search(text) is not None)


def _undraw(text: str, offsets: list[int] | None) -> tuple[str, list[int] | None]:
    if "I" in text:
        text = _WORD_WITH_I.sub(_undraw_word, text)
    if "vv" in text:
        pairs = [m.start() for m in _VV.finditer(text)]
        if pairs:
            chars = list(text)
            for a in pairs:
                chars[a] = "w"
            # The first "v" of a pair reads "w", the second is dropped.
            return _drop("".join(chars), offsets, [(a + 1, a + 2) for a in pairs])
    return text, offsets


def _normalize(
    text: str, *, one_as_l: bool = False, keep_article: bool = True, drawn: bool = False
) -> Normalized:
    offsets: list[int] | None = None
    current = text
    if not text.isascii():
        drops = [(m.start(), m.end()) for m in _INVISIBLE.finditer(text)]
        current = text.translate(fold_table())
        if drops:
            _, offsets = _drop(text, None, drops)
        if "€" in current or "¢" in current or "¥" in current:
            current = _SIGN_LETTER.sub(lambda m: _SIGN_LETTERS[m.group(0)], current)
        current = _unpicture(current)
    current = _mask_addresses(current)
    regions: list[tuple[int, int]] = []
    current, offsets = _join_spaced(current, offsets, keep_article=keep_article, regions=regions)
    current = _decode_leet(current, alternate=one_as_l)
    if drawn and _may_draw(current):
        # Before stretches are undone: "kiII" is "kill", not a stretched "i".
        current, offsets = _undraw(current, offsets)
    current, offsets = _unstretch(current, offsets)
    if regions:
        current, offsets = _undouble(current, offsets, regions)
    return Normalized(text, current, tuple(offsets) if offsets is not None else None)


@lru_cache(maxsize=8192)
def normalize(text: str) -> Normalized:
    """The primary reading: folded, spaced words joined, leetspeak read ("1" as "i"), letters unstretched."""
    return _normalize(text)


# -- 3c. a guarded word with one letter written twice, read in an alternate reading only ("laawyer") ----

#: Each guarded word (see `guard`) with one of its single letters written twice, to where in it the extra
#: letter stands: "laawyer" -> 2. Three or more of a letter are a stretch (step 4), read by every reading; two
#: are how "need" and "attorney" are spelled, so they are read once only for a guarded word.
_DOUBLED: dict[str, int] = {}
_GUARDED: set[str] = set()
#: Guarded words whose misspellings (step 3g) are in _SLIP_INDEX.
_SLIPPED: set[str] = set()
#: ASCII characters that end a word, mapped to a space (the word runs of an ASCII text, split).
_NOT_LETTER = {c: " " for c in range(128) if not chr(c).isalpha()}


def guard(words: Iterable[str]) -> None:
    """Read these words (letters only, ASCII, three or more) written with one letter doubled ("suue",
    "courrt", "fiire") as the words themselves, in an alternate reading of any text that holds such a
    spelling standing whole. The detectors guard their lists' key words (triage.detectors)."""
    added = False
    guarded = {w.lower() for w in words}
    if not guarded <= _GUARDED:
        _PIECES.clear()  # rebuilt with the new words on next need
    _GUARDED.update(guarded)
    guard_slips(guarded)
    guard_glued(guarded)
    for w in guarded:
        if len(w) < 3 or not w.isascii() or not w.isalpha():
            continue
        for i, c in enumerate(w):
            if (i > 0 and w[i - 1] == c) or (i + 1 < len(w) and w[i + 1] == c):
                continue  # doubled already: the lists read it written once (lexicon.single_letter_variants)
            variant = w[: i + 1] + c + w[i + 1 :]
            # A variant that is itself a guarded form ("stopped" of "stoped", both inflections of "stop") is
            # spelled right as it is.
            if variant not in _DOUBLED and variant not in _GUARDED:
                _DOUBLED[variant] = i + 1
                added = True
    for w in guarded & _DOUBLED.keys():
        del _DOUBLED[w]
        added = True
    if added:
        readings.cache_clear()
        readings_of.cache_clear()


# -- 3d. a guarded word masked by asterisks or all in leetspeak, read in an alternate reading ("k*ll", "5U3")

#: Each guarded word (see `guard_spelled`) with one inner letter, or two side by side, written "*", to the
#: word: "k*ll" -> "kill", "s**cide" -> "suicide"; None where two guarded words share a spelling. Built from
#: _MASK_PENDING when a text first holds an asterisk (some 10,000 spellings: 20 ms no import should pay).
_MASKED: dict[str, str | None] = {}
_MASK_PENDING: set[str] = set()
#: The words guarded so: ASCII letters, three or more (masked spellings only of four or more).
_SPELLED_GUARDED: set[str] = set()
#: The fewest letters of a guarded word, of a word read with one letter masked, and with two.
_SPELLED_FROM, _MASK_ONE_FROM, _MASK_TWO_FROM = 3, 4, 6
#: A word of ASCII letters with asterisks inside it, standing whole.
_MASKED_RUN = re.compile(r"(?<![\w*])[a-z]+\*+[a-z][a-z*]*(?![\w*])")
#: A run of letters and leetspeak characters holding at least one of the latter, standing whole: what the
#: primary reading may have left as a number ("5u1c1d3", "5U3" and "ki11" hold more digits than it allows).
_LEET_RUN = re.compile(r"(?<![\w@$|!+])[a-z0-9@$|!+]*[0-9@$|!+][a-z0-9@$|!+]*(?<![!+])(?![\w@$|])")
#: What makes a run of _LEET_RUN leetspeak (a digit or a symbol read as a letter), and what a run holds.
_LEET_CHAR = re.compile(r"[0-9@$|!+]")
_RUN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$|!+")


def _leet_runs(low: str) -> list[tuple[int, int, str]]:
    """`_LEET_RUN.finditer(low)` as (start, end, run), found from the leetspeak characters outward instead of
    tried at every word (70 µs on a 2,000-character email with an order number, most of it the scan)."""
    if not PREFILTER:
        return [(m.start(), m.end(), m.group(0)) for m in _LEET_RUN.finditer(low)]
    out = []
    end = -1
    n = len(low)
    for m in _LEET_CHAR.finditer(low):
        if m.start() < end:
            continue
        a = m.start()
        while a > 0 and low[a - 1] in _RUN_CHARS:
            a -= 1
        b = m.end()
        while b < n and low[b] in _RUN_CHARS:
            b += 1
        end = b
        if a and (low[a - 1].isalnum() or low[a - 1] == "_"):
            continue  # the run does not stand whole: no match starts inside it either
        # The longest run from `a` the pattern allows: not ending on "!" or "+", not followed by a word
        # character, "@", "$" or "|" (inside the run only a "!" or "+" is not), holding a leetspeak character.
        while b > a and not (
            low[b - 1] not in "!+"
            and (b == n or not (low[b].isalnum() or low[b] in "_@$|"))
            and _LEET_CHAR.search(low, a, b)
        ):
            b -= 1
        if b > a:
            out.append((a, b, low[a:b]))
    return out


def guard_spelled(words: Iterable[str]) -> None:
    """Read these words (ASCII letters, three or more) as themselves, in an alternate reading, when written
    all in leetspeak the primary reading leaves as a number ("5u1c1d3", "I will 5U3 you", "ki11 myself"), or,
    for words of four letters or more, with one inner letter written "*" ("k*ll", "l*wyer") or two side by
    side in a word of six or more ("s**cide"): customers disguise the very words that must escalate. The
    detectors guard every word of their safety lists' entries (triage.detectors)."""
    new = {
        w
        for w in (w.lower() for w in words)
        if len(w) >= _SPELLED_FROM and w.isascii() and w.isalpha() and w not in _SPELLED_GUARDED
    }
    if new:
        _SPELLED_GUARDED.update(new)
        _PIECES.clear()
        _MASK_PENDING.update(w for w in new if len(w) >= _MASK_ONE_FROM)
        readings.cache_clear()
        readings_of.cache_clear()


def _masked_table() -> dict[str, str | None]:
    """_MASKED, with the words guarded since it was last read added."""
    while _MASK_PENDING:
        w = _MASK_PENDING.pop()
        variants = [w[:i] + "*" + w[i + 1 :] for i in range(1, len(w) - 1)]
        if len(w) >= _MASK_TWO_FROM:
            variants += [w[:i] + "**" + w[i + 2 :] for i in range(1, len(w) - 2)]
        for v in variants:
            if _MASKED.setdefault(v, w) not in (w, None):
                _MASKED[v] = None  # "h*rt": hurt or hart; read as neither
    return _MASKED


#: Two-letter words a disguised phrase is held together by ("s33 y0u 1n c0urt", "k1ll mys3lf 0n friday"), read
#: in the same alternate reading though too short to guard; alone they make no hit.
_SHORT_SPELLED = frozenset(
    ("in", "on", "me", "my", "of", "to", "it", "is", "at", "up", "be", "so", "we", "us")
)


def _unleeted(run: str) -> str | None:
    """The guarded word a leetspeak run spells ("1" read as i, then as l), or None."""
    if not any(c.isalpha() for c in run):
        return None  # digits alone are a number
    for table in (_LEET_PRIMARY, _LEET_SECOND):
        word = run.translate(table)
        if word in _SPELLED_GUARDED or word in _SHORT_SPELLED:
            return word
    return None


def _spelled_out(primary: Normalized) -> Normalized | None:
    """The primary reading with each guarded word's masked letters filled in and each guarded word written
    all in leetspeak read, or None when it holds none. Letters stand one for one in place of the asterisks
    and digits, so every offset stays as the primary's."""
    text = primary.text
    masked = "*" in text
    if not masked and _LEET_CHAR.search(text) is None:
        return None
    low = text.lower()
    if len(low) != len(text):
        return None
    found: list[tuple[int, int, str]] = []
    if masked:
        table = _masked_table()
        found += [(m.start(), m.end(), w) for m in _MASKED_RUN.finditer(low) if (w := table.get(m.group(0)))]
    found += [(a, b, w) for a, b, run in _leet_runs(low) if (w := _unleeted(run))]
    if not found:
        return None
    if all(w in _SHORT_SPELLED for _, _, w in found) and _SPELLED_GUARDED.isdisjoint(
        low.translate(_NOT_LETTER).split()
    ):
        return None  # "A-1234 1s late": short words alone, beside no guarded word, make no phrase
    for start, end, word in found:
        letters = [c for c in text[start:end] if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            word = word.upper()
        text = text[:start] + word + text[end:]
    return Normalized(primary.original, text, primary.offsets)


def _undoubled(primary: Normalized, words: list[str]) -> Normalized | None:
    """The primary reading with each guarded word's doubled letter read once, or None when it holds none.

    A doubled spelling that is an English word as it stands is that word: "soon" is not "son" doubled, nor
    "moore" "more" (`english.english_words`; "as soon as possible" gave half of long e-mails a second reading
    for every list to read again)."""
    if not _DOUBLED or _DOUBLED.keys().isdisjoint(words):
        return None
    low = primary.text.lower()
    if len(low) != len(primary.text):  # lower-casing moved characters: no place found in it is safe
        return None
    doubled = _DOUBLED.keys() & set(words)
    doubled -= english_words()
    if not doubled:
        return None
    drops = []
    for m in _WORD_RUN.finditer(low):
        if m.group(0) in doubled:
            at = _DOUBLED[m.group(0)]
            drops.append((m.start() + at, m.start() + at + 1))
    offsets = list(primary.offsets) if primary.offsets is not None else None
    text, kept = _drop(primary.text, offsets, drops)
    return Normalized(primary.original, text, tuple(kept))


#: A run of ASCII letters standing whole (no letter, digit or "_" either side).
_WORD_RUN = re.compile(r"(?<![\w])[a-z]+(?![\w])")

# -- 3e. a guarded word split by a mark inside it ("law.yer", "l4w-y3r", "law🙂yer"), alternate only -----

#: A mark: neither a letter, a digit, a space, an apostrophe nor a leetspeak symbol; "_" is one.
_MARK = r"(?:[^\w\s'@$|!+]|_)"
#: Pieces of letters and leetspeak joined by one to three marks, standing whole.
_SPLIT_WORD = re.compile(rf"(?<![\w@$|!+])[a-z0-9@$|!+]+(?:{_MARK}{{1,3}}[a-z0-9@$|!+]+){{1,3}}(?![\w@$|!+])")
_SPLIT_MARK = re.compile(_MARK)
#: Marks with a piece after them: where a split word may continue (a scan far cheaper than _SPLIT_WORD's).
_MARK_THEN_PIECE = re.compile(rf"{_MARK}{{1,3}}(?=[a-z0-9@$|!+])")


def _split_words(low: str) -> list[re.Match[str]]:
    """`_SPLIT_WORD.finditer(low)`, tried only from the first piece before each inner mark."""
    if not PREFILTER:
        return list(_SPLIT_WORD.finditer(low))
    out: list[re.Match[str]] = []
    end = 0
    for mark in _MARK_THEN_PIECE.finditer(low):
        a = mark.start()
        if a <= end or low[a - 1] not in _RUN_CHARS:
            continue
        start = a - 1
        while start > end and low[start - 1] in _RUN_CHARS:
            start -= 1
        m = _SPLIT_WORD.match(low, start)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def _guarded(word: str) -> bool:
    """Whether a lower-case word is guarded by `guard` or `guard_spelled`: what the rejoining readings
    (marks, spaces) read a split word as."""
    return word in _GUARDED or word in _SPELLED_GUARDED


def _rejoined(primary: Normalized) -> Normalized | None:
    """The primary reading with each guarded word split by marks read whole ("law.yer" -> "lawyer",
    "l4w-y3r" -> "lawyer"), or None when it holds none. A split word that is no guarded word ("e-mail",
    "A-1234") is left as it is: the marks stay where they mean something."""
    text = primary.text
    low = text.lower()
    if len(low) != len(text) or not (_GUARDED or _SPELLED_GUARDED):
        return None
    chars = list(text)
    drops: list[tuple[int, int]] = []
    for m in _split_words(low):
        joined = _SPLIT_MARK.sub("", m.group(0))
        if joined.isdigit():
            continue
        word = next(
            (w for w in (joined, joined.translate(_LEET_PRIMARY), joined.translate(_LEET_SECOND))
             if _guarded(w)),
            None,
        )  # fmt: skip
        if word is None:
            continue
        marks = [(k.start(), k.end()) for k in _SPLIT_MARK.finditer(low, m.start(), m.end())]
        letters = iter(word.upper() if text[m.start() : m.end()].isupper() else word)
        for i in range(m.start(), m.end()):
            if not _SPLIT_MARK.match(low[i]):
                chars[i] = next(letters)
        drops.extend(marks)
    if not drops:
        return None
    offsets = list(primary.offsets) if primary.offsets is not None else None
    out, kept = _drop("".join(chars), offsets, sorted(drops))
    return Normalized(primary.original, out, tuple(kept))


# -- 3h. a guarded word cut in two or three by spaces ("law yer", "at tor ney"), alternate only ------------

#: The fewest letters of a guarded word read whole from pieces, of each piece, and of the piece that is no
#: common word (two-letter ones are mostly abbreviations: "tr", "ln", "ct").
_CUT_FROM, _PIECE_FROM, _ODD_FROM = 5, 2, 3
#: Guarded words cut by up to two spaces or tabs.
_CUT_GAP = re.compile(r"[ \t]{1,2}")
#: Pieces of guarded words (every stretch of _ODD_FROM letters or more but the whole word), built from the
#: words guarded when a text is first read for cuts; `guard` and `guard_spelled` empty it when they add one.
_PIECES: set[str] = set()


def _pieces() -> set[str]:
    """_PIECES, built on first need from the guarded words of _CUT_FROM letters or more."""
    if not _PIECES:
        for w in _GUARDED | _SPELLED_GUARDED:
            if len(w) >= _CUT_FROM and w.isascii() and w.isalpha():
                n = len(w)
                pieces = (w[i:j] for i in range(n - 1) for j in range(i + _ODD_FROM, n + 1))
                _PIECES.update(p for p in pieces if len(p) < n)
    return _PIECES


def prepare() -> None:
    """Build now what the alternate readings build on first need (tens of milliseconds once: the English
    and common word lists, the pieces of the words guarded so far); see triage.analysis.prepare."""
    english_words()
    common_words()
    _pieces()


def _cut_joined(primary: Normalized, words: list[str]) -> Normalized | None:
    """The primary reading with each guarded word cut in two or three by spaces read whole ("my law yer" ->
    "my lawyer", "at tor ney"), or None when it holds none. A cut is read only where some piece of three
    letters or more is no common word (`english.common_words`): "in jury" and "the rapist" are phrases, and
    "law yer" is a word cut."""
    # Most texts hold no piece of a guarded word that is not a common word: one pass over their words says so,
    # and most of the rest no such piece beside words it makes a guarded word with.
    odd = _pieces().intersection(words)
    odd -= common_words()
    if not odd or not _may_join(words, odd):
        return None
    low = primary.text.lower()
    if len(low) != len(primary.text):
        return None
    runs = [(m.start(), m.end(), m.group(0)) for m in _WORD_RUN.finditer(low)]
    drops: list[tuple[int, int]] = []
    taken = -1
    for k, (_, _, word) in enumerate(runs):
        if word not in odd:
            continue
        for first in range(max(k - 2, 0), k + 1):
            found = _cut_word(low, runs[first : first + 3], k - first)
            if found is not None and runs[first][0] > taken:
                drops.extend(found)
                taken = found[-1][1]
                break
    if not drops:
        return None
    offsets = list(primary.offsets) if primary.offsets is not None else None
    text, kept = _drop(primary.text, offsets, drops)
    return Normalized(primary.original, text, tuple(kept))


def _cut_forced(primary: Normalized) -> Normalized | None:
    """The cut reading of the primary one with the symbols of every word in which a letter touches one read
    as letters, or None: "su1 cide" is "suicide" cut, though "su1" alone reads as an id ("mp3", "A5") and
    leetspeak leaves it as it is. One character in, one out, so the offsets stay the primary reading's."""
    forced = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET_PRIMARY), primary.text)
    if forced == primary.text:
        return None
    decoded = Normalized(primary.original, forced, primary.offsets)
    return _cut_joined(decoded, forced.lower().translate(_NOT_LETTER).split())


def _may_join(words: list[str], odd: set[str]) -> bool:
    """Whether an odd piece and up to two words beside it, in `words` (a text's letters split at everything
    else), spell a guarded word: what the exact search then looks for between spaces."""
    for i, w in enumerate(words):
        if w in odd:
            for a, b in ((i - 2, i + 1), (i - 1, i + 1), (i, i + 2), (i - 1, i + 2), (i, i + 3)):
                if a < 0:
                    continue
                joined = "".join(words[a:b])
                if _guarded(joined):
                    return True
    return False


def _cut_word(low: str, runs: list[tuple[int, int, str]], at: int) -> list[tuple[int, int]] | None:
    """The gaps to drop where the first two or three of `runs`, taking in run `at` and cut only by
    _CUT_GAP, spell a guarded word; the longer first ("blis ter ed" is "blistered", not "blister")."""
    for n in (3, 2):
        if at >= n or len(runs) < n:
            continue
        pieces = runs[:n]
        if any(len(p[2]) < _PIECE_FROM for p in pieces):
            continue
        gaps = [(a[1], b[0]) for a, b in pairwise(pieces)]
        if not all(_CUT_GAP.fullmatch(low, x, y) for x, y in gaps):
            continue
        joined = "".join(p[2] for p in pieces)
        if len(joined) >= _CUT_FROM and _guarded(joined):
            return gaps
    return None


# -- 3g. a guarded word misspelt, read in an alternate reading only ("lawer", "laywer", "atorney") ---------

#: The fewest letters of a guarded word whose misspellings are read, and of a misspelling read (four-letter
#: words have too many neighbours: "sue" and "kill" are guarded by the doubled-letter reading only; "chem" is
#: a word of its own before it is "chemo" misspelt, and "cort" is not read as "court").
_MISSPELT_FROM = 5
#: Characters read either side of a repaired word: a list entry and the words a detector weighs around it
#: (a negation, a review's platform: 40 characters each in triage.detectors).
MISSPELT_CONTEXT = 120
#: Vowels a writer puts for one another ("lawyar", "attornay").
_VOWELS = "aeiouy"
#: Guarded words of _MISSPELT_FROM letters or more under each of their one-letter deletions (SymSpell's
#: index): a word's own deletions find the guarded words it may misspell without trying every spelling.
_SLIP_INDEX: dict[str, set[str]] = {}
#: What each word read so far misspells (None: nothing, or two guarded words alike); emptied when it grows
#: past _SLIP_MEMO_SIZE or a word is guarded.
_SLIPS: dict[str, str | None] = {}
_SLIP_MEMO_SIZE = 100_000
#: The most letters a misspelling of a guarded word may have (one added): a longer word is none, and is not
#: looked up (its keys cost its length squared; a 200,000-letter word took gigabytes).
_LONGEST_SLIP = 0
#: What `_SLIPS.get` gives for a word not read yet (None is a verdict: it misspells nothing).
_UNREAD_WORD = "?"


def guard_slips(words: Iterable[str]) -> None:
    """Read these words (ASCII letters, _MISSPELT_FROM or more) misspelt by one slip as the words
    themselves, in an alternate reading (`_unmisspelt`), and glued to other words (`guard_glued`). `guard`
    guards its words so too; the detectors guard the key words of the fraud, grief and regulated-topic lists
    so only (triage.detectors)."""
    lowered = [w.lower() for w in words]
    guard_glued(lowered)
    slips = {w for w in lowered if len(w) >= _MISSPELT_FROM and w.isascii() and w.isalpha()}
    slips -= _SLIPPED
    if slips:
        global _LONGEST_SLIP
        _LONGEST_SLIP = max(_LONGEST_SLIP, *(len(w) + 1 for w in slips))
        _SLIPPED.update(slips)
        for w in slips:
            _index_slips(w)
        _SLIPS.clear()
        readings.cache_clear()
        readings_of.cache_clear()


def _index_slips(word: str) -> None:
    for key in deletes(word, 1):
        _SLIP_INDEX.setdefault(key, set()).add(word)


def _slip(written: str, word: str) -> bool:
    """Whether `written` is `word` with one slip past its first letter: a letter left out ("lawer",
    "atorney"), two neighbours swapped ("laywer"), or a vowel written for another ("lawyar")."""
    if written == word or written[0] != word[0] or len(written) not in (len(word) - 1, len(word)):
        return False
    if not one_edit(written, word):
        return False
    diff = [i for i in range(len(written)) if written[i] != word[i]] if len(written) == len(word) else []
    # One letter changed is a slip only vowel for vowel; two differing are neighbours swapped.
    return len(diff) != 1 or (written[diff[0]] in _VOWELS and word[diff[0]] in _VOWELS)


def _nearer_english(written: str, word: str) -> bool:
    """Whether an English word other than `word` is one letter added to `written` or its neighbours swapped
    back (past the first letter): "lable" may be "label" as well as "liable", "piked" "picked" as well as
    "poked". (A vowel changed back is not asked: "lawer" is "lower" so.)"""
    n = len(written)
    near = {written[:i] + c + written[i:] for i in range(1, n + 1) for c in string.ascii_lowercase}
    near |= {written[:i] + written[i + 1] + written[i] + written[i + 2 :] for i in range(1, n - 1)}
    near.discard(word)
    # The list's own words only: read with endings, "lawer" would be near "lawner" ("lawn" + er).
    return not near.isdisjoint(english_words())


def _misspelt_word(written: str) -> str | None:
    """The guarded word a lower-case word of ASCII letters misspells, or None: never when it is English
    ("layer" is one letter from "lawyer"; `english.is_english`) or guarded itself, nor when it may misspell
    two guarded words or another English word as well (`_nearer_english`)."""
    out = _SLIPS.get(written, _UNREAD_WORD)
    if out is not _UNREAD_WORD:
        return out
    if len(_SLIPS) > _SLIP_MEMO_SIZE:
        _SLIPS.clear()
    out = None
    if (
        len(written) <= _LONGEST_SLIP
        and written.isascii()
        and written.isalpha()
        and written not in _GUARDED
        and written not in _SLIPPED
    ):
        found: set[str] = set(_SLIP_INDEX.get(written, ()))
        for key in deletes(written, 1):
            found.update(_SLIP_INDEX.get(key, ()))
        words = [w for w in found if _slip(written, w)]
        if len(words) == 1 and not is_english(written) and not _nearer_english(written, words[0]):
            out = words[0]
    _SLIPS[written] = out
    return out


def _unmisspelt(primary: Normalized, words: list[str]) -> Normalized | None:
    """The words around each misspelt guarded word of the primary reading, the word written right, or None
    when it holds none. The word's characters map to the customer's misspelt word."""
    low = primary.text.lower()
    if len(low) != len(primary.text):  # lower-casing moved characters: no place found in it is safe
        return None
    # Most texts misspell no guarded word: one pass over their distinct words (most remembered) says so.
    slips = {
        w: word for w in set(words) if len(w) >= _MISSPELT_FROM and (word := _misspelt_word(w)) is not None
    }
    if not slips:
        return None
    found = [(m.start(), m.end(), slips[m.group(0)]) for m in _WORD_RUN.finditer(low) if m.group(0) in slips]
    if not found:
        return None
    offsets = list(primary.offsets) if primary.offsets is not None else list(range(len(low)))
    text = primary.text
    # Only the words around each repair, MISSPELT_CONTEXT characters either side (to a space), are read
    # again: the rest is the primary reading, already read, and a long email read twice doubled the work of
    # every list. Windows that meet are one; each is a line of its own.
    windows: list[list[tuple[int, int, str]]] = []
    ends: list[tuple[int, int]] = []
    for a, b, word in found:
        start = text.rfind(" ", 0, max(0, a - MISSPELT_CONTEXT)) + 1
        end = text.find(" ", min(len(text), b + MISSPELT_CONTEXT))
        end = len(text) if end < 0 else end
        if ends and start <= ends[-1][1]:
            windows[-1].append((a, b, word))
            ends[-1] = (ends[-1][0], max(end, ends[-1][1]))
        else:
            windows.append([(a, b, word)])
            ends.append((start, end))
    pieces: list[str] = []
    kept: list[int] = []
    for (start, end), repairs in zip(ends, windows, strict=True):
        if pieces:
            pieces.append("\n")
            kept.append(offsets[start])
        last = start
        for a, b, word in repairs:
            pieces.append(text[last:a])
            kept.extend(offsets[last:a])
            pieces.append(word.upper() if text[a:b].isupper() else word)
            kept.extend(offsets[min(a + i, b - 1)] for i in range(len(word)))
            last = b
        pieces.append(text[last:end])
        kept.extend(offsets[last:end])
    return Normalized(primary.original, "".join(pieces), tuple(kept))


# -- 3f. right-to-left override: letters shown in the reverse of their order ("l\u202ereywa" shows "lawyer")

_RLO, _PDF = "\u202e", "\u202c"


#: Invisible characters that may stand for a space: zero-width and format characters, not the marks drawn
#: over a letter (combining strokes, underlines) nor variation selectors, which belong to their letter.
_PARTING_RANGES = (
    (0x00AD, 0x00AD),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xE0000, 0xE007F),
)
_PARTING = "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _PARTING_RANGES) + "]"
#: Invisible characters between two letters, one of them parting: hiding a word ("law\u200byer"), which the
#: primary reading joins, or standing for the space between two ("ignore\u200bprevious\u200binstructions").
_INVISIBLE_BETWEEN = re.compile(rf"(?<=\w){_INVISIBLE.pattern}*{_PARTING}{_INVISIBLE.pattern}*(?=\w)")


def _invisible_parted(text: str) -> Normalized | None:
    """The text with each run of invisible characters between two letters read as a space, in each word it
    glues of English words put together ("ignore\u200bprevious" is; "annoy\u200bed", letters hidden among, is
    not: read in pieces, its anger word would be lost to the other readings), normalised, with offsets on the
    original (one character for one: a run becomes as many spaces); None when it glues no such word."""
    if text.isascii() or not _INVISIBLE_BETWEEN.search(text):
        return None
    pieces: list[str] = []
    last = 0
    for glued in re.finditer(r"\S+", text):
        spaced = _INVISIBLE_BETWEEN.sub(lambda m: " " * len(m.group(0)), glued.group(0))
        if spaced != glued.group(0) and _english_pieces(spaced) and not _english_word(glued.group(0)):
            pieces += [text[last : glued.start()], spaced]
            last = glued.end()
    if not pieces:
        return None
    n = _normalize("".join(pieces) + text[last:])
    return Normalized(text, n.text, n.offsets)


def _english_word(glued: str) -> bool:
    """Whether a glued word is one English word as written, its invisible characters dropped:
    "AN\u200cNO\u200cY!NG" and "Annn\u200cno\u2060ying" are "annoying", whatever their pieces spell apart
    (`_english_whole`: leetspeak read, stretched letters read once or twice)."""
    return _english_whole(re.sub(r"[^a-z0-9@$|!+]", "", fold(glued).lower()))


def _english_pieces(spaced: str) -> bool:
    """Whether a word the text glued, its invisible characters read as spaces (`spaced`), is two or more
    English words (each piece read as the primary reading reads it)."""
    pieces = spaced.split()
    if len(pieces) < 2:
        return False
    words = [normalize(p).text.lower().strip(".,!?;:'\"()") for p in pieces]
    return all(w in ("i", "a") or (len(w) > 1 and is_english(w)) for w in words)


# -- 3i. words written glued together ("mylawyer", "#seeyouincourt"), alternate only -----------------------

#: The fewest letters of a glued run read in pieces ("sueyou").
_GLUED_FROM = 6
#: A run of letters standing whole, not a handle ("@USAirways" names an account, not "us air ways").
_GLUED_RUN = re.compile(r"(?<![\w@])[a-z]+(?![\w])")


#: The key words a glued run is read in pieces for (`_glued_pieces`): the guarded words, those read misspelt
#: (`guard_slips`) and those `guard_glued` adds; kept frozen, as `english.segment` remembers cuts by it.
_GLUE_KEYS: frozenset[str] = frozenset()


def guard_glued(words: Iterable[str]) -> None:
    """Read these words (lower case, three letters or more) glued to others ("toahuman") as words: a run of
    letters holding one is read in pieces in an alternate reading (`_unglued`). `guard` and `guard_slips`
    guard their words so too."""
    global _GLUE_KEYS
    new = {w.lower() for w in words if len(w) >= 3 and w.isascii() and w.isalpha()} - _GLUE_KEYS
    if new:
        _GLUE_KEYS = _GLUE_KEYS | new
        readings.cache_clear()
        readings_of.cache_clear()


#: The little words that make glued words a phrase rather than a compound: a run is read in pieces only when
#: it holds one ("my lawyer", "see you in court"; not "Firelight", "Campfire", "procure", whose pieces "fire"
#: and "cure" are key words too: names and compounds are glued content words).
_GLUE_LINKS = frozenset(
    ("i", "a", "an", "the", "my", "your", "ur", "me", "you", "we", "us", "it", "he", "him", "she", "her",
     "they", "them", "his", "our", "their", "to", "in", "on", "at", "of", "for", "with", "by", "and", "this",
     "that")
)  # fmt: skip
#: Little words no phrase ends with: "epi cure an" is no reading of "epicurean".
_GLUE_NOT_LAST = frozenset(("a", "an", "the", "my", "your", "ur", "our", "their", "and", "of", "with", "by"))


def _glued_pieces(run: str) -> tuple[str, ...] | None:
    """The words a run glues together (`english.segment`) when the run is no English word itself, one of them
    is a key word (`_GLUE_KEYS`) and one a little word of a phrase (`_GLUE_LINKS`, not last where no phrase
    ends so): "mylawyer", "seeyouincourt", "sueyou", "toahuman"; not "usairways" nor "thankyou", whose
    pieces no list looks for, nor "Firelight", a name of two content words."""
    if len(run) < _GLUED_FROM or run in english_words() or is_english(run):
        return None
    pieces = segment(run, _GLUE_KEYS)
    if (
        pieces is None
        or _GLUE_KEYS.isdisjoint(pieces)
        or _GLUE_LINKS.isdisjoint(pieces)
        or pieces[-1] in _GLUE_NOT_LAST
    ):
        return None
    return pieces


def _handle(original: str, at: int) -> bool:
    """Whether the word at `at` of the customer's text is an account's handle ("@USAirways"; the primary
    reading may have read its "@" as an "a")."""
    return original[at : at + 1] == "@" or original[at - 1 : at] == "@"


def _unglued(primary: Normalized, words: list[str]) -> Normalized | None:
    """The primary reading with each run of words written without spaces spaced out (`_glued_pieces`), or
    None when it holds none. An inserted space maps to the letter after it."""
    if not any(len(w) >= _GLUED_FROM and _glued_pieces(w) is not None for w in words):
        return None
    low = primary.text.lower()
    if len(low) != len(primary.text):
        return None
    offsets = primary.offsets if primary.offsets is not None else range(len(primary.text))
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for m in _GLUED_RUN.finditer(low):
        cut = _glued_pieces(m.group(0)) if len(m.group(0)) >= _GLUED_FROM else None
        if cut is None or _handle(primary.original, offsets[m.start()]):
            continue
        pieces.append(primary.text[last : m.start()])
        kept.extend(offsets[last : m.start()])
        at = m.start()
        for k, piece in enumerate(cut):
            if k:
                pieces.append(" ")
                kept.append(offsets[at])
            pieces.append(primary.text[at : at + len(piece)])
            kept.extend(offsets[at : at + len(piece)])
            at += len(piece)
        last = m.end()
    if not pieces:
        return None
    pieces.append(primary.text[last:])
    kept.extend(offsets[last:])
    return Normalized(primary.original, "".join(pieces), tuple(kept))


def _as_shown(text: str, shown: list[str], where: list[int]) -> Normalized:
    """The text as a reading shows it (`shown`, each character from `where` in `text`), normalised, with
    offsets on the original: what the star, upside-down, bracket and override readings end with."""
    n = _normalize("".join(shown))
    inner = n.offsets if n.offsets is not None else range(len(n.text))
    return Normalized(text, n.text, tuple(where[k] for k in inner))


# -- 3j. a rating drawn in star glyphs ("★☆☆☆☆"), alternate only ------------------------------------------

_FILLED_STARS = "★⭐🌟✭✮✯✪"
_EMPTY_STARS = "☆✩✰"
#: A run of star glyphs (a variation selector or a space between them allowed).
_STAR = f"[{_FILLED_STARS}{_EMPTY_STARS}]"
_STAR_RUN = re.compile(rf"{_STAR}(?:\ufe0f?\s?{_STAR})*\ufe0f?")


def _star_rated(text: str) -> Normalized | None:
    """The text with each rating drawn in stars, one filled at most among three or more ("★☆☆☆☆", "☆☆☆☆☆"),
    read as the words a review threat says ("1 star", "zero stars"), normalised, with offsets on the
    original; None when it draws no such rating. Five filled stars, or one star alone, are no threat."""
    if text.isascii() or not _STAR_RUN.search(text):
        return None
    shown: list[str] = []
    where: list[int] = []
    last = 0
    for m in _STAR_RUN.finditer(text):
        filled = sum(c in _FILLED_STARS for c in m.group(0))
        empty = sum(c in _EMPTY_STARS for c in m.group(0))
        if filled > 1 or filled + empty < 3:
            continue
        said = " 1 star " if filled else " zero stars "
        shown.append(text[last : m.start()])
        where.extend(range(last, m.start()))
        shown.append(said)
        # The words stand for the whole run: read back, they cover it from its first glyph to its last.
        where.extend([m.start()] * (len(said) - 1) + [m.end()])
        last = m.end()
    if not shown:
        return None
    shown.append(text[last:])
    where.extend(range(last, len(text)))
    return _as_shown(text, shown, where)


# -- 3k. letters turned upside down ("ɹǝʎʍɐl") or each in brackets ("(l)(a)(w)"), alternate only -----------

#: Each letter of "upside-down text" to the letter it shows turned back; such text also runs right to left.
_FLIPPED = dict(
    zip(
        "ɐqɔpǝɟƃɥᴉıɾʞlןɯuodbɹsʇn∩ʌʍxʎzⱯƎ⅄˙¿¡,'",
        "abcdefghiijkllmnopqrstuuvwxyzAEY.?!',",
        strict=True,
    )
)
#: Letters only upside-down text uses: what tells it from plain words ("pod", "sun") made of the others.
_ONLY_FLIPPED = frozenset("ɐɔǝɟƃɥᴉıɾʞןɯɹʇ∩ʌʍʎⱯƎ⅄˙¿¡")
#: A run of letters each in brackets: "(l)(a)(w)(y)(e)(r)", "[k][i][l][l]".
_BRACKETED = re.compile(r"(?:[(\[{][A-Za-z0-9@$][)\]}]){3,}")


def _upside_down(text: str) -> Normalized | None:
    """The text with each run of upside-down words ("ɹǝʎʍɐl", a whole message "ɹǝpɹo ʎɯ sᴉ ǝɹǝɥʍ") turned back
    and read left to right, normalised, with offsets on the original; None when it holds none (two or more
    letters only such text uses)."""
    if text.isascii() or sum(c in _ONLY_FLIPPED for c in text) < 2:
        return None
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    runs: list[list[tuple[int, int]]] = []
    last_flipped = -2
    for k, (a, b) in enumerate(tokens):
        word = text[a:b]
        if all(c in _FLIPPED or not c.isalpha() for c in word) and any(c in _FLIPPED for c in word):
            if last_flipped == k - 1:
                runs[-1].append((a, b))
            else:
                runs.append([(a, b)])
            last_flipped = k
    # A run counts only where it holds a letter of upside-down text: "pod" and "sun" are words.
    spans = [(r[0][0], r[-1][1]) for r in runs if any(c in _ONLY_FLIPPED for c in text[r[0][0] : r[-1][1]])]
    if not spans:
        return None
    shown: list[str] = []
    where: list[int] = []
    last = 0
    for a, b in spans:
        shown.append(text[last:a])
        where.extend(range(last, a))
        for k in range(b - 1, a - 1, -1):
            shown.append(_FLIPPED.get(text[k], text[k]))
            where.append(k)
        last = b
    shown.append(text[last:])
    where.extend(range(last, len(text)))
    return _as_shown(text, shown, where)


def _unbracketed(text: str) -> Normalized | None:
    """The text with each run of letters written one to a pair of brackets read as the word they spell
    ("(l)(a)(w)(y)(e)(r)" -> "lawyer"), normalised, with offsets on the original; None when it holds none."""
    if "(" not in text and "[" not in text and "{" not in text:
        return None
    found = list(_BRACKETED.finditer(text))
    if not found:
        return None
    shown: list[str] = []
    where: list[int] = []
    last = 0
    for m in found:
        shown.append(text[last : m.start()])
        where.extend(range(last, m.start()))
        for k in range(m.start() + 1, m.end(), 3):
            shown.append(text[k])
            where.append(k)
        last = m.end()
    shown.append(text[last:])
    where.extend(range(last, len(text)))
    return _as_shown(text, shown, where)


def _unreversed(text: str) -> Normalized | None:
    """The text as it is shown where a right-to-left override reverses it (up to a pop-directional mark or the
    line's end), normalised, with offsets on the original; None when it holds no override."""
    if _RLO not in text:
        return None
    shown: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(text):
        if text[i] != _RLO:
            shown.append(text[i])
            where.append(i)
            i += 1
            continue
        end = i + 1
        while end < len(text) and text[end] not in (_PDF, "\n"):
            end += 1
        shown.append(text[i])
        where.append(i)
        for k in range(end - 1, i, -1):
            shown.append(text[k])
            where.append(k)
        i = end
    return _as_shown(text, shown, where)


@lru_cache(maxsize=8192)
def readings(text: str) -> tuple[Normalized, ...]:
    """The primary reading, then alternate ones when the text is ambiguous ("1" as "l"; a spaced word
    that starts with "a"/"I": "a t t o r n e y"; a guarded word with a letter doubled, masked or all in
    leetspeak: "k*ll", "5U3"); keyword detectors look at all of them."""
    primary = normalize(text)
    may_draw = _may_draw(fold(text))
    # The words of the primary reading in lower case, split at everything else: what the guarded-word
    # readings first look at (most texts hold nothing any of them reads).
    words = primary.text.lower().translate(_NOT_LETTER).split()
    undoubled = _undoubled(primary, words)
    spelled = _spelled_out(primary)
    rejoined = _rejoined(primary)
    cut = _cut_joined(primary, words)
    if cut is None and _leet_touch(primary.text):
        cut = _cut_forced(primary)
    misspelt = _unmisspelt(primary, words)
    shown = _unreversed(text)
    parted = _invisible_parted(text)
    glued = _unglued(primary, words)
    rated = _star_rated(text)
    flipped = _upside_down(text)
    bracketed = _unbracketed(text)
    if (
        not primary.changed
        and not may_draw
        and undoubled is None
        and spelled is None
        and rejoined is None
        and cut is None
        and misspelt is None
        and glued is None
        and rated is None
        and flipped is None
        and bracketed is None
    ):
        return (primary,)
    out = [primary]
    out += [
        r
        for r in (
            undoubled,
            spelled,
            rejoined,
            cut,
            misspelt,
            shown,
            parted,
            glued,
            rated,
            flipped,
            bracketed,
        )
        if r is not None
    ]
    alternates: tuple[Normalized, ...] = ()
    if primary.changed:
        # (A text the primary reading leaves as it is holds no leetspeak nor spaced word to read otherwise.)
        alternates = (
            _normalize(text, one_as_l=True),
            _normalize(text, keep_article=False),
            # Both at once: "a 1 l e r g y" (the "1" an "l", the "a" a letter) reads "allergy" only so.
            _normalize(text, one_as_l=True, keep_article=False),
        )
    if may_draw:
        # A reading of its own: a mixed-case word's capital I may be its i ("lIfe"), read by the others.
        alternates += (_normalize(text, one_as_l=True, drawn=True),)
    for other in alternates:
        if all(other.text != seen.text for seen in out):
            out.append(other)
    # A guarded word in leetspeak and cut by a space ("my 1aw yer") is whole only once its digits are letters:
    # the cut reading of each other reading.
    for other in out[1:]:
        if other is cut:
            continue
        joined = _cut_joined(other, other.text.lower().translate(_NOT_LETTER).split())
        if joined is not None and all(joined.text != seen.text for seen in out):
            out.append(joined)
    return tuple(out)


#: The steps, in order, for documentation and tests.
STEPS: tuple[Callable[..., object], ...] = (
    fold,
    _mask_addresses,
    _join_spaced,
    _decode_leet,
    _unstretch,
    _undouble,
)


# -- conversations: what the detectors read, and their evidence mapped back -----------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading of a conversation: its turns normalised, and each turn's map back to the original."""

    conversation: Conversation
    turns: dict[int, Normalized]

    def restore(self, signal: Signal) -> Signal:
        """The signal with its evidence spans on the customer's original characters and words."""
        if not signal.evidence or not any(n.changed for n in self.turns.values()):
            return signal
        spans = []
        for s in signal.evidence:
            n = self.turns.get(s.message)
            if n is None or not n.changed:
                spans.append(s)
                continue
            a, b = n.to_original(s.start, s.end)
            text = n.original[a:b]
            if len(s.text) < s.end - s.start:  # the detector quoted a prefix (a whole-turn span)
                text = text[: len(s.text)]
            spans.append(Span(s.message, a, b, text))
        return replace(signal, evidence=tuple(spans))


@lru_cache(maxsize=1024)
def readings_of(conv: Conversation) -> tuple[Reading, ...]:
    """The primary reading of a conversation, then the alternate ones when any turn is ambiguous."""
    per_turn = [(t, readings(t.text)) for t in conv.turns]
    if PREFILTER and all(len(rs) == 1 and not rs[0].changed for _, rs in per_turn):
        # Nothing to undo: the one reading is the conversation itself (an equal one would be rebuilt).
        return (Reading(conv, {t.index: rs[0] for t, rs in per_turn}),)
    out = []
    for which in range(max(len(rs) for _, rs in per_turn) if per_turn else 1):
        chosen = {t.index: rs[min(which, len(rs) - 1)] for t, rs in per_turn}
        turns = tuple(Turn(t.index, chosen[t.index].text) for t, _ in per_turn)
        out.append(Reading(Conversation(turns, conv.total_messages), chosen))
    return tuple(out)


def best(signals: Iterable[Signal]) -> Signal:
    """Of one detector's verdicts on several readings, the strongest (fired first, then the score)."""
    return max(signals, key=lambda s: (s.fired, s.score))
