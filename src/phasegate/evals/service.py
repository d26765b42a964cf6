"""Building and reading the eval set: resolved tickets with a human reply and a grade, sampled per category.

Until the CX team grades reference replies by hand, a ticket's CSAT stands in as the grade of its human
reply (grader "csat"); only replies the customer rated at least `min_grade` become references.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, selectinload

from phasegate.evals.models import EvalItem
from phasegate.tickets.models import Message, Ticket

#: Segments of `tickets.handled_by` whose reply a person wrote.
HUMAN_REPLIED = ("human", "ai_assisted")


@dataclass(frozen=True)
class BuildReport:
    """Eval items added per category, and how many candidates there were."""

    added: dict[str, int]
    candidates: dict[str, int]


def build_eval_set(
    session: Session,
    *,
    per_category: int = 100,
    categories: Iterable[str] | None = None,
    min_grade: int = 4,
    seed: int = 0,
) -> BuildReport:
    """Add up to `per_category` eval items per category from resolved, human-replied, well-rated tickets.

    Tickets already in the eval set are skipped, so running it again tops the set up.
    """
    already = exists().where(EvalItem.ticket_id == Ticket.id)
    has_reply = exists().where(Message.ticket_id == Ticket.id, Message.role == "agent")
    query = select(Ticket.category, Ticket.id).where(
        Ticket.category.is_not(None),
        Ticket.resolved_at.is_not(None),
        Ticket.handled_by.in_(HUMAN_REPLIED),
        Ticket.csat >= min_grade,
        has_reply,
        ~already,
    )
    wanted = set(categories) if categories is not None else None
    by_category: dict[str, list[str]] = {}
    for category, tid in session.execute(query.order_by(Ticket.id)):
        if category is not None and (wanted is None or category in wanted):
            by_category.setdefault(category, []).append(tid)
    rng = random.Random(seed)
    added: dict[str, int] = {}
    for category, ids in sorted(by_category.items()):
        have = count(session, category=category)
        room = max(per_category - have, 0)
        chosen = sorted(rng.sample(ids, min(room, len(ids))))
        rows = session.scalars(
            select(Ticket).options(selectinload(Ticket.messages)).where(Ticket.id.in_(chosen))
        )
        n = 0
        for ticket in rows:
            item = _item(ticket)
            if item is not None:
                session.add(item)
                n += 1
        added[category] = n
    session.flush()
    return BuildReport(added=added, candidates={c: len(ids) for c, ids in by_category.items()})


def _item(ticket: Ticket) -> EvalItem | None:
    """The customer's opening words and the first agent reply after them, graded by the ticket's CSAT."""
    asked = []
    reply = None
    for m in ticket.messages:
        if m.role == "customer" and reply is None:
            asked.append(m.text)
        elif m.role == "agent":
            reply = m.text
            break
    if not asked or reply is None or ticket.category is None:
        return None
    return EvalItem(
        ticket_id=ticket.id,
        category=ticket.category,
        text="\n".join(asked),
        reference_reply=reply,
        grade=ticket.csat,
        grader="csat",
    )


def count(session: Session, *, category: str | None = None) -> int:
    """How many eval items there are (of one category)."""
    query = select(func.count(EvalItem.id))
    if category is not None:
        query = query.where(EvalItem.category == category)
    return int(session.scalar(query) or 0)


def counts_by_category(session: Session) -> dict[str, int]:
    """Eval items per category."""
    return {
        c: int(n)
        for c, n in session.execute(select(EvalItem.category, func.count()).group_by(EvalItem.category))
    }


def graded_count(session: Session, *, category: str) -> int:
    """How many graded eval items the category has."""
    query = select(func.count(EvalItem.id)).where(EvalItem.category == category, EvalItem.grade.is_not(None))
    return int(session.scalar(query) or 0)


def labelled_texts(session: Session) -> list[tuple[str, str]]:
    """Every eval item as (true category, text)."""
    return [(str(c), str(t)) for c, t in session.execute(select(EvalItem.category, EvalItem.text))]
