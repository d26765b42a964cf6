"""The outcome of an import: what was created, updated and rejected (with line, field and reason)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class RowError:
    """Why one input line (or record) was refused."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


@dataclass
class ImportReport:
    """Counts and rejections of one import run."""

    kind: str
    created: int = 0
    updated: int = 0
    rejected: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def accepted(self) -> int:
        """Rows created or updated."""
        return self.created + self.updated

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejected

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the CLI and the API."""
        return {
            "kind": self.kind,
            "created": self.created,
            "updated": self.updated,
            "rejected": [e.__dict__ for e in self.rejected],
            "counts": self.counts,
        }


def errors_from_validation(line: int, exc: ValidationError) -> list[RowError]:
    """One RowError per pydantic error, the field as a dotted path (`messages.0.role`)."""
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(record)"
        out.append(RowError(line=line, field=loc, reason=err["msg"]))
    return out
