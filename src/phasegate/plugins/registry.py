"""Finding plugins: built-ins first, then packages that declare an entry point in the kind's group."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from phasegate.plugins.interfaces import GROUPS

#: Built-in factories per kind, as "module:attribute" so that nothing heavy is imported until asked for.
#: The same names are declared as entry points in pyproject.toml; this table keeps a source checkout that
#: was never pip-installed working.
BUILTINS: dict[str, dict[str, str]] = {
    "llm": {
        "builtin": "phasegate.drafts.composer:BuiltinProvider",
        "extractive": "phasegate.assist.provider:ExtractiveProvider",
        "openai": "phasegate.drafts.openai:OpenAIProvider",
    },
    "encoder": {
        "lsa": "phasegate.knowledge.encoders:LsaEncoder",
        "minilm-static": "phasegate.encoders.static:StaticEncoder",
        "minilm": "phasegate.encoders.minilm:MiniLMEncoder",
    },
    "helpdesk": {
        "memory": "phasegate.testing:MemoryHelpdesk",
        "zendesk": "phasegate.connectors.zendesk:from_settings",
        "chatwoot": "phasegate.connectors.chatwoot:from_settings",
    },
    "commerce": {
        "memory": "phasegate.testing:MemoryCommerce",
        "store": "phasegate.conversations.commerce:StoreCommerce",
    },
}


class PluginNotFound(LookupError):
    """No built-in or installed plugin of that kind has that name."""


def _resolve(target: str) -> Callable[..., Any]:
    module_name, _, attr = target.partition(":")
    module = __import__(module_name, fromlist=[attr])
    factory: Callable[..., Any] = getattr(module, attr)
    return factory


def names(kind: str) -> list[str]:
    """Every plugin name of a kind: built-ins, then installed entry points."""
    found = list(BUILTINS.get(kind, {}))
    found += [ep.name for ep in entry_points(group=GROUPS[kind]) if ep.name not in found]
    return found


def factory(kind: str, name: str) -> Callable[..., Any]:
    """The factory (class or function) registered under `name` for `kind`."""
    if kind not in GROUPS:
        raise PluginNotFound(f"unknown plugin kind {kind!r}; one of {sorted(GROUPS)}")
    builtin = BUILTINS.get(kind, {}).get(name)
    if builtin:
        return _resolve(builtin)
    for ep in entry_points(group=GROUPS[kind]):
        if ep.name == name:
            loaded: Callable[..., Any] = ep.load()
            return loaded
    raise PluginNotFound(f"no {kind} plugin named {name!r}; installed: {names(kind)}")
