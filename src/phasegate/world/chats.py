"""Phase-3 conversations in the demo world: the product's conversation engine answers every customer turn,
and the simulated customer reacts to what it actually said.

The engine reads a real store (a temporary SQLite migrated to head, as `phasegate converse` uses with no
workspace): the world's catalog, help center and customers, and each customer's orders written again as of
the moment they write, so the engine never sees a parcel scan from the future. The world never edits what the
engine says; it only decides, as the customer, whether the reply stated what their situation needs.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from phasegate.brand import BrandFacts
from phasegate.conversations.flows.engine import Chat, Engine
from phasegate.policy import Policy
from phasegate.tickets.schemas import CustomerIn, TicketIn
from phasegate.world import persist
from phasegate.world.plans import Plan
from phasegate.world.records import Customer, Order, World
from phasegate.world.timeline import phases_in

if TYPE_CHECKING:
    from phasegate.triage.router import Router


def as_of(order: Order, now: datetime) -> Order | None:
    """`order` as the store held it at `now` (None before it was placed): scans, returns, refunds so far."""
    if order.placed_at > now:
        return None
    shipments = []
    for s in order.shipments:
        if s.shipped_at is None or s.shipped_at > now:
            continue
        events = [e for e in s.events if e.at <= now]
        delivered = s.delivered_at if s.delivered_at is not None and s.delivered_at <= now else None
        status = events[-1].status if events else "label_created"
        if s.status == "exception" and now > s.expected_at:
            status = "exception"
        shipments.append(dataclasses.replace(s, events=events, delivered_at=delivered, status=status))
    returns = [r for r in order.returns if r.created_at <= now]
    refunds = [r for r in order.refunds if r.created_at <= now]
    if order.status == "cancelled" and not shipments:
        status = "cancelled" if refunds else "processing"
    elif not shipments:
        status = "processing"
    elif returns:
        status = order.status if order.status in ("returned", "partially_returned") else "delivered"
    else:
        last = shipments[-1].status
        status = {"delivered": "delivered", "label_created": "processing"}.get(last, "shipped")
    return dataclasses.replace(order, status=status, shipments=shipments, returns=returns, refunds=refunds)


#: What a customer in each situation needs to read in a reply before their question is answered: any one of
#: the phrases (lower case). `{...}` fills from the brand facts. Situations not listed need their order's
#: status (order_status) or the standard window (return_policy).
NEEDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("return_policy", "member"): ("{member_return_window_days} days",),
    ("return_policy", "final_sale"): ("final sale", "final-sale"),
    ("return_policy", "worn"): ("unworn", "worn"),
    ("return_policy", "footwear"): ("footwear", "tried on", "indoors"),
    ("return_policy", "international"): ("international", "outside the us", "customs"),
    ("return_policy", "exceptions"): ("final sale", "final-sale", "exception"),
    ("return_policy", "window"): ("{return_window_days} days",),
    ("order_status", "delivered_missing"): ("replacement", "claim", "refund"),
}


def needs(plan: Plan, facts: BrandFacts) -> tuple[str, ...]:
    """The phrases one of which answers this customer; empty when the world does not model the need."""
    if plan.category == "return_request":
        # They asked for a return: they need it started (its number), or to be told why it can't be.
        denied = plan.outcome.get("denied")
        if denied:
            return ("final sale",) if denied == "final_sale" else ("return window",)
        rma = plan.outcome.get("rma")
        return (str(rma).lower(),) if rma else ()
    if plan.category not in ("order_status", "return_policy"):
        return ()
    if plan.outcome.get("replacement") or plan.outcome.get("claim_refund"):
        return ("replacement", "claim", "refund")
    found = NEEDS.get((plan.category, plan.situation))
    if found is None and plan.category == "order_status":
        return (plan.order.id.lower(),) if plan.order is not None else ()
    if found is None:
        found = NEEDS[("return_policy", "window")]
    return tuple(
        p.format(
            member_return_window_days=facts.member_return_window_days,
            return_window_days=facts.return_window_days,
        )
        for p in found
    )


def answered(plan: Plan, facts: BrandFacts, replies: list[str]) -> bool:
    """Whether any of `replies` states what this customer needed."""
    wanted = needs(plan, facts)
    said = "\n".join(replies).lower()
    return not wanted or any(p in said for p in wanted)


@dataclass
class Desk:
    """The product on the world's store: the conversation engine for phase-3 tickets, the drafter for
    phase-2 ones; each customer's orders are written as they stood when the customer wrote."""

    engine: Engine
    session: Session
    world: World
    home: Path

    def __post_init__(self) -> None:
        from phasegate.drafts.composer import BuiltinProvider

        self.drafter = BuiltinProvider()
        self.orders: dict[str, list[Order]] = defaultdict(list)
        for o in self.world.orders:
            self.orders[o.customer_id].append(o)
        self._written: dict[str, list[str]] = {}

    def sync(self, customer_id: str, now: datetime) -> None:
        """Write the customer's orders as they stood at `now` (the engine looks them up by identity)."""
        persist.delete_orders(self.session, self._written.get(customer_id, []))
        snapshot = [o for o in (as_of(o, now) for o in self.orders[customer_id]) if o is not None]
        persist.insert_orders(dataclasses.replace(self.world, orders=snapshot), self.session)
        self._written[customer_id] = [o.id for o in snapshot]
        self.session.expire_all()  # the engine reads these rows afresh, not as an earlier turn loaded them

    def start(
        self, customer: Customer, *, ticket_id: str, issue_id: str, week: int, prior_ai: int, now: datetime
    ) -> Chat:
        """A new conversation with the engine of `week`'s phases, the customer known by the channel."""
        c = customer
        self.sync(c.id, now)
        engine = dataclasses.replace(self.engine, phases=phases_in(week))
        return engine.chat(
            self.session,
            conversation_id=f"C-{ticket_id}",
            customer=CustomerIn(id=c.id, email=c.email, name=c.name, vip=c.vip, ai_opt_in=c.ai_opt_in),
            prior_ai_contacts=prior_ai,
            issue_id=issue_id,
            now=now,
        )

    def draft(self, ticket: TicketIn, *, category: str, week: int) -> tuple[str, str]:
        """The product's phase-2 draft for the opening `ticket` (`drafts.flows.draft_ticket` with the built-in
        drafter), written on the store as it stood when the ticket arrived: (text, model)."""
        from phasegate.drafts import flows
        from phasegate.drafts import service as drafts_service
        from phasegate.tickets import service as tickets_service

        customer = ticket.customer
        assert customer is not None and customer.id is not None and ticket.created_at is not None
        self.sync(customer.id, ticket.created_at)
        tickets_service.upsert_many(
            self.session, [ticket.model_copy(update={"category": category})], source=persist.SOURCE
        )
        outcome = flows.draft_ticket(
            self.session, ticket_id=ticket.id, home=self.home, provider=self.drafter, force=True
        )
        row = drafts_service.get(self.session, outcome.draft_id) if outcome.draft_id is not None else None
        if row is None:
            raise RuntimeError(f"the drafter wrote no draft for {ticket.id}: {outcome.reason}")
        return row.ai_text, row.model or "builtin"


@contextmanager
def desk_for(world: World, router: Router, policy: Policy) -> Iterator[Desk]:
    """The world's store in a temporary SQLite migrated to head, with its help center indexed, and the
    engine over it (deleted afterwards)."""
    from phasegate.brand import write_facts
    from phasegate.conversations.flows.run import temporary_store
    from phasegate.knowledge import index
    from phasegate.rollout.service import ensure_policy

    with temporary_store() as sessions, tempfile.TemporaryDirectory(prefix="phasegate-world-") as folder:
        home = Path(folder)
        write_facts(home, world.facts)
        store = dataclasses.replace(world, orders=[])
        with sessions() as s, s.begin():
            persist.persist_store(store, s)
            ensure_policy(s, actor="demo")
        with sessions() as session:
            retriever = index.load(session, home)
            engine = Engine(router=router, policy=policy, brand=world.facts, retriever=retriever)
            yield Desk(engine, session, world, home)
            session.rollback()
