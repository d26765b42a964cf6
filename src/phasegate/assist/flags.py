"""Policy flags computed from data, each with its source: a chain of small functions over one context.

Every flag is computed as of the ticket's creation, never "now": a brief read a month later still says what
was true when the customer wrote. Pure: rows come in read-only, nothing is queried or written.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from phasegate.assist.facts import PolicyFacts
from phasegate.assist.schemas import ArticleCite, DataRef, FactRef, Flag, Source, Status
from phasegate.knowledge.catalog import ProductView
from phasegate.policy.schema import Policy
from phasegate.store.models import Customer, Order, OrderItem, Shipment

#: Finds the passage that states a flag's rule: (flag code, words the passage should contain).
Citer = Callable[[str, Sequence[str]], ArticleCite | None]

#: Order statuses after which the parcel is with the carrier.
SHIPPED_STATUSES = frozenset({"shipped", "in_transit", "out_for_delivery", "delivered", "fulfilled"})
#: Categories whose tickets put the order's value at stake.
MONEY_CATEGORIES = frozenset({"refund_request", "refund_dispute", "damaged_item", "billing_issue"})


@dataclass(frozen=True)
class Trigger:
    """An escalation trigger that fired, and where the brief learned it."""

    code: str
    detail: str


@dataclass(frozen=True)
class FlagContext:
    """Everything the flags read about one ticket, as of its creation.

    `amounts` are money amounts at stake with where each was found; `triggers` is None when no decision
    was made or computed for the ticket (unknown), else the triggers that fired (maybe none).
    """

    ticket_id: str
    as_of: datetime
    facts: PolicyFacts
    policy: Policy
    customer: Customer | None = None
    order: Order | None = None
    products: Mapping[str, ProductView] | None = None
    amounts: Sequence[tuple[Decimal, str]] = ()
    category: str | None = None
    triggers: Sequence[Trigger] | None = None
    triggers_source: DataRef | None = None
    cite: Citer | None = None

    def article(self, code: str, *hints: str) -> ArticleCite | None:
        """The passage stating the rule of a flag (None when there is no help center)."""
        return self.cite(code, hints) if self.cite else None


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months_between(start: date, end: date) -> int:
    """Full calendar months from `start` to `end` (negative when `end` is earlier)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if months > 0 and end.day < start.day:
        months -= 1
    elif months < 0 and end.day > start.day:
        months += 1
    return months


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def _order_ref(order: Order, field: str, value: object) -> DataRef:
    return DataRef(table="orders", id=order.id, field=field, value=value)


def _ship_ref(shipment: Shipment, field: str, value: object) -> DataRef:
    return DataRef(table="shipments", id=str(shipment.id), field=field, value=value)


def delivered(order: Order, as_of: datetime) -> tuple[datetime | None, Shipment | None]:
    """When the order was delivered, as known at `as_of` (the latest parcel delivered by then)."""
    done = [s for s in order.shipments if s.delivered_at is not None and s.delivered_at <= as_of]
    if not done:
        return None, None
    last = max(done, key=lambda s: s.delivered_at or as_of)
    return last.delivered_at, last


def shipped(order: Order, as_of: datetime) -> tuple[bool, Shipment | None]:
    """Whether the order had left the warehouse at `as_of`, and the parcel that shows it."""
    for s in order.shipments:
        moved = s.shipped_at or s.delivered_at
        if moved is not None and moved <= as_of:
            return True, s
    timed = any(s.shipped_at or s.delivered_at for s in order.shipments)
    # Without timestamps the stored status is the only evidence, even though it may postdate the ticket.
    if not timed and order.status in SHIPPED_STATUSES:
        return True, order.shipments[0] if order.shipments else None
    return False, None


