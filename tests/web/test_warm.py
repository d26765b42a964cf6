"""Brief warming: the briefs agents are about to open (open tickets first) are built ahead of their first
view under the ticket page's own key, so that view is a cache hit; warming can be turned off."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from phasegate.config import Settings
from phasegate.tickets.models import Ticket
from phasegate.web import warm
from phasegate.web.report_cache import ReportCache
from phasegate.workspace import Workspace, open_workspace
from tests.web.world import populate


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = open_workspace(Settings(home=tmp_path_factory.mktemp("warm")))
    with ws.sessions() as session:
        populate(session)
    return ws


def test_open_tickets_come_first(workspace: Workspace) -> None:
    """Candidates: every open ticket before any resolved one, at most `limit`."""
    with workspace.sessions() as session:
        ids = warm.candidates(session, 1000)
        status = {t.id: t.status for t in session.query(Ticket)}
        assert len(warm.candidates(session, 2)) == 2
    flags = [status[t] == "resolved" for t in ids]
    assert flags == sorted(flags) and set(ids) == set(status)


def test_a_warmed_brief_is_the_first_view_hit(workspace: Workspace) -> None:
    """After a pass, the page's key for each candidate is cached: nothing is built on view."""
    cache = ReportCache(512)
    done: set[str] = set()
    built = warm.warm_once(
        workspace.sessions, cache, workspace.home, limit=50, done=done, stop=threading.Event()
    )
    assert built > 0 and "T-DRAFT" in done

    def must_not_build() -> None:
        raise AssertionError("the brief was not warmed")

    with workspace.sessions() as session:
        brief = cache.get(warm.brief_key(session, "T-DRAFT", cache, workspace.home), must_not_build)
    assert brief is not None and brief.ticket_id == "T-DRAFT"
    # A second pass builds nothing new.
    again = warm.warm_once(
        workspace.sessions, cache, workspace.home, limit=50, done=done, stop=threading.Event()
    )
    assert again == 0


def test_zero_turns_warming_off(workspace: Workspace, tmp_path: Path) -> None:
    """`PHASEGATE_WARM_BRIEFS=0` (or caches off) starts no thread."""
    before = threading.active_count()
    for limit, entries in ((0, 512), (10, 0)):
        stop = warm.start(workspace.sessions, ReportCache(entries), workspace.home, limit=limit)
        assert stop.is_set()
    assert threading.active_count() == before


def test_the_thread_reports_its_passes(workspace: Workspace) -> None:
    """A started warmer reports the briefs it built and each finished pass (what /metrics shows)."""
    counted: dict[str, int] = {}
    passed = threading.Event()

    def count(name: str, by: int) -> None:
        counted[name] = counted.get(name, 0) + by
        if name == "brief_warm_passes":
            passed.set()

    stop = warm.start(workspace.sessions, ReportCache(512), workspace.home, limit=5, count=count)
    try:
        assert passed.wait(120)
    finally:
        stop.set()
    assert counted["brief_warm_passes"] >= 1 and counted["briefs_warmed"] == 5
