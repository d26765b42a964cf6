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
from phasegate.triage.intervals import Spans
from phasegate.triage.lexicon import may_contain, words
from phasegate.triage.schemas import Amount, Entities

#: Phone numbers are looked for only where this many digits lie outside the entities already found. A rule,
#: not only a shortcut: phonenumbers accepts shorter numbers ("+43 1110"; in Germany "1640"), which this
#: drops unless other digits of the message lift it over the line.
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


def _led(first: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, tried only at a character its match can start with (`first`, a class body): the same
    matches in about half the time, since the regex engine tries every alternative at every position."""
    return re.compile(rf"(?=[{first}])(?:{pattern.pattern})", pattern.flags)


#: The fewest digits of a number phonenumbers calls valid for a region, found by parsing every digit string
#: of up to six digits (phonenumbers 9.0): none for the regions not listed; with a leading plus, six anywhere.
_SHORTEST_PHONE = {"AU": 5, "NZ": 5, "DE": 4}
_SHORTEST_PLUS_PHONE = 6
#: Every matched number's digits stand in one run: digits apart by at most four of phonenumbers' punctuation
#: (all of it non-word characters but "x" and "ー"; the extension's digits are not the number's).
_PHONE_GAP = r"(?:\W|[xXー])"


@lru_cache(maxsize=8)
def _phone_run(digits: int) -> re.Pattern[str]:
    """A run of `digits` digits as a phone number spells them."""
    return re.compile(rf"\d(?:{_PHONE_GAP}{{0,4}}\d){{{digits - 1}}}")


#: Candidates phonenumbers turned down, remembered across texts (see _MemoMatcher); past it the memo starts
#: afresh. Bitext-style long tickets repeat the same 12-15 digit order and tracking numbers.
REJECTED_MEMO_SIZE = 4_096
#: (candidate, the character before it, the one after (three after a colon), region, leniency) -> the tries
#: its rejection used.
_REJECTED: dict[tuple[str, str, str, str | None, int], int] = {}


class _MemoMatcher(phonenumbers.PhoneNumberMatcher):
    """phonenumbers' matcher remembering the candidates it turned down: about 90% of the candidates of a
    long ticket are numbers seen before, each costing a parse and a validation to reject again.

    A candidate's verdict reads the candidate itself, the one character before it, and at most three after
    it (the next character, and ":MM" of a time stamp), besides the region and leniency; so a rejection is
    reused only under that same key, and only when it did not run out of tries (then it rejects again, and
    the tries are spent alike). Matches are never reused: they carry their offset, and they are rare.
    """

    def _extract_match(self, candidate: str, offset: int) -> phonenumbers.PhoneNumberMatch | None:
        end = offset + len(candidate)
        after = self.text[end : end + 3]
        # A time stamp's ":MM" starts with a colon; otherwise only the next character is read.
        after = after if after[:1] == ":" else after[:1]
        key = (candidate, self.text[offset - 1 : offset], after, self.preferred_region, int(self.leniency))
        tries = _REJECTED.get(key)
        if tries is not None and self._max_tries > tries:
            self._max_tries -= tries
            return None
        before = self._max_tries
        match = super()._extract_match(candidate, offset)
        if match is None and self._max_tries > 0:
            if len(_REJECTED) >= REJECTED_MEMO_SIZE:
                _REJECTED.clear()
            _REJECTED[key] = before - self._max_tries
        return match


def _phone_matches(text: str, region: str) -> phonenumbers.PhoneNumberMatcher:
    """phonenumbers' matches in the text: through _MemoMatcher, or the stock matcher with PREFILTER off."""
    return _MemoMatcher(text, region) if PREFILTER else phonenumbers.PhoneNumberMatcher(text, region)


def _may_hold_phone(text: str, region: str) -> bool:
    """False only when phonenumbers finds no number in the text: no run of digits long enough."""
    shortest = _SHORTEST_PHONE.get(region, MIN_PHONE_DIGITS)
    if "+" in text or "＋" in text:
        shortest = min(shortest, _SHORTEST_PLUS_PHONE)
    return _phone_run(shortest).search(text) is not None


#: Every amount holds a currency symbol, code or word (_MONEY), perhaps glued to its number ("50USD").
_MONEY_PARTS = (
    "$", "€", "£", "¥", "₹", "usd", "eur", "gbp", "cad", "aud", "nzd", "jpy", "inr", "chf", "sek", "nok",
    "dkk", "mxn", "brl", "sgd", "hkd", "zar", "pln", "dollar", "buck",
)  # fmt: skip

_SYMBOLS = {"$": "$", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "C$": "CAD", "A$": "AUD"}
_CODES = "USD|EUR|GBP|CAD|AUD|NZD|JPY|INR|CHF|SEK|NOK|DKK|MXN|BRL|SGD|HKD|ZAR|PLN"
_CODE_SET = frozenset(_CODES.split("|"))
_WORDS = {"dollar": "$", "dollars": "$", "bucks": "$", "buck": "$", "euro": "EUR", "euros": "EUR"}
#: A number as customers write prices: "1,299.00" and "1 299" (thousands by comma or space, decimal point), or
#: the continental "1.299,00", "1 299,00", "49,99" (thousands by point or space, decimal comma). "1.299"
#: reads 1299 and "1,299" 1299: three digits after the mark are thousands either way.
_NUMBER = (
    r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?(?!\d)"
    r"|\d{1,3}(?:\s\d{3})+,\d{1,2}(?!\d)"
    r"|\d{1,3}(?:[,\s]\d{3})+(?:\.\d{1,2})?"
    r"|\d+,\d{1,2}(?!\d)"
    r"|\d+(?:\.\d{1,2})?"
)
_DECIMAL_COMMA = re.compile(r",\d{1,2}$|^\d{1,3}(?:\.\d{3})+$")
_MONEY = re.compile(
    rf"(?P<sym>US\$|C\$|A\$|[$€£¥₹])\s?(?P<n1>{_NUMBER})(?P<k1>k\b)?"
    rf"|(?<![\w.])(?P<n2>{_NUMBER})\s?(?P<k2>k\b)?\s?(?P<code2>{_CODES}|dollars?|bucks?|euros?|[€£])(?![\w])"
    rf"|\b(?P<code1>{_CODES})\s?(?P<n3>{_NUMBER})",
    re.IGNORECASE,
)

#: Numbers written in words, as customers write prices ("five hundred dollars", "two grand", "a thousand
#: bucks", "twelve hundred euros", "one hundred and fifty quid"): a refund asked in words must meet the
#: amount threshold as one in digits does (fifteenth session's probes: "I want a refund of five hundred
#: dollars" carried no amount).
_UNITS = {
    w: i
    for i, w in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
    )
}  # fmt: skip
_TENS = {
    w: 10 * i
    for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), 2)
}
#: A count said vaguely, read as a few (two for a couple): "several hundred dollars" met the amount threshold
#: as a hundred (sixteenth session's probes), and an amount gate must not read a large sum small.
_VAGUE = {"couple": 2, "few": 3, "several": 3}
_NUMBER_WORD = "|".join(
    [
        r"couple\s+of",
        *sorted([*_UNITS, *_TENS, *_VAGUE, "hundred", "thousand", "grand", "a", "an", "and"], key=len)[::-1],
    ]
)
_WORD_MONEY = re.compile(
    rf"\b(?P<words>(?:(?:{_NUMBER_WORD})[\s-]+)*?(?:{'|'.join([*_UNITS, *_TENS, 'hundred', 'thousand'])})"
    rf"(?:[\s-]+(?:{_NUMBER_WORD}))*?)\s+(?P<unit>dollars?|bucks?|euros?|quid|grand)\b"
    rf"|\b(?P<grand>(?:(?:{_NUMBER_WORD})[\s-]+)*?(?:{'|'.join([*_UNITS, *_TENS, *_VAGUE, 'a'])}))\s+grand\b",
    re.IGNORECASE,
)
#: A text holds one of these before _WORD_MONEY runs.
_WORD_MONEY_PARTS = ("dollar", "buck", "euro", "quid", "grand")
_WORD_CURRENCY = {"dollar": "$", "buck": "$", "euro": "EUR", "quid": "GBP", "grand": "$"}


