"""Entities: facts the customer already gave, found by shape, each once, with nothing invented."""

from __future__ import annotations

from decimal import Decimal
from random import Random

import phonenumbers
import pytest

from phasegate.policy.decide import decide
from phasegate.policy.decision import DecisionContext
from phasegate.policy.schema import Policy
from phasegate.rollout.routing import default_router
from phasegate.tickets.schemas import TicketIn
from phasegate.triage import entities
from phasegate.triage.analysis import analyze
from phasegate.triage.conversation import from_texts
from phasegate.triage.entities import extract
from phasegate.triage.schemas import Entities
from tests.triage import corpus
from tests.triage.obfuscate import obfuscate

POLICY = Policy()


def ents(*texts: str, policy: Policy = POLICY, order_id: str | None = None) -> Entities:
    """Entities of a conversation of customer turns."""
    return extract(from_texts(texts), policy, known_order_id=order_id)


def test_order_ids_follow_the_policy_pattern() -> None:
    """The brand's order-id pattern decides what an order id is; the ticket's own order id comes first."""
    assert ents("my order A-5521 and AB-123456").order_ids == ("A-5521", "AB-123456")
    assert ents("order A-5521", order_id="A-5521").order_ids == ("A-5521",)
    custom = Policy.model_validate({"entities": {"order_id_pattern": r"\bORD\d{6}\b"}})
    assert ents("ORD123456 not A-5521", policy=custom).order_ids == ("ORD123456",)


def test_order_ids_typed_in_lower_case_are_read_upper_case() -> None:
    """The default pattern is case-insensitive: "tr-104650" is order TR-104650, as the store keeps it; a
    brand's case-sensitive pattern reads only what it says."""
    assert ents("where is tr-104650? also tr104651").order_ids == ("TR-104650", "TR104651")
    custom = Policy.model_validate({"entities": {"order_id_pattern": r"\b[A-Z]{2}-\d{6}\b"}})
    assert ents("where is tr-104650 and TR-104651", policy=custom).order_ids == ("TR-104651",)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("UPS 1Z999AA10123456784 hasn't moved", "1Z999AA10123456784"),
        ("tracking 9400 1000 0000 0000 0000 00", "9400100000000000000000"),
        ("USPS 9205590164917312751089", "9205590164917312751089"),
        ("the fedex tracking is 123456789012", "123456789012"),
        ("DHL waybill 1234567890", "1234567890"),
        ("international EA123456789US", "EA123456789US"),
    ],
)
def test_tracking_numbers_by_carrier_shape(text: str, number: str) -> None:
    """UPS, USPS, FedEx and DHL shapes are recognised and normalised (spaces removed)."""
    assert ents(text).tracking_numbers == (number,)


def test_bare_digits_need_a_shipping_word() -> None:
    """A 12-digit number with no shipping context is not taken for a tracking number."""
    assert ents("my account number is 123456789012").tracking_numbers == ()


def test_emails_and_phones() -> None:
    """Emails are lower-cased; phones are parsed by phonenumbers and given in E.164."""
    e = ents("reach me at Ana.Lopez+shop@Example.com or (415) 555-2671")
    assert e.emails == ("ana.lopez+shop@example.com",)
    assert e.phones == ("+14155552671",)


def test_tracking_number_is_not_a_phone() -> None:
    """Digits already taken as a tracking number are not reported again as a phone."""
    e = ents("DHL tracking 4155552671")
    assert e.tracking_numbers == ("4155552671",)
    assert e.phones == ()


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("I paid $45.99", "45.99", "USD"),
        ("refund of $1,200.50 please", "1200.50", "USD"),
        ("it cost 30 euros", "30", "EUR"),
        ("£12 delivery fee", "12", "GBP"),
        ("charged USD 15", "15", "USD"),
        ("only 20 dollars", "20", "USD"),
        ("a $2k TV", "2000", "USD"),
        ("it cost 1.299,00 EUR and I want it back", "1299.00", "EUR"),
        ("refund of €49,99 please", "49.99", "EUR"),
        ("1 299,00 € for a sofa that broke", "1299.00", "EUR"),
        ("€ 1.299 for this", "1299", "EUR"),
        ("I paid 1,5 euros", "1.5", "EUR"),
    ],
)
def test_money_amounts_with_currency(text: str, value: str, currency: str) -> None:
    """Symbols, codes and words give the amount and its currency; continental prices ("1.299,00 EUR",
    "49,99 €") read as written, not as "00 EUR" or 49 (a threshold must see the whole amount)."""
    (amount,) = ents(text).amounts
    assert (amount.value, amount.currency) == (Decimal(value), currency)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("I want a refund of five hundred dollars for my order", "500", "USD"),
        ("two grand for this couch and it broke", "2000", "USD"),
        ("I paid a hundred dollars", "100", "USD"),
        ("twelve hundred euros down the drain", "1200", "EUR"),
        ("one hundred and fifty quid", "150", "GBP"),
        ("twenty-five bucks for shipping?", "25", "USD"),
        ("two thousand five hundred dollars", "2500", "USD"),
        # a vague count read as a few, never as one (sixteenth session's probes)
        ("I want a refund of several hundred dollars", "300", "USD"),
        ("a few hundred bucks", "300", "USD"),
        ("a couple of hundred dollars", "200", "USD"),
        ("several grand", "3000", "USD"),
    ],
)
def test_money_amounts_in_words(text: str, value: str, currency: str) -> None:
    """An amount written in words counts as one in digits does: a refund asked in words must meet the amount
    threshold too."""
    (amount,) = ents(text).amounts
    assert (amount.value, amount.currency) == (Decimal(value), currency)


