"""Is every fact a reply states backed by its sources? Order ids, numbers, amounts, dates, emails, URLs
and tracking numbers in a reply must appear in the sources it carries; a phrasing that invents one is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

_URL = re.compile(
    r"\bhttps?://[^\s)>\]]+|\bwww\.[^\s)>\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co)\b[^\s)>\]]*",
    re.I,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_ID = re.compile(r"#?\b[A-Z0-9]*[A-Z][A-Z0-9]*-?[A-Z0-9]*\d[A-Z0-9-]*\b")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b", re.I
)


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def claims(text: str) -> list[str]:
    """The checkable facts a text states: emails, URLs, dates, ids, then the numbers left."""
    found: list[str] = []
    rest = text
    for pattern in (_EMAIL, _URL, _DATE, _ID):
        for m in pattern.finditer(rest):
            found.append(m.group(0).rstrip(".,;:!?"))
        rest = pattern.sub(" ", rest)
    found.extend(m.group(0).rstrip(".,") for m in _NUMBER.finditer(rest))
    return found


def unsupported(text: str, sources: Iterable[str]) -> list[str]:
    """The facts of `text` that no source states (empty: the text is grounded)."""
    corpus = "\n".join(sources)
    lower = corpus.lower()
    numbers = {n for n in (_number(m.group(0)) for m in _NUMBER.finditer(corpus)) if n is not None}
    out: list[str] = []
    for claim in claims(text):
        value = _number(claim)
        if value is not None and re.fullmatch(r"[\d,]+(?:\.\d+)?", claim):
            if value not in numbers:
                out.append(claim)
        elif claim.lower().lstrip("#") not in lower:
            out.append(claim)
    return out
