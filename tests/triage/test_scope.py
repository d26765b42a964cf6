"""Scope rules fitted on training text: word-likeness, known vocabulary, length; saved as plain arrays."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from phasegate.bundled import ROUTER_DIR
from phasegate.triage import scope
from phasegate.triage.router import Router
from phasegate.triage.scope import (
    MIN_WORDS,
    MIXED_LIKENESS,
    SHORT_CAP,
    ScopeModel,
    letter_words,
    letter_words_reference,
)
from phasegate.triage.training import SEED_TICKETS, read_examples
from tests.conftest import DATA
from tests.triage import variants

BUNDLED = Router.load(ROUTER_DIR).scope
assert BUNDLED is not None


def _model() -> ScopeModel:
    return ScopeModel.fit(read_examples(SEED_TICKETS).texts)


def _probes(kind: str) -> list[str]:
    rows = [
        json.loads(line) for line in (DATA / "scope_probes.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    return [r["text"] for r in rows if r["kind"] == kind]


def test_letter_words_fold_accents_and_drop_other_scripts() -> None:
    """Accents fold to Latin letters; Cyrillic or CJK text has no Latin words at all."""
    assert letter_words("Dónde está") == ["donde", "esta"]
    assert letter_words("Где мой заказ") == []


def test_customer_english_is_in_scope() -> None:
    """A plain ask in the training language passes every rule with no ceiling."""
    assert _model().gate("I need to change the delivery address on my order") == (False, 1.0)


def test_keyboard_mash_is_out_of_scope() -> None:
    """Gibberish fails the word-likeness or vocabulary rule (the probes are never trained on)."""
    model = _model()
    ruled = [model.gate(text)[0] for text in _probes("gibberish")]
    assert sum(ruled) >= len(ruled) - 1


def test_other_languages_are_out_of_scope() -> None:
    """Spanish, German, Russian or Chinese asks are not in the trained language or vocabulary."""
    model = _model()
    assert all(model.gate(text)[0] for text in _probes("non_english"))


def test_too_short_text_is_capped_below_autonomy() -> None:
    """Fewer than MIN_WORDS words caps the confidence at SHORT_CAP."""
    out, cap = _model().gate("refund please")
    assert len(letter_words("refund please")) < MIN_WORDS
    assert not out and cap == SHORT_CAP


def test_text_half_keyboard_mash_is_capped_below_autonomy() -> None:
    """A text whose words are half keyboard mash ("jkfdsl order jfkdls status") keeps its category but is
    capped at SHORT_CAP; one unfamiliar word among plain ones (a surname) is not (the bundled router's
    scope: a model fitted on the few seed tickets knows too few words and rules the first out)."""
    model = BUNDLED
    n, likeness, _ = model.measures("jkfdsl order jfkdls status")
    assert n >= MIN_WORDS and likeness < MIXED_LIKENESS
    assert model.gate("jkfdsl order jfkdls status") == (False, SHORT_CAP)
    assert model.gate("where is my Szczepanski order") == (False, 1.0)


@pytest.mark.parametrize(
    "text",
    [
        "my order tracking says delivered but nothing here, 我要起诉你们",
        "where is my order? Я подам на вас в суд",
        "refund please, 返金してください",
        "refund refund refund refund",
        "order order order order order order",
        "the the the the the",
        "where is it?",
        "where is my order 10234? আমি মরতে চাই",  # Bengali: seven letters and three vowel signs
    ],
)
def test_text_the_router_cannot_read_whole_is_capped_below_autonomy(text: str) -> None:
    """A part in a script the router does not read, a single word repeated, or no content word at all: the
    English words left are not enough to be sure of, so the ceiling is SHORT_CAP."""
    assert scope.ceiling(text) == SHORT_CAP


@pytest.mark.parametrize(
    "text",
    [
        "Dónde está mi pedido, where is my order?",
        "My name is Olga Иванова, where is my order?",
        "ｗｈｅｒｅ ｉｓ ｍｙ ｏｒｄｅｒ",
        "please change the address of my order",
        "write to 王伟@example.com about my refund",
        "hi i ordered the blue wool coat in a medium, where is it?",
        "I moved last week, can you update the shipping address on my order to 9 Elm St?",
        "have i overspent on hoagies this week at bb&t bankj",
    ],
)
def test_latin_text_and_a_name_in_another_script_keep_their_confidence(text: str) -> None:
    """Accents, full-width Latin letters, one name in another script, an e-mail address, and English asks
    with words a router may never have seen, do not cap (the ceiling reads no vocabulary: a router trained on
    a brand's few hundred tickets knows few words)."""
    assert scope.ceiling(text) == 1.0


@pytest.mark.parametrize("source", ["bundled", "seed"])
def test_batch_ceilings_equal_one_text_at_a_time(source: str) -> None:
    """measures_and_ceilings gives every text of a batch the ceiling `ceiling` gives it alone, and the same
    measures as measures_many: on the corpus variants (obfuscated, long, cut) and on mixed-language texts."""
    model = BUNDLED if source == "bundled" else _model()
    mixed = [
        "where is my order, pozwę was do sądu",
        "Olga Иванова here, my refund?",
        "refund please 返金してください",
        "hoagies bankj",
        "the the the",
        "",
        "12345",
    ]
    texts = [*variants.texts(), *mixed]
    measures, ceilings = model.measures_and_ceilings(texts)
    assert ceilings.tolist() == [scope.ceiling(t) for t in texts]
    assert all(np.array_equal(a, b) for a, b in zip(measures, model.measures_many(texts), strict=True))
    assert 0 < (ceilings < 1).sum() < len(texts)


def test_the_router_applies_the_ceiling() -> None:
    """The bundled router's confidence on a ticket half in Chinese stays under SHORT_CAP, while the English
    half alone routes with confidence above it."""
    router = Router.load(ROUTER_DIR)
    english = "my order tracking says delivered but nothing here"
    alone, mixed = router.predict([english, english + ", 我要起诉你们"])
    assert alone.confidence > SHORT_CAP >= mixed.confidence


def test_round_trip_through_arrays() -> None:
    """The model saved as arrays (no pickle) measures the same after loading."""
    model = _model()
    buf = io.BytesIO()
    np.savez(buf, **model.arrays())
    buf.seek(0)
    with np.load(buf, allow_pickle=False) as npz:
        loaded = ScopeModel.from_arrays(npz)
    text = "my parcel never arrived, can you check the tracking"
    assert loaded.measures(text) == model.measures(text)


def test_email_addresses_and_links_are_not_words() -> None:
    """An e-mail address or a link adds no words, so it cannot make an ask look off-topic or gibberish."""
    from phasegate.triage.scope import letter_words

    assert letter_words("change my email to ana.new@example.org, see https://x.example/a?b=c") == [
        "change",
        "my",
        "email",
        "to",
        "see",
    ]


def test_letter_words_equal_the_character_by_character_reference() -> None:
    """The ASCII shortcut, the identifier prefilter and the translate table find exactly the words the
    one-character-at-a-time fold finds, on the corpus and its obfuscated, long and cut variants."""
    texts = [*variants.texts(), "WWW.Shop.example/x", "HTTPS://x.example", "a\u0301b c\u0336d", "ǅemal ﬁle"]
    assert [letter_words(t) for t in texts] == [letter_words_reference(t) for t in texts]


def _batch_differences(model: ScopeModel, texts: list[str]) -> list[str]:
    """Texts whose batch measures or gate differ from `measures` and `gate` one text at a time."""
    n, likeness, coverage = model.measures_many(texts)
    out, cap = ScopeModel.gate_many((n, likeness, coverage))
    return [
        t
        for k, t in enumerate(texts)
        if (int(n[k]), float(likeness[k]), float(coverage[k])) != model.measures(t)
        or (bool(out[k]), float(cap[k])) != model.gate(t)
    ]


@pytest.mark.parametrize("source", ["bundled", "seed"])
def test_batch_measures_equal_one_text_at_a_time(source: str) -> None:
    """measures_many and gate_many give, per text, exactly what measures and gate give (shares to the bit)."""
    model = Router.load(ROUTER_DIR).scope if source == "bundled" else _model()
    assert model is not None
    texts = list(variants.texts())
    assert _batch_differences(model, texts) == []
    # Remembered words give the same answers a second time, in another batch.
    assert _batch_differences(model, texts[::-5]) == []


def test_word_memo_follows_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed threshold or a full memo is never answered from stale memory."""
    model = _model()
    texts = list(variants.texts())[:300]
    model.measures_many(texts)
    model.word_threshold += 1.0
    assert _batch_differences(model, texts) == []
    monkeypatch.setattr(scope, "WORD_MEMO_SIZE", 3)
    assert _batch_differences(model, texts) == []


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("They were a present from my aunt.", True),
        ("I'm a nurse and work night shifts.", True),
        ("C'est inadmissible, je suis très fâchée.", False),
        ("Estoy harta de esperar, es una vergüenza.", False),
        ("asdkj qwpeoi zmxnc", False),
        ("my son needs it by monday 我要起诉你们", False),
        ("717946", True),  # a code typed when asked
        ("TR-104231 / 555-0100", True),
        ("x", False),
    ],
)
def test_plain_context_is_plain_words_of_the_routers_language(text: str, plain: bool) -> None:
    """Context the router has no words for still reads as its language; another language or gibberish not."""
    bundled = Router.load(ROUTER_DIR)
    assert bundled.scope is not None
    assert bundled.scope.plain_context(text) is plain
