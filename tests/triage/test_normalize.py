"""Normalisation before the detectors: what it undoes, what it leaves alone, where evidence points, and that
no spelling in the supported set (tests/triage/obfuscate.py) hides a trigger word of any class."""

from __future__ import annotations

import os
from collections.abc import Callable
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phasegate.policy import Policy
from phasegate.triage import frustration
from phasegate.triage.analysis import signals
from phasegate.triage.conversation import from_texts
from phasegate.triage.detectors import SELF_HARM, human_request, keyword_signal, keyword_signals, self_harm
from phasegate.triage.english import english_words
from phasegate.triage.frustration import _ANGER
from phasegate.triage.normalize import fold, normalize, readings, readings_of
from phasegate.triage.schemas import Signal
from tests.conftest import DATA
from tests.triage.obfuscate import obfuscated

POLICY = Policy()
CLEAN = [
    line
    for line in (DATA / "triage" / "clean_messages.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
#: Sentences that carry a trigger word; none holds a one-letter word beside it, a negation or another trigger.
TEMPLATES = ("{}", "Hello, {} and I need help with my order", "Regarding order A-5521: {}. Thanks")
#: Random, not derandomized: every run searches new spellings (stretched and spaced-out letters together
#: included). PHASEGATE_PROPS_EXAMPLES raises the count for a deeper search (1,500 found the last gaps).
PROPS = settings(
    max_examples=int(os.environ.get("PHASEGATE_PROPS_EXAMPLES", "150")),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("lаwyer", "lawyer"),  # Cyrillic а
        ("ｌａｗｙｅｒ", "lawyer"),
        ("𝐥𝐚𝐰𝐲𝐞𝐫", "lawyer"),
        ("law\u200byer", "lawyer"),
        ("l̶a̶w̶y̶e̶r̶", "lawyer"),
        ("l4wyer", "lawyer"),
        ("r3fund", "refund"),
        ("$ue", "sue"),
        ("L4WYER", "LAWYER"),
        ("l a w y e r", "lawyer"),
        ("l.a.w.y.e.r", "lawyer"),
        ("l-a-w-y-e-r", "lawyer"),
        ("lawyyyerrr", "lawyer"),
        ("l  a  w  w  y  e  r", "lawyer"),  # a letter spaced out twice reads once
        ("n e e e v e r", "never"),  # stretched and spaced out
        ("L.A.W.W.W.Y.E.R", "LAWYER"),
        ("get a l a w y e r", "get a lawyer"),
        ("café résumé", "cafe resume"),
        ("l—a—w—y—e—r", "lawyer"),
        ("my attorney—Mr. Blake—will call", "my attorney Mr. Blake will call"),  # an em dash parts words
        ("a well-known brand", "a well-known brand"),
        ("l4wy€r", "lawyer"),  # a currency sign touching a letter is a letter
        ("paid €50, 50€ back", "paid €50, 50€ back"),  # beside a number it is money
        ("l🔥a🔥w🔥y🔥e🔥r", "lawyer"),  # a picture spacing letters out reads as a dot
        ("my l❤️a❤️w❤️y❤️e❤️r", "my lawyer"),  # with its variation selector
        ("s★u★e you", "sue you"),
        ("YOU👏NEED👏TO👏REFUND", "YOU👏NEED👏TO👏REFUND"),  # between words it stays
    ],
)
def test_each_obfuscation_is_undone(written: str, read: str) -> None:
    """Each kind of disguise reads back as the plain word, case kept."""
    assert normalize(written).text == read


@pytest.mark.parametrize("sep", [" ", ".", "-", "_", "*", "/", ". ", " - "])
def test_spaced_out_words_of_two_letters_each_read_as_words(sep: str) -> None:
    """Pairs kept apart by a gap wider than their own separator are spaced-out words even with no longer
    run beside them: "M y    m p" is "My    mp", and the review list's "my mp" fires (found by the
    obfuscation property test)."""
    gap = "    " if not sep.strip() else "   "
    text = f"hello {gap.join(sep.join(w) for w in ('My', 'mp'))} today"
    assert normalize(text).text == f"hello My{gap}mp today"
    assert keyword_signal("review_threat", from_texts([text]), POLICY).fired


def test_a_spaced_run_that_is_an_english_word_whole_keeps_its_opening_a() -> None:
    """ "a g a i n" reads "again", not the article and "gain": "n e v e r    a g a i n" then has one reading,
    whose anger cue frustration finds (the primary reading "never a gain" scored higher on sentiment and hid
    it; found by the obfuscation property test). A run that is no word whole still reads both ways, the
    article first ("g e t    a l a w y e r" fires the legal list)."""
    assert [r.text for r in readings("N e v e r r r    a g a i n")] == ["Never    again"]
    assert "anger" in frustration.frustration(from_texts(["N e v e r r r    a g a i n"]), 0.6).detail
    # The word is judged as leetspeak will read it: "a g 4 i n n" is "again" too.
    assert "anger" in frustration.frustration(from_texts(["N E V 3 r    a g 4 i n n"]), 0.6).detail
    assert [r.text for r in readings("I need a l a w y e r")] == ["I need a lawyer", "I need alawyer"]
    assert keyword_signal("legal_threat", from_texts(["g e t    a l a w y e r"]), POLICY).fired


def test_every_reading_shouts_as_loud_as_the_first() -> None:
    """A reading changes letters, not their case. "II1IISSS5SS" read with its 1 as an l is "IILIIS", a
    capitalised word the customer never wrote: its shouting no longer outscores the anger cue "enough is
    enough" of the first reading. And "APP4L1LL1LING", longer with its 1s read as i, no longer out-shouts
    its reading "APPALING" that holds the anger word, which keeps the first reading's shouting and its
    evidence (both found by the obfuscation property test)."""
    sig = frustration.frustration(from_texts(["ENOUGH̶ II1IISSS5SS eeeen0o0oоu9h"]), 0.6)
    assert "anger" in sig.detail and "shouting" not in sig.detail
    text = "A\u2060AA\xadA\u2060P\xad\u0335\u200dP\ufeff4L\xad\u03081\u2060LL\u200d\u03361\xadL\u0303IN\u01f4"
    sig = frustration.frustration(from_texts([text]), 0.6)
    assert "anger" in sig.detail and "shouting" in sig.detail
    assert "shouting" in frustration.frustration(from_texts(["I AM SO D1SAPPOINTED WITH THIS"]), 0.6).detail


def test_a_leetspeak_symbol_joined_to_a_letter_keeps_it_out_of_a_spaced_run() -> None:
    """ "FI|E A d!spute": the "E" after "|" and the "d" before "!" belong to the words "FI|E" and "d!spute",
    so "E A d" is no spaced-out word (it was read "FIlEAdispute", and "file a dispute" went unseen; found by
    the obfuscation property test at 3,000 examples)."""
    text = "FI|E A̵ d!spppppu7t7te"
    assert normalize(text).text == "FILE A dispute"
    assert keyword_signal("third_party_claim", from_texts([text]), POLICY).fired


@pytest.mark.parametrize("text", ["Q & A   session", "see p. 4  of it", "A 1,  B 2", "m.y  mp", "i  m  ok"])
def test_pairs_not_side_by_side_past_a_wider_gap_stay_apart(text: str) -> None:
    """A pair alone, pairs parted by more than space, or a gap no wider than the pairs' separator, are left
    as written."""
    assert normalize(text).text == text


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("my Iawyer", "my lawyer"),
        ("kiII myself", "kill myself"),
        ("my lavvyer", "my lawyer"),
        ("Iegal", "legal"),
    ],
)
def test_letters_drawn_as_others_get_a_second_reading(written: str, read: str) -> None:
    """A capital I for l and "vv" for w are read in an alternate reading; the primary keeps the text."""
    assert read in [r.text for r in readings(written)]
    assert normalize(written).text != read


