"""The catalog: products with the specs, care, sizes, warranty and final-sale flags customers ask about."""

from __future__ import annotations

import random
from decimal import Decimal

from phasegate.brand import BrandFacts
from phasegate.world.catalog import LINES, NOUNS, build_catalog


def test_sixty_plus_products_with_what_customers_ask_about() -> None:
    """60+ products, each with variants, a price, materials, specs, care and warranty terms."""
    products = build_catalog(BrandFacts(), random.Random(1))
    assert len(products) >= 60
    for p in products:
        assert p.variants and p.price > 0 and p.materials and p.specs and p.care and p.warranty_terms, p.name
        assert p.kind in NOUNS and p.kind in LINES
    kinds = {p.kind for p in products}
    assert {"rain_jacket", "tent", "boots", "base_layer", "backpack", "bottle", "headlamp", "stove"} <= kinds
    skus = [v.sku for p in products for v in p.variants]
    assert len(skus) == len(set(skus))


def test_apparel_and_footwear_have_size_charts() -> None:
    """Everything sold in sizes that need measuring (jackets, boots, packs) comes with a size chart."""
    for p in build_catalog(BrandFacts(), random.Random(1)):
        if p.line in ("apparel", "footwear") and len(p.variants) > len(
            {v.options["colour"] for v in p.variants}
        ):
            assert p.size_chart is not None or p.kind in ("hat", "trail_shoes"), p.name


def test_warranty_and_final_sale_follow_the_facts() -> None:
    """Warranty months come from the facts per kind; final-sale items are discounted at least the facts' %."""
    facts = BrandFacts()
    products = build_catalog(facts, random.Random(1))
    for p in products:
        assert p.warranty_months == facts.warranty_for(p.kind)
        assert f"({p.warranty_months} months)" in p.warranty_terms
    final = [p for p in products if p.final_sale]
    assert 3 <= len(final) < len(products) // 4
    for p in final:
        compare_at = Decimal(p.extra["compare_at_price"])
        assert (compare_at - p.price) / compare_at * 100 >= facts.final_sale_min_discount_pct, p.name
        assert p.extra["section"] == facts.final_sale_section
