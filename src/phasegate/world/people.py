"""Customers and their orders: names, addresses, writing styles, and orders with shipments and scans.

Orders are made on demand (a ticket about a late parcel gets an order whose parcel is late at the ticket's
time) and in the background (orders no one writes about), then numbered in the order they were placed.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from phasegate.brand import BrandFacts
from phasegate.world.phrasing.noise import STYLE_WEIGHTS
from phasegate.world.records import Customer, Order, OrderItem, Product, Shipment, ShipmentEvent, Variant
from phasegate.world.tables import table
from phasegate.world.timeline import PACIFIC_OFFSET, Weighted, add_business_days

# The name, address and phone tables live in world/data/people.yaml.
FIRST_NAMES: tuple[str, ...] = table("people", "FIRST_NAMES")
LAST_NAMES: tuple[str, ...] = table("people", "LAST_NAMES")
#: (city, state, ZIP prefix)
US_CITIES: tuple[tuple[str, str, str], ...] = table("people", "US_CITIES")
#: country code -> (city, region, postcode)
INTL_CITIES: dict[str, tuple[tuple[str, str, str], ...]] = table("people", "INTL_CITIES")
STREETS: tuple[str, ...] = table("people", "STREETS")
STREET_TYPES: tuple[str, ...] = table("people", "STREET_TYPES")
DOMAINS: tuple[str, ...] = table("people", "DOMAINS")
AREA_CODES: tuple[str, ...] = table("people", "AREA_CODES")

#: State sales tax used for order totals (a flat approximation per state; 0 where there is none).
NO_SALES_TAX = ("OR", "MT", "NH", "DE", "AK")

PROMOS: dict[str, int] = {"TRAIL15": 15, "WELCOME10": 10, "RIDGE20": 20, "CAMP10": 10, "HOLIDAY20": 20}
CARD_BRANDS = ("Visa", "Visa", "Mastercard", "Amex", "Discover")
#: Carrier -> the hubs its scans pass through.
HUBS: dict[str, tuple[str, ...]] = table("people", "HUBS")
#: Scan descriptions of a delayed parcel.
DELAYS: tuple[str, ...] = table("people", "DELAYS")

CENT = Decimal("0.01")
_METHODS = Weighted(("standard", "expedited", "overnight"), (74, 20, 6))
_EXTRA_ITEMS = Weighted((0, 1, 2, 3), (55, 28, 12, 5))
_QUANTITY = Weighted((1, 2, 3), (70, 22, 8))
_PAYMENT = Weighted(("card", "paypal", "apple_pay", "shop_pay"), (62, 18, 14, 6))


def money(value: Decimal | float | int) -> Decimal:
    """Round to cents."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _phone(rng: random.Random) -> str:
    # 555-01xx numbers are reserved for fiction, so no real person is ever named.
    return f"+1 {rng.choice(AREA_CODES)}-555-01{rng.randrange(100):02d}"


def _email(rng: random.Random, first: str, last: str, taken: set[str]) -> str:
    f, lname = first.lower(), last.lower().replace("'", "")
    pattern = rng.randrange(7)
    local = (
        f"{f}.{lname}",
        f"{f}{lname}{rng.randrange(1, 99)}",
        f"{f[0]}{lname}",
        f"{f}_{lname[:4]}",
        f"{f}{rng.randrange(1970, 2005)}",
        f"{lname}.{f}",
        f"{f}.{lname[0]}{rng.randrange(10, 999)}",
    )[pattern]
    email = f"{local}@{rng.choice(DOMAINS)}"
    while email in taken:
        email = f"{local}{rng.randrange(1000)}@{rng.choice(DOMAINS)}"
    taken.add(email)
    return email


def us_address(rng: random.Random, name: str) -> dict[str, str]:
    """A plausible US street address."""
    city, state, prefix = rng.choice(US_CITIES)
    address2 = rng.choice(
        ("", "", "", f"Apt {rng.randrange(1, 40)}{rng.choice('ABCD')}", f"Unit {rng.randrange(100, 999)}")
    )
    return {
        "name": name,
        "address1": f"{rng.randrange(12, 9800)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}",
        "address2": address2,
        "city": city,
        "state": state,
        "zip": f"{prefix}{rng.randrange(100):02d}",
        "country": "US",
    }


