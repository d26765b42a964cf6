"""A small store (two customers, their orders) and an engine on the bundled router, for the engine tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from phasegate.conversations.flows.engine import Chat, Engine
from phasegate.conversations.flows.run import default_policy
from phasegate.store import service as store
from phasegate.store.schemas import CustomerIn, OrderIn
from phasegate.tickets.schemas import CustomerIn as StatedCustomer
from tests.conftest import DATA

if TYPE_CHECKING:
    from phasegate.triage.router import Router

STORE = DATA / "conversations" / "store.json"
SAMPLE_AT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
ANA = StatedCustomer(id="C-1", email="ana@example.com", name="Ana Ruiz")
BEN = StatedCustomer(id="C-2", email="ben@example.com", name="Ben Okafor")


@pytest.fixture(scope="session")
def router() -> Router:
    """The bundled router (what `phasegate converse` uses with no workspace)."""
    from phasegate.rollout.routing import default_router

    return default_router()


@pytest.fixture
def convo_engine(router: Router) -> Engine:
    """The engine with the default conversation policy (the allowlist in phase 3)."""
    return Engine(router=router, policy=default_policy())


@pytest.fixture
def seeded(db: Session) -> Session:
    """The test's session with the fixture store loaded."""
    data = json.loads(STORE.read_text(encoding="utf-8"))
    store.upsert_customers(db, [CustomerIn.model_validate(c) for c in data["customers"]])
    store.upsert_orders(db, [OrderIn.model_validate(o) for o in data["orders"]])
    return db


NewChat = Callable[..., Chat]


@pytest.fixture
def new_chat(convo_engine: Engine, seeded: Session) -> NewChat:
    """Start a conversation on the seeded store: `new_chat("R-1", customer=ANA)`."""

    def make(conversation_id: str, *, customer: StatedCustomer | None = None, **kw: object) -> Chat:
        return convo_engine.chat(
            seeded, conversation_id=conversation_id, customer=customer, now=SAMPLE_AT, **kw
        )  # type: ignore[arg-type]

    return make
