"""Catalog questions answered from structured product attributes, with the passage that speaks to them."""

from __future__ import annotations

import json

import pytest

from phasegate.knowledge.catalog import ProductView, answer, asked_attributes, mentioned_products
from phasegate.knowledge.retrieval import Retriever
from tests.knowledge.conftest import HELPCENTER


@pytest.fixture(scope="module")
def products() -> list[ProductView]:
    """The fixture catalog as product views."""
    rows = json.loads((HELPCENTER / "catalog.json").read_text())
    return [
        ProductView(
            id=r["id"],
            name=r["name"],
            kind=r.get("kind"),
            specs=r.get("specs", {}),
            care=r.get("care"),
            warranty_months=r.get("warranty_months"),
            final_sale=r.get("final_sale", False),
        )
        for r in rows
    ]


@pytest.mark.parametrize(
    ("question", "product", "attribute", "field", "value"),
    [
        ("is the Ridge boot waterproof?", "P-BOOT", "waterproof", "specs.waterproof", True),
        ("does the trailhead run small?", "P-JKT-TRAIL", "fit", "specs.fit", "runs small"),
        (
            "can the enamel mug go in the dishwasher",
            "P-MUG",
            "dishwasher_safe",
            "specs.dishwasher_safe",
            True,
        ),
        ("how warm is the Summit parka", "P-PARKA", "warmth", "specs.temperature_rating_c", -25),
        (
            "is the insulated bottle dishwasher safe",
            "P-BOTTLE",
            "dishwasher_safe",
            "specs.dishwasher_safe",
            False,
        ),
    ],
)
def test_catalog_questions_read_the_structured_attribute(
    products: list[ProductView],
    retriever: Retriever,
    question: str,
    product: str,
    attribute: str,
    field: str,
    value: object,
) -> None:
    """The named product's attribute answers the question, with its data source."""
    facts = answer(question, products, retriever=retriever)
    assert facts, question
    fact = facts[0]
    assert (fact.product_id, fact.attribute, fact.field, fact.value) == (product, attribute, field, value)
    assert fact.source == f"products[{product}].{field}"


def test_a_fact_comes_with_the_passage_that_speaks_to_it(
    products: list[ProductView], retriever: Retriever
) -> None:
    """A dishwasher question cites the care passage about drinkware."""
    fact = answer("can the enamel mug go in the dishwasher", products, retriever=retriever)[0]
    assert fact.passage is not None and fact.passage.article_id == "product-care"
    assert "dishwasher" in fact.passage.text


def test_an_unnamed_product_falls_back_to_the_order_lines(products: list[ProductView]) -> None:
    """'Does it run small' names no product, so the ticket's ordered product is used."""
    assert answer("does it run small?", products) == []
    facts = answer("does it run small?", products, context_products=["P-SALE-TEE"])
    assert [(f.product_id, f.value) for f in facts] == [("P-SALE-TEE", "runs large")]


def test_a_kind_word_alone_yields_to_the_order_lines(products: list[ProductView]) -> None:
    """'My jacket' is no strict mention; with a parka on the order the parka answers, else the one jacket."""
    assert mentioned_products("is my jacket waterproof", products) == []
    assert [p.id for p in mentioned_products("my trailhead jacket", products)] == ["P-JKT-TRAIL"]
    on_order = answer("is my jacket waterproof", products, context_products=["P-PARKA"])
    assert [(f.product_id, f.value) for f in on_order] == [("P-PARKA", False)]
    assert [f.product_id for f in answer("is my jacket waterproof", products)] == ["P-JKT-TRAIL"]


def test_questions_that_are_not_about_attributes_get_no_facts(products: list[ProductView]) -> None:
    """Where-is-my-order is no catalog question, even when it names a product."""
    assert asked_attributes("where is my Trailhead jacket order") == []
    assert answer("where is my Trailhead jacket order", products) == []


def test_a_missing_attribute_is_not_invented(products: list[ProductView]) -> None:
    """The mug has no fit; asking gives nothing rather than a guess."""
    assert answer("does the enamel mug run small", products) == []
