"""Sentiment for the frustration signal: VADER's compound score, exact, in time linear in the text.

`FastVader` gives the stock analyzer's scores (tests/triage/test_frustration.py pins them equal) but runs
VADER's per-word rules only on lexicon words and reads only the three words either side of the word scored;
`needs_vader` says, from the text's words alone, whether VADER could find a text negative at all, so most
texts are never scored (only negativity counts as frustration).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)
from vaderSentiment.vaderSentiment import normalize as vader_normalize

from phasegate.triage.lexicon import tokens


class FastVader(SentimentIntensityAnalyzer):  # type: ignore[misc]  # vaderSentiment ships no types
    """VADER with the same scores, in time linear in the text: as shipped, two of its checks lower-case the
    whole message again for every word they look at (a 2,000-character email cost tens of milliseconds).
    They read at most three words either side of the word being scored, so they are handed only those
    (tests/triage/test_frustration.py pins equal scores against the stock analyzer)."""

    def _negation_check(self, valence: float, words: list[str], start_i: int, i: int) -> float:
        # Reads words i - 3 .. i; called only with i > start_i, so no index is negative.
        lo = max(0, i - 3)
        out: float = SentimentIntensityAnalyzer._negation_check(valence, words[lo : i + 1], start_i, i - lo)
        return out

    def _special_idioms_check(self, valence: float, words: list[str], i: int) -> float:
        # Reads words i - 3 .. i + 2 and whether i + 1, i + 2 exist; called only with i > 2.
        if i < 3:
            full: float = SentimentIntensityAnalyzer._special_idioms_check(valence, words, i)
            return full
        out: float = SentimentIntensityAnalyzer._special_idioms_check(valence, words[i - 3 : i + 3], 3)
        return out

    def _valence(
        self,
        lw: list[str],
        cased: list[str] | None,
        i: int,
        is_cap_diff: bool,
        negated: frozenset[str],
        idioms: bool,
    ) -> float:
        """`sentiment_valence` for lexicon word i, on words lower-cased once (the stock code lower-cases its
        neighbours again for each check). `cased[j].isupper()` is VADER's word j's (read only when
        `is_cap_diff`); a word after none of _MODIFIERS nor the text's words with "n't" (`negated`) in the
        three before it keeps its lexicon valence; `idioms` is whether the text holds a word every idiom and
        two-word booster holds."""
        lexicon = self.lexicon
        low = lw[i]
        if (
            low != "no"
            and _MODIFIERS.isdisjoint(window := lw[i - 3 : i] if i >= 3 else lw[:i])
            and (not negated or negated.isdisjoint(window))
            and not (idioms and i > 2 and not _IDIOM_WORDS.isdisjoint(lw[i - 3 : i + 3]))
        ):
            # The stock rules, step by step, change nothing here but the capitals (pinned in the tests).
            valence: float = lexicon[low]
            if is_cap_diff and cased is not None and cased[i].isupper():
                valence = valence + C_INCR if valence > 0 else valence - C_INCR
            return valence
        valence = lexicon[low]
        if low == "no" and i != len(lw) - 1 and lw[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lw[i - 1] == "no")
            or (i > 1 and lw[i - 2] == "no")
            or (i > 2 and lw[i - 3] == "no" and lw[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[low] * N_SCALAR
        caps = is_cap_diff and cased is not None
        if caps and cased[i].isupper():  # type: ignore[index]  # cased is set when caps
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
        for start_i in range(3):
            if i > start_i and lw[i - (start_i + 1)] not in lexicon:
                # vaderSentiment.scalar_inc_dec: 0.0 but for a booster word, read on the lower-cased word
                # and (for capitals) the word as written.
                before = i - (start_i + 1)
                scalar = 0.0
                if lw[before] in BOOSTER_DICT:
                    scalar = BOOSTER_DICT[lw[before]]
                    if valence < 0:
                        scalar *= -1
                    if caps and cased[before].isupper():  # type: ignore[index]
                        scalar = scalar + C_INCR if valence > 0 else scalar - C_INCR
                if start_i == 1 and scalar != 0:
                    scalar = scalar * 0.95
                if start_i == 2 and scalar != 0:
                    scalar = scalar * 0.9
                valence = valence + scalar
                valence = _negation(valence, lw, start_i, i)
                if start_i == 2 and idioms and not _IDIOM_WORDS.isdisjoint(lw[i - 3 : i + 3]):
                    # an idiom or a two-word booster is words of this window, joined by spaces
                    valence = self._special_idioms_check(valence, lw, i)
        if i > 0 and lw[i - 1] == "least":  # _least_check changes nothing after any other word
            valence = self._least_check(valence, lw, i)
        return valence

    def compound(self, text: str) -> float:
        """`polarity_scores(text)["compound"]`, the only score read here, computed on VADER's lexicon words
        alone: a word outside the lexicon adds zero to the sum the compound normalises, so the per-word
        checks run only where a word can score (pinned equal to the stock analyzer in the tests)."""
        if not text.isascii() and not _emoji_chars(self).isdisjoint(text):
            # Emoji become their descriptions, as polarity_scores writes them; none holds an emoji, so the
            # text is then scored as a text without (the stock path for safety, should a list change that).
            described = _describe_emoji(self, text)
            if not _emoji_chars(self).isdisjoint(described):
                return float(self.polarity_scores(text)["compound"])
            text = described
        text = text.strip()
        low_text = text.lower()
        # SentiText's words: split on white space, punctuation stripped unless that leaves an emoticon.
        cased: list[str] | None
        if text.isascii():
            # Lower-casing an ASCII text keeps its white space and every word's length and punctuation, so
            # its words are the lower-cased text's, found without lower-casing each word again.
            lowers = [w if len(t := w.strip(_PUNCTUATION)) <= 2 else t for w in low_text.split()]
            cased = None
        else:
            cased = [w if len(t := w.strip(_PUNCTUATION)) <= 2 else t for w in text.split()]
            lowers = [w.lower() for w in cased]
        lexicon = self.lexicon
        held = set(lowers)
        present = lexicon.keys() & held
        if not present:
            return 0.0
        # Whether some but not all words are in capitals (VADER's allcap_differential), read only if needed;
        # stripping punctuation changes no word's isupper(), so the white-space chunks answer for the words.
        is_cap_diff = False
        if text != low_text:
            if cased is None:
                cased = text.split()
            is_cap_diff = any(map(str.isupper, cased)) and not all(map(str.isupper, cased))
        # VADER's negations include every word holding "n't": this text's, beside the fixed modifiers.
        negated = frozenset(w for w in held if "n't" in w) if "n't" in low_text else _NO_WORDS
        idioms = not _IDIOM_KEYS.isdisjoint(held)
        last = len(lowers) - 1
        scored: dict[int, float] = {}
        for i, low in enumerate(lowers):
            if (
                low not in present
                or low in BOOSTER_DICT
                or (low == "kind" and i < last and lowers[i + 1] == "of")
            ):
                continue
            scored[i] = self._valence(lowers, cased, i, is_cap_diff, negated, idioms)
        if not scored:
            return 0.0
        values = list(scored.values())
        if "but" in held:
            _but(list(scored), values, lowers.index("but"))
        total = float(sum(values))
        emphasis = self._punctuation_emphasis(text)
        if total > 0:
            total += emphasis
        elif total < 0:
            total -= emphasis
        return round(float(vader_normalize(total)), 4)


_PUNCTUATION = string.punctuation
#: The words of VADER's multi-word idioms and boosters ("kiss of death", "sort of").
_IDIOM_WORDS = frozenset(w for key in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in key for w in key.split(" "))
_NEGATE = frozenset(w.lower() for w in NEGATE)
_NO_WORDS: frozenset[str] = frozenset()
#: Words that change the valence of a lexicon word up to three words after them (as does any word holding
#: "n't"): negations, boosters and dampeners, "no", "least", "never so", "so", "this".
_MODIFIERS = _NEGATE | frozenset(BOOSTER_DICT) | {"no", "least", "never", "without", "so", "this"}
#: Every idiom and two-word booster holds one of these words (its words but the commonest): a text without
#: any needs no idiom check.
_IDIOM_KEYS = frozenset(
    w
    for key in (*SPECIAL_CASES, *BOOSTER_DICT)
    if " " in key
    for w in (set(key.split(" ")) - {"the", "of", "to", "for", "just"} or key.split(" "))
)


def _but(places: list[int], values: list[float], but: int) -> None:
    """VADER's `_but_check` on the scored words alone (`values` at word `places`, in order; every other word
    scores 0.0), in place: halve before the first "but", half as much again after it. The stock rule walks
    the whole list and finds each value's place by `list.index`, which is its first equal value's, so an
    earlier equal value may be rescaled in its stead; a word scoring 0.0 stays 0.0 (0.0 times anything) and
    is never found for another value, so the scored words' list, searched the same way, changes alike."""
    for value in values.copy():  # the values as the stock loop meets them: none changed before its turn
        at = values.index(value)
        if places[at] < but:
            values[at] = value * 0.5
        elif places[at] > but:
            values[at] = value * 1.5


