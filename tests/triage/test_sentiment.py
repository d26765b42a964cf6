"""The linear-time VADER: the stock analyzer's scores and compound on the corpus, long emails, its rules."""

from __future__ import annotations

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from phasegate.triage.sentiment import FastVader, needs_vader
from tests.triage import corpus

#: VADER's rules at work: negation at each distance, "never so", "without doubt", "least", "no" before a
#: lexicon word, capitals among lower case, boosters, "kind of", idioms, "but", emoticons, emoji, "!" and "?".
VADER_CASES = (
    "I am not so happy, without doubt the worst, kind of bad, sort of ok, yeah right, the bomb",
    "never so good, it was not the least bit helpful, cut the mustard, kiss of death, hand to mouth",
    "at least it is good, very least bad, least good; no or bad; no nor good; no good; no",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "Today only kinda sux! But I'll get by, lol  :) :( :-D",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁 but also 🙄🤬",
    "GOOD", "good", "kind of", "kind", "but", "", "   ", "?? !!!! ???", "isn't it not bad at all?",
    # "but" finds each value's place by list.index: equal values before and after it
    "good good but good", "good bad good but good bad", "good BUT bad but good", "but good", "good but",
    "I don't like it, but it isn't bad and won't break",
)  # fmt: skip


def test_fast_vader_scores_equal_the_stock_analyzer() -> None:
    """The linear-time VADER gives the stock analyzer's scores, long emails and idioms included."""
    stock, fast = SentimentIntensityAnalyzer(), FastVader()
    texts = [
        *corpus.texts()[::3],
        "I am not so happy, without doubt the worst, kind of bad, sort of ok, yeah right, the bomb",
        "never so good, it was not the least bit helpful, cut the mustard, kiss of death, hand to mouth",
        " ".join(corpus.texts()[:40]),
    ]
    for text in texts:
        assert fast.polarity_scores(text) == stock.polarity_scores(text), text


def test_vader_compound_equals_the_stock_analyzer() -> None:
    """FastVader.compound, which scores only lexicon words, equals the stock analyzer's compound score on
    the agreement corpus, long concatenations and VADER's own rule cases."""
    stock, fast = SentimentIntensityAnalyzer(), FastVader()
    everything = corpus.texts()
    texts = [*everything, *VADER_CASES, *(" ".join(everything[i : i + 25]) for i in range(0, 1500, 25))]
    differ = [t for t in texts if fast.compound(t) != stock.polarity_scores(t)["compound"]]
    assert not differ, differ[:3]
    assert fast.compound("this is awful") < 0 < fast.compound("this is great")


def test_texts_vader_cannot_find_negative_are_not_scored() -> None:
    """`needs_vader` is False only where the stock analyzer's compound is not below zero."""
    stock = SentimentIntensityAnalyzer()
    for text in [*corpus.texts()[::2], *VADER_CASES]:
        if not needs_vader(text):
            assert stock.polarity_scores(text)["compound"] >= 0, text


def test_vader_compound_equals_the_stock_analyzer_on_rule_words_at_random() -> None:
    """Random runs of VADER's rule words (negations, boosters, idioms, "no", "least", "but", "so", "this"),
    lexicon words, capitals, glued punctuation and non-ASCII words: the paths that skip the per-word rules
    for a word after no rule word, and that read an ASCII text's words lower-cased, score as the stock
    analyzer does."""
    import random

    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES

    stock, fast = SentimentIntensityAnalyzer(), FastVader()
    rng = random.Random(5)
    rules = "no least at very or nor never so this without doubt but kind of sort the I isn't don't can't"
    others = "good bad great hate love ok :) :( !! ? café ΣΑΣ naïve order refund my"
    vocab = [
        *list(stock.lexicon)[::60],
        *BOOSTER_DICT,
        *NEGATE,
        *SPECIAL_CASES,
        *rules.split(),
        *others.split(),
    ]
    texts = []
    for _ in range(3000):
        words = []
        for _ in range(rng.randint(1, 14)):
            w = rng.choice(vocab)
            w = rng.choice((w, w, w, w, w.upper(), w.capitalize()))
            w = (
                rng.choice(("", "", "", "(", "'", "..."))
                + w
                + rng.choice(("", "", "", ",", "!", "?!", "'", ")"))
            )
            words.append(w)
        texts.append(" ".join(words))
    differ = [t for t in texts if fast.compound(t) != stock.polarity_scores(t)["compound"]]
    assert not differ, differ[:3]


def test_vader_compound_describes_emoji_as_the_stock_analyzer() -> None:
    """Emoji written as their descriptions the way polarity_scores writes them (a space before unless at
    the start or after a space, emoji after emoji, glued to words), then scored: the stock compound."""
    import random

    from phasegate.triage.sentiment import _emoji_chars

    stock, fast = SentimentIntensityAnalyzer(), FastVader()
    emoji = sorted(_emoji_chars(fast))
    rng = random.Random(3)
    words = ["good", "bad", "not", "very", "but", "I", "LOVE", "hate", "!!", ":)", "’", "“x”", "no", " "]
    texts = []
    for _ in range(2000):
        parts = [
            rng.choice(emoji) if rng.random() < 0.35 else rng.choice(words) for _ in range(rng.randint(1, 9))
        ]
        texts.append(rng.choice((" ", "", "  ")).join(parts))
    differ = [t for t in texts if fast.compound(t) != stock.polarity_scores(t)["compound"]]
    assert not differ, differ[:3]
