"""Tables of the store: customers, products and variants, orders and what happens to them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from phasegate.db.base import Base

Money = Numeric(12, 2)


class Customer(Base):
    """A person who buys and writes to support."""

    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    vip: Mapped[bool] = mapped_column(default=False)
    ai_opt_in: Mapped[bool] = mapped_column(default=False)
    member: Mapped[bool] = mapped_column(default=False)
    verified: Mapped[bool] = mapped_column(default=True)
    address: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime | None]
    extra: Mapped[dict[str, Any] | None]

    orders: Mapped[list[Order]] = relationship(back_populates="customer")


class Product(Base):
    """A catalog product; what a customer buys is one of its variants."""

    __tablename__ = "products"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(80), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    price: Mapped[Decimal | None] = mapped_column(Money)
    materials: Mapped[list[Any] | None]
    specs: Mapped[dict[str, Any] | None]
    care: Mapped[str | None] = mapped_column(Text)
    size_chart: Mapped[dict[str, Any] | None]
    warranty_months: Mapped[int | None]
    warranty_terms: Mapped[str | None] = mapped_column(Text)
    final_sale: Mapped[bool] = mapped_column(default=False)
    extra: Mapped[dict[str, Any] | None]

    variants: Mapped[list[ProductVariant]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductVariant.id"
    )


class ProductVariant(Base):
    """One buyable option set (size, colour...) of a product."""

    __tablename__ = "product_variants"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str | None] = mapped_column(String(80))
    options: Mapped[dict[str, Any] | None]
    price: Mapped[Decimal | None] = mapped_column(Money)
    available: Mapped[bool] = mapped_column(default=True)

    product: Mapped[Product] = relationship(back_populates="variants")


class Order(Base):
    """A customer's order with its items, shipments, returns and refunds."""

    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[str] = mapped_column(String(40), default="placed")
    placed_at: Mapped[datetime | None]
    total: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    address: Mapped[dict[str, Any] | None]
    payment: Mapped[list[Any] | None]
    promo_code: Mapped[str | None] = mapped_column(String(40))
    extra: Mapped[dict[str, Any] | None]

    customer: Mapped[Customer | None] = relationship(back_populates="orders")
    items: Mapped[list[OrderItem]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderItem.id"
    )
    shipments: Mapped[list[Shipment]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Shipment.id"
    )
    returns: Mapped[list[Return]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Return.id"
    )
    refunds: Mapped[list[Refund]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Refund.id"
    )


class OrderItem(Base):
    """One line of an order."""

    __tablename__ = "order_items"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[str | None] = mapped_column(String(64), index=True)
    variant_id: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(default=1)
    price: Mapped[Decimal | None] = mapped_column(Money)
    options: Mapped[dict[str, Any] | None]
    final_sale: Mapped[bool] = mapped_column(default=False)

    order: Mapped[Order] = relationship(back_populates="items")


class Shipment(Base):
    """A parcel: carrier, tracking number, status and its events."""

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    carrier: Mapped[str | None] = mapped_column(String(40))
    tracking_number: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(40), default="label_created")
    method: Mapped[str | None] = mapped_column(String(40))
    shipped_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    item_ids: Mapped[list[Any] | None]

    order: Mapped[Order] = relationship(back_populates="shipments")
    events: Mapped[list[ShipmentEvent]] = relationship(
        back_populates="shipment", cascade="all, delete-orphan", order_by="ShipmentEvent.at"
    )


class ShipmentEvent(Base):
    """One carrier scan."""

    __tablename__ = "shipment_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(40))
    location: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(300))

    shipment: Mapped[Shipment] = relationship(back_populates="events")


class Return(Base):
    """A return authorisation on an order."""

    __tablename__ = "returns"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(40), default="requested")
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime | None]
    label_sent_at: Mapped[datetime | None]
    item_ids: Mapped[list[Any] | None]

    order: Mapped[Order] = relationship(back_populates="returns")


class Refund(Base):
    """Money given back on an order."""

    __tablename__ = "refunds"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    status: Mapped[str] = mapped_column(String(40), default="pending")
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime | None]

    order: Mapped[Order] = relationship(back_populates="refunds")


Index("ix_orders_customer_placed", Order.customer_id, Order.placed_at)
