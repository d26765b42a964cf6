"""Auth tests hash with cheap argon2 parameters: same algorithm; the work factor is not the point."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from phasegate.auth import service


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """argon2id at the lowest cost, so each hash takes a millisecond instead of a fifth of a second."""
    monkeypatch.setattr(service, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
