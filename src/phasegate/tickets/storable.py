"""What the database would refuse, found before it is asked: one `RowError` per value, so one bad line
is rejected alone instead of failing the batch it travels in (SQLite and PostgreSQL limits alike)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, String

from phasegate.ingest.report import RowError
from phasegate.store.models import Customer
from phasegate.tickets.models import Ticket
from phasegate.tickets.schemas import CustomerIn, TicketIn

#: PostgreSQL's INTEGER is 32-bit; SQLite would take more, but a file must import the same on both.
INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
#: Deeper JSON than this is refused rather than walked (and PostgreSQL's own parser has a depth limit too).
MAX_DEPTH = 64


def _lengths(table: Any) -> dict[str, int]:
    return {c.name: c.type.length for c in table.columns if isinstance(c.type, String) and c.type.length}


# Only the contract's own fields land in columns; anything else goes to the JSON `extra` column.
TICKET_LENGTHS = {k: v for k, v in _lengths(Ticket.__table__).items() if k in TicketIn.model_fields}
CUSTOMER_LENGTHS = {k: v for k, v in _lengths(Customer.__table__).items() if k in CustomerIn.model_fields}
INT_COLUMNS = tuple(
    c.name
    for c in Ticket.__table__.columns
    if isinstance(c.type, Integer) and c.name in TicketIn.model_fields
)


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored (a NUL, a lone surrogate, a byte that was not UTF-8), or None."""
    if "\x00" in value:
        return "contains a NUL character (\\u0000), which PostgreSQL refuses"
    for ch in value:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            # surrogateescape: how a byte that was not UTF-8 survives decoding
            return f"invalid UTF-8 (byte 0x{code - 0xDC00:02x}) or a lone surrogate \\u{code:04x}"
        if 0xD800 <= code <= 0xDFFF:
            return f"lone surrogate \\u{code:04x} (not valid Unicode)"
    return None


def _walk(value: Any, path: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(field, reason) for every value inside `value` that a JSON column or a text column would refuse."""
    if depth > MAX_DEPTH:
        yield path, f"nested deeper than {MAX_DEPTH} levels"
        return
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            yield path, problem
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, float):
        if not math.isfinite(value):
            yield path, f"{value} is not a finite number (JSON columns refuse NaN and Infinity)"
    elif isinstance(value, datetime):
        try:
            value.astimezone(UTC)
        except (OverflowError, ValueError):
            yield path, f"{value.isoformat()} is out of the storable date range"
    elif isinstance(value, dict):
        for key, item in value.items():
            key_text = str(key)
            problem = text_problem(key_text)
            if problem:
                yield f"{path}.(key)" if path else "(key)", problem
                continue
            yield from _walk(item, f"{path}.{key_text}" if path else key_text, depth + 1)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}.{i}", depth + 1)


def _too_long(value: Any, limit: int) -> str | None:
    if isinstance(value, str) and len(value) > limit:
        return f"{len(value)} characters, the column holds {limit}"
    return None


def problems(line: int, ticket: TicketIn) -> list[RowError]:
    """Every value of `ticket` the store would refuse, as errors naming `line` and the field."""
    errors = [RowError(line, field, reason) for field, reason in _walk(ticket.model_dump(), "")]
    for name, limit in TICKET_LENGTHS.items():
        reason = _too_long(getattr(ticket, name, None), limit)
        if reason:
            errors.append(RowError(line, name, reason))
    for name in INT_COLUMNS:
        value = getattr(ticket, name, None)
        if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
            errors.append(RowError(line, name, f"{value} does not fit the column (at most {INT_MAX})"))
    if ticket.customer is not None:
        for name, limit in CUSTOMER_LENGTHS.items():
            reason = _too_long(getattr(ticket.customer, name, None), limit)
            if reason:
                errors.append(RowError(line, f"customer.{name}", reason))
    return errors
