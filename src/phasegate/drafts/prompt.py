"""The draft request: the material a draft may use (from the phase-1 brief), as a prompt any provider reads.

The material travels as one JSON system turn, so a hosted model reads the same facts the built-in composer
does, and the guardrails check the draft against exactly those facts (`sources_of`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from phasegate.assist.schemas import Brief
from phasegate.drafts.guardrails import Sources, redact_foreign_pii
from phasegate.plugins.interfaces import Prompt, Turn
from phasegate.policy.schema import Voice

TASK = "draft_reply"
MATERIAL_PREFIX = "MATERIAL "
INSTRUCTIONS = (
    "You draft a customer-service reply that a human agent will review, edit and send. Use ONLY the facts "
    "in MATERIAL (order ids, dates, amounts, tracking numbers, policy terms such as '30 days') and the "
    "conversation; never invent a fact, never promise a refund, credit or replacement unless it is one of "
    "MATERIAL.actions, and never give legal or medical advice. Write in the brand voice: open with "
    "MATERIAL.voice.greeting, close with MATERIAL.voice.closing and MATERIAL.voice.sign_off, tone: "
    'MATERIAL.voice.tone_words. Answer with one JSON object: {"reply": "<the full reply text>"}.'
)
#: Flags whose facts a customer may be told, per category (the others are for the agent only).
CUSTOMER_FLAGS: dict[str, tuple[str, ...]] = {
    "return_request": ("return_window", "final_sale"),
    "return_policy": ("return_window", "final_sale"),
    "refund_request": ("return_window", "refund_amount"),
    "warranty_claim": ("warranty",),
    "damaged_item": ("damage_report_window",),
    "address_update": ("address_change",),
}
#: Categories where the reply opens by owning the trouble.
SORRY_CATEGORIES = frozenset(
    {"complaint", "product_harm", "refund_dispute", "damaged_item", "warranty_claim", "billing_issue"}
)
MAX_PASSAGES = 2


class DraftFormatError(ValueError):
    """A provider's answer that is not the JSON object with a non-empty `reply` the prompt asked for."""


def _day(value: Any) -> str | None:
    return str(value)[:10] if value else None


def material_of(brief: Brief, *, voice: Voice, brand: str, first_name: str | None) -> dict[str, Any]:
    """What a draft of this ticket may say: voice, ask, order and tracking, facts, passages, next step."""
    order = next((o for o in brief.account.orders if o.id == brief.order_id), None)
    order_data = None
    if order is not None:
        order_data = {
            "id": order.id,
            "status": order.status,
            "placed": _day(order.placed_at),
            "total": str(order.total) if order.total is not None else None,
            "currency": order.currency,
            "items": order.items,
            "tracking": [
                {
                    "carrier": t.carrier,
                    "number": t.number,
                    "status": t.status,
                    "shipped": _day(t.shipped_at),
                    "delivered": _day(t.delivered_at),
                }
                for t in order.tracking
            ],
        }
    wanted = CUSTOMER_FLAGS.get(brief.category or "", ())
    facts = [f.text for f in brief.flags if f.code in wanted]
    passages = [
        {"title": str(a.get("title", "")), "text": str(a.get("text", ""))}
        for a in brief.articles[:MAX_PASSAGES]
    ]
    path = brief.paths[0] if brief.paths else None
    sign_off = voice.sign_off.format(brand=voice.brand or brand)
    greeting = voice.greeting.format(first=first_name) if first_name else voice.greeting_no_name
    return {
        "category": brief.category,
        "tone": "sorry" if brief.category in SORRY_CATEGORIES else "plain",
        "wants": brief.summary.wants,
        "order": order_data,
        "facts": facts,
        "passages": passages,
        "path": {"id": path.id, "title": path.title, "rationale": path.rationale} if path else None,
        "actions": [p.title for p in brief.paths],
        "voice": {
            "greeting": greeting,
            "closing": voice.closing,
            "sign_off": sign_off,
            "apology": voice.apology,
            "tone_words": voice.tone_words,
        },
    }


def redacted(value: Any, own: list[str]) -> Any:
    """`value` (material: nested dicts, lists, strings) with other people's e-mails and phones redacted."""
    if isinstance(value, str):
        return redact_foreign_pii(value, own)
    if isinstance(value, dict):
        return {k: redacted(v, own) for k, v in value.items()}
    if isinstance(value, list):
        return [redacted(v, own) for v in value]
    return value


def prompt_for(material: dict[str, Any], turns: Iterable[tuple[str, str]], *, own: Iterable[str]) -> Prompt:
    """The draft prompt: material, then the conversation, with other people's e-mails and phones redacted
    everywhere (the summary and passages quote the customer too).
    """
    own = list(own)
    material = redacted(material, own)
    body = [Turn("system", MATERIAL_PREFIX + json.dumps(material, ensure_ascii=False))]
    for role, text in turns:
        kind = role if role in ("customer", "agent", "ai") else "user"
        body.append(Turn(kind, redact_foreign_pii(text, own)))  # type: ignore[arg-type]
    return Prompt(
        task=TASK, instructions=INSTRUCTIONS, turns=tuple(body), response_format="json", max_tokens=600
    )


def read_material(prompt: Prompt) -> dict[str, Any]:
    """The material of a draft prompt (raises DraftFormatError when the prompt carries none)."""
    for turn in prompt.turns:
        if turn.role == "system" and turn.text.startswith(MATERIAL_PREFIX):
            data = json.loads(turn.text.removeprefix(MATERIAL_PREFIX))
            if isinstance(data, dict):
                return data
    raise DraftFormatError("the prompt carries no MATERIAL turn")


def customer_turns(prompt: Prompt) -> list[str]:
    """The customer's messages in a draft prompt."""
    return [t.text for t in prompt.turns if t.role in ("customer", "user")]


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def parse_reply(text: str) -> str:
    """The reply text from a provider's answer: `{"reply": "..."}`, tolerating a Markdown code fence."""
    try:
        data = json.loads(_FENCE.sub("", text.strip()))
    except ValueError as exc:
        raise DraftFormatError(f"not JSON: {text[:80]!r}") from exc
    reply = data.get("reply") if isinstance(data, dict) else None
    if not isinstance(reply, str) or not reply.strip():
        raise DraftFormatError("no non-empty 'reply' string in the answer")
    return reply.strip()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [] if value is None else [str(value)]


def sources_of(material: dict[str, Any], turns: Iterable[tuple[str, str]]) -> Sources:
    """The guardrails' sources for a draft: the material the prompt gave and the conversation."""
    texts = [*_strings(material), *(text for _, text in turns)]
    return Sources(texts=texts, actions=[str(a) for a in material.get("actions") or []])
