"""Playbooks as data: conditions on flags, confidence with unknowns, rationale filling, workspace override."""

from __future__ import annotations

from pathlib import Path

import pytest

from phasegate.assist import playbooks
from phasegate.assist.schemas import Flag


def _flags(**values: dict[str, object]) -> list[Flag]:
    return [Flag(code=code, label=code, value=value, text="") for code, value in values.items()]


def test_in_window_not_final_sale_suggests_the_return_label_first() -> None:
    """Window open and no final sale: 'send return label' leads, with days left in its rationale."""
    book = playbooks.load()
    flags = _flags(
        return_window={"open": True, "days_left": 12, "days_since": 18, "window_days": 30},
        final_sale={"final_sale": False, "items": []},
        warranty={"active": True, "months_left": 20},
    )
    paths, ruled_out = playbooks.suggest(book, "return_request", flags, category_confidence=0.9)
    assert paths[0].id == "send_return_label" and paths[0].confidence == pytest.approx(0.81)
    assert "12 days left" in paths[0].rationale
    assert {r.id for r in ruled_out} == {"offer_warranty", "explain_window_closed", "explain_final_sale"}


def test_a_closed_window_rules_out_the_label_and_says_why() -> None:
    """Window closed: the label path is ruled out naming the flag; the warranty path applies."""
    flags = _flags(
        return_window={"open": False, "days_since": 31, "window_days": 30},
        final_sale={"final_sale": False, "items": []},
        warranty={"active": True, "months_left": 20},
    )
    paths, ruled_out = playbooks.suggest(playbooks.load(), "return_request", flags)
    assert [p.id for p in paths] == ["offer_warranty", "explain_window_closed"]
    assert "return_window.open is False" in next(r.reason for r in ruled_out if r.id == "send_return_label")
    assert "31 days" in paths[1].rationale


def test_unknown_conditions_halve_confidence_and_are_named() -> None:
    """Without an order there is no return-window flag: paths stay but are less certain and say why."""
    paths, _ = playbooks.suggest(playbooks.load(), "return_request", [])
    label = next(p for p in paths if p.id == "send_return_label")
    assert label.confidence == pytest.approx(0.9 * 0.25)
    assert label.unknown == ["return_window.open", "final_sale.final_sale"] and "not known" in label.rationale


def test_operators_compare_values() -> None:
    """gte/lt/contains/not/in evaluate against flag values."""
    assert playbooks._holds(5, {"gte": 5}) and not playbooks._holds(4, {"gte": 5})
    assert playbooks._holds(["vip"], {"contains": "vip"}) and playbooks._holds("a", {"in": ["a", "b"]})
    assert playbooks._holds(True, {"not": False}) and not playbooks._holds("x", {"lt": 3})


def test_a_workspace_file_replaces_a_category_and_keeps_the_rest(tmp_path: Path) -> None:
    """The brand's playbooks.yaml overrides return_request only; other categories stay packaged."""
    (tmp_path / "playbooks.yaml").write_text(
        "categories:\n"
        "  return_request:\n"
        "    - id: store_credit\n"
        "      title: Offer store credit\n"
        "      when: {return_window.days_left: {gte: 0}}\n"
        "      confidence: 0.7\n"
        "      rationale: 'brand prefers credit'\n"
    )
    book = playbooks.load(tmp_path)
    assert [p.id for p in book.categories["return_request"]] == ["store_credit"]
    assert "order_status" in book.categories and "return_window" in book.flag_articles
    paths, _ = playbooks.suggest(book, "return_request", _flags(return_window={"days_left": 3}))
    assert [p.id for p in paths] == ["store_credit"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("categories: [1, 2]", "categories"),
        ("categories:\n  x:\n    - {id: a, title: A, confidence: 2}\n", "confidence"),
        ("categories:\n  x:\n    - {id: a, title: A, confidence: 0.5, when: {open: true}}\n", "flag.field"),
        ("categories:\n  x:\n    - {id: a, title: A, confidence: 0.5, when: {a.b: {near: 1}}}\n", "operator"),
        ("nonsense: true", "nonsense"),
    ],
)
def test_a_broken_playbook_is_refused_naming_the_place(tmp_path: Path, text: str, message: str) -> None:
    """Bad structure, ranges, condition keys or operators raise PlaybookError with where and why."""
    (tmp_path / "playbooks.yaml").write_text(text)
    with pytest.raises(playbooks.PlaybookError, match=message):
        playbooks.load(tmp_path)


def test_every_packaged_category_is_a_known_category() -> None:
    """The shipped playbooks cover the default taxonomy and nothing else."""
    from phasegate.taxonomy import CATEGORIES

    assert set(playbooks.load().categories) == set(CATEGORIES)
