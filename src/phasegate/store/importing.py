"""`phasegate import store DIR`: customers, products and orders from JSON (ours or tau-bench's)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session, sessionmaker

from phasegate.ingest import batches
from phasegate.ingest.report import ImportReport, RowError, errors_from_validation
from phasegate.ingest.values import column_lengths, too_long, walk
from phasegate.store import service, tau
from phasegate.store.models import Customer, Order, Product
from phasegate.store.schemas import CustomerIn, OrderIn, ProductIn

BATCH = 500

#: File stems accepted for each kind, in load order (orders refer to customers and products).
FILES: dict[str, tuple[str, ...]] = {
    "customers": ("customers", "users"),
    "products": ("products", "catalog"),
    "orders": ("orders",),
}
SCHEMAS: dict[str, type[BaseModel]] = {"customers": CustomerIn, "products": ProductIn, "orders": OrderIn}
UPSERT: dict[str, Callable[[Session, Sequence[Any]], tuple[int, int]]] = {
    "customers": service.upsert_customers,
    "products": service.upsert_products,
    "orders": service.upsert_orders,
}
#: Top-level text columns and their lengths, per kind (nested rows are left to the database's own refusal).
LENGTHS = {
    "customers": column_lengths(Customer.__table__),
    "products": column_lengths(Product.__table__),
    "orders": column_lengths(Order.__table__),
}


def _find(directory: Path, kind: str) -> Path | None:
    for stem in FILES[kind]:
        for suffix in (".json", ".jsonl"):
            path = directory / f"{stem}{suffix}"
            if path.exists():
                return path
    return None


def _records(path: Path, kind: str, errors: list[RowError]) -> list[tuple[int, Any]]:
    """(position, record) pairs: a JSON list, a tau-bench object keyed by id, or JSON lines."""
    # Bytes that are not UTF-8 survive as surrogate escapes and are refused on their own record.
    text = path.read_text(encoding="utf-8-sig", errors="surrogateescape")
    if path.suffix == ".jsonl":
        out = []
        for number, raw in enumerate(text.split("\n"), start=1):
            if raw.strip():
                try:
                    out.append((number, json.loads(raw)))
                except (json.JSONDecodeError, RecursionError, ValueError) as exc:
                    reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc) or "too deep"
                    errors.append(RowError(number, "(line)", f"{path.name}: invalid JSON: {reason}"))
        return out
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else 1
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc) or "too deep"
        errors.append(RowError(line, "(file)", f"{path.name}: invalid JSON: {reason}"))
        return []
    if isinstance(doc, list):
        return list(enumerate(doc, start=1))
    if tau.is_tau(doc):
        convert = tau.CONVERT[kind]
        return [(n, convert(key, value)) for n, (key, value) in enumerate(doc.items(), start=1)]
    errors.append(
        RowError(1, "(file)", f"{path.name}: expected a JSON list of {kind} or an object keyed by id")
    )
    return []


def import_store(sessions: sessionmaker[Session], directory: Path) -> ImportReport:
    """Load every store file found in `directory`; bad records are reported, good ones committed."""
    report = ImportReport(kind="store")
    if not directory.is_dir():
        report.rejected.append(RowError(0, "(dir)", f"{directory} is not a folder"))
        return report
    found = {kind: _find(directory, kind) for kind in FILES}
    if not any(found.values()):
        report.rejected.append(
            RowError(0, "(dir)", f"no customers/users, products or orders .json in {directory}")
        )
        return report
    for kind, path in found.items():
        if path is None:
            continue
        errors: list[RowError] = []
        valid: list[tuple[int, Any]] = []
        for number, record in _records(path, kind, errors):
            try:
                model = SCHEMAS[kind].model_validate(record)
            except ValidationError as exc:
                errors.extend(
                    RowError(e.line, f"{path.name}: {e.field}", e.reason)
                    for e in errors_from_validation(number, exc)
                )
                continue
            except RecursionError:
                errors.append(RowError(number, f"{path.name}: (record)", "nested too deeply"))
                continue
            dumped = model.model_dump()
            problems = [*walk(dumped, ""), *too_long(dumped, LENGTHS[kind])]
            errors.extend(RowError(number, f"{path.name}: {f}", reason) for f, reason in problems)
            if not problems:
                valid.append((number, model))
        if kind == "orders":
            valid = _orders_with_known_customers(sessions, valid, errors, path.name)
        for start in range(0, len(valid), BATCH):
            # A batch the database refuses is written again record by record: only the bad ones are lost.
            created, updated = batches.store(
                sessions, valid[start : start + BATCH], UPSERT[kind], errors, field=f"{path.name}: (record)"
            )
            report.created += created
            report.updated += updated
        report.counts[kind] = len(valid)
        report.rejected.extend(errors)
    return report


def _orders_with_known_customers(
    sessions: sessionmaker[Session], orders: list[tuple[int, Any]], errors: list[RowError], name: str
) -> list[tuple[int, Any]]:
    """Refuse orders whose customer is unknown, naming them, instead of failing the batch."""
    with sessions() as session:
        known = service.customer_ids(session)
    kept = []
    for position, order in orders:
        if order.customer_id and order.customer_id not in known:
            errors.append(
                RowError(position, f"{name}: customer_id", f"unknown customer {order.customer_id!r}")
            )
        else:
            kept.append((position, order))
    return kept
