"""Sign-in throttling over HTTP: per account and per address with a clear message, and counts shared with
every other process on the workspace (the unit tests are in tests/auth/test_throttle.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from phasegate.auth.throttle import LoginThrottle
from phasegate.workspace import open_workspace
from tests.web.conftest import csrf_from
from tests.web.serving import Served, serve
from tests.web.world import AGENT, LEAD


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A console that locks a name after 3 failures and an address after 6."""
    home: Path = tmp_path_factory.mktemp("throttle")
    with serve(home, login_max_failures=3, login_max_failures_per_ip=6) as live:
        yield live


def _attempt(client: httpx.Client, username: str, password: str) -> httpx.Response:
    token = csrf_from(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def test_live_lockout_per_account_then_per_address(served: Served) -> None:
    """Over HTTP: a locked account gets 429 even with the right password; then the whole address does."""
    with httpx.Client(base_url=served.url, timeout=20) as client:
        for _ in range(3):
            assert _attempt(client, AGENT[0], "wrong").status_code == 400
        locked = _attempt(client, AGENT[0], AGENT[1])
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
        assert "Too many failed sign-ins for this account" in locked.text
        assert _attempt(client, LEAD[0], LEAD[1]).status_code == 303  # another account is not locked
    with httpx.Client(base_url=served.url, timeout=20) as client:
        for name in ("x1", "x2", "x3"):
            assert _attempt(client, name, "wrong").status_code == 400
        blocked = _attempt(client, LEAD[0], LEAD[1])
        assert blocked.status_code == 429 and "your network address" in blocked.text


def test_failures_recorded_by_another_process_lock_this_server(served: Served) -> None:
    """A worker or a second server process on the same database shares the counts: its failures lock here."""
    elsewhere = open_workspace(served.settings)  # its own engine, as another process has
    throttle = LoginThrottle(elsewhere.sessions, per_user=3, per_address=100, window_seconds=900)
    for _ in range(3):
        throttle.failed(username="shared-name", address="203.0.113.9")
    with httpx.Client(base_url=served.url, timeout=20) as client:
        locked = _attempt(client, "Shared-Name", "anything")
        assert locked.status_code == 429 and "Too many failed sign-ins for this account" in locked.text
    elsewhere.engine.dispose()
