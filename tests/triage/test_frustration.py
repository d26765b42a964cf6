"""Frustration over the whole conversation: each cue, their combination, and calm look-alikes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from phasegate.triage.conversation import from_texts
from phasegate.triage.frustration import frustration
from tests.triage.test_sentiment import VADER_CASES

THRESHOLD = 0.6


def score(*texts: str) -> float:
    """The frustration score of a conversation of customer turns."""
    return frustration(from_texts(texts), THRESHOLD).score


@pytest.mark.parametrize(
    "texts",
    [
        ("This is the third time I am asking for my refund.",),
        ("I already told you my order number twice.",),
        ("WHERE IS MY ORDER??? I PAID TWO WEEKS AGO",),
        ("this is ridiculous, I have been waiting 3 weeks and nobody answers",),
        ("what the hell is going on with my order",),
        ("are you a bot? let me talk to a real person",),
        ("Stop sending me the same canned response and read my message",),
        ("Hi, my order is late", "Any update?", "Still nothing. This is really frustrating."),
        ("How many times do I have to ask for the same thing",),
        ("For the third time, where is my order?",),
    ],
)
def test_frustrated_conversations_fire(texts: tuple[str, ...]) -> None:
    """Repeats, shouting, waits, profanity, bot hostility and rising anger cross the threshold."""
    assert score(*texts) >= THRESHOLD


@pytest.mark.parametrize(
    "texts",
    [
        ("Where is my order? It was supposed to arrive Monday.",),
        ("Hi, can I change the size of my order to a medium? Thanks!",),
        ("It is the second time I order from you and I love it",),
        ("Can you send the label again? I deleted the email by accident.",),
        ("I want to speak to a human",),
        ("Love the boots! QUICK question about sizing for the USA",),
        ("the product is broken and doesnt work at all",),
        ("My order UPS 1Z999AA10123456784 shows delivered, can you check?",),
        ("I ordered for the first time and love it! do you have it in blue?",),
        ("my baby rolled over for the first time on your play mat!",),
    ],
)
def test_calm_conversations_stay_below(texts: tuple[str, ...]) -> None:
    """Plain asks, a happy repeat customer, acronyms and one mild cue stay below the threshold."""
    assert score(*texts) < THRESHOLD


def test_score_in_unit_interval_and_zero_when_calm() -> None:
    """The score is within [0, 1]; a neutral message scores zero."""
    assert score("Where is my order?") == 0.0
    s = score("WTF!!! THIRD TIME. I want a human NOW, this stupid bot is useless, waited 3 weeks")
    assert 0.9 < s <= 1.0


def test_rising_negativity_across_turns_adds() -> None:
    """The same last message scores higher after a calm start that turned sour."""
    alone = score("This is not good enough.")
    sour = score("Hi! Quick question about my order, thanks so much", "This is not good enough.")
    assert sour > alone


def test_evidence_and_detail_name_the_cues() -> None:
    """A fired signal cites the words that caused it and names its strongest cues."""
    sig = frustration(from_texts(["I already told you twice!!!"]), THRESHOLD)
    assert sig.fired
    assert "repeat" in sig.detail
    assert any(span.text.lower().startswith("already told") for span in sig.evidence)


def test_threshold_comes_from_the_caller() -> None:
    """The same conversation fires under a low threshold and not under a high one."""
    conv = from_texts(["this is ridiculous"])
    assert frustration(conv, 0.1).fired
    assert not frustration(conv, 0.99).fired


#: Cues placed inside long emails: feelings, hostility, exasperation words and marks.
LONG_CUES = (
    "Seriously?? I'm honestly so frustrated; you people are useless!",
    "Great job guys... thanks for nothing. Ugh!! (not) happy /s",
    "I am done being polite. Are you kidding me?! Come on... 🙄 this is a joke.",
    "Your customer service is an absolute joke, I've been more than patient; for god's sake",
)


#: The edges of the profanity and repeat prefilters: starred and multi-word forms, runs with "_" or digits,
#: clean words holding a swear word's letters, case twins and non-ASCII runs, each repeat alternative.
PREFILTER_EDGES = (
    "f**k this, f*** you, F*CK, s**t, S*T, f * ck, rip-off, a RIP OFF, ripoff, rip- off, screw you, "
    "Screwed   over, screwed-up, screwup, fuck_you, shit2, 2shit, _hell, hell_, damnit, sh1tty, bullsh1t",
    "hello, password, shipping, product, trip, scammer, thieves, class, assess, hellish, crappy, scrap",
    "fucké ſhit he\u212a\u212a h\u0130ll helló, ΣΑΣ fuckΣ. HELLΣ; Shitς",
    "I asked you 3 times, reached out already, told them before; yet again nothing, still haven't heard, "
    "sent it twice, messaged you several times",
    "for the 3rd time, how many more times, keep asking, over and over again, again and again, once again",
    "twice now, repeating myself, same reply, no one has gotten back, never heard back, no one helps",
    "Nobody is helping; I'm still waiting. I still can't log in; still not; still isn't fixed",
    "are you abot? Is this an AI, am I talking to some machine; not a robot, no more bots, stupid system, "
    "f***ing chatbot, copy-and-paste answers, copypasted reply, canned emails, read my question, "
    "stop sending me",
    "waited 3 days, for two whole weeks, on hold for ages, months now, taking forever, no reply yet, "
    "weeks without answer, days with no word, over a day, the 3rd day",
    "impossible to deal with, worst customer service, your company is useless, you guys are a joke, you're "
    "clowns, you r idiots, shame on you, how dare you, what is wrong with you, get your act together, does "
    "anyone there even read, bunch of clowns, thanks for nothing, you people",
    "ugh, aarrgghh, smh. seriously?? Are you kidding, gotta be kidding, give me a break, come on!! for "
    "god's sake, this is a mess, it is an absolute joke, something always goes wrong, yeah right, great job "
    "guys... great jobnot, real helpfulnot, very helpful..., what a shocker, surprise, surprise, how "
    "convenient, that's ridiculous, thisis absurd\nunacceptable!\n",
    "the 3rd time I ask, 21st email, second attempt, 5TH CALL, nth message, 2ndtime, a3rd time",
)


def _grouped_cues() -> tuple[tuple[re.Pattern[str], Any], ...]:
    """(pattern, word groups) of every cue `_frustration` picks by the groups of the text's words."""
    from phasegate.triage import frustration as m

    return (
        (m._REPEAT, m._REPEAT_GROUPS),
        (m._BOT, m._BOT_GROUPS),
        (m._WAIT, m._WAIT_GROUPS),
        (m._HOSTILE, m._HOSTILE_GROUPS),
        (m._EXASPERATION, m._EXASPERATION_GROUPS),
    )


