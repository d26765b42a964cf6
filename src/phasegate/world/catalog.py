"""The Tarn & Ridge catalog: products, variants, specs customers ask about, care, size charts, warranty.

Product definitions are hand-written; variants, SKUs and warranty terms are derived from them and from the
brand facts, so the catalog always agrees with the help center.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from phasegate.brand import BrandFacts
from phasegate.world.records import Product, Variant
from phasegate.world.tables import table

#: How customers name each kind of product when they do not use its name.
NOUNS: dict[str, tuple[str, ...]] = table("catalog", "NOUNS")

#: How the help center names each kind in its tables.
KIND_LABELS: dict[str, str] = table("catalog", "KIND_LABELS")

#: The product line of each kind (apparel, footwear, camp, ...).
LINES: dict[str, str] = table("catalog", "LINES")

#: Care instructions of each kind, as the product page states them.
CARE: dict[str, str] = table("catalog", "CARE")

#: The size chart customers are shown, per size system.
SIZE_CHARTS: dict[str, dict[str, Any]] = table("catalog", "SIZE_CHARTS", frozen=False)


@dataclass(frozen=True)
class _Def:
    name: str
    short: str
    kind: str
    price: str
    materials: tuple[str, ...]
    specs: dict[str, Any]
    colours: tuple[str, ...]
    sizes: tuple[str, ...] = ()
    chart: str | None = None
    description: str = ""
    final_sale: bool = False
    compare_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _def(row: dict[str, Any]) -> _Def:
    """One product definition from world/data/catalog.yaml (its lists of names become tuples)."""
    fields: dict[str, Any] = dict(row)
    for key in ("materials", "colours", "sizes"):
        if key in fields:
            fields[key] = tuple(fields[key])
    return _Def(**fields)


#: The hand-written product definitions, in catalog order (world/data/catalog.yaml).
DEFS: tuple[_Def, ...] = tuple(_def(row) for row in table("catalog", "DEFS", frozen=False))

KINDS: tuple[str, ...] = tuple(sorted({d.kind for d in DEFS}))


def _code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())[:4]


def warranty_terms(facts: BrandFacts, kind: str) -> str:
    """The warranty sentence for a kind of product, from the brand facts."""
    months = facts.warranty_for(kind)
    years = f"{months // 12}-year" if months % 12 == 0 else f"{months}-month"
    return (
        f"{years} warranty ({months} months) against defects in materials and workmanship from the date of "
        "delivery. Normal wear, accidents, misuse and unauthorised repairs are not covered."
    )


def build_catalog(facts: BrandFacts, rng: random.Random) -> list[Product]:
    """Every product with its variants; `rng` only decides which few variants are out of stock."""
    products: list[Product] = []
    for n, d in enumerate(DEFS, start=1):
        pid = f"P-{1000 + n}"
        base = f"{_code(d.short)}{n:02d}"
        variants = []
        for colour in d.colours:
            for size in d.sizes or ("One size",):
                vid = f"{pid}-{_code(colour)}-{size.replace(' ', '').replace('/', '')}"
                variants.append(
                    Variant(
                        id=vid,
                        product_id=pid,
                        sku=f"TR-{base}-{_code(colour)}-{size.replace(' ', '').replace('/', '')}",
                        options={"colour": colour, "size": size},
                        price=Decimal(d.price),
                        available=rng.random() > 0.06,
                    )
                )
        extra: dict[str, Any] = {"nouns": list(NOUNS[d.kind]), "colours": list(d.colours)}
        if d.final_sale:
            extra["section"] = facts.final_sale_section
        if d.compare_at:
            extra["compare_at_price"] = d.compare_at
        products.append(
            Product(
                id=pid,
                name=d.name,
                short=d.short,
                kind=d.kind,
                line=LINES[d.kind],
                description=d.description,
                price=Decimal(d.price),
                materials=list(d.materials),
                specs=dict(d.specs),
                care=CARE[d.kind],
                size_chart=SIZE_CHARTS[d.chart] if d.chart else None,
                warranty_months=facts.warranty_for(d.kind),
                warranty_terms=warranty_terms(facts, d.kind),
                final_sale=d.final_sale,
                variants=variants,
                extra=extra,
            )
        )
    return products
