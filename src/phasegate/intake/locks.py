"""One writer at a time on SQLite: the in-process lock every intake and API write transaction takes.

SQLite lets one connection write; a transaction that reads first and then writes fails at once ("database
is locked") when another wrote in between, instead of waiting. Serialising our writes in the process
avoids that; on PostgreSQL the lock is a no-op and row locks do the work.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from sqlalchemy import Engine

_LOCKS: dict[str, threading.RLock] = {}
_GUARD = threading.Lock()


def write_lock(engine: Engine) -> AbstractContextManager[Any]:
    """The process-wide write lock of a SQLite database, or a no-op for a server database."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    key = engine.url.render_as_string(hide_password=True)
    with _GUARD:
        lock = _LOCKS.get(key)
        if lock is None:
            lock = _LOCKS[key] = threading.RLock()
    return lock
