"""Draft on arrival: phase 2 tickets get a grounded draft; kill switch and phase changes stop new ones."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from phasegate.assist import flows as assist_flows
from phasegate.assist.schemas import Brief
from phasegate.config import Settings
from phasegate.drafts import flows, guardrails
from phasegate.drafts.acceptance import ACCEPT_AT
from phasegate.drafts.composer import BuiltinProvider
from phasegate.drafts.models import Draft
from phasegate.drafts.providers import from_settings
from phasegate.metrics.models import CostEntry
from phasegate.policy import Policy
from phasegate.rollout import service as rollout
from phasegate.rollout.flows.evidence import draft_stats
from phasegate.rollout.flows.triage import TriageRun
from phasegate.testing import FakeChatServer
from phasegate.tickets import reply
from phasegate.tickets.models import Ticket
from phasegate.tickets.schemas import TicketIn
from tests.drafts.conftest import add_ticket, to_phase
from tests.rollout.test_triage_flow import fake_analyzer

BUILTIN = BuiltinProvider()


def test_phase_two_ticket_gets_a_grounded_draft_in_the_brand_voice(shop: Session, home: Path) -> None:
    """The draft greets Bo, states B-7's carrier and tracking number, signs off, and passes the guardrails."""
    outcome = flows.draft_ticket(shop, ticket_id="T-B7", home=home, provider=BUILTIN)
    assert outcome.created and outcome.safe
    draft = shop.get(Draft, outcome.draft_id)
    assert draft is not None and draft.provider == "builtin" and draft.safe is True
    assert draft.ai_text.startswith("Hi Bo,") and draft.ai_text.endswith("The Tarn & Ridge team")
    assert "B-7" in draft.ai_text and "1Z999AA10123456784" in draft.ai_text
    assert draft.guardrails is not None and draft.guardrails["claims"] >= 2
    assert {k: draft.guardrails[k] for k in ("safe", "unsupported", "codes", "flagged")} == {
        "safe": True,
        "unsupported": 0,
        "codes": [],
        "flagged": [],
    }
    again = flows.draft_ticket(shop, ticket_id="T-B7", home=home, provider=BUILTIN)
    assert (again.created, again.reason) == (False, "exists")


def test_kill_switch_and_phase_change_stop_new_drafts_at_once(shop: Session, home: Path) -> None:
    """A category kill switch, the global one, and a demotion to phase 1 each stop the next draft."""
    rollout.set_kill_switch(shop, on=True, category="order_status", actor="lead", reason="incident")
    assert flows.draft_ticket(shop, ticket_id="T-B7", home=home, provider=BUILTIN).reason == "kill_switch"
    rollout.set_kill_switch(shop, on=False, category="order_status", actor="lead", reason="over")
    rollout.set_kill_switch(shop, on=True, actor="lead", reason="everything")
    assert flows.draft_ticket(shop, ticket_id="T-B7", home=home, provider=BUILTIN).reason == "kill_switch"
    rollout.set_kill_switch(shop, on=False, actor="lead", reason="over")
    to_phase(shop, "order_status", 1)
    assert flows.draft_ticket(shop, ticket_id="T-B7", home=home, provider=BUILTIN).reason == "phase_1"
    to_phase(shop, "order_status", 2)
    assert flows.draft_ticket(shop, ticket_id="T-B7", home=home, provider=BUILTIN).created
    assert flows.for_console(shop, ticket_id="T-B7", home=home, provider=None) is not None
    rollout.set_kill_switch(shop, on=True, category="order_status", actor="lead", reason="again")
    assert flows.for_console(shop, ticket_id="T-B7", home=home, provider=None) is None


def test_escalation_trigger_keeps_the_ticket_human(shop: Session, home: Path) -> None:
    """A phase-2 ticket on which a trigger fires (the customer names a lawyer) is not drafted."""
    add_ticket(shop, "T-LAW", "Where is B-7? My lawyer will hear about this.")
    assert flows.draft_ticket(shop, ticket_id="T-LAW", home=home, provider=BUILTIN).reason == "route_human"


def test_sending_a_draft_measures_the_edit_and_feeds_acceptance(shop: Session, home: Path) -> None:
    """The agent sends the draft lightly edited: the edit ratio is stored and the draft counts as accepted."""
    outcome = flows.draft_ticket(shop, ticket_id="T-B7", home=home, provider=BUILTIN)
    draft = shop.get(Draft, outcome.draft_id)
    assert draft is not None
    sent = reply.send(
        shop, ticket_id="T-B7", text=draft.ai_text + " Have a great day!", agent="ana", opened_at=None
    )
    assert sent.edit_ratio is not None and 0 < sent.edit_ratio < ACCEPT_AT
    assert draft.accepted is True and draft.sent_text is not None
    stats = draft_stats(shop, category="order_status", since=None)
    assert stats.drafts >= 1 and stats.accepted >= 1


