"""How metric values read, the same in the terminal and the console: money, CSAT, rates and their change."""

from __future__ import annotations

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
DASH = "–"


def money(value: float | None, currency: str = "USD") -> str:
    """`$3.27`, or `EUR 3.27` for a currency without a symbol here; a dash when unknown."""
    if value is None:
        return DASH
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{value:,.2f}" if symbol else f"{currency} {value:,.2f}"


def csat(value: float | None) -> str:
    """A CSAT mean to two decimals."""
    return DASH if value is None else f"{value:.2f}"


def rate(value: float | None) -> str:
    """A share as a percentage with one decimal."""
    return DASH if value is None else f"{value * 100:.1f}%"


def hours(value: float | None) -> str:
    """Hours with one decimal."""
    return DASH if value is None else f"{value:.1f} h"


def relative_change(now: float | None, before: float | None) -> str:
    """`+12%` / `-4%` relative to the previous period; empty when it cannot be said."""
    if now is None or before is None or before == 0:
        return ""
    return f"{(now - before) / before:+.0%}"


def point_change(now: float | None, before: float | None, *, percent: bool = False) -> str:
    """`+0.12` (CSAT points) or `+1.5 pp` (rates) against the previous period."""
    if now is None or before is None:
        return ""
    if percent:
        return f"{(now - before) * 100:+.1f} pp"
    return f"{now - before:+.2f}"
