"""Phase-3 tickets of the demo world are conversations with the product's engine: replaying each customer
turn through a fresh engine over the same store gives exactly the AI messages the world stored.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from phasegate.policy import Policy
from phasegate.world.chats import as_of, desk_for
from phasegate.world.intake import bundled_router
from phasegate.world.records import World
from tests.world.test_intake import _opening


def test_every_ai_message_is_what_the_engine_says(small_world: World) -> None:
    """Each AI turn of every AI-handled ticket equals the engine's reply to the customer turns before it."""
    chats = sorted(
        (t for t in small_world.tickets if t.handled_by in ("ai", "ai_escalated")), key=lambda t: t.created_at
    )
    assert chats
    customers = {c.id: c for c in small_world.customers}
    shell = dataclasses.replace(small_world, tickets=[], issues=[])
    with desk_for(shell, bundled_router(), Policy()) as desk:
        for t in chats:
            chat = desk.start(
                customers[t.customer_id],
                ticket_id=t.id,
                issue_id=t.issue_id,
                week=t.week,
                prior_ai=t.ai_contacts_on_issue,
                now=t.created_at,
            )
            for m in t.messages:
                if m.role == "customer":
                    chat.say(m.text, now=m.at)
            stored = [m.text for m in t.messages if m.role == "ai"]
            assert stored == [r.text for r in chat.replies][: len(stored)], t.id
            assert (t.handled_by == "ai_escalated") == chat.escalated, t.id


def test_the_engine_sees_orders_as_they_stood(small_world: World) -> None:
    """A snapshot holds no scan, return or refund after its moment, and no order placed later."""
    for order in small_world.orders[:200]:
        for ship in order.shipments:
            moment = (ship.shipped_at or order.placed_at) + timedelta(days=1)
            snap = as_of(order, moment)
            assert snap is not None
            assert all(e.at <= moment for s in snap.shipments for e in s.events)
            assert all(r.created_at <= moment for r in snap.returns + snap.refunds)
            assert all(s.delivered_at is None or s.delivered_at <= moment for s in snap.shipments)
        assert as_of(order, order.placed_at - timedelta(seconds=1)) is None


def test_every_draft_is_the_product_drafters(small_world: World) -> None:
    """Re-drafting each phase-2 ticket's opening with the product's drafter, in time order on a fresh
    store, gives exactly the draft text the world stored (and the agent's edit ratio is measured on it)."""
    from phasegate.tickets.reply import edit_ratio

    routed = [t for t in small_world.tickets if t.decision is not None and t.decision.route == "draft"]
    drafted = sorted(routed, key=lambda t: t.created_at)
    assert any(t.draft is not None for t in drafted)
    shell = dataclasses.replace(small_world, tickets=[], issues=[])
    with desk_for(shell, bundled_router(), Policy()) as desk:
        for t in drafted:
            text, _ = desk.draft(_opening(t), category=t.category, week=t.week)
            if t.draft is None:
                continue  # drafted after the world's last moment: never sent
            assert text == t.draft.ai_text, t.id
            assert t.draft.edit_ratio == edit_ratio(t.draft.ai_text, t.draft.sent_text)
