"""Request and response bodies of the integration API (`/api/v1`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Accepted(BaseModel):
    """An ingested ticket or message: queued for the worker (or already queued under the same key)."""

    event_id: int
    ticket_id: str
    status: str = Field(description="`queued`, or the event's state when the same key was queued before")
    duplicate: bool = False


class DecisionRead(BaseModel):
    """One stored routing decision (the SPEC.md decision shape plus when and under which policy)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: str
    created_at: datetime
    category: str | None
    confidence: float | None
    phase: int
    route: str
    escalate: bool
    triggers: list[Any]
    entities: dict[str, Any] | None
    policy_version: int | None
    source: str


class DraftRead(BaseModel):
    """One AI draft and what the agent did with it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: str
    created_at: datetime
    ai_text: str
    sent_text: str | None
    sent_at: datetime | None
    accepted: bool | None
    edit_ratio: float | None


class EffectRead(BaseModel):
    """One helpdesk action phasegate planned or performed for a ticket."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    key: str
    connector: str
    status: str
    attempts: int
    sent_at: datetime | None


class ReplyIn(BaseModel):
    """An agent's reply sent in the helpdesk, reported here (resolves the ticket, measures draft edits)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=100_000)
    agent: str = Field(min_length=1, max_length=120)
    opened_at: datetime | None = Field(default=None, description="When the agent opened the ticket")


class ReplyRead(BaseModel):
    """What recording the reply stored."""

    ticket_id: str
    handled_by: str
    handle_seconds: int | None
    edit_ratio: float | None


class CsatIn(BaseModel):
    """A customer's satisfaction answer."""

    model_config = ConfigDict(extra="forbid")

    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=2000)


class CsatRead(BaseModel):
    """The stored CSAT answer."""

    id: int
    ticket_id: str
    score: int


class WebhookAck(BaseModel):
    """A webhook delivery's outcome: `queued`, `duplicate` (already queued) or `ignored` (not for us)."""

    status: str
    event_id: int | None = None
