"""The normalised intake event every source (API, Zendesk, Chatwoot) turns its input into."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from phasegate.tickets.schemas import MessageIn, TicketIn


class Origin(BaseModel):
    """Where a ticket lives outside phasegate: the connector that answers it and the helpdesk's own id."""

    model_config = ConfigDict(extra="forbid")

    connector: str = Field(min_length=1, max_length=40)
    external_id: str = Field(min_length=1, max_length=120)


class EventIn(BaseModel):
    """One unit of intake: a whole ticket, or one new message of a ticket (which may not exist yet).

    `key` names the event for de-duplication (a webhook's comment id, an API idempotency key); the same
    key is queued once.
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["ticket", "message"]
    source: str = Field(min_length=1, max_length=30)
    key: str = Field(min_length=1, max_length=160)
    ticket: TicketIn
    message: MessageIn | None = None
    origin: Origin | None = None


class EventRead(BaseModel):
    """An event's state in the queue."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    kind: str
    ticket_id: str
    status: str
    attempts: int
    last_error: str | None