def _negated(word: str) -> bool:
    return word in _NEGATE or "n't" in word


def _negation(valence: float, lw: list[str], start_i: int, i: int) -> float:
    """VADER's `_negation_check` on lower-cased words (the same rules, read without copying the list)."""
    if start_i == 0:
        if _negated(lw[i - 1]):
            valence = valence * N_SCALAR
    elif start_i == 1:
        if lw[i - 2] == "never" and lw[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif lw[i - 2] == "without" and lw[i - 1] == "doubt":
            pass
        elif _negated(lw[i - 2]):
            valence = valence * N_SCALAR
    elif start_i == 2:
        if (lw[i - 3] == "never" and lw[i - 2] in ("so", "this")) or lw[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif lw[i - 3] == "without" and (lw[i - 2] == "doubt" or lw[i - 1] == "doubt"):
            pass
        elif _negated(lw[i - 3]):
            valence = valence * N_SCALAR
    return valence


@lru_cache(maxsize=1)
def _emoji_chars(vader: SentimentIntensityAnalyzer) -> frozenset[str]:
    """The single characters VADER replaces by a description (none is ASCII)."""
    return frozenset(k for k in vader.emojis if len(k) == 1)


def _describe_emoji(vader: SentimentIntensityAnalyzer, text: str) -> str:
    """The text with each emoji replaced by its description as polarity_scores writes it: after a space
    unless it starts the text or follows one (an emoji after an emoji gets one too), nothing after it. Only
    the runs outside ASCII are read (every emoji is there)."""
    emoji, descriptions = _emoji_chars(vader), vader.emojis
    out, last = [], 0
    for run in _NOT_ASCII.finditer(text):
        for at in range(run.start(), run.end()):
            if text[at] in emoji:
                description: str = descriptions[text[at]]
                out.append(text[last:at])
                out.append(" " + description if at > 0 and text[at - 1] != " " else description)
                last = at + 1
    out.append(text[last:])
    return "".join(out)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=1)
def vader() -> FastVader:
    """VADER's lexicon loads once per process (it reads a file)."""
    return FastVader()


@lru_cache(maxsize=1)
def vader_triggers() -> frozenset[str]:
    """Tokens without which VADER cannot score a text below zero: its negative words, negations, and the
    words of its negative idioms ("yeah right", "kiss of death", "broken heart")."""
    negative = {w for w, v in vader().lexicon.items() if v < 0}
    return frozenset(negative | {w.lower() for w in NEGATE} | {"least", "right", "death", "heart"})


def needs_vader(text: str) -> bool:
    """Whether VADER could find this text negative; only negativity counts here, and VADER is the slowest
    cue, so a text with none of its triggers (nor emoji, which it reads as words) is scored 0 unread."""
    triggers = vader_triggers()
    words = tokens(text)
    if not triggers.isdisjoint(words):
        return True
    low = text.lower()
    if ("n't" in low or "n’t" in low) and any("n't" in w for w in words):
        return True
    if not triggers.isdisjoint(low.split()):  # emoticons such as ":(" are whitespace tokens
        return True
    return not text.isascii() and any(ord(c) > 0x2000 for c in text)
