"""Worlds shared by the world tests: a small one for most checks, the full one for sizes and effects."""

from __future__ import annotations

import pytest

from phasegate.world.generate import generate
from phasegate.world.records import World

SMALL = {"seed": 3, "scale": 0.05}


@pytest.fixture(scope="session")
def small_world() -> World:
    """A twentieth of the demo world: every kind of record, generated in well under a second."""
    return generate(**SMALL)


@pytest.fixture(scope="session")
def full_world() -> World:
    """The demo world exactly as `phasegate demo` builds it (seed 7, scale 1)."""
    return generate()
