"""The conversation summary: what the customer wants, what has been tried, what is still open.

`extract` is the deterministic built-in; `summarize` goes through an `LLMProvider`, so a hosted model can
write the summary when one is configured and the extractive engine serves when none is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from pydantic import ValidationError

from phasegate.assist.schemas import ConversationSummary
from phasegate.knowledge import questions
from phasegate.plugins.interfaces import LLMProvider, Prompt, Turn

TASK = "summarize_conversation"
INSTRUCTIONS = (
    "You brief a customer-service agent. Read the conversation and answer with one JSON object with keys "
    '"wants" (one sentence: what the customer wants), "tried" (list of short sentences: what the customer '
    'or the team already tried or did) and "open" (list of short sentences: what is still unanswered or '
    "pending). "
    "Quote facts from the conversation only; never invent order numbers, dates or amounts."
)
MAX_TRIED = 4
MAX_OPEN = 3

#: Phrases that mark an attempt by the customer.
_CUSTOMER_TRIED = (
    "i tried",
    "i've tried",
    "i have tried",
    "tried to",
    "already",
    "i reset",
    "i checked",
    "i've checked",
    "i contacted",
    "i called",
    "i emailed",
    "i've emailed",
    "i sent",
    "i returned",
    "i've returned",
    "i cleared",
    "i restarted",
    "i waited",
    "i followed",
    "second time",
    "third time",
    "again",
)
#: Phrases that mark something the team did or promised.
_TEAM_DID = (
    "i've sent",
    "i have sent",
    "we've sent",
    "we have sent",
    "we sent",
    "i sent",
    "i've issued",
    "i have issued",
    "we issued",
    "we've issued",
    "refunded",
    "resent",
    "re-sent",
    "i've reset",
    "i reset",
    "i've escalated",
    "escalated",
    "opened a trace",
    "replacement",
    "i've updated",
    "i have updated",
    "we updated",
    "i've cancelled",
    "cancelled",
    "i've changed",
    "i have changed",
    "label",
    "processed",
)


def _has(text: str, cues: Iterable[str]) -> bool:
    low = text.lower()
    return any(cue in low for cue in cues)


def extract(
    subject: str | None, turns: Sequence[tuple[str, str]], *, names: Iterable[str] = ()
) -> ConversationSummary:
    """The extractive summary of (role, text) turns: request sentences, attempts, open questions."""
    names = list(names)
    wants = questions.ask(subject, questions.opening(turns), names=names, keep_entities=True) or (
        subject or ""
    )
    tried: list[str] = []
    for role, text in turns:
        cues = _CUSTOMER_TRIED if role == "customer" else _TEAM_DID
        who = "Customer" if role == "customer" else ("AI" if role == "ai" else "Agent")
        for sentence in questions.sentences(questions.clean(text, names=names, keep_entities=True)):
            if sentence.endswith("?") or not _has(sentence, cues):
                continue
            line = f"{who}: {sentence}"
            if line not in tried:
                tried.append(line)
    last_role = turns[-1][0] if turns else None
    open_items: list[str] = []
    if last_role == "customer":
        last_team = max((i for i, (r, _) in enumerate(turns) if r != "customer"), default=-1)
        pending = [t for r, t in turns[last_team + 1 :] if r == "customer"]
        asks = [
            s
            for t in pending
            for s in questions.sentences(questions.clean(t, names=names, keep_entities=True))
            if s.endswith("?") or questions.ask_score(s, 1) >= 1.5
        ]
        if last_team >= 0:
            open_items += [f"Customer replied and awaits an answer: {s}" for s in asks[:MAX_OPEN]]
        else:
            open_items.append("No reply yet.")
            open_items += [f"Unanswered: {s}" for s in asks if s not in wants][: MAX_OPEN - 1]
    elif last_role in ("agent", "ai"):
        team_questions = [
            s
            for s in questions.sentences(questions.clean(turns[-1][1], names=names, keep_entities=True))
            if s.endswith("?")
        ]
        open_items.append("Waiting on the customer.")
        open_items += [f"Asked: {s}" for s in team_questions[: MAX_OPEN - 1]]
    return ConversationSummary(
        wants=wants,
        tried=tried[-MAX_TRIED:],
        open=open_items,
        turns=len(turns),
        last_from=last_role,
        engine="extractive",
    )


def prompt_for(subject: str | None, turns: Sequence[tuple[str, str]]) -> Prompt:
    """The summary request as a provider reads it."""
    body = [Turn("system", f"Subject: {subject}")] if subject else []
    body += [Turn(role if role in ("customer", "agent", "ai") else "user", text) for role, text in turns]  # type: ignore[arg-type]
    return Prompt(task=TASK, instructions=INSTRUCTIONS, turns=tuple(body), response_format="json")


def summarize(
    subject: str | None,
    turns: Sequence[tuple[str, str]],
    *,
    provider: LLMProvider | None = None,
    names: Iterable[str] = (),
) -> ConversationSummary:
    """The summary from `provider` (the extractive built-in when None); an answer that is not the JSON
    asked for falls back to the extractive summary rather than showing the agent something malformed.
    """
    names = list(names)
    if provider is None:
        return extract(subject, turns, names=names)
    try:
        completion = provider.complete(prompt_for(subject, turns))
        data = json.loads(completion.text)
        summary = ConversationSummary.model_validate(
            {
                **data,
                "turns": len(turns),
                "last_from": turns[-1][0] if turns else None,
                "engine": provider.name,
            }
        )
    except (NotImplementedError, ValueError, ValidationError, TypeError):
        return extract(subject, turns, names=names)
    return summary
