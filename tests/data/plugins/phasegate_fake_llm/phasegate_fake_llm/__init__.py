"""A third-party LLM provider that phasegate knows nothing about: it writes every draft in capitals."""

from __future__ import annotations

import json

from phasegate.plugins.interfaces import Completion, Prompt


class ShoutyProvider:
    """Answers a draft prompt with the customer's last message echoed in capitals."""

    name = "shouty"

    def complete(self, prompt: Prompt) -> Completion:
        """A draft reply as `{"reply": ...}`."""
        last = [t.text for t in prompt.turns if t.role == "customer"][-1]
        return Completion(text=json.dumps({"reply": f"HELLO. YOU SAID: {last.upper()}"}), model="shouty-1")
