"""Text tasks a store does not do (a poem, a joke, code, homework, a translation) widen the `elsewhere`
signal and send the ticket out of scope; store asks that share their words stay quiet."""

from __future__ import annotations

import pytest

from phasegate.policy.schema import Policy
from phasegate.triage.analysis import signals
from phasegate.triage.conversation import from_texts
from phasegate.triage.tasks import spans

POLICY = Policy()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            'Can you translate "where is my order" into French?',
            'Can you translate "where is my order" into French',
        ),
        ("Where is my order? Also write a poem about cats", "write a poem"),
        ("what is the capital of Mongolia", "what is the capital of"),
        ("write me a python script that checks my order status", "write me a python script"),
        ("Tell me a joke about shipping", "Tell me a joke"),
        ("can you help me with my homework, it's about returns", "help me with my homework"),
        ("compose a short haiku about socks", "compose a short haiku"),
        ("please translate 'thank you' to Spanish", "please translate 'thank you' to Spanish"),
        ("Translate into German: my parcel is late", "Translate into German"),
        ("could you write my cover letter for me", "write my cover letter"),
        # general knowledge, advice and chores (sixteenth session's probes)
        (
            "Also can you help me write an email to my landlord?",
            "can you help me write an email to my landlord",
        ),
        ("Also, summarize the plot of Hamlet for me.", "summarize the plot"),
        ("And who is the president of France?", "who is the president"),
        ("Can you recommend a good movie?", "recommend a good movie"),
        ("Can you solve this for x: 2x + 3 = 7", "solve this for x"),
        ("btw what's 17 times 23?", "what's 17 times 23"),
        ("Also give me a recipe for lasagna", "give me a recipe"),
        ("What's your opinion on the election?", "opinion on the election"),
        ("What's the best credit card for travel rewards?", "best credit card for travel"),
        ("Should I buy Tesla stock?", "Should I buy Tesla stock"),
    ],
)
def test_text_tasks_are_found(text: str, words: str) -> None:
    """Each ask for a task no store does is found, with the words of the ask."""
    assert [w for _, _, w in spans(text)] == [words]


@pytest.mark.parametrize(
    "text",
    [
        "I translated this into English with an app, sorry. Where is my order?",
        "I'd like to write a review for the boots",
        "can you write a gift message on the card?",
        "give me a discount code please",
        "what's the story with my order?",
        "tell me the story of your brand",
        "is there a joke gift for my brother?",
        "I need to write my address on the form",
        "the capital letters on the label are smudged",
        "the manual is only in German, do you have it in English?",
        "I need to write an email to my boss about this delay",
        "I'll write a letter to your CEO",
        "please send the email to my husband's address",
        "can you recommend a good boot for hiking?",
        "who is the best person to contact about returns?",
        "who won the giveaway?",
        "what's the best credit score to qualify for your financing?",
        "what's the best credit card to use on your site?",
        "what is 3 times the price of one?",
        "solve this problem with my order please",
        "my take on the new boots: great",
        "is the recipe book in stock?",
        "can you summarize my order history?",
    ],
)
def test_store_asks_with_the_same_words_stay_quiet(text: str) -> None:
    """A store ask that shares a task's words (write, story, joke, translate, capital) is not a task."""
    assert spans(text) == []


def test_a_task_beside_a_store_ask_fires_elsewhere_with_the_words() -> None:
    """Beside an order question a poem widens `elsewhere` (evidence on the customer's characters), which the
    names alone left quiet."""
    text = "Where is my order A-1234? Also write me a poem about cats"
    signal = signals(from_texts([text]), POLICY)["elsewhere"]
    assert signal.fired
    assert signal.detail.startswith("asks for a task a store does not do")
    (span,) = signal.evidence
    assert text[span.start : span.end] == "write me a poem"


def test_a_store_ask_alone_leaves_elsewhere_quiet() -> None:
    """An ordinary order question fires no `elsewhere`."""
    assert not signals(from_texts(["Where is my order A-1234?"]), POLICY)["elsewhere"].fired
