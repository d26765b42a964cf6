"""Replies phrased by an LLM provider are checked against their sources; an invented fact hands off."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from phasegate.conversations.actions import Fact
from phasegate.conversations.flows.engine import Engine
from phasegate.conversations.flows.responder import compose
from phasegate.plugins.interfaces import Completion, Prompt
from tests.conversations.conftest import ANA, SAMPLE_AT


@dataclass
class ScriptedProvider:
    """A provider that rephrases by a fixed function of the built-in draft (the last turn of the prompt)."""

    suffix: str
    name: str = "scripted"

    def complete(self, prompt: Prompt) -> Completion:
        assert prompt.task == "phrase_reply"
        return Completion(text=f"{prompt.turns[-1].text} {self.suffix}".strip(), model=self.name)


def test_builtin_replies_carry_their_sources() -> None:
    """The built-in responder says exactly its facts, and lists them as sources."""
    facts = [
        Fact("store", "orders/TR-1", "Order TR-1234 has shipped."),
        Fact("brand", "b", "Returns: 30 days."),
    ]
    reply = compose(facts)
    assert reply.text == "Order TR-1234 has shipped. Returns: 30 days."
    assert reply.sources == tuple(facts) and reply.refused == ()


def test_a_phrased_reply_with_an_invented_fact_is_refused() -> None:
    """A model adding an amount its sources lack is caught, with the amount named."""
    reply = compose(
        [Fact("store", "o", "Order TR-1234 has shipped.")], provider=ScriptedProvider("We'll add $20 credit.")
    )
    assert reply.refused[0] == "20"  # the identifier check names the number
    assert any("amount '$20'" in r for r in reply.refused[1:])  # and the guardrails flag the sentence


def test_an_ungrounded_phrasing_hands_the_conversation_off(convo_engine: Engine, seeded: Session) -> None:
    """In a conversation, the refused phrasing is never sent: a person takes over (low_confidence)."""
    engine = replace(convo_engine, provider=ScriptedProvider("Your refund of $20 is on its way."))
    chat = engine.chat(seeded, conversation_id="P-1", customer=ANA, now=SAMPLE_AT)
    reply = chat.say("Where is my order TR-100101?", now=SAMPLE_AT)
    assert chat.escalated_at == 1
    assert [t.code for t in chat.triggers] == ["low_confidence"] and "'20'" in chat.triggers[0].detail
    assert reply is not None and "$20" not in reply.text


def test_a_faithful_phrasing_is_sent(convo_engine: Engine, seeded: Session) -> None:
    """A phrasing that adds words but no facts goes out as the model wrote it."""
    engine = replace(convo_engine, provider=ScriptedProvider("Anything else I can do?"))
    chat = engine.chat(seeded, conversation_id="P-2", customer=ANA, now=SAMPLE_AT)
    reply = chat.say("Where is my order TR-100101?", now=SAMPLE_AT)
    assert not chat.escalated and reply is not None
    assert reply.text.endswith("Anything else I can do?") and reply.phrased_by == "scripted"


def test_a_phrased_promise_the_facts_do_not_make_is_refused_by_the_guardrails() -> None:
    """The drafts' guardrails judge a phrased reply too: a promise no fact makes is refused."""
    reply = compose(
        [Fact("store", "o", "Order TR-1234 has shipped.")],
        provider=ScriptedProvider("We guarantee it will arrive tomorrow."),
    )
    assert reply.refused and any("promise" in r for r in reply.refused)
