"""Brand facts: the demo brand's defaults, validation, and the workspace's brand.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from phasegate.brand import BRAND_FILE, BrandFacts, dump_facts, load_facts, write_facts


def test_defaults_are_the_demo_brands_policy() -> None:
    """The defaults carry the demo brand's rules: 30-day returns, longer for members, cut-off at shipment."""
    f = BrandFacts()
    assert f.return_window_days == 30
    assert f.member_return_window_days > f.return_window_days
    assert f.address_change_cutoff == "before_shipment"
    assert f.warranty_for("backpack") > f.warranty_for("boots")
    assert f.method("standard").days_text == "3-7 business days"
    assert f.return_window_for(member=True) == f.member_return_window_days


def test_load_facts_without_a_file_gives_the_defaults(tmp_path: Path) -> None:
    """A workspace with no brand.yaml runs on the demo brand's facts."""
    assert load_facts(tmp_path) == BrandFacts()


def test_brand_yaml_round_trips_and_overrides(tmp_path: Path) -> None:
    """What write_facts writes, load_facts reads back; an edited value wins over the default."""
    facts = BrandFacts(return_window_days=45, member_return_window_days=90)
    path = write_facts(tmp_path, facts)
    assert path == tmp_path / BRAND_FILE
    assert load_facts(tmp_path) == facts
    assert "return_window_days: 45" in dump_facts(facts)


def test_unknown_and_inconsistent_facts_are_refused(tmp_path: Path) -> None:
    """A typo'd field or a member window shorter than the standard one is an error, not a silent default."""
    (tmp_path / BRAND_FILE).write_text("return_window_dayz: 10\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="return_window_dayz"):
        load_facts(tmp_path)
    with pytest.raises(ValidationError, match="member_return_window_days"):
        BrandFacts(return_window_days=60, member_return_window_days=30)
