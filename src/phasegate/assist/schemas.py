"""The brief's shape: what `phasegate brief --json`, the API and the console all show."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

Status = Literal["ok", "warn", "block", "info"]


class ArticleCite(BaseModel):
    """The help-center passage a flag or path rests on."""

    id: str
    title: str
    heading: str
    version: int
    passage_id: str
    text: str = ""


class DataRef(BaseModel):
    """One stored value a flag was computed from: table, row id, field and the value read."""

    table: str
    id: str
    field: str
    value: Any = None

    def __str__(self) -> str:
        return f"{self.table}[{self.id}].{self.field} = {self.value}"


class FactRef(BaseModel):
    """One policy fact a flag applied: its name, value and where the value is configured."""

    name: str
    value: Any
    origin: str = "brand"  # brand (brand.yaml) | policy (the policy file)

    def __str__(self) -> str:
        return f"{self.origin}.{self.name} = {self.value}"


class Source(BaseModel):
    """Where a flag comes from: the article that states the rule, the data and the facts it read."""

    article: ArticleCite | None = None
    data: list[DataRef] = Field(default_factory=list)
    facts: list[FactRef] = Field(default_factory=list)


class Flag(BaseModel):
    """A policy consideration computed from data: a code, a structured value, a sentence, its source."""

    code: str
    label: str
    value: Any
    status: Status = "info"
    text: str
    source: Source = Field(default_factory=Source)


class ConversationSummary(BaseModel):
    """What the customer wants, what has been tried, what is still open."""

    wants: str
    tried: list[str] = Field(default_factory=list)
    open: list[str] = Field(default_factory=list)
    turns: int = 0
    last_from: str | None = None
    engine: str = "extractive"


class TrackingRead(BaseModel):
    """A parcel of an order."""

    carrier: str | None
    number: str | None
    status: str
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None


class OrderBrief(BaseModel):
    """One order in the account summary."""

    id: str
    status: str
    placed_at: datetime | None
    total: Decimal | None
    currency: str
    items: list[str]
    tracking: list[TrackingRead] = Field(default_factory=list)


class ReturnBrief(BaseModel):
    """An open return."""

    id: str
    order_id: str
    status: str
    created_at: datetime | None = None
    label_sent: bool = False


class RefundBrief(BaseModel):
    """An open refund."""

    id: str
    order_id: str
    amount: Decimal
    status: str
    created_at: datetime | None = None


class PriorContacts(BaseModel):
    """Earlier contacts: on this issue, and any in the last 90 days."""

    on_issue: list[str] = Field(default_factory=list)
    ai_contacts_on_issue: int = 0
    last_90_days: list[str] = Field(default_factory=list)


class AccountSummary(BaseModel):
    """The customer's account as of the ticket."""

    customer_id: str | None
    name: str | None = None
    email: str | None = None
    known: bool = False
    vip: bool = False
    ai_opt_in: bool = False
    member: bool = False
    verified: bool | None = None
    orders: list[OrderBrief] = Field(default_factory=list)
    order_count: int = 0
    lifetime_value: Decimal = Decimal("0")
    currency: str = "USD"
    open_returns: list[ReturnBrief] = Field(default_factory=list)
    open_refunds: list[RefundBrief] = Field(default_factory=list)
    prior_contacts: PriorContacts = Field(default_factory=PriorContacts)


class ResolutionPath(BaseModel):
    """A suggested way to resolve the ticket, from the category's playbook."""

    id: str
    title: str
    confidence: float
    rationale: str
    article: ArticleCite | None = None
    unknown: list[str] = Field(default_factory=list)


class RuledOut(BaseModel):
    """A playbook path that does not apply, and why."""

    id: str
    title: str
    reason: str


class Brief(BaseModel):
    """Everything phase 1 shows an agent about one ticket, computed as of the ticket's creation."""

    ticket_id: str
    as_of: datetime
    generated_at: datetime
    category: str | None
    category_confidence: float | None = None
    category_source: str = "label"  # label | decision | router
    order_id: str | None = None
    order_basis: str | None = None  # ticket | mentioned | latest
    summary: ConversationSummary
    account: AccountSummary
    flags: list[Flag]
    articles: list[dict[str, Any]]
    catalog: list[dict[str, Any]] = Field(default_factory=list)
    paths: list[ResolutionPath]
    ruled_out: list[RuledOut] = Field(default_factory=list)
    kb_hit: bool = False
    kb_support: float = 0.0