def test_a_capital_i_that_makes_an_english_word_stays_an_i_beside_one_drawn_for_l() -> None:
    """Case mixed into a phrase whose other word draws its l as I: "dId not pIace" reads "dId not place"
    (before, the drawn reading made it "dld not place" and the primary "piace": no reading held it)."""
    assert "dId not place tHis Order" in [r.text for r in readings("dId not pIace tHis Order")]
    assert "tIme to call my lawyer" in [r.text for r in readings("tIme to caII my Iawyer")]


def test_a_capital_i_in_a_stretched_word_is_judged_as_the_word_once_unstretched() -> None:
    """ "wIiiith" is "with" stretched, so its I is an i, beside "cIaim" drawn for "claim" (found by the
    obfuscation property test: the drawn reading made it "wlith" and the claim went unseen)."""
    assert "claim wIth paypal" in [r.text for r in readings("cI4im ԝIιіιтһ рaуpaӏ")]
    assert keyword_signal("third_party_claim", from_texts(["cI4im ԝIιіιтһ рaуpaӏ"]), POLICY).fired


@pytest.mark.parametrize("text", ["It is In Iowa", "I am Ivan, I think", "WILL YOU HELP", "Illinois, Idaho"])
def test_ordinary_capital_i_gets_no_second_reading(text: str) -> None:
    """The pronoun, capitalised words and shouting are not letters drawn as others: one reading only."""
    assert len(readings(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "my 3rd time asking, 2nd email, 1st order",
        "delivery by 5pm, 10am slot, 2kg parcel, 1-star, 5 stars",
        "order A-5521, W1234567, tracking 1Z999AA10123456784",
        "paid US$49.99 and $50, covid19 mask, mp3 player, ps5",
        "the BBB and AAA batteries, XXL and zzz",
        "e.g. a refund, P.S. I love it, i.e. the label",
        "I'LL SEE YOU IN COURT!!!",
    ],
)
def test_numbers_acronyms_and_abbreviations_stay_as_written(text: str) -> None:
    """Numbers, ordinals, units, ids, money, acronyms and dotted abbreviations are not read as disguises."""
    assert normalize(text).text == text


def test_addresses_are_masked_one_for_one() -> None:
    """Email addresses and links are blanked (same length) so a name in them reads as no threat."""
    n = normalize("write to sue.baker@example.com or https://example.com/sue now")
    assert n.text == "write to " + "_" * 21 + " or " + "_" * 23 + " now" and n.offsets is None


def test_spaced_phrases_join_two_letter_words_beside_longer_ones() -> None:
    """ "i n" joins inside a spaced phrase; two lone letters elsewhere ("a b", "U S") stay apart."""
    # "s e e" reads "se": a letter spaced out twice reads once, and keyword entries match it so.
    assert normalize("s e e    y o u    i n    c o u r t").text == "se    you    in    court"
    assert normalize("plan a b or U S").text == "plan a b or U S"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("f. r. o. n. t   o. f   a   j. u. d. g. e", "front   of   a   judge"),
        ("i-n   f-r-o-n-t   O-F   a   j-u-d-g-e", "in   front   OF   a   judge"),
        ("s*e*e   u   i*n   c*o*u*r*t", "se   u   in   court"),
        ("l  a  w  y  e  r", "lawyer"),  # a wide space between letters alone is still one spaced-out word
        ("a  b  c", "abc"),
    ],
)
def test_a_wide_gap_between_spaced_out_words_joins_no_letters(written: str, read: str) -> None:
    """Where words are spaced out by one separator and kept apart by a wider gap, the gaps around a one-letter
    word are not a spaced-out word of their own: "f   a   j" in "o. f   a   j. u. d. g. e" stays three words'
    letters (read as one, "in front of a judge" went unseen)."""
    assert normalize(written).text == read


