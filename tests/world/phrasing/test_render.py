"""The framing template language: blocks, alternatives, slots, product-kind annotations."""

from __future__ import annotations

import random

import pytest

from phasegate.world.phrasing.render import GROUPS, build_registry, expand, fill, parse_block, render


def test_blocks_split_on_dashes_and_join_lines() -> None:
    """`--` separates framings, line breaks inside one are spaces and `//` is a paragraph break."""
    block = """
first line
continues here
--
second // new paragraph
"""
    assert parse_block(block) == ["first line continues here", "second\n\nnew paragraph"]


def test_alternatives_and_slots_resolve() -> None:
    """`[a|b]` picks one alternative (empty allowed), `{slot}` fills from the context, spacing is tidied."""
    rng = random.Random(0)
    seen = {expand("x [a|b|] y", rng) for _ in range(60)}
    assert seen == {"x a y", "x b y", "x  y"}
    assert render("Order {order} [is|was] late .", {"order": "TR-1"}, random.Random(1)) in (
        "Order TR-1 is late.",
        "Order TR-1 was late.",
    )
    with pytest.raises(KeyError):
        fill("{missing}", {})


def test_kind_annotations_become_constraints() -> None:
    """`<tent,@feet,@sized>` names kinds (groups expanded) and product needs; the text loses the prefix."""
    [framing] = build_registry("damaged_item", {"defective": "<tent,@feet,@sized> The {noun} broke."})
    assert framing.text == "The {noun} broke."
    assert framing.kinds == ("tent", *GROUPS["feet"])
    assert framing.needs == frozenset({"sized"})
    assert framing.slots == frozenset({"noun"})
    assert framing.id == "damaged_item/defective/01"
