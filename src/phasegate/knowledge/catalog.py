"""Catalog questions ("is it waterproof", "does it run small", "dishwasher safe", "how warm") answered from
the product's structured attributes first, with the help-center passage that speaks to them.

Pure: products come in as `ProductView` values; the database row converts with `ProductView.of`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from phasegate.knowledge.retrieval import Passage, Retriever
from phasegate.knowledge.text import terms


@dataclass(frozen=True)
class Attribute:
    """A kind of catalog question: the phrases that ask it and where products store the answer."""

    name: str
    cues: tuple[str, ...]
    spec_keys: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    query: str = ""


#: What customers ask about products, in the order they are checked. `spec_keys` are matched exactly first,
#: then as a prefix of a product's own spec keys (`waterproof` finds `waterproof_rating`).
ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute(
        "waterproof",
        ("waterproof", "water proof", "water resistant", "water-resistant", "keep me dry", "in the rain"),
        ("waterproof_mm", "waterproof", "waterproof_rating", "water_resistance", "hydrostatic_head"),
        query="waterproof rain",
    ),
    Attribute(
        "fit",
        (
            "run small",
            "runs small",
            "run large",
            "runs large",
            "run big",
            "runs big",
            "true to size",
            "size up",
            "size down",
            "fit",
            "fits",
            "sizing",
            "which size",
            "what size",
        ),
        ("fit", "fit_note", "sizing"),
        ("size_chart",),
        query="size fit runs small large",
    ),
    Attribute(
        "dishwasher_safe",
        ("dishwasher",),
        ("dishwasher_safe", "dishwasher"),
        query="dishwasher safe hand wash",
    ),
    Attribute(
        "warmth",
        (
            "how warm",
            "warm enough",
            "warmth",
            "keep me warm",
            "cold weather",
            "temperature",
            "degrees",
            "freezing",
            "winter",
        ),
        (
            "temperature_rating_c",
            "temperature_rating",
            "temp_rating_c",
            "temp_rating",
            "comfort_rating_c",
            "fill_power",
            "insulation",
            "warmth",
        ),
        query="warm insulation temperature",
    ),
    Attribute(
        "keeps_temperature",
        ("keep cold", "keeps cold", "stay cold", "keep hot", "keeps hot", "stay hot", "keep drinks"),
        ("keeps_cold_hours", "keeps_hot_hours", "insulated"),
    ),
    Attribute("weight", ("weigh", "weight", "how heavy", "how light"), ("weight_g", "weight_kg", "weight")),
    Attribute(
        "capacity",
        ("capacity", "how big", "how much does it hold", "litre", "liter", "volume", "how many ml"),
        ("capacity_l", "capacity_ml", "capacity", "volume_l", "volume"),
    ),
    Attribute(
        "materials",
        ("made of", "made from", "material", "fabric", "what is it made"),
        ("material", "fabric", "shell", "lining"),
        ("materials",),
    ),
    Attribute(
        "care",
        ("wash", "washing", "machine wash", "dry clean", "tumble dry", "clean it", "dryer"),
        ("care",),
        ("care",),
        query="wash care",
    ),
    Attribute("warranty", ("warranty", "guarantee", "guaranteed"), (), ("warranty_months",)),
    Attribute("microwave_safe", ("microwave",), ("microwave_safe",), query="microwave"),
)


@dataclass(frozen=True)
class ProductView:
    """The facts of one product that catalog questions read."""

    id: str
    name: str
    kind: str | None = None
    description: str | None = None
    specs: dict[str, Any] = field(default_factory=dict)
    materials: tuple[str, ...] = ()
    care: str | None = None
    size_chart: dict[str, Any] | None = None
    warranty_months: int | None = None
    final_sale: bool = False

    @classmethod
    def of(cls, row: Any) -> ProductView:
        """From a `store.models.Product` row (or anything with the same attributes)."""
        return cls(
            id=row.id,
            name=row.name,
            kind=row.kind,
            description=row.description,
            specs=dict(row.specs or {}),
            materials=tuple(row.materials or ()),
            care=row.care,
            size_chart=row.size_chart,
            warranty_months=row.warranty_months,
            final_sale=bool(row.final_sale),
        )

    def field_value(self, name: str) -> Any:
        """A top-level field (`care`, `materials` ...), None when empty."""
        value = getattr(self, name, None)
        return value if value not in (None, (), {}, "") else None


@dataclass(frozen=True)
class CatalogFact:
    """One answer from the catalog: which product, which attribute, the value and where it is stored."""

    product_id: str
    product_name: str
    attribute: str
    field: str
    value: Any
    statement: str
    passage: Passage | None = None

    @property
    def source(self) -> str:
        """The data row and field the value came from."""
        return f"products[{self.product_id}].{self.field}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "product_id": self.product_id,
            "product": self.product_name,
            "attribute": self.attribute,
            "field": self.field,
            "value": self.value,
            "statement": self.statement,
            "source": self.source,
            "passage": self.passage.as_dict() if self.passage else None,
        }


def _has_cue(text: str, cue: str) -> bool:
    return re.search(rf"\b{re.escape(cue)}\b", text) is not None


def asked_attributes(question: str) -> list[Attribute]:
    """The attributes a question asks about, in table order."""
    text = " ".join(question.lower().split())
    return [a for a in ATTRIBUTES if any(_has_cue(text, cue) for cue in a.cues)]


def mentioned_products(
    question: str, products: Sequence[ProductView], *, min_share: float = 0.5, strict: bool = True
) -> list[ProductView]:
    """Products the text names, best first.

    A product is named when the words of its name found in the text single it out ("the Trailhead"), or
    cover at least `min_share` of its name's IDF weight with a word other products lack. With `strict`,
    words that are product kinds ("jacket", "mug") do not count on their own: "my jacket" is a mention
    only when nothing better (the ticket's order lines) says which jacket.
    """
    if not products:
        return []
    asked = set(terms(question))
    names = {p.id: set(terms(p.name)) for p in products}
    kinds = {t for p in products if p.kind for t in terms(p.kind)}
    df = Counter(t for ts in names.values() for t in ts)
    n = len(products)
    scored = []
    for p in products:
        words = names[p.id]
        present = words & asked
        if not present or (strict and present <= kinds):
            continue
        weights = {t: math.log(1 + n / df[t]) for t in words}
        share = sum(weights[t] for t in present) / sum(weights.values())
        unique = sum(1 for ts in names.values() if present <= ts) == 1
        rare_hit = any(df[t] < n for t in present) or n == 1
        if unique or (share >= min_share and rare_hit):
            scored.append((share + (1.0 if unique else 0.0), p))
    scored.sort(key=lambda sp: (-sp[0], sp[1].id))
    return [p for _, p in scored]


def _sharing_a_word(question: str, products: Sequence[ProductView], *, most: int = 3) -> list[ProductView]:
    """When a kind word ("the bottle") fits a few products and nothing says which, all of them, so the
    agent sees each one's answer; none when it fits more than `most`.
    """
    asked = set(terms(question))
    for word in sorted(asked):
        fitting = [p for p in products if word in set(terms(p.name))]
        if 1 < len(fitting) <= most:
            return fitting
    return []


def _spec_value(product: ProductView, attribute: Attribute) -> tuple[str, Any] | None:
    specs = product.specs
    for key in attribute.spec_keys:
        if key in specs and specs[key] is not None:
            return f"specs.{key}", specs[key]
    for key in attribute.spec_keys:
        for have in sorted(specs):
            if have.startswith(key) and specs[have] is not None:
                return f"specs.{have}", specs[have]
    for name in attribute.fields:
        value = product.field_value(name)
        if value is not None:
            return name, list(value) if isinstance(value, tuple) else value
    return None


def _render(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _label(field_name: str) -> str:
    name = field_name.removeprefix("specs.")
    unit = ""
    for suffix, shown in (
        ("_mm", " (mm)"),
        ("_g", " (g)"),
        ("_kg", " (kg)"),
        ("_ml", " (ml)"),
        ("_l", " (l)"),
        ("_c", " (°C)"),
        ("_hours", " (hours)"),
        ("_months", " (months)"),
    ):
        if name.endswith(suffix):
            name, unit = name.removesuffix(suffix), shown
            break
    return name.replace("_", " ") + unit


def answer(
    question: str,
    products: Sequence[ProductView],
    *,
    context_products: Iterable[str] = (),
    retriever: Retriever | None = None,
) -> list[CatalogFact]:
    """Structured answers to the catalog question in `question`, with a supporting passage when one exists.

    The product is the one the text names, else those of `context_products` (the ticket's order lines),
    else one a kind word alone singles out.
    Returns nothing when the text asks no catalog question or names no product.
    """
    attributes = asked_attributes(question)
    if not attributes:
        return []
    by_id = {p.id: p for p in products}
    targets = (
        mentioned_products(question, products)
        or [by_id[i] for i in dict.fromkeys(context_products) if i in by_id]
        or mentioned_products(question, products, strict=False)
        or _sharing_a_word(question, products)
    )
    facts: list[CatalogFact] = []
    for product in targets[:3]:
        for attribute in attributes:
            found = _spec_value(product, attribute)
            if found is None:
                continue
            field_name, value = found
            passage = None
            if retriever is not None and attribute.query:
                hits = retriever.search(f"{attribute.query} {product.kind or ''}", k=1)
                passage = hits[0] if hits and hits[0].support > 0 else None
            facts.append(
                CatalogFact(
                    product_id=product.id,
                    product_name=product.name,
                    attribute=attribute.name,
                    field=field_name,
                    value=value,
                    statement=f"{product.name}: {_label(field_name)} {_render(value)}",
                    passage=passage,
                )
            )
    return facts