def return_window(ctx: FlagContext) -> list[Flag]:
    """Return window open or closed, days left, from the delivered (or purchase) date and the policy."""
    order, facts = ctx.order, ctx.facts
    if order is None:
        return []
    member = bool(ctx.customer and ctx.customer.member)
    window = facts.member_return_window_days if member else facts.return_window_days
    fact_name = "member_return_window_days" if member else "return_window_days"
    source = Source(
        facts=[
            FactRef(name=fact_name, value=window),
            FactRef(name="return_window_starts", value=facts.return_window_starts),
        ]
    )
    if ctx.customer is not None:
        source.data.append(DataRef(table="customers", id=ctx.customer.id, field="member", value=member))
    start: datetime | None
    if facts.return_window_starts == "purchase":
        start = order.placed_at
        source.data.append(_order_ref(order, "placed_at", _iso(start)))
    else:
        start, parcel = delivered(order, ctx.as_of)
        if parcel is not None:
            source.data.append(_ship_ref(parcel, "delivered_at", _iso(start)))
        else:
            source.data.append(_order_ref(order, "status", order.status))
    source.article = ctx.article("return_window", f"{window} days")
    if start is None:
        return [
            Flag(
                code="return_window",
                label="Return window",
                value={"open": None, "started": False, "window_days": window, "member": member},
                status="info",
                text=f"Not delivered as of the ticket; the {window}-day window starts at "
                f"{facts.return_window_starts}.",
                source=source,
            )
        ]
    days_since = (ctx.as_of.date() - start.date()).days
    days_left = window - days_since
    is_open = days_left >= 0
    who = f" ({facts.member_program} member)" if member else ""
    if is_open:
        text = f"Open: {days_left} day{'s' if days_left != 1 else ''} left of the {window}-day window{who}"
    else:
        text = f"Closed {-days_left} day{'s' if days_left != -1 else ''} ago: {window}-day window{who}"
    text += f"; {facts.return_window_starts} {start.date().isoformat()}, {days_since} days before the ticket."
    return [
        Flag(
            code="return_window",
            label="Return window",
            value={
                "open": is_open,
                "started": True,
                "days_left": days_left,
                "days_since": days_since,
                "window_days": window,
                "start": start.date().isoformat(),
                "member": member,
            },
            status="ok" if is_open else "block",
            text=text,
            source=source,
        )
    ]


def _product(ctx: FlagContext, item: OrderItem) -> ProductView | None:
    if ctx.products is None or item.product_id is None:
        return None
    return ctx.products.get(item.product_id)


def final_sale(ctx: FlagContext) -> list[Flag]:
    """Whether any line of the order is final sale (from the order line or the product)."""
    order = ctx.order
    if order is None or not order.items:
        return []
    data: list[DataRef] = []
    names: list[str] = []
    for item in order.items:
        product = _product(ctx, item)
        line_final = bool(item.final_sale)
        product_final = bool(product and product.final_sale)
        if line_final:
            data.append(DataRef(table="order_items", id=str(item.id), field="final_sale", value=True))
        if product_final and product is not None:
            data.append(DataRef(table="products", id=product.id, field="final_sale", value=True))
        if line_final or product_final:
            names.append(item.name)
    if not names:
        data = [
            DataRef(table="order_items", id=str(i.id), field="final_sale", value=False) for i in order.items
        ]
    source = Source(data=data, article=ctx.article("final_sale", "final sale"))
    if names:
        text = f"Final sale: {', '.join(names)} cannot be returned."
    else:
        text = "No final-sale items on the order."
    return [
        Flag(
            code="final_sale",
            label="Final sale",
            value={"final_sale": bool(names), "items": names},
            status="warn" if names else "ok",
            text=text,
            source=source,
        )
    ]


