"""The store interchange format (`phasegate import store DIR`); see docs/store-format.md."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _In(BaseModel):
    model_config = ConfigDict(extra="allow")


class CustomerIn(_In):
    """A customer record."""

    id: str = Field(min_length=1)
    email: str | None = None
    name: str | None = None
    phone: str | None = None
    vip: bool = False
    ai_opt_in: bool = False
    member: bool = False
    verified: bool = True
    address: dict[str, Any] | None = None
    created_at: datetime | None = None


class VariantIn(_In):
    """One variant (size, colour, ...) of a product."""

    id: str = Field(min_length=1)
    sku: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    price: Decimal | None = None
    available: bool = True


class ProductIn(_In):
    """A catalog product with its variants."""

    id: str = Field(min_length=1)
    name: str
    kind: str | None = None
    description: str | None = None
    price: Decimal | None = None
    materials: list[str] = Field(default_factory=list)
    specs: dict[str, Any] = Field(default_factory=dict)
    care: str | None = None
    size_chart: dict[str, Any] | None = None
    warranty_months: int | None = Field(default=None, ge=0)
    warranty_terms: str | None = None
    final_sale: bool = False
    variants: list[VariantIn] = Field(default_factory=list)


class ItemIn(_In):
    """One line item of an order."""

    product_id: str | None = None
    variant_id: str | None = None
    name: str
    quantity: int = Field(default=1, ge=1)
    price: Decimal | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    final_sale: bool = False


class EventIn(_In):
    """One tracking event of a shipment."""

    at: datetime
    status: str
    location: str | None = None
    description: str | None = None


class ShipmentIn(_In):
    """A shipment of some or all of an order's items, with its tracking events."""

    carrier: str | None = None
    tracking_number: str | None = None
    status: str = "label_created"
    method: str | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    item_ids: list[str] = Field(default_factory=list)
    events: list[EventIn] = Field(default_factory=list)


class ReturnIn(_In):
    """A return of some of an order's items."""

    id: str
    status: str = "requested"
    reason: str | None = None
    created_at: datetime | None = None
    label_sent_at: datetime | None = None
    item_ids: list[str] = Field(default_factory=list)


class RefundIn(_In):
    """A refund paid (or pending) on an order."""

    id: str
    amount: Decimal
    status: str = "pending"
    reason: str | None = None
    created_at: datetime | None = None


class OrderIn(_In):
    """An order with its items, shipments, returns and refunds."""

    id: str = Field(min_length=1)
    customer_id: str | None = None
    status: str = "placed"
    placed_at: datetime | None = None
    currency: str = "USD"
    total: Decimal | None = None
    address: dict[str, Any] | None = None
    payment: list[Any] = Field(default_factory=list)
    promo_code: str | None = None
    items: list[ItemIn] = Field(default_factory=list)
    shipments: list[ShipmentIn] = Field(default_factory=list)
    returns: list[ReturnIn] = Field(default_factory=list)
    refunds: list[RefundIn] = Field(default_factory=list)