def test_ambiguous_spellings_get_a_second_reading() -> None:
    """ "1" may be an i or an l, and a spaced word may start with "a": both readings are offered."""
    assert [r.text for r in readings("1awyer")] == ["iawyer", "lawyer"]
    assert [r.text for r in readings("a l a w y e r")] == ["a lawyer", "alawyer"]
    # A run that is an English word whole keeps its "a" (its doubles read once, then read as the word).
    assert [r.text for r in readings("a t t o r n e y")] == ["atorney", "attorney"]
    # Both ambiguities at once get the reading that takes both alternates.
    assert "alergy" in [r.text for r in readings("a 1 l e r g y")]
    assert [r.text for r in readings("plain words")] == ["plain words"]


def test_invisible_characters_between_letters_are_also_read_as_spaces() -> None:
    """An invisible character between letters hides a word ("law\u200byer", read joined) or stands for a
    space ("ignore\u200bprevious"): a second reading takes it as a space, its offsets on the customer's own
    characters, unless the joined word is one English word; a text without one gets no such reading."""
    texts = [r.text for r in readings("ignore\u200bprevious\u2060instructions")]
    assert texts == ["ignorepreviousinstructions", "ignore previous instructions"]
    assert [r.text for r in readings("my law\u200byer")] == ["my lawyer"]
    parted = readings("ignore\u200bprevious")[1]
    assert parted.original[slice(*parted.to_original(7, 15))] == "previous"
    assert len(readings("ignore previous")) == 1


def test_only_words_glued_from_english_words_are_read_parted() -> None:
    """Only the words that invisible characters glue from English words are read apart, each on its own: a
    marked letter (a combining underline or stroke) is no space, and another word's pieces stay joined, so
    "enough is enough" and "fix this now" keep their anger; nor is a glued word that is one English word
    whole, leetspeak and stretched letters read ("iI\ufeffiI\ufeffis\u200bss" is "is", "AN\u200cNO\u200dY!NG"
    "annoying", not "an no ying", which would lose its anger)."""
    assert [r.text for r in readings("N\u0332O\u0336W")] == ["NOW"]
    enough = "E\u200dnN\u200dN0\u200dugH\u2060 \u200ciI\ufeffiI\ufeffis\u200bss Enough"
    assert all(" iI iI " not in r.text for r in readings(enough))
    annoying = "Regarding order A-5521: AN\u200cNO\u200dY\u200c!\ufeffNG\u200d\u0335. Thanks"
    assert all(" AN NO " not in r.text for r in readings(annoying))
    assert len(readings("ignore\u200bprevious")) == 2
    for text in (enough, annoying, "Annn\u200cno\u2060ying", "Fiiixxx 7HISSSS\u0336SS NO\u0332W"):
        assert "anger" in frustration.frustration(from_texts([text]), 0.6).detail, text


def test_fold_maps_keyword_entries_like_text() -> None:
    """Entries are folded the same way, so an accented entry matches accented and plain text alike."""
    assert fold("Anwälte") == "Anwalte" and fold("reseña") == "resena"
    small_capitals = "\u026a \u1d21\u026a\u029f\u029f \ua730\u026a\u0274\u1d05 \ua7af"
    assert fold(small_capitals) == "i will find q"


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None, database=None)
def test_offsets_always_point_into_the_original(text: str) -> None:
    """For any text, every normalised span maps to an in-bounds, ordered span of the original."""
    n = normalize(text)
    if n.offsets is not None:
        assert len(n.offsets) == len(n.text)
        assert list(n.offsets) == sorted(set(n.offsets))
    for start in range(len(n.text)):
        a, b = n.to_original(start, start + 1)
        assert 0 <= a < b <= len(text)


@given(st.lists(st.sampled_from(["where", "is", "my", "order", "please", "thanks", "the", "blue", "coat"])))
@settings(max_examples=100, deadline=None, database=None)
def test_plain_text_is_left_untouched(words: list[str]) -> None:
    """Ordinary ASCII words cost nothing and change nothing: no offsets, same text."""
    text = " ".join(words)
    n = normalize(text)
    assert n.text == text and n.offsets is None and not n.changed


def _points_at(signal: Signal, text: str, start: int, length: int, *, whole: bool = True) -> bool:
    """Whether some evidence span overlaps the inserted words and quotes the original (`whole=False`: a span
    over the whole turn, such as frustration's sentiment, does not count)."""
    for e in signal.evidence:
        if not whole and (e.start, e.end) == (0, len(text)) and e.text != text:
            continue
        if e.start < start + length and start < e.end and text[e.start : e.end].startswith(e.text):
            return True
    return False


def _insert(draw: st.DrawFn, entry: str) -> tuple[str, int, int]:
    template = draw(st.sampled_from(TEMPLATES))
    written = draw(obfuscated(entry))
    prefix = template.split("{}")[0]
    return template.format(written), len(prefix), len(written)


