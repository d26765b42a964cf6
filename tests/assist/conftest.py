"""A small seeded store for the brief tests: help center, catalog, one customer's orders and tickets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from phasegate.knowledge import flows as kb_flows
from phasegate.store import service as store
from phasegate.store.schemas import CustomerIn, OrderIn
from phasegate.tickets import service as tickets
from phasegate.tickets.schemas import TicketIn
from tests.knowledge.conftest import HELPCENTER

AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _days(n: float) -> datetime:
    return AT - timedelta(days=n)


def _ticket(tid: str, category: str, text: str, **kw: Any) -> TicketIn:
    return TicketIn.model_validate(
        {
            "id": tid,
            "created_at": kw.pop("created_at", AT),
            "category": category,
            "customer": {"id": "C-1", "name": "Ana Reyes", "email": "ana@example.com"},
            "messages": [{"role": "customer", "text": text, "at": AT}, *kw.pop("more", [])],
            **kw,
        }
    )


def seed(db: Session, home: Path) -> None:
    """Ingest the fixture help center into `home` and store the customer, orders and tickets."""
    kb_flows.ingest(db, home, HELPCENTER)
    store.upsert_customers(db, [CustomerIn(id="C-1", name="Ana Reyes", email="ana@example.com", vip=True)])
    jacket = {"product_id": "P-JKT-TRAIL", "name": "Trailhead Rain Jacket", "price": Decimal("189.00")}
    store.upsert_orders(
        db,
        [
            OrderIn.model_validate(
                {
                    "id": "A-31",
                    "customer_id": "C-1",
                    "status": "delivered",
                    "placed_at": _days(36),
                    "items": [jacket],
                    "shipments": [
                        {
                            "carrier": "UPS",
                            "tracking_number": "1Z31",
                            "status": "delivered",
                            "shipped_at": _days(34),
                            "delivered_at": _days(31),
                        }
                    ],
                }
            ),
            OrderIn.model_validate(
                {
                    "id": "A-29",
                    "customer_id": "C-1",
                    "status": "delivered",
                    "placed_at": _days(33),
                    "items": [
                        jacket,
                        {
                            "product_id": "P-SALE-TEE",
                            "name": "Clearance Logo Tee",
                            "price": 12,
                            "final_sale": True,
                        },
                    ],
                    "shipments": [
                        {
                            "carrier": "UPS",
                            "tracking_number": "1Z29",
                            "status": "delivered",
                            "shipped_at": _days(31),
                            "delivered_at": _days(29),
                        }
                    ],
                    "returns": [{"id": "RT-1", "status": "requested", "created_at": _days(1)}],
                    "refunds": [
                        {"id": "RF-1", "amount": "12.00", "status": "pending", "created_at": _days(1)},
                        {"id": "RF-0", "amount": "10.00", "status": "processed", "created_at": _days(2)},
                    ],
                }
            ),
            OrderIn.model_validate(
                {
                    "id": "A-NEW",
                    "customer_id": "C-1",
                    "status": "placed",
                    "placed_at": _days(0.5),
                    "items": [{"product_id": "P-MUG", "name": "Basecamp Enamel Mug", "price": 24}],
                }
            ),
            OrderIn.model_validate(
                {
                    "id": "A-LATER",
                    "customer_id": "C-1",
                    "status": "placed",
                    "placed_at": AT + timedelta(days=5),
                    "items": [{"product_id": "P-MUG", "name": "Basecamp Enamel Mug", "price": 24}],
                }
            ),
        ],
    )
    tickets.upsert_many(
        db,
        [
            _ticket(
                "T-31",
                "return_request",
                "I'd like to return my Trailhead jacket, it's too small.",
                order_id="A-31",
                issue_id="ISS-1",
            ),
            _ticket(
                "T-29",
                "return_request",
                "Can I return the jacket from my last order please?",
                order_id="A-29",
                issue_id="ISS-2",
            ),
            _ticket(
                "T-ADDR",
                "address_update",
                "Please change the shipping address on A-NEW to 5 Oak Rd.",
                order_id="A-NEW",
            ),
            _ticket(
                "T-EARLY",
                "return_request",
                "Can I return the jacket?",
                order_id="A-31",
                issue_id="ISS-1",
                created_at=_days(20),
            ),
            _ticket(
                "T-REFUND",
                "refund_request",
                "Please refund the $189 for my jacket, it leaked.",
                order_id="A-29",
            ),
            _ticket("T-MUG", "product_question", "Is the enamel mug dishwasher safe?"),
        ],
    )
    db.flush()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty workspace folder."""
    return tmp_path / "ws"


@pytest.fixture
def seeded(db: Session, home: Path) -> Session:
    """The test session with the seeded store."""
    seed(db, home)
    return db
