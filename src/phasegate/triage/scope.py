"""Is a text like the ones the router was trained on? Word-likeness, known vocabulary, length.

General rules, fitted on the router's own training text, never on a list of examples: a character trigram
model of its words says whether a word looks like the training language (gibberish and other languages do
not); the share of a text's content words the router has seen says whether it speaks of the same things;
too few words leave nothing to be sure of. The same measures are the features of the confidence calibrator.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from phasegate.triage.english import is_english
from phasegate.triage.features import STOP_WORDS, stem

_LETTERS = re.compile(r"[a-z]+")
#: E-mail addresses and web links: identifiers, not language; their letters are not words.
_IDENTIFIERS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+", re.IGNORECASE)
#: A text with fewer words than this is too short to route with confidence ("refund", "help", "hi").
MIN_WORDS = 3
#: Below this share of word-like words a text is not in the trained language (gibberish, another language).
MIN_LIKENESS = 0.5
#: Below this share of word-like words a text is half keyboard mash ("jkfdsl order jfkdls status", half of
#: its words words): capped at SHORT_CAP, under any sensible autonomy threshold, though not ruled out (the
#: words it has may name its ask). No Bitext or demo-world ticket of three words or more falls here; CLINC150
#: four of 5,500, airline tweets 45 of 14,640 (handles and hashtags); measured 2026-12-07.
MIXED_LIKENESS = 0.6
#: Below this share of known content words the text speaks of things the router never saw.
MIN_COVERAGE = 0.34
#: `plain_context`: the share of word-like words, and of function words, a sentence of context needs.
PLAIN_LIKENESS = 0.8
PLAIN_FUNCTION = 0.25
#: Confidence ceiling of a too-short text: below any sensible autonomy threshold.
SHORT_CAP = 0.5
#: A text holding this many letters of a script the router does not read (weighed as Latin letters: one
#: Chinese, Japanese or Korean character as three) is capped at SHORT_CAP: the router reads Latin letters
#: only, and "where is my order? 我要起诉你们" ("I'm going to sue you") routed `order_status` at 1.0 on the
#: English half. A name in another script ("Olga Иванова", seven letters) stays under the line.
MAX_UNREAD_LETTERS = 8
#: One character of these scripts carries about a word's syllable, not a letter.
_DENSE_WEIGHT = 3
#: Letters (and digits, "_") outside the Latin ranges, once a text is NFKD-folded (full-width and styled
#: letters are Latin by then); and among them the Han, kana and Hangul characters.
_UNREAD = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")
#: Brahmic scripts (Devanagari to Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer) and their vowel signs and
#: other marks (Unicode categories Mn and Mc in those blocks; not a virama, which writes no vowel).
_BRAHMIC = re.compile(r"[\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]")
_DENSE = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: Log-probability given to a trigram never seen in training.
_UNSEEN = -12.0
#: Symbols of the trigram alphabet: 26 letters and the two word-boundary pads (^ and $).
_ALPHABET = 28
#: A word counts at most this often when the word threshold is set, so "order" does not drown the rest.
_MAX_WORD_WEIGHT = 20
#: Percentile (as a fraction) of the training words' own scores below which a word is not language-like.
_WORD_QUANTILE = 0.01
#: Novelty feature ceiling: past it a text is simply unlike training; larger values only destabilise the fit.
_MAX_NOVELTY = 5.0


#: Distinct words whose scope verdicts a model remembers; past it the memo starts afresh.
WORD_MEMO_SIZE = 100_000


def letter_words(text: str) -> list[str]:
    """Lower-case runs of Latin letters, accents folded ("Dónde" -> "donde"); other scripts give none; e-mail
    addresses and links are skipped."""
    lowered = text.lower()
    # Every identifier has an "@", a "://" or a "www." (upper-case W lowers to w): most texts have none.
    if "@" in text or "://" in text or "www." in lowered:
        lowered = _IDENTIFIERS.sub(" ", text).lower()
    if not lowered.isascii():
        # ASCII has no decompositions and no combining marks: only other text needs folding.
        lowered = unicodedata.normalize("NFKD", lowered).translate(_COMBINING_MARKS)
    return _LETTERS.findall(lowered)


def letter_words_reference(text: str) -> list[str]:
    """`letter_words` one character at a time, the way it was first written: tests compare the two."""
    folded = unicodedata.normalize("NFKD", _IDENTIFIERS.sub(" ", text).lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _LETTERS.findall(folded)


class _CombiningMarks(dict[int, int | None]):
    """A str.translate table deleting every character with a combining class (accents, strokes, ...) and
    keeping the rest, filled in as characters are met (a full table would take 50 ms to build)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_COMBINING_MARKS = _CombiningMarks()