KEYWORD_CLASSES = ("legal_threat", "review_threat", "product_harm", "third_party_claim", "emotional_load")
ENTRIES = [(name, e) for name in (*KEYWORD_CLASSES, "regulated_topic") for e in POLICY.keywords[name]]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # a two-letter word spaced out beside a one-letter word and a longer run
        ("review_threat", "my cousin i.s   A   j.o.u.r.n.a.l.i.s.t   a.n.d would love this story"),
        (
            "emotional_load",
            "sorry, I N    \u00e2    \u0441 a a r    A c C C C C 1 d 3 n n n \u0442 last week",
        ),
        ("self_harm", "I-f   \u03b9   1-\u03b9-\u03bd-\u03bd-\u03bd-3   O-r   D-i-e"),
        # "vv" standing alone for the word "w", and a capital I for l after an i ("viI")
        ("legal_threat", "spotkamy si\u0119 vv s\u0105dzie"),
        ("self_harm", "JE\ufeffGGG\u200bG\u200bGG v\u0308iI D\u00f8"),
        # a stretched i closed by a capital I, beside a "vv" for w (twelfth session)
        (
            "self_harm",
            "\u0456\u03b9\u0456\U0001d408!\u0455\u043f\u0442 "
            "\U0001d42f\U0001d42f\U0001d428\U0001d42b\U0001d42d\U0001d421 "
            "\U0001d425\U0001d422\U0001d422\U0001d422\U0001d422\U0001d42f\U0001d422\U0001d427\U0001d420",
        ),
        # a capital I inside a stretched i ("IiIt" is "it"), beside "TeIl" for "tell" (thirteenth session)
        (
            "legal_threat",
            "T\xade\u200dI\u200d\u0303l \ufeffI\u2060\u0456I\u0442 T\u200bo "
            "\u2060+\ufeff\u0442\u0442\u0442\u2060\u0442\u04bb\u03b5\ufeff \u200cJu\u2060dg\u200d3",
        ),
        # and a capital I between two i's that is an l ("stockpiIing"), as the property search then found
        (
            "self_harm",
            "\u0455\u0442\u2060\u043e\u0441\xadk\ufeff\u0440\u2060iI\u2060\u0456\u200b\u043f\u200dg "
            "\ufeff\u03c1\u200d\u0440\xad\u03c1p\u200bp\u0440\xadi1\xad\u04cf5",
        ),
    ],
)
def test_disguises_the_property_search_found(name: str, text: str) -> None:
    """Disguises a deep run of the property tests below found hiding an entry (eleventh and twelfth
    sessions), pinned."""
    sig = (
        self_harm(from_texts([text]), POLICY)
        if name == "self_harm"
        else keyword_signal(name, from_texts([text]), POLICY)
    )
    assert sig.fired, text


@pytest.mark.parametrize("name", [*KEYWORD_CLASSES, "regulated_topic"])
def test_no_obfuscation_hides_a_keyword(name: str) -> None:
    """Every default entry of the class, in any supported disguise, still fires its signal, with evidence on
    the disguised words as the customer wrote them."""

    @PROPS
    @given(st.data())
    def check(data: st.DataObject) -> None:
        entry = data.draw(st.sampled_from(POLICY.keywords[name]))
        text, start, length = _insert(data.draw, entry)
        sig = keyword_signal(name, from_texts([text]), POLICY)
        assert sig.fired, (entry, text)
        assert _points_at(sig, text, start, length), (entry, text, sig.evidence)

    check()


@PROPS
@given(st.data())
def test_no_obfuscation_hides_crisis_language(data: st.DataObject) -> None:
    """Every built-in self-harm phrase, in any supported disguise, fires the crisis signal."""
    entry = data.draw(st.sampled_from(SELF_HARM))
    text, start, length = _insert(data.draw, entry)
    sig = self_harm(from_texts([text]), POLICY)
    assert sig.fired and _points_at(sig, text, start, length), (entry, text)


@PROPS
@given(st.data())
def test_no_obfuscation_hides_an_anger_word(data: st.DataObject) -> None:
    """Every built-in anger word, disguised, is still a frustration cue pointing at the customer's words."""
    entry = data.draw(st.sampled_from(_ANGER))
    text, start, length = _insert(data.draw, entry)
    sig = frustration.frustration(from_texts([text]), 0.6)
    assert "anger" in sig.detail, (entry, text, sig.detail)
    assert _points_at(sig, text, start, length, whole=False), (entry, text, sig.evidence)


@PROPS
@given(st.data())
def test_no_obfuscation_hides_a_request_for_a_person(data: st.DataObject) -> None:
    """ "speak to a human/agent/person/manager", the last word disguised, is still a request for a person."""
    who = data.draw(st.sampled_from(["human", "agent", "person", "manager", "supervisor"]))
    written = data.draw(obfuscated(who))
    text = f"Can I speak to a {written} please"
    sig = human_request(from_texts([text]), POLICY)
    assert sig.fired, text


@PROPS
@given(st.data())
def test_no_obfuscation_hides_a_brand_keyword(data: st.DataObject) -> None:
    """A word a brand lists under a list of its own fires that list's signal whatever the disguise."""
    word = data.draw(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=10).filter(
            lambda w: not any(w[i] == w[i + 1] == w[i + 2] for i in range(len(w) - 2))
        )
    )
    policy = Policy.model_validate({"keywords": {"recall_notice": [word]}})
    text, start, length = _insert(data.draw, word)
    sig = keyword_signals(from_texts([text]), policy)["recall_notice"]
    assert sig.fired and _points_at(sig, text, start, length), (word, text)


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_messages_fire_nothing(text: str) -> None:
    """Normal customer messages fire no keyword signal, no crisis and no frustration (no false alarms)."""
    fired = [name for name, s in signals(from_texts([text]), POLICY).items() if s.fired]
    assert fired == []


@pytest.mark.parametrize(
    ("text", "name", "fires"),
    [
        ("flawyer", "legal_threat", False),
        ("the lawyers' fees", "legal_threat", True),
        ("I sued... no wait, I mean I used the wrong card", "legal_threat", True),
        ("I was reviewing my order before paying", "review_threat", True),
        ("the preview image", "review_threat", False),
        ("my latte was cold", "emotional_load", False),
        ("Memorial Day sale question", "emotional_load", False),
        ("good grief, the box is huge", "emotional_load", False),
        ("I'LL SEE YOU IN COURT", "legal_threat", True),
        ("my solicitor will write to you", "legal_threat", True),
        ("I did a chargeback with my bank", "legal_threat", False),
        ("I did a chargeback with my bank", "third_party_claim", True),
        ("you'll get a 1-star rating from me", "review_threat", True),
        ("I will tell everyone on tiktok", "review_threat", True),
        ("my father passed away last week", "emotional_load", True),
        ("is this cream ok for eczema?", "regulated_topic", True),
        ("can it cause blood clots or DVT?", "regulated_topic", True),
        ("is this baby formula safe with a milk allergy", "regulated_topic", True),
        ("is this legal? what are my rights", "regulated_topic", True),
        ("is it a choking hazard for a toddler, and does it fit a car seat", "regulated_topic", True),
        ("voy a llamar a mi abogado", "legal_threat", True),
        ("mon avocat vous contactera", "legal_threat", True),
        ("mein Anwalt meldet sich", "legal_threat", True),
    ],
)
def test_what_today_fires_and_what_normalising_must_not_add(text: str, name: str, fires: bool) -> None:
    """Look-alikes stay quiet, the seed's literal rules keep firing, and the new phrases fire."""
    assert keyword_signal(name, from_texts([text]), POLICY).fired is fires


