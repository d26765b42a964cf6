"""Extension interfaces: the built-ins satisfy them and the registry finds them by kind and name."""

from __future__ import annotations

import numpy as np
import pytest

from phasegate.assist.provider import ExtractiveProvider
from phasegate.knowledge.encoders import LsaEncoder
from phasegate.plugins import registry
from phasegate.plugins.interfaces import CommerceBackend, Encoder, HelpdeskConnector, LLMProvider


def test_builtins_implement_their_protocols() -> None:
    """The extractive provider is an LLMProvider; the LSA encoder is an Encoder."""
    assert isinstance(ExtractiveProvider(), LLMProvider)
    encoder = LsaEncoder.fit(["return window thirty days", "track a parcel", "reset a password"])
    assert isinstance(encoder, Encoder)
    vectors = encoder.encode(["parcel tracking", ""])
    assert vectors.shape[0] == 2 and np.isclose(np.linalg.norm(vectors[0]), 1.0)
    assert not vectors[1].any()


def test_registry_resolves_builtins_and_refuses_unknown_names() -> None:
    """Built-ins are found by name; an unknown name or kind raises PluginNotFound listing what exists."""
    assert registry.factory("llm", "extractive") is ExtractiveProvider
    assert registry.factory("encoder", "lsa") is LsaEncoder
    assert "extractive" in registry.names("llm")
    with pytest.raises(registry.PluginNotFound, match="installed"):
        registry.factory("encoder", "minilm-not-installed")
    with pytest.raises(registry.PluginNotFound, match="kind"):
        registry.factory("teleporter", "x")


def test_protocols_are_structural() -> None:
    """Any object with the right members is a helpdesk or commerce back end; one without is not."""

    class Desk:
        name = "fake"

        def fetch_tickets(self, *, since: object = None) -> list[object]:
            return []

        def add_internal_note(self, ticket_id: str, text: str) -> None: ...

        def send_reply(self, ticket_id: str, text: str) -> None: ...

        def assign_to_human(self, ticket_id: str, *, note: str) -> None: ...

    assert isinstance(Desk(), HelpdeskConnector)
    assert not isinstance(Desk(), CommerceBackend)
