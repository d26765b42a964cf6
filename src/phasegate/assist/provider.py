"""The built-in language-model provider: deterministic, offline, for the tasks it can do by extraction.

It implements the same `LLMProvider` interface a hosted model does, so the brief never needs to know
which one answered.
"""

from __future__ import annotations

import json

from phasegate.assist import summary
from phasegate.plugins.interfaces import Completion, Prompt


class ExtractiveProvider:
    """Serves `summarize_conversation` by extraction; other tasks need a real model."""

    name = "extractive"

    def complete(self, prompt: Prompt) -> Completion:
        """The JSON summary for a summary prompt; NotImplementedError for anything else."""
        if prompt.task != summary.TASK:
            raise NotImplementedError(f"the extractive provider cannot do {prompt.task!r}")
        subject = None
        turns: list[tuple[str, str]] = []
        for turn in prompt.turns:
            if turn.role == "system" and turn.text.startswith("Subject: "):
                subject = turn.text.removeprefix("Subject: ")
            elif turn.role in ("customer", "agent", "ai"):
                turns.append((turn.role, turn.text))
        result = summary.extract(subject, turns)
        text = json.dumps({"wants": result.wants, "tried": result.tried, "open": result.open})
        return Completion(text=text, model="extractive-v1", input_tokens=0, output_tokens=0, cost=0.0)
