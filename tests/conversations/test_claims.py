"""The grounding check: a reply's ids, numbers, amounts, dates, emails, URLs and tracking numbers need a
source."""

from __future__ import annotations

from phasegate.conversations.claims import claims, unsupported

SOURCE = (
    "Order TR-100101 is in transit, with UPS, tracking number 1Z999AA10123456784. "
    "Latest scan on March 8, 2026. A return shipping fee of $6.95 applies. See https://tarnandridge.com/returns."
)


def test_claims_finds_every_kind_of_fact() -> None:
    """Emails, URLs, dates, ids and numbers are all read as claims."""
    found = claims("Write to help@x.com or see https://x.com/a on March 8, 2026 about TR-1234 ($12.50).")
    assert found == ["help@x.com", "https://x.com/a", "March 8, 2026", "TR-1234", "12.50"]


def test_a_faithful_rephrasing_is_grounded() -> None:
    """Facts restated in other words (and numbers written differently) pass."""
    text = "Good news: TR-100101 is moving with UPS (1Z999AA10123456784), last seen March 8, 2026; fee 6.95."
    assert unsupported(text, [SOURCE]) == []


def test_invented_facts_are_caught() -> None:
    """A new amount, order id, tracking number, date, email or URL is named as unsupported."""
    text = (
        "We refunded $40 on TR-100999, tracking 1Z999AA10123456799, on March 9, 2026; "
        "mail refunds@evil.example or visit https://evil.example/x."
    )
    assert unsupported(text, [SOURCE]) == [
        "refunds@evil.example",
        "https://evil.example/x",
        "March 9, 2026",
        "TR-100999",
        "1Z999AA10123456799",
        "40",
    ]
