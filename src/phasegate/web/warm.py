"""Briefs ready before anyone asks: after start-up, and as tickets arrive, a background thread builds the
briefs agents are about to open (open tickets newest first, then the newest others) into the ticket page's
cache, so a ticket's first view reads a built brief instead of spending a fifth of a second of CPU on it.

The key is the ticket page's own (`brief_key`): the brief's inputs and the workspace's files, so a warmed
brief is exactly the one the page would build, and one whose inputs moved since is built again on view.
Warming only reads. It stops with the server; an error is logged and skipped, never raised.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.orm import Session, sessionmaker

from phasegate.assist import flows as assist_flows
from phasegate.knowledge import index
from phasegate.tickets import service as tickets_service
from phasegate.web import bridge
from phasegate.web import service as web_service
from phasegate.web.report_cache import ReportCache

log = structlog.get_logger(__name__)

#: Seconds between looks for tickets that arrived since (through a worker, an import or the API).
EVERY_SECONDS = 30.0


def brief_key(session: Session, ticket_id: str, cache: ReportCache, home: Path) -> tuple[Any, ...]:
    """The ticket page's cache key of a ticket's brief."""
    return ("brief", ticket_id, bridge.brief_version(session, ticket_id), cache.files(home))


def candidates(session: Session, limit: int) -> list[str]:
    """Ticket ids to warm: open ones newest first, then the newest others, `limit` in all."""
    return web_service.warm_candidates(session, limit)


def warm_once(
    sessions: sessionmaker[Session],
    cache: ReportCache,
    home: Path,
    *,
    limit: int,
    done: set[str],
    stop: threading.Event,
) -> int:
    """Build the briefs of the candidates not warmed yet; how many were built."""
    built = 0
    with sessions() as session:
        ids = [t for t in candidates(session, limit) if t not in done]
        if ids:
            # The help center's index and the router first: loading them may write the workspace's index
            # files, which are part of the key, so the keys below are the ones the page will compute.
            index.load(session, home)
            assist_flows.load_router(home)
    for ticket_id in ids:
        if stop.is_set():
            break
        try:
            with sessions() as session:
                ticket = tickets_service.row(session, ticket_id)
                if ticket is None:
                    continue
                key = brief_key(session, ticket_id, cache, home)
                cache.get(key, partial(bridge.brief, session, ticket, home=home))
            built += 1
        except Exception:  # a brief that cannot be built now is built (or fails visibly) on view
            log.warning("warm.brief_failed", ticket_id=ticket_id, exc_info=True)
        done.add(ticket_id)
        time.sleep(0)  # let request threads in between briefs
    return built


def start(
    sessions: sessionmaker[Session],
    cache: ReportCache,
    home: Path,
    *,
    limit: int,
    count: Callable[[str, int], None] | None = None,
) -> threading.Event:
    """Warm in a daemon thread: once now, then every EVERY_SECONDS for new tickets; set the event to stop.

    `count(name, n)` reports progress (`/metrics`: `briefs_warmed`, and `brief_warm_passes` after each pass).
    """
    stop = threading.Event()
    if limit <= 0 or cache.entries == 0:
        stop.set()
        return stop

    def loop() -> None:
        done: set[str] = set()
        while not stop.is_set():
            began = time.monotonic()
            try:
                built = warm_once(sessions, cache, home, limit=limit, done=done, stop=stop)
                if built:
                    log.info("warm.briefs", built=built, seconds=round(time.monotonic() - began, 1))
                if count is not None:
                    count("briefs_warmed", built)
                    count("brief_warm_passes", 1)
            except Exception:
                log.warning("warm.failed", exc_info=True)
            stop.wait(EVERY_SECONDS)

    threading.Thread(target=loop, name="phasegate-warm-briefs", daemon=True).start()
    return stop
