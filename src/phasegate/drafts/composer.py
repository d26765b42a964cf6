"""The built-in LLM provider: a deterministic, offline composer of grounded drafts.

It writes the reply from the prompt's material only (brand voice, the order and its tracking, the facts the
brief computed, the help-center passage that answers the ask, the first resolution path), so every fact it
states is one the guardrails find in the sources. It also serves the brief's summary task by extraction.
"""

from __future__ import annotations

import json
import re
from typing import Any

from phasegate.assist import summary
from phasegate.assist.provider import ExtractiveProvider
from phasegate.drafts.guardrails import plain_text
from phasegate.drafts.prompt import TASK, read_material
from phasegate.plugins.interfaces import Completion, Prompt

MODEL = "builtin-composer-v1"
#: What the agent would tell the customer they are doing next, per playbook path (ids in playbooks.yaml).
NEXT_STEPS: dict[str, str] = {
    "share_tracking": "You can follow it any time from Orders in your account.",
    "open_carrier_trace": "If it still hasn't moved, reply here and I'll open a trace with the carrier.",
    "send_return_label": "I can send you a prepaid return label: just reply with the items you're returning.",
    "send_reset_link": "I can send you a password reset link to the email on your account.",
    "unlock_account": "If the account is locked, it unlocks on its own after a short wait.",
    "offer_warranty": "Your order may be covered by our warranty instead; I can look into a repair for you.",
}
MAX_SENTENCES = 3


def _lead(text: str, n: int = MAX_SENTENCES) -> str:
    """The first `n` whole sentences of a passage."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", plain_text(text))
    return " ".join(p for p in parts[:n] if p.endswith((".", "!", "?")))


def _tracking_sentence(order: dict[str, Any]) -> str | None:
    tracks = order.get("tracking") or []
    if not tracks:
        status = str(order.get("status") or "").replace("_", " ")
        return f"Your order {order['id']} is {status}." if status else None
    t = tracks[-1]
    status = str(t.get("status") or "").replace("_", " ")
    carrier = t.get("carrier") or "the carrier"
    parts = [f"Your order {order['id']} is with {carrier}"]
    if t.get("number"):
        parts.append(f", tracking number {t['number']}")
    if t.get("delivered"):
        return "".join(parts) + f", and it was delivered on {t['delivered']}."
    if t.get("shipped"):
        parts.append(f"; it shipped on {t['shipped']}")
    return "".join(parts) + (f" and its latest status is {status}." if status else ".")


def compose(material: dict[str, Any]) -> str:
    """The draft reply for one ticket's material."""
    voice = material.get("voice") or {}
    body: list[str] = []
    if material.get("tone") == "sorry" and voice.get("apology"):
        body.append(str(voice["apology"]))
    order = material.get("order")
    category = material.get("category")
    if order and category in ("order_status", "address_update", "damaged_item", "order_cancellation"):
        sentence = _tracking_sentence(order)
        if sentence:
            body.append(sentence)
    facts = [str(f) for f in material.get("facts") or []]
    if facts:
        body.append("Here is what I can see on your order: " + " ".join(facts))
    passages = material.get("passages") or []
    if passages:
        lead = _lead(str(passages[0].get("text", "")))
        if lead:
            body.append(lead)
    path = material.get("path") or {}
    step = NEXT_STEPS.get(str(path.get("id")))
    if step:
        body.append(step)
    if not body:
        body.append("Thanks for getting in touch. I'm looking into this for you now.")
    paragraphs = [str(voice.get("greeting") or "Hi there,"), "\n\n".join(body)]
    if voice.get("closing"):
        paragraphs.append(str(voice["closing"]))
    if voice.get("sign_off"):
        paragraphs.append(str(voice["sign_off"]))
    return "\n\n".join(paragraphs)


class BuiltinProvider:
    """Drafts replies by composition and summaries by extraction: offline, free, deterministic."""

    name = "builtin"

    def complete(self, prompt: Prompt) -> Completion:
        """A draft (as `{"reply": ...}`) for a draft prompt, the extractive summary for a summary prompt."""
        if prompt.task == summary.TASK:
            return ExtractiveProvider().complete(prompt)
        if prompt.task != TASK:
            raise NotImplementedError(f"the built-in provider cannot do {prompt.task!r}")
        text = compose(read_material(prompt))
        return Completion(text=json.dumps({"reply": text}), model=MODEL)
