"""The conversation contract (SPEC.md): one input line, one output line; and the hand-off packet's shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from phasegate.store.schemas import CustomerIn as StoreCustomerIn
from phasegate.store.schemas import OrderIn
from phasegate.tickets.schemas import CustomerIn


class StoreFixture(BaseModel):
    """Store records a scripted conversation brings with it (only used when there is no workspace)."""

    model_config = ConfigDict(extra="forbid")

    customers: list[StoreCustomerIn] = Field(default_factory=list)
    orders: list[OrderIn] = Field(default_factory=list)


class ConversationIn(BaseModel):
    """One line of `phasegate converse` input: an id, the customer as the channel knows them, the turns.

    Extensions: `at` (the conversation's clock, for reproducible runs), `issue_id` and `ai_contacts_on_issue`
    (AI contacts on the same issue before this conversation), `store` (records for the temporary store).
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=60)
    customer: CustomerIn | None = None
    turns: list[str] = Field(min_length=1)
    at: datetime | None = None
    issue_id: str | None = None
    ai_contacts_on_issue: int = Field(default=0, ge=0)
    store: StoreFixture | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("turns")
    @classmethod
    def _turns_have_words(cls, value: list[str]) -> list[str]:
        for i, turn in enumerate(value):
            if not turn.strip():
                raise ValueError(f"turn {i + 1} is empty")
        return value


class TurnIn(BaseModel):
    """The customer's next turn of a stored conversation (`POST /api/conversations/{id}/turns`)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20_000)
    at: datetime | None = None

    @field_validator("text")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value
