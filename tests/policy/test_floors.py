"""The safety floors: which policies go below them, and that a written reason is what waives them."""

from __future__ import annotations

import pytest

from phasegate.policy import Policy, dump_policy, floors, parse_policy
from tests.conftest import DATA

BELOW = (DATA / "policy" / "below_floors.yaml").read_text(encoding="utf-8")


def test_the_seed_defaults_are_above_every_floor() -> None:
    """The default policy breaks no floor."""
    assert floors.breaches(Policy()) == ()


def test_every_floor_is_named() -> None:
    """A file breaking every floor gets one breach per floor, each naming its field."""
    fields = [b.field for b in floors.breaches(parse_policy(BELOW))]
    assert fields == [
        "never_autonomous",
        "allowlist",
        "allowlist",
        "keywords.legal_threat",
        "keywords.review_threat",
        "keywords.product_harm",
        "thresholds.amount",
        "thresholds.refund_dispute_amount",
    ]


@pytest.mark.parametrize(
    ("yaml", "field"),
    [
        ("never_autonomous: []", "never_autonomous"),
        ("allowlist: [order_status, product_harm]\nnever_autonomous: [complaint]", "allowlist"),
        ("allowlist: [refund_dispute]\nnever_autonomous: [product_harm]", "allowlist"),
        ("keywords: {legal_threat: []}", "keywords.legal_threat"),
        ("keywords: {review_threat: ['  ']}", "keywords.review_threat"),
        ("keywords: {product_harm: null}", "keywords.product_harm"),
        ("thresholds: {amount: .inf}", "thresholds.amount"),
    ],
)
def test_each_floor_alone(yaml: str, field: str) -> None:
    """Each floor is checked on its own: one change, one breach naming that field."""
    assert [b.field for b in floors.breaches(parse_policy(yaml))] == [field]


def test_nan_amount_is_refused_at_parse_with_a_clear_reason() -> None:
    """A NaN amount never gets as far as the floors: the schema refuses it, saying NaN."""
    with pytest.raises(floors.PolicyError, match=r"thresholds\.amount: .*NaN"):
        parse_policy("thresholds: {amount: .nan}")


def test_check_refuses_without_a_reason_and_waives_with_one() -> None:
    """Below a floor, check raises naming the floors; a blank reason is no reason; a written one waives."""
    policy = parse_policy("never_autonomous: []")
    for reason in (None, "", "   "):
        with pytest.raises(floors.PolicyFloorError, match=r"never_autonomous.*--accept-risk"):
            floors.check(policy, accept_risk=reason)
    assert [b.field for b in floors.check(policy, accept_risk="pilot week")] == ["never_autonomous"]


def test_tightening_never_breaks_a_floor() -> None:
    """Adding words and categories, or lowering the amount, keeps a policy above the floors."""
    policy = parse_policy(
        "never_autonomous: [refund_dispute, product_harm, complaint, warranty_claim, billing_issue]\n"
        "thresholds: {amount: 0}\nkeywords: {legal_threat: [lawyer, court]}"
    )
    assert floors.breaches(policy) == ()


def test_a_risky_policy_round_trips_through_dump() -> None:
    """dump_policy of a policy below the floors parses back to the same policy (floors are not parsing)."""
    policy = parse_policy(BELOW)
    assert parse_policy(dump_policy(policy)) == policy
