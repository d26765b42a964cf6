"""The help center: enough articles on the topics a real one covers, written from the brand facts.

The articles are data files (world/data/helpcenter/*.md, ordered by index.yaml) with `{placeholders}` for
the facts; these tests pin that each one renders completely and that a broken file is a clear error.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import yaml

from phasegate.brand import BrandFacts
from phasegate.taxonomy import CATEGORIES
from phasegate.world.helpcenter import (
    _PLACEHOLDER,
    BY_CATEGORY,
    UNCOVERED_TERMS,
    _derived,
    _fill,
    _template,
    build_helpcenter,
    markdown_file,
    money,
    templates,
)

TOPICS = (
    "return-policy", "start-a-return", "member-return-extension", "final-sale-items", "worn-or-used-items",
    "return-exceptions", "exchanges", "refund-timing", "shipping-methods", "international-shipping",
    "tracking-your-order", "lost-parcels", "damaged-items", "warranty", "warranty-claim", "price-adjustments",
    "promo-codes", "reset-password", "account-locked", "change-shipping-address", "size-guide-apparel",
    "size-guide-footwear", "care-waterproof-shells", "care-down",
)  # fmt: skip


def _text(facts: BrandFacts) -> dict[str, str]:
    return {a.slug: " ".join(a.body.split()) for a in build_helpcenter(facts)}


def test_at_least_forty_articles_covering_the_usual_topics() -> None:
    """40+ distinct articles, every topic of the issue among them, each opening with its own title."""
    articles = build_helpcenter(BrandFacts())
    slugs = [a.slug for a in articles]
    assert len(articles) >= 40 and len(set(slugs)) == len(slugs)
    assert set(TOPICS) <= set(slugs)
    for a in articles:
        assert a.body.startswith(f"# {a.title}\n"), a.slug
        front = markdown_file(a).split("---\n")[1]
        assert yaml.safe_load(front)["slug"] == a.slug


def test_policy_numbers_in_the_articles_are_the_facts() -> None:
    """Return windows, fees, refund timing, warranty months and cut-offs read as the facts say."""
    f = BrandFacts()
    t = _text(f)
    assert f"within **{f.return_window_days} days of delivery**" in t["return-policy"]
    assert f"**{f.member_return_window_days} days from delivery**" in t["member-return-extension"]
    assert money(f, f.return_shipping_fee) in t["return-shipping"]
    assert f"within {f.refund_processing_business_days} business days" in t["refund-timing"]
    assert f"{f.refund_bank_days_min} to {f.refund_bank_days_max} business days" in t["refund-timing"]
    assert f"within **{f.price_adjustment_window_days} days of your purchase**" in t["price-adjustments"]
    assert money(f, f.free_shipping_threshold) in t["free-shipping"]
    assert "until your order ships" in t["change-shipping-address"]
    assert "until it ships" in t["cancel-an-order"]
    for m in f.shipping_methods:
        assert f"| {m.name} | {m.days_text} |" in t["shipping-methods"]
    for months in set(f.warranty_months.values()):
        assert f"({months} months)" in t["warranty"]
    assert f"{f.lockout_attempts} wrong passwords" in t["account-locked"]


def test_every_day_count_in_the_return_articles_is_a_fact() -> None:
    """No return or refund article states a number of days that is not one of the facts' windows."""
    f = BrandFacts()
    allowed = {
        f.return_window_days,
        f.member_return_window_days,
        f.refund_processing_business_days,
        f.refund_processing_business_days + 5,
        f.refund_bank_days_min,
        f.refund_bank_days_max,
        7,  # "ship it within 7 days" of getting the label
    }
    t = _text(f)
    slugs = ("return-policy", "start-a-return", "member-return-extension", "exchanges", "worn-or-used-items")
    slugs += ("return-exceptions", "refund-timing", "return-status", "international-returns")
    for slug in slugs:
        for n in re.findall(r"(\d+)(?:-day| days| business days)", t[slug]):
            assert int(n) in allowed, (slug, n)


def test_changing_a_fact_changes_the_articles() -> None:
    """Articles are rendered from the facts: a 45-day window shows as 45 days and never as 30."""
    f = BrandFacts(return_window_days=45, member_return_window_days=75, price_adjustment_window_days=21)
    t = _text(f)
    assert "**45 days of delivery**" in t["return-policy"]
    assert "30 days" not in t["return-policy"] and "30-day" not in " ".join(t.values())
    assert "75 days" in t["member-return-extension"]
    assert "21 days of your purchase" in t["price-adjustments"]


