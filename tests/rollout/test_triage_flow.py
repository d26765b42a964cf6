"""Triage runs against a workspace: store facts in the context, live state, the audit log (both databases)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from phasegate.policy import Policy, parse_policy
from phasegate.rollout import service
from phasegate.rollout.flows.triage import TriageRun, context_for, store_facts
from phasegate.rollout.models import Decision as DecisionRow
from phasegate.store.models import Customer, Order
from phasegate.tickets.models import Message, Ticket
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.schemas import Analysis
from tests.policy.factories import analysis

SPEC_PHASES = (
    "phases: {order_status: 3, return_request: 3, refund_request: 3}\n"
    "allowlist: [order_status, return_request, refund_request]\n"
)


def fake_analyzer(category: str = "order_status", **kw: Any) -> Any:
    """Analyses every ticket as a confident `category` ask (no router needed)."""

    def run(tickets: Sequence[TicketIn], policy: Policy) -> list[Analysis]:
        return [analysis(category, **kw) for _ in tickets]

    return run


def ticket(tid: str, **fields: Any) -> TicketIn:
    """A one-message ticket."""
    return TicketIn.model_validate({"id": tid, "messages": [{"role": "customer", "text": "hi"}], **fields})


def test_store_customer_overrides_what_the_ticket_claims(db: Session) -> None:
    """The store's VIP flag counts even when the ticket omits it, and its opt-in is the truth."""
    db.add_all([Customer(id="V-1", vip=True, ai_opt_in=False), Customer(id="V-2", vip=True, ai_opt_in=True)])
    db.flush()
    tickets = [
        ticket("T-1", customer={"id": "V-1", "vip": False, "ai_opt_in": True}),
        ticket("T-2", customer={"id": "V-2"}),
        ticket("T-3", customer={"id": "NEW", "vip": True, "ai_opt_in": True}),
    ]
    a = analysis()
    facts = store_facts(db, tickets, [a] * 3)
    ctx = [context_for(t, a, facts=facts) for t in tickets]
    assert [(c.vip, c.ai_opt_in) for c in ctx] == [(True, False), (True, True), (True, True)]


def test_ai_contacts_count_earlier_ai_tickets_on_the_issue(db: Session) -> None:
    """Earlier AI-handled tickets on the same issue count; later ones, human ones and other issues do not."""
    at = datetime(2026, 3, 1, tzinfo=UTC)
    for tid, issue, handled, day in [
        ("H-1", "ISS-1", "ai", 1),
        ("H-2", "ISS-1", "ai_escalated", 2),
        ("H-3", "ISS-1", "human", 3),
        ("H-4", "ISS-1", "ai", 9),
        ("H-5", "ISS-2", "ai", 1),
    ]:
        db.add(
            Ticket(
                id=tid,
                issue_id=issue,
                handled_by=handled,
                created_at=at.replace(day=day),
                messages=[Message(seq=0, role="customer", text="x")],
            )
        )
    db.flush()
    new = ticket("NEW-1", issue_id="ISS-1", created_at="2026-03-05T00:00:00Z")
    facts = store_facts(db, [new], [analysis()])
    assert context_for(new, analysis(), facts=facts).ai_contacts_on_issue == 2
    claimed = ticket("NEW-2", issue_id="ISS-9", ai_contacts_on_issue=3)
    assert (
        context_for(claimed, analysis(), facts=store_facts(db, [claimed], [analysis()])).ai_contacts_on_issue
        == 3
    )


def test_order_value_comes_from_the_store(db: Session) -> None:
    """The order named on the ticket or in its text brings its total as the value at stake."""
    db.add_all([Order(id="A-1001", total=Decimal("320.00")), Order(id="A-1002", total=Decimal("15.00"))])
    db.flush()
    t = ticket("T-9", order_id="A-1002")
    a = analysis("refund_request", order_ids=("A-1001",))
    ctx = context_for(t, a, facts=store_facts(db, [t], [a]))
    assert ctx.order_value == Decimal("320.00")


def test_live_run_stores_decisions_with_the_policy_version(sessions: sessionmaker[Session]) -> None:
    """A live run decides under the policy in force and writes one audit row per ticket."""
    with sessions() as s, s.begin():
        version = service.apply_policy(s, SPEC_PHASES, author="lead").version
    run = TriageRun(analyzer=fake_analyzer(), sessions=sessions)
    decisions = run.decide_batch([ticket("L-1"), ticket("L-2")])
    assert [d.route for d in decisions] == ["autonomous", "autonomous"]
    with sessions() as s:
        rows = list(s.scalars(select(DecisionRow).order_by(DecisionRow.id)))
    assert [(r.ticket_id, r.policy_version, r.source) for r in rows] == [
        ("L-1", version, "triage"),
        ("L-2", version, "triage"),
    ]


