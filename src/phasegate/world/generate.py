"""`generate(seed, scale)`: the whole demo world as plain dataclasses, deterministic for a seed.

Each part of the world draws from its own random stream (named by part and seed), so changing how tickets are
worded never reshuffles the catalog or the customers. `scale` multiplies customers, orders and tickets (the
catalog and help center are always whole); `scale=0.05` makes a world small enough for unit tests.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from phasegate.brand import BrandFacts
from phasegate.world.catalog import build_catalog
from phasegate.world.chats import desk_for
from phasegate.world.handling import Handler
from phasegate.world.helpcenter import build_helpcenter
from phasegate.world.history import phase_changes
from phasegate.world.intake import default_intake
from phasegate.world.people import CustomerPicker, OrderBook, build_customers
from phasegate.world.plans import Plan, Planner
from phasegate.world.records import Article, Customer, Issue, Order, Product, World
from phasegate.world.threads import Opening, open_ticket
from phasegate.world.timeline import (
    PHASE1_WEEK,
    START,
    WEEKS,
    current_phases,
    moment_in_day,
    season,
    week_start,
)

DEFAULT_SEED = 7
#: Customers at scale 1 (about 2% VIP).
CUSTOMERS = 3000
#: Orders no one writes to support about, at scale 1 (ticket-driven orders come on top).
BACKGROUND_ORDERS = 3600
#: The first ticket's number (`T-100001`).
FIRST_TICKET = 100_001


def _rng(seed: int, part: str) -> random.Random:
    return random.Random(f"phasegate-world:{seed}:{part}")


@dataclass
class Before:
    """The world before anyone answers: the store, its customers, and what each of them writes first."""

    facts: BrandFacts
    now: datetime
    products: list[Product]
    articles: list[Article]
    customers: list[Customer]
    orders: list[Order]
    plans: list[Plan]
    openings: list[Opening]


def before_answers(
    seed: int = DEFAULT_SEED, scale: float = 1.0, *, facts: BrandFacts | None = None, start: datetime = START
) -> Before:
    """The catalog, customers, orders and every ticket's opening words: nothing here depends on how a
    ticket was handled, so the router may train on these openings without reading its own decisions."""
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
    # Each customer writes from a stream of their own.
    openings = [
        open_ticket(f"T-{FIRST_TICKET + i}", p, facts, _rng(seed, f"text:{i}")) for i, p in enumerate(plans)
    ]
    orders = sorted(book.orders, key=lambda o: o.placed_at)
    return Before(facts, now, products, articles, customers, orders, plans, openings)


def generate(
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    *,
    facts: BrandFacts | None = None,
    start: datetime = START,
    hourly_rate: float = 32.0,
) -> World:
    """Build the demo world for `seed`; the same seed and scale always give the same world.

    The product's own logs (a line per draft and hand-off, thousands in all) are held to warnings while the
    world is simulated: they describe the simulation's history, not work done now.
    """
    with _quiet_product_logs():
        return _generate(seed, scale, facts=facts, start=start, hourly_rate=hourly_rate)


@contextmanager
def _quiet_product_logs() -> Iterator[None]:
    old = structlog.get_config()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    try:
        yield
    finally:
        structlog.configure(**old)


def _generate(
    seed: int,
    scale: float,
    *,
    facts: BrandFacts | None,
    start: datetime,
    hourly_rate: float,
) -> World:
    before = before_answers(seed, scale, facts=facts, start=start)
    facts, now, customers, plans, openings = (
        before.facts,
        before.now,
        before.customers,
        before.plans,
        before.openings,
    )
    # The product's intake reads every opening of the AI weeks, in batches, as the helpdesk hands them over.
    intake = default_intake(customers, before.orders)
    ai_weeks = [o for o in openings if o.plan.week >= PHASE1_WEEK]
    analyses = dict(
        zip(
            (o.ticket_id for o in ai_weeks),
            intake.analyze([o.ticket() for o in ai_weeks]),
            strict=True,
        )
    )
    # Phase-3 tickets are conversations with the product's engine, over the store as it stood.
    shell = World(
        seed=seed,
        scale=scale,
        start=start,
        weeks=WEEKS,
        facts=facts,
        products=before.products,
        articles=before.articles,
        customers=customers,
        orders=before.orders,
        issues=[],
        tickets=[],
        phase_changes=[],
        current_phases=current_phases(),
        eval_items=[],
    )
    with desk_for(shell, intake.router, intake.policy) as desk:
        handler = Handler(facts, _rng(seed, "handling"), now, hourly_rate, intake, desk)
        tickets = [
            handler.handle(p, o, analyses.get(o.ticket_id)) for p, o in zip(plans, openings, strict=True)
        ]
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
    shell.issues = list(issues.values())
    shell.tickets = tickets
    shell.phase_changes = phase_changes(tickets, start, dict(evals))
    shell.eval_items = handler.eval_items
    return shell


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
