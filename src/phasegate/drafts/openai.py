"""The `openai` LLM provider: any OpenAI-compatible /v1/chat/completions server over httpx.

Hosted APIs, vLLM, Ollama and llama.cpp's server all speak this shape. Timeouts and 5xx/429 answers are
retried with exponential backoff; tokens and cost come back on the `Completion` for the cost metric. A
failure raises `ProviderError`; `phasegate.drafts.providers.Fallback` then answers with the built-in.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import structlog

from phasegate.config import Settings
from phasegate.plugins.interfaces import Completion, Prompt

log = structlog.get_logger(__name__)

#: How our turn roles map onto chat roles: the customer is the user, the team is the assistant.
CHAT_ROLES = {"system": "system", "customer": "user", "user": "user", "agent": "assistant", "ai": "assistant"}
CHAT_ROLES["assistant"] = "assistant"


class ProviderError(RuntimeError):
    """The model could not answer: timeout, HTTP error, or an answer that is not a chat completion."""


class OpenAIProvider:
    """Chat completions from an OpenAI-compatible server; cost from per-million-token prices."""

    name = "openai"

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 20.0,
        retries: int = 2,
        backoff: float = 0.5,
        input_cost: float = 0.0,
        output_cost: float = 0.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """`input_cost`/`output_cost`: price per million tokens; `transport` lets a caller pin the wire."""
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.retries = retries
        self.backoff = backoff
        self.input_cost = input_cost
        self.output_cost = output_cost
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=timeout, headers=headers, transport=transport)

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIProvider:
        """The provider the `PHASEGATE_LLM_*` settings describe."""
        return cls(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key,
            timeout=settings.llm_timeout,
            retries=settings.llm_retries,
            backoff=settings.llm_backoff,
            input_cost=settings.llm_input_cost,
            output_cost=settings.llm_output_cost,
        )

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def _body(self, prompt: Prompt) -> dict[str, Any]:
        messages = [{"role": "system", "content": prompt.instructions}]
        messages += [{"role": CHAT_ROLES.get(t.role, "user"), "content": t.text} for t in prompt.turns]
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": prompt.max_tokens,
            "temperature": 0.2,
        }
        if prompt.response_format == "json":
            body["response_format"] = {"type": "json_object"}
        return body

    def _post(self, body: dict[str, Any]) -> httpx.Response:
        url = f"{self.base_url}/chat/completions"
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                response = self._client.post(url, json=body)
            except httpx.TimeoutException as exc:
                error: str = f"timed out: {exc}"
            except httpx.HTTPError as exc:
                error = f"HTTP failure: {exc}"
            else:
                if response.status_code < 400:
                    return response
                error = f"HTTP {response.status_code}: {response.text[:200]}"
                if response.status_code not in (408, 409, 429) and response.status_code < 500:
                    raise ProviderError(error)  # a 4xx other than these will not improve on retry
            log.warning("llm.retry", attempt=attempt + 1, error=error, model=self.model)
            if attempt < self.retries:
                time.sleep(delay)
                delay *= 2
        raise ProviderError(f"no answer after {self.retries + 1} attempts: {error}")

    def complete(self, prompt: Prompt) -> Completion:
        """One chat completion; raises ProviderError when the server fails or answers out of shape."""
        response = self._post(self._body(prompt))
        try:
            data = response.json()
            text = data["choices"][0]["message"]["content"]
            if not isinstance(text, str):
                raise TypeError("content is not a string")
            usage = data.get("usage") or {}
            tokens_in = int(usage.get("prompt_tokens") or 0)
            tokens_out = int(usage.get("completion_tokens") or 0)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise ProviderError(f"not a chat completion: {exc!r}") from exc
        cost = (tokens_in * self.input_cost + tokens_out * self.output_cost) / 1_000_000
        return Completion(
            text=text,
            model=str(data.get("model") or self.model),
            input_tokens=tokens_in,
            output_tokens=tokens_out,
            cost=round(cost, 6),
        )