def test_live_run_honours_workspace_phases_and_kill_switch(sessions: sessionmaker[Session]) -> None:
    """Phase state and a kill switch thrown in the workspace change the next batch's routes."""
    with sessions() as s, s.begin():
        service.apply_policy(s, SPEC_PHASES, author="lead")
    run = TriageRun(analyzer=fake_analyzer(), sessions=sessions)
    run.watch._ttl = 0  # type: ignore[union-attr]  # re-read every batch in this test
    assert run.decide_batch([ticket("K-1")])[0].route == "autonomous"
    with sessions() as s, s.begin():
        service.set_kill_switch(s, on=True, category="order_status", actor="lead", reason="outage")
    killed = run.decide_batch([ticket("K-2")])[0]
    assert (killed.route, killed.codes) == ("human", ("kill_switch",))
    with sessions() as s, s.begin():
        service.set_kill_switch(s, on=False, category="order_status", actor="lead", reason="over")
        service.change_phase(
            s, category="order_status", to_phase=2, actor="lead", kind="demote", reason="x", evidence=None
        )
    assert run.decide_batch([ticket("K-3")])[0].route == "draft"


def test_what_if_uses_the_file_and_stores_nothing(sessions: sessionmaker[Session]) -> None:
    """With a policy given, its phases and kill switch decide; no audit row is written."""
    with sessions() as s, s.begin():
        service.apply_policy(s, SPEC_PHASES, author="lead")
        service.set_kill_switch(s, on=True, actor="lead", reason="everything off")
    what_if = Policy.model_validate({"phases": {"order_status": 2}})
    run = TriageRun(analyzer=fake_analyzer(), policy=what_if, sessions=sessions)
    assert run.decide_batch([ticket("W-1")])[0].route == "draft"
    with sessions() as s:
        assert s.scalars(select(DecisionRow)).first() is None


def test_run_keeps_input_order_and_passes_errors_through(sessions: sessionmaker[Session]) -> None:
    """Errors and decisions come out in input order across batch boundaries."""
    from phasegate.ingest.report import RowError

    run = TriageRun(analyzer=fake_analyzer(), policy=Policy(), batch_size=2)
    items: list[tuple[int, TicketIn | list[RowError]]] = [
        (1, ticket("A")),
        (2, [RowError(2, "id", "Field required")]),
        (3, ticket("B")),
        (4, ticket("C")),
    ]
    out = list(run.run(items))
    assert [line for line, _ in out] == [1, 2, 3, 4]
    assert isinstance(out[1][1], list)
    assert [getattr(item, "ticket_id", None) for _, item in out] == ["A", None, "B", "C"]


def test_live_run_sends_the_control_share_to_people_and_records_it(sessions: sessionmaker[Session]) -> None:
    """With control_share 0.3 the control tickets are stored route human, control true, and stay so."""
    from phasegate.policy.control import in_control

    text = SPEC_PHASES + "control_share: 0.3\n"
    with sessions() as s, s.begin():
        service.apply_policy(s, text, author="lead")
    policy = parse_policy(text)
    tickets = [ticket(f"C-{n}") for n in range(200)]
    run = TriageRun(analyzer=fake_analyzer(), sessions=sessions)
    first = run.decide_batch(tickets)
    again = run.decide_batch(tickets)
    expected = {t.id for t in tickets if in_control(t.id, policy)}
    assert 30 < len(expected) < 90
    assert {d.ticket_id for d in first if d.control} == expected == {d.ticket_id for d in again if d.control}
    assert {d.route for d in first if d.control} == {"human"}
    assert {d.route for d in first if not d.control} == {"autonomous"}
    with sessions() as s:
        rows = list(s.scalars(select(DecisionRow)))
    assert len(rows) == 400
    assert {r.ticket_id for r in rows if r.control} == expected
    assert all(r.route == "human" and r.triggers == [] for r in rows if r.control)


def test_control_share_never_touches_escalated_or_drafted_tickets(sessions: sessionmaker[Session]) -> None:
    """A draft-phase category or a triggered ticket is not phase-3 eligible: never in control."""
    with sessions() as s, s.begin():
        service.apply_policy(s, SPEC_PHASES + "control_share: 0.5\n", author="lead")
        service.change_phase(
            s, category="order_status", to_phase=2, actor="l", kind="demote", reason="r", evidence=None
        )
    run = TriageRun(analyzer=fake_analyzer(), sessions=sessions)
    decisions = run.decide_batch([ticket(f"D-{n}") for n in range(60)])
    assert {d.route for d in decisions} == {"draft"} and not any(d.control for d in decisions)