def test_evidence_quotes_the_customer_not_the_normalised_text() -> None:
    """A disguised word's evidence has the customer's offsets and characters."""
    text = "I will call my l.a.w.y.e.r and my lаwyer"
    sig = keyword_signal("legal_threat", from_texts([text]), POLICY)
    assert [(e.start, e.end, e.text) for e in sig.evidence] == [
        (15, 26, "l.a.w.y.e.r"),
        (34, 40, "lаwyer"),
    ]
    assert all(text[e.start : e.end] == e.text for e in sig.evidence)


def test_prefilters_change_no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks that skip the leetspeak and stretch scans leave every reading (text and offsets) of the
    agreement texts, long ones included, as the full scans make it."""
    from phasegate.triage import normalize as module
    from tests.triage import agreement

    base = list(agreement.originals())
    texts = base + [" ".join(base[i : i + 25]) for i in range(0, len(base), 25)]
    modes = [{}, {"one_as_l": True}, {"keep_article": False}, {"one_as_l": True, "keep_article": False}]

    def run() -> list[module.Normalized]:
        return [module._normalize(t, **mode) for t in texts for mode in modes]  # type: ignore[arg-type]

    fast = run()
    monkeypatch.setattr(module, "PREFILTER", False)
    assert fast == run()
    assert sum(n.changed for n in fast) > 1000


def test_readings_of_a_plain_conversation_equal_the_rebuilt_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """readings_of gives equal readings (conversation and per-turn maps) whether or not a conversation with
    nothing to undo is returned as it is."""
    from phasegate.triage import normalize as module
    from phasegate.triage.conversation import Conversation
    from tests.triage import agreement

    base = list(agreement.originals())
    convs = [from_texts([t]) for t in base[:3000]]
    convs += [from_texts(base[i : i + 3]) for i in range(0, 600, 3)] + [Conversation((), 2)]

    def run() -> list[tuple[module.Reading, ...]]:
        for cached in (module.readings_of, module.readings, module.normalize):
            cached.cache_clear()
        return [module.readings_of(c) for c in convs]

    fast = run()
    monkeypatch.setattr(module, "PREFILTER", False)
    slow = run()
    for cached in (module.readings_of, module.readings, module.normalize):
        cached.cache_clear()
    assert fast == slow
    assert sum(len(r) == 1 and r[0].conversation == c for r, c in zip(fast, convs, strict=True)) > 1000


def test_leet_check_from_character_classes_agrees_with_its_expression() -> None:
    """The leetspeak check read from translated characters says what `_LEET_TOUCH` says: on every pair of
    ASCII characters, the agreement texts and non-ASCII look-alikes (fullwidth letters and digits, the
    click letter that looks like "!")."""
    from phasegate.triage import normalize as module
    from tests.triage import agreement

    ascii_chars = [chr(c) for c in range(128)]
    texts = [a + b for a in ascii_chars for b in ascii_chars]
    texts += ["ａ１ ｂ!", "\u01c3a", "a\u01c3", "Ａ1", ""]
    texts += list(agreement.originals())
    for text in texts:
        assert module._leet_touch(text) == bool(module._LEET_TOUCH.search(text)), text


def test_capital_i_check_starting_on_its_i_agrees_with_the_pattern_it_stands_for() -> None:
    """`_may_draw`'s search written to start on the "I" finds an "I" exactly where `_CAPITAL_I_AS_L` does:
    on every triple of ASCII characters around an "I", the agreement texts and non-ASCII neighbours."""
    from phasegate.triage import normalize as module
    from tests.triage import agreement

    ascii_chars = [chr(c) for c in range(128)]
    texts = [a + "I" + b + c for a in ascii_chars for b in ascii_chars for c in "aZ1 "]
    texts += ["éIa", "ΣIa", "Iawyer", "kiII", "I", "", "a\nIu", "ÀIe"]
    texts += list(agreement.originals())
    assert sum(bool(module._CAPITAL_I_AS_L.search(t)) for t in texts) > 1000
    for text in texts:
        assert bool(module._CAPITAL_I_AS_L_ANYWHERE.search(text)) == bool(
            module._CAPITAL_I_AS_L.search(text)
        ), text


@pytest.mark.parametrize(
    ("text", "name", "said"),
    [
        ("my laawyer will call you", "legal_threat", "laawyer"),
        ("I will suue you", "legal_threat", "suue you"),
        ("see you in courrt", "legal_threat", "see you in courrt"),
        ("My LAWYERR, now.", "legal_threat", "LAWYERR"),
        ("the charger caught fiire", "product_harm", "caught fiire"),
        ("i want to diee", "self_harm", "want to diee"),
    ],
)
def test_a_key_word_with_one_letter_doubled_still_fires(text: str, name: str, said: str) -> None:
    """A list's key word written with one letter twice reads as the word, in a reading of its own, and the
    evidence quotes the customer's spelling."""
    s = signals(from_texts([text]), POLICY)[name]
    assert s.fired and s.evidence[0].text == said