def test_openai_provider_drafts_end_to_end_with_cost(shop: Session, home: Path) -> None:
    """PHASEGATE_LLM=openai against a local server: the draft is the model's, tokens and cost are stored."""
    with FakeChatServer() as server:
        settings = Settings(
            llm="openai",
            llm_base_url=server.base_url,
            llm_model="qwen2.5:7b",
            llm_input_cost=3,
            llm_output_cost=15,
        )
        outcome = flows.draft_ticket(shop, ticket_id="T-B7", home=home, provider=from_settings(settings))
    draft = shop.get(Draft, outcome.draft_id)
    assert draft is not None and (draft.provider, draft.model, draft.fallback) == (
        "openai",
        "fake-chat-1",
        None,
    )
    assert draft.input_tokens and draft.output_tokens and draft.cost and draft.safe
    [cost] = shop.scalars(select(CostEntry).where(CostEntry.ticket_id == "T-B7", CostEntry.kind == "model"))
    assert cost.amount == draft.cost.quantize(Decimal("0.0001"))  # cost_entries keep 4 decimals


def test_failing_model_falls_back_without_losing_the_ticket(shop: Session, home: Path) -> None:
    """A server that times out: the built-in drafts, the fallback is recorded, the ticket stays open."""
    with FakeChatServer(mode="timeout", delay=1.0) as server:
        settings = Settings(llm="openai", llm_base_url=server.base_url, llm_timeout=0.2, llm_retries=0)
        outcome = flows.draft_ticket(shop, ticket_id="T-B7", home=home, provider=from_settings(settings))
    draft = shop.get(Draft, outcome.draft_id)
    assert (
        draft is not None and draft.provider == "builtin" and draft.fallback and "timed out" in draft.fallback
    )
    assert draft.safe and shop.get(Ticket, "T-B7").status != "resolved"  # type: ignore[union-attr]
    assert not list(shop.scalars(select(CostEntry).where(CostEntry.kind == "model")))


def test_other_customers_contacts_never_reach_the_prompt(shop: Session, home: Path) -> None:
    """A ticket quoting someone else's e-mail and phone: the prompt carries the customer's own, not theirs."""
    add_ticket(
        shop, "T-PII", "B-7 went to my neighbour ana@example.com, +1 415 555 0199. Mine is bo@example.com."
    )
    with FakeChatServer() as server:
        provider = from_settings(Settings(llm="openai", llm_base_url=server.base_url))
        assert flows.draft_ticket(shop, ticket_id="T-PII", home=home, provider=provider).created
    sent = " ".join(m["content"] for m in server.requests[0]["messages"])
    assert "bo@example.com" in sent and "ana@example.com" not in sent and "555 0199" not in sent


def test_triage_drafts_the_tickets_it_routes_to_draft(sessions: sessionmaker[Session], home: Path) -> None:
    """A live triage run with the drafting hook: the stored ticket routed `draft` has a draft afterwards."""
    with sessions() as s, s.begin():
        rollout.ensure_policy(s)
        to_phase(s, "order_status", 2)
        add_ticket(s, "T-TRI", "Where is my order B-7?")
    run = TriageRun(
        analyzer=fake_analyzer(),
        sessions=sessions,
        on_stored=lambda ds: flows.draft_decided(sessions, ds, home=home, provider=BUILTIN),
    )
    missing = TicketIn.model_validate(
        {"id": "T-NOT-STORED", "messages": [{"role": "customer", "text": "hi"}]}
    )
    stored = TicketIn.model_validate(
        {"id": "T-TRI", "messages": [{"role": "customer", "text": "Where is B-7?"}]}
    )
    assert [d.route for d in run.decide_batch([stored, missing])] == ["draft", "draft"]
    with sessions() as s:
        assert [d.ticket_id for d in s.scalars(select(Draft))] == ["T-TRI"]


def test_unsafe_draft_is_not_prefilled_as_is() -> None:
    """The reply box leaves out flagged sentences and lists them with their reasons."""
    text = "Hi Bo,\n\nYour order B-7 is with UPS. We will refund $80.00 today.\n\nBest,\nThe team"
    report = guardrails.check_draft(text, guardrails.Sources(texts=["order B-7 with UPS"]), Policy())
    draft = Draft(ticket_id="T", ai_text=text, safe=report.safe, guardrails=report.as_dict())
    shown = flows.view(draft)
    assert not shown.safe and "refund" not in shown.prefill and "Your order B-7 is with UPS." in shown.prefill
    assert shown.flagged[0]["text"] == "We will refund $80.00 today."


def test_a_brief_handed_in_is_not_built_again(
    shop: Session, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console's first view passes its brief: the draft is written from it, with no second build;
    a brief of another ticket is not used."""
    brief = assist_flows.build(shop, ticket_id="T-B7", home=home)
    calls: list[str] = []
    real_build = assist_flows.build

    def counting(session: Session, *, ticket_id: str, home: Path) -> Brief:
        calls.append(ticket_id)
        return real_build(session, ticket_id=ticket_id, home=home)

    monkeypatch.setattr(assist_flows, "build", counting)
    view = flows.for_console(shop, ticket_id="T-B7", home=home, provider=BUILTIN, brief=brief)
    assert view is not None and "1Z999AA10123456784" in view.prefill
    assert calls == []
    shop.execute(delete(Draft))
    flows.draft_ticket(
        shop,
        ticket_id="T-B7",
        home=home,
        provider=BUILTIN,
        brief=brief.model_copy(update={"ticket_id": "T-OTHER"}),
    )
    assert calls == ["T-B7"]