def _number_in_words(text: str) -> int | None:
    """The value of a number written in English words ("two hundred and fifty", "a thousand", "twelve
    hundred"; "a" alone is one, as in "a grand"), or None when it is nothing ("zero", "and")."""
    total = current = 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ("a", "an"):
            current = max(current, 1)
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _VAGUE:
            current = _VAGUE[word] if current <= 1 else current + _VAGUE[word]  # "a few": the "a" is no one
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in ("thousand", "grand"):
            total += max(current, 1) * 1000
            current = 0
    return total + current or None


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

#: The patterns the fast path runs ("ship" is _SHIPPING_WORD, "money" _MONEY ...), each led by the characters
#: its match can start with; the full scan (PREFILTER off) runs the patterns as written.
_LED = {
    "ups": _led("1", _UPS),
    "usps": _led("9A-Z", _USPS),
    "dhl": _led("jg", _DHL_EXPRESS),
    "bare": _led(r"\d", _BARE_DIGITS),
    "ship": _led("tfdwuaspc", _SHIPPING_WORD),
    # a symbol, a digit or a currency code's first letter
    "money": _led(r"$€£¥₹\duecagnjisdmbhzp", _MONEY),
    # where no currency code nor "US$", "C$", "A$" is in the text (_MONEY_LETTER_PARTS)
    "money_sign": _led(r"$€£¥₹\d", _MONEY),
    # a digit, a month's, a weekday word's or a relative day's first letter
    "date": _led(r"\djfmasondlty", _DATE),
    # where no word of _DATE_LETTER_WORDS is in the text
    "date_digit": _led(r"\d", _DATE),
    "address": _led(r"\d", _ADDRESS),
}
#: An amount starting with a letter starts with a currency code or "US$", "C$", "A$" (_MONEY).
_MONEY_LETTER_PARTS = (*(code.lower() for code in _CODES.split("|")), "us$", "c$", "a$")
#: A date starting with a letter holds one of these words, standing whole (_DATE: a month, a relative day, or
#: "last", "this", "next", "on" before a weekday, "week" or "month").
_DATE_LETTER_WORDS = _DATE_WORDS | frozenset(
    ("jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
     "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december")
)  # fmt: skip
_FULL = {
    "ups": _UPS,
    "usps": _USPS,
    "dhl": _DHL_EXPRESS,
    "bare": _BARE_DIGITS,
    "ship": _SHIPPING_WORD,
    "money": _MONEY,
    "date": _DATE,
    "address": _ADDRESS,
}

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


