"""How customers ask about products, report damage, allege harm and claim warranty."""

from __future__ import annotations

from phasegate.world.tables import blocks, table

#: Which product kinds each product-question topic can be about.
TOPIC_KINDS: dict[str, tuple[str, ...]] = table("phrasing/products", "TOPIC_KINDS")

PRODUCT_QUESTION: dict[str, str] = blocks("phrasing/products", "PRODUCT_QUESTION")

DAMAGED_ITEM: dict[str, str] = blocks("phrasing/products", "DAMAGED_ITEM")

PRODUCT_HARM: dict[str, str] = blocks("phrasing/products", "PRODUCT_HARM")

WARRANTY_CLAIM: dict[str, str] = blocks("phrasing/products", "WARRANTY_CLAIM")
