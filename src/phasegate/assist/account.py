"""The account summary: recent orders with tracking, open returns and refunds, lifetime value, VIP and AI
opt-in, prior contacts, all as of the ticket. Pure: reads rows it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from phasegate.assist.schemas import (
    AccountSummary,
    OrderBrief,
    PriorContacts,
    RefundBrief,
    ReturnBrief,
    TrackingRead,
)
from phasegate.store.models import Customer, Order
from phasegate.tickets.models import Ticket

RECENT_ORDERS = 5
PRIOR_WINDOW = timedelta(days=90)
#: Return statuses that need nothing more from anyone.
CLOSED_RETURNS = frozenset(
    {"completed", "closed", "refunded", "received", "cancelled", "canceled", "rejected", "denied"}
)
#: Refund statuses after which the money has moved back to the customer.
PAID_REFUNDS = frozenset({"processed", "completed", "paid", "refunded"})
#: Refund statuses after which the money has moved (or never will).
SETTLED_REFUNDS = frozenset(
    {"processed", "completed", "paid", "refunded", "cancelled", "canceled", "failed", "rejected"}
)
#: Order statuses that never count toward lifetime value.
VOID_ORDERS = frozenset({"cancelled", "canceled"})


def _before(at: datetime | None, as_of: datetime) -> bool:
    # Rows without a time are kept: the store may not date them, and dropping them would hide orders.
    return at is None or at <= as_of


def order_brief(order: Order, as_of: datetime) -> OrderBrief:
    """One order with items and its parcels as known at `as_of`."""
    tracking = []
    for s in order.shipments:
        delivered = s.delivered_at if s.delivered_at and s.delivered_at <= as_of else None
        shipped = s.shipped_at if s.shipped_at and s.shipped_at <= as_of else None
        status = s.status
        if s.delivered_at and not delivered:
            status = "in_transit" if shipped else "label_created"
        tracking.append(
            TrackingRead(
                carrier=s.carrier,
                number=s.tracking_number,
                status=status,
                shipped_at=shipped,
                delivered_at=delivered,
            )
        )
    return OrderBrief(
        id=order.id,
        status=order.status,
        placed_at=order.placed_at,
        total=order.total,
        currency=order.currency,
        items=[f"{i.quantity} × {i.name}" if i.quantity > 1 else i.name for i in order.items],
        tracking=tracking,
    )


def summarize(
    *,
    customer: Customer | None,
    stated: dict[str, object] | None,
    orders: Sequence[Order],
    ticket: Ticket,
    other_tickets: Sequence[Ticket],
    as_of: datetime,
) -> AccountSummary:
    """The account as of `as_of`: the store's customer row when known, else what the ticket stated."""
    placed = sorted(
        (o for o in orders if _before(o.placed_at, as_of)),
        key=lambda o: (o.placed_at or as_of, o.id),
        reverse=True,
    )
    refunds = [r for o in placed for r in o.refunds if _before(r.created_at, as_of)]
    paid_back = sum((Decimal(r.amount) for r in refunds if r.status in PAID_REFUNDS), Decimal("0"))
    gross = sum(
        (Decimal(o.total) for o in placed if o.total is not None and o.status not in VOID_ORDERS),
        Decimal("0"),
    )
    on_issue = [
        t.id
        for t in other_tickets
        if ticket.issue_id
        and t.issue_id == ticket.issue_id
        and t.created_at is not None
        and t.created_at < as_of
    ]
    recent = [
        t.id
        for t in other_tickets
        if t.created_at is not None and as_of - PRIOR_WINDOW <= t.created_at < as_of
    ]
    stated = stated or {}
    return AccountSummary(
        customer_id=customer.id if customer else ticket.customer_id,
        name=(customer.name if customer else None) or _text(stated.get("name")),
        email=(customer.email if customer else None) or _text(stated.get("email")),
        known=customer is not None,
        vip=customer.vip if customer else bool(stated.get("vip")),
        ai_opt_in=customer.ai_opt_in if customer else bool(stated.get("ai_opt_in")),
        member=customer.member if customer else False,
        verified=customer.verified if customer else None,
        orders=[order_brief(o, as_of) for o in placed[:RECENT_ORDERS]],
        order_count=len(placed),
        lifetime_value=gross - paid_back,
        currency=placed[0].currency if placed else "USD",
        open_returns=[
            ReturnBrief(
                id=r.id,
                order_id=o.id,
                status=r.status,
                created_at=r.created_at,
                label_sent=r.label_sent_at is not None and r.label_sent_at <= as_of,
            )
            for o in placed
            for r in o.returns
            if r.status not in CLOSED_RETURNS and _before(r.created_at, as_of)
        ],
        open_refunds=[
            RefundBrief(
                id=r.id, order_id=r.order_id, amount=r.amount, status=r.status, created_at=r.created_at
            )
            for r in refunds
            if r.status not in SETTLED_REFUNDS
        ],
        prior_contacts=PriorContacts(
            on_issue=on_issue, ai_contacts_on_issue=ticket.ai_contacts_on_issue or 0, last_90_days=recent
        ),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
