"""Reads of the assistant: what one ticket's brief depends on, in one round trip."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from phasegate.knowledge.models import Article, ArticleVersion
from phasegate.rollout.models import CategoryPhase, Decision, KillSwitch, PhaseChange, PolicyVersion
from phasegate.store.models import Customer, Order, Product, Refund, Return, ShipmentEvent
from phasegate.tickets.models import Message, Ticket


def inputs_version(session: Session, ticket_id: str) -> tuple[object, ...] | None:
    """A signature of what one ticket's brief reads from the database, in one round trip; None when the
    ticket is gone.

    It moves when the ticket, its messages or its decisions do, when another ticket of the same customer
    or issue arrives or is resolved, and when the policy, the phases, the kill switches, the help center or
    the store (row counts) change. Drafts, replies, CSAT and costs of other tickets leave it alone, so a
    cached brief outlives the writes a busy console makes all day. (The workspace's files are the caller's
    to add: see `phasegate.web.report_cache.home_files`.)
    """
    row = session.execute(
        select(
            Ticket.status,
            Ticket.resolved_at,
            Ticket.imported_at,
            Ticket.category,
            Ticket.customer_id,
            Ticket.order_id,
            Ticket.issue_id,
            Ticket.ai_contacts_on_issue,
        ).where(Ticket.id == ticket_id)
    ).one_or_none()
    if row is None:
        return None
    customer_id, issue_id = row.customer_id, row.issue_id
    related = [Ticket.customer_id == customer_id] if customer_id else []
    related += [Ticket.issue_id == issue_id] if issue_id else []
    scalars = [
        select(func.count(), func.max(Message.id)).where(Message.ticket_id == ticket_id),
        select(func.max(Decision.id)).where(Decision.ticket_id == ticket_id),
        select(func.max(PolicyVersion.id)),
        select(func.count(), func.max(PhaseChange.id)).select_from(PhaseChange),
        select(func.count(), func.max(CategoryPhase.since)).select_from(CategoryPhase),
        select(func.count(), func.max(KillSwitch.updated_at)).where(KillSwitch.on.is_(True)),
        select(func.count(), func.sum(Article.current_version)).select_from(Article),
        select(func.count()).select_from(ArticleVersion),
        select(func.count()).select_from(Customer),
        select(func.count()).select_from(Order),
        select(func.count()).select_from(ShipmentEvent),
        select(func.count()).select_from(Return),
        select(func.count()).select_from(Refund),
        select(func.count()).select_from(Product),
    ]
    if related:
        scalars.append(
            select(func.count(), func.count(Ticket.resolved_at), func.max(Ticket.imported_at)).where(
                or_(*related)
            )
        )
    columns = [
        sub.with_only_columns(column).scalar_subquery().label(f"v{i}_{j}")
        for i, sub in enumerate(scalars)
        for j, column in enumerate(sub.selected_columns)
    ]
    return (*row, *session.execute(select(*columns)).one())
