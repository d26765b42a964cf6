"""`decide()`: SPEC.md's route rule and the exact decision shape."""

from __future__ import annotations

import json

from phasegate.policy import decide
from tests.policy.factories import SPEC_POLICY, analysis, context, signal


def test_clean_ticket_in_phase_three_goes_autonomous() -> None:
    """A confident, allowlisted, phase-3 ticket with no trigger resolves autonomously."""
    d = decide(analysis(order_ids=("A-5521",)), context(), SPEC_POLICY)
    assert (d.route, d.escalate, d.triggers, d.phase) == ("autonomous", False, (), 3)


def test_routes_follow_the_phase_when_nothing_fires() -> None:
    """Phases 0/1/2 route human/assist/draft with no trigger."""
    routes = {p: decide(analysis(), context(phases={"order_status": p}), SPEC_POLICY).route for p in range(4)}
    assert routes == {0: "human", 1: "assist", 2: "draft", 3: "autonomous"}
    off = decide(analysis(), context(phases={"order_status": 0}), SPEC_POLICY)
    assert off.escalate is False


def test_any_trigger_routes_human_and_escalates() -> None:
    """Whatever the phase, a trigger sends the ticket to a human, flagged as an escalation."""
    lawyer = analysis("refund_request", signals=[signal("legal_threat", text="lawyer")])
    d = decide(lawyer, context(), SPEC_POLICY)
    assert (d.route, d.escalate, d.codes) == ("human", True, ("never_autonomous",))


def test_triggers_are_listed_in_spec_order() -> None:
    """Several triggers come out in SPEC.md's order of codes."""
    a = analysis(confidence=0.5, signals=[signal("frustration", 0.9)], out_of_scope=False)
    d = decide(a, context(vip=True, kill_switch=True, ai_contacts_on_issue=3), SPEC_POLICY)
    assert d.codes == ("low_confidence", "frustration", "vip", "repeated_ai_contact", "kill_switch")


def test_out_of_scope_has_null_category_and_phase_zero() -> None:
    """An out-of-scope ticket is reported with category null, phase 0, route human."""
    d = decide(analysis(None, 0.2, out_of_scope=True), context(), SPEC_POLICY)
    assert (d.category, d.phase, d.route, d.codes) == (None, 0, "human", ("out_of_scope",))


def test_workspace_phases_win_over_the_policy_file() -> None:
    """The workspace's phase state overrides the policy's `phases`; unknown categories fall back to it."""
    assert decide(analysis(), context(phases={"order_status": 2}), SPEC_POLICY).route == "draft"
    assert decide(analysis(), context(phases={"return_request": 2}), SPEC_POLICY).route == "autonomous"


def test_decision_json_is_exactly_the_spec_shape() -> None:
    """The JSON has SPEC.md's keys, triggers as code/detail objects, entities with the spec lists."""
    a = analysis(confidence=0.91234, amounts=[12.5], order_ids=("A-5521",), emails=("a@b.co",))
    d = decide(a, context(ticket_id="T-1001", vip=True), SPEC_POLICY)
    out = json.loads(json.dumps(d.as_json()))
    assert list(out) == [
        "ticket_id",
        "category",
        "confidence",
        "phase",
        "route",
        "escalate",
        "triggers",
        "entities",
    ]
    assert out["ticket_id"] == "T-1001" and out["confidence"] == 0.9123
    assert out["triggers"] == [{"code": "vip", "detail": "VIP customer who has not opted in to AI handling"}]
    assert out["entities"]["order_ids"] == ["A-5521"] and out["entities"]["emails"] == ["a@b.co"]
    assert out["entities"]["amounts"][0]["value"] == 12.5