def warranty(ctx: FlagContext) -> list[Flag]:
    """Warranty status per product on the order: months left, from delivery (or purchase) and the terms."""
    order = ctx.order
    if order is None:
        return []
    start, parcel = delivered(order, ctx.as_of)
    start_ref = _ship_ref(parcel, "delivered_at", _iso(start)) if parcel else None
    if start is None:
        start = order.placed_at
        start_ref = _order_ref(order, "placed_at", _iso(start))
    if start is None or start_ref is None:
        return []
    flags: list[Flag] = []
    seen: set[str] = set()
    for item in order.items:
        key = item.product_id or item.name
        if key in seen:
            continue
        seen.add(key)
        product = _product(ctx, item)
        data = [start_ref]
        facts: list[FactRef] = []
        if product is not None and product.warranty_months is not None:
            months = product.warranty_months
            data.append(DataRef(table="products", id=product.id, field="warranty_months", value=months))
        else:
            kind = product.kind if product else None
            months = ctx.facts.warranty_for(kind)
            facts.append(FactRef(name=f"warranty_months[{kind}]", value=months))
            if product is not None:
                data.append(DataRef(table="products", id=product.id, field="kind", value=kind))
        if months <= 0:
            continue
        expires = add_months(start.date(), months)
        today = ctx.as_of.date()
        active = today < expires
        left = whole_months_between(today, expires)
        if active:
            text = (
                f"{item.name}: under warranty, {left} month{'s' if left != 1 else ''} left (until {expires})."
            )
        else:
            text = f"{item.name}: warranty ended {expires} ({months} months from {start.date()})."
        flags.append(
            Flag(
                code="warranty",
                label="Warranty",
                value={
                    "active": active,
                    "months_left": max(left, 0),
                    "months": months,
                    "expires": expires.isoformat(),
                    "item": item.name,
                    "product_id": item.product_id,
                },
                status="ok" if active else "block",
                text=text,
                source=Source(data=data, facts=facts, article=ctx.article("warranty", f"{months} months")),
            )
        )
    return flags[:3]


def vip(ctx: FlagContext) -> list[Flag]:
    """VIP status, and whether the customer opted in to AI handling."""
    customer = ctx.customer
    if customer is None:
        return []
    needs_human = customer.vip and ctx.policy.vip_requires_opt_in and not customer.ai_opt_in
    if customer.vip:
        text = "VIP customer; " + (
            "has not opted in to AI, so a human handles every reply." if needs_human else "opted in to AI."
        )
    else:
        text = "Not a VIP."
    return [
        Flag(
            code="vip",
            label="VIP",
            value={"vip": customer.vip, "ai_opt_in": customer.ai_opt_in},
            status="warn" if customer.vip else "ok",
            text=text,
            source=Source(
                data=[
                    DataRef(table="customers", id=customer.id, field="vip", value=customer.vip),
                    DataRef(table="customers", id=customer.id, field="ai_opt_in", value=customer.ai_opt_in),
                ],
                facts=[
                    FactRef(name="vip_requires_opt_in", value=ctx.policy.vip_requires_opt_in, origin="policy")
                ],
            ),
        )
    ]


def address_change(ctx: FlagContext) -> list[Flag]:
    """Whether the delivery address can still change: only until the order ships."""
    order = ctx.order
    if order is None:
        return []
    cutoff = ctx.facts.address_change_cutoff
    has_left, parcel = shipped(order, ctx.as_of)
    data = [_order_ref(order, "status", order.status)]
    if parcel is not None:
        data.append(_ship_ref(parcel, "shipped_at", _iso(parcel.shipped_at or parcel.delivered_at)))
    arrived, _ = delivered(order, ctx.as_of)
    status: Status = "ok"
    if order.status == "cancelled":
        possible, status, text = False, "info", "Order cancelled; there is no delivery to change."
    elif arrived is not None:
        possible, status = False, "info"
        text = f"Delivered {arrived.date()}: there is no delivery left to redirect."
    elif has_left:
        when = parcel.shipped_at or parcel.delivered_at if parcel else None
        possible, status = False, "block"
        text = (
            "Shipped"
            + (f" {when.date()}" if when else "")
            + " before the ticket: we can no longer change the "
            "address; the carrier may redirect the parcel."
        )
    else:
        possible, text = True, "Not shipped as of the ticket: the address can still be changed."
    return [
        Flag(
            code="address_change",
            label="Address change",
            value={
                "possible": possible,
                "shipped": has_left,
                "delivered": arrived is not None,
                "cutoff": cutoff,
            },
            status=status,
            text=text,
            source=Source(
                data=data,
                facts=[FactRef(name="address_change_cutoff", value=cutoff)],
                article=ctx.article("address_change", "ship"),
            ),
        )
    ]


