"""Inflection-aware phrase matching: whole words, regular inflections, no look-alikes."""

from __future__ import annotations

import pytest

from phasegate.triage.lexicon import PhraseMatcher, inflections
from tests.triage import agreement, corpus


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("sue", {"sue", "sues", "sued", "suing"}),
        ("lawyer", {"lawyer", "lawyers"}),
        ("review", {"review", "reviews", "reviewed", "reviewing"}),
        ("injury", {"injury", "injuries"}),
        ("burn", {"burn", "burns", "burned", "burnt", "burning"}),
        ("stab", {"stabbed", "stabbing"}),
    ],
)
def test_inflections_cover_regular_forms(word: str, forms: set[str]) -> None:
    """Each word's plural, past and gerund forms are generated."""
    assert forms <= set(inflections(word))


def test_already_inflected_entries_stay_put() -> None:
    """An entry like "choking" is not inflected again into "chokinging"."""
    assert "chokinging" not in inflections("choking")


@pytest.mark.parametrize(
    "text",
    ["I will sue you", "we are suing", "they sued me", "I'll talk to my lawyers", "Sue's Lawyer"],
)
def test_matches_inflected_whole_words(text: str) -> None:
    """Inflected forms match on word boundaries, in any case."""
    assert PhraseMatcher(["sue", "lawyer"]).find(text)


@pytest.mark.parametrize(
    "text",
    ["suede boots", "this issue again", "pursue a refund", "lawyerly", "a preview of the page", "fireproof"],
)
def test_ignores_words_inside_other_words(text: str) -> None:
    """A keyword inside a longer word never matches."""
    assert not PhraseMatcher(["sue", "lawyer", "review", "fire"]).find(text)


def test_hyphenated_compounds_do_not_match() -> None:
    """ "fire" does not match in "fire-resistant" or "non-fire", but does in "a fire"."""
    m = PhraseMatcher(["fire"])
    assert not m.find("a fire-resistant jacket")
    assert not m.find("the non-fire model")
    assert m.find("there was a fire.")


def test_phrases_allow_spacing_and_inflection() -> None:
    """Multi-word entries tolerate extra spaces and hyphens and inflect each content word."""
    m = PhraseMatcher(["legal action", "caught fire"])
    assert [h.entry for h in m.find("we will take Legal  Actions")] == ["legal action"]
    assert [h.text for h in m.find("it caught-fire")] == ["caught-fire"]


def test_exclusions_veto_overlapping_hits() -> None:
    """A "!phrase" entry drops hits it overlaps, and only those."""
    m = PhraseMatcher(["burn", "!burnt orange"])
    assert not m.find("the burnt orange throw")
    assert [h.text for h in m.find("burnt orange, and it burnt my hand")] == ["burnt"]


def test_a_capitalised_word_in_an_exclusion_is_a_name_matched_without_inflections() -> None:
    """ "!i'm Sue" vetoes "I'm Sue from accounts" (any case) but not "I'm suing": a name is not inflected,
    where a lower-case exclusion word is ("!i'm sue" would veto "I'm suing" too)."""
    named = PhraseMatcher(["sue", "!i'm Sue"])
    assert not named.find("Hi, I'm sue from accounts")
    assert [h.text for h in named.find("I'm suing")] == ["suing"]
    assert not PhraseMatcher(["sue", "!i'm sue"]).find("I'm suing")


def test_longest_entry_wins() -> None:
    """At one position the longer phrase is reported, not its first word."""
    hits = PhraseMatcher(["fire", "caught fire"]).find("it caught fire")
    assert [h.entry for h in hits] == ["caught fire"]


def test_curly_apostrophes_match_straight_ones() -> None:
    """A typed curly apostrophe matches an entry written with a straight one."""
    assert PhraseMatcher(["can't cope"]).find("I can’t cope anymore")


# -- the word-selected alternation equals the whole list's alternation ----------------------------------


def test_selected_entries_find_what_the_whole_list_finds() -> None:
    """`find` (only the entries whose key word the text holds) returns exactly what the one alternation of
    every entry returns, for every detector list, on plain, obfuscated, normalised and long texts.

    The whole alternation is slow on long texts (minutes for all of them on every list), so each list reads
    every short text and a quarter of the long concatenations, a different quarter for each list in turn:
    every long text is read by two lists."""
    from phasegate.triage.lexicon import matcher

    texts = agreement.texts()
    short = [t for t in texts if len(t) <= _LONG_TEXT]
    long = [t for t in texts if len(t) > _LONG_TEXT]
    assert len(long) > 400
    for k, (name, entries) in enumerate(agreement.lists().items()):
        m = matcher(entries)
        read = short + long[k % 4 :: 4]
        differ = [t for t in read if m.find(t) != m._find_full(t)]
        assert not differ, (name, differ[:3])
        assert sum(bool(m.find(t)) for t in read) > 20, name  # the lists do match these texts


#: Characters above which an agreement text counts as long (the concatenations of about 25 texts).
_LONG_TEXT = 1_000


def test_many_selected_entries_and_a_full_cache_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the subset cache cleared every time and texts that select the whole list, hits stay the same."""
    from phasegate.triage import lexicon

    monkeypatch.setattr(lexicon, "_SUBSETS_KEPT", 1)
    for entries in agreement.lists().values():
        m = PhraseMatcher(entries)
        dense = ", ".join(e.lstrip("!") for e in entries)
        for text in (dense, dense.upper(), " ".join(reversed(entries)), entries[0] + " " + entries[-1]):
            assert m.find(text) == m._find_full(text)


def test_ascii_texts_split_into_the_same_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Translating and splitting an ASCII text gives the words and tokens the regular expressions give:
    on the corpus, every ASCII character beside a word, and apostrophes leading, trailing, doubled and
    repeated."""
    from phasegate.triage import lexicon

    every = "".join(chr(c) for c in range(128))
    texts = [*corpus.texts(), every, every.upper()]
    texts += [f"ab{chr(c)}cd {chr(c)}x_1{chr(c)}" for c in range(128)]
    texts += ["can't won't o'neil's 'quoted' rock'n'roll x''y '' ' a' 'b don't' I'M", "snake_case __x__ 3rd"]
    texts = [t for t in texts if t.isascii()]
    fast = [(lexicon.tokens.__wrapped__(t), lexicon.word_runs(t)) for t in texts]
    monkeypatch.setattr(lexicon, "SPLIT_ASCII", False)
    slow = [(lexicon.tokens.__wrapped__(t), lexicon.word_runs(t)) for t in texts]
    assert len(texts) > 1000
    for text, f, s in zip(texts, fast, slow, strict=True):
        assert f == s, text


def test_a_word_of_one_letter_repeated_is_matched_as_written() -> None:
    """An acronym of one letter ("bbb") gets no single-letter variants: read as "bb" it matched "BB cream"."""
    from phasegate.triage.lexicon import single_letter_variants

    assert single_letter_variants("bbb") == {"bbb"}
    assert single_letter_variants("attorney") == {"attorney", "atorney"}
    m = PhraseMatcher(["bbb"])
    assert m.find("I filed a complaint with the BBB") != []
    assert m.find("my bb cream arrived broken") == []
