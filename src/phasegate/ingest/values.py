"""Values no database column takes, whatever the column: NUL characters, lone surrogates (and bytes that
were not UTF-8), NaN and Infinity in JSON, datetimes out of range, nesting past any sane depth."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String

#: Deeper JSON than this is refused rather than walked (PostgreSQL's own parser has a depth limit too).
MAX_DEPTH = 64


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


def walk(value: Any, path: str, depth: int = 0) -> Iterator[tuple[str, str]]:
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
            yield from walk(item, f"{path}.{key_text}" if path else key_text, depth + 1)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from walk(item, f"{path}.{i}", depth + 1)


def column_lengths(table: Any) -> dict[str, int]:
    """The declared length of every length-limited text column of `table` (a SQLAlchemy Table)."""
    return {c.name: c.type.length for c in table.columns if isinstance(c.type, String) and c.type.length}


def too_long(record: dict[str, Any], lengths: dict[str, int]) -> Iterator[tuple[str, str]]:
    """(field, reason) for each top-level text of `record` longer than its column: PostgreSQL refuses it,
    SQLite would keep it, and a file must import the same on both."""
    for name, limit in lengths.items():
        value = record.get(name)
        if isinstance(value, str) and len(value) > limit:
            yield name, f"{len(value)} characters, the column holds {limit}"