def refund_amount(ctx: FlagContext) -> list[Flag]:
    """Money at stake against the policy's amount threshold (from the message, refunds or the order)."""
    threshold = Decimal(str(ctx.policy.thresholds.amount))
    at_stake: list[tuple[Decimal, str, DataRef | None]] = [(v, w, None) for v, w in ctx.amounts]
    order = ctx.order
    if order is not None:
        for refund in order.refunds:
            if refund.status not in ("processed", "completed", "paid", "cancelled", "failed", "rejected"):
                refund_ref = DataRef(table="refunds", id=refund.id, field="amount", value=str(refund.amount))
                at_stake.append((Decimal(refund.amount), f"open refund {refund.id}", refund_ref))
        if not at_stake and ctx.category in MONEY_CATEGORIES and order.total is not None:
            total_ref = _order_ref(order, "total", str(order.total))
            at_stake.append((Decimal(order.total), f"order {order.id} total", total_ref))
    if not at_stake:
        return []
    amount, where, ref = max(at_stake, key=lambda a: a[0])
    above = amount > threshold
    currency = ctx.policy.currency
    text = f"{currency} {amount:.2f} at stake ({where}) is " + (
        f"above the {currency} {threshold:.2f} limit: a human must approve."
        if above
        else f"within the {currency} {threshold:.2f} limit."
    )
    if ref is None and order is not None and order.total is not None and amount == Decimal(order.total):
        ref = _order_ref(order, "total", str(order.total))
    data = [ref] if ref else [DataRef(table="tickets", id=ctx.ticket_id, field="messages", value=where)]
    return [
        Flag(
            code="refund_amount",
            label="Amount at stake",
            value={"amount": float(amount), "threshold": float(threshold), "above": above, "from": where},
            status="warn" if above else "ok",
            text=text,
            source=Source(
                data=data,
                facts=[FactRef(name="thresholds.amount", value=float(threshold), origin="policy")],
                article=ctx.article("refund_amount", "refund"),
            ),
        )
    ]


def damage_window(ctx: FlagContext) -> list[Flag]:
    """For damaged or wrong items: was it reported within the damage-report window after delivery."""
    if ctx.order is None or ctx.category != "damaged_item":
        return []
    start, parcel = delivered(ctx.order, ctx.as_of)
    if start is None or parcel is None:
        return []
    days = ctx.facts.damage_report_days
    since = (ctx.as_of.date() - start.date()).days
    inside = since <= days
    return [
        Flag(
            code="damage_report_window",
            label="Damage report window",
            value={"within": inside, "days_since": since, "window_days": days},
            status="ok" if inside else "warn",
            text=(f"Reported {since} days after delivery, " + ("within" if inside else "outside"))
            + f" the {days}-day window.",
            source=Source(
                data=[_ship_ref(parcel, "delivered_at", _iso(start))],
                facts=[FactRef(name="damage_report_days", value=days)],
                article=ctx.article("damage_report_window", f"{days} days"),
            ),
        )
    ]


def escalation(ctx: FlagContext) -> list[Flag]:
    """The escalation triggers that fired for this ticket, or that none did."""
    if ctx.triggers is None:
        return []
    codes = [t.code for t in ctx.triggers]
    text = (
        "; ".join(f"{t.code}: {t.detail}" for t in ctx.triggers) if codes else "No escalation trigger fired."
    )
    return [
        Flag(
            code="escalation",
            label="Escalation triggers",
            value=codes,
            status="block" if codes else "ok",
            text=text,
            source=Source(data=[ctx.triggers_source] if ctx.triggers_source else []),
        )
    ]


FlagFn = Callable[[FlagContext], list[Flag]]

#: The flags of a brief, in the order they are shown.
FLAGS: tuple[FlagFn, ...] = (
    escalation,
    vip,
    return_window,
    final_sale,
    warranty,
    address_change,
    refund_amount,
    damage_window,
)


def compute(ctx: FlagContext, *, chain: Sequence[FlagFn] = FLAGS) -> list[Flag]:
    """Every flag of the chain for one context."""
    return [flag for fn in chain for flag in fn(ctx)]