def _intl_address(rng: random.Random, name: str, country: str) -> dict[str, str]:
    city, region, postcode = rng.choice(INTL_CITIES[country])
    return {
        "name": name,
        "address1": f"{rng.randrange(1, 220)} {rng.choice(STREETS)} {rng.choice(('Road', 'Street', 'Lane'))}",
        "address2": "",
        "city": city,
        "state": region,
        "zip": postcode,
        "country": country,
    }


def format_address(address: dict[str, str]) -> str:
    """One line, as a customer would type it."""
    line = address["address1"]
    if address.get("address2"):
        line += f" {address['address2']}"
    region = f"{address['state']} {address['zip']}".strip()
    tail = "" if address.get("country", "US") == "US" else f", {address['country']}"
    return f"{line}, {address['city']}, {region}{tail}"


def build_customers(
    rng: random.Random, n: int, start: datetime, end: datetime, facts: BrandFacts
) -> list[Customer]:
    """`n` customers: about 2% VIP, a third members, some opted in to AI, 8% abroad."""
    taken: set[str] = set()
    countries = [c for c in facts.international_countries]
    styles, weights = zip(*STYLE_WEIGHTS.items(), strict=True)
    customers = []
    for i in range(n):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        vip = rng.random() < 0.02
        intl = rng.random() < 0.08 and bool(countries)
        address = _intl_address(rng, name, rng.choice(countries)) if intl else us_address(rng, name)
        if rng.random() < 0.75:
            created = start - timedelta(days=rng.uniform(5, 730))
        else:
            created = start + (end - start) * rng.random() ** 1.3
        customers.append(
            Customer(
                id=f"C-{10001 + i}",
                name=name,
                email=_email(rng, first, last, taken),
                phone=_phone(rng) if rng.random() < 0.7 else None,
                vip=vip,
                ai_opt_in=rng.random() < (0.35 if vip else 0.12),
                member=rng.random() < (0.9 if vip else 0.33),
                verified=rng.random() < 0.96,
                address=address,
                created_at=created.replace(microsecond=0),
                extra={
                    "style": rng.choices(styles, weights=weights)[0],
                    "activity": round(rng.lognormvariate(0, 0.9) * (2.0 if vip else 1.0), 4),
                },
            )
        )
    return customers


class CustomerPicker:
    """Chooses who writes in: active customers and VIPs more often, never before they existed."""

    def __init__(self, customers: list[Customer]) -> None:
        self.customers = customers
        self._cum: list[float] = []
        total = 0.0
        for c in customers:
            total += float(c.extra["activity"])
            self._cum.append(total)
        self._intl = [c for c in customers if c.international]

    def pick(self, rng: random.Random, at: datetime, *, international: bool | None = None) -> Customer:
        """A customer who existed at `at` (international or domestic when asked)."""
        pool = self._intl if international and self._intl else None
        for _ in range(50):
            if pool is not None:
                c = rng.choice(pool)
            else:
                c = self.customers[bisect.bisect(self._cum, rng.random() * self._cum[-1])]
                if international is False and c.international:
                    continue
            if c.created_at <= at:
                return c
        return min(self.customers, key=lambda c: c.created_at)


@dataclass
class Timeline:
    """When an order's parcel moves: when shipped, how long in transit, and what goes wrong."""

    ship_at: datetime | None  # None: never shipped (cancelled)
    transit_days: int = 3
    delay_days: int = 0
    lost: bool = False
    customs_hold_days: int = 0
    pickup_lag_hours: float = 8.0


