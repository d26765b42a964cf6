"""Writing a generated world into a workspace: bulk inserts into the database, Markdown files on disk.

Rows go in with SQLAlchemy Core `insert()` and lists of dicts (one executemany per table), which is what
makes 12k tickets and their 40k messages load in seconds on SQLite and PostgreSQL alike. `persist` writes
into the caller's session and never commits: the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from phasegate.brand import write_facts
from phasegate.db.registry import metadata
from phasegate.drafts.models import Draft
from phasegate.evals.models import EvalItem
from phasegate.knowledge.models import Article, ArticleVersion
from phasegate.metrics.models import CostEntry, CsatResponse, Resolution
from phasegate.rollout.models import CategoryPhase, Decision, PhaseChange
from phasegate.store.models import (
    Customer,
    Order,
    OrderItem,
    Product,
    ProductVariant,
    Refund,
    Return,
    Shipment,
    ShipmentEvent,
)
from phasegate.tickets.models import Issue, Message, Ticket
from phasegate.world.helpcenter import markdown_file
from phasegate.world.records import World

#: Rows per executemany call: bounded memory, and well inside every driver's parameter limits.
CHUNK = 5000
SOURCE = "demo"


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _insert(session: Session, model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """Insert `rows` in chunks; returns how many."""
    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            session.execute(insert(_table(model)), batch)
            count += len(batch)
            batch = []
    if batch:
        session.execute(insert(_table(model)), batch)
        count += len(batch)
    return count


def persist(world: World, session: Session) -> dict[str, int]:
    """Insert every record of `world`; returns rows written per table. Does not commit."""
    counts: dict[str, int] = {}
    counts["products"] = _insert(session, Product, _products(world))
    counts["product_variants"] = _insert(session, ProductVariant, _variants(world))
    counts["articles"] = _insert(session, Article, _articles(world))
    counts["article_versions"] = _insert(session, ArticleVersion, _article_versions(world))
    counts["customers"] = _insert(session, Customer, _customers(world))
    counts["orders"] = _insert(session, Order, _orders(world))
    counts["order_items"] = _insert(session, OrderItem, _items(world))
    counts.update(_shipments(world, session))
    counts["returns"] = _insert(session, Return, _returns(world))
    counts["refunds"] = _insert(session, Refund, _refunds(world))
    counts["issues"] = _insert(session, Issue, _issues(world))
    counts["tickets"] = _insert(session, Ticket, _tickets(world))
    counts["messages"] = _insert(session, Message, _messages(world))
    counts["decisions"] = _insert(session, Decision, _decisions(world))
    counts["drafts"] = _insert(session, Draft, _drafts(world))
    counts["resolutions"] = _insert(session, Resolution, _resolutions(world))
    counts["csat_responses"] = _insert(session, CsatResponse, _csat(world))
    counts["cost_entries"] = _insert(session, CostEntry, _costs(world))
    counts["category_phases"] = _insert(session, CategoryPhase, _category_phases(world))
    counts["phase_changes"] = _insert(session, PhaseChange, _phase_changes(world))
    counts["eval_items"] = _insert(session, EvalItem, _eval_items(world))
    return counts


def persist_store(world: World, session: Session) -> None:
    """Only the store: catalog, help center, customers and `world.orders` (what the conversation engine reads
    while the world's history is being made). Does not commit."""
    _insert(session, Product, _products(world))
    _insert(session, ProductVariant, _variants(world))
    _insert(session, Article, _articles(world))
    _insert(session, ArticleVersion, _article_versions(world))
    _insert(session, Customer, _customers(world))
    insert_orders(world, session)


def insert_orders(world: World, session: Session) -> None:
    """`world.orders` with their items, parcels, returns and refunds. Does not commit."""
    _insert(session, Order, _orders(world))
    _insert(session, OrderItem, _items(world))
    _shipments(world, session)
    _insert(session, Return, _returns(world))
    _insert(session, Refund, _refunds(world))


def delete_orders(session: Session, order_ids: Iterable[str]) -> None:
    """Remove orders and everything hanging off them (to write them again as of a later moment)."""
    ids = list(order_ids)
    if not ids:
        return
    shipments = _table(Shipment)
    parcels = select(shipments.c.id).where(shipments.c.order_id.in_(ids))
    session.execute(_table(ShipmentEvent).delete().where(_table(ShipmentEvent).c.shipment_id.in_(parcels)))
    for model in (Shipment, OrderItem, Return, Refund):
        table = _table(model)
        session.execute(table.delete().where(table.c.order_id.in_(ids)))
    session.execute(_table(Order).delete().where(_table(Order).c.id.in_(ids)))


def clear(session: Session) -> None:
    """Delete every row of every phasegate table (children first); the schema stays."""
    tables = list(reversed(metadata.sorted_tables))
    if session.get_bind().dialect.name == "postgresql":
        # One TRUNCATE is far quicker than row-by-row deletes of a quarter of a million rows.
        names = ", ".join(f'"{t.name}"' for t in tables)
        session.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
        return
    for table in tables:
        session.execute(table.delete())


def has_data(session: Session) -> bool:
    """Whether the workspace holds any tickets or customers."""
    for model in (Ticket, Customer):
        if session.scalar(select(func.count()).select_from(_table(model))):
            return True
    return False


def write_files(world: World, home: Path) -> list[Path]:
    """`<home>/brand.yaml` and one `<home>/helpcenter/<slug>.md` per article; returns the paths written."""
    paths = [write_facts(home, world.facts)]
    folder = home / "helpcenter"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.md"):
        stale.unlink()
    for article in world.articles:
        path = folder / f"{article.slug}.md"
        path.write_text(markdown_file(article), encoding="utf-8")
        paths.append(path)
    return paths


# --- rows -------------------------------------------------------------------------------------------------


def _products(w: World) -> Iterator[dict[str, Any]]:
    for p in w.products:
        yield {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "description": p.description,
            "price": p.price,
            "materials": p.materials,
            "specs": p.specs,
            "care": p.care,
            "size_chart": p.size_chart,
            "warranty_months": p.warranty_months,
            "warranty_terms": p.warranty_terms,
            "final_sale": p.final_sale,
            "extra": {**p.extra, "short": p.short, "line": p.line, "source": SOURCE},
        }


def _variants(w: World) -> Iterator[dict[str, Any]]:
    for p in w.products:
        for v in p.variants:
            yield {
                "id": v.id,
                "product_id": v.product_id,
                "sku": v.sku,
                "options": v.options,
                "price": v.price,
                "available": v.available,
            }


def _articles(w: World) -> Iterator[dict[str, Any]]:
    for a in w.articles:
        yield {
            "id": a.slug,
            "title": a.title,
            "section": a.section,
            "current_version": 1,
            "active": True,
            "meta": {"tags": a.tags, "file": f"helpcenter/{a.slug}.md", "source": SOURCE},
        }


def _article_versions(w: World) -> Iterator[dict[str, Any]]:
    published = w.start - timedelta(days=60)
    for a in w.articles:
        yield {
            "article_id": a.slug,
            "version": 1,
            "body": a.body,
            "format": "markdown",
            "digest": hashlib.sha256(a.body.encode()).hexdigest(),
            "created_at": published,
        }


def _customers(w: World) -> Iterator[dict[str, Any]]:
    for c in w.customers:
        yield {
            "id": c.id,
            "email": c.email,
            "name": c.name,
            "phone": c.phone,
            "vip": c.vip,
            "ai_opt_in": c.ai_opt_in,
            "member": c.member,
            "verified": c.verified,
            "address": c.address,
            "created_at": c.created_at,
            "extra": {**c.extra, "source": SOURCE},
        }


def _orders(w: World) -> Iterator[dict[str, Any]]:
    for o in w.orders:
        yield {
            "id": o.id,
            "customer_id": o.customer_id,
            "status": o.status,
            "placed_at": o.placed_at,
            "total": o.total,
            "currency": w.facts.currency,
            "address": o.address,
            "payment": o.payment,
            "promo_code": o.promo_code,
            "extra": {**o.extra, "method": o.method, "source": SOURCE},
        }


def _items(w: World) -> Iterator[dict[str, Any]]:
    for o in w.orders:
        for i in o.items:
            yield {
                "order_id": o.id,
                "product_id": i.product_id,
                "variant_id": i.variant_id,
                "name": i.name,
                "quantity": i.quantity,
                "price": i.price,
                "options": i.options,
                "final_sale": i.final_sale,
            }


def _shipments(w: World, session: Session) -> dict[str, int]:
    """Shipments need their database ids for their scans: insert with RETURNING, in parameter order."""
    table = _table(Shipment)
    parcels = [(o.id, s) for o in w.orders for s in o.shipments]
    n_events = 0
    for start in range(0, len(parcels), CHUNK):
        chunk = parcels[start : start + CHUNK]
        rows = [
            {
                "order_id": oid,
                "carrier": s.carrier,
                "tracking_number": s.tracking_number,
                "status": s.status,
                "method": s.method,
                "shipped_at": s.shipped_at,
                "delivered_at": s.delivered_at,
                "item_ids": s.item_ids,
            }
            for oid, s in chunk
        ]
        ids = (
            session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
            .scalars()
            .all()
        )
        events = [
            {
                "shipment_id": sid,
                "at": e.at,
                "status": e.status,
                "location": e.location,
                "description": e.description,
            }
            for sid, (_, s) in zip(ids, chunk, strict=True)
            for e in s.events
        ]
        n_events += _insert(session, ShipmentEvent, events)
    return {"shipments": len(parcels), "shipment_events": n_events}


def _returns(w: World) -> Iterator[dict[str, Any]]:
    for o in w.orders:
        for r in o.returns:
            yield {
                "id": r.id,
                "order_id": o.id,
                "status": r.status,
                "reason": r.reason,
                "created_at": r.created_at,
                "label_sent_at": r.label_sent_at,
                "item_ids": r.item_ids,
            }


def _refunds(w: World) -> Iterator[dict[str, Any]]:
    for o in w.orders:
        for r in o.refunds:
            yield {
                "id": r.id,
                "order_id": o.id,
                "amount": r.amount,
                "status": r.status,
                "reason": r.reason,
                "created_at": r.created_at,
            }


def _issues(w: World) -> Iterator[dict[str, Any]]:
    for i in w.issues:
        yield {
            "id": i.id,
            "customer_id": i.customer_id,
            "order_id": i.order_id,
            "category": i.category,
            "opened_at": i.opened_at,
        }


def _tickets(w: World) -> Iterator[dict[str, Any]]:
    for t in w.tickets:
        yield {
            "id": t.id,
            "channel": t.channel,
            "subject": t.subject,
            "created_at": t.created_at,
            "customer_id": t.customer_id,
            "customer": t.customer,
            "order_id": t.order_id,
            "issue_id": t.issue_id,
            "ai_contacts_on_issue": t.ai_contacts_on_issue,
            "category": t.category,
            "status": t.status,
            "handled_by": t.handled_by,
            "csat": t.csat,
            "first_response_at": t.first_response_at,
            "resolved_at": t.resolved_at,
            "handle_seconds": t.handle_seconds,
            "source": SOURCE,
            "extra": t.extra,
            "imported_at": w.start + timedelta(weeks=w.weeks),
        }


def _messages(w: World) -> Iterator[dict[str, Any]]:
    for t in w.tickets:
        for seq, m in enumerate(t.messages):
            yield {
                "ticket_id": t.id,
                "seq": seq,
                "role": m.role,
                "text": m.text,
                "at": m.at,
                "author": m.author,
            }


def _decisions(w: World) -> Iterator[dict[str, Any]]:
    for t in w.tickets:
        d = t.decision
        if d is not None:
            yield {
                "ticket_id": t.id,
                "created_at": d.created_at,
                "category": d.category,
                "confidence": d.confidence,
                "phase": d.phase,
                "route": d.route,
                "escalate": d.escalate,
                "triggers": d.triggers,
                "entities": d.entities,
                "secondary": d.secondary,
                "policy_version": None,
                "router_version": d.router_version,
                "source": d.source,
                "kb_hit": d.kb_hit,
            }


def _drafts(w: World) -> Iterator[dict[str, Any]]:
    for t in w.tickets:
        d = t.draft
        if d is not None:
            yield {
                "ticket_id": t.id,
                "created_at": d.created_at,
                "ai_text": d.ai_text,
                "sent_text": d.sent_text,
                "sent_at": d.sent_at,
                "agent": d.agent,
                "accepted": d.accepted,
                "edit_ratio": d.edit_ratio,
                "model": d.model,
            }


def _resolutions(w: World) -> Iterator[dict[str, Any]]:
    for t in w.tickets:
        if t.resolved_at is not None and t.resolved_by is not None:
            yield {
                "ticket_id": t.id,
                "resolved_at": t.resolved_at,
                "resolved_by": t.resolved_by,
                "agent": t.agent,
                "reopened": t.reopened,
            }


def _csat(w: World) -> Iterator[dict[str, Any]]:
    for t in w.tickets:
        if t.csat is not None and t.csat_at is not None:
            yield {"ticket_id": t.id, "score": t.csat, "at": t.csat_at, "comment": t.csat_comment}


def _costs(w: World) -> Iterator[dict[str, Any]]:
    for t in w.tickets:
        for c in t.costs:
            yield {
                "ticket_id": t.id,
                "at": c.at,
                "kind": c.kind,
                "amount": c.amount,
                "currency": w.facts.currency,
            }


def _category_phases(w: World) -> Iterator[dict[str, Any]]:
    since: dict[str, Any] = {}
    for change in w.phase_changes:
        since[change.category] = change.at
    for category, phase in w.current_phases.items():
        yield {"category": category, "phase": phase, "since": since.get(category, w.start)}


def _phase_changes(w: World) -> Iterator[dict[str, Any]]:
    for c in w.phase_changes:
        yield {
            "category": c.category,
            "from_phase": c.from_phase,
            "to_phase": c.to_phase,
            "at": c.at,
            "actor": c.actor,
            "kind": c.kind,
            "reason": c.reason,
            "evidence": c.evidence,
        }


def _eval_items(w: World) -> Iterator[dict[str, Any]]:
    for e in w.eval_items:
        yield {
            "ticket_id": e.ticket_id,
            "category": e.category,
            "text": e.text,
            "reference_reply": e.reference_reply,
            "grade": e.grade,
            "grader": e.grader,
            "created_at": e.created_at,
        }
