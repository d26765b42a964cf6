"""Rollout test fixtures: a small real router, and an environment with or without a workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from phasegate.config import get_settings
from tests.conftest import DATA

ROLLOUT_DATA = DATA / "rollout"


@pytest.fixture(scope="session")
def router_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A router trained once on hand-written tickets: ours (tests/data/rollout/router_train.jsonl) plus the
    seed tickets the triage package ships, so the decision tests do not hinge on a 12-per-category model."""
    from phasegate.triage.router import train_router
    from phasegate.triage.training import SEED_TICKETS, read_examples

    ours, seed = read_examples(ROLLOUT_DATA / "router_train.jsonl"), read_examples(SEED_TICKETS)
    path = tmp_path_factory.mktemp("router") / "router"
    train_router(ours.texts + seed.texts, ours.labels + seed.labels, seed=0).save(path)
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """PHASEGATE_HOME pointing at a folder that does not exist yet (no workspace), SQLite by default."""
    path = tmp_path / "home"
    monkeypatch.setenv("PHASEGATE_HOME", str(path))
    monkeypatch.delenv("PHASEGATE_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()