def unread_letters(text: str) -> int:
    """Letters of the text in scripts the router does not read, a Han, kana or Hangul character counting as
    _DENSE_WEIGHT (e-mail addresses and links are not text)."""
    if text.isascii():
        return 0
    folded = unicodedata.normalize("NFKD", _IDENTIFIERS.sub(" ", text))
    unread = _UNREAD.findall(folded)
    if not unread:
        return 0
    dense = len(_DENSE.findall("".join(unread)))
    # The vowel signs of Brahmic scripts are marks, not letters, but each writes a syllable's vowel: "আমি মরতে
    # চাই" ("I want to die", Bengali) is seven letters and three signs.
    signs = len(_brahmic_signs().findall(folded)) if _BRAHMIC.search(folded) else 0
    return len(unread) + (_DENSE_WEIGHT - 1) * dense + signs


@cache
def _brahmic_signs() -> re.Pattern[str]:
    """The vowel signs and other marks of the _BRAHMIC blocks, built on first need (about 6 ms: no process
    pays it at start, and few texts hold these scripts)."""
    marks = (
        chr(c)
        for a, b in ((0x0900, 0x0DFF), (0x0E00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF))
        for c in range(a, b + 1)
        if unicodedata.category(chr(c)) in ("Mn", "Mc") and "VIRAMA" not in unicodedata.name(chr(c), "")
    )
    return re.compile("[" + "".join(marks) + "]")


def _trigrams(word: str) -> list[str]:
    padded = f"^{word}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


