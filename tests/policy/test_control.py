"""The control group: a stable, salted, pure draw sending `control_share` of autonomous tickets to people."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phasegate.policy import Policy, PolicyError, decide, parse_policy
from phasegate.policy.control import apply_control, control_draw, in_control
from tests.policy.factories import analysis, context

IDS = [f"T-{n}" for n in range(20_000)]
SPEC_POLICY = Policy(phases={"order_status": 3}, allowlist=["order_status"])


@pytest.mark.parametrize("share", [0.05, 0.2, 0.5])
def test_share_in_control_matches_the_policy_over_many_ids(share: float) -> None:
    """Over 20,000 ids the control share is within 4 standard errors of control_share."""
    policy = Policy(control_share=share)
    got = sum(in_control(t, policy) for t in IDS) / len(IDS)
    tolerance = 4 * (share * (1 - share) / len(IDS)) ** 0.5
    assert abs(got - share) < tolerance


def test_zero_share_puts_no_ticket_in_control() -> None:
    """The default (0) sends nothing to the control group."""
    assert not any(in_control(t, Policy()) for t in IDS)


@settings(max_examples=200)
@given(ticket_id=st.text(min_size=1, max_size=40), share=st.floats(0.0, 0.5))
def test_assignment_is_stable_and_monotone_in_the_share(ticket_id: str, share: float) -> None:
    """Same id, same answer; a ticket in control at some share stays in control at any larger share."""
    policy = Policy(control_share=share)
    assert in_control(ticket_id, policy) == in_control(ticket_id, Policy(control_share=share))
    if in_control(ticket_id, policy):
        assert in_control(ticket_id, Policy(control_share=min(0.5, share + 0.1)))
    assert 0.0 <= control_draw(ticket_id, policy.control_salt) < 1.0


def test_salt_reshuffles_the_group() -> None:
    """A different salt draws a different (equally sized) group."""
    a, b = Policy(control_share=0.3), Policy(control_share=0.3, control_salt="2027")
    group_a = {t for t in IDS[:2000] if in_control(t, a)}
    group_b = {t for t in IDS[:2000] if in_control(t, b)}
    assert group_a != group_b and abs(len(group_a) - len(group_b)) < 120


def test_only_autonomous_decisions_join_the_control_group() -> None:
    """An autonomous decision in control becomes human, no trigger, control true; others are untouched."""
    share = SPEC_POLICY.model_copy(update={"control_share": 0.5})
    ids = [t for t in IDS[:200] if in_control(t, share)]
    raw = decide(analysis(), context(ticket_id=ids[0]), SPEC_POLICY)
    assert raw.route == "autonomous"
    moved = apply_control(raw, share)
    assert (moved.route, moved.escalate, moved.triggers, moved.control) == ("human", False, (), True)
    assert moved.as_json()["control"] is True and "control" not in raw.as_json()
    escalated = decide(analysis(), context(ticket_id=ids[0], vip=True), SPEC_POLICY)
    assert apply_control(escalated, share) == escalated
    out = next(t for t in IDS[:200] if not in_control(t, share))
    kept = decide(analysis(), context(ticket_id=out), SPEC_POLICY)
    assert apply_control(kept, share) == kept


@pytest.mark.parametrize("value", ["0.6", "-0.1", "half"])
def test_control_share_outside_zero_to_half_is_refused(value: str) -> None:
    """The policy refuses a control share outside 0-0.5, naming the field."""
    with pytest.raises(PolicyError, match="control_share"):
        parse_policy(f"control_share: {value}\n")
    assert parse_policy("control_share: 0.5\n").control_share == 0.5
