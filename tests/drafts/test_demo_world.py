"""Done-when checks on a small demo world: every open `draft` ticket shows a draft, and the drafts the
product writes for the world's phase-2 tickets state no fact missing from their sources.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from phasegate.drafts import flows
from phasegate.drafts.composer import BuiltinProvider
from phasegate.drafts.models import Draft
from phasegate.knowledge import index
from phasegate.rollout import service as rollout
from phasegate.rollout.models import Decision
from phasegate.tickets.models import Ticket
from phasegate.world import persist
from phasegate.world.generate import generate
from phasegate.world.records import World

#: Seed 11 at a twentieth of the demo's size: about a hundred phase-2 drafts in its history (as many as the
#: product's intake routed `draft`), two open `draft` tickets.
SMALL = {"seed": 11, "scale": 0.05}


@pytest.fixture(scope="module")
def world() -> World:
    """The small demo world, generated once for this module."""
    return generate(**SMALL)  # type: ignore[arg-type]


def _build(sessions: sessionmaker[Session], world: World, home: Path) -> None:
    with sessions() as s, s.begin():
        persist.persist(world, s)
        rollout.ensure_policy(s, actor="test")
    persist.write_files(world, home)
    with sessions() as s:
        index.rebuild(s, home)


@pytest.mark.slow
def test_every_open_draft_ticket_shows_a_draft(
    sessions: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    """After the drafter runs on the demo world, every open ticket routed `draft` has a safe unsent draft."""
    _build(sessions, world, tmp_path)
    outcomes = flows.draft_open(sessions, home=tmp_path, provider=BuiltinProvider())
    with sessions() as s:
        routed = set(
            s.scalars(
                select(Decision.ticket_id)
                .join(Ticket, Ticket.id == Decision.ticket_id)
                .where(Ticket.status != "resolved", Decision.route == "draft")
            )
        )
        assert len(routed) == 2
        for ticket_id in routed:
            view = flows.for_console(s, ticket_id=ticket_id, home=tmp_path, provider=None)
            assert view is not None and view.safe and view.prefill == view.draft.ai_text
    created = {o.ticket_id for o in outcomes if o.created}
    assert routed <= created and all(o.safe for o in outcomes if o.created)


@pytest.mark.slow
def test_product_drafts_of_every_phase_two_ticket_are_grounded(
    sessions: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    """Drafting each of the world's phase-2 tickets anew: the claim checker finds 0 unsupported facts."""
    with sessions() as s:
        if s.get_bind().dialect.name != "sqlite":
            pytest.skip("pure claim checks over the same drafts; the database part runs in the test above")
    _build(sessions, world, tmp_path)
    with sessions() as s:
        ticket_ids = sorted(set(s.scalars(select(Draft.ticket_id))))
        assert len(ticket_ids) == sum(1 for t in world.tickets if t.draft is not None) > 50
        provider = BuiltinProvider()
        outcomes = [
            flows.draft_ticket(s, ticket_id=t, home=tmp_path, provider=provider, force=True)
            for t in ticket_ids
        ]
        drafts = [s.get(Draft, o.draft_id) for o in outcomes]
        unsupported = [
            (d.ticket_id, d.guardrails["flagged"]) for d in drafts if d and d.guardrails["unsupported"]
        ]
        assert unsupported == []
        assert all(d is not None and d.safe for d in drafts)
        checked = sum(d.guardrails["claims"] for d in drafts if d)
        assert checked > 2 * len(drafts)  # the drafts do state facts: order ids, dates, terms, tracking
        s.rollback()
