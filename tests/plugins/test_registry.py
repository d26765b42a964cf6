"""Entry-point discovery: built-ins are declared in pyproject.toml, and a third-party package is found."""

from __future__ import annotations

import importlib
import shutil
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from phasegate.config import Settings
from phasegate.drafts import providers
from phasegate.plugins import registry
from phasegate.plugins.interfaces import GROUPS, LLMProvider
from phasegate.testing import MemoryCommerce, MemoryHelpdesk

PLUGIN = Path(__file__).parents[1] / "data" / "plugins" / "phasegate_fake_llm"
ROOT = Path(__file__).parents[2]


def _install(site: Path) -> None:
    """Install the plugin the way pip lays it out: the package plus a dist-info with its entry points."""
    meta = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shutil.copytree(PLUGIN / "phasegate_fake_llm", site / "phasegate_fake_llm")
    info = site / "phasegate_fake_llm-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {meta['name']}\nVersion: {meta['version']}\n", encoding="utf-8"
    )
    lines = []
    for group, eps in meta["entry-points"].items():
        lines.append(f"[{group}]")
        lines += [f"{name} = {target}" for name, target in eps.items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_third_party_provider_is_found_by_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package declaring a phasegate.llm entry point is listed, loaded and chosen by PHASEGATE_LLM."""
    assert "shouty" not in registry.names("llm")
    _install(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    assert "shouty" in registry.names("llm")
    provider = providers.from_settings(Settings(llm="shouty"))
    assert isinstance(provider, LLMProvider) and provider.name == "shouty"
    from phasegate.drafts.prompt import prompt_for

    answer = providers.draft_reply(prompt_for({}, [("customer", "where is it")], own=[]), provider)
    assert (answer.provider, answer.reply, answer.fallback) == (
        "shouty",
        "HELLO. YOU SAID: WHERE IS IT",
        None,
    )


def test_builtins_are_declared_as_entry_points() -> None:
    """pyproject.toml declares every built-in in its group (plugins of other packages may join), and the
    installed metadata agrees."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    assert set(declared) == set(GROUPS.values())
    for kind, group in GROUPS.items():
        assert registry.BUILTINS[kind].items() <= declared[group].items()
        installed = {ep.name: ep.value for ep in entry_points(group=group)}
        assert registry.BUILTINS[kind].items() <= installed.items()


def test_memory_fakes_are_registered_plugins() -> None:
    """The in-memory helpdesk and store back end are found under their kinds."""
    assert registry.factory("helpdesk", "memory") is MemoryHelpdesk
    assert registry.factory("commerce", "memory") is MemoryCommerce
    with pytest.raises(registry.PluginNotFound):
        providers.from_settings(Settings(llm="not-installed"))
