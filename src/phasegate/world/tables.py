"""Load the world's text tables from the data files under `world/data/`, once per process.

YAML holds lists and mappings (lists come back as tuples, the shape the generator uses); `.txt` files hold
the customer framings, one block per `@@ TABLE situation` header.
"""

from __future__ import annotations

import copy
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

_MARK = "@@ "


def _read(name: str) -> str:
    return (files("phasegate.world") / "data" / name).read_text(encoding="utf-8")


def _freeze(value: Any) -> Any:
    """Lists become tuples, recursively; mappings keep their order."""
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return {k: _freeze(v) for k, v in value.items()}
    return value


@cache
def _yaml(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load(_read(f"{name}.yaml"))
    if not isinstance(loaded, dict):
        raise ValueError(f"world/data/{name}.yaml: expected a mapping of table names at the top level")
    return loaded


def table(name: str, key: str, *, frozen: bool = True) -> Any:
    """Table `key` of `world/data/<name>.yaml`: lists as tuples unless `frozen` is false (a fresh copy)."""
    try:
        raw = _yaml(name)[key]
    except KeyError:
        raise KeyError(f"world/data/{name}.yaml has no table {key!r}") from None
    return _freeze(raw) if frozen else copy.deepcopy(raw)


@cache
def _blocks(name: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, list[str]]] = {}
    current: list[str] | None = None
    for n, line in enumerate(_read(f"{name}.txt").splitlines(keepends=True), 1):
        if line.startswith(_MARK):
            parts = line[len(_MARK) :].split()
            if len(parts) != 2:
                raise ValueError(f"world/data/{name}.txt line {n}: a header is '@@ TABLE situation'")
            current = ["\n"]
            out.setdefault(parts[0], {})[parts[1]] = current
        elif current is None:
            raise ValueError(f"world/data/{name}.txt line {n}: text before the first '@@' header")
        else:
            current.append(line)
    return {t: {s: "".join(lines) for s, lines in sits.items()} for t, sits in out.items()}


def blocks(name: str, key: str) -> dict[str, str]:
    """Framing blocks of table `key` in `world/data/<name>.txt`: situation -> its framings text."""
    try:
        return dict(_blocks(name)[key])
    except KeyError:
        raise KeyError(f"world/data/{name}.txt has no table {key!r}") from None
