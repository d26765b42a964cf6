"""The claim checker and the policy's forbidden promises, on hand-written drafts against a fixed source."""

from __future__ import annotations

from pathlib import Path

import pytest

from phasegate.drafts.guardrails import Sources, check_draft, foreign_pii, redact_foreign_pii, sentences
from phasegate.policy import Policy
from phasegate.policy.schema import parse_policy

SOURCE = (Path(__file__).parents[1] / "data" / "drafts" / "sources_order.txt").read_text(encoding="utf-8")
SOURCES = Sources(texts=SOURCE.splitlines(), actions=["Share the tracking link", "Send a replacement"])
POLICY = Policy()


def test_grounded_draft_is_safe() -> None:
    """Every order id, amount, date, tracking number, term and promise found in the sources: safe."""
    draft = (
        "Hi Ana,\n\nYour order TR-104650 (paid $129.00 on March 2) shipped on 3 March with UPS, tracking "
        "number 1Z999AA10123456784. Returns are accepted within 30 days of delivery, and the warranty runs "
        "for 1 year. If it doesn't arrive, we'll send a replacement.\n\nBest,\nThe team"
    )
    report = check_draft(draft, SOURCES, POLICY)
    assert report.safe, report.as_dict()
    kinds = {c.kind for s in report.sentences for c in s.claims}
    assert kinds == {"order_id", "amount", "date", "tracking", "term", "promise"}


@pytest.mark.parametrize(
    ("planted", "code"),
    [
        ("Your order TR-999999 is on its way.", "unsupported_order_id"),
        ("Your order TR-104650 cost $149.00.", "unsupported_amount"),
        ("It will arrive on March 9.", "unsupported_date"),
        ("It will arrive by Friday.", "unsupported_date"),
        ("Your tracking number is 1Z999AA10999999999.", "unsupported_tracking"),
        ("You can return it within 90 days.", "unsupported_term"),
        ("The warranty lasts 24 months.", "unsupported_term"),
        ("We will refund your shipping.", "unsupported_promise"),
        ("We guarantee it arrives tomorrow.", "unsupported_promise"),
    ],
)
def test_each_planted_false_fact_is_caught(planted: str, code: str) -> None:
    """A wrong order id, amount, date, tracking number, term or an invented promise flags its sentence."""
    report = check_draft(f"Hi Ana,\n\nThanks for writing. {planted}\n\nBest,\nThe team", SOURCES, POLICY)
    assert not report.safe
    [flagged] = report.flagged
    assert flagged.text == planted and code in flagged.flags
    assert flagged.reasons


def test_quoted_policy_promise_stands_but_a_paraphrase_does_not() -> None:
    """A promise quoted word for word from a source passes; the same promise made up does not."""
    quoted = "We refund the difference once per item if the price drops within 14 days."
    assert check_draft(quoted, SOURCES, POLICY).safe
    assert not check_draft("We refund the difference on every item.", SOURCES, POLICY).safe


def test_refund_above_the_policy_amount_is_forbidden_even_when_grounded() -> None:
    """Promising a $129.00 refund (above thresholds.amount) is forbidden although the sum is sourced."""
    sources = Sources(texts=SOURCES.texts, actions=["issue refund"])
    report = check_draft("We will refund the $129.00 today.", sources, POLICY)
    assert report.flagged[0].flags == ("forbidden_amount",)
    lenient = POLICY.model_copy(update={"thresholds": POLICY.thresholds.model_copy(update={"amount": 500})})
    assert check_draft("We will refund the $129.00 today.", sources, lenient).safe


def test_legal_medical_and_banned_phrases_are_flagged() -> None:
    """Legal or medical statements and the brand's banned phrases flag their sentences."""
    policy = parse_policy("voice: {banned_phrases: [no worries]}")
    report = check_draft(
        "No worries at all. This is not legal advice. The balm will cure the rash. Thanks!", SOURCES, policy
    )
    assert [s.flags for s in report.flagged] == [
        ("banned_phrase",),
        ("legal_or_medical",),
        ("legal_or_medical",),
    ]


def test_sentences_split_lines_and_stops() -> None:
    """Greeting, body sentences and sign-off come out as separate sentences."""
    assert sentences("Hi Ana,\n\nOne. Two? Three!\nBest,") == ["Hi Ana,", "One.", "Two?", "Three!", "Best,"]


def test_other_peoples_contacts_are_redacted_and_the_customers_own_kept() -> None:
    """E-mails and phone numbers that are not the customer's own never reach a prompt."""
    text = "I'm ana@example.com, my neighbour bob@example.org (+1 415 555 0199) got my parcel on 2026-03-02."
    assert foreign_pii(text, ["ana@example.com"]) == ["bob@example.org", "+1 415 555 0199"]
    redacted = redact_foreign_pii(text, ["ana@example.com"])
    assert "bob@" not in redacted and "555" not in redacted
    assert "ana@example.com" in redacted and "2026-03-02" in redacted