def _count_digits(text: str) -> int:
    """How many characters of the text are digits (str.isdigit): ten counts where the text is ASCII."""
    return sum(map(text.count, "0123456789")) if text.isascii() else sum(map(str.isdigit, text))


def _isdigits(text: str) -> int:
    """How many characters of the text are digits, counted one by one (what _count_digits must equal)."""
    return sum(map(str.isdigit, text))


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _word_amount(m: re.Match[str], dollar: str) -> Amount | None:
    """An amount written in words ("five hundred dollars", "two grand"), in the policy's dollar for dollars,
    bucks and grand."""
    if m.group("grand") is not None:
        value = _number_in_words(m.group("grand"))
        key = "grand"
    else:
        value = _number_in_words(m.group("words"))
        unit = m.group("unit").lower()
        key = unit.rstrip("s") if unit != "quid" else unit
    if not value:
        return None
    if key == "grand":
        value *= 1000
    currency = _WORD_CURRENCY[key]
    return Amount(Decimal(value), dollar if currency == "$" else currency, m.group(0).strip())


def _amount(m: re.Match[str], dollar: str) -> Amount | None:
    number = m.group("n1") or m.group("n2") or m.group("n3")
    raw = m.group("sym") or m.group("code1") or m.group("code2") or ""
    key = raw.upper() if raw.upper() in _CODE_SET else _SYMBOLS.get(raw, _WORDS.get(raw.lower(), raw))
    currency = dollar if key == "$" else key.upper()
    if _DECIMAL_COMMA.search(number):
        number = re.sub(r"[.\s]", "", number).replace(",", ".")
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
    pat = _LED if PREFILTER else _FULL
    count = _count_digits if PREFILTER else _isdigits
    for turn in conv.turns:
        text = turn.text
        taken = Spans()
        # Prefilters (a pattern runs only where its match could be): the digits as str.isdigit counts them
        # (every character `\d` matches and more) and the words standing whole in the text (None: any may).
        digits = count(text) if PREFILTER else len(text)
        found = words(text) if PREFILTER else None
        for m in _EMAIL.finditer(text) if not PREFILTER or "@" in text else ():
            emails.append(m.group(0))
            taken.add(*m.span())
        carriers = (
            (pat["ups"], pat["usps"], pat["dhl"])
            if not PREFILTER
            else ((pat["ups"],) if may_contain(text, ("1z",)) else ())
            + ((pat["usps"], pat["dhl"]) if digits >= _MIN_CARRIER_DIGITS else ())
        )
        for pattern in carriers:
            for m in pattern.finditer(text):
                if not taken.overlaps(*m.span()):
                    tracking.append(re.sub(r"\s", "", m.group(0)).upper())
                    taken.add(*m.span())
        if (
            digits >= _MIN_BARE_DIGITS
            and (found is None or not _SHIPPING_WORDS.isdisjoint(found))
            and pat["ship"].search(text)
        ):
            for m in pat["bare"].finditer(text):
                if not taken.overlaps(*m.span()):
                    tracking.append(m.group(0))
                    taken.add(*m.span())
        for m in order_re.finditer(text):
            if not taken.overlaps(*m.span()):
                orders.append(m.group(0).upper() if order_re.flags & re.IGNORECASE else m.group(0))
                taken.add(*m.span())
        for m in pat["address"].finditer(text) if digits else ():
            if not taken.overlaps(*m.span()):
                addresses.append(m.group(0).rstrip(".,"))
                taken.add(*m.span())
        date = (
            pat["date"]
            if found is None or not _DATE_LETTER_WORDS.isdisjoint(found)
            else _LED["date_digit"]
            if digits
            else None
        )
        for m in date.finditer(text) if date else ():
            if not taken.overlaps(*m.span()):
                dates.append(m.group(0))
                taken.add(*m.span())
        # Digits inside entities already found do not count towards MIN_PHONE_DIGITS; phonenumbers, slow to
        # say "none", runs only where a number could fit (_may_hold_phone).
        phone_digits = (digits if PREFILTER else count(text)) - sum(count(text[a:b]) for a, b in taken)
        phone = phone_digits >= MIN_PHONE_DIGITS and (not PREFILTER or _may_hold_phone(text, region))
        for pm in _phone_matches(text, region) if phone else ():
            if not taken.overlaps(pm.start, pm.end):
                phones.append(phonenumbers.format_number(pm.number, phonenumbers.PhoneNumberFormat.E164))
                taken.add(pm.start, pm.end)
        money = (
            None
            if not digits or (PREFILTER and not may_contain(text, _MONEY_PARTS))
            else _LED["money_sign"]
            if PREFILTER and not may_contain(text, _MONEY_LETTER_PARTS)
            else pat["money"]
        )
        for m in money.finditer(text) if money else ():
            if not taken.overlaps(*m.span()):
                amount = _amount(m, dollar)
                if amount is not None:
                    amounts.append(amount)
        if not PREFILTER or may_contain(text, _WORD_MONEY_PARTS):
            for m in _WORD_MONEY.finditer(text):
                if not taken.overlaps(*m.span()):
                    amount = _word_amount(m, dollar)
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