def test_prefilters_let_through_every_text_a_pattern_matches() -> None:
    """The profanity and repeat prefilters skip a text only when the full scan finds nothing in it, and
    find what it finds, on their edge cases sentence by sentence and joined into one long text."""
    from phasegate.triage import frustration as m
    from phasegate.triage.lexicon import words

    sentences = [p for t in PREFILTER_EDGES for p in re.split(r"(?<=[,;.?!]) ", t)]
    clean = {"hello,", "password,", "shipping,", "product,", "trip,", "class,", "assess,", "hellish,"}
    for text in [*sentences, *PREFILTER_EDGES, " ".join(PREFILTER_EDGES)]:
        held = words(text)
        for pattern, needles in (
            (m._PROFANITY, m._swear_runs(held, text)),
            *((p, g.keys(held) if held is not None else None) for p, g in _grouped_cues()),
        ):
            # Every piece read (a long text's pieces, as the prefilters pick them; the whole of a short one).
            marks = pattern is m._EXASPERATION
            every = m._matches(pattern, m._Pieces(text), marks=marks)
            if needles is not None and not needles:
                assert not every, (pattern.pattern[:20], text)
                assert not pattern.search(text), (pattern.pattern[:20], text)
                continue
            begins = pattern is m._PROFANITY  # tried only where a swear word begins
            assert m._matches(pattern, m._Pieces(text), needles, marks=marks, begins=begins) == every, text
        if held is not None and m._ORDINAL.search(text):
            assert not m._ORDINALS.isdisjoint(held) or m._ordinal_number(text), text
        if text in clean:
            assert m._swear_runs(held, text) == frozenset(), text
    assert m._swear_runs(words("he said f*ck"), "he said f*ck") == {"f"}
    assert m._swear_runs(words("he said f.ck"), "he said f.ck") == frozenset()
    assert m._swear_runs(words("fuckΣ"), "fuckΣ") is None  # not ASCII: every piece is read


