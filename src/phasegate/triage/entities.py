"""Facts the customer already gave: order ids (the brand's pattern), tracking numbers, emails, phones, money,
dates and street addresses, so a hand-off never asks for them again.

Shapes, not lookups: a tracking number is recognised by its carrier's format (UPS 1Z..., USPS 92/93/94/95...,
FedEx 12/15/20 digits, DHL 10 digits or JJD...), bare digit runs only next to a shipping word, since a
12-digit number is as often a phone or an account number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import phonenumbers

from phasegate.policy.schema import Policy
from phasegate.triage.conversation import Conversation
from phasegate.triage.lexicon import may_contain, may_hold
from phasegate.triage.schemas import Amount, Entities

#: The fewest digits of a phone number anywhere (local numbers without area code have seven).
MIN_PHONE_DIGITS = 7
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_UPS = re.compile(
    r"\b1Z\s?[0-9A-Z]{3}\s?[0-9A-Z]{3}\s?[0-9A-Z]{2}\s?[0-9A-Z]{4}\s?[0-9A-Z]{4}\b", re.IGNORECASE
)
_USPS = re.compile(r"\b(?:9[1-5]\d{2}(?:\s?\d{4}){4}\s?\d{2}|9[1-5]\d{18,20}|[A-Z]{2}\d{9}US)\b")
_DHL_EXPRESS = re.compile(r"\b(?:JJD\d{9,18}|JD\d{16,18}|GM\d{16,18})\b", re.IGNORECASE)
_BARE_DIGITS = re.compile(r"(?<![\w-])(?:\d{10}|\d{12}|\d{15}|\d{20}|\d{22})(?![\w-])")
_SHIPPING_WORD = re.compile(
    r"\b(?:track(?:ing)?|fedex|fed\s?ex|dhl|usps|ups|waybill|air\s?way\s?bill|awb|shipment|parcel|package|"
    r"courier|carrier|consignment)\b",
    re.IGNORECASE,
)

#: Whether the prefilters are used; tests switch them off to compare with the full scans.
PREFILTER = True
#: The fewest digits a USPS or DHL number holds ("AB123456789US", "JJD123456789"); UPS numbers start "1Z".
_MIN_CARRIER_DIGITS = 9
#: The fewest digits of a bare tracking number (_BARE_DIGITS).
_MIN_BARE_DIGITS = 10
#: Words of which a shipping word (_SHIPPING_WORD) is made, each standing whole.
_SHIPPING_WORDS = frozenset(
    ("track", "tracking", "fedex", "fed", "dhl", "usps", "ups", "waybill", "air", "airway", "airwaybill",
     "awb", "shipment", "parcel", "package", "courier", "carrier", "consignment")
)  # fmt: skip
#: A date without digits names a day: one of these words stands whole in it (_DATE).
_DATE_WORDS = frozenset(
    ("yesterday", "today", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
     "sunday", "week", "month")
)  # fmt: skip

#: Every amount holds a currency symbol, code or word (_MONEY), perhaps glued to its number ("50USD").
_MONEY_PARTS = (
    "$", "€", "£", "¥", "₹", "usd", "eur", "gbp", "cad", "aud", "nzd", "jpy", "inr", "chf", "sek", "nok",
    "dkk", "mxn", "brl", "sgd", "hkd", "zar", "pln", "dollar", "buck",
)  # fmt: skip

_SYMBOLS = {"$": "$", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "C$": "CAD", "A$": "AUD"}
_CODES = "USD|EUR|GBP|CAD|AUD|NZD|JPY|INR|CHF|SEK|NOK|DKK|MXN|BRL|SGD|HKD|ZAR|PLN"
_WORDS = {"dollar": "$", "dollars": "$", "bucks": "$", "buck": "$", "euro": "EUR", "euros": "EUR"}
_NUMBER = r"\d{1,3}(?:[,\s]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
_MONEY = re.compile(
    rf"(?P<sym>US\$|C\$|A\$|[$€£¥₹])\s?(?P<n1>{_NUMBER})(?P<k1>k\b)?"
    rf"|(?<![\w.])(?P<n2>{_NUMBER})\s?(?P<k2>k\b)?\s?(?P<code2>{_CODES}|dollars?|bucks?|euros?|[€£])(?![\w])"
    rf"|\b(?P<code1>{_CODES})\s?(?P<n3>{_NUMBER})",
    re.IGNORECASE,
)

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.](?:\d{{4}}|\d{{2}})"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})(?:,?\s+\d{{4}})?"
    rf"|(?:last|this|next|on)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month)"
    rf"|yesterday|today|tomorrow|\d+\s+(?:days?|weeks?|months?)\s+ago)\b",
    re.IGNORECASE,
)

_STREET_TYPES = (
    r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|"
    r"circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|crescent|close|row|walk"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z][A-Za-z'’-]*\.?\s+){{1,4}}(?i:{_STREET_TYPES})\b\.?"
    rf"(?:,?\s+(?i:apt|apartment|unit|suite|ste|#)\.?\s*[\w-]+)?"
    # then ", City, ST 12345" (US) or ", Town, SW1A 1AA" (UK)
    rf"(?:,\s*[A-Z][A-Za-z .'-]{{1,30}}?,?\s+"
    rf"(?:[A-Z]{{2}}\s+\d{{5}}(?:-\d{{4}})?|[A-Z]{{1,2}}\d[A-Z\d]?\s*\d[A-Z]{{2}}))?",
)

_REGION_OF_CURRENCY = {
    "USD": "US",
    "GBP": "GB",
    "CAD": "CA",
    "AUD": "AU",
    "NZD": "NZ",
    "INR": "IN",
    "EUR": "DE",
}


@lru_cache(maxsize=64)
def _order_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in taken)


def _amount(m: re.Match[str], dollar: str) -> Amount | None:
    number = m.group("n1") or m.group("n2") or m.group("n3")
    raw = m.group("sym") or m.group("code1") or m.group("code2") or ""
    key = raw.upper() if raw.upper() in _CODES.split("|") else _SYMBOLS.get(raw, _WORDS.get(raw.lower(), raw))
    currency = dollar if key == "$" else key.upper()
    try:
        value = Decimal(re.sub(r"[,\s]", "", number))
    except InvalidOperation:
        return None
    if m.group("k1") or m.group("k2"):
        value *= 1000
    return Amount(value, currency, m.group(0).strip())


def extract(conv: Conversation, policy: Policy, *, known_order_id: str | None = None) -> Entities:
    """Every entity in the customer's turns, in order of appearance, each listed once."""
    orders: list[str] = [known_order_id] if known_order_id else []
    tracking: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    amounts: list[Amount] = []
    dates: list[str] = []
    addresses: list[str] = []
    order_re = _order_pattern(policy.entities.order_id_pattern)
    dollar = (
        policy.currency if policy.currency in ("USD", "CAD", "AUD", "NZD", "MXN", "SGD", "HKD") else "USD"
    )
    region = _REGION_OF_CURRENCY.get(policy.currency, "US")
    for turn in conv.turns:
        text = turn.text
        taken: list[tuple[int, int]] = []
        # Prefilters (a pattern runs only where its match could be): digits counted with str.isdigit, which
        # counts every character `\d` matches and more.
        digits = sum(map(str.isdigit, text)) if PREFILTER else len(text)
        for m in _EMAIL.finditer(text) if not PREFILTER or "@" in text else ():
            emails.append(m.group(0))
            taken.append(m.span())
        carriers = (
            (_UPS, _USPS, _DHL_EXPRESS)
            if not PREFILTER
            else ((_UPS,) if may_contain(text, ("1z",)) else ())
            + ((_USPS, _DHL_EXPRESS) if digits >= _MIN_CARRIER_DIGITS else ())
        )
        for pattern in carriers:
            for m in pattern.finditer(text):
                if not _overlaps(*m.span(), taken):
                    tracking.append(re.sub(r"\s", "", m.group(0)).upper())
                    taken.append(m.span())
        if (
            digits >= _MIN_BARE_DIGITS
            and (not PREFILTER or may_hold(text, _SHIPPING_WORDS))
            and _SHIPPING_WORD.search(text)
        ):
            for m in _BARE_DIGITS.finditer(text):
                if not _overlaps(*m.span(), taken):
                    tracking.append(m.group(0))
                    taken.append(m.span())
        for m in order_re.finditer(text):
            if not _overlaps(*m.span(), taken):
                orders.append(m.group(0))
                taken.append(m.span())
        for m in _ADDRESS.finditer(text) if digits else ():
            if not _overlaps(*m.span(), taken):
                addresses.append(m.group(0).rstrip(".,"))
                taken.append(m.span())
        for m in _DATE.finditer(text) if digits or may_hold(text, _DATE_WORDS) else ():
            if not _overlaps(*m.span(), taken):
                dates.append(m.group(0))
                taken.append(m.span())
        # phonenumbers is slow to say "none" on plain text: skip it where no phone number fits.
        # A phone number overlapping a span already taken is dropped, so only digits outside them count.
        phone_digits = (
            digits - sum(sum(map(str.isdigit, text[a:b])) for a, b in taken)
            if PREFILTER
            else sum(map(str.isdigit, text))
        )
        for pm in phonenumbers.PhoneNumberMatcher(text, region) if phone_digits >= MIN_PHONE_DIGITS else ():
            if not _overlaps(pm.start, pm.end, taken):
                phones.append(phonenumbers.format_number(pm.number, phonenumbers.PhoneNumberFormat.E164))
                taken.append((pm.start, pm.end))
        money = digits and (not PREFILTER or may_contain(text, _MONEY_PARTS))
        for m in _MONEY.finditer(text) if money else ():
            if not _overlaps(*m.span(), taken):
                amount = _amount(m, dollar)
                if amount is not None:
                    amounts.append(amount)
    unique_amounts = tuple({(a.value, a.currency): a for a in amounts}.values())
    return Entities(
        order_ids=_dedupe(orders),
        tracking_numbers=_dedupe(tracking),
        emails=_dedupe(e.lower() for e in emails),
        phones=_dedupe(phones),
        amounts=unique_amounts,
        dates=_dedupe(dates),
        addresses=_dedupe(addresses),
    )
