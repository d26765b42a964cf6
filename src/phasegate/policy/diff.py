"""What changes between two policies, field by field (dotted names), for `phasegate policy diff`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from phasegate.policy.schema import Policy


@dataclass(frozen=True)
class Change:
    """One field that differs: its dotted name, the old and the new value."""

    field: str
    old: Any
    new: Any

    def describe(self) -> str:
        """One readable line: lists as what was added and removed, values as old -> new."""
        if isinstance(self.old, list) and isinstance(self.new, list):
            added = [v for v in self.new if v not in self.old]
            removed = [v for v in self.old if v not in self.new]
            parts = []
            if added:
                parts.append(f"+ {', '.join(map(str, added))}")
            if removed:
                parts.append(f"- {', '.join(map(str, removed))}")
            return f"{self.field}: {'; '.join(parts) or 'reordered'}"
        return f"{self.field}: {_show(self.old)} -> {_show(self.new)}"

    def as_dict(self) -> dict[str, Any]:
        """For `--json`."""
        return {
            "field": self.field,
            "old": None if self.old is _MISSING else self.old,
            "new": None if self.new is _MISSING else self.new,
        }


def _show(value: Any) -> str:
    return "(unset)" if value is _MISSING else repr(value)


_MISSING: Any = object()


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def diff_policies(old: Policy, new: Policy) -> list[Change]:
    """Every leaf field whose value differs, in a stable order."""
    a = _flatten(old.model_dump(mode="json"))
    b = _flatten(new.model_dump(mode="json"))
    return [
        Change(name, a.get(name, _MISSING), b.get(name, _MISSING))
        for name in sorted(set(a) | set(b))
        if a.get(name, _MISSING) != b.get(name, _MISSING)
    ]