class OrderBook:
    """Makes orders for customers and keeps them; numbers them once everything is made."""

    def __init__(self, facts: BrandFacts, products: list[Product], rng: random.Random, now: datetime) -> None:
        self.facts = facts
        self.products = products
        self.rng = rng
        self.now = now
        self.orders: list[Order] = []
        self._popular = list(products)
        self._cum: list[float] = []
        total = 0.0
        for p in products:
            total += self._popularity(p)
            self._cum.append(total)

    @staticmethod
    def _popularity(p: Product) -> float:
        """How often a product sells relative to others."""
        base = {
            "apparel": 1.0,
            "footwear": 0.7,
            "camp": 0.45,
            "packs": 0.55,
            "hydration": 0.9,
            "lighting": 0.5,
            "cooking": 0.45,
        }[p.line]
        return base * (0.6 if p.final_sale else 1.0)

    def random_product(self, rng: random.Random, kinds: tuple[str, ...] | None = None) -> Product:
        """A product, popular ones more often, of one of `kinds` when given."""
        if kinds:
            pool = [p for p in self.products if p.kind in kinds]
            if pool:
                return rng.choices(pool, weights=[self._popularity(p) for p in pool])[0]
        return rng.choices(self._popular, cum_weights=self._cum)[0]

    def method_for(self, rng: random.Random, customer: Customer) -> str:
        """The shipping method a customer picks."""
        if customer.international:
            return next((m.code for m in self.facts.shipping_methods if m.international), "standard")
        return _METHODS.pick(rng)

    def typical_timeline(self, rng: random.Random, placed_at: datetime, method: str) -> Timeline:
        """When an order placed at `placed_at` ships and how long it travels, when nothing goes wrong."""
        local = placed_at + PACIFIC_OFFSET
        same_day = local.weekday() < 5 and local.hour < 13
        ship_day = (
            local
            if same_day
            else add_business_days(local.replace(hour=9), self.facts.processing_business_days)
        )
        ship_local = ship_day.replace(hour=rng.randrange(14, 19), minute=rng.randrange(60))
        if ship_local <= local:
            ship_local = local + timedelta(hours=2)
        m = self.facts.method(method)
        transit = rng.randint(m.min_business_days, m.max_business_days)
        return Timeline(ship_at=ship_local - PACIFIC_OFFSET, transit_days=transit)

    def make(
        self,
        rng: random.Random,
        customer: Customer,
        placed_at: datetime,
        *,
        product: Product | None = None,
        variant: Variant | None = None,
        method: str | None = None,
        timeline: Timeline | None = None,
        extra_items: int | None = None,
    ) -> Order:
        """A new order holding `product` (and `variant`); `timeline` overrides the typical one."""
        items: list[OrderItem] = []
        chosen: list[tuple[Product, Variant]] = []
        if product is not None:
            chosen.append((product, variant or rng.choice(product.variants)))
        n_more = extra_items if extra_items is not None else _EXTRA_ITEMS.pick(rng)
        if product is None:
            n_more = max(1, n_more)
        for _ in range(n_more):
            p = self.random_product(rng)
            if any(p.id == q.id for q, _ in chosen):
                continue
            chosen.append((p, rng.choice(p.variants)))
        for p, v in chosen:
            qty = 1 if p.kind not in ("socks", "bottle", "mug") else _QUANTITY.pick(rng)
            items.append(
                OrderItem(
                    product_id=p.id,
                    variant_id=v.id,
                    name=p.name,
                    quantity=qty,
                    price=v.price,
                    options=dict(v.options),
                    final_sale=p.final_sale,
                )
            )
        method = method or self.method_for(rng, customer)
        promo = rng.choice(list(PROMOS)) if rng.random() < 0.14 else None
        subtotal = sum((i.price * i.quantity for i in items), Decimal(0))
        eligible = sum((i.price * i.quantity for i in items if not i.final_sale), Decimal(0))
        discount = money(eligible * PROMOS[promo] / 100) if promo else Decimal("0.00")
        m = self.facts.method(method)
        shipping = m.price
        if method == "standard" and subtotal - discount >= self.facts.free_shipping_threshold:
            shipping = Decimal("0.00")
        state = customer.address.get("state", "")
        rate = Decimal(0) if customer.international or state in NO_SALES_TAX else Decimal("0.07")
        tax = money((subtotal - discount) * rate)
        total = money(subtotal - discount + shipping + tax)
        payment = self._payment(rng, total)
        order = Order(
            id="",  # numbered by `assign_ids` once every order exists
            customer_id=customer.id,
            status="placed",
            placed_at=placed_at.replace(microsecond=0),
            total=total,
            shipping_cost=money(shipping),
            method=method,
            address=dict(customer.address),
            payment=payment,
            promo_code=promo,
            items=items,
            extra={
                "subtotal": str(money(subtotal)),
                "discount": str(discount),
                "shipping": str(money(shipping)),
                "tax": str(tax),
            },
        )
        tl = timeline or self.typical_timeline(rng, placed_at, method)
        self.ship(rng, order, customer, tl)
        self.orders.append(order)
        return order

    def _payment(self, rng: random.Random, total: Decimal) -> list[dict[str, object]]:
        kind = _PAYMENT.pick(rng)
        entry: dict[str, object] = {"method": kind, "amount": str(total)}
        if kind in ("card", "apple_pay"):
            entry["brand"] = rng.choice(CARD_BRANDS)
            entry["last4"] = f"{rng.randrange(10000):04d}"
        return [entry]

    def ship(self, rng: random.Random, order: Order, customer: Customer, tl: Timeline) -> None:
        """Give `order` its parcel and scans, as of the world's end."""
        order.shipments = []
        if tl.ship_at is None:
            order.status = "processing" if order.placed_at <= self.now else "placed"
            return
        m = self.facts.method(order.method)
        carrier = rng.choice(m.carriers)
        shipment = Shipment(
            carrier=carrier,
            tracking_number=tracking_number(rng, carrier),
            method=order.method,
            status="label_created",
            shipped_at=tl.ship_at,
            delivered_at=None,
            expected_at=add_business_days(tl.ship_at, m.max_business_days),
            item_ids=[i.variant_id for i in order.items],
        )
        events = [ShipmentEvent(tl.ship_at, "label_created", self.facts.warehouse, "Shipping label created")]
        pickup = tl.ship_at + timedelta(hours=tl.pickup_lag_hours + rng.uniform(0, 4))
        events.append(ShipmentEvent(pickup, "in_transit", self.facts.warehouse, "Picked up by carrier"))
        arrive = add_business_days(tl.ship_at, tl.transit_days + tl.delay_days)
        arrive = arrive.replace(hour=rng.randrange(17, 27) % 24, minute=rng.randrange(60))
        if arrive <= pickup:
            arrive = pickup + timedelta(hours=20)
        hubs = [h for h in HUBS[carrier] if h != self.facts.warehouse]
        n_hubs = min(len(hubs), 1 if tl.transit_days <= 3 else 2)
        span = arrive - pickup
        for k, hub in enumerate(rng.sample(hubs, n_hubs), start=1):
            at = pickup + span * (k / (n_hubs + 1))
            events.append(
                ShipmentEvent(
                    at,
                    "in_transit",
                    hub,
                    rng.choice(("Arrived at facility", "Departed facility", "In transit")),
                )
            )
            if tl.delay_days and k == 1:
                events.append(ShipmentEvent(at + timedelta(hours=3), "delayed", hub, rng.choice(DELAYS)))
            if tl.customs_hold_days and k == n_hubs:
                events.append(
                    ShipmentEvent(
                        at + timedelta(hours=5), "customs_hold", hub, "Held by customs: clearance event"
                    )
                )
        if tl.lost:
            events = events[: max(3, len(events) - 1)]
            shipment.status = "exception"
        else:
            city = (
                f"{customer.address['city']}, {customer.address.get('state') or customer.address['country']}"
            )
            ofd = arrive.replace(hour=max(0, arrive.hour - 6))
            events.append(ShipmentEvent(ofd, "out_for_delivery", city, "Out for delivery"))
            events.append(
                ShipmentEvent(
                    arrive,
                    "delivered",
                    city,
                    rng.choice(
                        (
                            "Delivered, front door",
                            "Delivered, left at porch",
                            "Delivered, mailroom",
                            "Delivered, handed to resident",
                            "Delivered, parcel locker",
                        )
                    ),
                )
            )
        events = [e for e in sorted(events, key=lambda e: e.at) if e.at <= self.now]
        shipment.events = events
        if events and not tl.lost:
            shipment.status = events[-1].status
        elif tl.lost and events:
            shipment.status = "exception" if self.now > shipment.expected_at else events[-1].status
        if shipment.status == "delivered":
            shipment.delivered_at = events[-1].at
        order.shipments = [shipment]
        if tl.ship_at > self.now:
            order.shipments = []
            order.status = "processing"
        else:
            order.status = {"delivered": "delivered", "label_created": "processing"}.get(
                shipment.status, "shipped"
            )

    def assign_ids(self) -> None:
        """Number every order in the brand's pattern, in placing order (gaps are other sales channels)."""
        number = 104_000
        for order in sorted(self.orders, key=lambda o: o.placed_at):
            number += self.rng.choice((1, 1, 1, 2, 3))
            order.id = f"{self.facts.order_id_prefix}{number}"


def tracking_number(rng: random.Random, carrier: str) -> str:
    """A tracking number in the carrier's usual shape."""
    if carrier == "UPS":
        shipper = "".join(rng.choices("0123456789ABCDEFGHJKLMNPRSTVWXYZ", k=6))
        return f"1Z{shipper}{rng.choice(('03', '02', '01'))}{rng.randrange(10**8):08d}"
    if carrier == "USPS":
        return rng.choice(("9400", "9205", "9361")) + f"{rng.randrange(10**18):018d}"
    if carrier == "FedEx":
        return rng.choice(("7", "2", "6")) + f"{rng.randrange(10**11):011d}"
    return f"{rng.randrange(10**10):010d}"  # DHL Express