def test_the_deliberate_gaps_are_not_covered() -> None:
    """No article mentions gift cards, pre-orders or team orders: the KB-gap report has something to find."""
    for slug, text in _text(BrandFacts()).items():
        lowered = text.lower()
        for term in UNCOVERED_TERMS:
            assert term not in lowered, (slug, term)


def test_every_category_points_at_existing_articles() -> None:
    """The articles a phase-1 brief suggests per category all exist."""
    slugs = {a.slug for a in build_helpcenter(BrandFacts())}
    assert set(BY_CATEGORY) == set(CATEGORIES)
    for cat, refs in BY_CATEGORY.items():
        assert set(refs) <= slugs, cat


#: Facts unlike the defaults in every way an article reads them: other currency, flags flipped, other lists.
VARIED = BrandFacts(
    name="Fjell Co",
    website="fjell.example",
    currency="EUR",
    return_window_days=45,
    member_return_window_days=90,
    member_program="Fjell Friends",
    return_shipping_fee=Decimal("4.50"),
    final_sale_exchangeable=True,
    exchange_shipping_free=False,
    international_return_label=True,
    sealed_only_kinds=[],
    free_shipping_threshold=Decimal("100"),
    duties_prepaid_countries=["DE"],
    warranty_months={"jacket": 24, "boots": 18},
)
SECTIONS = (
    "Returns & exchanges", "Refunds", "Shipping & delivery", "Orders", "Warranty & repairs",
    "Payments & pricing", "Account", "Sizing & care", "About",
)  # fmt: skip


@pytest.mark.parametrize("facts", [BrandFacts(), VARIED], ids=["defaults", "varied"])
def test_every_article_renders_with_no_placeholder_left(facts: BrandFacts) -> None:
    """Every template's placeholders are filled, in title and body, for the defaults and for other facts."""
    articles = build_helpcenter(facts)
    assert [a.slug for a in articles] == [t.slug for t in templates()]
    for a in articles:
        assert _PLACEHOLDER.search(a.title) is None and _PLACEHOLDER.search(a.body) is None, a.slug
        assert "{" not in a.body and "}" not in a.body, a.slug


def test_articles_are_grouped_by_section_in_the_listed_order() -> None:
    """Sections are the help center's nine, each listed as one run of articles, in the usual order."""
    runs = [a.section for a in build_helpcenter(BrandFacts())]
    order = list(dict.fromkeys(runs))
    assert order == list(SECTIONS)
    assert runs == sorted(runs, key=order.index)


def test_member_programme_and_flags_reach_titles_and_phrases() -> None:
    """The programme name fills titles; the final-sale, exchange and label flags choose their sentence."""
    by_slug = {a.slug: a for a in build_helpcenter(VARIED)}
    assert by_slug["ridge-club"].title == "Fjell Friends"
    assert by_slug["member-return-extension"].title == "Fjell Friends: 90-day returns"
    assert "they can be exchanged but not returned" in by_slug["final-sale-items"].body
    assert "Exchange shipping is charged at our standard return fee" in by_slug["exchanges"].body
    assert "We provide a prepaid label." in by_slug["international-returns"].body
    assert "4.50 EUR return shipping fee" in by_slug["return-policy"].body
    assert "Sealed-only items (none)" in by_slug["return-exceptions"].body
    assert "- **Germany:** duties and taxes are included" in by_slug["international-shipping"].body


def test_a_placeholder_without_a_value_is_a_clear_error() -> None:
    """An unknown name, or a fact that is no plain value (a list, a flag), names article and placeholder."""
    f = BrandFacts()
    with pytest.raises(ValueError, match=r"'some-article': no value for placeholder \{refund_days\}"):
        _fill("within {refund_days} days", "some-article", f, _derived(f))
    with pytest.raises(ValueError, match=r"placeholder \{sealed_only_kinds\}"):
        _fill("{sealed_only_kinds}", "some-article", f, _derived(f))
    with pytest.raises(ValueError, match=r"placeholder \{final_sale_exchangeable\}"):
        _fill("{final_sale_exchangeable}", "some-article", f, _derived(f))


def test_a_malformed_article_file_is_a_clear_error() -> None:
    """No front matter, unknown keys or a slug that differs from the file name are refused with the path."""
    with pytest.raises(ValueError, match=r"helpcenter/a\.md: expected YAML front matter"):
        _template("a", "# A\n\nNo front matter.\n")
    with pytest.raises(ValueError, match="holds exactly"):
        _template("a", "---\nslug: a\ntitle: A\n---\n# A\n")
    with pytest.raises(ValueError, match="front matter says slug 'b'"):
        _template("a", "---\nslug: b\ntitle: A\nsection: About\ntags: []\n---\n# A\n")
