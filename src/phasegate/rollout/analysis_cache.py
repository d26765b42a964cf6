"""A workspace cache of ticket analyses for replays: a policy what-if re-reads thousands of stored tickets,
and the reading depends only on the ticket, the router version and the policy's text-reading fields.

One JSON file per (router version, reading) under `<home>/cache/analyses/`; an entry is keyed by a digest of
the ticket as triage saw it, so an edited ticket is read again. No pickle: loading runs no code from the file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from phasegate.policy import Policy
from phasegate.rollout.flows.triage import Analyzer
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.schemas import Analysis

_ENTRIES = TypeAdapter(dict[str, Analysis])
#: Bumped when the stored shape changes, so an old file is ignored rather than misread.
FORMAT = 1


def reading_digest(policy: Policy) -> str:
    """A digest of what the analysis reads from a policy (keywords, entities, currency, frustration bar)."""
    reading = {
        "keywords": policy.keywords,
        "entities": policy.entities.model_dump(mode="json"),
        "currency": policy.currency,
        "frustration": policy.thresholds.frustration,
        "format": FORMAT,
    }
    return hashlib.sha256(json.dumps(reading, sort_keys=True).encode()).hexdigest()[:16]


def ticket_key(ticket: TicketIn) -> str:
    """A digest of a ticket as triage reads it."""
    return hashlib.sha256(ticket.model_dump_json().encode()).hexdigest()[:24]


class AnalysisCache:
    """Analyses per ticket digest for one router version and one policy reading; saved on `save()`."""

    def __init__(self, path: Path) -> None:
        """Open the cache file at `path` (missing or unreadable means empty)."""
        self.path = path
        self.entries: dict[str, Analysis] = {}
        self.hits = 0
        self.misses = 0
        self._dirty = False
        try:
            self.entries = _ENTRIES.validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError):
            self.entries = {}

    @classmethod
    def for_run(cls, folder: Path, *, router_version: str, policy: Policy) -> AnalysisCache:
        """The cache file for a router version and a policy's reading."""
        return cls(folder / f"{router_version}-{reading_digest(policy)}.json")

    def analyze(self, analyzer: Analyzer, tickets: Sequence[TicketIn], policy: Policy) -> list[Analysis]:
        """Analyses of `tickets`, reading only those not cached (in one batch)."""
        keys = [ticket_key(t) for t in tickets]
        missing = [i for i, k in enumerate(keys) if k not in self.entries]
        if missing:
            fresh = analyzer([tickets[i] for i in missing], policy)
            for i, analysis in zip(missing, fresh, strict=True):
                self.entries[keys[i]] = analysis
            self._dirty = True
        self.misses += len(missing)
        self.hits += len(keys) - len(missing)
        return [self.entries[k] for k in keys]

    def save(self) -> None:
        """Write the cache atomically (a crash mid-write leaves the old file)."""
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(_ENTRIES.dump_json(self.entries))
        tmp.replace(self.path)
        self._dirty = False
