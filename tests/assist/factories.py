"""Small builders of store rows and flag contexts for the assist tests (transient rows, no session)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from phasegate.assist.facts import SimpleFacts
from phasegate.assist.flags import FlagContext, Trigger
from phasegate.knowledge.catalog import ProductView
from phasegate.policy.schema import Policy
from phasegate.store.models import Customer, Order, OrderItem, Refund, Shipment

TICKET_AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def customer(**kw: Any) -> Customer:
    """A customer row (not a VIP, no AI opt-in, not a member unless told)."""
    values: dict[str, Any] = {"id": "C-1", "name": "Ana", "vip": False, "ai_opt_in": False, "member": False}
    values.update(kw)
    return Customer(**values)


def order(
    *,
    delivered_days_before: int | None = None,
    shipped_days_before: int | None = None,
    status: str | None = None,
    items: list[OrderItem] | None = None,
    refunds: list[Refund] | None = None,
    total: str = "120.00",
    placed_days_before: int = 40,
) -> Order:
    """An order with one parcel whose shipped/delivered times are given relative to the ticket."""
    shipped = TICKET_AT - timedelta(days=shipped_days_before) if shipped_days_before is not None else None
    delivered = (
        TICKET_AT - timedelta(days=delivered_days_before) if delivered_days_before is not None else None
    )
    if shipped is None and delivered is not None:
        shipped = delivered - timedelta(days=3)
    row = Order(
        id="A-1",
        customer_id="C-1",
        status=status or ("delivered" if delivered else "shipped" if shipped else "placed"),
        placed_at=TICKET_AT - timedelta(days=placed_days_before),
        total=Decimal(total),
        currency="USD",
    )
    row.items = (
        items
        if items is not None
        else [OrderItem(id=1, product_id="P-1", name="Rain Jacket", price=Decimal(total))]
    )
    row.shipments = (
        [
            Shipment(
                id=7,
                carrier="UPS",
                tracking_number="1Z999",
                status="delivered" if delivered else "in_transit",
                shipped_at=shipped,
                delivered_at=delivered,
            )
        ]
        if shipped or delivered
        else []
    )
    row.refunds = refunds or []
    row.returns = []
    return row


def context(
    *,
    order_row: Order | None = None,
    customer_row: Customer | None = None,
    products: dict[str, ProductView] | None = None,
    amounts: list[tuple[Decimal, str]] | None = None,
    category: str | None = "return_request",
    triggers: list[Trigger] | None = None,
    facts: SimpleFacts | None = None,
    policy: Policy | None = None,
    as_of: datetime = TICKET_AT,
) -> FlagContext:
    """A flag context with the seed facts (30-day window, 60 for members) unless told otherwise."""
    return FlagContext(
        ticket_id="T-1",
        as_of=as_of,
        facts=facts or SimpleFacts(warranty_months={"jacket": 24}),
        policy=policy or Policy(),
        customer=customer_row if customer_row is not None else customer(),
        order=order_row,
        products=products
        if products is not None
        else {"P-1": ProductView(id="P-1", name="Rain Jacket", kind="jacket")},
        amounts=amounts or [],
        category=category,
        triggers=triggers,
    )