def test_every_single_word_entry_fires_with_any_one_letter_doubled() -> None:
    """For the one-word entries of the legal, harm and crisis lists, doubling any single letter (where the
    word has it once) never hides the entry (ASCII entries: "anwälte" doubled is not guarded, a known gap)."""
    from random import Random

    rnd = Random(11)
    cases = [
        (name, e)
        for name in ("legal_threat", "product_harm", "review_threat")
        for e in POLICY.keywords[name]
        if e.isalpha() and e.isascii() and len(e) >= 3
    ] + [("self_harm", e) for e in SELF_HARM if e.isalpha() and e.isascii() and len(e) >= 3]
    assert len(cases) > 30
    for name, entry in cases:
        i = rnd.randrange(len(entry))
        if (i > 0 and entry[i - 1] == entry[i]) or (i + 1 < len(entry) and entry[i + 1] == entry[i]):
            continue  # a double already: written once is the lists' own variant
        doubled = f"{entry[: i + 1]}{entry[i]}{entry[i + 1 :]}"
        if doubled in english_words():
            continue  # an English word as it stands ("son" doubled is "soon"): that word, not the entry
        text = f"hello, {doubled} today"
        assert signals(from_texts([text]), POLICY)[name].fired, text


@pytest.mark.parametrize(
    ("text", "name", "said"),
    [
        ("I want to k*ll myself", "self_harm", "k*ll myself"),
        ("I WANT TO K*LL MYSELF", "self_harm", "K*LL MYSELF"),
        ("been thinking about s**cide lately", "self_harm", "s**cide"),
        ("my l*wyer will call you", "legal_threat", "l*wyer"),
        ("see you in c*urt", "legal_threat", "see you in c*urt"),
        # A contraction's letter and an article before a masked word are no spaced-out word ("i'mab*rden").
        ("honestly i'm a b*rden to everyone", "self_harm", "i'm a b*rden to"),
    ],
)
def test_a_guarded_word_with_letters_masked_still_fires(text: str, name: str, said: str) -> None:
    """A safety list's word censored with asterisks ("k*ll", "s**cide") reads as the word, in a reading of its
    own, and the evidence quotes the customer's spelling."""
    s = signals(from_texts([text]), POLICY)[name]
    assert s.fired and s.evidence[0].text == said


def _fires_with_one_word_rewritten(
    rewrite: Callable[[Random, str], str | None], shortest: int, seed: int
) -> int:
    """For every entry of the legal, review, harm and crisis lists, one word of `shortest` letters or more
    rewritten (`rewrite` returns None to skip it): the entry's signal still fires. Returns how many were
    tried."""
    rnd = Random(seed)
    cases = [
        (name, e)
        for name in ("legal_threat", "product_harm", "review_threat")
        for e in POLICY.keywords[name]
        if not e.startswith("!")
    ] + [("self_harm", e) for e in SELF_HARM]
    tried = 0
    for name, entry in cases:
        words = entry.split()
        at = [i for i, w in enumerate(words) if w.isascii() and w.isalpha() and len(w) >= shortest]
        if not at:
            continue
        k = rnd.choice(at)
        written = rewrite(rnd, words[k])
        if written is None:
            continue
        text = "hello, " + " ".join([*words[:k], written, *words[k + 1 :]]) + " today"
        assert signals(from_texts([text]), POLICY)[name].fired, text
        tried += 1
    return tried


def test_every_guarded_entry_fires_with_a_letter_of_a_word_masked() -> None:
    """Masking one inner letter of a word of four letters or more (two side by side in a word of six or more)
    never hides an entry, unless that spelling is shared by two guarded words ("h*rt"), read as neither."""
    from phasegate.triage import normalize as module

    def mask(rnd: Random, w: str) -> str | None:
        two = len(w) >= 6 and rnd.random() < 0.5
        i = rnd.randrange(1, len(w) - (2 if two else 1))
        masked = w[:i] + ("**" if two else "*") + w[i + (2 if two else 1) :]
        return masked if module._masked_table().get(masked.lower()) is not None else None

    assert _fires_with_one_word_rewritten(mask, 4, seed=3) > 300


@pytest.mark.parametrize(
    ("text", "name", "said"),
    [
        ("been thinking about 5u1c1d3 lately", "self_harm", "5u1c1d3"),
        ("I will 5U3 you", "legal_threat", "5U3 you"),
        ("ki11 myself", "self_harm", "ki11 myself"),
    ],
)
def test_a_guarded_word_all_in_leetspeak_still_fires(text: str, name: str, said: str) -> None:
    """A safety word written with more digits than the primary reading reads as letters ("5u1c1d3", "5U3",
    "ki11") reads as the word in a reading of its own; evidence quotes the customer's spelling."""
    s = signals(from_texts([text]), POLICY)[name]
    assert s.fired and s.evidence[0].text == said


def test_every_guarded_entry_fires_with_a_word_all_in_leetspeak() -> None:
    """One word of three letters or more with every letter that has a digit written as it ("1" for i, or for
    l in a word without an i) never hides an entry."""

    def leet(rnd: Random, w: str) -> str | None:
        digits = {"a": "4", "b": "8", "e": "3", "g": "9", "o": "0", "s": "5", "t": "7"}
        digits["i" if "i" in w else "l"] = "1"
        written = "".join(digits.get(c, c) for c in w)
        return None if written == w or not any(c.isalpha() for c in written) else written

    assert _fires_with_one_word_rewritten(leet, 3, seed=7) > 300


def test_ids_and_numbers_fire_nothing_read_as_guarded_words() -> None:
    """Order ids, tracking numbers, seats, flights and prices fire no signal, though "d13" spells "die": a
    crisis entry needs its other words ("want to die")."""
    for text in ("order A-5521, tracking 1Z999AA10123456784", "seat d13 on ua3", "room 101", "$50 or 5$"):
        assert len(readings(text)) <= 2
        assert [n for n, s in signals(from_texts([text]), POLICY).items() if s.fired] == [], text


def test_asterisks_outside_guarded_words_add_no_reading() -> None:
    """Emphasis, footnotes and masked words no list holds are left as written: one reading."""
    for text in ("this is *really* bad", "price* may vary", "f*ck this", "I will s*e you", "a ** b"):
        assert len(readings(text)) == 1, text


def test_a_doubled_spelling_of_a_guarded_form_is_not_read_as_another() -> None:
    """ "stopped" is an inflection of a guarded word as written, not "stoped" doubled: no extra reading."""
    assert len(readings("it stopped working")) == 1