@pytest.mark.parametrize(
    "text",
    ["a few dollars off would be nice", "the grand total is wrong", "hundreds of dollars", "a dollar store"],
)
def test_words_that_name_no_amount_are_not_money(text: str) -> None:
    """A currency word with no number, or "grand" as an adjective, is no amount."""
    assert ents(text).amounts == ()


def test_an_amount_in_words_over_the_threshold_escalates() -> None:
    """An amount in words ("five hundred dollars") over the limit fires `amount_threshold`, as "$500" does."""
    policy = Policy()
    ticket = TicketIn.model_validate(
        {"id": "T-1", "messages": [{"role": "customer", "text": "I want a refund of five hundred dollars"}]}
    )
    analysis = analyze(ticket, router=default_router(), policy=policy)
    codes = [t.code for t in decide(analysis, DecisionContext(ticket_id="T-1"), policy).triggers]
    assert "amount_threshold" in codes


def test_dollar_sign_follows_a_dollar_brand_currency() -> None:
    """For a Canadian brand, "$" means CAD."""
    cad = Policy.model_validate({"currency": "CAD"})
    assert ents("I paid $40", policy=cad).amounts[0].currency == "CAD"


def test_no_money_without_a_currency() -> None:
    """A bare number, a size or a weight is not money."""
    assert ents("I ordered 2 shirts in size 10, 5 pounds total").amounts == ()


def test_dates_absolute_and_relative() -> None:
    """ISO, numeric, written and relative dates are kept as written."""
    e = ents("ordered 2026-03-02, due March 3rd, it said 03/04/2026, I emailed yesterday and 2 weeks ago")
    assert e.dates == ("2026-03-02", "March 3rd", "03/04/2026", "yesterday", "2 weeks ago")


def test_street_addresses() -> None:
    """US and UK street addresses, with unit and city when given."""
    e = ents("send it to 45 Elm Street, Springfield, IL 62704", "or 221B Baker Street", "12 Oak Ave, Apt 4B")
    assert e.addresses == ("45 Elm Street, Springfield, IL 62704", "221B Baker Street", "12 Oak Ave, Apt 4B")


def test_nothing_found_in_plain_text() -> None:
    """A message with no facts yields empty entities."""
    assert ents("hello, I have a question about sizing") == Entities()


def test_each_entity_listed_once() -> None:
    """Repeating the order id across turns lists it once."""
    assert ents("A-5521 please", "again: A-5521").order_ids == ("A-5521",)


#: Phone numbers as people write them across the world, plus the shortest ones phonenumbers accepts.
INTERNATIONAL_PHONES = (
    "+44 20 7946 0958",
    "+44 (0)20 7946 0958",
    "020 7946 0958",
    "+49 30 1234567",
    "030 1234567",
    "(030) 123 4567",
    "+61 2 9876 5432",
    "(02) 9876 5432",
    "+64 9 123 4567",
    "+91 98765 43210",
    "098765 43210",
    "+33 1 23 45 67 89",
    "+81 3-1234-5678",
    "+1 (415) 555-2671 ext. 12",
    "415.555.2671",
    "415/555/2671",
    "1-800-555-0199",
    "011 44 20 7946 0958",
    "+43 1110",
    "+43 1 110",
    "＋４４ ２０ ７９４６ ０９５８",
    "٤١٥٥٥٥٢٦٧١",
    "1640",
    "16300",
    "81100",
)
#: Where the prefilters' shortcuts are thin: case twins of currency codes and months, superscript digits,
#: letter-led dates and amounts beside digit-led ones.
EDGES = (
    "paid uſd 40 on ſept 5, 2026",
    "USD40 and 40USD and US$5, C$7, A$9 on 3rd of March",
    "x² + y³ = 415-555-2671 ¹²³⁴⁵⁶⁷",
    "next monday, this week, on friday, 2 weeks ago, Dec. 24th 2026, 5th of may",
    "on 3 may i paid 30 EUR; eur 30; £12; 12 bucks; 2k dollars",
    "it was due December 3rd",
    "refund A$9 please",
)
#: What bench/bench_throughput.py glues to Bitext utterances (EXTRAS), numbers drawn as it draws them.
SUFFIXES = (
    " My order is A-{n}.",
    " Tracking 1Z999AA1{n}0123456 hasn't moved.",
    " You can reach me at cust{n}@example.com or (415) 555-{n:04d}.",
    " I paid ${n}.99 on 03/02/2026.",
    " THIS IS THE THIRD TIME I ASK!!!",
)


