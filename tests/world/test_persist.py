"""Persisting a world: every record lands in its table, on SQLite and PostgreSQL, and reads back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from phasegate.brand import load_facts
from phasegate.drafts.models import Draft
from phasegate.knowledge.models import Article
from phasegate.metrics.models import CostEntry, CsatResponse, Resolution
from phasegate.rollout.models import CategoryPhase, Decision, PhaseChange
from phasegate.store.models import Customer, Order, Product, Shipment, ShipmentEvent
from phasegate.tickets.models import Message, Ticket
from phasegate.world import persist
from phasegate.world.records import World


def _count(db: Session, model: type) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_world_persists_with_its_counts(db: Session, small_world: World) -> None:
    """Row counts per table equal the world's records, and a ticket reads back with its thread and outcome."""
    rows = persist.persist(small_world, db)
    db.flush()
    c = small_world.counts()
    assert (_count(db, Ticket), _count(db, Message)) == (c["tickets"], c["messages"])
    assert (_count(db, Customer), _count(db, Order), _count(db, Product)) == (c["customers"], c["orders"], 66)
    assert _count(db, Article) == c["articles"] == rows["article_versions"]
    assert _count(db, Decision) == sum(1 for t in small_world.tickets if t.decision)
    assert _count(db, Draft) == sum(1 for t in small_world.tickets if t.draft)
    assert _count(db, CsatResponse) == sum(1 for t in small_world.tickets if t.csat is not None)
    assert _count(db, Resolution) == sum(1 for t in small_world.tickets if t.status == "resolved")
    assert _count(db, CostEntry) == sum(len(t.costs) for t in small_world.tickets)
    assert _count(db, CategoryPhase) == 15 and _count(db, PhaseChange) == len(small_world.phase_changes)
    sample = next(t for t in small_world.tickets if t.order_id and len(t.messages) > 2)
    row = db.get(Ticket, sample.id)
    assert row is not None and row.source == "demo" and row.order_id == sample.order_id
    assert [m.text for m in row.messages] == [m.text for m in sample.messages]
    assert row.created_at == sample.created_at and row.extra == sample.extra


def test_shipment_scans_hang_off_the_right_parcel(db: Session, small_world: World) -> None:
    """Scans inserted after their parcels point at the parcel they belong to (ids returned in order)."""
    persist.persist(small_world, db)
    db.flush()
    order = next(o for o in small_world.orders if o.shipments and len(o.shipments[0].events) >= 3)
    stored = db.scalars(select(Shipment).where(Shipment.order_id == order.id).order_by(Shipment.id)).all()
    assert stored[0].tracking_number == order.shipments[0].tracking_number
    scans = db.scalars(select(ShipmentEvent.status).where(ShipmentEvent.shipment_id == stored[0].id)).all()
    assert sorted(scans) == sorted(e.status for e in order.shipments[0].events)


def test_clear_and_has_data(db: Session, small_world: World) -> None:
    """`clear` empties every table the world fills; `has_data` tells an empty workspace from a built one."""
    assert not persist.has_data(db)
    persist.persist(small_world, db)
    db.flush()
    assert persist.has_data(db)
    persist.clear(db)
    assert not persist.has_data(db) and _count(db, ShipmentEvent) == 0


def test_files_are_written(tmp_path: Path, small_world: World) -> None:
    """brand.yaml and one Markdown file per article, front matter first, body as stored."""
    persist.write_files(small_world, tmp_path)
    assert load_facts(tmp_path) == small_world.facts
    files = sorted((tmp_path / "helpcenter").glob("*.md"))
    assert len(files) == len(small_world.articles)
    text = (tmp_path / "helpcenter" / "return-policy.md").read_text(encoding="utf-8")
    assert text.startswith("---\nslug: return-policy\n") and "\n# Our return policy\n" in text
