"""Typos read as the frequent word one keystroke away; real words, short words and names left alone."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from phasegate.bundled import ROUTER_DIR
from phasegate.triage.english import english_words
from phasegate.triage.features import FittedView, ViewSpec
from phasegate.triage.router import Router
from phasegate.triage.spelling import CONTRACTIONS, Speller, one_edit, respeller

#: Training-text counts of a few stems, as a router's stem view gives them.
DOCUMENTS = {
    "refund": 900.0,
    "password": 400.0,
    "address": 300.0,
    "order": 2000.0,
    "light": 50.0,
    "charg": 500.0,
}
SPELLER = Speller(DOCUMENTS, frozenset({"flight", "lights"}))
BUNDLED = Router.load(ROUTER_DIR)


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("refnud", "refund"),  # two letters swapped
        ("refnd", "refund"),  # a letter dropped
        ("reffund", "refund"),  # a letter doubled
        ("passwird", "password"),  # a letter changed
        ("adress", "address"),
        ("chraged", "charg"),  # the swap is in the word without its ending: "chrag" for "charg"
    ],
)
def test_a_typo_of_a_frequent_word_reads_as_that_word(typo: str, word: str) -> None:
    assert SPELLER.correction(typo) == word
    assert SPELLER.respell(f"I need my {typo.upper()} now") == f"I need my {word} now"


@pytest.mark.parametrize(
    "text",
    [
        "flight",  # a real word the router never met: one edit from "light", but English
        "lights",  # an inflection of one
        "ordr",  # four letters: too many neighbours to guess
        "wrefund",  # the first letter is never the typo
        "password",  # known words stay
        "refunded",  # so do their inflections
        "qwertyuiop",
    ],
)
def test_words_that_are_not_typos_of_a_known_word_are_read_as_written(text: str) -> None:
    assert SPELLER.respell(text) == text


def test_a_typo_met_often_in_training_is_the_routers_own_word() -> None:
    """A misspelling in a twentieth as many texts as the right word or more is one the router learnt."""
    known = Speller({**DOCUMENTS, "pasword": 25.0}, frozenset())
    rare = Speller({**DOCUMENTS, "pasword": 15.0}, frozenset())
    assert known.correction("pasword") is None
    assert rare.correction("pasword") == "password"


def test_the_most_frequent_of_several_corrections_wins() -> None:
    speller = Speller({"boots": 30.0, "booths": 300.0}, frozenset())
    assert speller.correction("boohts") == "booths"


@pytest.mark.parametrize(("bare", "written"), sorted(CONTRACTIONS.items()))
def test_a_contraction_without_its_apostrophe_gets_it_back(bare: str, written: str) -> None:
    assert SPELLER.respell(f"{bare.capitalize()} it") == f"{written} it"


@given(st.text(alphabet="abcdefghij", min_size=2, max_size=9), st.data())
def test_one_edit_holds_for_each_kind_of_single_edit_and_not_for_two(word: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(word) - 1))
    c = data.draw(st.sampled_from("xyz"))
    edits = [word[:i] + word[i + 1 :], word[:i] + c + word[i:], word[:i] + c + word[i + 1 :]]
    if i + 1 < len(word):
        edits.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    for edited in edits:
        assert one_edit(word, edited) and one_edit(edited, word)
    assert not one_edit(word, "xy" + word) and not one_edit(word, word[:i] + "zz" + word[i + 1 :])


def test_the_english_word_list_is_the_bundled_vocabulary() -> None:
    words = english_words()
    assert len(words) > 20_000
    assert {"flight", "song", "order", "password"} <= words
    assert not {"refnud", "pasword", "adress"} & words


def test_a_router_without_a_stem_view_respells_nothing() -> None:
    view = FittedView(ViewSpec("char_wb", (2, 4)), ["ab"], [1.0])
    assert respeller([view], 100) is None


def test_the_bundled_router_routes_a_typo_as_it_routes_the_word() -> None:
    """Before, "I need a refnud for the damaged blender" was out of scope (P(fits) 0.37)."""
    typo, right = BUNDLED.predict(
        ["I need a refnud for the damaged blender", "I need a refund for the damaged blender"]
    )
    assert typo.category == right.category == "refund_request"
    assert abs(typo.confidence - right.confidence) < 1e-9


def test_the_bundled_router_keeps_off_topic_words_off_topic() -> None:
    """Words of other domains one edit from store words ("song" ~ "long", "score" ~ "store") are English."""
    texts = ["play my favourite song", "what is my credit score", "book a flight to rome"]
    assert all(BUNDLED.read(t) == t for t in texts)
    assert all(p.category is None for p in BUNDLED.predict(texts))


def test_typos_cost_the_bundled_router_little_routing() -> None:
    """Plain asks with a generated typo each route as they do spelt right, nearly always."""
    asks = [
        "I want a refund for my order",
        "please update my shipping address",
        "I forgot my password and cannot sign in",
        "where is my package, it has not arrived",
        "I would like to cancel my order",
        "how do I return these shoes",
        "the blender arrived damaged",
        "what is your return policy",
    ]
    rng = random.Random(4)
    same = 0
    for text in asks:
        words = text.split()
        i = max(range(len(words)), key=lambda k: (len(words[k]), rng.random()))
        w = words[i]
        j = rng.randrange(1, len(w) - 1)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        typo, right = BUNDLED.predict([" ".join(words), text])
        same += typo.category == right.category
    assert same == len(asks)


@given(
    st.lists(
        st.sampled_from(["cant", "Im", "refnud", "adress", "x", "scant", "'", " ", "'s", ".", "İ", "refund"]),
        max_size=12,
    )
)
def test_respell_finds_the_words_to_replace_as_the_word_by_word_reference_does(parts: list[str]) -> None:
    """The fast path (distinct words looked up, only the replaced ones found) equals the reference, but for
    a word chained to others by two apostrophes ("rock'n'roll"), which it leaves as written."""
    text = "".join(parts)
    assume(re.search(r"[A-Za-z]'[A-Za-z]+'[A-Za-z]", text) is None)
    assert SPELLER.respell(text) == SPELLER.respell_reference(text)
