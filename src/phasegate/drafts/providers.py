"""Choosing the LLM provider from settings (`PHASEGATE_LLM`), and falling back to the built-in on failure."""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from phasegate.config import Settings
from phasegate.drafts.composer import BuiltinProvider
from phasegate.drafts.openai import OpenAIProvider, ProviderError
from phasegate.drafts.prompt import DraftFormatError, parse_reply
from phasegate.plugins import registry
from phasegate.plugins.interfaces import Completion, LLMProvider, Prompt

log = structlog.get_logger(__name__)


def from_settings(settings: Settings) -> LLMProvider:
    """The provider `settings.llm` names: built-in, openai (from the `llm_*` settings) or a plugin.

    A plugin's factory is called with the settings when it accepts them, else with no arguments.
    """
    name = settings.llm
    if name == "builtin":
        return BuiltinProvider()
    if name == "openai":
        return OpenAIProvider.from_settings(settings)
    factory = registry.factory("llm", name)
    from_cfg = getattr(factory, "from_settings", None)
    provider: LLMProvider = from_cfg(settings) if callable(from_cfg) else factory()
    return provider


@dataclass(frozen=True)
class Answer:
    """A draft reply and who wrote it: `fallback` names why the built-in answered instead."""

    reply: str
    completion: Completion
    provider: str
    fallback: str | None = None


def draft_reply(prompt: Prompt, provider: LLMProvider) -> Answer:
    """The reply `provider` writes, or the built-in's when it fails or answers out of shape.

    The ticket is never lost to a provider failure: any error from a non-built-in provider (timeout, HTTP
    error, garbage JSON, an exception in a plugin) is logged and the built-in composer answers.
    """
    builtin = isinstance(provider, BuiltinProvider)
    try:
        completion = provider.complete(prompt)
        return Answer(parse_reply(completion.text), completion, provider.name)
    except (ProviderError, DraftFormatError, NotImplementedError, ValueError, KeyError, TypeError) as exc:
        if builtin:
            raise
        reason = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a third-party plugin may raise anything; the ticket still gets a draft
        if builtin:
            raise
        reason = f"{type(exc).__name__}: {exc}"
    log.warning("drafts.fallback", provider=provider.name, reason=reason[:300])
    completion = BuiltinProvider().complete(prompt)
    return Answer(parse_reply(completion.text), completion, BuiltinProvider.name, fallback=reason[:500])
