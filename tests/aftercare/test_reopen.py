"""Durable resolution: a customer back on the same issue within the window undoes the AI resolution."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.aftercare import reopen
from phasegate.metrics.models import Resolution
from phasegate.metrics.service import MetricParams, is_durable
from phasegate.policy import Policy
from phasegate.policy.schema import Aftercare
from phasegate.tickets.models import Ticket
from tests.aftercare.factories import at, resolved_ticket


def test_message_within_the_window_marks_the_resolution_reopened(db: Session) -> None:
    """A customer message 3 days after an AI resolution: reopened, the ticket open, no longer durable."""
    resolved_ticket(db, "T-1", resolved=at(0))
    assert is_durable(db, params=MetricParams(), ticket_id="T-1")
    outcome = reopen.customer_returned(db, ticket_id="T-1", at=at(3))
    assert outcome is not None and outcome.ai and not outcome.durable
    assert db.scalars(select(Resolution.reopened)).one() is True
    assert db.get(Ticket, "T-1").status == "open"  # type: ignore[union-attr]
    assert not is_durable(db, params=MetricParams(), ticket_id="T-1")


def test_message_after_the_window_leaves_the_resolution_durable(db: Session) -> None:
    """Back after 7 days (the default window): the ticket reopens but the resolution had held."""
    resolved_ticket(db, "T-1", resolved=at(0))
    outcome = reopen.customer_returned(db, ticket_id="T-1", at=at(0) + timedelta(days=7, seconds=1))
    assert outcome is not None and outcome.durable
    assert db.scalars(select(Resolution.reopened)).one() is False
    assert is_durable(db, params=MetricParams(), ticket_id="T-1")


def test_the_window_is_the_policys(db: Session) -> None:
    """`aftercare.reopen_days` sets the window: 2 days makes a return on day 3 a durable resolution."""
    resolved_ticket(db, "T-1", resolved=at(0))
    policy = Policy(aftercare=Aftercare(reopen_days=2))
    outcome = reopen.customer_returned(db, ticket_id="T-1", at=at(3), policy=policy)
    assert outcome is not None and outcome.durable


def test_unresolved_ticket_has_nothing_to_reopen(db: Session) -> None:
    """A message on a ticket that was never resolved changes nothing."""
    ticket = resolved_ticket(db, "T-1", with_row=False)
    ticket.resolved_at = None
    assert reopen.customer_returned(db, ticket_id="T-1", at=at(1)) is None


def test_imported_resolution_label_gets_a_reopened_row(db: Session) -> None:
    """A ticket resolved only by its imported resolved_at label gets a reopened resolutions row."""
    resolved_ticket(db, "T-1", resolved=at(0), with_row=False)
    outcome = reopen.customer_returned(db, ticket_id="T-1", at=at(1))
    assert outcome is not None and outcome.resolved_by == "ai"
    row = db.scalars(select(Resolution)).one()
    assert row.reopened and row.resolved_at == at(0)
    assert not is_durable(db, params=MetricParams(), ticket_id="T-1")


def test_new_ticket_on_the_issue_undoes_earlier_resolutions_within_the_window(db: Session) -> None:
    """A new ticket on ISS-1 two days later marks T-1 reopened; T-0, resolved 20 days before, held."""
    resolved_ticket(db, "T-0", created=at(0), resolved=at(0), issue_id="ISS-1")
    resolved_ticket(db, "T-1", created=at(18), resolved=at(18), issue_id="ISS-1")
    resolved_ticket(db, "T-X", created=at(18), resolved=at(18), issue_id="ISS-2")
    new = Ticket(id="T-2", created_at=at(20), issue_id="ISS-1", category="order_status")
    db.add(new)
    db.flush()
    found = {o.ticket_id: o.durable for o in reopen.new_ticket_on_issue(db, ticket_id="T-2")}
    assert found == {"T-0": True, "T-1": False}
    reopened = {r.ticket_id: r.reopened for r in db.scalars(select(Resolution))}
    assert reopened == {"T-0": False, "T-1": True, "T-X": False}
