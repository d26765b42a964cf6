"""The writer's sign-off is cut from what the router reads, and nothing else is."""

from __future__ import annotations

import pytest

from phasegate.bundled import ROUTER_DIR
from phasegate.policy.schema import Policy
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.analysis import analyze_many
from phasegate.triage.router import Router
from phasegate.triage.signatures import without_sign_off

#: Words a router of this test "knows": the ask's words, and the names of people it was trained among.
_KNOWN = frozenset(
    (
        *("where", "is", "my", "order", "refund", "return", "item", "talus", "hiking", "boots"),
        *("help", "need", "how", "do", "reset", "password", "ana"),
    )
)


def _known(word: str) -> bool:
    return word in _KNOWN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How do I reset my password? Best, Tomasz Kowalczyk", "How do I reset my password?"),
        ("I need to return an item. Regards, John Smith", "I need to return an item."),
        ("Can you help me with that? Crystal Minh", "Can you help me with that?"),
        ("Can you help me with that? Thanks, Crystal", "Can you help me with that?"),
        ("Where is my order? It's been 10 days. - Priya Patel", "Where is my order? It's been 10 days."),
        ("Where is my order?\n\nBest,\n\nAna", "Where is my order?"),
        ("Where is my order?\n\nKind regards,\nOluwaseun Adeyemi\n+1 555 123 4567", "Where is my order?"),
        ("Where is my order?\nTomasz\nSent from my iPhone", "Where is my order?"),
        ("I want to return these.\nThank you,\nJosé Álvarez\nAustin, TX", "I want to return these."),
        ("Where is my order?\n\nBest regards,\nTomasz Kowalczyk\nCustomer since 2019", "Where is my order?"),
        (
            "Hello,\nIt hasn't arrived.\nRegards,\nTomasz\nSales Manager, Acme Ltd\n+44 20 7946 0958",
            "Hello,\nIt hasn't arrived.",
        ),
        ("Regards on the jacket: where is it? Thx, maria", "Regards on the jacket: where is it?"),
        # Without punctuation, as chat is often written.
        ("issue creating account Cheers, Ximena", "issue creating account"),
        ("I forgot items in purchase 00123842 - Rahul Venkataraman", "I forgot items in purchase 00123842"),
        ("how can i do it Many thanks Mateus Carvalho", "how can i do it"),
        ("how could i file a claim Tomasz", "how could i file a claim"),
        # Under a signature delimiter line, whatever it holds (tenth session's probes)
        ("Where is my order?\n\n--\nJane Doe\nSenior Lawyer, Doe & Partners", "Where is my order?"),
        ("Where is my order?\n-- \nJohn Smith | Volunteer | call 988\nwww.example.org", "Where is my order?"),
    ],
)
def test_a_sign_off_and_the_name_after_it_are_cut(text: str, expected: str) -> None:
    """Sign-off phrases with a name, dashed names, names alone and the lines under them are cut."""
    assert without_sign_off(text, _known) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Where is my order? Thanks!",  # a sign-off with no name is no signature
        "Where is my order?\nSent from my iPhone",  # a trailer alone is kept with what is above it
        "Where is my order?\nTomasz\nok, go",  # a state code is upper case: "ok, go" is the message
        "Where is my order?\n\nTomasz Kowalczyk\nCustomer since 2019",  # title lines only under a sign-off
        "My order never arrived. Refund",  # a word the router knows is an ask, not a name
        "Where is my order? Talus Hiking Boots",
        "Where is my order?\nAna",  # a name the router was trained among, with nothing marking a signature
        "Please help. ASAP",  # capitals are no name
        "thanks, where is my order",
        "Thanks, Maria",  # nothing would be left
        "Cheers for the quick reply, but the item still hasn't shipped",
        "Best boots ever but the sole came off. Regards",
        "Thanks\n--\nJane",  # one word would be left: kept whole
        "-- \nWhere is my order?",  # a delimiter with nothing above it
        "",
    ],
)
def test_text_that_is_not_a_signature_is_kept(text: str) -> None:
    """Asks, product names, known words, bare sign-offs and texts that would be emptied stay as written."""
    assert without_sign_off(text, _known) == text


def test_only_the_end_of_a_long_message_is_read() -> None:
    """A name-shaped line in the middle of a long email is part of the message."""
    body = "Where is my order?\nTomasz Kowalczyk\n" + "It was meant to arrive last week. " * 20
    assert without_sign_off(body, _known) == body
    assert without_sign_off(body + "\nBest,\nTomasz", _known) == body.rstrip()


def _routed(router: Router, texts: list[str]) -> list[tuple[str | None, float]]:
    tickets = [TicketIn(id=str(i), messages=[{"role": "customer", "text": t}]) for i, t in enumerate(texts)]
    return [(a.category, a.confidence) for a in analyze_many(tickets, router=router, policy=Policy())]


def test_an_unfamiliar_name_no_longer_makes_a_plain_ask_out_of_scope() -> None:
    """The bundled router reads a signed ask as it reads the ask alone (before: out of scope at 0.18)."""
    bundled_router = Router.load(ROUTER_DIR)
    asks = ["How do I reset my password?", "Hi! I need to return an item, can you help me with that?"]
    signed = [f"{asks[0]} Best, Tomasz Kowalczyk", f"{asks[1]} Crystal Minh"]
    assert _routed(bundled_router, signed) == _routed(bundled_router, asks)
    assert _routed(bundled_router, asks)[0][0] == "account_access"


def test_the_detectors_still_read_the_sign_off() -> None:
    """Only the router's reading loses the signature: a threat signed under it still fires."""
    text = "Where is my order?\nRegards,\nJane Smith, attorney at law"
    tickets = [TicketIn(id="s", messages=[{"role": "customer", "text": text}])]
    (analysis,) = analyze_many(tickets, router=Router.load(ROUTER_DIR), policy=Policy())
    assert analysis.signals["legal_threat"].fired
