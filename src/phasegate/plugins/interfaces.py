"""One small typed interface per extension kind: LLM providers, helpdesks, commerce back ends, encoders.

Built-ins implement the same Protocols as third-party plugins; a plugin registers under the entry-point
group named in `GROUPS` and is found by `phasegate.plugins.registry`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from phasegate.store.schemas import CustomerIn, OrderIn, ProductIn
from phasegate.tickets.schemas import TicketIn

#: Entry-point group of each extension kind.
GROUPS: dict[str, str] = {
    "llm": "phasegate.llm",
    "helpdesk": "phasegate.helpdesk",
    "commerce": "phasegate.commerce",
    "encoder": "phasegate.encoder",
}


@dataclass(frozen=True)
class Turn:
    """One turn given to a language model."""

    role: Literal["system", "customer", "agent", "ai", "user", "assistant"]
    text: str


@dataclass(frozen=True)
class Prompt:
    """A request to a language model: which task, instructions, and the turns to read.

    `task` names the job (`summarize_conversation`, `draft_reply` ...) so that a deterministic built-in
    can serve the tasks it knows without parsing free text; `response_format` is `json` when the caller
    parses the answer.
    """

    task: str
    instructions: str
    turns: Sequence[Turn] = ()
    response_format: Literal["text", "json"] = "text"
    max_tokens: int = 512


@dataclass(frozen=True)
class Completion:
    """A model's answer with what it cost (for the model-cost-per-ticket metric)."""

    text: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    meta: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class LLMProvider(Protocol):
    """Something that answers a prompt: a hosted model, a local one, or a deterministic built-in."""

    name: str

    def complete(self, prompt: Prompt) -> Completion:
        """Answer one prompt; raises `NotImplementedError` for a task it cannot serve."""
        ...


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into dense vectors whose dot product is their similarity (rows L2-normalised)."""

    name: str

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One row per text, unit length (a zero row for a text with nothing to encode)."""
        ...


@runtime_checkable
class HelpdeskConnector(Protocol):
    """Where tickets come from and where the answers go (Zendesk, Gorgias, Freshdesk, email ...)."""

    name: str

    def fetch_tickets(self, *, since: datetime | None = None) -> Iterable[TicketIn]:
        """Tickets created or updated since a time, in the interchange shape."""
        ...

    def add_internal_note(self, ticket_id: str, text: str) -> None:
        """A note only agents see (phase 1 posts its brief this way)."""
        ...

    def send_reply(self, ticket_id: str, text: str) -> None:
        """A reply the customer sees."""
        ...

    def assign_to_human(self, ticket_id: str, *, note: str) -> None:
        """Hand the ticket to the human queue with the context note."""
        ...


@runtime_checkable
class CommerceBackend(Protocol):
    """The store of record: customers, their orders, the catalog (Shopify, a warehouse, tau-bench ...)."""

    name: str

    def get_customer(self, customer_id: str) -> CustomerIn | None:
        """One customer, or None."""
        ...

    def list_orders(self, *, customer_id: str) -> Sequence[OrderIn]:
        """A customer's orders with their shipments, returns and refunds."""
        ...

    def get_order(self, order_id: str) -> OrderIn | None:
        """One order, or None."""
        ...

    def list_products(self) -> Iterable[ProductIn]:
        """The catalog."""
        ...
