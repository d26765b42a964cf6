"""The ticket interchange contract of SPEC.md, as pydantic models (input and output)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Role = Literal["customer", "agent", "ai"]


class CustomerIn(BaseModel):
    """The customer as a ticket states it."""

    model_config = ConfigDict(extra="allow")

    id: str | None = None
    email: str | None = None
    name: str | None = None
    vip: bool = False
    ai_opt_in: bool = False


class MessageIn(BaseModel):
    """One turn of a conversation."""

    model_config = ConfigDict(extra="allow")

    role: Role
    text: str
    at: datetime | None = None


class TicketIn(BaseModel):
    """One line of ticket JSONL. Required: `id` and at least one message."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=64)
    messages: list[MessageIn] = Field(min_length=1)
    channel: str | None = None
    created_at: datetime | None = None
    subject: str | None = None
    customer: CustomerIn | None = None
    order_id: str | None = None
    issue_id: str | None = None
    ai_contacts_on_issue: int | None = Field(default=None, ge=0)
    category: str | None = None
    handled_by: str | None = None
    csat: int | None = Field(default=None, ge=1, le=5)
    resolved_at: datetime | None = None
    handle_seconds: int | None = Field(default=None, ge=0)

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @property
    def text(self) -> str:
        """All customer turns, joined: what the analysis reads."""
        return "\n".join(m.text for m in self.messages if m.role == "customer")

    def extras(self) -> dict[str, Any]:
        """Fields beyond the contract, kept as they came."""
        return dict(self.model_extra or {})


class MessageRead(BaseModel):
    """A stored message."""

    model_config = ConfigDict(from_attributes=True)

    role: str
    text: str
    at: datetime | None


class TicketRead(BaseModel):
    """A stored ticket, in the interchange shape."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    channel: str | None
    subject: str | None
    created_at: datetime | None
    customer: dict[str, Any] | None
    order_id: str | None
    issue_id: str | None
    ai_contacts_on_issue: int | None
    category: str | None
    status: str
    handled_by: str | None
    csat: int | None
    resolved_at: datetime | None
    handle_seconds: int | None
    messages: list[MessageRead]


class TicketSummary(BaseModel):
    """One row of `tickets list`."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    category: str | None
    subject: str | None
    channel: str | None
    created_at: datetime | None
    status: str
    handled_by: str | None
