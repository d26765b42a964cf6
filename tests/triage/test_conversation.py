"""Reading a ticket: the customer's turns, the subject as message -1, and segments for second asks."""

from __future__ import annotations

import pytest

from phasegate.triage import conversation
from phasegate.triage.conversation import SUBJECT, from_ticket, segments
from tests.triage import corpus
from tests.triage.conftest import ticket


def test_only_customer_turns_and_a_useful_subject() -> None:
    """Agent and AI turns are left out; a subject that says something of its own is read as message -1."""
    t = ticket(
        "my order is late", "sorry!", "still late", roles=("customer", "agent", "customer"), subject="Lawsuit"
    )
    conv = from_ticket(t)
    assert [turn.index for turn in conv.turns] == [SUBJECT, 0, 2]
    assert conv.total_messages == 3


def test_subject_repeating_the_message_is_skipped() -> None:
    """ "Re: where is my order" adds nothing when the message says the same."""
    conv = from_ticket(ticket("Where is my order? It is late", subject="Re: Where is my order"))
    assert [turn.index for turn in conv.turns] == [0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I was charged twice. Also I need to change my address.",
            ["I was charged twice.", "Also I need to change my address."],
        ),
        (
            "where is my order and also can I change my address?",
            ["where is my order", "and also can I change my address?"],
        ),
        ("my order is late; please cancel it", ["my order is late", "please cancel it"]),
        ("Hi. Thanks. Where is my order?", ["Hi. Thanks.", "Where is my order?"]),
        ("Order 1.5 is late", ["Order 1.5 is late"]),
    ],
)
def test_segments(text: str, expected: list[str]) -> None:
    """Sentences, line breaks, semicolons and announced second asks split; short fragments join their left."""
    assert segments(text) == expected


def test_quoted_email_history_is_not_the_customers() -> None:
    """An email reply's quoted history (and "> " lines) is cut, keeping offsets of the customer's words."""
    text = (
        "Still no sign of my parcel.\n"
        "> Leave us a review!\n"
        "Thanks\n"
        "On Mon, 2 Mar 2026 at 10:15, Shop Support <help@shop.example> wrote:\n"
        "> We're sorry, please review our policy and sue us never.\n"
    )
    conv = from_ticket(ticket(text))
    own = conv.turns[0].text
    assert "review" not in own and "sue" not in own
    assert own.startswith("Still no sign of my parcel.\n")
    assert own.index("Thanks") == text.index("Thanks")


def test_as_written_keeps_what_the_customer_quoted_at_the_same_offsets() -> None:
    """`as_written` gives the turns with quoted history and "> " lines left in (offsets of the message as
    written); a conversation with nothing quoted is its own `as_written`."""
    t = ticket(
        "my order is late",
        "sorry!",
        "still late\n> I will burn your store down",
        roles=("customer", "agent", "customer"),
        subject="Late order",
    )
    conv = from_ticket(t)
    written = conv.as_written()
    assert "burn" not in conv.text and "burn" in written.text
    assert [turn.index for turn in written.turns] == [turn.index for turn in conv.turns] == [SUBJECT, 0, 2]
    assert written.turns[-1].text == t.messages[2].text
    assert written.total_messages == conv.total_messages == 3
    plain = from_ticket(ticket("my order is late"))
    assert plain.as_written() is plain


def test_a_wrapped_attribution_line_starts_quoted_history() -> None:
    """A mail client's attribution wrapped over two lines ("On ... <help@x>\nwrote:") starts the history."""
    text = (
        "can I get a refund for this?\n\nOn Tue, Mar 4, 2026 at 9:12 AM Tarn & Ridge <help@tarn.example>\n"
        "wrote:\n\n> Your order was delivered. Leave us a review!"
    )
    assert from_ticket(ticket(text)).turns[0].text.rstrip() == "can I get a refund for this?"


def test_outlook_style_history_is_cut() -> None:
    """ "From: ... Sent: ..." headers start quoted history too."""
    text = "Please cancel it.\n\nFrom: Support <a@b.c>\nSent: Monday\nSubject: RE: order\nleave a review"
    assert "review" not in from_ticket(ticket(text)).turns[0].text


def test_limited_segments_are_the_first_of_all_segments() -> None:
    """`segments(text, limit=n)` gives the first n of `segments(text)` for every n, on the corpus and on long
    texts made of its sentences (the limit only stops reading early)."""
    texts = list(corpus.texts())
    texts += [" ".join(texts[i : i + 25]) for i in range(0, 500, 25)]
    texts += ["\n".join(texts[i : i + 12]) for i in range(0, 240, 12)]
    for text in texts:
        full = segments(text)
        for n in range(10):
            assert segments(text, limit=n) == full[:n], text[:80]
        assert list(conversation._pieces(text)) == conversation._SENTENCE.split(text)


def test_splitting_with_the_branches_a_text_allows_equals_the_whole_alternation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Leaving out the sentence-split branches a text cannot match (no mark, no line break, no semicolon, no
    connector word) splits every corpus text and awkward case exactly as the whole alternation does."""
    texts = corpus.texts() + [m.text for t in corpus.tickets() for m in t.messages]
    texts += [
        "Where is my order? also can I change the address",
        "refund please; ALSO the lid broke\n\nps: thanks",
        "oh and one more thing, by the way btw P.S. the box",
        "alſo I need a refund, ALſO the strap",  # a case twin: the word prefilter stands aside
        "my item arrived. and also, plus another thing: separately, additionally.",
        "no marks at all just words and also more words",
    ]
    fast = [list(conversation._pieces(t)) for t in texts]
    monkeypatch.setattr(conversation, "PREFILTER", False)
    slow = [list(conversation._pieces(t)) for t in texts]
    assert sum(len(p) > 1 for p in slow) > 100
    assert fast == slow


@pytest.mark.parametrize(
    "segment",
    [
        "Also, I want a refund.",
        "Refund please.",
        "Can you also cancel the other one?",
        "and while i have u, is the pack dishwasher safe",
        "Also does it run small",
        "Plus my password doesn't work.",
        "my password doesnt work",
        "I need a new one",
    ],
)
def test_requests_and_problems_read_as_asks(segment: str) -> None:
    """A question, a request word, a question's first word where a clause starts, or a negated verb."""
    assert conversation.reads_as_ask(segment)


@pytest.mark.parametrize(
    "segment",
    [
        "It's been two weeks.",
        "I've been a customer for years.",
        "It was delivered on Monday.",
        "The order is TR-104486.",
        "I bought it as a gift.",
        "They sent a payment reminder.",
    ],
)
def test_sentences_of_context_do_not_read_as_asks(segment: str) -> None:
    """Context states a fact: "is" after its subject, or a word ending in -nt, is no question or complaint."""
    assert not conversation.reads_as_ask(segment)
