"""What the analysis of one ticket produces: the category, its confidence, signals with evidence, entities."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """Where in the conversation a piece of evidence sits: message index and character offsets.

    `message` indexes the ticket's `messages`; -1 means the subject line. `start`/`end` are offsets into that
    text, and `text` is what was written there.
    """

    message: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Signal:
    """One detector's verdict: a score in [0, 1], whether it fired, and the spans that caused it."""

    name: str
    score: float
    fired: bool
    evidence: tuple[Span, ...] = ()
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Amount:
    """A money amount found in text."""

    value: Decimal
    currency: str
    text: str


@dataclass(frozen=True, slots=True)
class Entities:
    """Facts already stated by the customer, so nobody asks for them again."""

    order_ids: tuple[str, ...] = ()
    tracking_numbers: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    amounts: tuple[Amount, ...] = ()
    dates: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The decision contract's `entities` object (amounts as numbers)."""
        return {
            "order_ids": list(self.order_ids),
            "tracking_numbers": list(self.tracking_numbers),
            "emails": list(self.emails),
            "phones": list(self.phones),
            "amounts": [
                {"value": float(a.value), "currency": a.currency, "text": a.text} for a in self.amounts
            ],
            "dates": list(self.dates),
            "addresses": list(self.addresses),
        }


#: Names of the signals `Analysis.signals` carries (a detector may add more).
SIGNAL_NAMES = (
    "frustration",
    "legal_threat",
    "review_threat",
    "product_harm",
    "third_party_claim",
    "emotional_load",
    "regulated_topic",
    "human_request",
    "self_harm",
    "manipulation",
    "elsewhere",
    "violence",
)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the text of a ticket says, before any policy is applied.

    `category` is None when the ticket is out of scope (unlike any trained category); `confidence` is a
    calibrated probability of `category` being right; `secondary` lists further asks in the same ticket.
    """

    category: str | None
    confidence: float
    out_of_scope: bool = False
    secondary: tuple[tuple[str, float], ...] = ()
    signals: dict[str, Signal] = field(default_factory=dict)
    entities: Entities = field(default_factory=Entities)
    router_version: str | None = None
    #: The router's top category even when rejected as out of scope (for an agent's brief, not routing).
    best_guess: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view: category, confidence, second asks, signals with evidence, entities."""
        return {
            "category": self.category,
            "confidence": self.confidence,
            "out_of_scope": self.out_of_scope,
            "best_guess": self.best_guess,
            "secondary": [{"category": c, "confidence": p} for c, p in self.secondary],
            "signals": {
                name: {
                    "score": s.score,
                    "fired": s.fired,
                    "detail": s.detail,
                    "evidence": [
                        {"message": e.message, "start": e.start, "end": e.end, "text": e.text}
                        for e in s.evidence
                    ],
                }
                for name, s in self.signals.items()
            },
            "entities": self.entities.as_dict(),
            "router_version": self.router_version,
        }

    def signal(self, name: str) -> Signal | None:
        """The named signal when present."""
        return self.signals.get(name)

    def fired(self, name: str) -> bool:
        """Whether the named signal fired."""
        s = self.signals.get(name)
        return bool(s and s.fired)