def test_a_doubled_spelling_that_is_an_english_word_is_that_word() -> None:
    """ "soon" is not "son" with its o doubled, "caress" not "cares": no extra reading for every list to read
    again, while a doubled spelling that is no word ("suue") still reads as the guarded word."""
    assert len(readings("please send it as soon as possible")) == 1
    assert len(readings("I will suue you")) == 2


def test_stretches_tried_inside_runs_match_the_full_scan() -> None:
    """Reading stretched letters only inside runs of three finds `_STRETCH.finditer`'s matches exactly: on
    random strings of letters in both cases, marks, digits, "_" and the Kelvin sign; on stretched words."""
    from random import Random

    from phasegate.triage import normalize as module

    rnd = Random(5)
    alphabet = "aAoObB!. kK\u212a_1"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 24))) for _ in range(20_000)]
    texts += ["sooo good", "ooooh", "ooooo!", "aAaAa", "xxx yyy", "nooooo way", "hmmmmm", "baaa", "aaab"]
    assert sum(bool(module._STRETCH.search(t)) for t in texts) > 1000
    for text in texts:
        fast = [(m.start(), m.end()) for m in module._stretches(text)]
        assert fast == [(m.start(), m.end()) for m in module._STRETCH.finditer(text)], text


def test_leetspeak_runs_found_outward_match_the_pattern() -> None:
    """Finding leetspeak runs from their digits and symbols outward gives `_LEET_RUN.finditer` exactly: on
    random strings of letters, digits, leetspeak symbols, separators and a non-ASCII letter."""
    from random import Random

    from phasegate.triage import normalize as module

    rnd = Random(9)
    alphabet = "ab51!+|@$ _-.é0x"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(50_000)]
    texts += ["I will 5U3 you", "ki11 myself!!", "5u1c1d3", "order A-5521", "$50, 5$", "sue!", "0!0|é"]
    for text in texts:
        low = text.lower()
        assert module._leet_runs(low) == [
            (m.start(), m.end(), m.group(0)) for m in module._LEET_RUN.finditer(low)
        ]


@pytest.mark.parametrize(
    "text",
    [
        "my law.yer will call you",
        "my la-wyer will call you",
        "my l4w-y3r will call you",
        "my law\U0001f642yer will call you",
        "MY LAW~~YER WILL CALL",
        "I will take you to co.urt",
    ],
)
def test_a_guarded_word_split_by_marks_still_fires(text: str) -> None:
    """A guarded word cut by a mark or an emoji inside it ("law.yer", "l4w-y3r") is read whole."""
    assert signals(from_texts([text]), POLICY)["legal_threat"].fired, text


def test_every_guarded_entry_fires_with_a_word_split_by_marks() -> None:
    """One word of three letters or more cut once or twice by one to three marks or an emoji ("law.yer",
    "su--e", "co\U0001f642urt") never hides an entry of the legal, review, harm or crisis lists."""
    marks = (".", "-", "_", "~", "·", "--", "...", "\U0001f642", "/")

    def split(rnd: Random, w: str) -> str | None:
        cuts = sorted(rnd.sample(range(1, len(w)), min(len(w) - 1, rnd.choice((1, 2)))))
        pieces = [w[a:b] for a, b in zip([0, *cuts], [*cuts, len(w)], strict=True)]
        return "".join(p + (rnd.choice(marks) if i < len(pieces) - 1 else "") for i, p in enumerate(pieces))

    assert _fires_with_one_word_rewritten(split, 3, seed=13) > 300


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my law yer will call you", "legal_threat"),
        ("I'll call my at tor ney about this", "legal_threat"),
        ("MY LAW  YER WILL CALL", "legal_threat"),
        ("see you in co urt", "legal_threat"),
        ("I have been thinking about sui cide", "self_harm"),
        ("my 1aw yer will call", "legal_threat"),
        ("call my at t0r ney", "legal_threat"),
        ("su1 cide thoughts lately, anyway where is my order", "self_harm"),
    ],
)
def test_a_guarded_word_cut_by_spaces_still_fires(text: str, name: str) -> None:
    """A guarded word cut in two or three by spaces ("law yer", "at tor ney") is read whole, in leetspeak
    too ("1aw yer": the cut reading of the reading with its digits as letters; "su1 cide", whose "su1" alone
    leetspeak leaves as an id)."""
    assert signals(from_texts([text]), POLICY)[name].fired, text


@pytest.mark.parametrize(
    "text",
    ["I was in jury duty last week", "the rapist was caught", "I had an allergic re action", "in court"],
)
def test_common_words_side_by_side_are_not_read_as_one(text: str) -> None:
    """Words that are all common ("in jury", "the rapist", "re action") are a phrase, never a cut word."""
    assert all(r.text == normalize(text).text for r in readings(text)), text


def test_every_guarded_entry_fires_with_a_word_cut_by_spaces() -> None:
    """A word of five letters or more cut in two or three pieces of two letters or more by a space, one piece
    of three or more no common word ("law yer", "sui cide"), never hides an entry of the legal, review, harm
    or crisis lists."""
    from phasegate.triage.english import common_words

    def cut(rnd: Random, w: str) -> str | None:
        n = rnd.choice((2, 3)) if len(w) >= 6 else 2
        points = [i for i in range(2, len(w) - 1)]
        cuts = sorted(rnd.sample(points, n - 1)) if len(points) >= n - 1 else []
        pieces = [w[a:b] for a, b in zip([0, *cuts], [*cuts, len(w)], strict=True)]
        if len(pieces) != n or any(len(p) < 2 for p in pieces):
            return None
        if all(len(p) < 3 or p.lower() in common_words() for p in pieces):
            return None  # a phrase of common words ("in jury") is not read as one
        return " ".join(pieces)

    assert _fires_with_one_word_rewritten(cut, 5, seed=17) > 250


