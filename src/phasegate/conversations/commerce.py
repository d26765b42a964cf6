"""The built-in `CommerceBackend` over phasegate's own store tables, plus the writes the actions need.

A third-party back end (Shopify, a warehouse) implements `CommerceActions`: the reads of
`plugins.interfaces.CommerceBackend` plus these writes. Preconditions are not checked here but in each
action (`conversations.actions`), so every back end gets the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from phasegate.plugins.interfaces import CommerceBackend
from phasegate.store.models import Customer, Order, OrderItem, Product, Return, Shipment
from phasegate.store.schemas import CustomerIn, OrderIn, ProductIn


@runtime_checkable
class CommerceActions(CommerceBackend, Protocol):
    """A commerce back end the engine can act through: the reads plus returns, addresses and emails."""

    def create_return(self, order_id: str, *, item_ids: Sequence[str], now: datetime) -> str:
        """Authorise a return of some items and issue its label; returns the return's id."""
        ...

    def set_order_address(self, order_id: str, address: dict[str, Any]) -> None:
        """Replace an order's shipping address."""
        ...

    def set_customer_email(self, customer_id: str, email: str) -> None:
        """Replace a customer's email on file."""
        ...


def _order_in(order: Order) -> OrderIn:
    return OrderIn.model_validate(
        {
            "id": order.id,
            "customer_id": order.customer_id,
            "status": order.status,
            "placed_at": order.placed_at,
            "currency": order.currency,
            "total": order.total,
            "address": order.address,
            "items": [
                {
                    "product_id": i.product_id,
                    "name": i.name,
                    "quantity": i.quantity,
                    "price": i.price,
                    "final_sale": i.final_sale,
                }
                for i in order.items
            ],
            "shipments": [
                {
                    "carrier": s.carrier,
                    "tracking_number": s.tracking_number,
                    "status": s.status,
                    "method": s.method,
                    "shipped_at": s.shipped_at,
                    "delivered_at": s.delivered_at,
                    "events": [
                        {"at": e.at, "status": e.status, "location": e.location, "description": e.description}
                        for e in s.events
                    ],
                }
                for s in order.shipments
            ],
            "returns": [
                {"id": r.id, "status": r.status, "item_ids": r.item_ids or []} for r in order.returns
            ],
        }
    )


class StoreCommerce:
    """The store tables of the workspace (or of a temporary database) as a commerce back end."""

    name = "store"

    def __init__(self, session: Session) -> None:
        self.session = session

    # Reads: ORM rows for the engine, interchange shapes for the plugin interface.
    def customer_row(self, customer_id: str) -> Customer | None:
        """One customer row, or None."""
        return self.session.get(Customer, customer_id)

    def customer_by_email(self, email: str) -> Customer | None:
        """The customer whose email on file is `email` (case-insensitive), or None."""
        return self.session.scalars(select(Customer).where(Customer.email == email.lower())).first() or (
            self.session.scalars(select(Customer).where(Customer.email == email)).first()
        )

    def order_row(self, order_id: str) -> Order | None:
        """One order with its items, shipments (and events) and returns, or None. The id is tried as given,
        then with the hyphen after its letters put in or taken out, as people type it ("tr104650" for
        TR-104650; the triage reports ids upper-case)."""
        for candidate in _spellings(order_id):
            row = self.session.scalars(
                select(Order)
                .options(
                    selectinload(Order.items),
                    selectinload(Order.shipments).selectinload(Shipment.events),
                    selectinload(Order.returns),
                )
                .where(Order.id == candidate)
            ).first()
            if row is not None:
                return row
        return None

    def order_rows(self, customer_id: str) -> list[Order]:
        """A customer's orders, newest first."""
        rows = self.session.scalars(select(Order).where(Order.customer_id == customer_id))
        return sorted(rows, key=lambda o: (o.placed_at is not None, o.placed_at, o.id), reverse=True)

    def item_names(self, customer_id: str) -> dict[str, list[str]]:
        """The names of the items of each of a customer's orders, by order id (one query)."""
        out: dict[str, list[str]] = {}
        rows = self.session.execute(
            select(OrderItem.order_id, OrderItem.name).join(Order).where(Order.customer_id == customer_id)
        )
        for order_id, name in rows:
            out.setdefault(order_id, []).append(name)
        return out

    def get_customer(self, customer_id: str) -> CustomerIn | None:
        """One customer, or None."""
        row = self.customer_row(customer_id)
        if row is None:
            return None
        return CustomerIn(
            id=row.id, email=row.email, name=row.name, vip=row.vip, ai_opt_in=row.ai_opt_in, member=row.member
        )

    def list_orders(self, *, customer_id: str) -> Sequence[OrderIn]:
        """A customer's orders with their shipments and returns."""
        rows = (self.order_row(o.id) for o in self.order_rows(customer_id))
        return [_order_in(o) for o in rows if o is not None]

    def get_order(self, order_id: str) -> OrderIn | None:
        """One order, or None."""
        row = self.order_row(order_id)
        return _order_in(row) if row is not None else None

    def list_products(self) -> Iterable[ProductIn]:
        """The catalog."""
        for p in self.session.scalars(select(Product).order_by(Product.id)):
            yield ProductIn(id=p.id, name=p.name, kind=p.kind, price=p.price, final_sale=p.final_sale)

    # Writes.
    def create_return(self, order_id: str, *, item_ids: Sequence[str], now: datetime) -> str:
        """A return authorisation with its label sent now."""
        order = self.order_row(order_id)
        if order is None:
            raise LookupError(order_id)
        rma = f"RMA-{order_id}-{len(order.returns) + 1}"
        order.returns.append(
            Return(
                id=rma,
                status="label_sent",
                reason="customer request (AI conversation)",
                created_at=now,
                label_sent_at=now,
                item_ids=list(item_ids),
            )
        )
        self.session.flush()
        return rma

    def set_order_address(self, order_id: str, address: dict[str, Any]) -> None:
        """Replace an order's shipping address."""
        order = self.order_row(order_id)
        if order is None:
            raise LookupError(order_id)
        order.address = address
        self.session.flush()

    def set_customer_email(self, customer_id: str, email: str) -> None:
        """Replace a customer's email on file."""
        row = self.customer_row(customer_id)
        if row is None:
            raise LookupError(customer_id)
        row.email = email
        self.session.flush()


_LETTERS_DIGITS = re.compile(r"([A-Za-z]+)(-?)(\d+)")


def _spellings(order_id: str) -> list[str]:
    """The id as given, then with a hyphen between its leading letters and its digits toggled."""
    m = _LETTERS_DIGITS.fullmatch(order_id)
    if m is None:
        return [order_id]
    letters, hyphen, digits = m.groups()
    return [order_id, f"{letters}{digits}" if hyphen else f"{letters}-{digits}"]
