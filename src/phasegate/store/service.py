"""Persistence of the store: upserts of customers, products and orders (with their children)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from phasegate.store.models import (
    Customer,
    Order,
    OrderItem,
    Product,
    ProductVariant,
    Refund,
    Return,
    Shipment,
    ShipmentEvent,
)
from phasegate.store.schemas import CustomerIn, OrderIn, ProductIn

_CUSTOMER_FIELDS = (
    "email",
    "name",
    "phone",
    "vip",
    "ai_opt_in",
    "member",
    "verified",
    "address",
    "created_at",
)
_PRODUCT_FIELDS = (
    "name",
    "kind",
    "description",
    "price",
    "materials",
    "specs",
    "care",
    "size_chart",
    "warranty_months",
    "warranty_terms",
    "final_sale",
)


def get_customer(session: Session, customer_id: str | None) -> Customer | None:
    """One stored customer, or None (also without an id)."""
    return session.get(Customer, customer_id) if customer_id else None


def upsert_customers(session: Session, rows: Sequence[CustomerIn]) -> tuple[int, int]:
    """Create or update customers by id; returns (created, updated)."""
    existing = {
        c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_([r.id for r in rows])))
    }
    for r in rows:
        row = existing.get(r.id) or Customer(id=r.id)
        for name in _CUSTOMER_FIELDS:
            setattr(row, name, getattr(r, name))
        row.extra = r.model_extra or None
        session.add(row)
    session.flush()
    updated = sum(1 for r in rows if r.id in existing)
    return len(rows) - updated, updated


def upsert_products(session: Session, rows: Sequence[ProductIn]) -> tuple[int, int]:
    """Create or replace products with their variants; returns (created, updated)."""
    ids = [r.id for r in rows]
    existing = set(session.scalars(select(Product.id).where(Product.id.in_(ids))))
    if existing:
        session.execute(delete(ProductVariant).where(ProductVariant.product_id.in_(list(existing))))
        session.execute(delete(Product).where(Product.id.in_(list(existing))))
    for r in rows:
        product = Product(id=r.id, extra=r.model_extra or None, **{n: getattr(r, n) for n in _PRODUCT_FIELDS})
        product.variants = [
            ProductVariant(id=v.id, sku=v.sku, options=v.options, price=v.price, available=v.available)
            for v in r.variants
        ]
        session.add(product)
    session.flush()
    return len(rows) - len(existing), len(existing)


def upsert_orders(session: Session, rows: Sequence[OrderIn]) -> tuple[int, int]:
    """Create or replace orders with items, shipments (and events), returns and refunds."""
    ids = [r.id for r in rows]
    existing = set(session.scalars(select(Order.id).where(Order.id.in_(ids))))
    if existing:
        old = list(existing)
        ship_ids = select(Shipment.id).where(Shipment.order_id.in_(old))
        session.execute(delete(ShipmentEvent).where(ShipmentEvent.shipment_id.in_(ship_ids)))
        for table in (Shipment, OrderItem, Return, Refund):
            session.execute(delete(table).where(table.order_id.in_(old)))
        session.execute(delete(Order).where(Order.id.in_(old)))
    for r in rows:
        order = Order(
            id=r.id,
            customer_id=r.customer_id,
            status=r.status,
            placed_at=r.placed_at,
            currency=r.currency,
            total=r.total if r.total is not None else sum((i.price or 0) * i.quantity for i in r.items),
            address=r.address,
            payment=r.payment,
            promo_code=r.promo_code,
            extra=r.model_extra or None,
        )
        order.items = [
            OrderItem(
                product_id=i.product_id,
                variant_id=i.variant_id,
                name=i.name,
                quantity=i.quantity,
                price=i.price,
                options=i.options,
                final_sale=i.final_sale,
            )
            for i in r.items
        ]
        order.shipments = [
            Shipment(
                carrier=s.carrier,
                tracking_number=s.tracking_number,
                status=s.status,
                method=s.method,
                shipped_at=s.shipped_at,
                delivered_at=s.delivered_at,
                item_ids=s.item_ids,
                events=[
                    ShipmentEvent(at=e.at, status=e.status, location=e.location, description=e.description)
                    for e in s.events
                ],
            )
            for s in r.shipments
        ]
        order.returns = [
            Return(
                id=x.id,
                status=x.status,
                reason=x.reason,
                created_at=x.created_at,
                label_sent_at=x.label_sent_at,
                item_ids=x.item_ids,
            )
            for x in r.returns
        ]
        order.refunds = [
            Refund(id=x.id, amount=x.amount, status=x.status, reason=x.reason, created_at=x.created_at)
            for x in r.refunds
        ]
        session.add(order)
    session.flush()
    return len(rows) - len(existing), len(existing)


def customer_ids(session: Session) -> set[str]:
    """Every stored customer id."""
    return set(session.scalars(select(Customer.id)))


def customer_flags(
    session: Session, *, ids: Collection[str], emails: Collection[str]
) -> list[tuple[str, str | None, bool, bool]]:
    """(id, email, vip, ai_opt_in) of the customers with one of `ids` or one of `emails`."""
    query = select(Customer.id, Customer.email, Customer.vip, Customer.ai_opt_in).where(
        Customer.id.in_(ids) | Customer.email.in_(emails)
    )
    return [(cid, email, bool(vip), bool(opt_in)) for cid, email, vip, opt_in in session.execute(query)]


def order_totals(session: Session, ids: Collection[str]) -> list[tuple[str, Any]]:
    """(id, total) of the stored orders among `ids`."""
    query = select(Order.id, Order.total).where(Order.id.in_(ids))
    return [(oid, total) for oid, total in session.execute(query)]


def products(session: Session) -> list[Product]:
    """The catalog, by product id."""
    return list(session.scalars(select(Product).order_by(Product.id)))


def _order_details() -> list[ExecutableOption]:
    """An order's items, shipments with their events, returns and refunds, loaded with it."""
    return [
        selectinload(Order.items),
        selectinload(Order.shipments).selectinload(Shipment.events),
        selectinload(Order.returns),
        selectinload(Order.refunds),
    ]


def order_with_details(session: Session, order_id: str) -> Order | None:
    """One order with its items, shipments, returns and refunds, or None."""
    return session.scalars(select(Order).options(*_order_details()).where(Order.id == order_id)).first()


def orders_of(session: Session, customer_id: str) -> list[Order]:
    """A customer's orders with their items, shipments, returns and refunds."""
    return list(
        session.scalars(select(Order).options(*_order_details()).where(Order.customer_id == customer_id))
    )
