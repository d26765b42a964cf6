"""The Phase type and its one name table: values, labels, routes and the int contract they keep."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from phasegate.policy.decide import route_for
from phasegate.policy.decision import AUTONOMY
from phasegate.policy.phases import PHASES, Phase, as_phase

SRC = Path(__file__).resolve().parents[2] / "src" / "phasegate"
#: Packages of the product that must speak of phases through Phase (the demo world is being moved to data).
PRODUCT = ("web", "metrics", "rollout", "policy", "assist", "drafts", "conversations", "intake", "tickets")


def test_values_are_the_spec_integers() -> None:
    """OFF..AUTONOMOUS are 0..3, in that order, and nothing else."""
    assert [int(p) for p in Phase] == [0, 1, 2, 3]
    assert [p.name for p in Phase] == ["OFF", "ASSIST", "SUGGEST", "AUTONOMOUS"]


def test_one_table_names_every_phase() -> None:
    """Each phase has exactly one row: its label and the route it gives a ticket no trigger stopped."""
    assert set(PHASES) == set(Phase)
    assert [p.label for p in Phase] == ["off", "assist", "suggest", "autonomous"]
    assert [p.route for p in Phase] == ["human", "assist", "draft", "autonomous"]


def test_autonomy_order_is_read_from_the_table() -> None:
    """The autonomy order of routes is the table's routes, least autonomous first."""
    assert tuple(PHASES[p].route for p in Phase) == AUTONOMY


def test_route_for_uses_the_phase_route() -> None:
    """With no trigger, route_for gives the phase's own route; a plain int works as well as a Phase."""
    for p in Phase:
        assert route_for(int(p), ()) == p.route


def test_stays_an_int_in_json_and_text() -> None:
    """A Phase serialises and prints as its bare number, so SPEC's `"phase": 3` does not change."""
    assert json.dumps({"phase": Phase.AUTONOMOUS}) == '{"phase": 3}'
    assert f"{Phase.SUGGEST}" == "2"
    assert str(Phase.OFF) == "0"
    assert Phase.ASSIST == 1 and Phase.SUGGEST > 1


def test_next_phase() -> None:
    """Promotion leads one phase up; the top phase has none."""
    assert [p.next for p in Phase] == [Phase.ASSIST, Phase.SUGGEST, Phase.AUTONOMOUS, None]


def test_as_phase_rejects_out_of_range() -> None:
    """An out-of-range integer is a ValueError that names the allowed values and the bad one."""
    assert as_phase(2) is Phase.SUGGEST
    with pytest.raises(ValueError, match=r"0, 1, 2 or 3, got 7"):
        as_phase(7)


def test_no_bare_phase_numbers_or_name_tables_in_the_product() -> None:
    """No product module compares a phase with a bare number or keeps its own phase-name table."""
    compare = re.compile(r"phase[_a-z]*\)?\s*(==|!=|>=|<=|<|>)\s*[0-3]\b")
    table = re.compile(r"\{0:\s*\"")
    offenders = []
    for package in PRODUCT:
        for path in sorted((SRC / package).rglob("*.py")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if compare.search(line) or table.search(line):
                    offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert offenders == []