def test_split_words_no_list_holds_add_no_reading() -> None:
    """Hyphenated words, ids, decimals and dates are left as written: no reading joins them."""
    for text in ("send an e-mail", "order A-1234", "a t-shirt", "3.5 stars", "on 12/05/2026", "w/o a box"):
        assert len(readings(text)) == 1, text


def test_split_words_found_from_their_marks_match_the_pattern() -> None:
    """Finding split words from their inner marks gives `_SPLIT_WORD.finditer` exactly, on random strings."""
    from phasegate.triage import normalize as module

    rnd = Random(11)
    alphabet = "ab51!@$ _-.~'\U0001f642x"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16))) for _ in range(30_000)]
    assert sum(bool(module._SPLIT_WORD.search(t)) for t in texts) > 1000
    for text in texts:
        found = [m.span() for m in module._split_words(text)]
        assert found == [m.span() for m in module._SPLIT_WORD.finditer(text)], text


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("\u1d38\u1d2c\u1d42\u1d5e\u1d31\u1d3f", "LAWYER"),  # superscript capitals, a small gamma ("y")
        ("\U0001f17b\U0001f170\U0001f186\U0001f188\U0001f174\U0001f181", "LAWYER"),  # negative squared
        ("\U0001f1f1\U0001f1e6\U0001f1fc\U0001f1fe\U0001f1ea\U0001f1f7", "LAWYER"),  # regional indicators
        ("\U0001f15b\U0001f150\U0001f166", "LAW"),  # negative circled
    ],
)
def test_letter_symbols_without_a_decomposition_fold(written: str, read: str) -> None:
    """Superscript, negative squared and circled letters and regional indicators fold to their letters."""
    assert fold(written).upper() == read


def test_letters_one_per_line_are_read_as_a_word() -> None:
    """A word written down the page, a letter a line, is joined like any spaced-out word."""
    assert signals(from_texts(["my\nL\nA\nW\nY\nE\nR\nwill call"]), POLICY)["legal_threat"].fired


def test_a_right_to_left_override_is_read_as_shown() -> None:
    """Letters written backwards behind a right-to-left override read as they are shown, and the evidence
    covers the characters written."""
    text = "my \u202ereywal\u202c will call you"
    sig = signals(from_texts([text]), POLICY)["legal_threat"]
    assert sig.fired
    (span,) = sig.evidence
    assert set(text[span.start : span.end]) >= set("reywal")
    assert len(readings("nothing reversed here, a lawyer")) == 1


def test_short_words_of_a_disguised_phrase_are_read_beside_a_guarded_word() -> None:
    """ "1n", "0n", "m3" hold a disguised phrase together ("s33 y0u 1n c0urt" fires legal_threat); beside no
    guarded word they open no alternate reading ("A-1234 1s late")."""
    texts = [r.conversation.turns[0].text for r in readings_of(from_texts(["s33 y0u 1n c0urt"]))]
    assert "see you in court" in texts
    assert len(readings_of(from_texts(["A-1234 1s late"]))) == 1
    assert signals(from_texts(["where is my order? s33 y0u 1n c0urt"]), Policy())["legal_threat"].fired


def test_words_glued_together_are_read_apart_beside_a_key_word() -> None:
    """ "mylawyer", "#SeeYouInCourt", "canispeaktoarealperson": a run of common words glued around a list's
    key word is read spaced out in an alternate reading, its evidence on the customer's run; a run whose
    pieces no list looks for ("thankyou"), an English word, or a handle ("@MyLawyerFriend") is not."""
    conv = from_texts(["where is my order #SeeYouInCourt"])
    assert "where is my order #See You In Court" in [r.conversation.turns[0].text for r in readings_of(conv)]
    sig = signals(conv, POLICY)["legal_threat"]
    assert sig.fired
    (span,) = sig.evidence
    assert "where is my order #SeeYouInCourt"[span.start : span.end] == "SeeYouInCourt"
    assert signals(from_texts(["canispeaktoarealperson"]), POLICY)["human_request"].fired
    assert len(readings("thankyou, where is my order")) == 1
    assert len(readings("the overbooked flight")) == 1
    assert not signals(from_texts(["@MyLawyerFriend where is my order"]), POLICY)["legal_threat"].fired


def test_a_low_rating_drawn_in_stars_reads_as_one_star() -> None:
    """ "★☆☆☆☆" reads "1 star" and "☆☆☆☆☆" "zero stars", the evidence covering the glyphs; five filled
    stars or a lone star stay as they are."""
    text = "refund not processed ★☆☆☆☆"
    sig = signals(from_texts([text]), POLICY)["review_threat"]
    assert sig.fired
    (span,) = sig.evidence
    assert text[span.start : span.end] == "★☆☆☆☆"
    assert any("zero stars" in r.text for r in readings("☆☆☆☆☆ where is my order"))
    assert len(readings("loved it ★★★★★")) == 1
    assert len(readings("⭐ where is my order")) == 1


def test_upside_down_text_reads_turned_back() -> None:
    """ "ɹǝʎʍɐl" (upside-down "lawyer", written right to left) and a whole message turned over read as the
    words they show; plain words made of letters that look alike turned ("pod", "sun") give no reading."""
    sig = signals(from_texts(["where is my order, my ɹǝʎʍɐl will call"]), POLICY)["legal_threat"]
    assert sig.fired and sig.evidence[0].text == "ɹǝʎʍɐl"
    assert self_harm(from_texts(["ɟlǝsʎɯ llᴉʞ oʇ ʇuɐʍ ᴉ"]), POLICY).fired
    assert len(readings("the pod and the sun, où est ma commande")) == 1


def test_letters_each_in_brackets_read_as_a_word() -> None:
    """ "(l)(a)(w)(y)(e)(r)" and "[k][i][l][l]" read as the words they spell."""
    assert signals(from_texts(["my (l)(a)(w)(y)(e)(r) will call"]), POLICY)["legal_threat"].fired
    assert self_harm(from_texts(["i want to [k][i][l][l] myself"]), POLICY).fired
    assert len(readings("my order (a) and (b) both came")) == 1
