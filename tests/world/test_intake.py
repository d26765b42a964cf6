"""The demo world's intake decisions are the product's: a fresh analyze + decide over the same openings
gives the same decisions, none is a scripted `demo-history` one, and world code names no trigger or route.
"""

from __future__ import annotations

import ast
from pathlib import Path

from phasegate.policy import Policy, decide
from phasegate.policy.decision import TRIGGER_CODES
from phasegate.rollout.flows.triage import StoreFacts, context_for
from phasegate.rollout.routing import default_router
from phasegate.tickets.schemas import CustomerIn, MessageIn, TicketIn
from phasegate.triage.analysis import analyze_many
from phasegate.world.phrasing.signals import POOLS
from phasegate.world.records import Ticket, World
from phasegate.world.timeline import PHASE1_WEEK, phase_of

WORLD_SRC = Path(__file__).parents[2] / "src" / "phasegate" / "world"


def _opening(t: Ticket) -> TicketIn:
    """The ticket as intake saw it: the customer's turns before anyone answered."""
    first = []
    for m in t.messages:
        if m.role != "customer":
            break
        first.append(MessageIn(role="customer", text=m.text, at=m.at))
    c = t.customer
    return TicketIn(
        id=t.id,
        channel=t.channel,
        subject=t.subject,
        created_at=t.created_at,
        customer=CustomerIn(
            id=c["id"], email=c["email"], name=c["name"], vip=c["vip"], ai_opt_in=c["ai_opt_in"]
        ),
        order_id=t.order_id,
        issue_id=t.issue_id,
        ai_contacts_on_issue=t.ai_contacts_on_issue,
        messages=first,
    )


def test_stored_decisions_equal_a_fresh_triage_run(small_world: World) -> None:
    """Every AI-week ticket has a decision, and re-running the product's triage and decide() reproduces it."""
    ai_weeks = [t for t in small_world.tickets if t.week >= PHASE1_WEEK]
    assert ai_weeks and all(t.decision is not None for t in ai_weeks)
    assert all(t.decision is None for t in small_world.tickets if t.week < PHASE1_WEEK)
    policy = Policy()
    tickets = [_opening(t) for t in ai_weeks]
    analyses = analyze_many(tickets, router=default_router(), policy=policy)
    facts = StoreFacts(
        customers={c.id: (c.vip, c.ai_opt_in) for c in small_world.customers},
        order_values={o.id: o.total for o in small_world.orders},
    )
    categories = {t.category for t in ai_weeks}
    for t, ticket, analysis in zip(ai_weeks, tickets, analyses, strict=True):
        phases = {c: phase_of(c, t.week) for c in categories | {analysis.category or ""}}
        fresh = decide(analysis, context_for(ticket, analysis, facts=facts, phases=phases), policy)
        stored = t.decision
        assert stored is not None
        assert (stored.category, stored.confidence, stored.phase, stored.route) == (
            fresh.category,
            fresh.confidence,
            fresh.phase,
            fresh.route,
        ), t.id
        assert stored.triggers == [tr.as_dict() for tr in fresh.triggers], t.id
        assert stored.router_version == fresh.router_version != "demo-history"


def test_routes_follow_the_decisions(small_world: World) -> None:
    """Who handled a ticket follows the product's route: a person whenever the decision said `human`."""
    for t in small_world.tickets:
        route = t.decision.route if t.decision else "human"
        if route == "human":
            assert t.handled_by == "human", t.id
        elif route == "autonomous":
            assert t.handled_by in ("ai", "ai_escalated"), t.id
        else:
            assert t.handled_by == "ai_assisted", t.id


def _string_constants(tree: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_world_code_defines_no_triggers_or_routes() -> None:
    """No world module names a trigger code (other than a customer signal or attribute of the same name),
    builds a `{"code": ...}` trigger, or maps phases to routes: those are the product's."""
    signal_names = set(POOLS) | {"vip"}
    own_codes = set(TRIGGER_CODES) - signal_names
    for path in sorted(WORLD_SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        named = _string_constants(tree) & own_codes
        assert not named, f"{path.name} names trigger codes {sorted(named)}"
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                assert "code" not in keys, f"{path.name}:{node.lineno} builds a trigger"
                assert not (keys and all(isinstance(k, int) for k in keys)), (
                    f"{path.name}:{node.lineno} maps phases to something (a route table?)"
                )
