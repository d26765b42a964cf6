"""The demo's intake decisions, made by the product: the real triage (`analyze_many`) with the bundled router
and `decide()` under the default policy with each week's phases, exactly as a live triage run decides.

Nothing here knows a trigger, a threshold or a route: the world only hands the product what its helpdesk
would (the customer's opening, who they are, how often the AI already answered them on this issue, the
values of the orders the store holds) and keeps what comes back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from phasegate.policy import Decision, Policy, decide
from phasegate.rollout.flows.triage import StoreFacts, context_for
from phasegate.tickets.schemas import CustomerIn, MessageIn, TicketIn
from phasegate.triage.schemas import Analysis
from phasegate.world.records import Customer, Order

if TYPE_CHECKING:
    from phasegate.triage.router import Router

#: Tickets per router pass (the same batch size a live triage run uses).
BATCH = 256


def opening_ticket(
    *,
    ticket_id: str,
    channel: str,
    subject: str | None,
    created_at: datetime,
    customer: Customer,
    order_id: str | None,
    issue_id: str,
    texts: Sequence[tuple[str, datetime]],
    ai_contacts_on_issue: int = 0,
) -> TicketIn:
    """The ticket as the helpdesk hands it to intake: the customer's opening turns and what the form knows."""
    return TicketIn(
        id=ticket_id,
        channel=channel,
        subject=subject,
        created_at=created_at,
        customer=CustomerIn(
            id=customer.id,
            email=customer.email,
            name=customer.name,
            vip=customer.vip,
            ai_opt_in=customer.ai_opt_in,
        ),
        order_id=order_id,
        issue_id=issue_id,
        ai_contacts_on_issue=ai_contacts_on_issue,
        messages=[MessageIn(role="customer", text=text, at=at) for text, at in texts],
    )


def store_facts(customers: Sequence[Customer], orders: Sequence[Order]) -> StoreFacts:
    """What the store knows about every customer and order (earlier AI contacts come per ticket)."""
    return StoreFacts(
        customers={c.id: (c.vip, c.ai_opt_in) for c in customers},
        order_values={o.id: Decimal(o.total) for o in orders},
    )


@dataclass
class Intake:
    """The product's triage and decision, bound to a router, a policy and what the store knows."""

    router: Router
    policy: Policy = field(default_factory=Policy)
    facts: StoreFacts = field(default_factory=StoreFacts)

    def analyze(self, tickets: Sequence[TicketIn]) -> list[Analysis]:
        """The analysis of every ticket, a router pass per batch."""
        from phasegate.triage.analysis import analyze_many

        out: list[Analysis] = []
        for i in range(0, len(tickets), BATCH):
            out.extend(analyze_many(tickets[i : i + BATCH], router=self.router, policy=self.policy))
        return out

    def decide(self, ticket: TicketIn, analysis: Analysis, phases: Mapping[str, int]) -> Decision:
        """`decide()` on the ticket's analysis, with the workspace's phases of that week."""
        context = context_for(ticket, analysis, facts=self.facts, phases=phases)
        return decide(analysis, context, self.policy)


@cache
def bundled_router() -> Router:
    """The bundled router, loaded once per process (loading it takes seconds; every world uses it)."""
    from phasegate.rollout.routing import default_router

    return default_router()


def default_intake(customers: Sequence[Customer], orders: Sequence[Order]) -> Intake:
    """The intake a fresh workspace has: the bundled router and the default policy."""
    return Intake(router=bundled_router(), policy=Policy(), facts=store_facts(customers, orders))
