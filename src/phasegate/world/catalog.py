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
NOUNS: dict[str, tuple[str, ...]] = {
    "rain_jacket": ("rain jacket", "rain shell", "jacket", "raincoat", "shell"),
    "insulated_jacket": ("down jacket", "puffer", "jacket", "puffy", "coat"),
    "fleece": ("fleece", "hoodie", "fleece jacket", "pullover"),
    "softshell": ("softshell", "jacket"),
    "base_layer": ("base layer", "merino top", "thermal", "base layer top"),
    "shirt": ("shirt", "top", "tee"),
    "pants": ("pants", "hiking pants", "trousers"),
    "hat": ("hat", "beanie", "cap"),
    "gloves": ("gloves", "pair of gloves"),
    "socks": ("socks", "sock pack"),
    "boots": ("boots", "hiking boots", "shoes"),
    "trail_shoes": ("trail runners", "shoes", "sneakers", "runners"),
    "tent": ("tent", "backpacking tent"),
    "sleeping_bag": ("sleeping bag", "bag", "mummy bag"),
    "sleeping_pad": ("sleeping pad", "pad", "air mattress"),
    "backpack": ("backpack", "pack", "backpacking pack"),
    "daypack": ("daypack", "backpack", "pack", "day bag"),
    "duffel": ("duffel", "duffle bag", "bag"),
    "bottle": ("water bottle", "bottle", "flask"),
    "mug": ("mug", "camp mug", "cup"),
    "cookware": ("pot", "cook set", "cookware"),
    "stove": ("stove", "camp stove", "burner"),
    "headlamp": ("headlamp", "head torch", "light"),
    "lantern": ("lantern", "camp light"),
    "trekking_poles": ("trekking poles", "poles", "hiking poles"),
}

#: How the help center names each kind in its tables.
KIND_LABELS: dict[str, str] = {
    "rain_jacket": "Rain jackets",
    "insulated_jacket": "Down and synthetic insulated jackets",
    "fleece": "Fleece",
    "softshell": "Softshell jackets",
    "base_layer": "Base layers",
    "shirt": "Shirts and tees",
    "pants": "Pants",
    "hat": "Hats",
    "gloves": "Gloves",
    "socks": "Socks",
    "boots": "Hiking boots",
    "trail_shoes": "Trail shoes and camp shoes",
    "tent": "Tents",
    "sleeping_bag": "Sleeping bags",
    "sleeping_pad": "Sleeping pads",
    "backpack": "Backpacking packs",
    "daypack": "Daypacks",
    "duffel": "Duffels",
    "bottle": "Bottles",
    "mug": "Mugs",
    "cookware": "Cookware",
    "stove": "Stoves",
    "headlamp": "Headlamps",
    "lantern": "Lanterns",
    "trekking_poles": "Trekking poles",
}

LINES: dict[str, str] = {
    "rain_jacket": "apparel",
    "insulated_jacket": "apparel",
    "fleece": "apparel",
    "softshell": "apparel",
    "base_layer": "apparel",
    "shirt": "apparel",
    "pants": "apparel",
    "hat": "apparel",
    "gloves": "apparel",
    "socks": "apparel",
    "boots": "footwear",
    "trail_shoes": "footwear",
    "tent": "camp",
    "sleeping_bag": "camp",
    "sleeping_pad": "camp",
    "backpack": "packs",
    "daypack": "packs",
    "duffel": "packs",
    "bottle": "hydration",
    "mug": "hydration",
    "cookware": "cooking",
    "stove": "cooking",
    "headlamp": "lighting",
    "lantern": "lighting",
    "trekking_poles": "camp",
}

CARE: dict[str, str] = {
    "rain_jacket": "Machine wash warm with a technical wash, zips closed; no fabric softener or bleach. "
    "Tumble dry low for 20 minutes to reactivate the DWR finish.",
    "insulated_jacket": "Machine wash cold on gentle with a down-specific wash; tumble dry low with two or "
    "three clean tennis balls until completely dry (2-3 hours). Never dry clean.",
    "fleece": "Machine wash cold, inside out; tumble dry low. Skip fabric softener, it mats the grid.",
    "softshell": "Machine wash warm, zips closed; tumble dry low. No fabric softener.",
    "base_layer": "Machine wash cold on a wool or delicate cycle; lay flat to dry. No bleach, no softener, "
    "no tumble drying.",
    "shirt": "Machine wash cold with like colours; tumble dry low.",
    "pants": "Machine wash cold, zips closed; tumble dry low. Refresh the DWR with a spray-on treatment.",
    "hat": "Hand wash cold; lay flat to dry.",
    "gloves": "Hand wash in lukewarm water; air dry away from direct heat.",
    "socks": "Machine wash warm inside out; tumble dry low.",
    "boots": "Brush off dirt, rinse with clean water, air dry away from heaters. Re-treat leather with a "
    "water-based conditioner a few times a season.",
    "trail_shoes": "Rinse off mud, remove insoles, air dry. Do not machine wash or dry.",
    "tent": "Dry completely before storing; store loose, not in the stuff sack. Hand wash with a mild soap "
    "only; never machine wash.",
    "sleeping_bag": "Store loose in the storage sack, never compressed. Wash rarely, in a front-loader on "
    "gentle with a technical or down-specific wash; tumble dry low with tennis balls.",
    "sleeping_pad": "Wipe clean with mild soap; store unrolled with the valve open.",
    "backpack": "Hand wash with mild soap and a soft brush; air dry. Do not machine wash.",
    "daypack": "Hand wash with mild soap; air dry.",
    "duffel": "Wipe clean with a damp cloth; air dry.",
    "bottle": "Body is dishwasher safe; wash the lid on the top rack. Do not freeze or microwave.",
    "mug": "Hand wash only; the vacuum seal can fail in a dishwasher.",
    "cookware": "Hand wash; titanium and hard-anodised aluminium are fine with a non-abrasive scrubber.",
    "stove": "Let cool completely before packing; keep the burner head free of debris. Store without a "
    "canister attached.",
    "headlamp": "Wipe with a damp cloth; keep the USB-C port cover closed near water.",
    "lantern": "Wipe with a damp cloth; charge every three months in storage.",
    "trekking_poles": "Dry and separate the sections after wet use so the locks do not seize.",
}

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
