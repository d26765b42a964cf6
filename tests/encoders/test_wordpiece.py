"""The pure-Python WordPiece tokenizer: BERT uncased splitting and greedy longest-match sub-words."""

from __future__ import annotations

from phasegate.encoders.wordpiece import WordPiece

VOCAB = ["[PAD]", "[UNK]", "un", "##want", "##ed", "want", ",", "runn", "##ing", "cafe", "?"]


def test_greedy_longest_match_with_continuation_pieces() -> None:
    """ "unwanted running" splits into un ##want ##ed runn ##ing, as BERT does."""
    wp = WordPiece(VOCAB)
    assert [VOCAB[i] for i in wp.ids("unwanted running")] == ["un", "##want", "##ed", "runn", "##ing"]


def test_lower_cases_strips_accents_and_splits_punctuation() -> None:
    """ "Café, WANT?" is cafe , want ? (accents stripped, punctuation its own word)."""
    wp = WordPiece(VOCAB)
    assert [VOCAB[i] for i in wp.ids("Café, WANT?")] == ["cafe", ",", "want", "?"]


def test_a_word_with_no_full_split_is_one_unknown() -> None:
    """A word the vocabulary cannot cover end to end becomes a single [UNK]."""
    wp = WordPiece(VOCAB)
    assert wp.ids("wantz") == [wp.unk_id]
    assert wp.ids("") == []