def agreement_texts() -> list[str]:
    """The agreement corpus's customer messages, obfuscated spellings of them, Bitext utterances with the
    benchmark's entity suffixes, and international phone numbers alone and in sentences."""
    rnd = Random(5)
    texts = corpus.texts()
    out = [*texts, *EDGES]
    out += [obfuscate(rnd, t) for t in texts[::3] if t.strip()]
    out += [t + rnd.choice(SUFFIXES).format(n=rnd.randint(1000, 9999)) for t in texts]
    for phone in INTERNATIONAL_PHONES:
        out += [phone, f"call me on {phone}, order A-5521", f"I paid 300 euros, ring {phone}!", f"x{phone}y"]
    return out


@pytest.mark.parametrize("currency", ["USD", "GBP", "EUR", "AUD", "NZD", "INR"])
def test_fast_path_equals_the_full_scan(currency: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Prefilters, led patterns, the digit count and the phone-run check change no entity in any phone region:
    every agreement text gives what the full scan (each pattern as written, phonenumbers on every message with
    enough digits) gives."""
    policy = Policy.model_validate({"currency": currency})
    texts = agreement_texts()
    fast = [ents(t, policy=policy) for t in texts]
    monkeypatch.setattr(entities, "PREFILTER", False)
    slow = [ents(t, policy=policy) for t in texts]
    assert len(texts) > 3000
    for field in ("phones", "amounts", "dates", "tracking_numbers", "addresses", "emails"):
        assert sum(bool(getattr(e, field)) for e in slow) > 10, field
    for text, f, s in zip(texts, fast, slow, strict=True):
        assert f == s, text


@pytest.mark.parametrize(
    ("text", "region", "digits"),
    [("+43 1110", "US", 6), ("+43 1110", "GB", 6), ("1640", "DE", 4), ("4155552671", "US", 10)],
)
def test_phone_run_check_admits_the_shortest_numbers(text: str, region: str, digits: int) -> None:
    """The shortest numbers phonenumbers accepts in a region pass the phone-run check, which is what lets it
    skip phonenumbers elsewhere."""
    assert [m.raw_string for m in phonenumbers.PhoneNumberMatcher(text, region)] == [text]
    assert sum(map(str.isdigit, text)) == digits
    assert entities._may_hold_phone(text, region)
    assert not entities._may_hold_phone(text[2:], region) or digits > entities.MIN_PHONE_DIGITS


def _phone_texts() -> list[str]:
    """Numbers phonenumbers turns down or takes, each repeated in contexts its verdict reads: a letter or
    currency sign before it, a letter after it, a time stamp's ":MM" after it, the text's start and end."""
    numbers = ("113542617735902", "370795561790", "00004587345", "4155552671", "2026-01-02 12", "+43 1110")
    numbers += INTERNATIONAL_PHONES[:6]
    out = []
    for n in numbers:
        out += [n, f"x{n}", f"{n}y", f"${n}", f"at {n}:30 or", f"at {n}:75.", f"id {n}. I", f"id {n}. i"]
        out.append(f"order {n} then {n}, again ({n}) and x{n} or {n}:45 and {n}")
    return out


@pytest.mark.parametrize("region", ["US", "GB", "DE", "AU"])
def test_remembered_rejections_change_no_phone(region: str) -> None:
    """The matcher remembering turned-down candidates finds what phonenumbers' own matcher finds, over and
    over (the memo warm) and with few tries left (a rejection that ran out of tries is not reused)."""
    texts = _phone_texts() + agreement_texts()[::7]
    for max_tries in (65535, 3, 1):
        for _ in range(2):
            for text in texts:
                stock = phonenumbers.PhoneNumberMatcher(text, region, max_tries=max_tries)
                memo = entities._MemoMatcher(text, region, max_tries=max_tries)
                want = [(m.start, m.raw_string, m.number) for m in stock]
                assert [(m.start, m.raw_string, m.number) for m in memo] == want, text
    assert entities._REJECTED


def test_rejection_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo of turned-down candidates starts afresh at REJECTED_MEMO_SIZE: memory stays bounded."""
    monkeypatch.setattr(entities, "REJECTED_MEMO_SIZE", 5)
    entities._REJECTED.clear()
    for n in range(20):
        list(entities._MemoMatcher(f"ref {n}{'1' * 14} and ok", "US"))
        assert len(entities._REJECTED) <= 5
