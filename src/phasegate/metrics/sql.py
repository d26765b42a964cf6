"""Date arithmetic that SQLite and PostgreSQL spell differently, as constructs compiled per dialect.

Weeks are numbered from a fixed Monday (`EPOCH`), so a week's number never depends on which rows a query saw.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Float, Integer, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from phasegate.db.base import UtcDateTime

#: Week 0 starts on this Monday, 00:00 UTC; every later Monday starts the next week.
EPOCH = datetime(1970, 1, 5, tzinfo=UTC)


class days_between(FunctionElement[float]):
    """`later - earlier` in days, as a float (fractions of a day kept)."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}))"


@compiles(days_between, "postgresql")
def _days_between_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (
        f"(EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)}))"
        " / 86400.0)"
    )


class week_index(FunctionElement[int]):
    """The number of the week (Monday to Sunday, UTC) a timestamp falls in, counted from `EPOCH`."""

    type = Integer()
    inherit_cache = True
    name = "week_index"


@compiles(week_index, "sqlite")
def _week_index_sqlite(element: week_index, compiler: SQLCompiler, **kw: Any) -> str:
    (moment,) = list(element.clauses)
    epoch = compiler.process(_epoch(), **kw)
    # CAST truncates toward zero, which is floor here: every stored moment is after EPOCH.
    return f"CAST((julianday({compiler.process(moment, **kw)}) - julianday({epoch})) / 7 AS INTEGER)"


@compiles(week_index, "postgresql")
def _week_index_pg(element: week_index, compiler: SQLCompiler, **kw: Any) -> str:
    (moment,) = list(element.clauses)
    epoch = compiler.process(_epoch(), **kw)
    return (
        f"CAST(FLOOR(EXTRACT(EPOCH FROM ({compiler.process(moment, **kw)} - {epoch})) / 604800.0) AS INTEGER)"
    )


def _epoch() -> ColumnElement[datetime]:
    # Bound through UtcDateTime so SQLite compares it in the same text format as the stored columns.
    return literal(EPOCH, UtcDateTime())


def week_of(moment: datetime) -> int:
    """The week number of `moment` in Python, the same as `week_index` computes in SQL."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return (aware - EPOCH) // timedelta(weeks=1)


def week_start(week: int) -> datetime:
    """The Monday 00:00 UTC that starts week number `week`."""
    return EPOCH + timedelta(weeks=week)