def _conversations() -> list[tuple[str, ...]]:
    """Conversations of corpus texts: each text alone, pairs, and long emails of many joined texts."""
    from tests.triage import corpus

    texts = [t for t in corpus.texts() if t.strip()]
    convs: list[tuple[str, ...]] = [(t,) for t in texts]
    convs += [(texts[i], texts[i + 1]) for i in range(0, len(texts) - 1, 7)]
    angry = [t for t in texts if any(c in t for c in "!?") or t.isupper()]
    for i in range(0, 1200, 20):
        convs.append((" ".join(texts[i : i + 20]) + " " + " ".join(angry[i // 20 :: 60][:3]),))
    convs += [(t,) for t in VADER_CASES]
    # long emails whose cues sit in later sentences, ending in marks ("seriously??", "great job...")
    convs += [
        (" ".join(texts[i : i + 8]) + " " + cue + " " + " ".join(texts[i + 8 : i + 12]),)
        for i, cue in enumerate(LONG_CUES)
    ]
    convs += [("!" * 300,), ("." * 150 + " ugh. seriously?? you're useless" + "!" * 100,)]
    convs += [(t,) for t in PREFILTER_EDGES] + [(" ".join(PREFILTER_EDGES),)]
    return convs


@pytest.mark.parametrize("extra", [(), ("so over this", "rubbish"), ("wtf?!", "!fed up with")])
def test_fast_paths_score_like_the_full_scans(
    monkeypatch: pytest.MonkeyPatch, extra: tuple[str, ...]
) -> None:
    """Prefilters, piece-by-piece scans of long texts and the lexicon-only VADER give the same signal
    (score, verdict, evidence, detail) as full scans and the stock analyzer, with plain and punctuated
    policy words."""
    from phasegate.triage import frustration as module

    convs = [from_texts(c) for c in _conversations()]
    assert sum(len(c.text) >= 2 * module.PIECES_FROM for c in convs) >= 50
    fast = [frustration(c, THRESHOLD, extra) for c in convs]
    monkeypatch.setattr(module, "PREFILTER", False)
    slow = [frustration(c, THRESHOLD, extra) for c in convs]
    assert sum(s.fired for s in slow) >= 20
    for conv, f, s in zip(convs, fast, slow, strict=True):
        assert f == s, conv.text[:200]


def _piece_cues(
    text: str,
) -> list[tuple[re.Pattern[str], frozenset[str] | None, tuple[str, ...] | None, bool]]:
    """(pattern, needle words, parts, marks) of every cue scanned piece by piece in `_frustration`, with
    the needles it picks for `text` where they depend on the text."""
    from phasegate.triage import frustration as m
    from phasegate.triage.lexicon import words

    held = words(text)
    return [
        (m._REPEAT, m._REPEAT_WORDS, None, False),
        (m._ORDINAL, m._ORDINAL_WORDS, None, False),
        (m._PROFANITY, m._swear_runs(held, text), None, False),
        (m._BOT, m._BOT_WORDS, None, False),
        *(
            (p, g.keys(held) if held is not None else None, None, p is m._EXASPERATION)
            for p, g in _grouped_cues()
        ),
        (m._WAIT, m._WAIT_WORDS, None, False),
        (m._FEELING, m._FEELING_WORDS, None, False),
        (m._HOSTILE, m._HOSTILE_WORDS, None, False),
        (m._EXASPERATION, m._EXASPERATION_WORDS, None, True),
        (m._AGAIN, m._AGAIN_WORDS, None, False),
    ]


#: Sentences whose words touch what `\w` reads and lower-casing changes: underscores, digits, accented and
#: Greek letters (a final sigma), the case twins (Kelvin sign, dotted I), capitals, marks at the start.
AWKWARD = (
    "...again and AGAIN_ I asked, _again, again2, éagain, againé. Asked AGAIN!",
    "ΣΑΣ. ΟΔΟΣ again. told ΣΑΣ; time ΟΔΟΣ. F*CK this, SHIT. you people ΣΑΣ",
    "I asKed thrice. \u212aeep waiting 3 \u212aeeks; \u0130 asked again, STILL nothing; ages now",
    "Waiting for TWO weeks!! No reply yet. Are you a bot?? You people are useless; wtf..",
)


def test_pieces_picked_by_lookup_are_the_pieces_read_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Picking a long text's pieces by looking its cue words and parts up in the whole text scans every
    piece that reading each piece's words lets through, and finds the same cue matches (profanity tried only
    where a swear word begins)."""
    from phasegate.triage import frustration as m

    # The lookup reads the lower-cased whole text, which differs from a lower-cased piece only in non-ASCII.
    texts = [" ".join(c) for c in _conversations() if len(" ".join(c)) >= m.PIECES_FROM]
    texts += [" ".join(AWKWARD[i:] + AWKWARD[:i]) * 2 for i in range(len(AWKWARD))]
    texts.append(" ".join(PREFILTER_EDGES))
    assert len(texts) >= 60
    for text in [*texts, "!" * 300, "." * 150 + " ugh. seriously?? é;;ü!" + "x" * 100 + "?"]:
        # the pieces are the runs between sentence marks, at their places
        expected = [(x.start(), x.group()) for x in re.finditer(r"[^.!?;]+", text)]
        assert m._Pieces(text).split() == expected, text[:80]
    for text in texts:
        for pattern, needles, parts, marks in _piece_cues(text):
            assert all(w.isascii() for w in (*(needles or ()), *(parts or ())))
            pieces = m._Pieces(text)
            split = pieces.marked() if marks else pieces.split()
            read = {k for k, (_, p) in enumerate(split) if m._piece_passes(pieces, p, needles, parts)}
            chosen = pieces.chosen(needles, parts)
            assert chosen is None or read <= set(chosen), (pattern, text[:80])
            begins = pattern is m._PROFANITY
            fast = m._matches(pattern, pieces, needles, parts, marks, begins)
            monkeypatch.setattr(m, "PIECE_INDEX", False)
            slow = m._matches(pattern, m._Pieces(text), needles, parts, marks, begins)
            monkeypatch.setattr(m, "PIECE_INDEX", True)
            assert fast == slow, (pattern, text[:80])
    assert m._Pieces(AWKWARD[2] * 3).chosen(m._AGAIN_WORDS, None) is None  # a case twin: read one by one


def test_shouting_fast_path_reads_like_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """The capitals scan that skips to the next capital and the letter count over UTF-8 bytes give the
    reference's strength and spans: capitals glued to letters, digits, "_" or accents, apostrophes, acronyms,
    non-ASCII capitals and a lone surrogate."""
    from phasegate.triage import frustration as m

    texts = [
        "WHERE IS MY ORDER, aBCD xABC _ABC 1ABC ÉABC ABCé ABC_ DON'T WON'T'VE UPS USA",
        "ÀÉÎ ΣΑΣ ОЧЕНЬ ПЛОХО \u212aELVIN THIS IS BAD \ud800 NOW",
        "I NEED IT NOW",
        "AB\u00c7DE FGHÏ IJ KLM NOP",
        "naïve WHY ARE YOU",
        "1st 2ND 3RD time",
        "ok FINE",
        *(t for c in _conversations() for t in c),
    ]
    fast = [m._shouting(0, t) for t in texts]
    monkeypatch.setattr(m, "PREFILTER", False)
    assert fast == [m._shouting(0, t) for t in texts]
    assert sum(s > 0 for s, _ in fast) >= 5


def test_the_same_message_sent_again_is_a_repeated_request() -> None:
    """A customer resending their ask, nearly word for word, twice, crosses the threshold with no angry word;
    one resend (a double send happens) or two different asks do not."""
    ask = "Where is my order 10234?"
    assert score(ask, ask, "where is my order 10234??") >= THRESHOLD
    sig = frustration(from_texts([ask, ask, ask]), THRESHOLD)
    assert "resent" in sig.detail and [s.message for s in sig.evidence if s.text == ask] == [1, 2]
    assert score(ask, ask) < THRESHOLD
    assert score(ask, "Can I also change the address to 12 Elm St?", "thanks!", "thanks!") < THRESHOLD
