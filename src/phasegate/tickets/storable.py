"""What the database would refuse, found before it is asked: one `RowError` per value, so one bad line
is rejected alone instead of failing the batch it travels in (SQLite and PostgreSQL limits alike)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer

from phasegate.ingest.report import RowError
from phasegate.ingest.values import column_lengths, walk
from phasegate.store.models import Customer
from phasegate.tickets.models import Ticket
from phasegate.tickets.schemas import CustomerIn, TicketIn

#: PostgreSQL's INTEGER is 32-bit; SQLite would take more, but a file must import the same on both.
INT_MAX = 2**31 - 1
INT_MIN = -(2**31)


# Only the contract's own fields land in columns; anything else goes to the JSON `extra` column.
TICKET_LENGTHS = {k: n for k, n in column_lengths(Ticket.__table__).items() if k in TicketIn.model_fields}
CUSTOMER_LENGTHS = {
    k: n for k, n in column_lengths(Customer.__table__).items() if k in CustomerIn.model_fields
}
INT_COLUMNS = tuple(
    c.name
    for c in Ticket.__table__.columns
    if isinstance(c.type, Integer) and c.name in TicketIn.model_fields
)


def _too_long(value: Any, limit: int) -> str | None:
    if isinstance(value, str) and len(value) > limit:
        return f"{len(value)} characters, the column holds {limit}"
    return None


def problems(line: int, ticket: TicketIn) -> list[RowError]:
    """Every value of `ticket` the store would refuse, as errors naming `line` and the field."""
    errors = [RowError(line, field, reason) for field, reason in walk(ticket.model_dump(), "")]
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
