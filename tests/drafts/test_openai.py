"""The OpenAI-compatible provider against a real local fake server: answers, retries, cost, and fallback."""

from __future__ import annotations

import json
import time

import pytest

from phasegate.config import Settings
from phasegate.drafts import providers
from phasegate.drafts.composer import BuiltinProvider
from phasegate.drafts.openai import OpenAIProvider, ProviderError
from phasegate.drafts.prompt import TASK, parse_reply
from phasegate.plugins.interfaces import Prompt, Turn
from phasegate.testing import FakeChatServer

MATERIAL = {
    "category": "order_status",
    "order": {
        "id": "TR-1",
        "status": "shipped",
        "tracking": [{"carrier": "UPS", "number": "1Z999AA10123456784"}],
    },
    "voice": {"greeting": "Hi Ana,", "closing": "Anything else?", "sign_off": "Best,\nThe team"},
}
PROMPT = Prompt(
    task=TASK,
    instructions="Draft a reply.",
    turns=(Turn("system", "MATERIAL " + json.dumps(MATERIAL)), Turn("customer", "Where is TR-1?")),
    response_format="json",
)


def _provider(server: FakeChatServer, **kw: float) -> OpenAIProvider:
    return OpenAIProvider(
        base_url=server.base_url,
        model="llama3.1:8b",
        api_key="sk-test",
        timeout=kw.get("timeout", 2.0),
        retries=int(kw.get("retries", 2)),
        backoff=0.01,
        input_cost=2.0,
        output_cost=6.0,
    )


def test_completion_carries_reply_tokens_and_cost() -> None:
    """A chat completion comes back with the server's token counts and the cost at the configured prices."""
    with FakeChatServer() as server:
        completion = _provider(server).complete(PROMPT)
    reply = parse_reply(completion.text)
    assert reply.startswith("Hi Ana,") and "1Z999AA10123456784" in reply
    assert completion.model == "fake-chat-1" and completion.input_tokens > 0 and completion.output_tokens > 0
    expected = (completion.input_tokens * 2.0 + completion.output_tokens * 6.0) / 1_000_000
    assert completion.cost == pytest.approx(expected, abs=1e-6)
    [request] = server.requests
    assert request["model"] == "llama3.1:8b" and request["response_format"] == {"type": "json_object"}
    assert [m["role"] for m in request["messages"]] == ["system", "system", "user"]


def test_server_errors_are_retried_with_backoff() -> None:
    """Two 503s then an answer: the provider retries and succeeds on the third request."""
    with FakeChatServer(mode="flaky", failures=2) as server:
        completion = _provider(server).complete(PROMPT)
    assert len(server.requests) == 3 and parse_reply(completion.text)


@pytest.mark.parametrize(("mode", "match"), [("error", "HTTP 500"), ("garbage", "not a chat completion")])
def test_failures_raise_provider_error(mode: str, match: str) -> None:
    """An HTTP error after the retries, or a body that is not a chat completion, raises ProviderError."""
    with FakeChatServer(mode=mode) as server, pytest.raises(ProviderError, match=match):  # type: ignore[arg-type]
        _provider(server, retries=1).complete(PROMPT)


def test_timeout_gives_up_within_the_timeout() -> None:
    """A server slower than the timeout fails fast (timeout x attempts), it does not hang the ticket."""
    with FakeChatServer(mode="timeout", delay=1.5) as server:
        started = time.perf_counter()
        with pytest.raises(ProviderError, match="timed out"):
            _provider(server, timeout=0.2, retries=1).complete(PROMPT)
        assert time.perf_counter() - started < 1.2


@pytest.mark.parametrize("mode", ["timeout", "garbage", "not_json", "error"])
def test_draft_reply_falls_back_to_the_builtin(mode: str) -> None:
    """Timeout, garbage body, a non-JSON answer or an HTTP error: the built-in writes the draft instead."""
    with FakeChatServer(mode=mode, delay=1.0) as server:  # type: ignore[arg-type]
        answer = providers.draft_reply(PROMPT, _provider(server, timeout=0.2, retries=0))
    assert answer.provider == "builtin" and answer.fallback
    assert answer.reply == parse_reply(BuiltinProvider().complete(PROMPT).text)


def test_settings_choose_the_provider() -> None:
    """PHASEGATE_LLM picks builtin or openai; the openai provider takes base URL, model, key and prices."""
    assert isinstance(providers.from_settings(Settings(llm="builtin")), BuiltinProvider)
    chosen = providers.from_settings(
        Settings(llm="openai", llm_base_url="http://127.0.0.1:9/v1/", llm_model="m", llm_input_cost=1.5)
    )
    assert isinstance(chosen, OpenAIProvider)
    assert (chosen.base_url, chosen.model, chosen.input_cost) == ("http://127.0.0.1:9/v1", "m", 1.5)
