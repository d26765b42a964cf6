"""Shared fixtures for the triage tests: a small hand-written labelled set and a router trained on it once."""

from __future__ import annotations

from pathlib import Path

import pytest

from phasegate.policy.schema import Policy
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.router import Router, train_router
from phasegate.triage.training import SEED_TICKETS, read_examples


def labelled() -> tuple[list[str], list[str]]:
    """The shipped seed tickets as parallel text and label lists."""
    ex = read_examples(SEED_TICKETS)
    return ex.texts, ex.labels


def ticket(*texts: str, roles: tuple[str, ...] | None = None, **fields: object) -> TicketIn:
    """A ticket whose messages are `texts` (customer turns unless `roles` says otherwise)."""
    roles = roles or ("customer",) * len(texts)
    messages = [{"role": r, "text": t} for r, t in zip(roles, texts, strict=True)]
    return TicketIn.model_validate({"id": "T-1", "messages": messages, **fields})


@pytest.fixture(scope="session")
def small_router() -> Router:
    """A router trained once on the seed tickets (fast: under two hundred texts)."""
    texts, labels = labelled()
    return train_router(texts, labels, seed=0)


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The seed's default policy."""
    return Policy()


@pytest.fixture()
def tmp_router_dir(tmp_path: Path) -> Path:
    """A fresh folder for a saved router."""
    return tmp_path / "router"
