"""The Tarn & Ridge help center: Markdown articles rendered from the brand facts.

The articles are data: `world/data/helpcenter/<slug>.md` (YAML front matter, then the Markdown body), listed
in order by `index.yaml` there. Every number an article states as policy (days, months, fees, thresholds) is a
`{placeholder}` filled from `BrandFacts`, so changing `brand.yaml` changes the help center and the two cannot
disagree. A placeholder names a fact (`{return_window_days}`; money facts read as `$6.95`) or one of the
values `_derived` computes (tables, method names, phrases that depend on a flag). A few topics customers ask
about are deliberately left without an article (`UNCOVERED_TOPICS`): they are the gaps the KB-gap report
should find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from phasegate.brand import BrandFacts
from phasegate.world.catalog import KIND_LABELS, SIZE_CHARTS
from phasegate.world.records import Article

#: Topics customers write about that no article covers (the KB-gap feature should surface them).
UNCOVERED_TOPICS: dict[str, str] = {
    "gift_cards": "gift cards: buying, balances, codes that do not work, lost cards",
    "preorders": "pre-orders and backorders: when a not-yet-released or out-of-stock item ships",
    "team_orders": "bulk, team and club orders: quantity discounts, custom logos",
}
#: Words that would mean an article covers an uncovered topic.
UNCOVERED_TERMS: tuple[str, ...] = (
    "gift card",
    "giftcard",
    "e-gift",
    "pre-order",
    "preorder",
    "backorder",
    "back-order",
    "bulk order",
    "team order",
    "custom logo",
)


def money(facts: BrandFacts, amount: Decimal) -> str:
    """An amount as the help center writes it ($6.95; $75)."""
    text = f"{amount:.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return f"${text}" if facts.currency == "USD" else f"{text} {facts.currency}"


def _years(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years > 1 else ''}"
    return f"{months} months"


def _methods_table(f: BrandFacts) -> str:
    rows = ["| Method | Delivery time | Cost | Carriers |", "|---|---|---|---|"]
    for m in f.shipping_methods:
        cost = money(f, m.price)
        if m.code == "standard":
            cost += f" (free over {money(f, f.free_shipping_threshold)})"
        rows.append(f"| {m.name} | {m.days_text} | {cost} | {', '.join(m.carriers)} |")
    return "\n".join(rows)


def _warranty_table(f: BrandFacts) -> str:
    by_months: dict[int, list[str]] = {}
    for kind, months in f.warranty_months.items():
        by_months.setdefault(months, []).append(KIND_LABELS.get(kind, kind.replace("_", " ").capitalize()))
    rows = ["| Product | Warranty |", "|---|---|"]
    for months in sorted(by_months, reverse=True):
        rows.append(f"| {', '.join(by_months[months])} | {_years(months)} ({months} months) |")
    return "\n".join(rows)


def _chart_table(key: str) -> str:
    chart = SIZE_CHARTS[key]
    cols = [str(c).replace("_", " ") for c in chart["columns"]]
    rows = [f"| Size | {' | '.join(cols)} |", "|---" * (len(cols) + 1) + "|"]
    for size, values in chart["rows"].items():
        rows.append(f"| {size} | {' | '.join(str(v) for v in values)} |")
    return "\n".join(rows)


# --- The article templates --------------------------------------------------------------------------------

_FOLDER = "helpcenter"
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_FRONT_KEYS = {"slug", "title", "section", "tags"}
_SIZE_CHART = "size_chart_"


@dataclass(frozen=True)
class Template:
    """One article as stored: front matter and body, with `{placeholders}` still in title and body."""

    slug: str
    title: str
    section: str
    tags: tuple[str, ...]
    body: str


def _template(slug: str, text: str) -> Template:
    where = f"world/data/{_FOLDER}/{slug}.md"
    if not text.startswith("---\n") or "\n---\n" not in text:
        raise ValueError(f"{where}: expected YAML front matter between '---' lines, then the body")
    front, _, body = text[4:].partition("\n---\n")
    meta = yaml.safe_load(front)
    if not isinstance(meta, dict) or set(meta) != _FRONT_KEYS:
        raise ValueError(f"{where}: the front matter holds exactly {sorted(_FRONT_KEYS)}")
    if meta["slug"] != slug:
        raise ValueError(f"{where}: front matter says slug {meta['slug']!r}")
    return Template(slug, str(meta["title"]), str(meta["section"]), tuple(meta["tags"]), body)


@cache
def _index() -> dict[str, Any]:
    index = yaml.safe_load((files("phasegate.world") / "data" / _FOLDER / "index.yaml").read_text("utf-8"))
    if not isinstance(index, dict) or set(index) != {"articles", "by_category"}:
        raise ValueError(f"world/data/{_FOLDER}/index.yaml: expected the keys 'articles' and 'by_category'")
    return index


@cache
def templates() -> tuple[Template, ...]:
    """Every article template, in the order of `index.yaml`; read once per process."""
    folder = files("phasegate.world") / "data" / _FOLDER
    slugs = _index()["articles"]
    if not isinstance(slugs, list) or len(set(slugs)) != len(slugs):
        raise ValueError(f"world/data/{_FOLDER}/index.yaml: 'articles' must list each slug once")
    on_disk = {p.name[: -len(".md")] for p in folder.iterdir() if p.name.endswith(".md")}
    if on_disk != set(slugs):
        raise ValueError(
            f"world/data/{_FOLDER}: index.yaml and the .md files disagree "
            f"(unlisted: {sorted(on_disk - set(slugs))}, missing: {sorted(set(slugs) - on_disk)})"
        )
    return tuple(_template(s, (folder / f"{s}.md").read_text(encoding="utf-8")) for s in slugs)


#: Which articles answer each category (what a phase-1 brief would surface), from `index.yaml`.
BY_CATEGORY: dict[str, tuple[str, ...]] = {c: tuple(s) for c, s in _index()["by_category"].items()}


def _derived(f: BrandFacts) -> dict[str, str]:
    """The placeholder values that are not a single fact: tables, shipping-method details, flag phrases."""
    std = f.method("standard")
    intl = next((m for m in f.shipping_methods if m.international), None)
    if intl is None:
        raise ValueError("the help center needs an international shipping method in the brand facts")
    return {
        "shipping_methods_table": _methods_table(f),
        "warranty_table": _warranty_table(f),
        "standard_shipping": std.name,
        "standard_shipping_days": std.days_text,
        "international_shipping": intl.name,
        "international_shipping_days": intl.days_text,
        "international_shipping_price": money(f, intl.price),
        "international_carriers": ", ".join(intl.carriers),
        "countries_shipped_to": ", ".join(f.international_countries.values()),
        "duties_prepaid": ", ".join(f.international_countries[c] for c in f.duties_prepaid_countries),
        "sealed_only": ", ".join(f.sealed_only_kinds) or "none",
        "return_overdue_business_days": str(f.refund_processing_business_days + 5),
        "final_sale_rule": (
            "can be exchanged but not returned"
            if f.final_sale_exchangeable
            else "can't be returned or exchanged"
        ),
        "exchange_shipping": "free" if f.exchange_shipping_free else "charged at our standard return fee",
        "international_return_label_text": (
            "We provide a prepaid label."
            if f.international_return_label
            else "We can't provide a prepaid label from outside the US: please ship your return with a "
            "tracked service and keep the receipt."
        ),
    }


def _fill(text: str, slug: str, f: BrandFacts, derived: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in derived:
            return derived[name]
        if name.startswith(_SIZE_CHART) and name[len(_SIZE_CHART) :] in SIZE_CHARTS:
            return _chart_table(name[len(_SIZE_CHART) :])
        fact: Any = getattr(f, name) if name in BrandFacts.model_fields else None
        if isinstance(fact, Decimal):
            return money(f, fact)
        if isinstance(fact, (str, int)) and not isinstance(fact, bool):
            return str(fact)
        raise ValueError(f"help-center article {slug!r}: no value for placeholder {{{name}}}")

    return _PLACEHOLDER.sub(value, text)


def build_helpcenter(facts: BrandFacts) -> list[Article]:
    """Every article, rendered from `facts`."""
    derived = _derived(facts)
    return [
        Article(
            t.slug,
            _fill(t.title, t.slug, facts, derived),
            t.section,
            _fill(t.body, t.slug, facts, derived),
            list(t.tags),
        )
        for t in templates()
    ]


def markdown_file(article: Article) -> str:
    """The article as a file: YAML front matter, then the Markdown body (which opens with `# Title`)."""
    tags = ", ".join(article.tags)
    return (
        f"---\nslug: {article.slug}\ntitle: {_yaml_text(article.title)}\nsection: "
        f"{_yaml_text(article.section)}\n"
        f"tags: [{tags}]\n---\n{article.body}"
    )


def _yaml_text(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"' if any(c in text for c in ":&#'") else text
