"""The small world shared by the world tests (the full one, `full_world`, is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from phasegate.world.generate import generate
from phasegate.world.records import World

SMALL = {"seed": 3, "scale": 0.05}


@pytest.fixture(scope="session")
def small_world() -> World:
    """A twentieth of the demo world: every kind of record, generated in well under a second."""
    return generate(**SMALL)
