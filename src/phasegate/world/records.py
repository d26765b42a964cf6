"""The demo world as plain dataclasses: what `generate()` returns and what `persist()` writes.

Field names follow the table columns, so a record becomes a row without translation; nested lists (an
order's items, a ticket's messages) become child rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from phasegate.brand import BrandFacts


@dataclass(slots=True)
class Variant:
    """One buyable size/colour of a product."""

    id: str
    product_id: str
    sku: str
    options: dict[str, str]
    price: Decimal
    available: bool = True


@dataclass(slots=True)
class Product:
    """A catalog product with the specs customers ask about."""

    id: str
    name: str
    short: str  # how customers usually name it ("the Cairn shell")
    kind: str
    line: str  # apparel | footwear | camp | packs | hydration | lighting | cooking
    description: str
    price: Decimal
    materials: list[str]
    specs: dict[str, Any]
    care: str
    size_chart: dict[str, Any] | None
    warranty_months: int
    warranty_terms: str
    final_sale: bool
    variants: list[Variant] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Article:
    """A help-center article in Markdown, rendered from the brand facts."""

    slug: str
    title: str
    section: str
    body: str
    tags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Customer:
    """A person who buys and writes to support."""

    id: str
    name: str
    email: str
    phone: str | None
    vip: bool
    ai_opt_in: bool
    member: bool
    verified: bool
    address: dict[str, str]
    created_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def first_name(self) -> str:
        """The given name."""
        return self.name.split(" ", 1)[0]

    @property
    def international(self) -> bool:
        """Whether they live outside the US."""
        return self.address.get("country", "US") != "US"


@dataclass(slots=True)
class OrderItem:
    """One line of an order."""

    product_id: str
    variant_id: str
    name: str
    quantity: int
    price: Decimal
    options: dict[str, str]
    final_sale: bool


@dataclass(slots=True)
class ShipmentEvent:
    """One carrier scan."""

    at: datetime
    status: str
    location: str | None
    description: str


@dataclass(slots=True)
class Shipment:
    """A parcel with its carrier, tracking number and scans."""

    carrier: str
    tracking_number: str
    method: str
    status: str
    shipped_at: datetime | None
    delivered_at: datetime | None
    expected_at: datetime
    item_ids: list[str]
    events: list[ShipmentEvent] = field(default_factory=list)


@dataclass(slots=True)
class Return:
    """A return authorisation."""

    id: str
    status: str
    reason: str
    created_at: datetime
    label_sent_at: datetime | None
    item_ids: list[str]


@dataclass(slots=True)
class Refund:
    """Money given back."""

    id: str
    amount: Decimal
    status: str
    reason: str
    created_at: datetime


@dataclass(slots=True)
class Order:
    """An order with what happened to it."""

    id: str
    customer_id: str
    status: str
    placed_at: datetime
    total: Decimal
    shipping_cost: Decimal
    method: str
    address: dict[str, str]
    payment: list[dict[str, Any]]
    promo_code: str | None
    items: list[OrderItem] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    returns: list[Return] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Message:
    """One turn of a ticket."""

    role: str  # customer | agent | ai
    text: str
    at: datetime
    author: str | None = None


@dataclass(slots=True)
class Draft:
    """A phase-2 AI draft and what the agent sent."""

    ai_text: str
    sent_text: str
    edit_ratio: float
    accepted: bool
    agent: str
    created_at: datetime
    sent_at: datetime
    model: str


@dataclass(slots=True)
class Decision:
    """The intake decision the product made for a ticket in the AI weeks (`phasegate.policy.decide`), as
    the audit log stores it."""

    created_at: datetime
    category: str | None
    confidence: float
    phase: int
    route: str  # autonomous | draft | assist | human
    escalate: bool
    triggers: list[dict[str, str]]
    entities: dict[str, Any]
    secondary: list[list[Any]] | None
    router_version: str | None
    kb_hit: bool | None = None
    source: str = "intake"


@dataclass(slots=True)
class Cost:
    """Money spent on a ticket."""

    at: datetime
    kind: str  # agent_time | model | per_resolution
    amount: Decimal


@dataclass(slots=True)
class Ticket:
    """A support conversation with its outcome, as the ticket contract of SPEC.md describes it."""

    id: str
    channel: str
    subject: str | None
    created_at: datetime
    customer: dict[str, Any]
    customer_id: str
    order_id: str | None
    issue_id: str
    ai_contacts_on_issue: int
    category: str
    status: str
    handled_by: str
    csat: int | None
    first_response_at: datetime | None
    resolved_at: datetime | None
    handle_seconds: int
    week: int
    phase: int
    messages: list[Message] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    decision: Decision | None = None
    draft: Draft | None = None
    csat_at: datetime | None = None
    csat_comment: str | None = None
    resolved_by: str | None = None
    agent: str | None = None
    reopened: bool = False
    costs: list[Cost] = field(default_factory=list)


@dataclass(slots=True)
class Issue:
    """One customer problem that may span several tickets."""

    id: str
    customer_id: str
    order_id: str | None
    category: str
    opened_at: datetime


@dataclass(slots=True)
class PhaseChange:
    """One promotion in the rollout history."""

    category: str
    from_phase: int
    to_phase: int
    at: datetime
    reason: str
    evidence: dict[str, Any]
    actor: str = "demo"
    kind: str = "promote"


@dataclass(slots=True)
class EvalItem:
    """A graded example the phase-1 weeks produced."""

    ticket_id: str
    category: str
    text: str
    reference_reply: str
    grade: int
    grader: str
    created_at: datetime


@dataclass(slots=True)
class World:
    """A whole generated brand: catalog, help center, customers, orders, tickets and rollout history."""

    seed: int
    scale: float
    start: datetime
    weeks: int
    facts: BrandFacts
    products: list[Product]
    articles: list[Article]
    customers: list[Customer]
    orders: list[Order]
    issues: list[Issue]
    tickets: list[Ticket]
    phase_changes: list[PhaseChange]
    current_phases: dict[str, int]
    eval_items: list[EvalItem]

    def counts(self) -> dict[str, int]:
        """How many of each thing the world holds."""
        return {
            "products": len(self.products),
            "variants": sum(len(p.variants) for p in self.products),
            "articles": len(self.articles),
            "customers": len(self.customers),
            "orders": len(self.orders),
            "tickets": len(self.tickets),
            "messages": sum(len(t.messages) for t in self.tickets),
            "weeks": self.weeks,
        }
