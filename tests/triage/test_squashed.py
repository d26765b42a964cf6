"""Crisis phrases read with the spaces between words ignored: run together, split differently, spaced out."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phasegate.policy.schema import Policy
from phasegate.triage import squashed
from phasegate.triage.conversation import from_texts
from phasegate.triage.detectors import SELF_HARM, SELF_HARM_LOOKALIKES, self_harm
from tests.triage import corpus

POLICY = Policy()
PHRASES = tuple(p for p in SELF_HARM if squashed.indexable(p))


def crisis(text: str) -> bool:
    """Whether the crisis signal fires on one customer message."""
    return self_harm(from_texts([text]), POLICY).fired


@pytest.mark.parametrize(
    "text",
    [
        "k i l l m y s e l f",
        "honestly i could just killmyself",
        "I'm going to kill my self",
        "end. my. life.",
        "#wanttodie",
        "KILLMYSELF",
        "k1ll my s3lf tonight",
        "better off with out me",
        "there is no thing to live for",
        "#iwanttodie",  # glued to the "I" before it (twelfth session)
    ],
)
def test_phrases_split_or_run_together_fire(text: str) -> None:
    """A crisis phrase whose words are run together or split elsewhere still fires the crisis signal."""
    assert crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "I want to diet before the wedding",
        "they kill my selfie game",
        "I learnt that skill myself",
        "watching suicidesquad tonight",
        "I overdosed on coffee lol",  # "overdose" is a whole-word entry: the ordinary matcher's call
        "the end, my lifelong friend",
        "iwanttodiet",
    ],
)
def test_words_that_only_straddle_a_phrase_do_not_fire(text: str) -> None:
    """A phrase must start and end on word edges, and a look-alike ("suicide squad") never fires."""
    # The ordinary matcher may fire on its own terms; the squashed reading must add nothing here.
    assert not squashed.find(text, PHRASES, SELF_HARM_LOOKALIKES)


def test_a_look_alike_overlapping_the_phrase_drops_it() -> None:
    """A look-alike that overlaps a phrase, not only one that holds it, drops it, as the ordinary matcher
    drops a match overlapping an exclusion: "hurt myself on the" beside "gonna hurt myself"."""
    assert not crisis("i'm gonna hurt my self on the ladder, the step is loose")
    assert crisis("i'm gonna hurt my self tonight")


def test_evidence_quotes_the_customers_own_characters() -> None:
    """The evidence of a squashed match is the customer's text from the phrase's first to last letter."""
    text = "please, i just want to k i l l m y s e l f now"
    s = self_harm(from_texts([text]), POLICY)
    assert s.fired and s.evidence[0].text == "k i l l m y s e l f"


@given(st.sampled_from(PHRASES), st.randoms(use_true_random=False))
def test_any_regrouping_of_a_phrases_letters_fires(phrase: str, rnd: random.Random) -> None:
    """Whatever the spaces between a phrase's letters (none, one per letter, anywhere), it fires."""
    letters = squashed.squash(phrase).letters
    out = "".join(c + (" " if rnd.random() < 0.3 else "") for c in letters).strip()
    assert squashed.find(f"hello. {out}. thanks", PHRASES, SELF_HARM_LOOKALIKES), out


@given(st.sampled_from(PHRASES), st.randoms(use_true_random=False))
def test_a_letter_doubled_or_undoubled_still_fires(phrase: str, rnd: random.Random) -> None:
    """A phrase with letters written twice ("kiil mysself") or a double written once ("kil myself") still
    fires: the scan reads a run of one letter once, and the quick test before it must read the same."""
    written = "".join(c * rnd.choice((1, 1, 2)) if c.isalpha() else c for c in phrase)
    assert squashed.find(f"hello. {written}. thanks", PHRASES, SELF_HARM_LOOKALIKES), written


@pytest.mark.parametrize(
    "text", ["kiil myself", "kill  mysself", "i want to kiill myseelf", "endd myy life", "wanna k1ll mysellf"]
)
def test_doubled_letters_fire_the_crisis_signal(text: str) -> None:
    """Doubled letters inside a crisis phrase (missed before: the quick test read the letters as written)."""
    assert crisis(text)


def test_quick_test_never_hides_a_match() -> None:
    """`may_hold` is False only where the full scan finds nothing (corpus texts and regrouped phrases)."""
    regrouped = [squashed.squash(p).letters for p in PHRASES] + [p.replace(" ", "") for p in PHRASES]
    rnd = random.Random(3)
    regrouped += ["".join(c * rnd.choice((1, 2)) for c in p) for p in PHRASES for _ in range(3)]
    samples = [*corpus.texts(), *regrouped, "k i l l m y s e l f", "end. my. life.", "kill my self"]
    found = 0
    for text in samples:
        if squashed.scan(text, PHRASES, SELF_HARM_LOOKALIKES):
            found += 1
            assert squashed.may_hold(text, PHRASES), text
    assert found >= len(PHRASES)


def test_quick_test_is_whether_a_phrase_is_among_the_texts_letters() -> None:
    """On ASCII text, `may_hold` answers exactly whether some phrase's squashed letters occur among the text's
    squashed letters: its trigram table only spares the search for phrases that cannot occur. Ordinary text
    is ruled out."""
    index = squashed.index(PHRASES)
    letters = [squashed.squash(p).letters for p in PHRASES]
    rnd = random.Random(7)
    texts = [t for t in corpus.texts() if t.isascii()]
    texts += [
        f"{rnd.choice(texts)} {rnd.choice(PHRASES).replace(' ', rnd.choice(('', ' ', '. ')))}"
        for _ in range(300)
    ]
    texts = [t for t in texts if t.isascii()] + ["", "kil", "k i l l m y s e l", "killmyselg"]
    held = 0
    for text in texts:
        expected = any(w in squashed._runs_once(text.translate(squashed._ASCII_LETTERS)) for w in letters)
        assert index.may_hold(text) == expected, text
        held += expected
    assert 200 <= held < len(texts) - 100


@pytest.mark.parametrize(
    "turns",
    [
        ("my order is late", "k i l l m y s e l f"),
        (
            "thanks, I took a look",
            "kiil myself tonight",
        ),  # the first turn ends with the letter the phrase opens with
        ("hello", "ok", "i want to endmylife"),
    ],
)
def test_a_phrase_in_a_later_turn_fires(turns: tuple[str, ...]) -> None:
    """The quick test reads all turns at once; a squashed phrase in any one turn still fires."""
    assert self_harm(from_texts(list(turns)), POLICY).fired
