"""The reply box on a phase-2 ticket: drafted on first view, and an unsafe draft held back with its flags."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select

from phasegate.drafts.models import Draft
from phasegate.rollout.models import Decision
from phasegate.tickets.models import Message, Ticket
from tests.web.conftest import Live, sign_in
from tests.web.world import AGENT

UNSAFE = "Hi Ola,\n\nYour new address is saved. We will refund $90.00 today.\n\nBest,\nThe team"


@pytest.fixture
def phase_two_tickets(live: Live) -> Iterator[None]:
    """Two open phase-2 tickets routed `draft`, one with an unsafe draft, one with none; then removed."""
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with live.workspace.sessions() as s, s.begin():
        for tid, text in (("T-HELD", "Please update my address."), ("T-LAZY", "Can you change my address?")):
            s.add(
                Ticket(
                    id=tid,
                    subject="Address",
                    category="address_update",
                    status="open",
                    created_at=at,
                    customer={"id": f"C-{tid}", "name": "Ola Berg"},
                    messages=[Message(seq=0, role="customer", text=text, at=at)],
                )
            )
            s.add(
                Decision(
                    ticket_id=tid,
                    phase=2,
                    route="draft",
                    escalate=False,
                    category="address_update",
                    triggers=[],
                )
            )
        s.flush()  # the tickets exist before their draft references them
        flagged = {
            "index": 2,
            "text": "We will refund $90.00 today.",
            "flags": ["unsupported_amount", "unsupported_promise", "forbidden_amount"],
            "reasons": ["amount '$90.00' is not in the sources"],
        }
        s.add(
            Draft(
                ticket_id="T-HELD",
                ai_text=UNSAFE,
                safe=False,
                guardrails={"safe": False, "claims": 2, "unsupported": 2, "codes": [], "flagged": [flagged]},
            )
        )
    yield
    with live.workspace.sessions() as s, s.begin():
        s.execute(delete(Ticket).where(Ticket.id.in_(["T-HELD", "T-LAZY"])))


@pytest.mark.usefixtures("phase_two_tickets")
def test_unsafe_draft_shows_its_flags_and_is_not_prefilled_as_is(live: Live) -> None:
    """The flagged sentence is listed with its reason and left out of the reply box; the rest is prefilled."""
    page = sign_in(live, *AGENT).get("/tickets/T-HELD").text
    assert 'data-testid="draft-flagged"' in page and "We will refund $90.00 today." in page
    box = page.split('data-testid="reply-text">', 1)[1].split("</textarea>", 1)[0]
    assert "Your new address is saved." in box and "refund" not in box


@pytest.mark.usefixtures("phase_two_tickets")
def test_a_phase_two_ticket_without_a_draft_is_drafted_on_first_view(live: Live) -> None:
    """Opening T-LAZY writes its draft (built-in provider), stores it, and prefills the reply box."""
    page = sign_in(live, *AGENT).get("/tickets/T-LAZY").text
    box = page.split('data-testid="reply-text">', 1)[1].split("</textarea>", 1)[0]
    assert box.startswith("Hi Ola,")
    with live.workspace.sessions() as s:
        [draft] = s.scalars(select(Draft).where(Draft.ticket_id == "T-LAZY"))
        assert draft.provider == "builtin" and draft.safe is True and draft.ai_text.startswith(box[:20])
