"""The dashboard's report, the KB gaps view, the phases page's gate evidence and the ticket page's brief,
cached per parameters and data version, so a page view does not rebuild them.

The data version is one query of cheap aggregates over every table the report reads (row counts, the
highest ids and times, sums that a reply or a CSAT changes); any write by any process (the console, an
import, a worker) changes it, and the next view builds afresh. Concurrent views of a cold entry build it
once: the others wait for that build instead of running their own.
"""

from __future__ import annotations

import fnmatch
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from phasegate.web import service as web_service

T = TypeVar("T")


#: How long one data-version reading is reused: under 32 concurrent views, one query a second instead of
#: one per view; a write shows on the next view at most this much later.
VERSION_TTL_SECONDS = 1.0


class ReportCache:
    """A small LRU of built values keyed by (parameters, data version), single flight per key."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._version: tuple[float, tuple[Any, ...]] | None = None
        self._files: tuple[float, Path, tuple[tuple[str, int], ...]] | None = None
        self._values: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._building: dict[tuple[Any, ...], threading.Lock] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def version(self, session: Session) -> tuple[Any, ...]:
        """The data version, read at most once per VERSION_TTL_SECONDS."""
        now = time.monotonic()
        with self._lock:
            if self._version is not None and now - self._version[0] < VERSION_TTL_SECONDS:
                return self._version[1]
        current = web_service.data_version(session)
        with self._lock:
            self._version = (now, current)
        return current

    def invalidate(self) -> None:
        """Forget the data version and the workspace files read last, so the next view re-reads them (a
        write through this server must show at once, not a second later)."""
        with self._lock:
            self._version = None
            self._files = None

    def files(self, home: Path) -> tuple[tuple[str, int], ...]:
        """The workspace's `home_files`, read at most once per VERSION_TTL_SECONDS."""
        now = time.monotonic()
        with self._lock:
            if (
                self._files is not None
                and self._files[1] == home
                and now - self._files[0] < VERSION_TTL_SECONDS
            ):
                return self._files[2]
        current = home_files(home)
        with self._lock:
            self._files = (now, home, current)
        return current

    def get(self, key: tuple[Any, ...], build: Callable[[], T]) -> T:
        """The cached value for `key`, or `build()` (run once however many ask at the same time)."""
        if self.entries == 0:
            return build()
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                value: T = self._values[key]
                return value
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._values:
                    self.hits += 1
                    cached: T = self._values[key]
                    return cached
            built = build()
            with self._lock:
                self.misses += 1
                self._values[key] = built
                while len(self._values) > self.entries:
                    self._values.popitem(last=False)
                self._building.pop(key, None)
            return built


#: Files in the workspace that are the database itself: they change on every write, which the data
#: version already covers.
_DATABASE_SUFFIXES = (".db", ".db-wal", ".db-shm", ".db-journal", ".sqlite", ".sqlite3")
#: Files derived from the database and rewritten as caches (the help center's chunk index and manifest,
#: passage vectors, saved KB-gap reports): the help center's state is in the data version and a brief's
#: inputs, so rewriting them (a KB-gaps view writes a report) must not throw every cached brief away.
_DERIVED = ("kb/chunks.jsonl", "kb/manifest.json", "kb/chunks.tmp", "kb/embeddings-*.npz", "kb/gaps-*.json")


def home_files(home: Path) -> tuple[tuple[str, int], ...]:
    """(path, mtime) of the workspace's files two levels deep (brand facts, playbooks, calibration, the
    router), the database and the files derived from it excepted: a brief reads them, so editing one
    rebuilds it."""
    found: list[tuple[str, int]] = []
    if not home.is_dir():
        return ()
    for entry in home.iterdir():
        if entry.name.endswith(_DATABASE_SUFFIXES):
            continue
        if not entry.is_dir():
            found.append((entry.name, entry.stat().st_mtime_ns))
        else:
            # A folder by its entries (a file added or removed shows as a name), not by itself: its time
            # moves, and it may first appear, when a derived file below is written.
            for p in entry.iterdir():
                name = f"{entry.name}/{p.name}"
                if not any(fnmatch.fnmatchcase(name, pattern) for pattern in _DERIVED):
                    found.append((name, p.stat().st_mtime_ns))
    return tuple(sorted(found))
