"""Store import: tau-bench's retail store loads with its counts; ours round-trips; bad records named."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from phasegate.store.importing import import_store
from phasegate.store.models import Customer, Order, Product, ProductVariant, Shipment
from tests.conftest import BENCHMARKS, DATA

TAU = BENCHMARKS / "tau_bench_retail" / "data"


def _count(db: Session, model: type) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.skipif(not TAU.exists(), reason="shared benchmarks not beside the checkout")
def test_tau_bench_retail_store_loads_with_its_counts(sessions: sessionmaker[Session], db: Session) -> None:
    """A store no one here wrote: 500 users, 1,000 orders, 50 products; importing twice changes nothing."""
    report = import_store(sessions, TAU)
    assert report.ok, report.rejected[:3]
    assert report.counts == {"customers": 500, "products": 50, "orders": 1000}
    assert (_count(db, Customer), _count(db, Order), _count(db, Product)) == (500, 1000, 50)
    again = import_store(sessions, TAU)
    assert again.updated == 1550 and again.created == 0
    assert (_count(db, Customer), _count(db, Order), _count(db, Product)) == (500, 1000, 50)
    order = db.get(Order, "#W2611340")
    assert order is not None and order.customer_id == "james_li_5688"
    assert order.total == Decimal("536.65") and len(order.items) == 2
    assert order.shipments[0].tracking_number == "357962501027"
    assert _count(db, ProductVariant) > 50


def test_phasegate_format_round_trips_with_children(
    sessions: sessionmaker[Session], db: Session, tmp_path: Path
) -> None:
    """Our documented format stores orders with items, shipment events, returns and refunds."""
    (tmp_path / "customers.json").write_text(
        json.dumps([{"id": "C1", "email": "a@example.com", "name": "A", "vip": True, "ai_opt_in": True}])
    )
    (tmp_path / "products.json").write_text(
        json.dumps(
            [
                {
                    "id": "P1",
                    "name": "Ridgeline Jacket",
                    "kind": "jacket",
                    "price": "189.00",
                    "specs": {"waterproof_mm": 20000},
                    "warranty_months": 24,
                    "final_sale": False,
                    "variants": [
                        {"id": "P1-M-RED", "options": {"size": "M", "color": "red"}, "price": "189.00"}
                    ],
                }
            ]
        )
    )
    (tmp_path / "orders.json").write_text(
        json.dumps(
            [
                {
                    "id": "A-1",
                    "customer_id": "C1",
                    "status": "delivered",
                    "placed_at": "2026-01-02T10:00:00Z",
                    "items": [
                        {
                            "product_id": "P1",
                            "variant_id": "P1-M-RED",
                            "name": "Ridgeline Jacket",
                            "price": "189.00",
                        }
                    ],
                    "shipments": [
                        {
                            "carrier": "UPS",
                            "tracking_number": "1Z999AA10123456784",
                            "status": "delivered",
                            "delivered_at": "2026-01-05T15:00:00Z",
                            "events": [
                                {"at": "2026-01-03T08:00:00Z", "status": "in_transit"},
                                {"at": "2026-01-05T15:00:00Z", "status": "delivered"},
                            ],
                        }
                    ],
                    "returns": [{"id": "R-1", "status": "label_sent"}],
                    "refunds": [{"id": "RF-1", "amount": "189.00", "status": "processed"}],
                },
                {"id": "A-2", "customer_id": "NOPE", "items": []},
                {"customer_id": "C1"},
            ]
        )
    )
    report = import_store(sessions, tmp_path)
    assert report.counts == {"customers": 1, "products": 1, "orders": 1}
    assert sorted((e.line, e.field) for e in report.rejected) == [
        (2, "orders.json: customer_id"),
        (3, "orders.json: id"),
    ]
    order = db.get(Order, "A-1")
    assert order is not None and order.total == Decimal("189.00")
    shipment = db.scalars(select(Shipment).where(Shipment.order_id == "A-1")).one()
    assert [e.status for e in shipment.events] == ["in_transit", "delivered"]
    assert order.returns[0].id == "R-1" and order.refunds[0].amount == Decimal("189.00")
    product = db.get(Product, "P1")
    assert product is not None and product.specs == {"waterproof_mm": 20000} and product.warranty_months == 24


def test_missing_folder_is_a_clear_error(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    """A folder with no store files is refused with a message naming what was expected."""
    report = import_store(sessions, tmp_path)
    assert not report.ok and "no customers/users, products or orders" in report.rejected[0].reason


def test_records_the_database_refuses_are_named_and_their_batch_lands(
    sessions: sessionmaker[Session], db: Session
) -> None:
    """A NUL, a byte that is not UTF-8 and a name too long for its column: three lines named, five stored."""
    report = import_store(sessions, DATA / "store_refusals")
    assert sorted((e.line, e.field) for e in report.rejected) == [
        (3, "customers.jsonl: name"),
        (5, "customers.jsonl: name"),
        (7, "customers.jsonl: name"),
    ]
    reasons = sorted(report.rejected, key=lambda e: e.line)
    assert "NUL" in reasons[0].reason and "invalid UTF-8" in reasons[1].reason
    assert "the column holds 200" in reasons[2].reason
    assert report.created == 5 and _count(db, Customer) == 5
