"""The conversation summary: extractive wants/tried/open, and the LLM-provider seam with its fallback."""

from __future__ import annotations

import json
from pathlib import Path

from phasegate.assist import summary
from phasegate.assist.provider import ExtractiveProvider
from phasegate.plugins.interfaces import Completion, LLMProvider, Prompt

TURNS = [
    (
        "customer",
        "Hi,\nMy order A-5521 hasn't arrived and it's been 10 days. I already checked with my neighbours. "
        "Can you tell me where it is?\nThanks, Ana",
    ),
    ("agent", "Sorry about that! I've opened a trace with the carrier. Could you confirm your address?"),
    ("customer", "Yes it's 12 Elm St. Will you send a replacement if it's lost?"),
]


def test_extractive_summary_reads_wants_tried_and_open() -> None:
    """The ask, what both sides did, and the customer's pending question."""
    s = summary.extract("Order not arrived", TURNS, names=["Ana"])
    assert "hasn't arrived" in s.wants and "Can you tell me where it is?" in s.wants
    assert "My order A-5521 hasn't arrived" in s.wants  # the ask keeps what it is about (issue 11)
    assert any(t.startswith("Customer: I already checked") for t in s.tried)
    assert any(t.startswith("Agent: I've opened a trace") for t in s.tried)
    assert s.open == ["Customer replied and awaits an answer: Will you send a replacement if it's lost?"]
    assert (s.turns, s.last_from, s.engine) == (3, "customer", "extractive")


def test_a_ticket_with_no_reply_says_so() -> None:
    """Only the customer has written: 'No reply yet.'"""
    s = summary.extract(None, TURNS[:1])
    assert s.open[0] == "No reply yet." and s.tried == ["Customer: I already checked with my neighbours."]


def test_waiting_on_the_customer_lists_what_was_asked() -> None:
    """The team wrote last: waiting on the customer, with the team's question."""
    s = summary.extract(None, TURNS[:2])
    assert s.open == ["Waiting on the customer.", "Asked: Could you confirm your address?"]


def test_the_built_in_provider_serves_the_seam_deterministically() -> None:
    """Through the provider seam the extractive engine gives the same summary, every time."""
    provider = ExtractiveProvider()
    assert isinstance(provider, LLMProvider)
    first = summary.summarize("Order not arrived", TURNS, provider=provider)
    assert first == summary.summarize("Order not arrived", TURNS, provider=provider)
    assert first.wants == summary.extract("Order not arrived", TURNS).wants


class _Scripted:
    """A fake hosted model that answers with a fixed text and records the prompt."""

    name = "scripted"

    def __init__(self, text: str) -> None:
        self.text = text
        self.prompts: list[Prompt] = []

    def complete(self, prompt: Prompt) -> Completion:
        self.prompts.append(prompt)
        return Completion(text=self.text, model="fake")


def test_a_configured_provider_writes_the_summary() -> None:
    """A provider's JSON answer becomes the summary, named after the provider; it saw the whole thread."""
    fake = _Scripted(
        json.dumps({"wants": "Find the parcel", "tried": ["trace opened"], "open": ["replacement?"]})
    )
    s = summary.summarize("Order not arrived", TURNS, provider=fake)
    assert (s.wants, s.tried, s.open, s.engine) == (
        "Find the parcel",
        ["trace opened"],
        ["replacement?"],
        "scripted",
    )
    prompt = fake.prompts[0]
    assert prompt.task == summary.TASK and prompt.response_format == "json"
    assert [t.role for t in prompt.turns] == ["system", "customer", "agent", "customer"]


def test_a_malformed_provider_answer_falls_back_to_extraction() -> None:
    """Prose instead of JSON, or JSON without `wants`: the agent still gets the extractive summary."""
    for text in ("Sure! The customer wants...", json.dumps({"tried": []})):
        s = summary.summarize("Order not arrived", TURNS, provider=_Scripted(text))
        assert s.engine == "extractive" and "arrived" in s.wants


def test_the_built_in_provider_refuses_tasks_it_cannot_do() -> None:
    """Drafting a reply needs a real model."""
    try:
        ExtractiveProvider().complete(Prompt(task="draft_reply", instructions="write"))
    except NotImplementedError as exc:
        assert "draft_reply" in str(exc)
    else:
        raise AssertionError("expected NotImplementedError")


def test_the_ask_keeps_its_order_ids_and_addresses() -> None:
    """The summary's `wants` keeps the entities it is about: never "Is there a problem with ?"."""
    path = Path(__file__).parents[1] / "data" / "assist_entity_asks.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        wants = summary.extract(case["subject"], [("customer", case["text"])]).wants
        assert all(k in wants for k in case["keep"]), wants
        assert " ?" not in wants and " ." not in wants, wants
