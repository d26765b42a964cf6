"""The English word list's glued-run cut: which runs it reads as words and which it leaves whole."""

from __future__ import annotations

import pytest

from phasegate.triage.english import LONGEST_GLUED, segment


@pytest.mark.parametrize(
    ("run", "words"),
    [
        ("mylawyer", ("my", "lawyer")),
        ("seeyouincourt", ("see", "you", "in", "court")),
        ("talktomylawyer", ("talk", "to", "my", "lawyer")),
        ("neveragain", ("never", "again")),
    ],
)
def test_a_run_of_common_words_is_cut_into_them(run: str, words: tuple[str, ...]) -> None:
    """Common words written without spaces come apart where a word-frequency cut puts the gaps."""
    assert segment(run) == words


@pytest.mark.parametrize("run", ["recieved", "becuase", "overbooked", "lawyer", "qwrtzpx"])
def test_typos_words_and_mash_are_not_cut(run: str) -> None:
    """A typo, one word, or letters that are no words have no cut (pieces like "ed" or "re" are no words)."""
    assert segment(run) is None


def test_words_of_a_list_may_be_pieces_when_asked() -> None:
    """A word outside the common words is a piece only when the caller names it ("bbb")."""
    assert segment("reportyoutothebbb") is None
    assert segment("reportyoutothebbb", frozenset({"bbb"})) == ("report", "you", "to", "the", "bbb")


def test_runs_past_the_longest_are_not_read() -> None:
    """A run longer than LONGEST_GLUED (a hash, a key) is not cut, however it would split."""
    assert segment("my" * (LONGEST_GLUED // 2 + 1)) is None
