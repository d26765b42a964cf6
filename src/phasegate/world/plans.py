"""Planning the tickets: who writes, when, about which order, and what the brand does about it.

A plan fixes everything that happens in the world (the order and its parcel, returns, refunds,
replacements); the wording of the conversation is rendered later (`threads`), once order numbers exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from phasegate.brand import BrandFacts
from phasegate.world.people import (
    PROMOS,
    CustomerPicker,
    OrderBook,
    Timeline,
    money,
    tracking_number,
    us_address,
)
from phasegate.world.phrasing import FRAMINGS, KB_GAPS, SITUATION_KINDS, SITUATION_WEIGHTS
from phasegate.world.phrasing.extras import SECONDARY
from phasegate.world.phrasing.render import Framing
from phasegate.world.phrasing.signals import BASE_RATES, LIFT
from phasegate.world.records import Customer, Order, Product, Refund, Return, Shipment, ShipmentEvent, Variant
from phasegate.world.timeline import (
    LAST_CHANCE_WEEKS,
    WEEKDAYS_W,
    WEEKS,
    Weighted,
    add_business_days,
    business_days_between,
    moment_in_day,
    poisson,
    season,
    sub_business_days,
    week_of,
    week_start,
)

#: Share of weekly tickets per category (order_status, "where is my order", the largest).
MIX: dict[str, float] = {
    "order_status": 0.27,
    "return_request": 0.115,
    "return_policy": 0.095,
    "product_question": 0.08,
    "account_access": 0.05,
    "address_update": 0.04,
    "refund_request": 0.08,
    "refund_dispute": 0.02,
    "damaged_item": 0.05,
    "product_harm": 0.008,
    "order_cancellation": 0.045,
    "billing_issue": 0.04,
    "warranty_claim": 0.04,
    "complaint": 0.032,
    "other": 0.035,
}
#: First contacts per week at scale 1 (follow-ups on the same issue come on top).
WEEKLY_TICKETS = 275
#: Chance that a ticket's issue brings the customer back, by category (situations can raise it).
FOLLOW_UP: dict[str, float] = {
    "order_status": 0.07,
    "refund_request": 0.1,
    "refund_dispute": 0.18,
    "damaged_item": 0.08,
    "account_access": 0.06,
    "return_request": 0.05,
    "billing_issue": 0.06,
    "complaint": 0.1,
    "warranty_claim": 0.08,
}
CHANNELS = ("email", "chat", "web", "social")
CHANNEL_WEIGHTS = (50, 33, 12, 5)
ORDER_SLOTS = frozenset(
    {
        "order",
        "placed",
        "placed_date",
        "carrier",
        "tracking",
        "shipped",
        "delivered",
        "expected",
        "days",
        "method",
        "returned",
        "refunded",
        "refund_amount",
        "diff",
        "sale_price",
        "expected_amount",
        "shipping_cost",
    }
)
NEEDS_ORDER = frozenset(
    {
        "order_status",
        "order_cancellation",
        "return_request",
        "refund_request",
        "refund_dispute",
        "damaged_item",
        "product_harm",
    }
)
H = timedelta(hours=1)
D = timedelta(days=1)


@dataclass
class Plan:
    """One ticket as the world lives it, before it is put into words."""

    category: str
    situation: str
    framing: Framing
    customer: Customer
    at: datetime
    week: int
    channel: str
    issue_id: str
    product: Product | None
    variant: Variant | None
    order: Order | None
    contact: int = 1  # 1 for the first ticket on an issue, 2 for the next...
    signals: list[str] = field(default_factory=list)
    secondary: str | None = None
    kb_gap: str | None = None
    other_product: Product | None = None
    outcome: dict[str, Any] = field(default_factory=dict)


@cache
def _situations(category: str, clearance: bool) -> Weighted[str]:
    weights = dict(SITUATION_WEIGHTS[category])
    if clearance:
        weights["final_sale"] *= 4  # the Last Chance clearance: "can I return sale items?"
    return Weighted(list(weights), list(weights.values()))


@cache
def _channels(style: str, vip: bool) -> Weighted[str]:
    weights = list(CHANNEL_WEIGHTS)
    if style in ("terse", "sloppy", "casual"):
        weights[1] += 15  # chat
        weights[3] += 4  # social
    if style == "formal" or vip:
        weights[0] += 20  # email
    return Weighted(CHANNELS, weights)


class Planner:
    """Draws the ticket plans of the whole history and makes the orders, returns and refunds they imply."""

    def __init__(
        self,
        facts: BrandFacts,
        rng: random.Random,
        book: OrderBook,
        picker: CustomerPicker,
        products: list[Product],
        start: datetime,
        scale: float,
    ) -> None:
        self.facts = facts
        self.rng = rng
        self.book = book
        self.picker = picker
        self.products = products
        self.start = start
        self.now = week_start(WEEKS + 1, start)
        self.scale = scale
        self._pop = {p.id: OrderBook._popularity(p) for p in products}
        self._issue_no = 880_000
        self._rma_no = 52_000
        self._refund_no = 310_000

    # --- ids ---------------------------------------------------------------------------------------------
    def _next_issue(self) -> str:
        self._issue_no += 1
        return f"ISS-{self._issue_no}"

    def next_rma(self) -> str:
        """A return authorisation number."""
        self._rma_no += self.rng.choice((1, 1, 2))
        return f"RMA-{self._rma_no}"

    def next_refund(self) -> str:
        """A refund id."""
        self._refund_no += self.rng.choice((1, 2, 3))
        return f"RF-{self._refund_no}"

    # --- the history ---------------------------------------------------------------------------------------
    def plan_all(self) -> list[Plan]:
        """Every ticket plan of the 39 weeks, follow-ups included, in time order."""
        plans: list[Plan] = []
        for week in range(1, WEEKS + 1):
            growth = 1 + 0.18 * (week - 1) / (WEEKS - 1)  # a growing brand
            for category, share in MIX.items():
                lam = WEEKLY_TICKETS * self.scale * share * growth * season(week, category, self.start)
                for _ in range(poisson(self.rng, lam)):
                    at = self._moment(week)
                    if at >= self.now:
                        continue  # Sunday evening in California is already Monday in UTC: after the history
                    plan = self.plan_one(category, at)
                    plans.append(plan)
                    plans.extend(self._follow_ups(plan))
        plans.sort(key=lambda p: p.at)
        return plans

    def _moment(self, week: int) -> datetime:
        day = WEEKDAYS_W.pick(self.rng)
        return moment_in_day(self.rng, week_start(week, self.start) + timedelta(days=day))

    def plan_one(self, category: str, at: datetime) -> Plan:
        """A first contact in `category` at `at`."""
        rng = self.rng
        sale = category == "return_policy" and week_of(at, self.start) in LAST_CHANCE_WEEKS
        situation = _situations(category, sale).pick(rng)
        international: bool | None = None
        if situation == "intl_customs" or situation == "foreign_fee":
            international = True
        elif situation == "international":
            international = rng.random() < 0.7 or None
        customer = self.picker.pick(rng, at, international=international)
        if situation == "intl_customs" and not customer.international:
            situation = "in_transit"
        framing, product, variant, other = self._framing_and_product(category, situation)
        plan = Plan(
            category=category,
            situation=situation,
            framing=framing,
            customer=customer,
            at=at,
            week=week_of(at, self.start),
            channel=self._channel(customer),
            issue_id=self._next_issue(),
            product=product,
            variant=variant,
            order=None,
            kb_gap=KB_GAPS.get((category, situation)),
            other_product=other,
        )
        if self._needs_order(plan):
            plan.order = self._order_for(plan)
        plan.signals = self._signals(plan)
        if rng.random() < 0.1:
            plan.secondary = rng.choice([c for c in SECONDARY if c != category])
        self._resolve(plan)
        return plan

    def _channel(self, customer: Customer) -> str:
        return _channels(str(customer.extra.get("style")), customer.vip).pick(self.rng)

    def _framing_and_product(
        self, category: str, situation: str
    ) -> tuple[Framing, Product | None, Variant | None, Product | None]:
        rng = self.rng
        for _ in range(40):
            framing = rng.choice(FRAMINGS[category][situation])
            kinds = framing.kinds or SITUATION_KINDS.get((category, situation))
            pool = [p for p in self.products if kinds is None or p.kind in kinds]
            if "sized" in framing.needs or framing.slots & {"size", "other_size"}:
                pool = [p for p in pool if len({v.options["size"] for v in p.variants}) > 1]
            if "multicolour" in framing.needs or framing.slots & {"other_colour"}:
                pool = [p for p in pool if len({v.options["colour"] for v in p.variants}) > 1]
            if category == "return_request" and situation == "final_sale":
                pool = [p for p in pool if p.final_sale]
            other = None
            if "other_product" in framing.slots:
                pool = [
                    p for p in pool if any(q.kind == p.kind and q.short != p.short for q in self.products)
                ]
            if not pool:
                continue
            product = rng.choices(pool, weights=[self._pop[p.id] for p in pool])[0]
            if "other_product" in framing.slots:
                other = rng.choice(
                    [q for q in self.products if q.kind == product.kind and q.short != product.short]
                )
            return framing, product, rng.choice(product.variants), other
        raise RuntimeError(f"no product fits any framing of {category}/{situation}")

    def _needs_order(self, plan: Plan) -> bool:
        if plan.category in NEEDS_ORDER or plan.framing.slots & ORDER_SLOTS:
            return True
        sit = plan.situation
        if plan.category == "address_update":
            return sit != "account_address"
        if plan.category == "warranty_claim":
            return sit != "process" or self.rng.random() < 0.5
        if plan.category == "billing_issue":
            return sit in (
                "double_charge",
                "pending_after_cancel",
                "wrong_amount",
                "foreign_fee",
                "receipt",
            ) or (sit == "promo_issue" and self.rng.random() < 0.4)
        if plan.category == "complaint":
            return sit in ("quality", "shipping", "general") and self.rng.random() < 0.6
        return False

    # --- orders shaped to the situation ------------------------------------------------------------------
    def _order_for(self, plan: Plan) -> Order:
        rng, c, sit, at = self.rng, plan.category, plan.situation, plan.at
        u = rng.uniform
        method: str | None = None
        if c == "refund_request" and sit == "shipping_refund":
            method = (
                "international" if plan.customer.international else rng.choice(("expedited", "overnight"))
            )
        m = self.facts.method(method or self.book.method_for(rng, plan.customer))
        tl: Timeline
        if (c, sit) in (
            ("order_status", "not_shipped"),
            ("address_update", "before_ship"),
            ("order_cancellation", "before_ship"),
        ):
            placed = at - H * u(0.3, 26 if c == "order_status" else 14)
            tl = Timeline(ship_at=at + H * u(10, 30))
        elif c == "order_status" and sit == "label_created":
            ship = at - D * u(1, 3)
            placed = ship - H * u(3, 20)
            tl = Timeline(
                ship_at=ship,
                transit_days=rng.randint(m.min_business_days, m.max_business_days) + 2,
                pickup_lag_hours=(at - ship) / H + u(4, 30),
            )
        elif (c == "order_status" and sit in ("in_transit", "any")) or (c, sit) in (
            ("address_update", "after_ship"),
            ("order_cancellation", "after_ship"),
        ):
            ship = at - D * u(0.4, 2.5)
            placed = ship - H * u(3, 20)
            tl = Timeline(ship_at=ship, transit_days=business_days_between(ship, at) + rng.randint(1, 3))
        elif c == "order_status" and sit == "late":
            ship = at - D * u(8, 14 if m.code != "international" else 20)
            placed = ship - H * u(3, 20)
            lost = rng.random() < 0.35
            tl = Timeline(
                ship_at=ship,
                transit_days=m.max_business_days,
                lost=lost,
                delay_days=max(1, business_days_between(ship, at) - m.max_business_days + rng.randint(1, 4)),
            )
        elif c == "order_status" and sit == "intl_customs":
            ship = at - D * u(5, 9)
            placed = ship - H * u(3, 20)
            tl = Timeline(
                ship_at=ship,
                transit_days=business_days_between(ship, at) + rng.randint(2, 4),
                customs_hold_days=3,
            )
        elif c == "order_status" and sit == "delivered_missing":
            placed, tl = self._delivered(at, (1, 4), m.code)
        elif (c == "refund_request" and sit == "cancelled") or (
            c == "billing_issue" and sit == "pending_after_cancel"
        ):
            placed = at - D * u(2, 9)
            tl = Timeline(ship_at=None)
        elif c == "return_request":
            placed, tl = self._delivered(at, (31, 80) if sit == "late_window" else (1.5, 26), m.code)
        elif c == "refund_request":
            ago = {
                "return_pending": (15, 40),
                "price_adjustment": (1, 18),
                "promo_missed": (0.5, 22),
                "refund_instead": (1, 12),
                "shipping_refund": (1, 8),
            }.get(sit, (2, 30))
            placed, tl = self._delivered(at, ago, m.code)
            if sit == "shipping_refund" and tl.ship_at is not None:
                # arrives on the same day as planned, but `delay_days` later than the method promised
                tl.delay_days = rng.randint(2, 4)
                tl.ship_at = sub_business_days(tl.ship_at, tl.delay_days)
                placed = tl.ship_at - H * u(3, 20)
        elif c == "refund_dispute":
            placed, tl = self._delivered(at, (3, 20) if sit == "charge_dispute" else (18, 60), m.code)
        elif c == "damaged_item":
            placed, tl = self._delivered(at, (0.2, 6), m.code)
        elif c == "product_harm":
            placed, tl = self._delivered(at, (2, 150), m.code)
        elif c == "warranty_claim":
            placed, tl = self._delivered(at, (40, 820), m.code)
        elif c == "complaint":
            placed, tl = self._delivered(at, (20, 200) if sit == "quality" else (2, 30), m.code)
            if sit == "shipping":
                tl.delay_days = rng.randint(2, 5)
        else:
            placed, tl = self._delivered(at, (1, 60), m.code)
        if tl.ship_at is not None and tl.ship_at <= placed:
            tl.ship_at = placed + H * u(2, 6)
        if plan.customer.created_at > placed:
            plan.customer.created_at = (placed - D * u(0, 30)).replace(microsecond=0)
        return self.book.make(
            rng, plan.customer, placed, product=plan.product, variant=plan.variant, method=m.code, timeline=tl
        )

    def _delivered(self, at: datetime, ago: tuple[float, float], method: str) -> tuple[datetime, Timeline]:
        """An order delivered between `ago` days before `at` (in days, at least one whole day before)."""
        rng = self.rng
        m = self.facts.method(method)
        target = at - D * max(1.0, rng.uniform(*ago))
        while (
            target.weekday() >= 5
        ):  # carriers deliver on weekdays here; keeps the date arithmetic reversible
            target -= D
        transit = rng.randint(m.min_business_days, m.max_business_days)
        ship = sub_business_days(target, transit).replace(hour=rng.randrange(21, 24))
        placed = ship - H * rng.uniform(3, 20)
        return placed, Timeline(ship_at=ship, transit_days=transit)

    # --- signals -----------------------------------------------------------------------------------------
    def _signals(self, plan: Plan) -> list[str]:
        rng = self.rng
        out = []
        for signal, base in BASE_RATES.items():
            p = base * LIFT.get(signal, {}).get(plan.category, 1.0)
            if signal == "frustration" and plan.situation in (
                "late",
                "delivered_missing",
                "never_received",
                "denied",
            ):
                p *= 2.2
            if rng.random() < p:
                out.append(signal)
        if plan.category == "product_harm":
            out.append("product_harm")
        if plan.customer.vip and rng.random() < 0.2:
            out.append("vip_mention")
        return out

    # --- follow-ups on the same issue --------------------------------------------------------------------
    def _follow_ups(self, first: Plan) -> list[Plan]:
        p = FOLLOW_UP.get(first.category, 0.03)
        if first.situation in ("late", "delivered_missing", "never_received", "return_lost", "no_email"):
            p *= 3
        out: list[Plan] = []
        prev = first
        while self.rng.random() < p:
            at = prev.at + D * self.rng.uniform(0.6, 6)
            if at >= self.now - H * 6:
                break
            framing = self.rng.choice(FRAMINGS[first.category][first.situation])
            nxt = Plan(
                category=first.category,
                situation=first.situation,
                framing=framing,
                customer=first.customer,
                at=at,
                week=week_of(at, self.start),
                channel=self._channel(first.customer),
                issue_id=first.issue_id,
                product=first.product,
                variant=first.variant,
                order=first.order,
                contact=prev.contact + 1,
                kb_gap=first.kb_gap,
                other_product=first.other_product,
            )
            if framing.slots & ORDER_SLOTS and nxt.order is None:
                break
            if framing.kinds and (nxt.product is None or nxt.product.kind not in framing.kinds):
                nxt.framing = first.framing
            if nxt.framing.slots & {"size", "other_size", "other_colour", "other_product"}:
                nxt.framing = first.framing
            nxt.signals = ["repeat_contact", *self._signals(nxt)]
            if self.rng.random() < 0.45 and "frustration" not in nxt.signals:
                nxt.signals.append("frustration")
            nxt.outcome = dict(first.outcome)
            out.append(nxt)
            prev = nxt
            p *= 0.55
        return out

    # --- what the brand does -------------------------------------------------------------------------------
    def _resolve(self, plan: Plan) -> None:
        """Decide the outcome and write it into the world (returns, refunds, replacements, cancellations)."""
        rng, o, f, c, sit = self.rng, plan.order, self.facts, plan.category, plan.situation
        out = plan.outcome
        reply_at = plan.at + H * rng.uniform(0.5, 20)
        item = (
            next((i for i in o.items if i.product_id == (plan.product.id if plan.product else "")), None)
            if o
            else None
        )
        price = item.price if item else (plan.product.price if plan.product else Decimal("50.00"))
        if c == "order_status" and o is not None and o.shipments:
            ship = o.shipments[0]
            if sit == "late" and ship.status == "exception":
                out["last_at"] = ship.events[-1].at if ship.events else ship.shipped_at
                out["replacement"] = self._replacement(o, reply_at)
            elif sit == "delivered_missing" and ship.delivered_at is not None:
                waited = plan.at - ship.delivered_at >= H * f.delivered_not_received_wait_hours
                if waited and rng.random() < 0.75:
                    if rng.random() < 0.8:
                        out["replacement"] = self._replacement(o, reply_at)
                    else:
                        out["claim_refund"] = self._refund(
                            o, o.total - o.shipping_cost, "lost in transit", reply_at
                        )
        elif c == "address_update":
            new = us_address(rng, plan.customer.name)
            out["new_address"] = new
            if o is not None and sit == "before_ship":
                if plan.customer.verified or rng.random() < 0.5:
                    out["address_changed"] = True
                    o.address = new
                    o.extra["address_changed"] = True
                else:
                    out["needs_verification"] = True
        elif c == "order_cancellation" and o is not None and sit == "before_ship":
            out["cancelled"] = True
            o.shipments = []
            o.status = "cancelled"
            self._refund(o, o.total, "order cancelled", reply_at)
        elif c == "return_request" and o is not None and item is not None:
            self._return_request(plan, item.price * item.quantity, reply_at)
        elif c == "refund_request" and o is not None:
            self._refund_request(plan, price, reply_at)
        elif c == "refund_dispute" and o is not None:
            self._refund_dispute(plan, price, reply_at)
        elif c in ("damaged_item",) and o is not None:
            if rng.random() < 0.82:
                out["replacement"] = self._replacement(o, reply_at)
            else:
                out["refund_amount"] = self._refund(o, price, "damaged on arrival", reply_at)
        elif c == "product_harm" and o is not None:
            out["refund_amount"] = self._refund(o, price, "safety report", reply_at)
        elif c == "warranty_claim" and o is not None and plan.product is not None and sit != "process":
            delivered = o.shipments[0].delivered_at if o.shipments else o.placed_at
            age_months = (plan.at - (delivered or o.placed_at)) / (D * 30.44)
            if age_months <= f.warranty_for(plan.product.kind) and rng.random() < 0.9:
                out["covered"] = True
                out["replacement"] = self._replacement(o, reply_at + D * rng.uniform(1, 3))
            out["age_months"] = round(age_months, 1)
        elif c == "billing_issue" and sit == "double_charge" and o is not None and rng.random() < 0.4:
            out["refund_amount"] = self._refund(o, o.total, "duplicate charge", reply_at)
        elif c == "complaint" and rng.random() < 0.4:
            out["goodwill_code"] = f"SORRY20-{rng.randrange(16**5):05X}"
        if c == "product_question" and plan.other_product is not None:
            out["other_product"] = plan.other_product

    def _replacement(self, order: Order, at: datetime) -> dict[str, str]:
        """Send a second parcel (expedited, or international express abroad) from `at`."""
        rng = self.rng
        method = "international" if order.address.get("country", "US") != "US" else "expedited"
        m = self.facts.method(method)
        carrier = rng.choice(m.carriers)
        arrive = add_business_days(at, m.max_business_days)
        ship = Shipment(
            carrier=carrier,
            tracking_number=tracking_number(rng, carrier),
            method=method,
            status="label_created",
            shipped_at=at,
            delivered_at=None,
            expected_at=arrive,
            item_ids=list(order.shipments[0].item_ids)
            if order.shipments
            else [i.variant_id for i in order.items],
        )
        events = (
            ShipmentEvent(at, "label_created", self.facts.warehouse, "Replacement: shipping label created"),
            ShipmentEvent(at + H * 6, "in_transit", self.facts.warehouse, "Picked up by carrier"),
            ShipmentEvent(arrive, "delivered", order.address.get("city", ""), "Delivered"),
        )
        ship.events = [e for e in events if e.at <= self.now]
        if ship.events:
            ship.status = ship.events[-1].status
            ship.delivered_at = ship.events[-1].at if ship.status == "delivered" else None
            order.shipments.append(ship)
        order.extra["replacement_sent"] = True
        return {"method": m.name.lower(), "carrier": carrier, "tracking": ship.tracking_number}

    def _refund(
        self, order: Order, amount: Decimal, reason: str, at: datetime, status: str = "completed"
    ) -> Decimal:
        amount = money(amount)
        if at > self.now:
            status = "pending"
            at = self.now - H
        order.refunds.append(
            Refund(id=self.next_refund(), amount=amount, status=status, reason=reason, created_at=at)
        )
        return amount

    def _return_request(self, plan: Plan, line_total: Decimal, reply_at: datetime) -> None:
        rng, o, f, out, sit = self.rng, plan.order, self.facts, plan.outcome, plan.situation
        assert o is not None
        delivered = (
            o.shipments[0].delivered_at if o.shipments and o.shipments[0].delivered_at else o.placed_at
        )
        window = f.return_window_for(member=plan.customer.member)
        if sit == "final_sale":
            out["denied"] = "final_sale"
            return
        if (plan.at - delivered) > D * window:
            if rng.random() < 0.3:
                out["exception"] = True
            else:
                out["denied"] = "window"
                return
        exchange = sit == "exchange"
        fee = Decimal(0) if plan.customer.member or exchange else f.return_shipping_fee
        discount_share = Decimal(0)
        if o.promo_code:
            discount_share = line_total * PROMOS[o.promo_code] / 100
        refund = money(max(Decimal(0), line_total - discount_share - fee))
        rma = self.next_rma()
        created = plan.at - D * rng.uniform(1, 5) if sit == "label" else reply_at
        received = created + D * rng.uniform(4, 10)
        status = "label_sent"
        if received <= self.now:
            status = "received"
        item_ids = [i.variant_id for i in o.items if plan.product and i.product_id == plan.product.id]
        o.returns.append(
            Return(
                id=rma,
                status=status,
                reason="exchange" if exchange else "did not suit",
                created_at=created,
                label_sent_at=created,
                item_ids=item_ids,
            )
        )
        out["rma"] = rma
        if exchange and plan.product is not None:
            sizes = [v.options["size"] for v in plan.product.variants]
            current = plan.variant.options["size"] if plan.variant else sizes[0]
            others = [s for s in dict.fromkeys(sizes) if s != current] or [current]
            out["exchange_to"] = f"size {rng.choice(others)}"
            return
        out["refund_amount"] = refund
        refund_at = received + D * rng.uniform(1, f.refund_processing_business_days)
        if refund_at <= self.now:
            o.returns[-1].status = "refunded"
            self._refund(o, refund, "return", refund_at)
        o.status = "partially_returned" if len(o.items) > 1 else "returned"

    def _refund_request(self, plan: Plan, price: Decimal, reply_at: datetime) -> None:
        rng, o, f, out, sit = self.rng, plan.order, self.facts, plan.outcome, plan.situation
        assert o is not None
        if sit == "return_pending":
            created = plan.at - D * rng.uniform(8, 18)
            arrived = rng.random() < 0.85
            o.returns.append(
                Return(
                    id=self.next_rma(),
                    status="received" if arrived else "in_transit",
                    reason="did not suit",
                    created_at=created,
                    label_sent_at=created,
                    item_ids=[i.variant_id for i in o.items[:1]],
                )
            )
            if not arrived:
                out["not_received"] = True
                return
            fee = Decimal(0) if plan.customer.member else f.return_shipping_fee
            out["refund_amount"] = self._refund(o, price - fee, "return", reply_at)
            o.returns[-1].status = "refunded"
        elif sit == "cancelled":
            o.status = "cancelled"
            o.shipments = []
            out["refund_amount"] = self._refund(
                o, o.total, "order cancelled", plan.at - D * rng.uniform(1, 6)
            )
        elif sit == "price_adjustment":
            if (plan.at - o.placed_at) > D * f.price_adjustment_window_days:
                out["denied"] = "price_window"
            elif o.promo_code:
                out["denied"] = "promo"
            elif any(i.final_sale for i in o.items):
                out["denied"] = "final_sale"
            else:
                diff = money(price * Decimal(rng.choice((10, 15, 20, 25))) / 100)
                out["diff"] = diff
                out["refund_amount"] = self._refund(o, diff, "price adjustment", reply_at)
        elif sit == "promo_missed":
            if (plan.at - o.placed_at) > D * f.price_adjustment_window_days:
                out["denied"] = "price_window"
            else:
                out["refund_amount"] = self._refund(
                    o, money(Decimal(o.extra["subtotal"]) / 10), "promo", reply_at
                )
        elif sit == "shipping_refund":
            out["refund_amount"] = self._refund(
                o, o.shipping_cost or Decimal("14.95"), "late delivery", reply_at
            )
        else:
            out["refund_amount"] = self._refund(o, price, "refund instead of replacement", reply_at)

    def _refund_dispute(self, plan: Plan, price: Decimal, reply_at: datetime) -> None:
        rng, o, f, out, sit = self.rng, plan.order, self.facts, plan.outcome, plan.situation
        assert o is not None
        earlier = plan.at - D * rng.uniform(6, 15)
        if sit == "short_refund":
            fee = f.return_shipping_fee
            o.returns.append(
                Return(
                    id=self.next_rma(),
                    status="refunded",
                    reason="did not suit",
                    created_at=earlier - D * 6,
                    label_sent_at=earlier - D * 6,
                    item_ids=[i.variant_id for i in o.items[:1]],
                )
            )
            self._refund(o, price - fee, "return", earlier)
            if plan.customer.member:
                out["fee_error"] = True
                self._refund(o, fee, "return fee refunded", reply_at)
            else:
                out["explained"] = f"the ${f.return_shipping_fee} return label fee"
        elif sit == "denied":
            o.returns.append(
                Return(
                    id=self.next_rma(),
                    status="rejected",
                    reason="returned worn",
                    created_at=earlier - D * 8,
                    label_sent_at=earlier - D * 8,
                    item_ids=[i.variant_id for i in o.items[:1]],
                )
            )
            if rng.random() < 0.45:
                out["refund_amount"] = self._refund(o, price, "return decision overturned", reply_at + D)
            else:
                out["upheld"] = True
        elif sit == "never_received":
            self._refund(o, price, "return", earlier)
        elif sit == "return_lost":
            o.returns.append(
                Return(
                    id=self.next_rma(),
                    status="lost_in_transit",
                    reason="did not suit",
                    created_at=earlier,
                    label_sent_at=earlier,
                    item_ids=[i.variant_id for i in o.items[:1]],
                )
            )
            out["refund_amount"] = self._refund(o, price, "return lost by carrier", reply_at)
        else:
            out["refund_amount"] = self._refund(o, o.total, "disputed charge", reply_at)

    def background_return(self, order: Order, customer: Customer) -> None:
        """About one delivered order in twelve comes back without anyone writing to support."""
        rng, f = self.rng, self.facts
        ship = order.shipments[0] if order.shipments else None
        if ship is None or ship.delivered_at is None or rng.random() > 0.085:
            return
        item = rng.choice(order.items)
        if item.final_sale:
            return
        created = ship.delivered_at + D * rng.uniform(2, f.return_window_for(member=customer.member) - 2)
        if created > self.now:
            return
        reason = rng.choice(
            ("too small", "too big", "did not suit", "changed mind", "colour not as expected")
        )
        ret = Return(
            id=self.next_rma(),
            status="label_sent",
            reason=reason,
            created_at=created,
            label_sent_at=created,
            item_ids=[item.variant_id],
        )
        order.returns.append(ret)
        received = created + D * rng.uniform(4, 10)
        if received <= self.now:
            ret.status = "received"
            refund_at = received + D * rng.uniform(1, f.refund_processing_business_days)
            if refund_at <= self.now:
                fee = Decimal(0) if customer.member else f.return_shipping_fee
                self._refund(order, item.price * item.quantity - fee, "return", refund_at)
                ret.status = "refunded"
        order.status = "partially_returned" if len(order.items) > 1 else "returned"
