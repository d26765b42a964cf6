"""The whole brief from the database, as of each ticket: flags against the stored facts, account, paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from phasegate.assist import flows
from phasegate.assist.facts import SimpleFacts
from phasegate.assist.schemas import Brief, Flag
from phasegate.rollout.models import Decision

FACTS = SimpleFacts(warranty_months={"jacket": 24})


def _brief(db: Session, home: Path, ticket_id: str) -> Brief:
    return flows.build(db, ticket_id=ticket_id, home=home, policy_facts=FACTS, use_workspace_router=False)


def _flag(brief: Brief, code: str) -> Flag:
    return next(f for f in brief.flags if f.code == code)


def test_return_31_days_after_delivery_is_closed_and_cites_the_article(seeded: Session, home: Path) -> None:
    """T-31: window closed, the label path ruled out, the warranty path offered; the flag cites '30 days'."""
    brief = _brief(seeded, home, "T-31")
    window = _flag(brief, "return_window")
    assert window.value["open"] is False and window.value["days_since"] == 31
    assert window.source.article is not None and window.source.article.id == "returns"
    assert "30 days" in window.source.article.text
    assert "send_return_label" in {r.id for r in brief.ruled_out}
    assert brief.paths[0].id == "offer_warranty" and brief.paths[0].article is not None


def test_return_29_days_after_delivery_is_open_with_final_sale_noted(seeded: Session, home: Path) -> None:
    """T-29: window open, 1 day left; the tee on the order is final sale, so the label path is ruled out."""
    brief = _brief(seeded, home, "T-29")
    assert _flag(brief, "return_window").value["days_left"] == 1
    assert _flag(brief, "final_sale").value == {"final_sale": True, "items": ["Clearance Logo Tee"]}
    assert brief.paths[0].id == "explain_final_sale"


def test_address_change_on_an_unshipped_order(seeded: Session, home: Path) -> None:
    """T-ADDR: not shipped, so changing the address is possible and is the first path, citing an article."""
    brief = _brief(seeded, home, "T-ADDR")
    assert _flag(brief, "address_change").value["possible"] is True
    assert (
        brief.paths[0].id == "change_address"
        and "article 'Changing your shipping address'" in brief.paths[0].rationale
    )


def test_the_vip_flag_and_computed_triggers(seeded: Session, home: Path) -> None:
    """The stored customer is a VIP without opt-in: flagged, and decide() fires nothing beyond phase rules."""
    brief = _brief(seeded, home, "T-31")
    assert _flag(brief, "vip").value == {"vip": True, "ai_opt_in": False}
    escalation = _flag(brief, "escalation")
    assert escalation.source.data[0].field == "decide()"
    assert isinstance(escalation.value, list)


def test_triggers_come_from_the_decision_log_when_the_ticket_was_decided(seeded: Session, home: Path) -> None:
    """A logged decision's triggers and category are shown, citing the decision row."""
    row = Decision(
        ticket_id="T-29",
        category="refund_request",
        confidence=0.77,
        phase=1,
        route="human",
        escalate=True,
        triggers=[{"code": "amount_threshold", "detail": "$189 above $50"}],
    )
    seeded.add(row)
    seeded.flush()
    brief = _brief(seeded, home, "T-29")
    escalation = _flag(brief, "escalation")
    assert escalation.value == ["amount_threshold"] and escalation.status == "block"
    assert escalation.source.data[0].table == "decisions" and escalation.source.data[0].id == str(row.id)
    assert (brief.category, brief.category_confidence, brief.category_source) == (
        "refund_request",
        0.77,
        "decision",
    )


def test_refund_amount_at_stake_above_the_threshold(seeded: Session, home: Path) -> None:
    """T-REFUND asks for $189 of a $201 order: the order's value is at stake, above the $50 default limit."""
    brief = _brief(seeded, home, "T-REFUND")
    flag = _flag(brief, "refund_amount")
    assert flag.value["above"] is True and flag.value["amount"] == 201.0
    assert (flag.source.data[0].table, flag.source.data[0].id, flag.source.data[0].field) == (
        "orders",
        "A-29",
        "total",
    )
    assert "approve_refund" in [p.id for p in brief.paths]


def test_the_account_as_of_the_ticket(seeded: Session, home: Path) -> None:
    """Orders placed by the ticket (newest first, later hidden), open return and refund, LTV, contacts."""
    account = _brief(seeded, home, "T-31").account
    assert [o.id for o in account.orders] == ["A-NEW", "A-29", "A-31"]
    assert (
        account.orders[2].tracking[0].number == "1Z31" and account.orders[2].tracking[0].status == "delivered"
    )
    assert [r.id for r in account.open_returns] == ["RT-1"] and [r.id for r in account.open_refunds] == [
        "RF-1"
    ]
    assert str(account.lifetime_value) == "404.00"  # 189 + 201 + 24, minus the processed 10
    assert account.vip and account.known and account.prior_contacts.on_issue == ["T-EARLY"]


def test_an_earlier_ticket_sees_the_world_of_its_own_time(seeded: Session, home: Path) -> None:
    """T-EARLY was written 20 days ago, 11 days after delivery: its window is open with 19 days left."""
    brief = _brief(seeded, home, "T-EARLY")
    assert _flag(brief, "return_window").value["days_left"] == 19
    assert [o.id for o in brief.account.orders] == ["A-29", "A-31"]


def test_a_catalog_question_gets_the_structured_answer(seeded: Session, home: Path) -> None:
    """T-MUG: the mug's dishwasher_safe attribute is in the brief, and the ticket counts as a KB hit."""
    brief = _brief(seeded, home, "T-MUG")
    assert [(c["product_id"], c["value"]) for c in brief.catalog] == [("P-MUG", True)]
    assert brief.kb_hit and brief.articles[0]["article_id"] == "product-care"


def test_the_json_contract_has_what_the_issue_asks(seeded: Session, home: Path) -> None:
    """One object with summary, account, flags (code, value, source), articles and paths."""
    data: dict[str, Any] = _brief(seeded, home, "T-31").model_dump(mode="json")
    assert {"summary", "account", "flags", "articles", "paths"} <= set(data)
    assert all({"code", "value", "source"} <= set(f) for f in data["flags"])
    assert data["summary"]["wants"] and data["articles"][0]["heading"]


def test_an_unknown_ticket_raises(seeded: Session, home: Path) -> None:
    """No such ticket: TicketNotFound."""
    with pytest.raises(flows.TicketNotFound):
        _brief(seeded, home, "NOPE")


def test_brief_passages_that_answer_the_ask_come_first(tmp_path: Path) -> None:
    """On the demo help center, a login ask leads with the password or lockout article, never "Repairs"."""
    from phasegate.assist.flows import answering_passages
    from phasegate.assist.playbooks import load as load_playbooks
    from phasegate.knowledge.retrieval import Retriever
    from phasegate.world import persist
    from phasegate.world.generate import generate
    from tests.knowledge.conftest import helpcenter_chunks

    persist.write_files(generate(seed=3, scale=0.05), tmp_path)
    retriever = Retriever(helpcenter_chunks(tmp_path / "helpcenter"))
    book = load_playbooks(tmp_path)
    path = Path(__file__).parents[1] / "data" / "assist_topical_asks.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        found = answering_passages(retriever, case["ask"], category=case["category"], book=book)
        assert found[0].title in case["answers"], (case["ask"], [p.title for p in found])
        assert len({p.chunk.id for p in found}) == len(found) <= 5
