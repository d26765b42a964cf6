"""The hand-off packet: one view for the person taking over, so the customer never repeats anything.

The whole conversation, the AI's reasoning (triggers with detail, intent and confidence per turn), the
account, the policy flags, every action, and every fact collected (order ids, emails, addresses, amounts).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from phasegate.conversations.flows.engine import Chat
from phasegate.store.models import Order


def _order(order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "status": order.status,
        "total": str(order.total) if order.total is not None else None,
        "placed_at": order.placed_at.isoformat() if order.placed_at else None,
        "shipments": [
            {"carrier": s.carrier, "tracking_number": s.tracking_number, "status": s.status}
            for s in order.shipments
        ],
    }


def facts(chat: Chat) -> dict[str, Any]:
    """Every fact the customer gave, across all turns (amounts per turn, with their total)."""
    ent = chat.last_analysis.entities if chat.last_analysis is not None else None
    amounts = [
        {"turn": t, "value": str(a.value), "currency": a.currency, "text": a.text}
        for t, a in chat.turn_amounts()
    ]
    total = sum((a.value for _, a in chat.turn_amounts()), Decimal(0))
    return {
        "order_ids": list(ent.order_ids) if ent else [],
        "emails": list(ent.emails) if ent else [],
        "addresses": list(ent.addresses) if ent else [],
        "phones": list(ent.phones) if ent else [],
        "tracking_numbers": list(ent.tracking_numbers) if ent else [],
        "dates": list(ent.dates) if ent else [],
        "amounts": amounts,
        "amount_total": str(total),
    }


def _summary(chat: Chat, collected: dict[str, Any]) -> str:
    first = next((m.text for m in chat.messages if m.role == "customer"), "")
    excerpt = first if len(first) <= 140 else first[:137] + "..."
    category = chat.reasoning[-1].category if chat.reasoning else None
    who = chat.access.identity
    person = f"{who.name or who.id} ({who.id})" if who is not None else "an unidentified customer"
    why = "; ".join(f"{t.code}: {t.detail}" for t in chat.triggers)
    parts = [
        f"{category or 'unclear ask'} conversation with {person}, "
        f"handed to a person at turn {chat.escalated_at}.",
        f"Why: {why}.",
        f"First ask: {excerpt!r}.",
    ]
    known = [*collected["order_ids"], *collected["emails"], *collected["addresses"]]
    if collected["amounts"]:
        known.append(f"amounts asked totalling {collected['amount_total']}")
    if known:
        parts.append("Already given: " + ", ".join(known) + ".")
    done = [f"{a.kind} ({a.status})" for a in chat.actions]
    if done:
        parts.append("Actions: " + ", ".join(done) + ".")
    return " ".join(parts)


def packet(chat: Chat, *, ticket_id: str | None = None) -> dict[str, Any]:
    """The packet of an escalated conversation (the contract's `handoff` object, extended)."""
    collected = facts(chat)
    who = chat.access.identity
    policy = chat.engine.policy
    owned = []
    for oid in collected["order_ids"]:
        order = chat.backend.order_row(oid)
        if order is not None and chat.access.owns(order):
            owned.append(_order(order))
    stated = chat.customer.model_dump(mode="json") if chat.customer is not None else None
    return {
        "summary": _summary(chat, collected),
        "conversation_id": chat.id,
        "ticket_id": ticket_id,
        "escalated_at_turn": chat.escalated_at,
        "triggers": [t.as_dict() for t in chat.triggers],
        "facts": collected,
        "reasoning": [r.as_dict() for r in chat.reasoning],
        "conversation": [
            {"role": m.role, "text": m.text, "at": m.at.isoformat() if m.at else None} for m in chat.messages
        ],
        "account": {
            "stated": stated,
            "customer": None
            if who is None
            else {
                "id": who.id,
                "name": who.name,
                "email": who.email,
                "vip": who.vip,
                "ai_opt_in": who.ai_opt_in,
                "member": who.member,
            },
            "verified_by_code": sorted(chat.access.verified),
            "orders": owned,
        },
        "policy_flags": {
            "vip": bool(who.vip) if who else bool(stated and stated.get("vip")),
            "ai_opt_in": bool(who.ai_opt_in) if who else bool(stated and stated.get("ai_opt_in")),
            "ai_contacts_on_issue": chat.ai_contacts,
            "ai_contacts_limit": policy.thresholds.ai_contacts_on_issue,
            "amount_threshold": policy.thresholds.amount,
            "money_asked": sorted(chat.money_asked),
            "pending_action": chat.pending[0] if chat.pending else None,
            "notes": [n for r in chat.reasoning for n in r.notes],
        },
        "actions": [
            {"kind": a.kind, "args": a.args, "status": a.status, "result": a.result} for a in chat.actions
        ],
    }
