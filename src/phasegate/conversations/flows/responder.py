"""Replies from facts: the built-in responder joins grounded sentences; an `LLMProvider` may rephrase them,
and its text is refused when it states a fact (id, number, amount, date, email, URL) its sources lack, or when
the drafts' guardrails flag a sentence (an unbacked promise or term, a forbidden amount, legal or medical
advice, a banned phrase).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from phasegate.conversations import claims
from phasegate.conversations.actions import Fact
from phasegate.drafts.guardrails import Sources, check_draft
from phasegate.plugins.interfaces import LLMProvider, Prompt, Turn
from phasegate.policy.schema import Policy


@dataclass(frozen=True)
class Reply:
    """A reply and the sources each of its facts came from; `refused` lists the facts no source backs."""

    text: str
    sources: tuple[Fact, ...]
    refused: tuple[str, ...] = ()
    phrased_by: str = "builtin"


_INSTRUCTIONS = (
    "Rephrase these facts as one short, friendly support reply. State no order id, number, amount, date, "
    "email, URL or tracking number that is not in the facts. Do not promise anything the facts do not say."
)


def compose(
    facts: Sequence[Fact], *, provider: LLMProvider | None = None, policy: Policy | None = None
) -> Reply:
    """The reply saying `facts`: joined as written, or phrased by `provider` and checked against them."""
    sources = tuple(facts)
    draft = " ".join(f.text for f in facts)
    if provider is None:
        return Reply(draft, sources, tuple(claims.unsupported(draft, [f.text for f in facts])))
    completion = provider.complete(
        Prompt(
            task="phrase_reply",
            instructions=_INSTRUCTIONS,
            turns=[Turn("system", f"[{f.kind}:{f.ref}] {f.text}") for f in facts]
            + [Turn("assistant", draft)],
        )
    )
    text = completion.text.strip() or draft
    texts = [f.text for f in facts]
    refused = claims.unsupported(text, texts)
    report = check_draft(text, Sources(texts), policy or Policy())
    refused += [f"{s.text!r} ({'; '.join(s.reasons)})" for s in report.flagged]
    return Reply(text, sources, tuple(refused), phrased_by=provider.name)
