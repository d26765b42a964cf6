"""Reading the tau-bench retail store (users, products, orders keyed by id) into the store format."""

from __future__ import annotations

from typing import Any

TAU_STATUS = {"pending": "placed", "processed": "shipped", "delivered": "delivered", "cancelled": "cancelled"}


def is_tau(doc: Any) -> bool:
    """tau-bench files are objects keyed by id, not lists."""
    return isinstance(doc, dict) and bool(doc) and all(isinstance(v, dict) for v in list(doc.values())[:5])


def user(uid: str, raw: dict[str, Any]) -> dict[str, Any]:
    """A tau-bench user as a store-format customer."""
    name = raw.get("name") or {}
    full = " ".join(p for p in (name.get("first_name"), name.get("last_name")) if p) or None
    return {
        "id": uid,
        "email": raw.get("email"),
        "name": full,
        "address": raw.get("address"),
        "payment_methods": raw.get("payment_methods"),
    }


def product(pid: str, raw: dict[str, Any]) -> dict[str, Any]:
    """A tau-bench product as a store-format product with its variants."""
    variants = [
        {
            "id": vid,
            "options": v.get("options") or {},
            "price": v.get("price"),
            "available": v.get("available", True),
        }
        for vid, v in (raw.get("variants") or {}).items()
    ]
    return {
        "id": raw.get("product_id", pid),
        "name": raw.get("name", pid),
        "kind": raw.get("name"),
        "variants": variants,
    }


def order(oid: str, raw: dict[str, Any]) -> dict[str, Any]:
    """A tau-bench order as a store-format order; shipments from fulfillments, refunds from payments."""
    items = [
        {
            "product_id": i.get("product_id"),
            "variant_id": i.get("item_id"),
            "name": i.get("name", "item"),
            "price": i.get("price"),
            "options": i.get("options") or {},
        }
        for i in raw.get("items") or []
    ]
    status = TAU_STATUS.get(raw.get("status", ""), raw.get("status", "placed"))
    shipments = [
        {
            "tracking_number": t,
            "item_ids": f.get("item_ids") or [],
            "status": "delivered" if status == "delivered" else "in_transit",
        }
        for f in raw.get("fulfillments") or []
        for t in f.get("tracking_id") or []
    ]
    payments = raw.get("payment_history") or []
    total = sum(p.get("amount", 0) for p in payments if p.get("transaction_type") == "payment")
    refunds = [
        {"id": f"{raw.get('order_id', oid)}-R{n}", "amount": p.get("amount"), "status": "processed"}
        for n, p in enumerate(payments, start=1)
        if p.get("transaction_type") == "refund"
    ]
    return {
        "id": raw.get("order_id", oid),
        "customer_id": raw.get("user_id"),
        "status": status,
        "address": raw.get("address"),
        "payment": payments,
        "total": round(total, 2) if payments else None,
        "items": items,
        "shipments": shipments,
        "refunds": refunds,
        "tau_status": raw.get("status"),
    }


CONVERT = {"customers": user, "products": product, "orders": order}
