"""Hand-built analyses, contexts and policies for the decision tests (no router needed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from phasegate.policy import DecisionContext, Policy
from phasegate.triage.schemas import Amount, Analysis, Entities, Signal, Span

#: SPEC.md's example policy: the deflectable categories in phase 3, refund requests in phase 1.
SPEC_POLICY = Policy.model_validate(
    {
        "phases": {
            "order_status": 3,
            "return_request": 3,
            "account_access": 3,
            "return_policy": 3,
            "product_question": 3,
            "address_update": 3,
            "refund_request": 1,
        }
    }
)


def signal(name: str, score: float = 1.0, *, fired: bool = True, text: str = "") -> Signal:
    """A detector verdict, with one evidence span when `text` is given."""
    evidence = (Span(message=0, start=0, end=len(text), text=text),) if text else ()
    return Signal(name=name, score=score, fired=fired, evidence=evidence)


def analysis(
    category: str | None = "order_status",
    confidence: float = 0.95,
    *,
    signals: list[Signal] | None = None,
    amounts: list[float] | None = None,
    secondary: tuple[tuple[str, float], ...] = (),
    out_of_scope: bool = False,
    **entities: Any,
) -> Analysis:
    """An analysis of a clean, confident ticket unless told otherwise."""
    amount_list = tuple(Amount(value=Decimal(str(v)), currency="USD", text=f"${v}") for v in (amounts or []))
    return Analysis(
        category=category,
        confidence=confidence,
        out_of_scope=out_of_scope,
        secondary=secondary,
        signals={s.name: s for s in (signals or [])},
        entities=Entities(amounts=amount_list, **entities),
    )


def context(**fields: Any) -> DecisionContext:
    """A context for ticket T-1 with the given facts."""
    fields.setdefault("ticket_id", "T-1")
    return DecisionContext(**fields)