@dataclass
class ScopeModel:
    """A character trigram model of the training words, and the known vocabulary of content stems."""

    trigram_logp: dict[str, float]
    word_threshold: float
    vocabulary: frozenset[str]
    #: Per distinct word seen by `measures_many`: 3 * word-like + (2 known content word, 1 unknown content
    #: word, 0 stop word); with the model parts it was computed from.
    _memo: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _memo_for: tuple[Any, ...] = field(default=(), init=False, repr=False, compare=False)

    @classmethod
    def fit(cls, texts: Iterable[str]) -> ScopeModel:
        """Learn word shapes and vocabulary from training texts."""
        words: Counter[str] = Counter()
        for text in texts:
            words.update(letter_words(text))
        tri: Counter[str] = Counter()
        ctx: Counter[str] = Counter()
        for word, n in words.items():
            for t in _trigrams(word):
                tri[t] += n
                ctx[t[:2]] += n
        # Conditional log P(c3 | c1 c2) with add-one smoothing over the alphabet.
        logp = {t: math.log((n + 1) / (ctx[t[:2]] + _ALPHABET)) for t, n in tri.items()}
        model = cls(logp, 0.0, frozenset(stem(w) for w in words if w not in STOP_WORDS))
        scores = np.array(
            [model.word_score(w) for w in words for _ in range(min(words[w], _MAX_WORD_WEIGHT))]
        )
        # A low percentile of the training words' own scores: typos and rare words still pass.
        model.word_threshold = float(np.quantile(scores, _WORD_QUANTILE)) if len(scores) else _UNSEEN
        return model

    def word_score(self, word: str) -> float:
        """Mean trigram log-probability of a word: high for words shaped like the training language."""
        grams = _trigrams(word)
        return sum(self.trigram_logp.get(t, _UNSEEN) for t in grams) / len(grams)

    def knows(self, word: str) -> bool:
        """Is a lower-case word one the router met in training (a stop word counts as met)?"""
        return word in STOP_WORDS or stem(word) in self.vocabulary

    def unfamiliar(self, text: str) -> tuple[int, int]:
        """(content words, those of them that are English words the router never met): "Can my dog eat the
        peanut butter treats?" speaks of things the store's tickets never did; a typo ("picekd") is no English
        word: a content word, never an unfamiliar one."""
        content = [w for w in letter_words(text) if len(w) > 1 and w not in STOP_WORDS]
        return len(content), sum(stem(w) not in self.vocabulary and is_english(w) for w in content)

    def plain_context(self, text: str) -> bool:
        """Whether a text reads as plain words of the router's language, whatever it speaks of: no letter of a
        script the router does not read, PLAIN_LIKENESS of its words word-like, and either PLAIN_FUNCTION of
        them function words ("They were a present from my aunt.") or half its content words known; or no
        letter at all ("717946", "TR-104231"). Text in another language ("c'est inadmissible") or gibberish is
        not."""
        if unread_letters(text):
            return False
        words = [w for w in letter_words(text) if len(w) > 1]
        if not words:
            # Digits and marks only: a code, an order number or a phone number given when asked, no words.
            return not any(c.isalpha() for c in text)
        memo = self._word_codes(words)
        codes = [memo[w] for w in words]
        if sum(c >= 3 for c in codes) < PLAIN_LIKENESS * len(codes):
            return False
        content = [c % 3 for c in codes if c % 3]
        function = len(codes) - len(content)
        return function >= PLAIN_FUNCTION * len(codes) or content.count(2) >= 0.5 * len(content)

    def measures(self, text: str) -> tuple[int, float, float]:
        """(letter words, share that are word-like, share of content words whose stem is known)."""
        words = [w for w in letter_words(text) if len(w) > 1]
        if not words:
            return 0, 0.0, 0.0
        likeness = sum(self.word_score(w) >= self.word_threshold for w in words) / len(words)
        content = [w for w in words if w not in STOP_WORDS]
        coverage = sum(stem(w) in self.vocabulary for w in content) / len(content) if content else 1.0
        return len(words), likeness, coverage

    def measures_many(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`measures` of every text as three arrays (letter words, likeness, coverage); each distinct word
        is scored and stemmed once, and remembered for later calls."""
        return self._measured(texts)[0]

    def measures_and_ceilings(
        self, texts: Sequence[str]
    ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
        """`measures_many` and `ceiling` of every text, from one reading of their words."""
        measures, per_text = self._measured(texts)
        return measures, np.fromiter(map(_ceiling, texts, per_text), dtype=np.float64, count=len(texts))

    def _word_codes(self, words: Sequence[str]) -> dict[str, int]:
        """The memo of word codes, holding every one of `words`: (3 when word-like, else 0) + (0 for a stop
        word, 1 an unknown content word, 2 a known one); emptied when the model's parts change or it grows
        too big."""
        parts = (self.trigram_logp, self.word_threshold, self.vocabulary)
        if len(self._memo_for) != 3 or any(a is not b for a, b in zip(self._memo_for, parts, strict=True)):
            self._memo, self._memo_for = {}, parts
        if len(self._memo) > WORD_MEMO_SIZE:
            self._memo = {}
        memo = self._memo
        for w in dict.fromkeys(words):
            if w not in memo:
                known = 0 if w in STOP_WORDS else 1 + (stem(w) in self.vocabulary)
                memo[w] = 3 * (self.word_score(w) >= self.word_threshold) + known
        return memo

    def _measured(
        self, texts: Sequence[str]
    ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], list[list[str]]]:
        """`measures_many`, and each text's letter words of two letters or more."""
        per_text = [[w for w in letter_words(t) if len(w) > 1] for t in texts]
        flat = [w for words in per_text for w in words]
        memo = self._word_codes(flat)
        code = np.fromiter(map(memo.__getitem__, flat), dtype=np.int64, count=len(flat))
        row = np.repeat(np.arange(len(texts)), [len(words) for words in per_text])
        n = np.bincount(row, minlength=len(texts))
        content = np.bincount(row, weights=code % 3 > 0, minlength=len(texts))
        with np.errstate(invalid="ignore", divide="ignore"):
            # Counts are exact in float64, so each share is the one Python's int / int gives.
            likeness = np.bincount(row, weights=code >= 3, minlength=len(texts)) / n
            coverage = np.bincount(row, weights=code % 3 == 2, minlength=len(texts)) / content
        likeness[n == 0] = 0.0
        coverage[content == 0] = 1.0
        coverage[n == 0] = 0.0
        return (n, likeness, coverage), per_text

    def features(
        self,
        texts: Sequence[str],
        proba: np.ndarray,
        novelty: np.ndarray | None = None,
        measures: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Calibrator inputs per text: top log-odds, margin over the runner-up, likeness, coverage, length,
        and the encoder's distance to the nearest category over its threshold (0 without an encoder).
        `measures` is `measures_many(texts)` when the caller has it already."""
        top2 = np.sort(proba, axis=1)[:, -2:] if proba.shape[1] > 1 else np.hstack([proba * 0, proba])
        p1 = np.clip(top2[:, 1], 1e-6, 1 - 1e-6)
        p2 = np.clip(top2[:, 0], 1e-6, 1 - 1e-6)
        n, likeness, coverage = self.measures_many(texts) if measures is None else measures
        return np.column_stack(
            [
                np.log(p1 / (1 - p1)),
                np.log(p1 / p2),
                likeness,
                coverage,
                np.log1p(n.astype(np.float64)),
                np.zeros(len(texts)) if novelty is None else np.minimum(novelty, _MAX_NOVELTY),
            ]
        )

    def gate(self, text: str) -> tuple[bool, float]:
        """(out of scope by rule, confidence ceiling) for one text."""
        n, likeness, coverage = self.measures(text)
        if n == 0 or likeness < MIN_LIKENESS or coverage < MIN_COVERAGE:
            return True, 0.0
        return False, (SHORT_CAP if n < MIN_WORDS or likeness < MIXED_LIKENESS else 1.0)

    @staticmethod
    def gate_many(measures: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """`gate` of every text from its `measures_many`: (out of scope by rule, confidence ceiling)."""
        n, likeness, coverage = measures
        out = (n == 0) | (likeness < MIN_LIKENESS) | (coverage < MIN_COVERAGE)
        cap = np.where(out, 0.0, np.where((n < MIN_WORDS) | (likeness < MIXED_LIKENESS), SHORT_CAP, 1.0))
        return out, cap

    # -- persistence: plain arrays, no pickle ------------------------------------------------------------
    def arrays(self) -> dict[str, Any]:
        """The model as arrays for an .npz."""
        grams = sorted(self.trigram_logp)
        return {
            "scope_trigrams": np.array(grams, dtype=np.str_),
            "scope_logp": np.array([self.trigram_logp[g] for g in grams], dtype=np.float32),
            "scope_threshold": np.array([self.word_threshold]),
            "scope_vocabulary": np.array(sorted(self.vocabulary), dtype=np.str_),
        }

    @classmethod
    def from_arrays(cls, npz: Any) -> ScopeModel:
        """Rebuild from `arrays()` output read back from an .npz."""
        logp = dict(
            zip(npz["scope_trigrams"].tolist(), npz["scope_logp"].astype(float).tolist(), strict=True)
        )
        return cls(logp, float(npz["scope_threshold"][0]), frozenset(npz["scope_vocabulary"].tolist()))


def ceiling(text: str) -> float:
    """A confidence ceiling from what the text is made of, beside the word measures (`ScopeModel.gate`):
    SHORT_CAP for a text
    - with fewer than MIN_WORDS distinct words ("refund refund refund refund" says what "refund" says),
    - with no content word at all ("the the the the", "where is it?"),
    - or with MAX_UNREAD_LETTERS letters of a script the router does not read ("..., 我要起诉你们");
    else 1.

    Not a rule: two unknown or not word-like content words in a row (a phrase in another Latin-script
    language, "... pozwę was do sądu"). Tried 2026-12-04: a router trained on a few hundred of a brand's
    tickets knows too few words, and it capped plain English ("I moved last week, ... 9 Elm St")."""
    return _ceiling(text, [w for w in letter_words(text) if len(w) > 1])


def _ceiling(text: str, words: list[str]) -> float:
    """`ceiling` of a text from its letter words of two letters or more."""
    distinct = set(words)
    if len(distinct) < MIN_WORDS or distinct <= STOP_WORDS or unread_letters(text) >= MAX_UNREAD_LETTERS:
        return SHORT_CAP
    return 1.0
