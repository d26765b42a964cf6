"""`generate(seed, scale)`: the whole demo world as plain dataclasses, deterministic for a seed.

Each part of the world draws from its own random stream (named by part and seed), so changing how tickets are
worded never reshuffles the catalog or the customers. `scale` multiplies customers, orders and tickets (the
catalog and help center are always whole); `scale=0.05` makes a world small enough for unit tests.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from phasegate.brand import BrandFacts
from phasegate.world.catalog import build_catalog
from phasegate.world.handling import Handler
from phasegate.world.helpcenter import build_helpcenter
from phasegate.world.history import phase_changes
from phasegate.world.people import CustomerPicker, OrderBook, build_customers
from phasegate.world.plans import Planner
from phasegate.world.records import Issue, World
from phasegate.world.timeline import START, WEEKS, current_phases, moment_in_day, season, week_start

DEFAULT_SEED = 7
#: Customers at scale 1 (about 2% VIP).
CUSTOMERS = 3000
#: Orders no one writes to support about, at scale 1 (ticket-driven orders come on top).
BACKGROUND_ORDERS = 3600


def _rng(seed: int, part: str) -> random.Random:
    return random.Random(f"phasegate-world:{seed}:{part}")


def generate(
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    *,
    facts: BrandFacts | None = None,
    start: datetime = START,
    hourly_rate: float = 32.0,
) -> World:
    """Build the demo world for `seed`; the same seed and scale always give the same world."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    facts = facts or BrandFacts()
    now = week_start(WEEKS + 1, start)
    products = build_catalog(facts, _rng(seed, "catalog"))
    articles = build_helpcenter(facts)
    customers = build_customers(_rng(seed, "customers"), max(60, round(CUSTOMERS * scale)), start, now, facts)
    book = OrderBook(facts, products, _rng(seed, "orders"), now)
    picker = CustomerPicker(customers)
    planner = Planner(facts, _rng(seed, "plans"), book, picker, products, start, scale)
    plans = planner.plan_all()
    _background_orders(planner, book, picker, round(BACKGROUND_ORDERS * scale), start, now)
    book.assign_ids()

    handler = Handler(facts, _rng(seed, "handling"), now, hourly_rate)
    tickets = [handler.handle(p) for p in plans]
    # A resolution is "reopened" when the customer came back on the same issue.
    last_on_issue = {t.issue_id: t.id for t in tickets}
    for t in tickets:
        t.reopened = last_on_issue[t.issue_id] != t.id
    issues: dict[str, Issue] = {}
    for p in plans:
        if p.issue_id not in issues:
            issues[p.issue_id] = Issue(
                p.issue_id, p.customer.id, p.order.id if p.order else None, p.category, p.at
            )
    evals = Counter(e.category for e in handler.eval_items)
    orders = sorted(book.orders, key=lambda o: o.placed_at)
    return World(
        seed=seed,
        scale=scale,
        start=start,
        weeks=WEEKS,
        facts=facts,
        products=products,
        articles=articles,
        customers=customers,
        orders=orders,
        issues=list(issues.values()),
        tickets=tickets,
        phase_changes=phase_changes(tickets, start, dict(evals)),
        current_phases=current_phases(),
        eval_items=handler.eval_items,
    )


def _background_orders(
    planner: Planner, book: OrderBook, picker: CustomerPicker, n: int, start: datetime, end: datetime
) -> None:
    """Orders nobody writes about: the bulk of the store, with the holiday peak and ordinary returns."""
    rng = planner.rng
    span_days = (end - start).days + 14
    weights = [season(max(1, (d - 14) // 7 + 1), "order_status", start) for d in range(span_days)]
    for _ in range(n):
        day = rng.choices(range(span_days), weights=weights)[0]
        placed = moment_in_day(rng, start - timedelta(days=14) + timedelta(days=day))
        if placed >= end:
            continue
        customer = picker.pick(rng, placed)
        order = book.make(rng, customer, placed)
        planner.background_return(order, customer)
