"""triage.shapes: the marker entry switching a shape rule on is looked up in the policy's list as it is."""

from __future__ import annotations

from phasegate.policy.schema import Policy
from phasegate.triage import shapes


def test_the_marker_lookup_follows_the_list() -> None:
    """A marker found once is found again; taken out of the same list, or written in another case, the
    answer follows (the remembered set is the list's own, rebuilt when it changes)."""
    policy = Policy.model_validate({"keywords": {"regulated_topic": ["refund"]}})
    listed = policy.keywords["regulated_topic"]
    assert shapes.switched_on(policy, "regulated_topic", "child safety")
    assert shapes.switched_on(policy, "regulated_topic", "child safety")
    listed.remove("child safety")
    assert not shapes.switched_on(policy, "regulated_topic", "child safety")
    listed.append("  Child Safety ")
    assert shapes.switched_on(policy, "regulated_topic", "child safety")
    off = Policy.model_validate({"keywords": {"regulated_topic": []}})
    assert not shapes.switched_on(off, "regulated_topic", "child safety")
