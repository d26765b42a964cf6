"""The generator: deterministic per seed, the sizes the demo promises, a history shaped like the rollout."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from phasegate.drafts.acceptance import ACCEPT_AT
from phasegate.taxonomy import CATEGORIES, DEFLECTABLE, HANDLED_BY
from phasegate.world.generate import generate
from phasegate.world.records import World
from phasegate.world.timeline import (
    PHASE1_WEEK,
    PHASE2_WEEK,
    PHASE3_CATEGORIES,
    PHASE3_WEEK,
    WEEKS,
    phase_of,
)
from tests.world.conftest import SMALL


def test_same_seed_same_world(small_world: World) -> None:
    """Generating twice with the same seed and scale gives equal worlds, record for record."""
    again = generate(**SMALL)
    assert again == small_world


def test_different_seed_different_world(small_world: World) -> None:
    """Another seed changes customers, orders and every ticket's wording."""
    other = generate(seed=SMALL["seed"] + 1, scale=SMALL["scale"])
    assert [c.name for c in other.customers] != [c.name for c in small_world.customers]
    assert [t.messages[0].text for t in other.tickets[:50]] != [
        t.messages[0].text for t in small_world.tickets[:50]
    ]
    assert [p.name for p in other.products] == [
        p.name for p in small_world.products
    ]  # the catalog is the brand's


@pytest.mark.slow
def test_full_world_meets_the_size_floors(full_world: World) -> None:
    """The demo world: 60+ products, 40+ articles, 2k+ customers, 6k+ orders, 12k+ tickets, 39 weeks."""
    c = full_world.counts()
    assert c["products"] >= 60 and c["articles"] >= 40
    assert c["customers"] >= 2000 and c["orders"] >= 6000 and c["tickets"] >= 12000
    assert c["weeks"] == WEEKS == len({t.week for t in full_world.tickets})
    vip = sum(cu.vip for cu in full_world.customers) / len(full_world.customers)
    assert 0.01 < vip < 0.035
    mix = Counter(t.category for t in full_world.tickets)
    assert mix.most_common(1)[0][0] == "order_status"


def test_labels_use_the_taxonomy(small_world: World) -> None:
    """Categories and handled_by values are exactly the taxonomy's names; roles are customer, agent or ai."""
    for t in small_world.tickets:
        assert t.category in CATEGORIES and t.handled_by in HANDLED_BY
        assert t.messages and t.messages[0].role == "customer"
        assert {m.role for m in t.messages} <= {"customer", "agent", "ai"}
        assert all(a.at <= b.at for a, b in zip(t.messages, t.messages[1:], strict=False))
        if t.extra.get("secondary_category"):
            assert t.extra["secondary_category"] in CATEGORIES and t.extra["secondary_category"] != t.category


def test_intake_reads_the_worlds_own_category_for_nearly_every_ticket(small_world: World) -> None:
    """The bundled router agrees with the world's label on at least 97% of decided tickets (0.990 measured
    2026-12-06): the rollout's shape follows the world's categories, not the router's slips."""
    decided = [t for t in small_world.tickets if t.decision is not None]
    assert sum(t.decision.category == t.category for t in decided) >= 0.97 * len(decided)


def test_the_rollout_shapes_who_handled_what(small_world: World) -> None:
    """Baseline weeks are human only; AI alone only in phase 3 (from week 34); drafts only in phase 2."""
    for t in small_world.tickets:
        if t.week < PHASE1_WEEK:
            assert t.handled_by == "human" and t.decision is None and t.phase == 0
        else:
            assert t.decision is not None and t.decision.source == "intake"
            # Intake decides under the phases in force that week, for the category the router read: the
            # world's own label but for a few (a message with two asks, one out of scope for shouting).
            decided = t.decision.category
            assert t.decision.phase == (phase_of(decided, t.week) if decided else 0)
            assert t.decision.route == "human" or not t.decision.triggers
        if t.handled_by in ("ai", "ai_escalated"):
            assert t.category in PHASE3_CATEGORIES and t.week >= PHASE3_WEEK
        if t.draft is not None:
            assert t.category in DEFLECTABLE and t.week >= PHASE2_WEEK and t.handled_by == "ai_assisted"
        if t.handled_by == "ai":
            assert t.handle_seconds == 0 and all(m.role != "agent" for m in t.messages)
    changes = {(c.category, c.from_phase, c.to_phase) for c in small_world.phase_changes}
    assert {(c, 0, 1) for c in CATEGORIES} <= changes
    assert {(c, 1, 2) for c in DEFLECTABLE} <= changes
    assert {(c, 2, 3) for c in PHASE3_CATEGORIES} <= changes
    assert small_world.current_phases["order_status"] == 3 and small_world.current_phases["complaint"] == 1


def test_tickets_refer_to_this_worlds_orders(small_world: World) -> None:
    """Order ids follow the brand pattern and belong to the ticket's customer; issues link repeat contacts."""
    orders = {o.id: o for o in small_world.orders}
    assert all(re.fullmatch(r"TR-1\d{5}", o) for o in orders)
    with_order = [t for t in small_world.tickets if t.order_id]
    assert len(with_order) > len(small_world.tickets) / 2
    for t in with_order:
        assert orders[t.order_id].customer_id == t.customer_id
    issues = {i.id for i in small_world.issues}
    assert all(t.issue_id in issues for t in small_world.tickets)


@pytest.mark.slow
def test_signals_and_second_asks_are_recorded_at_realistic_rates(full_world: World) -> None:
    """Each escalation signal is present but rare; about one ticket in ten carries a second request."""
    n = len(full_world.tickets)
    signals = Counter(s for t in full_world.tickets for s in t.extra["signals"])
    for name in ("frustration", "legal_threat", "review_threat", "product_harm", "third_party_claim",
                 "emotional_load", "repeat_contact", "vip"):  # fmt: skip
        assert 0.002 < signals[name] / n < 0.2, (name, signals[name] / n)
    secondary = sum(1 for t in full_world.tickets if t.extra.get("secondary_category")) / n
    assert 0.07 < secondary < 0.13
    csat = sum(1 for t in full_world.tickets if t.csat is not None) / n
    assert 0.2 < csat < 0.3
    # Customers come back after an AI contact on the same issue (the count the repeated_ai_contact guard
    # reads); a third AI contact is rarer still now that frustrated returners go to a person first (0 of
    # 13,387 on seed 7), so the guard itself is pinned by tests/conversations, not here.
    assert sum(t.ai_contacts_on_issue >= 1 for t in full_world.tickets) >= 10


def test_drafts_are_accepted_at_the_consoles_cut_off(small_world: World) -> None:
    """A generated draft is `accepted` exactly when the console would call it so (one cut-off, ACCEPT_AT)."""
    drafts = [t.draft for t in small_world.tickets if t.draft is not None]
    assert drafts
    assert any(ACCEPT_AT < d.edit_ratio < 0.3 for d in drafts), "no draft between the old and new cut-off"
    for d in drafts:
        assert d.accepted == (d.edit_ratio <= ACCEPT_AT), d.edit_ratio
