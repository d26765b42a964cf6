"""Draft-flow fixtures: the brief tests' store plus a non-VIP customer whose parcel is on its way."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from phasegate.rollout import service as rollout
from phasegate.store import service as store
from phasegate.store.schemas import CustomerIn, OrderIn
from phasegate.tickets import service as tickets
from phasegate.tickets.schemas import TicketIn
from tests.assist.conftest import AT, seed


def to_phase(db: Session, category: str, phase: int) -> None:
    """Move a category to `phase` as the CX lead would."""
    rollout.change_phase(
        db, category=category, to_phase=phase, actor="lead", kind="promote", reason="test", evidence=None
    )
    db.flush()


def add_ticket(db: Session, tid: str, text: str, category: str = "order_status") -> None:
    """An open ticket of Bo (not VIP) about order B-7."""
    tickets.upsert_many(
        db,
        [
            TicketIn.model_validate(
                {
                    "id": tid,
                    "created_at": AT,
                    "category": category,
                    "order_id": "B-7",
                    "customer": {"id": "C-2", "name": "Bo Lind", "email": "bo@example.com"},
                    "messages": [{"role": "customer", "text": text, "at": AT}],
                }
            )
        ],
    )
    db.flush()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty workspace folder."""
    return tmp_path / "ws"


@pytest.fixture
def shop(db: Session, home: Path) -> Session:
    """The brief tests' store, Bo's order B-7 in transit, order_status in phase 2, and ticket T-B7 open."""
    seed(db, home)
    store.upsert_customers(db, [CustomerIn(id="C-2", name="Bo Lind", email="bo@example.com")])
    store.upsert_orders(
        db,
        [
            OrderIn.model_validate(
                {
                    "id": "B-7",
                    "customer_id": "C-2",
                    "status": "shipped",
                    "placed_at": AT - timedelta(days=4),
                    "total": "64.00",
                    "items": [
                        {"product_id": "P-MUG", "name": "Basecamp Enamel Mug", "price": 32, "quantity": 2}
                    ],
                    "shipments": [
                        {
                            "carrier": "UPS",
                            "tracking_number": "1Z999AA10123456784",
                            "status": "in_transit",
                            "shipped_at": AT - timedelta(days=3),
                        }
                    ],
                }
            )
        ],
    )
    to_phase(db, "order_status", 2)
    add_ticket(db, "T-B7", "Hi, where is my order B-7? It hasn't arrived yet.")
    return db
